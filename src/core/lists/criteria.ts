/**
 * Red and black list criteria (守信红榜 / 失信黑榜) as versioned data, like scoring models:
 * a criteria set names its list and a few rules of known kinds with their parameters and
 * legal basis; `evaluateListCriteria` applies one set to one enterprise's records for a
 * period. Pure: the same records and period always give the same entry.
 */
import { addYears, annualReportDueDate, type CreditRecord } from '../credit-record.ts';
import { groupRecordsByKind, isListedAt } from '../scoring/indicators.ts';

export interface ListPeriod {
  /** First day of the period, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day: the edition's "as of" date. */
  readonly to: string;
}

/** Rules of the black list: any one puts the enterprise on it. */
export type BlackListRule =
  | { readonly kind: 'serious_dishonesty_at_period_end'; readonly label: string; readonly legalBasis: string; readonly expiryYears: number }
  | { readonly kind: 'heavy_penalty_within_period'; readonly label: string; readonly legalBasis: string; readonly expiryYears: number };

export interface BlackListCriteria {
  readonly key: string;
  readonly list: 'black';
  readonly rules: readonly BlackListRule[];
  /** Credit repair (信用修复) ends an entry early only this many years after its entry date. */
  readonly minimumYearsBeforeRepair: number;
}

/** The red list: every condition must hold over the look-back window. */
export interface RedListCriteria {
  readonly key: string;
  readonly list: 'red';
  readonly label: string;
  readonly legalBasis: string;
  /** Years looked back from the period end for penalties, listings, complaints and reports. */
  readonly lookBackYears: number;
  /** How long an entry stays, from the period end. */
  readonly expiryYears: number;
  /**
   * What a report year without a record means. Registration systems export the exceptions
   * (late or unfiled reports, which also lead to the abnormal-operations list), so
   * `filed_on_time` reads silence as compliance; `not_filed` demands a record of every filing.
   */
  readonly missingReportRecord: 'filed_on_time' | 'not_filed';
}

export type ListCriteria = BlackListCriteria | RedListCriteria;

/** What an enterprise's entry says. `reason` never carries a natural person's data. */
export interface ListEntryDraft {
  readonly reason: string;
  readonly legalBasis: string;
  readonly entryDate: string;
  readonly expiry: string;
}

/** `black-list/1`: on the serious-dishonesty list at the period end, or a heavy penalty within it. */
export const BLACK_LIST_1: BlackListCriteria = {
  key: 'black-list/1',
  list: 'black',
  rules: [
    {
      kind: 'serious_dishonesty_at_period_end',
      label: '列入严重违法失信名单',
      legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
      expiryYears: 3,
    },
    {
      kind: 'heavy_penalty_within_period',
      label: '受到较重行政处罚',
      legalBasis: '《市场监督管理行政处罚信息公示规定》第十四条',
      expiryYears: 3,
    },
  ],
  minimumYearsBeforeRepair: 1,
};

/**
 * `red-list/1`: within three years no penalty (first- and minor-violation exemptions are
 * not penalties), no abnormal-operations listing, no serious-dishonesty listing and no
 * substantiated complaint; none of the annual reports due in the window late or unfiled
 * (a year without a record counts as filed on time: the exports hold the exceptions); and
 * an honour or a fulfilled credit commitment within the window.
 */
export const RED_LIST_1: RedListCriteria = {
  key: 'red-list/1',
  list: 'red',
  label: '三年内无处罚、无异常名录、无查实投诉，年报按时公示，守合同重信用或履行信用承诺',
  legalBasis: '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）',
  lookBackYears: 3,
  expiryYears: 1,
  missingReportRecord: 'filed_on_time',
};

export const LIST_CRITERIA: ReadonlyMap<string, ListCriteria> = new Map<string, ListCriteria>([
  [BLACK_LIST_1.key, BLACK_LIST_1],
  [RED_LIST_1.key, RED_LIST_1],
]);

/** The current criteria of each list. */
export const CURRENT_LIST_CRITERIA = { black: BLACK_LIST_1, red: RED_LIST_1 } as const;

function within(date: string, from: string, to: string): boolean {
  return date >= from && date <= to;
}

function evaluateBlack(criteria: BlackListCriteria, records: readonly CreditRecord[], period: ListPeriod): ListEntryDraft | undefined {
  const groups = groupRecordsByKind(records);
  const drafts: ListEntryDraft[] = [];
  for (const rule of criteria.rules) {
    if (rule.kind === 'serious_dishonesty_at_period_end') {
      for (const listing of groups.serious_dishonesty_listing) {
        if (!isListedAt(listing, period.to)) continue;
        drafts.push({ reason: rule.label, legalBasis: listing.legalBasis ?? rule.legalBasis, entryDate: listing.listedDate, expiry: addYears(listing.listedDate, rule.expiryYears) });
      }
    } else {
      for (const penalty of groups.penalty) {
        if (penalty.severity !== 'heavy' || penalty.firstViolationExempt || penalty.minorViolationExempt || !within(penalty.date, period.from, period.to)) continue;
        drafts.push({ reason: rule.label, legalBasis: penalty.legalBasis ?? rule.legalBasis, entryDate: penalty.date, expiry: addYears(penalty.date, rule.expiryYears) });
      }
    }
  }
  // The earliest entry still in force at the period end: one entry per enterprise.
  return drafts.filter((draft) => draft.expiry > period.to).sort((left, right) => (left.entryDate < right.entryDate ? -1 : left.entryDate > right.entryDate ? 1 : 0))[0];
}

/** The years whose annual reports were due within the window, newest first. */
function reportYearsDue(windowStart: string, to: string): number[] {
  const years: number[] = [];
  for (let year = Number(to.slice(0, 4)); year >= Number(windowStart.slice(0, 4)) - 1; year--) {
    const due = annualReportDueDate(year);
    if (due <= to && due > windowStart) years.push(year);
  }
  return years;
}

function evaluateRed(criteria: RedListCriteria, records: readonly CreditRecord[], period: ListPeriod): ListEntryDraft | undefined {
  const groups = groupRecordsByKind(records);
  const windowStart = addYears(period.to, -criteria.lookBackYears);
  const inWindow = (date: string) => date > windowStart && date <= period.to;
  if (groups.penalty.some((penalty) => inWindow(penalty.date) && !penalty.firstViolationExempt && !penalty.minorViolationExempt)) return undefined;
  const listedInWindow = (listing: { listedDate: string; removedDate?: string | undefined }) =>
    listing.listedDate <= period.to && (listing.removedDate === undefined || listing.removedDate > windowStart);
  if (groups.abnormal_operations_listing.some(listedInWindow) || groups.serious_dishonesty_listing.some(listedInWindow)) return undefined;
  if (groups.complaint.some((complaint) => complaint.substantiated && inWindow(complaint.date))) return undefined;
  const dueYears = reportYearsDue(windowStart, period.to);
  const onTime = (year: number) => {
    const reports = groups.annual_report.filter((report) => report.year === year);
    if (reports.length === 0) return criteria.missingReportRecord === 'filed_on_time';
    return reports.every((report) => report.filedDate !== null && report.filedDate <= annualReportDueDate(year));
  };
  if (dueYears.length === 0 || !dueYears.every(onTime)) return undefined;
  if (!groups.honour.some((honour) => honour.fulfilled && inWindow(honour.date))) return undefined;
  return { reason: criteria.label, legalBasis: criteria.legalBasis, entryDate: period.to, expiry: addYears(period.to, criteria.expiryYears) };
}

/**
 * The entry an enterprise gets on a list for a period, or undefined when it does not qualify.
 *
 * @example evaluateListCriteria(BLACK_LIST_1, records, { from: '2026-01-01', to: '2026-06-30' })
 *   // { reason: '受到较重行政处罚', legalBasis: '…', entryDate: '2026-03-02', expiry: '2029-03-02' }
 */
export function evaluateListCriteria(criteria: ListCriteria, records: readonly CreditRecord[], period: ListPeriod): ListEntryDraft | undefined {
  return criteria.list === 'black' ? evaluateBlack(criteria, records, period) : evaluateRed(criteria, records, period);
}

export type ExitIssue =
  | { readonly code: 'not_yet_expired'; readonly expiry: string }
  | { readonly code: 'repair_too_early'; readonly earliest: string }
  | { readonly code: 'repair_not_on_red_list' }
  | { readonly code: 'repair_decision_missing' }
  | { readonly code: 'exit_before_entry'; readonly entryDate: string };

/**
 * Whether an entry may end on `exitDate` for `cause`: at or after its expiry, or by credit
 * repair (black list only, with the repair decision's reference) once the minimum period
 * has passed.
 *
 * @example checkExit(BLACK_LIST_1, { entryDate: '2025-03-01', expiry: '2028-03-01' }, { cause: 'credit_repair', exitDate: '2026-03-01', repairDecision: '闽市监信修〔2026〕3号' }) // undefined: allowed
 */
export function checkExit(
  criteria: ListCriteria,
  entry: { readonly entryDate: string; readonly expiry: string },
  exit: { readonly cause: 'expiry' | 'credit_repair'; readonly exitDate: string; readonly repairDecision?: string | undefined },
): ExitIssue | undefined {
  if (exit.exitDate < entry.entryDate) return { code: 'exit_before_entry', entryDate: entry.entryDate };
  if (exit.cause === 'expiry') return exit.exitDate >= entry.expiry ? undefined : { code: 'not_yet_expired', expiry: entry.expiry };
  if (criteria.list === 'red') return { code: 'repair_not_on_red_list' };
  if (!exit.repairDecision || exit.repairDecision.trim() === '') return { code: 'repair_decision_missing' };
  const earliest = addYears(entry.entryDate, criteria.minimumYearsBeforeRepair);
  return exit.exitDate >= earliest ? undefined : { code: 'repair_too_early', earliest };
}

/** @example describeExitIssue({ code: 'repair_too_early', earliest: '2026-03-01' }) */
export function describeExitIssue(issue: ExitIssue): string {
  switch (issue.code) {
    case 'not_yet_expired':
      return `the entry expires on ${issue.expiry}, not before`;
    case 'repair_too_early':
      return `credit repair ends this entry on ${issue.earliest} at the earliest (minimum period)`;
    case 'repair_not_on_red_list':
      return 'credit repair applies to the black list only';
    case 'repair_decision_missing':
      return "credit repair needs the repair decision's reference";
    case 'exit_before_entry':
      return `the exit date is before the entry date ${issue.entryDate}`;
  }
}
