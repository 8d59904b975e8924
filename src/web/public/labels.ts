/**
 * Chinese and English words for the codes public records carry: verifier checks, exclusion
 * reasons, log leaf kinds, result outcomes. Pure data, no DOM and no node: the browser
 * scripts (src/web/browser) import it too, so a check reads the same on the page and in the
 * no-JavaScript explanation. A code without a label is shown as it is.
 */
import { CORRECTION_KIND_NAMES } from '../../core/result-correction.ts';
import type { CheckId, CheckStatus } from '../../core/verify/index.ts';

export type Bilingual = readonly [chinese: string, english: string];

/** The verifier's checks (src/core/verify), in its order. */
export const CHECK_TITLES: Record<CheckId, Bilingual> = {
  format: ['文件格式：draw-record/1 记录（或其签名封装）', 'The document is a suiji.draw-record/1 record (or its signed envelope)'],
  commitment: ['与冻结时公布的承诺一致（对象库根、随机数承诺、熵来源、各层）', 'The record repeats the commitment published at freeze (pool root, nonce commitment, entropy source, strata)'],
  seed: ['种子：随机数的哈希等于承诺，且种子 = 随机数 + "-" + 公开熵', 'Seed: sha256(nonce) equals the commitment and seed = nonce + "-" + entropy'],
  order: ['事件顺序：冻结时间 + 提前公告时长 ≤ 公开熵时间 ≤ 抽取时间，且公开熵时间即公布的随机源时间', 'Order of events: frozenAt + notice ≤ entropyAt ≤ drawnAt, and entropyAt is the announced source\'s time'],
  beacon: ['drand 信标：公开熵是承诺的轮次，且其 BLS 签名验证通过', 'drand beacon: the entropy is the committed round and its BLS signature verifies'],
  'sample-size': ['每层抽取数量 k 由 N、比例和最低数量算出', 'Sample size k of every stratum from N, ratio and minimum'],
  tickets: ['每家抽中企业的签号由种子重新算出', 'Ticket of every selected enterprise, recomputed from the seed'],
  selection: ['抽中名单与抽取结果一致', 'Selected set equals the draw of the pool (open) or is consistent (sealed)'],
  receipt: ['回执：登记机关签名，本层承诺相符，在对象库承诺中，且是否抽中与签号和门槛相符', "Receipt: signed by the bureau, opens its stratum's commitments, in the pool commitment, and selected ⇔ (ticket, code) ≤ threshold"],
  assignment: ['执法人员分派 assign/v1', 'Inspector assignment assign/v1'],
  'record-hash': ['记录哈希为规范化记录的 SHA-256', 'recordHash is SHA-256 of the RFC 8785 canonical record'],
  signature: ['登记机关公钥的 Ed25519 签名', "Ed25519 signature by the bureau's published key"],
  'log-inclusion': ['记录已写入公示日志，且日志树头由登记机关签名', 'Inclusion of the record in the publication log, under a tree head signed by the bureau'],
  'log-consistency': ['日志树头是此前保存的树头的延续（历史未被改写）', 'The signed tree head extends the tree head saved earlier'],
  'commitment-log': ['冻结承诺先于记录写入日志，且在公开熵产生前已有签名树头覆盖', 'The freeze commitment was logged before the record, under a signed tree head older than entropyAt'],
};

export const CHECK_STATUS_WORDS: Record<CheckStatus, Bilingual> = {
  passed: ['通过', 'Passed'],
  failed: ['未通过', 'Failed'],
  not_applicable: ['不适用', 'Not applicable'],
};

/** A symbol beside the status word, so status never rests on colour alone. */
export const CHECK_STATUS_ICONS: Record<CheckStatus, string> = { passed: '✔', failed: '✘', not_applicable: '–' };

export const EXCLUSION_REASONS: Record<string, Bilingual> = {
  deregistered: ['已注销、吊销或迁出', 'Deregistered, revoked or moved out'],
  observation_period: ['处于观察期（新业态）', 'In an observation period (new business form)'],
  tier_not_in_round: ['本轮不抽查该层', 'Stratum not inspected in this round'],
  jointly_inspected_this_year: ['本年度已由本任务的部门联合检查过同类事项', 'Already jointly inspected this year for the same category by a department of this task'],
  annual_cap: ['已达年度计划检查上限', 'Reached the annual cap of planned inspections'],
};

export const LOG_LEAF_KINDS: Record<string, Bilingual> = {
  draw_commitment: ['抽取承诺', 'Draw commitment'],
  draw_record: ['抽取记录', 'Draw record'],
  results_batch: ['检查结果', 'Inspection results'],
  list_edition: ['红黑榜', 'List edition'],
  exit_notice: ['移出公告', 'Exit notice'],
  scoring_model: ['评分模型', 'Scoring model'],
  policy: ['抽查政策', 'Sampling policy'],
  inspector_substitution: ['执法人员替换', 'Inspector substitution'],
  result_correction: ['检查结果更正', 'Result correction'],
};

/** Kinds of correction of a published result (issue 17). */
export const CORRECTION_KIND_LABELS: Record<string, Bilingual> = CORRECTION_KIND_NAMES;

/** The three lists (三张清单). */
export const LENIENCY_LIST_LABELS: Record<string, Bilingual> = {
  lighter: ['从轻处罚清单', 'Lighter-penalty list'],
  mitigated: ['减轻处罚清单', 'Mitigated-penalty list'],
  exempt: ['免予处罚清单', 'No-penalty list'],
};

export const RESULT_OUTCOMES: Record<string, Bilingual> = {
  no_problem: ['未发现问题', 'No problem found'],
  not_disclosed_as_required: ['未按规定公示应当公示的信息', 'Did not disclose information as required'],
  unreachable: ['通过登记的住所（经营场所）无法联系', 'Unreachable at the registered address'],
  problem_corrected: ['发现问题已责令改正', 'Problem found, ordered corrected'],
  problem_penalised: ['发现问题依法处置', 'Problem found, dealt with by law'],
  refused_inspection: ['不配合检查情节严重', 'Seriously refused to cooperate'],
};

export const TRIGGERS: Record<string, Bilingual> = {
  planned: ['计划抽查', 'Planned'],
  complaint: ['投诉举报', 'Complaint'],
  referral: ['转办交办', 'Referral'],
  superior_assigned: ['上级部署', 'Assigned by a superior'],
};

/** How a task checks its selected enterprises (issue 17). */
export const TASK_MODE_LABELS: Record<string, Bilingual> = {
  on_site: ['现场检查', 'On-site inspection'],
  self_inspection: ['自查（承诺式检查）', 'Self-inspection by commitment'],
};

/** Where a task of the published plan stands. */
export const TASK_STATUSES: Record<string, Bilingual> = {
  planned: ['待抽取', 'To be drawn'],
  frozen: ['对象库已冻结，待抽取', 'Pool frozen, to be drawn'],
  drawn: ['已抽取', 'Drawn'],
};

export const LIST_NAMES: Record<'red' | 'black', Bilingual> = {
  red: ['守信红榜', 'Red list (trustworthy)'],
  black: ['失信黑榜', 'Black list (dishonest)'],
};

/** The label of `code` in `labels` for a language, or the code itself. */
export function labelOf(labels: Record<string, Bilingual>, code: string, lang: 'zh' | 'en'): string {
  const pair = labels[code];
  return pair ? pair[lang === 'zh' ? 0 : 1] : code;
}
