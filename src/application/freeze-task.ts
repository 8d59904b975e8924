/**
 * Freezing a task (spec draw/v1 sections 3 and 6): build the pool from the directory, the
 * task's evaluation run and the year's earlier draws; salt every member; compute the
 * RFC 6962 `poolRoot`; generate the secret nonce and its commitment; store it all, move
 * the task from `planned` to `frozen` once, and publish the signed freeze commitment
 * `suiji.draw-commitment/1` as a publication-log leaf in the same transaction. The pool
 * never changes afterwards.
 */
import { randomBytes } from 'node:crypto';
import { buildDrawCommitment } from '../core/draw/commitment.ts';
import { buildPool, type ExclusionReason } from '../core/draw/pool.ts';
import { computePoolRoot, describeDrawRecordIssue } from '../core/draw/record.ts';
import { computeNonceCommitment } from '../core/draw/seed.ts';
import { combineStratumPolicies, type SamplingPolicy } from '../core/policy/sampling-policy.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { findEvaluationRunStatus, insertPoolMembers, loadPoolCandidates, loadYearHistory, markTaskFrozen } from '../persistence/draw-repository.ts';
import { findAnnualPlan, findCurrentPolicies, findInspectionItems, findTask } from '../persistence/inspection-repository.ts';
import type { TaskStatus } from '../persistence/schema/index.ts';
import { deriveSalt, type BureauKeys } from './bureau-keys.ts';
import { signRecord } from './record-signing.ts';
import { nodeSha256 } from './node-hash.ts';
import { appendRecordToLog } from './publication-log.ts';
import { formatRecordTime, shanghaiDate } from './record-time.ts';

export type FreezeIssue =
  | { readonly code: 'task_not_found'; readonly task: string }
  | { readonly code: 'task_not_planned'; readonly task: string; readonly status: TaskStatus }
  | { readonly code: 'plan_missing'; readonly task: string; readonly year: number }
  | { readonly code: 'policy_missing'; readonly task: string; readonly year: number; readonly items: readonly string[] }
  | { readonly code: 'evaluation_run_unusable'; readonly task: string; readonly runId: number; readonly status: string | undefined }
  | { readonly code: 'invalid_policy'; readonly task: string; readonly stratum: string; readonly reason: string };

export interface FreezeSummary {
  readonly task: string;
  readonly frozenAt: string;
  readonly poolRoot: string;
  readonly nonceCommitment: string;
  readonly entropySource: string;
  /** recordHash of the signed commitment, a leaf of the publication log. */
  readonly commitmentHash: string;
  readonly candidates: number;
  readonly poolSize: number;
  readonly strata: readonly { readonly label: string; readonly N: number; readonly ratio: string; readonly minimum: number }[];
  readonly exclusions: readonly { readonly reason: ExclusionReason; readonly count: number }[];
  /** Members placed in stratum B because the evaluation run did not evaluate them. */
  readonly notEvaluated: number;
}

export type FreezePhase = 'load' | 'pool' | 'signing' | 'inserts' | 'log';

export interface FreezeOptions {
  /** The freeze time (default: now). */
  readonly now?: Date;
  /** Told how long each phase took (benchmarks). */
  readonly onPhase?: (phase: FreezePhase, milliseconds: number) => void;
}

/**
 * Freezes a planned task.
 *
 * @example await freezeTask(database, keys, '2027-JM-003') // ok({ poolRoot, nonceCommitment, strata, exclusions, … })
 */
export async function freezeTask(database: DatabaseHandle, keys: BureauKeys, taskCode: string, options: FreezeOptions = {}): Promise<Result<FreezeSummary, FreezeIssue>> {
  const { db } = database;
  const now = options.now ?? new Date();
  let mark = performance.now();
  const lap = (phase: FreezePhase): void => {
    const at = performance.now();
    options.onPhase?.(phase, at - mark);
    mark = at;
  };
  const task = await findTask(db, taskCode);
  if (!task) return err({ code: 'task_not_found', task: taskCode });
  if (task.status !== 'planned') return err({ code: 'task_not_planned', task: taskCode, status: task.status });
  const plan = await findAnnualPlan(db, task.year);
  if (!plan) return err({ code: 'plan_missing', task: taskCode, year: task.year });
  if (task.evaluationRunId !== null) {
    const status = await findEvaluationRunStatus(db, task.evaluationRunId);
    if (status !== 'completed') return err({ code: 'evaluation_run_unusable', task: taskCode, runId: task.evaluationRunId, status });
  }
  const policyRows = await findCurrentPolicies(db, task.year, task.items);
  const missing = task.items.filter((item) => !policyRows.some((row) => row.itemCode === item));
  if (missing.length > 0) return err({ code: 'policy_missing', task: taskCode, year: task.year, items: missing });
  const policies: SamplingPolicy[] = policyRows.map((row) => ({ tiers: row.tiers, ...(row.untiered ? { untiered: row.untiered } : {}), annualCap: row.annualCap }));

  const tiered = task.evaluationRunId !== null;
  const combined = combineStratumPolicies(policies, { tiered, trigger: task.trigger, round: task.round, roundsPerYear: plan.roundsPerYear });
  const categories = [...new Set((await findInspectionItems(db, task.items)).map((item) => item.category))];
  const history = task.trigger === 'planned' ? await loadYearHistory(db, task.year, categories) : { jointlyInspected: new Set<string>(), plannedSelections: new Map<string, number>() };
  const candidates = await loadPoolCandidates(db, task.evaluationRunId);
  lap('load');
  const pool = buildPool(
    candidates,
    {
      trigger: task.trigger,
      tiered,
      includedStrata: combined.strata.map((stratum) => stratum.label),
      annualCap: combined.annualCap,
      asOf: shanghaiDate(now),
      conditions: task.conditions,
    },
    history,
  );

  const members = pool.members.map((member) => ({ ...member, salt: deriveSalt(keys, task.code, member.code) }));
  const poolRoot = computePoolRoot(members, nodeSha256);
  const nonce = randomBytes(32).toString('hex');
  const nonceCommitment = computeNonceCommitment(nonce, nodeSha256);
  const frozenAt = formatRecordTime(now);
  const sizes = new Map<string, number>();
  for (const member of members) sizes.set(member.stratum, (sizes.get(member.stratum) ?? 0) + 1);
  const strata = combined.strata.map((stratum) => ({ ...stratum, N: sizes.get(stratum.label) ?? 0 }));

  // Spec section 3 step 1: published now, before the seed can exist; no members, so no code maps to a tier.
  const commitment = buildDrawCommitment({
    visibility: task.visibility,
    task: { code: task.code, name: task.name, year: task.year, round: task.round, items: task.items, departments: task.departments.map((entry) => entry.department), trigger: task.trigger },
    frozenAt,
    poolRoot,
    nonceCommitment,
    entropySource: task.entropySource,
    strata,
    exclusions: pool.exclusions,
  });
  if (!commitment.ok) return err({ code: 'invalid_policy', task: taskCode, stratum: commitment.error.stratum, reason: describeDrawRecordIssue(commitment.error) });
  lap('pool');
  const commitmentEnvelope = signRecord(commitment.value, keys.signingKey);
  lap('signing');

  const frozen = await db.transaction(async (transaction) => {
    const claimed = await markTaskFrozen(transaction, task.code, {
      strata: combined.strata,
      exclusions: pool.exclusions,
      poolRoot,
      nonce,
      nonceCommitment,
      frozenAt,
      commitmentEnvelope: JSON.stringify(commitmentEnvelope),
    });
    if (!claimed) return false;
    await insertPoolMembers(transaction, task.code, members);
    lap('inserts');
    await appendRecordToLog(transaction, { kind: 'draw_commitment', reference: task.code, recordHash: commitmentEnvelope.recordHash }, keys, () => now);
    return true;
  });
  lap('log');
  if (!frozen) {
    const current = await findTask(db, taskCode);
    return err({ code: 'task_not_planned', task: taskCode, status: current?.status ?? 'frozen' });
  }
  return ok({
    task: task.code,
    frozenAt,
    poolRoot,
    nonceCommitment,
    entropySource: task.entropySource,
    commitmentHash: commitmentEnvelope.recordHash,
    candidates: pool.candidates,
    poolSize: members.length,
    strata,
    exclusions: pool.exclusions,
    notEvaluated: pool.notEvaluated,
  });
}

/** A one-line English reason for a freeze issue. */
export function describeFreezeIssue(issue: FreezeIssue): string {
  switch (issue.code) {
    case 'task_not_found':
      return `no task ${issue.task}`;
    case 'task_not_planned':
      return `task ${issue.task} is already ${issue.status}; a pool is frozen once and never changes`;
    case 'plan_missing':
      return `task ${issue.task} belongs to ${issue.year}, which has no annual plan`;
    case 'policy_missing':
      return `task ${issue.task}: no ${issue.year} sampling policy for item(s) ${issue.items.join(', ')}`;
    case 'evaluation_run_unusable':
      return `task ${issue.task} uses evaluation run ${issue.runId}, which is ${issue.status === undefined ? 'missing' : issue.status}; only a completed run gives tiers`;
    case 'invalid_policy':
      return `task ${issue.task}: ${issue.reason}`;
  }
}
