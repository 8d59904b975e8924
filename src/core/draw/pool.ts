/**
 * Pool building (抽查对象库), pure: a task's candidates are the directory entries matching
 * its conditions; the pool is the candidates minus exclusions, and every excluded
 * enterprise gets exactly one reason, the first that applies in this order:
 *
 * 1. `deregistered`: deregistered (注销), revoked (吊销) or moved out (迁出);
 * 2. `observation_period` (观察期): soft measures only, so only trigger tasks reach it;
 * 3. `tier_not_in_round`: its stratum's frequency does not cover this round (planned tasks);
 * 4. `jointly_inspected_this_year`: selected this year by an earlier drawn JOINT task
 *    (综合查一次: two or more departments) that shares an item category with this task and
 *    has one of this task's departments, unless this task is another round of the same
 *    planned series (`jointInspectionExcludes`; planned tasks only);
 * 5. `annual_cap`: selected by earlier drawn planned tasks of the year as often as the cap
 *    (planned tasks only).
 *
 * Strata: the enterprise's tier in the task's evaluation run. An enterprise the run did not
 * evaluate (registered after it, typically) goes to stratum B, 信用风险一般, the tier the
 * classification rules give an enterprise without a credit history. A task without an
 * evaluation run has the single stratum `ALL`.
 *
 * Observation without an evaluation run: a new business form (新业态) registered less than
 * two years before the freeze date.
 */
import type { EnterpriseFlag, EnterpriseStatus, EntityType } from '../enterprise.ts';
import { UNTIERED_STRATUM } from '../policy/sampling-policy.ts';
import type { Tier } from '../policy/tier.ts';
import type { TaskTrigger } from './record.ts';

/** Which directory entries a task considers; an absent or empty list does not filter. */
export interface TaskConditions {
  /** GB/T 2260 codes or prefixes (`3501` is the whole city). */
  readonly regions?: readonly string[];
  /** GB/T 4754 codes or prefixes (`C` is all manufacturing). */
  readonly industries?: readonly string[];
  readonly entityTypes?: readonly EntityType[];
  /** The enterprise carries at least one of these flags. */
  readonly flags?: readonly EnterpriseFlag[];
  /**
   * The code of a self-inspection task (自查): only enterprises whose report in it was
   * accepted, so the on-site follow-up samples the accepted reports.
   */
  readonly acceptedReportsOf?: string;
}

export interface PoolCandidate {
  readonly code: string;
  readonly regionCode: string;
  readonly industryCode: string;
  readonly entityType: string;
  readonly status: EnterpriseStatus | string;
  readonly flags: readonly string[];
  /** YYYY-MM-DD. */
  readonly registrationDate: string;
  /** The enterprise's evaluation in the task's run, when the task has one and it was evaluated. */
  readonly evaluation?: { readonly tier: Tier; readonly observation: boolean };
  /** Whether its report in the task `TaskConditions.acceptedReportsOf` names was accepted (loaded only for such a task). */
  readonly reportAccepted?: boolean;
}

export const EXCLUSION_REASONS = ['deregistered', 'observation_period', 'tier_not_in_round', 'jointly_inspected_this_year', 'annual_cap'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface PoolRules {
  readonly trigger: TaskTrigger;
  /** True when the task uses an evaluation run (strata A-D), false for the single stratum. */
  readonly tiered: boolean;
  /** The strata the round includes (see `combineStratumPolicies`). */
  readonly includedStrata: readonly string[];
  readonly annualCap: number;
  /** The freeze date (YYYY-MM-DD), for observation periods without an evaluation run. */
  readonly asOf: string;
  readonly conditions: TaskConditions;
}

export interface PoolHistory {
  /** Enterprises a joint inspection of the year keeps out of this task (`jointlyInspectedFor`). */
  readonly jointlyInspected: ReadonlySet<string>;
  /** Times each enterprise was selected this year by earlier drawn planned tasks. */
  readonly plannedSelections: ReadonlyMap<string, number>;
}

export interface PoolBuild {
  /** Members with their strata, in candidate order. */
  readonly members: readonly { readonly code: string; readonly stratum: string }[];
  readonly excluded: readonly { readonly code: string; readonly reason: ExclusionReason }[];
  /** Count per reason, in the order above; reasons with no enterprise are left out. */
  readonly exclusions: readonly { readonly reason: ExclusionReason; readonly count: number }[];
  /** Candidates matching the conditions (members + excluded). */
  readonly candidates: number;
  /** Members placed in stratum B because the run did not evaluate them. */
  readonly notEvaluated: number;
}

/** A task as the joint-inspection rule sees it: the task being frozen, or an earlier joint task. */
export interface JointRuleTask {
  readonly round: number;
  readonly trigger: TaskTrigger;
  readonly items: readonly string[];
  readonly departments: readonly string[];
  /** The categories of its items. */
  readonly categories: readonly string[];
}

/** An earlier drawn task of the year and the enterprises it selected (`loadYearHistory` gives the joint ones). */
export interface JointInspection extends JointRuleTask {
  readonly task: string;
  readonly selected: readonly string[];
}

const sameMembers = (left: readonly string[], right: readonly string[]): boolean => {
  const set = new Set(left);
  return set.size === new Set(right).size && right.every((entry) => set.has(entry));
};

/**
 * Whether two planned tasks are rounds of one planned series: the same items inspected by
 * the same departments (order and team sizes do not matter). The plan describes a task
 * inspected "twice a year" as one task per round with the same items and departments.
 *
 * @example isSamePlannedSeries({ trigger: 'planned', items: ['XY-01', 'XY-02'], departments: ['信用科', '食品科'], … }, { trigger: 'planned', items: ['XY-02', 'XY-01'], departments: ['食品科', '信用科'], … }) // true
 */
export function isSamePlannedSeries(left: JointRuleTask, right: JointRuleTask): boolean {
  return left.trigger === 'planned' && right.trigger === 'planned' && sameMembers(left.items, right.items) && sameMembers(left.departments, right.departments);
}

/**
 * The bureau's rule for 综合查一次: an enterprise that had a joint inspection this year (a
 * task of two or more departments) is not inspected again, separately, for the same category
 * by the departments that took part in it. So an earlier joint task keeps its selected
 * enterprises out of `task` exactly when:
 * - `task` is planned (a complaint, referral or superior assignment is never held back);
 * - `joint` has two or more departments;
 * - they share an item category;
 * - at least one of `task`'s departments took part in `joint` (that department would
 *   inspect again);
 * - `task` is not another round of the same planned series (`isSamePlannedSeries`): the
 *   plan's own rounds for the category are not a separate inspection.
 *
 * @example
 * const joint = { round: 1, trigger: 'planned', items: ['G1'], departments: ['信用科', '食品科'], categories: ['registration'] };
 * jointInspectionExcludes(joint, { ...joint, round: 2 }) // false: round 2 of the same series
 * jointInspectionExcludes(joint, { round: 2, trigger: 'planned', items: ['G2'], departments: ['食品科'], categories: ['registration'] }) // true
 */
export function jointInspectionExcludes(joint: JointRuleTask, task: JointRuleTask): boolean {
  if (task.trigger !== 'planned' || joint.departments.length < 2) return false;
  if (!joint.categories.some((category) => task.categories.includes(category))) return false;
  if (!task.departments.some((department) => joint.departments.includes(department))) return false;
  return !(isSamePlannedSeries(joint, task) && joint.round !== task.round);
}

/**
 * The enterprises the year's earlier joint inspections keep out of `task`
 * (`PoolHistory.jointlyInspected`).
 *
 * @example jointlyInspectedFor(task, [{ task: '2027-ZH-01', selected: ['9135…'], … }]) // Set { '9135…' } or Set {}
 */
export function jointlyInspectedFor(task: JointRuleTask, inspections: readonly JointInspection[]): Set<string> {
  const codes = new Set<string>();
  for (const inspection of inspections) {
    if (jointInspectionExcludes(inspection, task)) for (const code of inspection.selected) codes.add(code);
  }
  return codes;
}

/** What the year's earlier drawn tasks did, as the store loads it for a freeze. */
export interface YearHistory {
  /** The earlier drawn joint tasks (two or more departments), each with whom it selected. */
  readonly jointInspections: readonly JointInspection[];
  /** Times each enterprise was selected this year by earlier drawn planned tasks. */
  readonly plannedSelections: ReadonlyMap<string, number>;
}

/** The history of a task that nothing earlier holds back (trigger tasks, whole-year derivations). */
export const NO_POOL_HISTORY: PoolHistory = { jointlyInspected: new Set(), plannedSelections: new Map() };

/**
 * The part of the year's history that applies to `task`.
 *
 * @example poolHistoryFor(task, await loadYearHistory(db, 2027)) // { jointlyInspected: Set {…}, plannedSelections: Map {…} }
 */
export function poolHistoryFor(task: JointRuleTask, year: YearHistory): PoolHistory {
  return { jointlyInspected: jointlyInspectedFor(task, year.jointInspections), plannedSelections: year.plannedSelections };
}

const GONE_STATUSES = new Set(['deregistered', 'revoked', 'moved_out']);
const OBSERVATION_YEARS = 2;

const matchesPrefix = (value: string, prefixes: readonly string[] | undefined): boolean =>
  prefixes === undefined || prefixes.length === 0 || prefixes.some((prefix) => value.startsWith(prefix));

/**
 * Whether a directory entry meets a task's conditions.
 *
 * @example matchesConditions(candidate, { regions: ['3501'], flags: ['food'] }) // true for a Fuzhou food business
 */
export function matchesConditions(candidate: PoolCandidate, conditions: TaskConditions): boolean {
  if (!matchesPrefix(candidate.regionCode, conditions.regions)) return false;
  if (!matchesPrefix(candidate.industryCode, conditions.industries)) return false;
  if (conditions.entityTypes && conditions.entityTypes.length > 0 && !(conditions.entityTypes as readonly string[]).includes(candidate.entityType)) return false;
  if (conditions.flags && conditions.flags.length > 0 && !conditions.flags.some((flag) => candidate.flags.includes(flag))) return false;
  if (conditions.acceptedReportsOf !== undefined && candidate.reportAccepted !== true) return false;
  return true;
}

/**
 * The observation period of a new business form without an evaluation: registered less than
 * two years before `asOf` (both YYYY-MM-DD).
 *
 * @example isNewBusinessFormInObservation({ flags: ['new_business_form'], registrationDate: '2025-06-01' }, '2026-11-01') // true
 */
export function isNewBusinessFormInObservation(candidate: Pick<PoolCandidate, 'flags' | 'registrationDate'>, asOf: string): boolean {
  if (!candidate.flags.includes('new_business_form')) return false;
  const until = `${String(Number(candidate.registrationDate.slice(0, 4)) + OBSERVATION_YEARS).padStart(4, '0')}${candidate.registrationDate.slice(4)}`;
  return asOf < until;
}

/**
 * Builds a task's pool from its candidates.
 *
 * @example
 * buildPool(candidates, { trigger: 'planned', tiered: true, includedStrata: ['B', 'C', 'D'], annualCap: 2, asOf: '2027-03-01', conditions: {} }, history)
 * // { members: [{ code, stratum: 'C' }, …], exclusions: [{ reason: 'deregistered', count: 12 }, …], … }
 */
export function buildPool(candidates: Iterable<PoolCandidate>, rules: PoolRules, history: PoolHistory): PoolBuild {
  const planned = rules.trigger === 'planned';
  const included = new Set(rules.includedStrata);
  const members: { code: string; stratum: string }[] = [];
  const excluded: { code: string; reason: ExclusionReason }[] = [];
  const counts = new Map<ExclusionReason, number>();
  let matching = 0;
  let notEvaluated = 0;
  const exclude = (code: string, reason: ExclusionReason) => {
    excluded.push({ code, reason });
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  };
  for (const candidate of candidates) {
    if (!matchesConditions(candidate, rules.conditions)) continue;
    matching++;
    const { code } = candidate;
    if (GONE_STATUSES.has(candidate.status)) {
      exclude(code, 'deregistered');
      continue;
    }
    const observation = candidate.evaluation ? candidate.evaluation.observation : isNewBusinessFormInObservation(candidate, rules.asOf);
    if (observation && planned) {
      exclude(code, 'observation_period');
      continue;
    }
    const stratum = rules.tiered ? (candidate.evaluation?.tier ?? 'B') : UNTIERED_STRATUM;
    if (!included.has(stratum)) {
      exclude(code, 'tier_not_in_round');
      continue;
    }
    if (planned && history.jointlyInspected.has(code)) {
      exclude(code, 'jointly_inspected_this_year');
      continue;
    }
    if (planned && (history.plannedSelections.get(code) ?? 0) >= rules.annualCap) {
      exclude(code, 'annual_cap');
      continue;
    }
    if (rules.tiered && !candidate.evaluation) notEvaluated++;
    members.push({ code, stratum });
  }
  const exclusions = EXCLUSION_REASONS.filter((reason) => counts.has(reason)).map((reason) => ({ reason, count: counts.get(reason) as number }));
  return { members, excluded, exclusions, candidates: matching, notEvaluated };
}
