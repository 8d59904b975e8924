/**
 * One row of a credit-record import (信用记录导入): the columns of each record kind in the
 * English or Chinese headings of registration and case-system exports, and the conversion
 * of a row (CSV text, or JSON values) into a validated `CreditRecord` or into issues naming
 * the field and the reason. Also the natural key that makes re-imports idempotent.
 */
import { createHeadingTable, normaliseHeading, type HeadingTable } from './column-headings.ts';
import {
  annualReportDueDate,
  creditRecordSchema,
  parseYuanToFen,
  recordDate,
  SOFT_MEASURE_NAMES,
  SOFT_MEASURES,
  type CreditRecord,
  type CreditRecordKind,
} from './credit-record.ts';
import { describeRowIssue, parseRegistrationDate } from './directory-row.ts';
import { bilingual, bilingualReason, type BilingualReason } from './language.ts';
import { err, ok, type Result } from './result.ts';
import { bilingualZodErrors, zodIssueReason } from './zod-issues.ts';

export const CREDIT_RECORD_KINDS = [
  'penalty',
  'abnormal_operations_listing',
  'serious_dishonesty_listing',
  'annual_report',
  'complaint',
  'inspection_result',
  'honour',
  'soft_measure',
  'related_party_link',
] as const satisfies readonly CreditRecordKind[];

/** Chinese names accepted for `--kind` and shown in messages. */
export const CREDIT_RECORD_KIND_NAMES: Readonly<Record<CreditRecordKind, string>> = {
  penalty: '行政处罚',
  abnormal_operations_listing: '经营异常名录',
  serious_dishonesty_listing: '严重违法失信名单',
  annual_report: '年度报告',
  complaint: '投诉举报',
  inspection_result: '抽查检查结果',
  honour: '荣誉和信用承诺',
  soft_measure: '柔性监管措施',
  related_party_link: '关联关系',
};

/**
 * The kind a name stands for: the English key or the Chinese name.
 *
 * @example parseCreditRecordKind('行政处罚') // 'penalty'
 */
export function parseCreditRecordKind(text: string): CreditRecordKind | undefined {
  const word = text.trim();
  return CREDIT_RECORD_KINDS.find((kind) => kind === word || CREDIT_RECORD_KIND_NAMES[kind] === word);
}

/** How a column's value is read before the record schema checks it. */
type ValueType = 'text' | 'date' | 'boolean' | 'year' | 'yuan' | 'fen' | 'filedDate' | 'personId' | 'idNumber' | Readonly<Record<string, string>>;

interface ColumnSpec {
  readonly type: ValueType;
  readonly required: boolean;
  readonly headings: readonly string[];
}

const column = (type: ValueType, required: boolean, ...headings: string[]): ColumnSpec => ({ type, required, headings });

const common = {
  creditCode: column('text', true, 'credit_code', 'creditCode', 'uscc', '统一社会信用代码', '社会信用代码', '信用代码'),
  source: column('text', true, 'source', '来源', '数据来源', '信息来源'),
  legalBasis: column('text', false, 'legal_basis', 'legalBasis', '法律依据', '依据'),
};

const severities = { warning: 'warning', 警告: 'warning', 通报批评: 'warning', fine: 'fine', 罚款: 'fine', 没收违法所得: 'fine', heavy: 'heavy', 吊销: 'heavy', 吊销许可证: 'heavy', 责令停产停业: 'heavy', 停产停业: 'heavy', 大额罚款: 'heavy' };
const abnormalReasons = {
  annual_report_missing: 'annual_report_missing',
  未按规定报送年度报告: 'annual_report_missing',
  未报送年度报告: 'annual_report_missing',
  unreachable_at_address: 'unreachable_at_address',
  通过登记的住所或者经营场所无法联系: 'unreachable_at_address',
  住所无法联系: 'unreachable_at_address',
  false_information: 'false_information',
  公示信息隐瞒真实情况弄虚作假: 'false_information',
  弄虚作假: 'false_information',
  disclosure_not_corrected: 'disclosure_not_corrected',
  未按责令期限公示有关企业信息: 'disclosure_not_corrected',
  other: 'other',
  其他: 'other',
};
const removals = { expiry: 'expiry', 期满: 'expiry', 期满移出: 'expiry', credit_repair: 'credit_repair', 信用修复: 'credit_repair', 信用修复移出: 'credit_repair' };
const outcomes = {
  no_problem: 'no_problem',
  未发现问题: 'no_problem',
  not_disclosed_as_required: 'not_disclosed_as_required',
  未按规定公示应当公示的信息: 'not_disclosed_as_required',
  unreachable: 'unreachable',
  通过登记的住所经营场所无法联系: 'unreachable',
  无法联系: 'unreachable',
  problem_corrected: 'problem_corrected',
  发现问题已责令改正: 'problem_corrected',
  problem_penalised: 'problem_penalised',
  发现问题依法处置: 'problem_penalised',
  refused_inspection: 'refused_inspection',
  不配合检查情节严重: 'refused_inspection',
};
const honourTypes = { contract_honouring: 'contract_honouring', 守合同重信用: 'contract_honouring', credit_commitment: 'credit_commitment', 信用承诺: 'credit_commitment' };
const softMeasures = {
  ...Object.fromEntries(SOFT_MEASURES.map((measure) => [measure, measure])),
  ...Object.fromEntries(SOFT_MEASURES.map((measure) => [SOFT_MEASURE_NAMES[measure][0], measure])),
  行政提醒: 'education_reminder',
  提醒告诫: 'education_reminder',
  约谈: 'administrative_interview',
};
const roles = {
  legal_representative: 'legal_representative',
  法定代表人: 'legal_representative',
  controlling_investor: 'controlling_investor',
  控股股东: 'controlling_investor',
  实际控制人: 'controlling_investor',
};

/** The columns of each kind, keyed by record property (plus `amount`, `idNumber`). */
const COLUMNS: Readonly<Record<CreditRecordKind, Readonly<Record<string, ColumnSpec>>>> = {
  penalty: {
    ...common,
    decisionNumber: column('text', true, 'decision_number', 'decisionNumber', '处罚决定书文号', '决定书文号', '文号'),
    date: column('date', true, 'date', 'decision_date', '处罚决定日期', '决定日期', '处罚日期'),
    violation: column('text', true, 'violation', '违法行为', '违法行为类型', '违法事实'),
    severity: column(severities, true, 'severity', '处罚种类', '处罚类别', '严重程度'),
    amount: column('yuan', false, 'amount', 'amount_yuan', '罚没金额', '罚没金额（元）', '罚款金额', '金额'),
    amountFen: column('fen', false, 'amount_fen', 'amountFen'),
    firstViolationExempt: column('boolean', false, 'first_violation_exempt', 'firstViolationExempt', '首违不罚'),
    minorViolationExempt: column('boolean', false, 'minor_violation_exempt', 'minorViolationExempt', '轻微不罚'),
    leniencyEntry: column('text', false, 'leniency_entry', 'leniencyEntry', '适用清单事项', '三张清单事项', '清单编号'),
  },
  abnormal_operations_listing: {
    ...common,
    listedDate: column('date', true, 'listed_date', 'listedDate', '列入日期', '列入经营异常名录日期'),
    reason: column(abnormalReasons, true, 'reason', '列入原因', '原因'),
    removedDate: column('date', false, 'removed_date', 'removedDate', '移出日期'),
  },
  serious_dishonesty_listing: {
    ...common,
    listedDate: column('date', true, 'listed_date', 'listedDate', '列入日期', '列入严重违法失信名单日期'),
    reason: column('text', true, 'reason', '列入原因', '原因'),
    decidingAuthority: column('text', true, 'deciding_authority', 'decidingAuthority', '作出决定机关', '决定机关', '列入机关'),
    removedDate: column('date', false, 'removed_date', 'removedDate', '移出日期'),
    removal: column(removals, false, 'removal', '移出方式', '移出原因'),
  },
  annual_report: {
    ...common,
    year: column('year', true, 'year', '年度', '报告年度'),
    filedDate: column('filedDate', true, 'filed_date', 'filedDate', '报送日期', '提交日期', '公示日期'),
  },
  complaint: {
    ...common,
    date: column('date', true, 'date', '日期', '投诉日期', '举报日期', '登记日期'),
    substantiated: column('boolean', true, 'substantiated', '是否属实', '查证属实'),
  },
  inspection_result: {
    ...common,
    date: column('date', true, 'date', '日期', '检查日期'),
    itemCode: column('text', true, 'item_code', 'itemCode', '抽查事项', '检查事项', '事项编码'),
    outcome: column(outcomes, true, 'outcome', '检查结果', '结果'),
  },
  honour: {
    ...common,
    type: column(honourTypes, true, 'type', '类型', '荣誉类型'),
    date: column('date', true, 'date', '日期', '认定日期', '承诺日期'),
    fulfilled: column('boolean', true, 'fulfilled', '是否履行', '是否有效'),
  },
  soft_measure: {
    ...common,
    date: column('date', true, 'date', '日期', '采取日期', '实施日期'),
    measure: column(softMeasures, true, 'measure', '措施', '措施类型', '柔性措施'),
    department: column('text', true, 'department', '实施部门', '部门', '承办部门'),
    note: column('text', false, 'note', '备注', '说明', '情况说明'),
  },
  related_party_link: {
    ...common,
    personId: column('personId', false, 'person_id', 'personId', 'person_hash', '人员标识'),
    idNumber: column('idNumber', false, 'id_number', 'idNumber', '身份证号', '身份证号码', '证件号码'),
    role: column(roles, true, 'role', '职务', '角色', '身份'),
    date: column('date', true, 'date', 'start_date', '任职日期', '起始日期'),
    endDate: column('date', false, 'end_date', 'endDate', '离任日期', '终止日期'),
  },
};

const headingTables = new Map<CreditRecordKind, HeadingTable<string>>(
  CREDIT_RECORD_KINDS.map((kind) => {
    const columns = COLUMNS[kind];
    const headings = Object.fromEntries(Object.entries(columns).map(([field, spec]) => [field, spec.headings]));
    const required = Object.entries(columns).flatMap(([field, spec]) => (spec.required ? [field] : []));
    return [kind, createHeadingTable(headings, required)];
  }),
);

/**
 * The accepted headings of a kind's columns, for `mapColumns`.
 *
 * @example mapColumns(creditRecordHeadingTable('penalty'), ['统一社会信用代码', ...])
 */
export function creditRecordHeadingTable(kind: CreditRecordKind): HeadingTable<string> {
  return headingTables.get(kind)!;
}

/**
 * Columns that hold a natural person's data as given: the ID number (公民身份号码), which an
 * import keeps only as a keyed hash. (No kind has a column for a person's name.)
 */
const PERSONAL_FIELDS: ReadonlySet<string> = new Set(['idNumber']);

/**
 * Whether a rejected row may not show a column's values: a personal column (an ID number),
 * or a heading no record kind knows (refused, and what it holds is anyone's guess). The
 * `kind` of a JSON element is shown.
 *
 * @example isBlankedCreditRecordHeading('身份证号') // true
 * @example isBlankedCreditRecordHeading('法定代表人') // true
 * @example isBlankedCreditRecordHeading('处罚决定书文号') // false
 */
export function isBlankedCreditRecordHeading(heading: string): boolean {
  const normalised = normaliseHeading(heading);
  if (normalised === 'kind') return false;
  const fields = CREDIT_RECORD_KINDS.flatMap((kind) => {
    const field = creditRecordHeadingTable(kind).fieldByHeading.get(normalised);
    return field === undefined ? [] : [field];
  });
  return fields.length === 0 || fields.some((field) => PERSONAL_FIELDS.has(field));
}

/** A problem with one field of a row, in both languages; `field` is the column key (see `creditRecordHeadingTable`). */
export interface RecordFieldIssue extends BilingualReason {
  readonly field: string;
}

/** What a row conversion needs from outside the core. */
export interface RecordRowContext {
  /** Turns a citizen ID number into the hashed person id (a keyed hash; the number is then dropped). */
  readonly hashIdNumber: (idNumber: string) => string;
}

const MAX_TEXT_LENGTH = 500;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '属实', '有效', '已履行']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '不属实', '无效', '未履行', '']);

/**
 * A yes/no cell (是/否, true/false, 1/0, …; empty is no), or undefined when it is neither.
 *
 * @example parseYesNo('是') // true
 */
export function parseYesNo(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  return FALSE_WORDS.has(word) ? false : undefined;
}
const NOT_FILED_WORDS = new Set(['', '未报', '未报送', '未年报', 'missing']);

/**
 * Whether `text` is a resident ID number (公民身份号码) by GB 11643-1999: 17 digits and an
 * ISO 7064 MOD 11-2 check character (0-9 or X).
 *
 * @example isResidentIdNumber('11010519491231002X') // true
 */
export function isResidentIdNumber(text: string): boolean {
  if (!/^\d{17}[\dX]$/.test(text)) return false;
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(text[index]) * (2 ** (17 - index) % 11);
  const check = (12 - (sum % 11)) % 11;
  return text[17] === (check === 10 ? 'X' : String(check));
}

type Converted = { readonly value: unknown } | { readonly issue: BilingualReason } | undefined;


/** Reads one value; undefined means "absent" (empty text, null). */
function convertValue(type: ValueType, input: unknown, context: RecordRowContext): Converted {
  if (input === null || input === undefined) return type === 'filedDate' ? { value: null } : undefined;
  if (typeof input === 'boolean') return type === 'boolean' ? { value: input } : { issue: bilingual('应为文字，而不是 true/false', 'must be text, not true/false') };
  if (typeof input === 'number') {
    if (type === 'year' || type === 'fen') return Number.isInteger(input) ? { value: input } : { issue: bilingual('应为整数', 'must be a whole number') };
    if (type === 'yuan') return convertValue(type, String(input), context);
    return { issue: bilingual('应为文字，而不是数字', 'must be text, not a number') };
  }
  if (typeof input !== 'string') return { issue: bilingual('应为文字、数字或 true/false', 'must be text, a number or true/false') };
  const text = input.trim();
  if (text.length > MAX_TEXT_LENGTH) return { issue: bilingual(`过长：${text.length} 个字符，最多 ${MAX_TEXT_LENGTH} 个`, `too long: ${text.length} characters, at most ${MAX_TEXT_LENGTH}`) };
  if (CONTROL_CHARACTER.test(text)) return { issue: bilingual('含有控制字符（换行、制表符或 NUL）', 'contains a control character (line break, tab or NUL)') };
  if (typeof type === 'object') {
    if (text === '') return undefined;
    const value = type[text] ?? type[text.toLowerCase()];
    return value ? { value } : { issue: bilingual(`无法识别的值“${text}”（可用：${Object.keys(type).join('、')}）`, `unknown value '${text}' (one of ${Object.keys(type).join(', ')})`) };
  }
  switch (type) {
    case 'text':
      return text === '' ? undefined : { value: text };
    case 'date': {
      if (text === '') return undefined;
      const parsed = parseRegistrationDate(text);
      if (parsed.ok) return { value: parsed.value };
      return { issue: bilingualReason((lang) => describeRowIssue({ code: parsed.error, field: 'registrationDate', value: text }, lang)) };
    }
    case 'filedDate':
      return NOT_FILED_WORDS.has(text.toLowerCase()) ? { value: null } : convertValue('date', text, context);
    case 'boolean': {
      const yes = parseYesNo(text);
      if (yes !== undefined) return text === '' ? undefined : { value: yes };
      return { issue: bilingual(`“${text}”不是“是”或“否”（是/否、true/false、1/0）`, `'${text}' is not yes or no (是/否, true/false, 1/0)`) };
    }
    case 'year':
    case 'fen': {
      if (text === '') return undefined;
      const match = /^(\d{1,13})年?(度)?$/.exec(text);
      return match ? { value: Number(match[1]) } : { issue: bilingual(`“${text}”不是整数`, `'${text}' is not a whole number`) };
    }
    case 'yuan': {
      if (text === '') return undefined;
      const parsed = parseYuanToFen(text);
      return parsed.ok ? { value: parsed.value } : { issue: bilingual(`“${text}”不是以元为单位的金额（如 5000 或 1,234.50）`, `'${text}' is not an amount of yuan (e.g. 5000 or 1,234.50)`) };
    }
    case 'personId': {
      if (text === '') return undefined;
      const lower = text.toLowerCase();
      return /^[0-9a-f]{64}$/.test(lower) ? { value: lower } : { issue: bilingual('应为 64 位十六进制数（人员标识的哈希值）；身份证号请填在身份证号列', 'must be 64 hex digits (a hashed person id); give an ID number in the ID number column instead') };
    }
    case 'idNumber': {
      if (text === '') return undefined;
      const upper = text.toUpperCase();
      // The number itself never goes into a message: only that it is invalid.
      return isResidentIdNumber(upper) ? { value: context.hashIdNumber(upper) } : { issue: bilingual('不是有效的公民身份号码（18 位，GB 11643 校验码）', 'is not a valid resident ID number (18 characters, GB 11643 check character)') };
    }
  }
}

/** The record property a column fills, when it differs from the column key. */
const TARGET_PROPERTY: Readonly<Record<string, string>> = { amount: 'amountFen', idNumber: 'personId' };

/**
 * Converts a row of one kind, given as values by column key (CSV text, or JSON values), into
 * a validated record, or every issue found. ID numbers are hashed through `context` and do
 * not appear in the result or in any message.
 *
 * @example convertCreditRecordRow('complaint', { creditCode: '91350100M000100Y43', source: '12315',
 *   date: '2024/5/1', substantiated: '是' }, context) // ok({ kind: 'complaint', ..., date: '2024-05-01', substantiated: true })
 */
export function convertCreditRecordRow(
  kind: CreditRecordKind,
  row: Readonly<Record<string, unknown>>,
  context: RecordRowContext,
): Result<CreditRecord, RecordFieldIssue[]> {
  const columns = COLUMNS[kind];
  const issues: RecordFieldIssue[] = [];
  const candidate: Record<string, unknown> = { kind };
  const fieldOfProperty = new Map<string, string>();
  for (const [field, spec] of Object.entries(columns)) {
    const converted = convertValue(spec.type, row[field], context);
    if (converted === undefined) continue;
    if ('issue' in converted) {
      issues.push({ field, ...converted.issue });
      continue;
    }
    const property = TARGET_PROPERTY[field] ?? field;
    if (candidate[property] !== undefined) {
      issues.push({ field, ...bilingual(`与 ${fieldOfProperty.get(property)} 列重复给出同一项：两列只填一列`, `gives ${property} again: use one of ${fieldOfProperty.get(property)} and ${field}`) });
      continue;
    }
    candidate[property] = converted.value;
    fieldOfProperty.set(property, field);
  }
  if (kind === 'penalty') {
    candidate['firstViolationExempt'] ??= false;
    candidate['minorViolationExempt'] ??= false;
  }
  if (kind === 'related_party_link' && candidate['personId'] === undefined && !issues.some((issue) => issue.field === 'personId' || issue.field === 'idNumber')) {
    issues.push({ field: 'personId', ...bilingual('必填：请给出人员标识的哈希值或身份证号', 'required: give a hashed person id or an ID number') });
  }
  if (issues.length > 0) return err(issues);
  const parsed = creditRecordSchema.safeParse(candidate, { error: bilingualZodErrors });
  if (parsed.success) return ok(parsed.data);
  return err(
    parsed.error.issues.map((issue) => {
      const property = String(issue.path[0] ?? '');
      const field = fieldOfProperty.get(property) ?? property;
      const missing = issue.code === 'invalid_type' && issue.input === undefined;
      return { field: field || '(row)', ...(missing ? bilingual('必填，但为空', 'required, but empty') : zodIssueReason(issue)) };
    }),
  );
}

/**
 * What identifies a record within its enterprise and kind, so a re-import updates it rather
 * than adding a copy: a penalty's decision number, a listing's date, a report's year...
 * Records without a number of their own (complaints) are identified by their content.
 *
 * @example creditRecordNaturalKey({ kind: 'annual_report', year: 2023, ... }) // '2023'
 */
export function creditRecordNaturalKey(record: CreditRecord): string {
  switch (record.kind) {
    case 'penalty':
      return record.decisionNumber;
    case 'abnormal_operations_listing':
      return `${record.listedDate}|${record.reason}`;
    case 'serious_dishonesty_listing':
      return record.listedDate;
    case 'annual_report':
      return String(record.year);
    case 'complaint':
      return `${record.date}|${record.source}|${record.substantiated}`;
    case 'inspection_result':
      return `${record.date}|${record.itemCode}`;
    case 'honour':
      return `${record.type}|${record.date}`;
    case 'soft_measure':
      return `${record.date}|${record.measure}|${record.department}`;
    case 'related_party_link':
      return `${record.personId}|${record.role}|${record.date}`;
  }
}

/**
 * The day from which a record can change an evaluation: its date, except that an annual
 * report matters from its due date (before it, neither filed nor missing counts). Loading
 * "records as of D" is then `effectiveDate <= D`.
 *
 * @example recordEffectiveDate({ kind: 'annual_report', year: 2023, filedDate: '2024-03-01', ... }) // '2024-06-30'
 */
export function recordEffectiveDate(record: CreditRecord): string {
  return record.kind === 'annual_report' ? annualReportDueDate(record.year) : recordDate(record);
}

const HAS_CJK = /[\u3400-\u9fff]/;

/** A column's name for people: its first Chinese heading, or its first snake_case one in words. */
function columnLabel(spec: ColumnSpec, lang: 'zh' | 'en'): string {
  const heading = lang === 'zh' ? spec.headings.find((candidate) => HAS_CJK.test(candidate)) : spec.headings.find((candidate) => /^[a-z]+(_[a-z]+)*$/.test(candidate));
  return (heading ?? spec.headings[0]!).replace(/_/g, ' ');
}

function describeValue(value: unknown, spec: ColumnSpec, lang: 'zh' | 'en'): string {
  if (typeof value === 'boolean') return lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  if (typeof spec.type === 'object' && typeof value === 'string') {
    const chinese = Object.entries(spec.type).find(([word, coded]) => coded === value && HAS_CJK.test(word))?.[0];
    return lang === 'zh' && chinese ? chinese : value.replace(/_/g, ' ');
  }
  return String(value);
}

/**
 * A record's own fields as a person reads them (the credit code, source and legal basis are
 * shown beside it): column names as in the import headings, 是/否, coded values by their
 * Chinese names, amounts in yuan. Nothing is left as a property name or a code.
 *
 * @example describeCreditRecord(penalty, 'zh') // '处罚决定书文号：市监罚〔2024〕12号；处罚决定日期：2024-03-01；…；罚没金额（元）：5,000.00 元；首违不罚：否'
 */
export function describeCreditRecord(record: CreditRecord, lang: 'zh' | 'en'): string {
  const columns = COLUMNS[record.kind];
  const fields = record as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const [field, spec] of Object.entries(columns)) {
    if (field in common || field === 'amount' || field === 'idNumber') continue;
    const value = fields[field];
    if (field === 'filedDate' && value === null) {
      parts.push(`${columnLabel(spec, lang)}${lang === 'zh' ? '：未报送' : ': not filed'}`);
      continue;
    }
    if (value === undefined || value === null || value === '') continue;
    if (field === 'amountFen' && typeof value === 'number') {
      const yuan = (value / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      parts.push(`${columnLabel(columns['amount']!, lang)}${lang === 'zh' ? `：${yuan} 元` : `: ${yuan} yuan`}`);
      continue;
    }
    parts.push(`${columnLabel(spec, lang)}${lang === 'zh' ? '：' : ': '}${describeValue(value, spec, lang)}`);
  }
  return parts.join(lang === 'zh' ? '；' : '; ');
}
