/**
 * Freezing a task (spec draw/v1 sections 3 and 6): build the pool from the directory, the
 * task's evaluation run and the year's earlier draws; salt every member; compute the
 * RFC 6962 `poolRoot`; generate the secret nonce and its commitment; take the inspector
 * snapshot and commit the private conflicts (draw/v1.1 section 8.1); store it all, move
 * the task from `planned` to `frozen` once, and publish the signed freeze commitment
 * `suiji.draw-commitment/1` as a publication-log leaf in the same transaction. The pool
 * never changes afterwards.
 */
import { randomBytes } from 'node:crypto';
import { buildDrawCommitment } from '../core/draw/commitment.ts';
import { checkEntropyNotice, DEFAULT_ENTROPY_NOTICE_SECONDS, describeNotice, entropyFieldsOf, isScheduledSource, type EntropySource, type EntropyTooSoon } from '../core/draw/entropy-source.ts';
import { buildPool, NO_POOL_HISTORY, poolHistoryFor, type ExclusionReason, type TaskConditions } from '../core/draw/pool.ts';
import { buildChunkedPoolTree, POOL_CHUNK_SIZE } from '../core/draw/pool-chunks.ts';
import { compareCodes, describeDrawRecordIssue } from '../core/draw/record.ts';
import { computeNonceCommitment } from '../core/draw/seed.ts';
import { findTierDisclosure, type TierDisclosure } from '../core/draw/tier-disclosure.ts';
import { combineStratumPolicies, type SamplingPolicy } from '../core/policy/sampling-policy.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { insertInspectorSnapshot } from '../persistence/inspector-snapshot-repository.ts';
import { findEvaluationRunStatus, insertPoolChunks, loadPoolCandidates, loadYearHistory, markTaskFrozen } from '../persistence/draw-repository.ts';
import { findAdoptedPolicies, findAnnualPlan, findCurrentPolicies, findInspectionItems, findTask } from '../persistence/inspection-repository.ts';
import type { TaskStatus } from '../persistence/schema/index.ts';
import { deriveSalt, deriveStratumSalt, type BureauKeys } from './bureau-keys.ts';
import { signRecord } from './record-signing.ts';
import { nodeSha256 } from './node-hash.ts';
import { takeInspectorSnapshot } from './inspector-snapshot.ts';
import { appendRecordToLog } from './publication-log.ts';
import { recordActivity, systemActor, type Actor } from './activity-log.ts';
import { checkTaskTierList, describeTierListIssue, type TaskTierListIssue } from './tier-list.ts';
import { formatRecordTime, shanghaiDate } from './record-time.ts';
import { reachCommitPoint } from './commit-point.ts';

export type FreezeIssue =
  | { readonly code: 'task_not_found'; readonly task: string }
  | { readonly code: 'task_not_planned'; readonly task: string; readonly status: TaskStatus }
  | { readonly code: 'plan_missing'; readonly task: string; readonly year: number }
  | { readonly code: 'policy_missing'; readonly task: string; readonly year: number; readonly items: readonly string[] }
  /** Issue 13: the items have saved versions, none adopted by an admin; freeze uses adopted versions only. */
  | { readonly code: 'policy_not_adopted'; readonly task: string; readonly year: number; readonly items: readonly string[] }
  | { readonly code: 'evaluation_run_unusable'; readonly task: string; readonly runId: number; readonly status: string | undefined }
  | { readonly code: 'invalid_policy'; readonly task: string; readonly stratum: string; readonly reason: string }
  /** The task's source is free text from before draw/v1.1: it has no time to check. */
  | { readonly code: 'entropy_unscheduled'; readonly task: string }
  /** draw/v1.1: the entropy would come less than `notice` seconds after the freeze. */
  | ({ readonly task: string } & EntropyTooSoon)
  /** Spec draw/v1.1 section 7.1: the sealed record would tell the tier of every selected enterprise. */
  | { readonly code: 'sealed_reveals_tier'; readonly task: string; readonly stratum: string; readonly disclosure: TierDisclosure['code'] }
  /** Issue 17: the year has an approved tier list and the task uses another run, without an override reason. */
  | TaskTierListIssue;

export interface FreezeSummary {
  readonly task: string;
  readonly frozenAt: string;
  readonly poolRoot: string;
  readonly nonceCommitment: string;
  readonly entropySource: EntropySource;
  /** When the entropy is taken (record time); the draw is refused before it. */
  readonly entropyAt: string;
  /** The notice in seconds, published in the commitment. */
  readonly notice: number;
  /** recordHash of the signed commitment, a leaf of the publication log. */
  readonly commitmentHash: string;
  readonly candidates: number;
  readonly poolSize: number;
  readonly strata: readonly { readonly label: string; readonly N: number; readonly ratio: string; readonly minimum: number }[];
  readonly exclusions: readonly { readonly reason: ExclusionReason; readonly count: number }[];
  /** Members placed in stratum B because the evaluation run did not evaluate them. */
  readonly notEvaluated: number;
  /** Issue 17: the version of the year's approved tier list the task used (null: the year has none). */
  readonly tierListVersion: number | null;
  /** Why staff froze from another run than the approved list's, when they did. */
  readonly tierListOverrideReason: string | null;
  /** The adopted policy version of each item the freeze used (the newest adopted one). */
  readonly policies: readonly { readonly itemCode: string; readonly version: number }[];
}

export type FreezePhase = 'load' | 'pool' | 'signing' | 'inserts' | 'log';

export interface FreezeOptions {
  /** The freeze time (default: now). */
  readonly now?: Date;
  /** Minimum seconds from the freeze to the entropy time (config `ENTROPY_NOTICE`; default 24 h). */
  readonly noticeSeconds?: number;
  /** Told how long each phase took (benchmarks). */
  readonly onPhase?: (phase: FreezePhase, milliseconds: number) => void;
  /** Issue 17: why the task is frozen from another run than the year's approved tier list. */
  readonly tierListOverrideReason?: string | undefined;
  /** Who freezes (the activity log names them with an override; default: Suiji itself). */
  readonly actor?: Actor;
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
  // draw/v1.1 section 3.1: the entropy must be unknowable at freeze, so it comes at least `notice` later.
  if (!isScheduledSource(task.entropySource)) return err({ code: 'entropy_unscheduled', task: taskCode });
  const entropySource = task.entropySource;
  const notice = options.noticeSeconds ?? DEFAULT_ENTROPY_NOTICE_SECONDS;
  const frozenAt = formatRecordTime(now);
  const scheduled = checkEntropyNotice(entropySource, frozenAt, notice);
  if (!scheduled.ok) return err({ task: taskCode, ...scheduled.error });
  const plan = await findAnnualPlan(db, task.year);
  if (!plan) return err({ code: 'plan_missing', task: taskCode, year: task.year });
  if (task.evaluationRunId !== null) {
    const status = await findEvaluationRunStatus(db, task.evaluationRunId);
    if (status !== 'completed') return err({ code: 'evaluation_run_unusable', task: taskCode, runId: task.evaluationRunId, status });
  }
  const policyRows = await findAdoptedPolicies(db, task.year, task.items);
  const unadopted = task.items.filter((item) => !policyRows.some((row) => row.itemCode === item));
  if (unadopted.length > 0) {
    const saved = new Set((await findCurrentPolicies(db, task.year, unadopted)).map((row) => row.itemCode));
    const missing = unadopted.filter((item) => !saved.has(item));
    if (missing.length > 0) return err({ code: 'policy_missing', task: taskCode, year: task.year, items: missing });
    return err({ code: 'policy_not_adopted', task: taskCode, year: task.year, items: unadopted });
  }
  const tierList = await checkTaskTierList(db, task, options.tierListOverrideReason);
  if (!tierList.ok) return err(tierList.error);
  const policies: SamplingPolicy[] = policyRows.map((row) => ({ tiers: row.tiers, ...(row.untiered ? { untiered: row.untiered } : {}), annualCap: row.annualCap }));

  const tiered = task.evaluationRunId !== null;
  const combined = combineStratumPolicies(policies, { tiered, trigger: task.trigger, round: task.round, roundsPerYear: plan.roundsPerYear });
  const categories = [...new Set((await findInspectionItems(db, task.items)).map((item) => item.category))];
  const ruleTask = { ...task, departments: task.departments.map((entry) => entry.department), categories };
  const history = task.trigger === 'planned' ? poolHistoryFor(ruleTask, await loadYearHistory(db, task.year)) : NO_POOL_HISTORY;
  const candidates = await loadPoolCandidates(db, task.evaluationRunId, (task.conditions as TaskConditions).acceptedReportsOf);
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

  // Leaf order (credit-code order): the pool is stored in it, chunk by chunk.
  const members = pool.members.map((member) => ({ ...member, salt: deriveSalt(keys, task.code, member.code) })).sort((left, right) => compareCodes(left.code, right.code));
  // draw/v1.1 section 8.1: assign/v1 will use these inspectors, not the directory at draw time.
  const inspectors = await takeInspectorSnapshot(db, keys, task, new Set(members.map((member) => member.code)));
  const tree = buildChunkedPoolTree(members, nodeSha256);
  const poolRoot = tree.root;
  const nonce = randomBytes(32).toString('hex');
  const nonceCommitment = computeNonceCommitment(nonce, nodeSha256);
  const sizes = new Map<string, number>();
  for (const member of members) sizes.set(member.stratum, (sizes.get(member.stratum) ?? 0) + 1);
  const strata = combined.strata.map((stratum) => ({ ...stratum, N: sizes.get(stratum.label) ?? 0 }));
  const sealed = task.visibility === 'sealed';

  // Spec section 3 step 1: published now, before the seed can exist; no members, so no code maps to a tier.
  const commitment = buildDrawCommitment({
    visibility: task.visibility,
    task: { code: task.code, name: task.name, year: task.year, round: task.round, items: task.items, departments: task.departments.map((entry) => entry.department), trigger: task.trigger },
    frozenAt,
    poolRoot,
    nonceCommitment,
    ...entropyFieldsOf(entropySource, notice),
    strata: sealed ? strata.map((stratum) => ({ ...stratum, salt: deriveStratumSalt(keys, task.code, stratum.label) })) : strata,
    exclusions: pool.exclusions,
    inspectorSnapshot: inspectors.snapshot,
    conflictsCommitment: inspectors.conflictsCommitment,
  }, nodeSha256);
  if (!commitment.ok) return err({ code: 'invalid_policy', task: taskCode, stratum: commitment.error.stratum, reason: describeDrawRecordIssue(commitment.error) });
  // Tiers are internal: a sealed task whose published totals tell a selected enterprise's tier is not frozen (an untiered one has no tier to tell).
  // A self-inspection task (issue 17) is for low-risk tiers by its nature: being selected says so, and sealed keeps the rest of its pool unpublished.
  const disclosure = sealed && tiered && task.mode === 'on_site' ? findTierDisclosure(strata, strata.map((stratum) => stratum.N)) : undefined;
  if (disclosure) return err({ code: 'sealed_reveals_tier', task: taskCode, stratum: disclosure.stratum, disclosure: disclosure.code });
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
      entropyNotice: notice,
      commitmentEnvelope: JSON.stringify(commitmentEnvelope),
      tierListVersion: tierList.value.tierListVersion,
      tierListOverrideReason: tierList.value.tierListOverrideReason,
    });
    if (!claimed) return false;
    if (tierList.value.overrideActivity) await recordActivity(transaction, options.actor ?? systemActor, tierList.value.overrideActivity);
    await insertPoolChunks(transaction, task.code, members, POOL_CHUNK_SIZE, tree.chunkRoots);
    await insertInspectorSnapshot(transaction, task.code, { snapshot: inspectors.snapshot, conflictsOpening: inspectors.conflictsOpening });
    lap('inserts');
    await appendRecordToLog(transaction, { kind: 'draw_commitment', reference: task.code, recordHash: commitmentEnvelope.recordHash }, keys, () => now);
    await reachCommitPoint('freeze');
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
    entropySource,
    entropyAt: scheduled.value,
    notice,
    commitmentHash: commitmentEnvelope.recordHash,
    candidates: pool.candidates,
    poolSize: members.length,
    strata,
    exclusions: pool.exclusions,
    notEvaluated: pool.notEvaluated,
    tierListVersion: tierList.value.tierListVersion,
    tierListOverrideReason: tierList.value.tierListOverrideReason,
    policies: policyRows.map((row) => ({ itemCode: row.itemCode, version: row.version })),
  });
}

/** A one-line reason for a freeze issue, in English (default) or Chinese. */
export function describeFreezeIssue(issue: FreezeIssue, lang: 'zh' | 'en' = 'en'): string {
  switch (issue.code) {
    case 'entropy_unscheduled':
      return lang === 'zh'
        ? `任务 ${issue.task} 的公开随机源只是文字说明，没有时间：请在计划中改为带时间的公开事件或 drand 轮次后再冻结`
        : `task ${issue.task} names its entropy source in words only, without a time: re-plan it with a public event and its time, or a drand round, before freezing`;
    case 'entropy_too_soon':
      return lang === 'zh'
        ? `任务 ${issue.task} 不能在 ${issue.frozenAt} 冻结：公开随机数在 ${issue.entropyAt} 产生，距冻结不足 ${describeNotice(issue.notice, 'zh')}（最早应在 ${issue.earliest} 或之后），否则冻结时可能已知随机数`
        : `task ${issue.task} cannot be frozen at ${issue.frozenAt}: its entropy comes at ${issue.entropyAt}, less than the notice of ${describeNotice(issue.notice, 'en')} later (it must be at ${issue.earliest} or after), so the entropy could be known at freeze`;
    case 'task_not_found':
      return `no task ${issue.task}`;
    case 'task_not_planned':
      return `task ${issue.task} is already ${issue.status}; a pool is frozen once and never changes`;
    case 'plan_missing':
      return `task ${issue.task} belongs to ${issue.year}, which has no annual plan`;
    case 'policy_missing':
      return `task ${issue.task}: no ${issue.year} sampling policy for item(s) ${issue.items.join(', ')}`;
    case 'policy_not_adopted':
      return lang === 'zh'
        ? `任务 ${issue.task} 无法冻结：事项 ${issue.items.join('、')} 的 ${issue.year} 年抽查比例已保存但尚未经管理员采纳；冻结只使用已采纳的版本`
        : `task ${issue.task} cannot be frozen: the ${issue.year} sampling policy of item(s) ${issue.items.join(', ')} is saved but not adopted by an admin; a freeze uses adopted versions only`;
    case 'evaluation_run_unusable':
      return `task ${issue.task} uses evaluation run ${issue.runId}, which is ${issue.status === undefined ? 'missing' : issue.status}; only a completed run gives tiers`;
    case 'invalid_policy':
      return `task ${issue.task}: ${issue.reason}`;
    case 'tier_list_run_mismatch':
      // Both languages, like sealed_reveals_tier: the API answers this one in English only otherwise.
      return `${describeTierListIssue(issue, 'zh')} / ${describeTierListIssue(issue, 'en')}`;
    case 'sealed_reveals_tier':
      return issue.disclosure === 'single_selectable_stratum'
        ? `任务 ${issue.task} 为密封抽取，但本轮只能从第 ${issue.stratum} 层抽取，公示会暴露每家被抽中企业的信用风险分类；请把任务改为公开（open）或不分层后再冻结。 / Task ${issue.task} is sealed, but this round can select only from stratum ${issue.stratum}, so its publication would reveal the tier of every selected enterprise; make the task open or untiered, then freeze.`
        : `任务 ${issue.task} 为密封抽取，但按对象库和抽取总数只能从第 ${issue.stratum} 层抽取，公示会暴露被抽中企业的信用风险分类；请把任务改为公开（open）或不分层后再冻结。 / Task ${issue.task} is sealed, but its pool and sample totals allow selections only from stratum ${issue.stratum}, so its publication would reveal the tier of the selected enterprises; make the task open or untiered, then freeze.`;
  }
}
