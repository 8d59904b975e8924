/**
 * One row of a directory import (名录库导入): which column is which, in the English or
 * Chinese headings that registration-system exports use, and the checks that turn a row
 * of text into an `Enterprise` or into issues naming the field and the reason.
 */
import { isCalendarDate } from './calendar-date.ts';
import { createHeadingTable, mapColumns, type ColumnIssue } from './column-headings.ts';
import { describeCreditCodeIssue, validateCreditCode, type CreditCodeIssue } from './credit-code.ts';
import {
  ENTERPRISE_FLAGS,
  ENTERPRISE_STATUSES,
  ENTITY_TYPES,
  type Enterprise,
  type EnterpriseFlag,
  type EnterpriseStatus,
  type EntityType,
} from './enterprise.ts';
import { resolveIndustry } from './industry-classification.ts';
import type { Language } from './language.ts';
import { err, ok, type Result } from './result.ts';

export const DIRECTORY_FIELDS = [
  'creditCode',
  'name',
  'regionCode',
  'industryCode',
  'registrationDate',
  'entityType',
  'status',
  'flags',
] as const;
export type DirectoryField = (typeof DIRECTORY_FIELDS)[number];

/** Flags may be left out; every other column must be present. */
export const REQUIRED_DIRECTORY_FIELDS: readonly DirectoryField[] = DIRECTORY_FIELDS.filter((field) => field !== 'flags');

/** The headings accepted for each field; matching ignores case, spaces, `_` and `-`. */
export const DIRECTORY_HEADINGS: Readonly<Record<DirectoryField, readonly string[]>> = {
  creditCode: ['credit_code', 'creditCode', 'unified social credit code', 'uscc', '统一社会信用代码', '社会信用代码', '信用代码'],
  name: ['name', 'enterprise name', 'company name', '企业名称', '名称', '主体名称', '市场主体名称'],
  regionCode: ['region_code', 'region', '所属行政区划', '行政区划', '行政区划代码', '区划代码', '所属区域'],
  industryCode: ['industry_code', 'industry', '所属行业', '行业代码', '行业', '国民经济行业代码'],
  registrationDate: ['registration_date', 'registered on', 'established', '成立日期', '注册日期', '登记日期', '设立日期'],
  entityType: ['entity_type', 'type', '企业类型', '市场主体类型', '主体类型', '类型'],
  status: ['status', '登记状态', '经营状态', '企业状态', '状态'],
  flags: ['flags', '标记', '标签', '重点领域', '监管标记'],
};

/** Longest accepted text per field, checked before anything else so junk is never kept. */
export const DIRECTORY_FIELD_MAX_LENGTH: Readonly<Record<DirectoryField, number>> = {
  creditCode: 40,
  name: 200,
  regionCode: 40,
  industryCode: 40,
  registrationDate: 40,
  entityType: 100,
  status: 100,
  flags: 500,
};

/**
 * The directory's headings, for the shared header and row readers. Registration systems
 * export many more columns (法定代表人, 注册资本, 联系电话...): those are skipped and named in the
 * import report, and never stored (some are personal data). A misspelt required heading is
 * still refused as a missing column.
 */
export const DIRECTORY_HEADING_TABLE = createHeadingTable(DIRECTORY_HEADINGS, REQUIRED_DIRECTORY_FIELDS, { ignoreUnknown: true });

export type HeaderIssue = ColumnIssue<DirectoryField>;

/** Which field each column holds, by column index (0-based). */
export type HeaderMapping = readonly DirectoryField[];

/**
 * Maps a header row onto fields; columns with other headings are skipped (see
 * `DIRECTORY_HEADING_TABLE`). Every required field must be present.
 *
 * @example mapDirectoryHeader(['统一社会信用代码', 'name', ...]) // ok(['creditCode', 'name', ...])
 */
export function mapDirectoryHeader(headings: readonly string[]): Result<HeaderMapping, HeaderIssue[]> {
  return mapColumns(DIRECTORY_HEADING_TABLE, headings);
}

export type RowIssue =
  | { readonly code: 'too_long'; readonly field: DirectoryField; readonly maximum: number; readonly actual: number }
  | { readonly code: 'control_character'; readonly field: DirectoryField }
  | { readonly code: 'required'; readonly field: DirectoryField }
  | { readonly code: 'bad_credit_code'; readonly field: 'creditCode'; readonly issue: CreditCodeIssue }
  | { readonly code: 'bad_region_code'; readonly field: 'regionCode'; readonly value: string }
  | { readonly code: 'bad_industry_code'; readonly field: 'industryCode'; readonly value: string }
  | { readonly code: 'unknown_date_format'; readonly field: 'registrationDate'; readonly value: string }
  | { readonly code: 'impossible_date'; readonly field: 'registrationDate'; readonly value: string }
  | { readonly code: 'unknown_entity_type'; readonly field: 'entityType'; readonly value: string }
  | { readonly code: 'unknown_status'; readonly field: 'status'; readonly value: string }
  | { readonly code: 'unknown_flag'; readonly field: 'flags'; readonly value: string };

/**
 * One sentence for a row issue in Chinese or English (the field is reported beside it).
 *
 * @example describeRowIssue({ code: 'required', field: 'name' }, 'zh') // '必填，但为空'
 */
export function describeRowIssue(issue: RowIssue, lang: Language): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'too_long':
      return zh ? `过长：${issue.actual} 个字符，最多 ${issue.maximum} 个` : `too long: ${issue.actual} characters, at most ${issue.maximum}`;
    case 'control_character':
      return zh ? '含有控制字符（换行、制表符或 NUL）' : 'contains a control character (line break, tab or NUL)';
    case 'required':
      return zh ? '必填，但为空' : 'required, but empty';
    case 'bad_credit_code':
      return zh ? `统一社会信用代码无效：${describeCreditCodeIssue(issue.issue, lang)}` : `invalid unified social credit code: ${describeCreditCodeIssue(issue.issue, lang)}`;
    case 'bad_region_code':
      return zh ? `“${issue.value}”不是 GB/T 2260 行政区划代码（六位数字，如 350102）` : `'${issue.value}' is not a GB/T 2260 region code (six digits, e.g. 350102)`;
    case 'bad_industry_code':
      return zh
        ? `“${issue.value}”不是 GB/T 4754-2017 的行业代码或名称（如 H6210、6210 或 正餐服务）`
        : `'${issue.value}' is neither a GB/T 4754-2017 industry code nor its name (e.g. H6210, 6210 or 正餐服务)`;
    case 'unknown_date_format':
      return zh ? `无法识别的日期格式“${issue.value}”（请写 2023-03-14、2023/3/14 或 2023年3月14日）` : `unknown date format '${issue.value}' (use 2023-03-14, 2023/3/14 or 2023年3月14日)`;
    case 'impossible_date':
      return zh ? `“${issue.value}”不是真实存在的日期` : `'${issue.value}' is not a real calendar date`;
    case 'unknown_entity_type':
      return zh
        ? `无法识别的主体类型“${issue.value}”（如 有限责任公司、个体工商户、农民专业合作社，或 ${Object.values(ENTITY_TYPES).join('、')}）`
        : `unknown entity type '${issue.value}' (e.g. 有限责任公司, 个体工商户, 农民专业合作社, or one of ${Object.keys(ENTITY_TYPES).join(', ')})`;
    case 'unknown_status':
      return zh
        ? `无法识别的登记状态“${issue.value}”（存续、在业、吊销、注销、迁出）`
        : `unknown status '${issue.value}' (存续, 在业, 吊销, 注销, 迁出, or one of ${Object.keys(ENTERPRISE_STATUSES).join(', ')})`;
    case 'unknown_flag':
      return zh
        ? `无法识别的标记“${issue.value}”（${Object.values(ENTERPRISE_FLAGS).join('、')}）`
        : `unknown flag '${issue.value}' (${Object.entries(ENTERPRISE_FLAGS).map(([key, name]) => `${name}/${key}`).join(', ')})`;
  }
}

/**
 * Remembers the answers for values that repeat across a file (types, statuses, flag lists,
 * dates); a million-row import sees a few hundred distinct ones. Bounded, so a file of
 * all-distinct values costs no memory.
 */
function remembered<T>(compute: (text: string) => T, capacity = 4096): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    const known = answers.get(text);
    if (known !== undefined || answers.has(text)) return known as T;
    const answer = compute(text);
    if (answers.size < capacity) answers.set(text, answer);
    return answer;
  };
}

const REGION_CODE = /^[1-9]\d{5}$/;
const DATE_FORMATS = [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日$/];
// Tab, line breaks, NUL (which PostgreSQL text cannot hold) and the other C0 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * A date in one of the three accepted spellings as `YYYY-MM-DD`, or why not.
 *
 * @example parseRegistrationDate('2023年3月14日') // ok('2023-03-14')
 */
export function parseRegistrationDate(text: string): Result<string, 'unknown_date_format' | 'impossible_date'> {
  for (const format of DATE_FORMATS) {
    const match = format.exec(text);
    if (!match) continue;
    const date = `${match[1]}-${(match[2] as string).padStart(2, '0')}-${(match[3] as string).padStart(2, '0')}`;
    return isCalendarDate(date) ? ok(date) : err('impossible_date');
  }
  return err('unknown_date_format');
}

function normaliseWord(text: string): string {
  return text
    .toLowerCase()
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[\s-]+/g, '_');
}

/** Chinese spellings, checked in order: the first rule whose text the value contains wins. */
const ENTITY_TYPE_RULES: readonly (readonly [string, EntityType])[] = [
  ['个体', 'sole_trader'],
  ['农民专业合作', 'cooperative'],
  ['合作社', 'cooperative'],
  ['分公司', 'branch'],
  ['分支机构', 'branch'],
  ['外商', 'foreign_invested'],
  ['外资', 'foreign_invested'],
  ['台港澳', 'foreign_invested'],
  ['中外合', 'foreign_invested'],
  ['全民所有制', 'state_owned'],
  ['集体所有制', 'collective'],
  ['个人独资', 'sole_proprietorship'],
  ['合伙', 'partnership'],
  ['公司', 'company'],
  ['其他', 'other'],
];
const ENTITY_TYPE_ENGLISH: Readonly<Record<string, EntityType>> = {
  ...Object.fromEntries(Object.keys(ENTITY_TYPES).map((key) => [key, key as EntityType])),
  limited_liability_company: 'company',
  joint_stock_company: 'company',
  individual_business: 'sole_trader',
  farmers_cooperative: 'cooperative',
  foreign_invested_enterprise: 'foreign_invested',
};

/**
 * The entity type of a Chinese or English spelling, e.g. `有限责任公司(自然人投资或控股)`.
 *
 * @example mapEntityType('个体工商户') // 'sole_trader'
 */
export function mapEntityType(text: string): EntityType | undefined {
  const word = normaliseWord(text);
  const english = ENTITY_TYPE_ENGLISH[word];
  if (english) return english;
  return ENTITY_TYPE_RULES.find(([fragment]) => word.includes(fragment))?.[1];
}

const STATUS_WORDS: Readonly<Record<string, EnterpriseStatus>> = {
  ...Object.fromEntries(Object.keys(ENTERPRISE_STATUSES).map((key) => [key, key as EnterpriseStatus])),
  存续: 'active',
  在业: 'active',
  开业: 'active',
  在营: 'active',
  正常: 'active',
  吊销: 'revoked',
  注销: 'deregistered',
  迁出: 'moved_out',
  moved: 'moved_out',
  cancelled: 'deregistered',
};

/**
 * The status of a Chinese or English spelling. `吊销，未注销` (revoked, not yet deregistered)
 * is revoked; `吊销，已注销` is deregistered.
 *
 * @example mapEnterpriseStatus('存续（在营、开业、在册）') // 'active'
 */
export function mapEnterpriseStatus(text: string): EnterpriseStatus | undefined {
  const word = normaliseWord(text);
  const exact = STATUS_WORDS[word];
  if (exact) return exact;
  if (word.includes('已注销')) return 'deregistered';
  if (word.startsWith('吊销')) return 'revoked';
  for (const leading of ['存续', '在业', '开业', '在营', '注销', '迁出'] as const) {
    if (word.startsWith(leading)) return STATUS_WORDS[leading];
  }
  return undefined;
}

const FLAG_WORDS: ReadonlyMap<string, EnterpriseFlag> = new Map([
  ...Object.entries(ENTERPRISE_FLAGS).flatMap(([key, name]) => [
    [key, key as EnterpriseFlag] as const,
    [name, key as EnterpriseFlag] as const,
  ]),
  ['食品经营', 'food'],
  ['食品生产', 'food'],
  ['工业产品', 'industrial_products'],
]);
const FLAG_SEPARATORS = /[;；,，、]/;

/**
 * Flags from a list separated by `;`, `；`, `,`, `，` or `、`, in Chinese or English;
 * repeated flags count once. Returns the flags and the words that are not flags.
 *
 * @example parseEnterpriseFlags('食品；new_business_form') // { flags: ['food', 'new_business_form'], unknown: [] }
 */
export function parseEnterpriseFlags(text: string): { flags: EnterpriseFlag[]; unknown: string[] } {
  const flags = new Set<EnterpriseFlag>();
  const unknown: string[] = [];
  for (const part of text.split(FLAG_SEPARATORS)) {
    const word = part.trim();
    if (word === '') continue;
    const flag = FLAG_WORDS.get(normaliseWord(word));
    if (flag) flags.add(flag);
    else unknown.push(word);
  }
  return { flags: [...flags], unknown };
}

const rememberedDate = remembered(parseRegistrationDate);
const rememberedEntityType = remembered(mapEntityType);
const rememberedStatus = remembered(mapEnterpriseStatus);
const rememberedFlags = remembered(parseEnterpriseFlags);
const rememberedIndustry = remembered((text: string) => resolveIndustry(text)?.code);

/** A row's text by field; a field left out (no such column) is undefined. */
export type DirectoryRowText = Partial<Record<DirectoryField, string>>;

/**
 * Validates one row and returns the enterprise, or every issue found (each names its
 * field), so a person fixing the file sees all problems of a row at once.
 *
 * @example validateDirectoryRow({ creditCode: '91350100M000100Y43', name: '福州示例有限公司', regionCode: '350102', industryCode: 'F5211', registrationDate: '2020/1/2', entityType: '有限责任公司', status: '存续' })
 * // ok({ creditCode: '91350100M000100Y43', ..., registrationDate: '2020-01-02', entityType: 'company', status: 'active', flags: [] })
 */
export function validateDirectoryRow(row: DirectoryRowText): Result<Enterprise, RowIssue[]> {
  const issues: RowIssue[] = [];
  // Length and control characters first, so a huge or binary value is never looked into.
  const clean = (field: DirectoryField): string | undefined => {
    const value = (row[field] ?? '').trim();
    const maximum = DIRECTORY_FIELD_MAX_LENGTH[field];
    if (value.length > maximum) issues.push({ code: 'too_long', field, maximum, actual: value.length });
    else if (CONTROL_CHARACTER.test(value)) issues.push({ code: 'control_character', field });
    else if (value === '' && field !== 'flags') issues.push({ code: 'required', field });
    else return value;
    return undefined;
  };
  const text = {
    creditCode: clean('creditCode'),
    name: clean('name'),
    regionCode: clean('regionCode'),
    industryCode: clean('industryCode'),
    registrationDate: clean('registrationDate'),
    entityType: clean('entityType'),
    status: clean('status'),
    flags: clean('flags'),
  };

  let creditCode = '';
  if (text.creditCode !== undefined) {
    const parsed = validateCreditCode(text.creditCode);
    if (parsed.ok) creditCode = parsed.value;
    else issues.push({ code: 'bad_credit_code', field: 'creditCode', issue: parsed.error });
  }
  if (text.regionCode !== undefined && !REGION_CODE.test(text.regionCode)) {
    issues.push({ code: 'bad_region_code', field: 'regionCode', value: text.regionCode });
  }
  // A code with or without its section letter, or the standard's Chinese name (正餐服务 → H6210).
  const industryCode = text.industryCode === undefined ? undefined : rememberedIndustry(text.industryCode);
  if (text.industryCode !== undefined && industryCode === undefined) {
    issues.push({ code: 'bad_industry_code', field: 'industryCode', value: text.industryCode });
  }
  let registrationDate = '';
  if (text.registrationDate !== undefined) {
    const parsed = rememberedDate(text.registrationDate);
    if (parsed.ok) registrationDate = parsed.value;
    else issues.push({ code: parsed.error, field: 'registrationDate', value: text.registrationDate });
  }
  const entityType = text.entityType === undefined ? undefined : rememberedEntityType(text.entityType);
  if (text.entityType !== undefined && !entityType) {
    issues.push({ code: 'unknown_entity_type', field: 'entityType', value: text.entityType });
  }
  const status = text.status === undefined ? undefined : rememberedStatus(text.status);
  if (text.status !== undefined && !status) issues.push({ code: 'unknown_status', field: 'status', value: text.status });
  const flags = rememberedFlags(text.flags ?? '');
  for (const value of flags.unknown) issues.push({ code: 'unknown_flag', field: 'flags', value });

  if (issues.length > 0 || !entityType || !status) return err(issues);
  return ok({
    creditCode,
    name: text.name as string,
    regionCode: text.regionCode as string,
    industryCode: industryCode as string,
    registrationDate,
    entityType,
    status,
    flags: [...flags.flags],
  });
}
