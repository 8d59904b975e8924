/**
 * Credit records (信用记录): what a bureau knows about an enterprise's conduct, each dated,
 * linked to the enterprise by its unified social credit code, with its source and, where it
 * has one, its legal basis. A discriminated union on `kind`; `creditRecordSchema` validates
 * one on import. Dates are calendar dates `YYYY-MM-DD` (Asia/Shanghai); money is an integer
 * number of fen (分), never a float of yuan.
 */
import { z } from 'zod';
import { daysInMonth, isCalendarDate } from './calendar-date.ts';
import { describeCreditCodeIssue, parseCreditCode } from './credit-code.ts';
import { err, ok, type Result } from './result.ts';

/** Fields every record has. */
export interface CreditRecordBase {
  /** Unified social credit code of the enterprise the record is about. */
  readonly creditCode: string;
  /** Where the record came from, e.g. `国家企业信用信息公示系统` or a bureau's case system. */
  readonly source: string;
  /** The provision it rests on, e.g. `《市场监督管理严重违法失信名单管理办法》第二条`. */
  readonly legalBasis?: string | undefined;
}

/** The bureau's three lists (三张清单): 从轻处罚 (lighter), 减轻处罚 (mitigated), 免予处罚 (exempt). */
export const LENIENCY_LISTS = ['lighter', 'mitigated', 'exempt'] as const;
export type LeniencyList = (typeof LENIENCY_LISTS)[number];

export const PENALTY_SEVERITIES = ['warning', 'fine', 'heavy'] as const;
/**
 * `warning` (警告, 通报批评); `fine` (罚款, 没收违法所得); `heavy`: a large fine, licence
 * revoked (吊销), or suspension of production or business (责令停产停业).
 */
export type PenaltySeverity = (typeof PENALTY_SEVERITIES)[number];

/** Administrative penalty (行政处罚), dated by its decision. */
export interface Penalty extends CreditRecordBase {
  readonly kind: 'penalty';
  /** Decision document number (处罚决定书文号). */
  readonly decisionNumber: string;
  readonly date: string;
  readonly violation: string;
  readonly severity: PenaltySeverity;
  /** Fine and confiscation in fen; absent for a warning. */
  readonly amountFen?: number | undefined;
  /** Not penalised as a first violation (首违不罚). */
  readonly firstViolationExempt: boolean;
  /** Not penalised as a minor violation corrected in time (轻微不罚). */
  readonly minorViolationExempt: boolean;
  /** The entry of the bureau's three lists (三张清单) the decision applied, by its code. */
  readonly leniencyEntry?: string | undefined;
  /** That entry's list, filled in from the bureau's lists on import (never from the file). */
  readonly leniencyList?: LeniencyList | undefined;
}

export const ABNORMAL_OPERATIONS_REASONS = [
  'annual_report_missing',
  'unreachable_at_address',
  'false_information',
  'disclosure_not_corrected',
  'other',
] as const;
/**
 * Why an enterprise was put on the abnormal-operations list (《市场监督管理企业经营异常名录管理办法》):
 * annual report not filed (未按规定报送年度报告), cannot be reached at its registered address
 * (通过登记的住所无法联系), false or concealed information (公示信息隐瞒真实情况、弄虚作假),
 * disclosed information not corrected when ordered (未按责令期限公示有关企业信息).
 */
export type AbnormalOperationsReason = (typeof ABNORMAL_OPERATIONS_REASONS)[number];

/** An entry on the abnormal-operations list (经营异常名录). */
export interface AbnormalOperationsListing extends CreditRecordBase {
  readonly kind: 'abnormal_operations_listing';
  readonly listedDate: string;
  readonly reason: AbnormalOperationsReason;
  /** Removed (移出) on this date; absent while listed. */
  readonly removedDate?: string | undefined;
}

export const DISHONESTY_REMOVALS = ['expiry', 'credit_repair'] as const;
/** `expiry`: the three-year listing period ended; `credit_repair` (信用修复): removed early, after at least one year. */
export type DishonestyRemoval = (typeof DISHONESTY_REMOVALS)[number];

/** An entry on the serious illegal and dishonest list (严重违法失信名单). */
export interface SeriousDishonestyListing extends CreditRecordBase {
  readonly kind: 'serious_dishonesty_listing';
  readonly listedDate: string;
  readonly reason: string;
  /** The authority that decided the listing (作出列入决定的部门). */
  readonly decidingAuthority: string;
  readonly removedDate?: string | undefined;
  /** Present exactly when `removedDate` is. */
  readonly removal?: DishonestyRemoval | undefined;
}

/** An annual report (年度报告) for `year`, due by 30 June of the next year. */
export interface AnnualReport extends CreditRecordBase {
  readonly kind: 'annual_report';
  readonly year: number;
  /** The filing date; `null` when the report has not been filed (未报). */
  readonly filedDate: string | null;
}

/** A complaint or report (投诉举报) about the enterprise. */
export interface Complaint extends CreditRecordBase {
  readonly kind: 'complaint';
  readonly date: string;
  /** Found to be true after handling (查证属实). */
  readonly substantiated: boolean;
}

export const INSPECTION_OUTCOMES = [
  'no_problem',
  'not_disclosed_as_required',
  'unreachable',
  'problem_corrected',
  'problem_penalised',
  'refused_inspection',
] as const;
/**
 * Result of a random inspection (抽查检查结果): 未发现问题, 未按规定公示应当公示的信息,
 * 通过登记的住所（经营场所）无法联系, 发现问题已责令改正, 发现问题依法处置, 不配合检查情节严重.
 */
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

/**
 * How serious a finding is: its place in `INSPECTION_OUTCOMES` (未发现问题 first, 不配合检查 last).
 * An inspection several departments checked (a joint task) has one credit record, holding the
 * most serious finding that stands.
 *
 * @example outcomeSeverity('problem_corrected') > outcomeSeverity('no_problem') // true
 */
export function outcomeSeverity(outcome: string): number {
  return (INSPECTION_OUTCOMES as readonly string[]).indexOf(outcome);
}

/** The outcome of one inspection item at one enterprise. */
export interface InspectionResult extends CreditRecordBase {
  readonly kind: 'inspection_result';
  readonly date: string;
  /** Code of the inspection item (抽查事项) in the bureau's item list. */
  readonly itemCode: string;
  readonly outcome: InspectionOutcome;
}

export const HONOUR_TYPES = ['contract_honouring', 'credit_commitment'] as const;
/** `contract_honouring`: 守合同重信用 publicity; `credit_commitment`: a credit commitment (信用承诺). */
export type HonourType = (typeof HONOUR_TYPES)[number];

/** An honour or a commitment, and whether it was kept. */
export interface Honour extends CreditRecordBase {
  readonly kind: 'honour';
  readonly type: HonourType;
  readonly date: string;
  /** The honour stands / the commitment was fulfilled (`true`), or was revoked / broken (`false`). */
  readonly fulfilled: boolean;
}

export const SOFT_MEASURES = ['education_reminder', 'persuasion_demonstration', 'administrative_guidance', 'administrative_interview'] as const;
/** The soft measures of the observation period (观察期): 教育提醒, 劝导示范, 行政指导, 行政约谈. */
export type SoftMeasureType = (typeof SOFT_MEASURES)[number];

/** Each soft measure's name, Chinese then English. */
export const SOFT_MEASURE_NAMES: Readonly<Record<SoftMeasureType, readonly [string, string]>> = {
  education_reminder: ['教育提醒', 'reminder and education'],
  persuasion_demonstration: ['劝导示范', 'persuasion and demonstration'],
  administrative_guidance: ['行政指导', 'administrative guidance'],
  administrative_interview: ['行政约谈', 'administrative interview'],
};

/**
 * A soft measure taken with an enterprise in its observation period instead of a penalty
 * (包容审慎监管): part of its credit file and explanation, never a scoring input of the default
 * model.
 */
export interface SoftMeasure extends CreditRecordBase {
  readonly kind: 'soft_measure';
  readonly date: string;
  readonly measure: SoftMeasureType;
  /** The department that took it (e.g. 食品经营监管科). */
  readonly department: string;
  readonly note?: string | undefined;
}

export const RELATED_PARTY_ROLES = ['legal_representative', 'controlling_investor'] as const;
/** 法定代表人 or 控股股东／实际控制人. */
export type RelatedPartyRole = (typeof RELATED_PARTY_ROLES)[number];

/**
 * A natural person's role in the enterprise, identified only by a hashed person id (never an
 * ID number): two enterprises with the same `personId` share that person.
 */
export interface RelatedPartyLink extends CreditRecordBase {
  readonly kind: 'related_party_link';
  /** 64 lower-case hex digits, e.g. a keyed SHA-256 of the ID number computed by the importer. */
  readonly personId: string;
  readonly role: RelatedPartyRole;
  /** Since when the person holds the role. */
  readonly date: string;
  /** Until when; absent while current. */
  readonly endDate?: string | undefined;
}

export type CreditRecord =
  | Penalty
  | AbnormalOperationsListing
  | SeriousDishonestyListing
  | AnnualReport
  | Complaint
  | InspectionResult
  | Honour
  | SoftMeasure
  | RelatedPartyLink;

export type CreditRecordKind = CreditRecord['kind'];

// --- calendar dates ---------------------------------------------------------------------

/**
 * The same calendar date `years` later (negative: earlier); 29 February becomes 28 February
 * in a common year. Pure string arithmetic, no clock and no time zone.
 *
 * @example addYears('2024-02-29', -1) // '2023-02-28'
 */
export function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const month = Number(date.slice(5, 7));
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${date.slice(5, 7)}-${String(day).padStart(2, '0')}`;
}

/**
 * Whole years from `from` to `to` (an age: the count of anniversaries passed), 0 when `to`
 * is before the first anniversary or before `from`.
 *
 * @example completedYears('2020-03-15', '2023-03-14') // 2
 */
export function completedYears(from: string, to: string): number {
  if (to <= from) return 0;
  let years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  if (addYears(from, years) > to) years--;
  return Math.max(0, years);
}

/**
 * The day an annual report for `year` is due: 30 June of the next year (《企业信息公示暂行条例》第八条).
 *
 * @example annualReportDueDate(2023) // '2024-06-30'
 */
export function annualReportDueDate(year: number): string {
  return `${year + 1}-06-30`;
}

/**
 * The date a record takes effect: the decision, listing, filing (or, for an unfiled report,
 * due) date. Storage can index and order records by it.
 *
 * @example recordDate({ kind: 'complaint', date: '2024-05-01', ... }) // '2024-05-01'
 */
export function recordDate(record: CreditRecord): string {
  switch (record.kind) {
    case 'abnormal_operations_listing':
    case 'serious_dishonesty_listing':
      return record.listedDate;
    case 'annual_report':
      return record.filedDate ?? annualReportDueDate(record.year);
    default:
      return record.date;
  }
}

// --- money -------------------------------------------------------------------------------

export type YuanAmountIssue = { readonly code: 'invalid_amount'; readonly text: string };

/**
 * Parses an amount of yuan written in decimal (`1234`, `1,234.5`, `1234.56`, `￥800`) into
 * integer fen without going through a float.
 *
 * @example parseYuanToFen('1,234.5') // ok(123450)
 */
export function parseYuanToFen(text: string): Result<number, YuanAmountIssue> {
  const cleaned = text.trim().replace(/^[¥￥]/, '').replaceAll(',', '').replace(/元$/, '');
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return err({ code: 'invalid_amount', text });
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return ok(fen);
}

// --- validation --------------------------------------------------------------------------

const dateSchema = z.string().refine(isCalendarDate, { message: '应为 YYYY-MM-DD 格式的真实日期 / must be a calendar date YYYY-MM-DD' });

const creditCodeSchema = z.string().transform((text, context) => {
  const parsed = parseCreditCode(text);
  if (!parsed.ok) {
    context.addIssue({ code: 'custom', message: `统一社会信用代码${describeCreditCodeIssue(parsed.error, 'zh')} / credit code ${describeCreditCodeIssue(parsed.error, 'en')}` });
    return z.NEVER;
  }
  return parsed.value.value;
});

const baseShape = {
  creditCode: creditCodeSchema,
  source: z.string().min(1),
  legalBasis: z.string().min(1).optional(),
};

const penaltySchema = z
  .object({
    ...baseShape,
    kind: z.literal('penalty'),
    decisionNumber: z.string().min(1),
    date: dateSchema,
    violation: z.string().min(1),
    severity: z.enum(PENALTY_SEVERITIES),
    amountFen: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
    firstViolationExempt: z.boolean(),
    minorViolationExempt: z.boolean(),
    leniencyEntry: z.string().min(1).max(32).optional(),
    leniencyList: z.enum(LENIENCY_LISTS).optional(),
  })
  .strict();

function removedNotBeforeListed(record: { listedDate: string; removedDate?: string | undefined }): boolean {
  return record.removedDate === undefined || record.removedDate >= record.listedDate;
}

const abnormalListingSchema = z
  .object({
    ...baseShape,
    kind: z.literal('abnormal_operations_listing'),
    listedDate: dateSchema,
    reason: z.enum(ABNORMAL_OPERATIONS_REASONS),
    removedDate: dateSchema.optional(),
  })
  .strict()
  .refine(removedNotBeforeListed, { message: '移出日期早于列入日期 / removedDate is before listedDate', path: ['removedDate'] });

const dishonestyListingSchema = z
  .object({
    ...baseShape,
    kind: z.literal('serious_dishonesty_listing'),
    listedDate: dateSchema,
    reason: z.string().min(1),
    decidingAuthority: z.string().min(1),
    removedDate: dateSchema.optional(),
    removal: z.enum(DISHONESTY_REMOVALS).optional(),
  })
  .strict()
  .refine(removedNotBeforeListed, { message: '移出日期早于列入日期 / removedDate is before listedDate', path: ['removedDate'] })
  .refine((record) => (record.removedDate === undefined) === (record.removal === undefined), {
    message: '移出日期和移出方式须同时填写 / removedDate and removal go together',
    path: ['removal'],
  })
  .refine((record) => record.removal !== 'credit_repair' || record.removedDate! >= addYears(record.listedDate, 1), {
    message: '信用修复须在列入满一年后才能移出 / credit repair removes a listing only after at least one year',
    path: ['removedDate'],
  });

const annualReportSchema = z
  .object({
    ...baseShape,
    kind: z.literal('annual_report'),
    year: z.number().int().min(1980).max(2200),
    filedDate: dateSchema.nullable(),
  })
  .strict()
  .refine((record) => record.filedDate === null || record.filedDate > `${record.year}-12-31`, {
    message: '年报须在所报年度之后报送 / a report is filed after the year it covers',
    path: ['filedDate'],
  });

const complaintSchema = z
  .object({ ...baseShape, kind: z.literal('complaint'), date: dateSchema, substantiated: z.boolean() })
  .strict();

const inspectionResultSchema = z
  .object({
    ...baseShape,
    kind: z.literal('inspection_result'),
    date: dateSchema,
    itemCode: z.string().min(1),
    outcome: z.enum(INSPECTION_OUTCOMES),
  })
  .strict();

const honourSchema = z
  .object({ ...baseShape, kind: z.literal('honour'), type: z.enum(HONOUR_TYPES), date: dateSchema, fulfilled: z.boolean() })
  .strict();

const softMeasureSchema = z
  .object({
    ...baseShape,
    kind: z.literal('soft_measure'),
    date: dateSchema,
    measure: z.enum(SOFT_MEASURES),
    department: z.string().trim().min(1).max(200),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

const relatedPartyLinkSchema = z
  .object({
    ...baseShape,
    kind: z.literal('related_party_link'),
    personId: z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位小写十六进制数（人员标识的哈希值，不得填身份证号） / must be 64 lower-case hex digits (a hashed person id, never an ID number)'),
    role: z.enum(RELATED_PARTY_ROLES),
    date: dateSchema,
    endDate: dateSchema.optional(),
  })
  .strict()
  .refine((record) => record.endDate === undefined || record.endDate >= record.date, {
    message: '结束日期早于开始日期 / endDate is before date',
    path: ['endDate'],
  });

/**
 * Validates one record on import; normalises the credit code (upper case, trimmed).
 *
 * @example creditRecordSchema.safeParse({ kind: 'complaint', creditCode: '91350100M000100Y43',
 *   source: '12315', date: '2024-05-01', substantiated: true }).success // true
 */
export const creditRecordSchema = z.discriminatedUnion('kind', [
  penaltySchema,
  abnormalListingSchema,
  dishonestyListingSchema,
  annualReportSchema,
  complaintSchema,
  inspectionResultSchema,
  honourSchema,
  softMeasureSchema,
  relatedPartyLinkSchema,
]);

// The schema's output must be a CreditRecord: this line stops the two from drifting apart.
const _schemaMatchesType: (record: z.output<typeof creditRecordSchema>) => CreditRecord = (record) => record;
