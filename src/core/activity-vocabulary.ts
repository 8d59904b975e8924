/**
 * What the activity log can say, in one place: every action an entry can record, and the
 * detail fields and values it carries, each with its name in Chinese and English. An action
 * missing here does not compile (`ActivityAction` types `recordActivity`), so the log page
 * never shows a code such as `tier_list_approved` to a person.
 */

/** Chinese, then English. */
export type LabelPair = readonly [chinese: string, english: string];

export const ACTIVITY_ACTION_LABELS = {
  request: ['操作', 'change'],
  login: ['登录', 'sign-in'],
  login_failed: ['登录失败', 'failed sign-in'],
  logout: ['退出', 'sign-out'],
  enterprise_login: ['企业登录', 'enterprise sign-in'],
  enterprise_login_failed: ['企业登录失败', 'failed enterprise sign-in'],
  setup_link_created: ['生成设置链接', 'setup link made'],
  setup_link_used: ['使用设置链接', 'setup link used'],
  user_created: ['创建用户', 'user created'],
  user_disabled: ['停用用户', 'user disabled'],
  password_changed: ['修改密码', 'password changed'],
  reauthentication_failed: ['再次验证密码失败', 'failed password re-entry'],
  cli: ['命令行操作', 'command line'],
  approval_proposed: ['提出待批申请', 'proposed for approval'],
  approval_approved: ['批准', 'approved'],
  approval_rejected: ['驳回', 'rejected'],
  approval_withdrawn: ['撤回申请', 'withdrawn'],
  policy_adoption_done: ['采纳抽查比例', 'policy adopted'],
  list_publication_done: ['公布名单', 'list edition published'],
  result_correction_done: ['更正已公示的检查结果', 'published result corrected'],
  scoring_model_saved: ['保存评分模型', 'scoring model saved'],
  tier_list_approved: ['批准分级分类监管清单', 'tier list approved'],
  tier_list_override: ['未按批准的清单冻结（已说明理由）', 'froze with another run than the approved list (reason given)'],
  request_refused: ['拒绝的请求', 'refused request'],
  soft_measure_recorded: ['记录柔性监管措施', 'soft measure recorded'],
  download: ['下载（通知书、回执码、名单）', 'download (notices, receipt codes, lists)'],
  inspector_saved: ['保存执法人员', 'inspector saved'],
  inspector_deactivated: ['停用执法人员（不再参与抽取）', 'inspector deactivated (no longer drawn)'],
  inspector_reactivated: ['恢复执法人员参与抽取', 'inspector reactivated'],
  conflict_saved: ['登记回避关系', 'conflict declared'],
  conflict_removed: ['删除回避关系', 'conflict removed'],
} as const satisfies Record<string, LabelPair>;

export type ActivityAction = keyof typeof ACTIVITY_ACTION_LABELS;

/** Detail fields, by the key entries store them under. */
export const ACTIVITY_DETAIL_LABELS: Readonly<Record<string, LabelPair>> = {
  active: ['参与抽取', 'drawn'],
  address: ['地址', 'address'],
  approval: ['申请编号', 'approval'],
  approvedBy: ['批准人', 'approved by'],
  args: ['参数', 'arguments'],
  asOf: ['评价基准日', 'as of'],
  attempt: ['次数', 'attempt'],
  creditCode: ['统一社会信用代码', 'credit code'],
  department: ['部门', 'department'],
  firstStart: ['首次启动', 'first start'],
  format: ['格式', 'format'],
  fourEyes: ['四眼原则', 'four eyes'],
  kind: ['类别', 'kind'],
  date: ['日期', 'date'],
  measure: ['措施', 'measure'],
  purpose: ['用途', 'purpose'],
  reason: ['理由', 'reason'],
  role: ['角色', 'role'],
  runId: ['评价批次', 'evaluation run'],
  suppressedBefore: ['此前未记录的同类请求', 'similar requests not logged before'],
  task: ['任务', 'task'],
  via: ['途径', 'via'],
  version: ['版本', 'version'],
  year: ['年度', 'year'],
};

/** Coded detail values (purposes, kinds, roles, channels). */
export const ACTIVITY_VALUE_LABELS: Readonly<Record<string, LabelPair>> = {
  create_user: ['创建用户', 'create a user'],
  reset_password: ['重设密码', 'reset a password'],
  policy_adoption: ['采纳抽查比例', 'policy adoption'],
  list_publication: ['公布名单', 'list publication'],
  result_correction: ['更正检查结果', 'result correction'],
  admin: ['管理员', 'administrator'],
  staff: ['工作人员', 'staff'],
  auditor: ['监督人员', 'auditor'],
  enterprise: ['企业', 'enterprise'],
  cli: ['命令行', 'command line'],
  web: ['网页', 'web page'],
  api: ['接口', 'API'],
  education_reminder: ['教育提醒', 'reminder and education'],
  persuasion_demonstration: ['劝导示范', 'persuasion and demonstration'],
  administrative_guidance: ['行政指导', 'administrative guidance'],
  administrative_interview: ['行政约谈', 'administrative interview'],
};

/**
 * One detail as a person reads it: the field's name and its value in the language asked for;
 * true and false as 是 / 否, lists joined, unknown fields and values as they are.
 *
 * @example describeActivityDetail('fourEyes', false, 'zh') // '四眼原则：否'
 */
export function describeActivityDetail(key: string, value: unknown, lang: 'zh' | 'en'): string {
  const pick = (pair: LabelPair | undefined, fallback: string) => (pair ? pair[lang === 'zh' ? 0 : 1] : fallback);
  const shown = (item: unknown): string => {
    if (typeof item === 'boolean') return lang === 'zh' ? (item ? '是' : '否') : item ? 'yes' : 'no';
    if (typeof item === 'string') return pick(ACTIVITY_VALUE_LABELS[item], item);
    return String(item);
  };
  const text = Array.isArray(value) ? value.map(shown).join(' ') : shown(value);
  return `${pick(ACTIVITY_DETAIL_LABELS[key], key)}${lang === 'zh' ? '：' : ': '}${text}`;
}
