/**
 * Indicators (指标): numbers computed from one enterprise's credit records as of an
 * evaluation date. Each model indicator names a built-in function and its parameters;
 * formulas then combine the numbers into a score.
 *
 * As of `asOf`, a record dated after `asOf` does not exist yet; a listing removed on or
 * before `asOf` is no longer on the list; an annual report counts as missing only once its
 * due date (30 June of the next year) has passed. Older records weigh less through a decay
 * schedule: a record dated `d` is "within N years" of `asOf` when `d` is after the date N
 * years before `asOf`, so its weight drops on the N-th anniversary.
 */
import { z } from 'zod';
import {
  addYears,
  annualReportDueDate,
  completedYears,
  INSPECTION_OUTCOMES,
  type CreditRecord,
  type InspectionOutcome,
  type Penalty,
  type PenaltySeverity,
  type RelatedPartyLink,
} from '../credit-record.ts';
import { ENTERPRISE_FLAGS, type Enterprise, type EnterpriseFlag } from '../enterprise.ts';

/** A step of a decay schedule: records within `withinYears` years weigh `weight`. */
export interface DecayStep {
  readonly withinYears: number;
  readonly weight: number;
}

/** Steps in increasing `withinYears`; beyond the last step a record weighs 0. */
export type DecaySchedule = readonly DecayStep[];

export const INDICATOR_FAMILIES = ['basic', 'operations', 'supervision', 'related', 'social'] as const;
/**
 * The indicator families of enterprise credit risk classification (企业信用风险分类指标体系):
 * basic attributes (基础属性), operating dynamics (经营动态), supervision (监管信息),
 * related parties (关联关系), social evaluation (社会评价).
 */
export type IndicatorFamily = (typeof INDICATOR_FAMILIES)[number];

/** Each family's name, Chinese then English. */
export const INDICATOR_FAMILY_NAMES: Readonly<Record<IndicatorFamily, readonly [string, string]>> = {
  basic: ['基础属性', 'basic attributes'],
  operations: ['经营动态', 'operating dynamics'],
  supervision: ['监管信息', 'supervision'],
  related: ['关联关系', 'related parties'],
  social: ['社会评价', 'social evaluation'],
};

const decayName = z.string().min(1);
const weight = z.number().finite().nonnegative();

/** Built-in indicator functions and their parameters. */
const indicatorFunctionSchemas = [
  /** Whole years since registration, capped at `capYears`. */
  z.object({ function: z.literal('enterprise_age_years'), params: z.object({ capYears: z.number().int().positive() }).strict() }),
  /** 1 when the enterprise has any of `flags` (key areas: food, drugs...), else 0. */
  z.object({
    function: z.literal('has_flag'),
    params: z.object({ flags: z.array(z.enum(Object.keys(ENTERPRISE_FLAGS) as [EnterpriseFlag, ...EnterpriseFlag[]])).min(1) }).strict(),
  }),
  /**
   * Sum over penalties of the severity weight (or `exemptWeight` for 首违不罚/轻微不罚) × decay;
   * with `leniencyWeights`, a penalty citing an entry of one of the three lists (三张清单)
   * weighs that list's weight instead.
   */
  z.object({
    function: z.literal('penalty_weight'),
    params: z
      .object({
        decay: decayName,
        severityWeights: z.object({ warning: weight, fine: weight, heavy: weight }).strict(),
        exemptWeight: weight,
        leniencyWeights: z.object({ lighter: weight, mitigated: weight, exempt: weight }).strict().optional(),
      })
      .strict(),
  }),
  /** 1 when on the list at `asOf`, else 0. */
  z.object({ function: z.literal('listed'), params: z.object({ list: z.enum(['abnormal_operations', 'serious_dishonesty']) }).strict() }),
  /** Listings (current and removed), each weighted by the decay of its listed date. */
  z.object({
    function: z.literal('listing_history'),
    params: z.object({ list: z.enum(['abnormal_operations', 'serious_dishonesty']), decay: decayName }).strict(),
  }),
  /** Reports past their due date and not filed by `asOf`, each weighted by the decay of its due date. */
  z.object({ function: z.literal('annual_reports_missing'), params: z.object({ decay: decayName }).strict() }),
  /** Reports filed after their due date (by `asOf`), each weighted by the decay of its due date. */
  z.object({ function: z.literal('annual_reports_late'), params: z.object({ decay: decayName }).strict() }),
  /** Sum over inspection results of the outcome's weight × decay. */
  z.object({
    function: z.literal('inspection_outcomes'),
    params: z
      .object({
        decay: decayName,
        outcomeWeights: z.object(Object.fromEntries(INSPECTION_OUTCOMES.map((outcome) => [outcome, weight])) as Record<InspectionOutcome, typeof weight>).strict(),
      })
      .strict(),
  }),
  /** Decayed count of complaints, substantiated or not. */
  z.object({ function: z.literal('complaints'), params: z.object({ decay: decayName, substantiated: z.boolean() }).strict() }),
  /** Decayed count of honours or commitments of a type, kept or broken. */
  z.object({
    function: z.literal('honours'),
    params: z.object({ decay: decayName, type: z.enum(['contract_honouring', 'credit_commitment']), fulfilled: z.boolean() }).strict(),
  }),
  /** Other enterprises on the serious-dishonesty list at `asOf` sharing a legal representative or controlling investor. */
  z.object({ function: z.literal('related_dishonest'), params: z.object({}).strict() }),
] as const;

const indicatorCommon = {
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case: a lower-case letter, then letters, digits, _'),
  family: z.enum(INDICATOR_FAMILIES),
  description: z.string().min(1),
  /** The description in Chinese, shown on Chinese pages (the model's `description` otherwise). */
  descriptionZh: z.string().min(1).optional(),
  /** The value a clean, established enterprise has; a contribution is measured against it. */
  neutral: z.number().finite(),
};

export const indicatorDefinitionSchema = z.discriminatedUnion(
  'function',
  indicatorFunctionSchemas.map((schema) => schema.extend(indicatorCommon).strict()) as unknown as [
    z.ZodObject<(typeof indicatorFunctionSchemas)[0]['shape'] & typeof indicatorCommon>,
  ],
);

type FunctionShapes = { [K in keyof typeof indicatorFunctionSchemas]: z.output<(typeof indicatorFunctionSchemas)[K]> }[number];

/** One indicator of a model: a built-in function with its parameters. */
export type IndicatorDefinition = FunctionShapes & {
  readonly name: string;
  readonly family: IndicatorFamily;
  readonly description: string;
  readonly descriptionZh?: string | undefined;
  readonly neutral: number;
};

/** The upper end of the values an indicator can plausibly take, for validating formulas on samples. */
export function indicatorSampleMaximum(definition: IndicatorDefinition): number {
  switch (definition.function) {
    case 'enterprise_age_years':
      return definition.params.capYears;
    case 'has_flag':
    case 'listed':
      return 1;
    default:
      return 1000;
  }
}

/**
 * Other enterprises on the serious-dishonesty list, by hashed person id: what the
 * `related_dishonest` indicator reads. Built once per evaluation run.
 */
export type RelatedPartyIndex = ReadonlyMap<string, ReadonlySet<string>>;

/** What an evaluation knows beyond the enterprise's own records. */
export interface EvaluationContext {
  readonly relatedParties?: RelatedPartyIndex;
}

function isLinkActive(link: RelatedPartyLink, asOf: string): boolean {
  return link.date <= asOf && (link.endDate === undefined || link.endDate > asOf);
}

/**
 * Whether a listing is in force at `asOf`: listed on or before it, not removed on or before it.
 *
 * @example isListedAt({ listedDate: '2023-01-01', removedDate: '2024-01-01' }, '2023-12-31') // true
 */
export function isListedAt(listing: { readonly listedDate: string; readonly removedDate?: string | undefined }, asOf: string): boolean {
  return listing.listedDate <= asOf && (listing.removedDate === undefined || listing.removedDate > asOf);
}

/**
 * Whether the records put the enterprise on the serious-dishonesty list at `asOf`.
 *
 * @example isSeriouslyDishonestAt(records, '2025-01-01') // true while a listing is in force
 */
export function isSeriouslyDishonestAt(records: Iterable<CreditRecord>, asOf: string): boolean {
  for (const record of records) {
    if (record.kind === 'serious_dishonesty_listing' && isListedAt(record, asOf)) return true;
  }
  return false;
}

/**
 * Indexes, for every person, the listed enterprises they are linked to at `asOf`.
 * `dishonestCreditCodes` are the enterprises on the serious-dishonesty list at `asOf`
 * (see `isSeriouslyDishonestAt`); links of other enterprises are ignored.
 *
 * @example buildRelatedPartyIndex(allLinks, new Set(['91350100M000100Y43']), '2025-01-01')
 */
export function buildRelatedPartyIndex(
  links: Iterable<RelatedPartyLink>,
  dishonestCreditCodes: ReadonlySet<string>,
  asOf: string,
): RelatedPartyIndex {
  const index = new Map<string, Set<string>>();
  for (const link of links) {
    if (!dishonestCreditCodes.has(link.creditCode) || !isLinkActive(link, asOf)) continue;
    let codes = index.get(link.personId);
    if (!codes) index.set(link.personId, (codes = new Set()));
    codes.add(link.creditCode);
  }
  return index;
}

/**
 * A schedule turned into cut-off dates for one `asOf`: `weightOf(date)` is the weight of a
 * record dated `date` (which must be on or before `asOf`).
 */
export interface DecayAtDate {
  weightOf(date: string): number;
}

/**
 * Prepares a decay schedule for one evaluation date.
 *
 * @example prepareDecay([{ withinYears: 1, weight: 1 }, { withinYears: 2, weight: 0.6 }], '2025-03-01')
 *   .weightOf('2024-03-01') // 0.6: the first anniversary is the evaluation date itself
 */
export function prepareDecay(schedule: DecaySchedule, asOf: string): DecayAtDate {
  const cutoffs = schedule.map((step) => addYears(asOf, -step.withinYears));
  const weights = schedule.map((step) => step.weight);
  return {
    weightOf(date) {
      for (let index = 0; index < cutoffs.length; index++) {
        if (date > (cutoffs[index] as string)) return weights[index] as number;
      }
      return 0;
    },
  };
}

/** Records of one enterprise sorted by kind, so each indicator reads only its own. */
export interface RecordsByKind {
  readonly penalty: Extract<CreditRecord, { kind: 'penalty' }>[];
  readonly abnormal_operations_listing: Extract<CreditRecord, { kind: 'abnormal_operations_listing' }>[];
  readonly serious_dishonesty_listing: Extract<CreditRecord, { kind: 'serious_dishonesty_listing' }>[];
  readonly annual_report: Extract<CreditRecord, { kind: 'annual_report' }>[];
  readonly complaint: Extract<CreditRecord, { kind: 'complaint' }>[];
  readonly inspection_result: Extract<CreditRecord, { kind: 'inspection_result' }>[];
  readonly honour: Extract<CreditRecord, { kind: 'honour' }>[];
  readonly soft_measure: Extract<CreditRecord, { kind: 'soft_measure' }>[];
  readonly related_party_link: Extract<CreditRecord, { kind: 'related_party_link' }>[];
}

/**
 * Sorts records by kind.
 *
 * @example groupRecordsByKind(records).penalty.length // number of penalties
 */
export function groupRecordsByKind(records: Iterable<CreditRecord>): RecordsByKind {
  const groups: RecordsByKind = {
    penalty: [],
    abnormal_operations_listing: [],
    serious_dishonesty_listing: [],
    annual_report: [],
    complaint: [],
    inspection_result: [],
    honour: [],
    soft_measure: [],
    related_party_link: [],
  };
  for (const record of records) (groups[record.kind] as CreditRecord[]).push(record);
  return groups;
}

/** An indicator ready to compute: reads grouped records, the enterprise and the date. */
export type IndicatorComputation = (
  enterprise: Enterprise,
  records: RecordsByKind,
  asOf: string,
  decay: (name: string) => DecayAtDate,
  context: EvaluationContext,
) => number;

function sumDecayed<T>(items: readonly T[], asOf: string, decay: DecayAtDate, dateOf: (item: T) => string, weightOf: (item: T) => number): number {
  let total = 0;
  for (const item of items) {
    const date = dateOf(item);
    if (date > asOf) continue;
    const itemWeight = weightOf(item);
    if (itemWeight !== 0) total += itemWeight * decay.weightOf(date);
  }
  return total;
}

/**
 * Turns an indicator definition into its computation.
 *
 * @example prepareIndicator({ name: 'abnormal_listed', function: 'listed', params: { list: 'abnormal_operations' }, ... })
 */
export function prepareIndicator(definition: IndicatorDefinition): IndicatorComputation {
  switch (definition.function) {
    case 'enterprise_age_years': {
      const cap = definition.params.capYears;
      return (enterprise, _records, asOf) => Math.min(cap, completedYears(enterprise.registrationDate, asOf));
    }
    case 'has_flag': {
      const flags = new Set<string>(definition.params.flags);
      return (enterprise) => (enterprise.flags.some((flag) => flags.has(flag)) ? 1 : 0);
    }
    case 'penalty_weight': {
      const { decay, severityWeights, exemptWeight, leniencyWeights } = definition.params;
      const weights: Record<PenaltySeverity, number> = severityWeights;
      const weightOf = (penalty: Penalty): number => {
        if (leniencyWeights && penalty.leniencyList) return leniencyWeights[penalty.leniencyList];
        return penalty.firstViolationExempt || penalty.minorViolationExempt ? exemptWeight : weights[penalty.severity];
      };
      return (_enterprise, records, asOf, decayOf) => sumDecayed(records.penalty, asOf, decayOf(decay), (penalty) => penalty.date, weightOf);
    }
    case 'listed': {
      const list = definition.params.list;
      return (_enterprise, records, asOf) => {
        const listings = list === 'abnormal_operations' ? records.abnormal_operations_listing : records.serious_dishonesty_listing;
        for (const listing of listings) if (isListedAt(listing, asOf)) return 1;
        return 0;
      };
    }
    case 'listing_history': {
      const { list, decay } = definition.params;
      return (_enterprise, records, asOf, decayOf) => {
        const listings: readonly { listedDate: string }[] =
          list === 'abnormal_operations' ? records.abnormal_operations_listing : records.serious_dishonesty_listing;
        return sumDecayed(listings, asOf, decayOf(decay), (listing) => listing.listedDate, () => 1);
      };
    }
    case 'annual_reports_missing': {
      const decay = definition.params.decay;
      return (_enterprise, records, asOf, decayOf) => {
        const decayAtDate = decayOf(decay);
        let total = 0;
        for (const report of records.annual_report) {
          const due = annualReportDueDate(report.year);
          // Missing from the day after the due date until the day it is filed.
          if (due < asOf && (report.filedDate === null || report.filedDate > asOf)) total += decayAtDate.weightOf(due);
        }
        return total;
      };
    }
    case 'annual_reports_late': {
      const decay = definition.params.decay;
      return (_enterprise, records, asOf, decayOf) => {
        const decayAtDate = decayOf(decay);
        let total = 0;
        for (const report of records.annual_report) {
          const due = annualReportDueDate(report.year);
          if (report.filedDate !== null && report.filedDate <= asOf && report.filedDate > due) total += decayAtDate.weightOf(due);
        }
        return total;
      };
    }
    case 'inspection_outcomes': {
      const { decay, outcomeWeights } = definition.params;
      const weights: Record<InspectionOutcome, number> = outcomeWeights;
      return (_enterprise, records, asOf, decayOf) =>
        sumDecayed(records.inspection_result, asOf, decayOf(decay), (result) => result.date, (result) => weights[result.outcome]);
    }
    case 'complaints': {
      const { decay, substantiated } = definition.params;
      return (_enterprise, records, asOf, decayOf) =>
        sumDecayed(records.complaint, asOf, decayOf(decay), (complaint) => complaint.date, (complaint) => (complaint.substantiated === substantiated ? 1 : 0));
    }
    case 'honours': {
      const { decay, type, fulfilled } = definition.params;
      return (_enterprise, records, asOf, decayOf) =>
        sumDecayed(records.honour, asOf, decayOf(decay), (honour) => honour.date, (honour) => (honour.type === type && honour.fulfilled === fulfilled ? 1 : 0));
    }
    case 'related_dishonest':
      return (enterprise, records, asOf, _decayOf, context) => {
        const index = context.relatedParties;
        if (!index || records.related_party_link.length === 0) return 0;
        const others = new Set<string>();
        for (const link of records.related_party_link) {
          if (!isLinkActive(link, asOf)) continue;
          for (const code of index.get(link.personId) ?? []) if (code !== enterprise.creditCode) others.add(code);
        }
        return others.size;
      };
  }
}
