/**
 * The what-if simulator on the database (issue 7): plays an item's policy (an adopted or
 * saved version, or a proposed one) forward for N years over the item's pool under an
 * evaluation run, with `simulatePolicy`.
 *
 * - Tier counts: the item's pool after exclusions (`buildItemPool`, as the derivation).
 * - Annual cap: the stored version's (or the one proposed with a policy): in later rounds
 *   the simulation leaves out enterprises at the cap, as the pools do (`annual_cap`).
 * - Problem rates per tier: the observed rate in past inspection results when a tier has at
 *   least `minimumResults` of them, else the configured fallback weight (as the derivation).
 * - Tier transitions: a given matrix, or estimated from the history of completed runs of the
 *   same model (`estimateTransitionMatrix`): runs about a year apart (at least 330 days),
 *   walking back from the run given; without such a pair, everyone keeps their tier.
 * - Inspector load: active inspectors of the item's department, teams of `teamSize` (given,
 *   else the item's department's team size in the year's tasks, else 2).
 *
 * The same request gives the same report: the seed is in the request (or generated once and
 * returned in the report, so the run can be repeated).
 */
import { randomBytes } from 'node:crypto';
import type { TaskConditions } from '../core/draw/pool.ts';
import type { Language } from '../core/language.ts';
import { DEFAULT_FALLBACK_WEIGHTS, DEFAULT_MINIMUM_RESULTS } from '../core/policy/derivation.ts';
import type { TierPolicy } from '../core/policy/sampling-policy.ts';
import { estimateTransitionMatrix, simulatePolicy, type SimulationInputIssue, type SimulationReport, type TierSnapshotPair, type TransitionMatrix } from '../core/policy/simulation.ts';
import { mapTiers, type PerTier } from '../core/policy/tier.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Executor } from '../persistence/database.ts';
import { findEvaluationRun } from '../persistence/evaluation-store.ts';
import { findAnnualPlan, findInspectionItems, listSamplingPolicies, listTasks } from '../persistence/inspection-repository.ts';
import { countActiveInspectors, listCompletedRuns, loadRunTiers } from '../persistence/policy-store.ts';
import { buildItemPool, describePolicyBasisIssue, loadResultsPerTier, type ItemPool, type PolicyBasisIssue } from './policy-derivation.ts';

/** Runs at least this far apart count as a year apart for transitions. */
const MIN_DAYS_BETWEEN_RUNS = 330;
/** Most year-apart pairs of runs used for the transition estimate. */
const MAX_RUN_PAIRS = 5;
const DEFAULT_TEAM_SIZE = 2;
export const MAX_SIMULATION_YEARS = 50;

export interface SimulationRequest {
  readonly itemCode: string;
  readonly year: number;
  readonly evaluationRunId: number;
  /** A stored version of the item's policy for the year; by default the newest. Ignored with `proposed`. */
  readonly policyVersion?: number | undefined;
  /** A proposed policy per tier, not stored. */
  readonly proposed?: PerTier<TierPolicy> | undefined;
  /** The annual cap of a proposed policy; a stored version's own cap is used otherwise. */
  readonly annualCap?: number | undefined;
  readonly years: number;
  /** Generated (and reported) when absent. */
  readonly seed?: string | undefined;
  readonly transitions?: TransitionMatrix | undefined;
  readonly teamSize?: number | undefined;
  readonly conditions?: TaskConditions | undefined;
  readonly fallbackWeights?: PerTier<string> | undefined;
  readonly minimumResults?: number | undefined;
}

export interface ItemSimulation {
  readonly itemCode: string;
  readonly year: number;
  readonly evaluationRunId: number;
  readonly policy: {
    readonly source: 'version' | 'proposed';
    readonly version: number | null;
    readonly tiers: PerTier<TierPolicy>;
    /** The stored version's cap, the request's for a proposal, or null: no cap (as an adopted derivation, whose cap never binds). */
    readonly annualCap: number | null;
  };
  readonly pool: ItemPool;
  readonly problemRates: PerTier<{ readonly rate: number; readonly source: 'observed' | 'configured'; readonly results: number }>;
  readonly transitions: {
    readonly source: 'given' | 'history' | 'none';
    /** The runs paired, as [earlier, later] ids. */
    readonly runPairs: readonly (readonly [number, number])[];
    readonly matrix: TransitionMatrix | null;
  };
  readonly inspectors: { readonly department: string; readonly inspectors: number; readonly teamSize: number };
  readonly report: SimulationReport;
}

export type SimulationIssue =
  | PolicyBasisIssue
  | { readonly code: 'policy_not_found'; readonly itemCode: string; readonly year: number; readonly version: number | null }
  | { readonly code: 'years_out_of_range'; readonly years: number }
  | { readonly code: 'invalid_input'; readonly issues: readonly SimulationInputIssue[] };

function daysBetween(earlier: string, later: string): number {
  return (Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / 86_400_000;
}

/**
 * Pairs of completed runs about a year apart, walking back from `runId`: each pair's earlier
 * run is the latest one at least 330 days before the later one.
 */
async function yearApartRunPairs(db: Executor, run: { id: number; asOf: string; modelKey: string }): Promise<[number, number][]> {
  const runs = (await listCompletedRuns(db, run.modelKey)).filter((entry) => entry.asOf <= run.asOf);
  const pairs: [number, number][] = [];
  let later = run;
  while (pairs.length < MAX_RUN_PAIRS) {
    const earlier = runs.filter((entry) => daysBetween(entry.asOf, later.asOf) >= MIN_DAYS_BETWEEN_RUNS).at(-1);
    if (!earlier) break;
    pairs.push([earlier.id, later.id]);
    later = { ...earlier, modelKey: run.modelKey };
  }
  return pairs;
}

/**
 * Simulates an item's policy over its pool for `years` years.
 *
 * @example await simulateItemPolicy(db, { itemCode: 'SP-01', year: 2027, evaluationRunId: 3, years: 10, seed: 'what-if' })
 * // ok({ report: { seed: 'what-if', tiers: { D: { uninspectedForYear: 0.04, … } }, … }, transitions: { source: 'history' }, … })
 */
export async function simulateItemPolicy(db: Executor, request: SimulationRequest): Promise<Result<ItemSimulation, SimulationIssue>> {
  if (!Number.isSafeInteger(request.years) || request.years < 1 || request.years > MAX_SIMULATION_YEARS) return err({ code: 'years_out_of_range', years: request.years });
  const [item] = await findInspectionItems(db, [request.itemCode]);
  if (!item) return err({ code: 'item_not_found', itemCode: request.itemCode });
  const plan = await findAnnualPlan(db, request.year);
  if (!plan) return err({ code: 'plan_missing', year: request.year });
  const run = await findEvaluationRun(db, request.evaluationRunId);
  if (run?.status !== 'completed') return err({ code: 'evaluation_run_unusable', runId: request.evaluationRunId, status: run?.status });

  let policy: ItemSimulation['policy'];
  if (request.proposed) {
    policy = { source: 'proposed', version: null, tiers: request.proposed, annualCap: request.annualCap ?? null };
  } else {
    const versions = await listSamplingPolicies(db, { year: request.year, itemCode: request.itemCode });
    const chosen = request.policyVersion === undefined ? versions[0] : versions.find((row) => row.version === request.policyVersion);
    if (!chosen) return err({ code: 'policy_not_found', itemCode: request.itemCode, year: request.year, version: request.policyVersion ?? null });
    policy = { source: 'version', version: chosen.version, tiers: chosen.tiers, annualCap: chosen.annualCap };
  }

  const pool = await buildItemPool(db, { itemCode: item.code, year: request.year, runId: run.id, asOf: run.asOf, conditions: request.conditions });
  const results = await loadResultsPerTier(db, run, item.code, false);
  const minimumResults = request.minimumResults ?? DEFAULT_MINIMUM_RESULTS;
  const fallback = request.fallbackWeights ?? DEFAULT_FALLBACK_WEIGHTS;
  const problemRates = mapTiers((tier) => {
    const { inspected, problemsFound } = results.perTier[tier];
    return inspected > 0 && inspected >= minimumResults
      ? { rate: problemsFound / inspected, source: 'observed' as const, results: inspected }
      : { rate: Number(fallback[tier]), source: 'configured' as const, results: inspected };
  });

  let transitions: ItemSimulation['transitions'];
  if (request.transitions) {
    transitions = { source: 'given', runPairs: [], matrix: request.transitions };
  } else {
    const runPairs = await yearApartRunPairs(db, run);
    const snapshots: TierSnapshotPair[] = [];
    for (const [earlier, later] of runPairs) snapshots.push({ earlier: await loadRunTiers(db, earlier), later: await loadRunTiers(db, later) });
    transitions = runPairs.length > 0 ? { source: 'history', runPairs, matrix: estimateTransitionMatrix(snapshots).matrix } : { source: 'none', runPairs: [], matrix: null };
  }

  const tasks = (await listTasks(db, { year: request.year })).filter((task) => task.items.includes(item.code));
  const teamSize = request.teamSize ?? tasks.flatMap((task) => task.departments).find((entry) => entry.department === item.department)?.teamSize ?? DEFAULT_TEAM_SIZE;
  const inspectorCount = await countActiveInspectors(db, item.department);
  const seed = request.seed ?? randomBytes(8).toString('hex');

  const simulated = simulatePolicy({
    policy: policy.tiers,
    tierCounts: pool.tierCounts,
    roundsPerYear: plan.roundsPerYear,
    years: request.years,
    seed,
    ...(transitions.matrix ? { transitions: transitions.matrix } : {}),
    problemRates: mapTiers((tier) => problemRates[tier].rate),
    ...(inspectorCount > 0 ? { inspectors: { inspectors: inspectorCount, teamSize } } : {}),
    ...(policy.annualCap === null ? {} : { annualCap: policy.annualCap }),
  });
  if (!simulated.ok) return err({ code: 'invalid_input', issues: simulated.error });
  return ok({
    itemCode: item.code,
    year: request.year,
    evaluationRunId: run.id,
    policy,
    pool,
    problemRates,
    transitions,
    inspectors: { department: item.department, inspectors: inspectorCount, teamSize },
    report: simulated.value,
  });
}

/** A one-line English reason for a simulation issue. */
export function describeSimulationIssue(issue: SimulationIssue, lang: Language): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'item_not_found':
    case 'plan_missing':
    case 'evaluation_run_unusable':
      return describePolicyBasisIssue(issue, lang);
    case 'policy_not_found':
      return zh
        ? `事项 ${issue.itemCode} 没有 ${issue.year} 年的抽查比例${issue.version === null ? '' : `第 ${issue.version} 版`}`
        : `no ${issue.year} policy${issue.version === null ? '' : ` version ${issue.version}`} for item ${issue.itemCode}`;
    case 'years_out_of_range':
      return zh ? `年数应为 1 到 ${MAX_SIMULATION_YEARS} 的整数，收到 ${issue.years}` : `years must be a whole number from 1 to ${MAX_SIMULATION_YEARS}, got ${issue.years}`;
    case 'invalid_input': {
      const entries = issue.issues.map((entry) => ('path' in entry ? `${entry.path} (${entry.code})` : entry.code));
      return zh ? `模拟输入无效：${entries.join('；')}` : `invalid simulation input: ${entries.join('; ')}`;
    }
  }
}
