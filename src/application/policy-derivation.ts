/**
 * Deriving an item's sampling policy from the database (issue 7), and adopting it.
 *
 * Derivation reads, and stores nothing: the item's candidate pool under the evaluation run
 * (the conditions of the year's planned tasks of the item, through the same `buildPool` the
 * freeze uses, so the exclusions are the draw's), the tier counts of that pool, the
 * observed problem rates per tier in past inspection results, the rounds of the year's plan,
 * and then `deriveRatios`. Exclusions that depend on a round or on earlier draws of the year
 * (tier not in round, jointly inspected, annual cap) are not applied: the derivation plans
 * the whole year before any draw.
 *
 * Adoption derives again, checks that the result is what staff reviewed (`derivationHash`),
 * keeps the annual cap at least the largest frequency (so the pools of the policy's own
 * rounds draw exactly what the derivation counts), and in one transaction stores it as the item's next policy version, the derivation beside
 * it, and the signed `suiji.policy/1` record appended to the publication log. The record
 * carries per-tier ratios, minimums and frequencies (public policy) and aggregate counts;
 * never an enterprise or its tier.
 */
import { buildPool, EXCLUSION_REASONS, NO_POOL_HISTORY, type ExclusionReason, type PoolCandidate, type TaskConditions } from '../core/draw/pool.ts';
import {
  DEFAULT_FALLBACK_WEIGHTS,
  DEFAULT_FLOOR_RATIO,
  DEFAULT_FREQUENCY_LIMITS,
  DEFAULT_MINIMUM_RESULTS,
  DEFAULT_TIER_BOUNDS,
  deriveRatios,
  type CapacityInput,
  type Derivation,
  type DerivationInputIssue,
  type InspectionHistory,
  type TierBounds,
} from '../core/policy/derivation.ts';
import { describeSamplingPolicyIssue, validateSamplingPolicy, type SamplingPolicy, type SamplingPolicyIssue, type TierPolicy } from '../core/policy/sampling-policy.ts';
import type { Language } from '../core/language.ts';
import { mapTiers, TIERS, type PerTier, type Tier } from '../core/policy/tier.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { ApprovalMark } from '../core/four-eyes.ts';
import { computeRecordHash, type SignedEnvelope } from '../core/signature.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';
import { loadPoolCandidates } from '../persistence/draw-repository.ts';
import { findEvaluationRun } from '../persistence/evaluation-store.ts';
import { findAnnualPlan, findCurrentPolicies, findInspectionItems, insertSamplingPolicyVersion, listTasks, markPolicyAdopted, type InspectionItemRow, type SamplingPolicyRow } from '../persistence/inspection-repository.ts';
import { runRollbackableTransaction } from '../persistence/rollback-transaction.ts';
import { countActiveInspectors, countInspectionResultsByTier, insertPolicyAdoption, lockInspectionItem } from '../persistence/policy-store.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { nodeSha256 } from './node-hash.ts';
import { appendRecordToLog } from './publication-log.ts';
import { formatRecordTime } from './record-time.ts';
import { signRecord } from './record-signing.ts';

export const POLICY_RECORD_FORMAT = 'suiji.policy/1';

/** Capacity as staff give it; `inspectors` defaults to the active inspectors of the item's department. */
export type CapacityRequest =
  | { readonly per: 'year' | 'round'; readonly inspections: number }
  | { readonly per: 'inspectors'; readonly inspectionsPerInspectorPerRound: number; readonly teamSize: number; readonly inspectors?: number | undefined };

export interface DerivationRequest {
  readonly itemCode: string;
  readonly year: number;
  readonly evaluationRunId: number;
  readonly capacity: CapacityRequest;
  readonly bounds?: PerTier<TierBounds> | undefined;
  readonly floorRatio?: string | undefined;
  readonly minimums?: PerTier<number> | undefined;
  readonly frequencyLimits?: PerTier<number> | undefined;
  readonly fallbackWeights?: PerTier<string> | undefined;
  readonly minimumResults?: number | undefined;
  /** The pool's conditions; by default those of the year's planned tasks of the item (any of them), or the whole directory. */
  readonly conditions?: TaskConditions | undefined;
  /** Count only inspection results of this item; by default results of every item count. */
  readonly resultsOfItemOnly?: boolean | undefined;
}

/** The item's candidate pool for the year, as derivation and simulation see it. */
export interface ItemPool {
  /** Where the conditions came from. */
  readonly conditionsFrom: 'request' | 'tasks' | 'whole_directory';
  readonly conditions: readonly TaskConditions[];
  readonly tasks: readonly string[];
  readonly candidates: number;
  readonly members: number;
  readonly exclusions: readonly { readonly reason: ExclusionReason; readonly count: number }[];
  /** Members the run did not evaluate, counted in tier B (as the draw does). */
  readonly notEvaluated: number;
  readonly tierCounts: PerTier<number>;
}

/** Everything the derivation was computed from; with the derivation, what `derivationHash` covers. */
export interface DerivationBasis {
  readonly itemCode: string;
  readonly year: number;
  readonly roundsPerYear: number;
  readonly evaluationRun: { readonly id: number; readonly asOf: string; readonly modelKey: string };
  readonly pool: ItemPool;
  readonly capacity: CapacityInput;
  readonly bounds: PerTier<TierBounds>;
  readonly floorRatio: string;
  readonly minimums: PerTier<number>;
  readonly frequencyLimits: PerTier<number>;
  readonly fallbackWeights: PerTier<string>;
  readonly minimumResults: number;
  readonly results: { readonly scope: 'all_items' | 'item'; readonly asOf: string; readonly perTier: PerTier<InspectionHistory> };
}

export interface ItemDerivation {
  readonly basis: DerivationBasis;
  readonly derivation: Derivation;
  /** sha256hex(canonical({ basis, derivation })): give it back on adoption to adopt exactly this. */
  readonly derivationHash: string;
}

/** What derivation and simulation both need from the store: the item, its plan, a completed run. */
export type PolicyBasisIssue =
  | { readonly code: 'item_not_found'; readonly itemCode: string }
  | { readonly code: 'plan_missing'; readonly year: number }
  | { readonly code: 'evaluation_run_unusable'; readonly runId: number; readonly status: string | undefined };

export type PolicyDerivationIssue = PolicyBasisIssue | { readonly code: 'invalid_input'; readonly issues: readonly DerivationInputIssue[] };

export type PolicyAdoptionIssue =
  | PolicyDerivationIssue
  | { readonly code: 'infeasible'; readonly reason: string; readonly shortfall: number }
  | { readonly code: 'derivation_changed'; readonly expected: string; readonly actual: string }
  /** A cap below a frequency would keep the policy's own later rounds from drawing what the derivation counts. */
  | { readonly code: 'annual_cap_below_frequency'; readonly annualCap: number; readonly frequency: number }
  | { readonly code: 'policy_invalid'; readonly issues: readonly SamplingPolicyIssue[] };

interface Loaded {
  readonly item: InspectionItemRow;
  readonly roundsPerYear: number;
  readonly run: { readonly id: number; readonly asOf: string; readonly modelKey: string };
}

async function loadContext(db: Executor, itemCode: string, year: number, runId: number): Promise<Result<Loaded, PolicyDerivationIssue>> {
  const [item] = await findInspectionItems(db, [itemCode]);
  if (!item) return err({ code: 'item_not_found', itemCode });
  const plan = await findAnnualPlan(db, year);
  if (!plan) return err({ code: 'plan_missing', year });
  const run = await findEvaluationRun(db, runId);
  if (run?.status !== 'completed') return err({ code: 'evaluation_run_unusable', runId, status: run?.status });
  return ok({ item, roundsPerYear: plan.roundsPerYear, run: { id: run.id, asOf: run.asOf, modelKey: run.modelKey } });
}

/**
 * The item's candidate pool under an evaluation run: candidates matching any condition set
 * (a union, each enterprise once), minus the exclusions that hold for the whole year, by
 * `buildPool` itself.
 *
 * @example await buildItemPool(db, { itemCode: 'SP-01', year: 2027, runId: 3, asOf: '2027-01-01' }) // { tierCounts: { A: 812, … }, exclusions, … }
 */
export async function buildItemPool(
  db: Executor,
  options: { readonly itemCode: string; readonly year: number; readonly runId: number; readonly asOf: string; readonly conditions?: TaskConditions | undefined },
): Promise<ItemPool> {
  const tasks = (await listTasks(db, { year: options.year })).filter((task) => task.trigger === 'planned' && task.items.includes(options.itemCode));
  const distinct = new Map<string, TaskConditions>();
  for (const task of tasks) distinct.set(JSON.stringify(task.conditions), task.conditions as TaskConditions);
  const conditionsFrom = options.conditions ? 'request' : distinct.size > 0 ? 'tasks' : 'whole_directory';
  const conditionSets = options.conditions ? [options.conditions] : distinct.size > 0 ? [...distinct.values()] : [{}];
  const candidates: PoolCandidate[] = await loadPoolCandidates(db, options.runId);
  const memberStrata = new Map<string, string>();
  const excludedReasons = new Map<string, ExclusionReason>();
  const matching = new Set<string>();
  for (const conditions of conditionSets) {
    const built = buildPool(
      candidates,
      { trigger: 'planned', tiered: true, includedStrata: TIERS, annualCap: Number.MAX_SAFE_INTEGER, asOf: options.asOf, conditions },
      NO_POOL_HISTORY,
    );
    for (const member of built.members) {
      if (memberStrata.has(member.code)) continue;
      memberStrata.set(member.code, member.stratum);
      matching.add(member.code);
    }
    for (const excluded of built.excluded) {
      matching.add(excluded.code);
      if (!excludedReasons.has(excluded.code)) excludedReasons.set(excluded.code, excluded.reason);
    }
  }
  const evaluated = new Set(candidates.filter((candidate) => candidate.evaluation).map((candidate) => candidate.code));
  const notEvaluated = [...memberStrata.keys()].filter((code) => !evaluated.has(code)).length;
  const counts = new Map<string, number>();
  for (const stratum of memberStrata.values()) counts.set(stratum, (counts.get(stratum) ?? 0) + 1);
  const reasonCounts = new Map<ExclusionReason, number>();
  for (const reason of excludedReasons.values()) reasonCounts.set(reason, (reasonCounts.get(reason) ?? 0) + 1);
  return {
    conditionsFrom,
    conditions: conditionSets,
    tasks: tasks.map((task) => task.code),
    candidates: matching.size,
    members: memberStrata.size,
    exclusions: EXCLUSION_REASONS.filter((reason) => reasonCounts.has(reason)).map((reason) => ({ reason, count: reasonCounts.get(reason) as number })),
    notEvaluated,
    tierCounts: mapTiers((tier) => counts.get(tier) ?? 0),
  };
}

/**
 * Past inspection results per tier of the run, dated up to the run's date.
 *
 * @example await loadResultsPerTier(db, run, 'SP-01', false) // { scope: 'all_items', perTier: { A: { inspected: 40, problemsFound: 1 }, … } }
 */
export async function loadResultsPerTier(
  db: Executor,
  run: { readonly id: number; readonly asOf: string },
  itemCode: string,
  itemOnly: boolean,
): Promise<DerivationBasis['results']> {
  const counts = await countInspectionResultsByTier(db, run.id, run.asOf, itemOnly ? itemCode : undefined);
  return { scope: itemOnly ? 'item' : 'all_items', asOf: run.asOf, perTier: mapTiers((tier) => counts[tier] ?? { inspected: 0, problemsFound: 0 }) };
}

async function resolveCapacity(db: Executor, capacity: CapacityRequest, department: string): Promise<CapacityInput> {
  if (capacity.per !== 'inspectors') return { per: capacity.per, inspections: capacity.inspections };
  const inspectors = capacity.inspectors ?? (await countActiveInspectors(db, department));
  return { per: 'inspectors', inspectors, inspectionsPerInspectorPerRound: capacity.inspectionsPerInspectorPerRound, teamSize: capacity.teamSize };
}

/**
 * Derives an item's policy for a year from the database; stores nothing.
 *
 * @example
 * await deriveItemPolicy(database.db, { itemCode: 'SP-01', year: 2027, evaluationRunId: 3, capacity: { per: 'year', inspections: 600 } })
 * // ok({ basis: { pool: { tierCounts }, results, … }, derivation: { feasible: true, tiers, explanation }, derivationHash })
 */
export async function deriveItemPolicy(db: Executor, request: DerivationRequest): Promise<Result<ItemDerivation, PolicyDerivationIssue>> {
  const context = await loadContext(db, request.itemCode, request.year, request.evaluationRunId);
  if (!context.ok) return context;
  const { item, roundsPerYear, run } = context.value;
  const pool = await buildItemPool(db, { itemCode: item.code, year: request.year, runId: run.id, asOf: run.asOf, conditions: request.conditions });
  const results = await loadResultsPerTier(db, run, item.code, request.resultsOfItemOnly === true);
  const basis: DerivationBasis = {
    itemCode: item.code,
    year: request.year,
    roundsPerYear,
    evaluationRun: run,
    pool,
    capacity: await resolveCapacity(db, request.capacity, item.department),
    bounds: request.bounds ?? DEFAULT_TIER_BOUNDS,
    floorRatio: request.floorRatio ?? DEFAULT_FLOOR_RATIO,
    minimums: request.minimums ?? mapTiers(() => 0),
    frequencyLimits: request.frequencyLimits ?? DEFAULT_FREQUENCY_LIMITS,
    fallbackWeights: request.fallbackWeights ?? DEFAULT_FALLBACK_WEIGHTS,
    minimumResults: request.minimumResults ?? DEFAULT_MINIMUM_RESULTS,
    results,
  };
  const derived = deriveRatios({
    tierCounts: pool.tierCounts,
    roundsPerYear,
    capacity: basis.capacity,
    bounds: basis.bounds,
    floorRatio: basis.floorRatio,
    minimums: basis.minimums,
    frequencyLimits: basis.frequencyLimits,
    history: results.perTier,
    fallbackWeights: basis.fallbackWeights,
    minimumResults: basis.minimumResults,
  });
  if (!derived.ok) return err({ code: 'invalid_input', issues: derived.error });
  const derivation = derived.value;
  return ok({ basis, derivation, derivationHash: computeRecordHash({ basis, derivation }, nodeSha256) });
}

/** The published record of an adopted policy: public policy and aggregate counts only. */
export interface PolicyRecord {
  readonly format: typeof POLICY_RECORD_FORMAT;
  readonly item: { readonly code: string; readonly name: string; readonly department: string; readonly legalBasis: string };
  readonly year: number;
  readonly version: number;
  readonly roundsPerYear: number;
  /** Record time (Asia/Shanghai offset). */
  readonly adoptedAt: string;
  readonly tiers: PerTier<{
    readonly ratio: string;
    readonly minimum: number;
    readonly frequency: number;
    readonly rounds: readonly number[];
    readonly bounds: TierBounds;
    readonly members: number;
    readonly expectedInspections: number;
    readonly decision: string;
  }>;
  readonly annualCap: number;
  readonly untiered: TierPolicy | null;
  readonly overrideReason: string | null;
  readonly floorRatio: string;
  readonly capacity: { readonly given: number; readonly used: number; readonly unused: number; readonly basis: CapacityInput };
  readonly riskWeights: PerTier<{ readonly weight: string; readonly source: 'observed' | 'configured'; readonly results: number }>;
  readonly tierCountsAsOf: string;
  readonly explanation: readonly string[];
  readonly derivationHash: string;
  /** Staff who adopted it, proposer then approver (issue 13); absent from records adopted before four eyes. */
  readonly approvedBy?: readonly string[];
  /** False when one admin adopted it alone (`FOUR_EYES=off`). */
  readonly fourEyes?: boolean;
}

export interface AdoptionRequest extends DerivationRequest {
  /** The hash of the derivation staff reviewed; adoption refuses if the data changed since. */
  readonly derivationHash?: string | undefined;
  /**
   * Defaults to the current version's cap, raised to the policy's largest frequency (at
   * least 1); a cap given below that frequency is refused (`annual_cap_below_frequency`).
   */
  readonly annualCap?: number | undefined;
  /** Defaults to the current version's untiered policy, if any. */
  readonly untiered?: TierPolicy | undefined;
  readonly overrideReason?: string | undefined;
}

export interface Adoption {
  readonly policy: SamplingPolicyRow;
  readonly derivationHash: string;
  readonly envelope: SignedEnvelope<PolicyRecord>;
  readonly leafIndex: number;
  readonly treeSize: number;
}

/**
 * Adopts a derivation as the item's next policy version for the year and publishes it, with
 * who approved it (`approvedBy`, `fourEyes`: issue 13).
 *
 * @example await adoptItemPolicy(database, keys, { itemCode: 'SP-01', year: 2027, evaluationRunId: 3, capacity, derivationHash }, { approval: approvedByTwo('li.admin', 'wang.admin') })
 * // ok({ policy: { version: 2, … }, envelope: { record: { format: 'suiji.policy/1', approvedBy: ['li.admin', 'wang.admin'], fourEyes: true, … }, … }, leafIndex })
 */
export async function adoptItemPolicy(
  database: DatabaseHandle,
  keys: BureauKeys,
  request: AdoptionRequest,
  options: { readonly now?: Date; readonly approval: ApprovalMark },
): Promise<Result<Adoption, PolicyAdoptionIssue>> {
  return runRollbackableTransaction(database, async (transaction) => {
    const adopted = await adoptItemPolicyWithin(transaction, keys, request, options);
    return { commit: adopted.ok, value: adopted };
  });
}

/** `adoptItemPolicy` inside the caller's transaction (an approval that carries it out). */
export async function adoptItemPolicyWithin(
  transaction: Executor,
  keys: BureauKeys,
  request: AdoptionRequest,
  options: { readonly now?: Date; readonly approval: ApprovalMark },
): Promise<Result<Adoption, PolicyAdoptionIssue>> {
  const now = options.now ?? new Date();
  await lockInspectionItem(transaction, request.itemCode);
  const derived = await deriveItemPolicy(transaction, request);
  if (!derived.ok) return derived;
  const { basis, derivation, derivationHash } = derived.value;
  if (request.derivationHash !== undefined && request.derivationHash !== derivationHash) {
    return err({ code: 'derivation_changed', expected: request.derivationHash, actual: derivationHash });
  }
  if (!derivation.feasible) return err({ code: 'infeasible', reason: derivation.reason, shortfall: derivation.shortfall });
  const [current] = await findCurrentPolicies(transaction, request.year, [request.itemCode]);
  const tiers = mapTiers((tier): TierPolicy => ({ ratio: derivation.tiers[tier].ratio, minimum: derivation.tiers[tier].minimum, frequency: derivation.tiers[tier].frequency }));
  const untiered = request.untiered ?? current?.untiered ?? undefined;
  // Each round selects an enterprise at most once, so a cap of at least the largest frequency never excludes
  // anyone from the policy's own rounds: the pools then draw exactly the derivation's expectedInspections.
  const largestFrequency = Math.max(1, untiered?.frequency ?? 0, ...TIERS.map((tier) => tiers[tier].frequency));
  if (request.annualCap !== undefined && request.annualCap < largestFrequency) {
    return err({ code: 'annual_cap_below_frequency', annualCap: request.annualCap, frequency: largestFrequency });
  }
  const annualCap = request.annualCap ?? Math.max(current?.annualCap ?? 1, largestFrequency);
  const policy: SamplingPolicy = {
    tiers,
    ...(untiered ? { untiered } : {}),
    annualCap,
    ...(request.overrideReason ? { overrideReason: request.overrideReason } : {}),
  };
  const checked = validateSamplingPolicy(policy, basis.roundsPerYear);
  if (!checked.ok) return err({ code: 'policy_invalid', issues: checked.error });
  const row = await insertSamplingPolicyVersion(transaction, { itemCode: request.itemCode, year: request.year, ...policy });
  const [item] = await findInspectionItems(transaction, [request.itemCode]);
  if (!item) throw new Error(`item ${request.itemCode} vanished inside its adoption`);
  if (!(await markPolicyAdopted(transaction, row.id, options.approval, now))) throw new Error(`policy ${row.id} was adopted before it existed`);
  const record = buildPolicyRecord({ item, version: row.version, policy, basis, derivation, derivationHash, adoptedAt: formatRecordTime(now), approval: options.approval });
  const envelope = signRecord(record, keys.signingKey);
  const logged = await appendRecordToLog(
    transaction,
    { kind: 'policy', reference: `${request.itemCode}/${request.year}/v${row.version}`, recordHash: envelope.recordHash },
    keys,
    () => now,
  );
  await insertPolicyAdoption(transaction, {
    policyId: row.id,
    derivation,
    basis,
    derivationHash,
    envelope: JSON.stringify(envelope),
    recordHash: envelope.recordHash,
    leafIndex: logged.leafIndex,
  });
  return ok({ policy: row, derivationHash, envelope, leafIndex: logged.leafIndex, treeSize: logged.treeSize });
}

function buildPolicyRecord(parts: {
  readonly item: InspectionItemRow;
  readonly version: number;
  readonly policy: SamplingPolicy;
  readonly basis: DerivationBasis;
  readonly derivation: Extract<Derivation, { feasible: true }>;
  readonly derivationHash: string;
  readonly adoptedAt: string;
  readonly approval: ApprovalMark;
}): PolicyRecord {
  const { item, policy, basis, derivation } = parts;
  return {
    format: POLICY_RECORD_FORMAT,
    item: { code: item.code, name: item.name, department: item.department, legalBasis: item.legalBasis },
    year: basis.year,
    version: parts.version,
    roundsPerYear: basis.roundsPerYear,
    adoptedAt: parts.adoptedAt,
    tiers: mapTiers((tier: Tier) => {
      const derived = derivation.tiers[tier];
      return {
        ratio: derived.ratio,
        minimum: derived.minimum,
        frequency: derived.frequency,
        rounds: derived.rounds,
        bounds: derived.bounds,
        members: derived.members,
        expectedInspections: derived.expectedInspections,
        decision: derived.decisions.ratio,
      };
    }),
    annualCap: policy.annualCap,
    untiered: policy.untiered ?? null,
    overrideReason: policy.overrideReason ?? null,
    floorRatio: basis.floorRatio,
    capacity: { given: derivation.totals.capacityGiven, used: derivation.totals.capacityUsed, unused: derivation.totals.capacityUnused, basis: basis.capacity },
    riskWeights: mapTiers((tier) => {
      const weight = derivation.tiers[tier].weight;
      return { weight: `${weight.numerator}/${weight.denominator}`, source: weight.source, results: weight.results };
    }),
    tierCountsAsOf: basis.evaluationRun.asOf,
    explanation: [...derivation.explanation, ...TIERS.flatMap((tier) => derivation.tiers[tier].explanation)],
    derivationHash: parts.derivationHash,
    approvedBy: [...parts.approval.approvedBy],
    fourEyes: parts.approval.fourEyes,
  };
}

/** A one-line English reason for a missing item, plan or run. */
export function describePolicyBasisIssue(issue: PolicyBasisIssue, lang: Language): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'item_not_found':
      return zh ? `没有检查事项 ${issue.itemCode}` : `no inspection item ${issue.itemCode}`;
    case 'plan_missing':
      return zh ? `没有 ${issue.year} 年的年度抽查计划；需要它的每年轮数` : `no annual plan for ${issue.year}; its rounds per year are needed`;
    case 'evaluation_run_unusable':
      return zh
        ? `评价批次 ${issue.runId} ${issue.status === undefined || issue.status === null ? '不存在' : `的状态是 ${issue.status}`}；只有已完成的批次才有等级`
        : `evaluation run ${issue.runId} is ${issue.status ?? 'missing'}; only a completed run gives tiers`;
  }
}

/**
 * A one-line reason for a derivation or adoption issue, in Chinese or English.
 *
 * @example describePolicyIssue({ code: 'item_not_found', itemCode: 'SP-9' }, 'zh') // '没有检查事项 SP-9'
 */
export function describePolicyIssue(issue: PolicyAdoptionIssue, lang: Language): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'item_not_found':
    case 'plan_missing':
    case 'evaluation_run_unusable':
      return describePolicyBasisIssue(issue, lang);
    case 'invalid_input': {
      const entries = issue.issues.map((entry) =>
        'path' in entry ? `${entry.path} (${entry.code})` : zh ? `${entry.tier} 类的上下限 ${entry.minRatio}–${entry.maxRatio} 颠倒` : `tier ${entry.tier} bounds ${entry.minRatio}–${entry.maxRatio} reversed`,
      );
      return zh ? `推算输入无效：${entries.join('；')}` : `invalid derivation input: ${entries.join('; ')}`;
    }
    case 'infeasible':
      return zh
        ? `推算不可行（${issue.reason}，每年还差 ${issue.shortfall} 次检查）；不突破某个上下限就不能采纳`
        : `the derivation is infeasible (${issue.reason}, ${issue.shortfall} inspections a year short); it cannot be adopted without breaking a bound`;
    case 'derivation_changed':
      return zh
        ? `推算自审阅后已改变（哈希 ${issue.actual}，审阅时 ${issue.expected}）；请重新推算并审阅`
        : `the derivation changed since it was reviewed (hash ${issue.actual}, reviewed ${issue.expected}); derive again and review`;
    case 'annual_cap_below_frequency':
      return zh
        ? `年度上限 ${issue.annualCap} 低于比例中最大的轮数 ${issue.frequency}：后几轮会排除推算计入的企业；上限至少应为 ${issue.frequency}`
        : `the annual cap ${issue.annualCap} is below the policy's largest frequency ${issue.frequency}: its later rounds would exclude enterprises the derivation counts; give a cap of at least ${issue.frequency}`;
    case 'policy_invalid': {
      const reasons = issue.issues.map((entry) => describeSamplingPolicyIssue(entry, lang));
      return zh ? `推算出的比例不是有效的抽查比例：${reasons.join('；')}` : `the derived policy is not a valid sampling policy: ${reasons.join('; ')}`;
    }
  }
}
