/**
 * An evaluation run (信用风险分类): every enterprise in the directory scored as of a date
 * under one model version, streamed in credit-code chunks so memory holds one chunk.
 *
 * The story: claim the run for (asOf, model); build the related-party index once (persons
 * linked to an enterprise on the serious-dishonesty list at asOf); then per chunk read the
 * enterprises (keyset paging) and their records effective on or before asOf (one query),
 * evaluate each with the compiled model, and write the chunk's evaluations in one
 * statement; finally mark the run completed with its counts.
 *
 * Idempotence: there is one run per (asOf, model). Running it again returns the completed
 * run untouched (draws may already rely on its tiers). A run that failed, or whose process
 * died (status `running`, its lease held by nobody: `run-lease.ts`), is restarted from
 * scratch; `failOrphanedRuns` marks such runs failed when a server starts. Only the last
 * transaction marks a run completed, and only if the evaluations stored are exactly the ones
 * counted, so neither a crash nor a lost write leaves a half run that looks complete. Each chunk is its own short statement: PGlite's one connection stays
 * free for the HTTP server between chunks.
 */
import { isCalendarDate } from '../core/calendar-date.ts';
import type { CreditRecord } from '../core/credit-record.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import { splitBilingual } from '../core/jobs.ts';
import type { Language } from '../core/language.ts';
import { compileModel, evaluateEnterprise, evaluateIndicatorValues, type CompiledModel, type Evaluation } from '../core/scoring/evaluate.ts';
import { buildRelatedPartyIndex, type RelatedPartyIndex } from '../core/scoring/indicators.ts';
import { modelKey, type ScoringModel } from '../core/scoring/model.ts';
import { loadLinksOfDishonestEnterprises, loadRecordsInRange } from '../persistence/credit-record-store.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import type { RunLease } from '../persistence/run-lease.ts';
import {
  claimEvaluationRun,
  completeEvaluationRun,
  countEnterprises,
  countStoredEvaluations,
  failEvaluationRun,
  failOrphanedEvaluationRuns,
  readEnterpriseChunk,
  writeEvaluations,
  type EvaluationToStore,
  type RunRow,
  type TierCounts,
} from '../persistence/evaluation-store.ts';
import { compileFormulaSource } from './formula-compiler.ts';
import { shanghaiDate } from './record-time.ts';
import { findScoringModel, type ModelLookupIssue } from './scoring-models.ts';
import { reachCommitPoint } from './commit-point.ts';

export interface EvaluateAllInput {
  /** The evaluation date, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** `credit-risk/1`, or `credit-risk` for the latest version; default `credit-risk`. */
  readonly model?: string;
  /** The clock (default: now): an `asOf` after today (Asia/Shanghai) is refused. */
  readonly now?: Date;
}

export interface EvaluationProgress {
  readonly evaluated: number;
  readonly total: number;
}

export interface EvaluateAllOptions {
  readonly onProgress?: (progress: EvaluationProgress) => void;
  /** Enterprises per chunk (default 2,000 on PGlite, 10,000 on PostgreSQL). */
  readonly chunkSize?: number;
}

/** Where a run's time went, in milliseconds. */
export interface RunTimings {
  readonly readMs: number;
  readonly evaluateMs: number;
  readonly writeMs: number;
}

export interface EvaluationRunSummary extends RunRow {
  /** Present for a run this call executed. */
  readonly timings?: RunTimings;
}

export type EvaluateAllIssue =
  | { readonly code: 'invalid_date'; readonly asOf: string; readonly message: string }
  /** Issue 17: credit cannot be evaluated as of a day that has not come (a run would score records not yet made). */
  | { readonly code: 'as_of_in_future'; readonly asOf: string; readonly today: string; readonly message: string }
  | ModelLookupIssue
  | { readonly code: 'run_in_progress'; readonly run: RunRow; readonly message: string };

/**
 * Why a run did not start, in Chinese or English (the messages written "中文 / English" are split).
 *
 * @example describeEvaluateAllIssue({ code: 'invalid_date', asOf: '2024-02-30', message: '…' }, 'zh') // '“2024-02-30”不是 YYYY-MM-DD 格式的真实日期'
 */
export function describeEvaluateAllIssue(issue: EvaluateAllIssue, lang: Language): string {
  switch (issue.code) {
    case 'invalid_date':
      return lang === 'zh' ? `“${issue.asOf}”不是 YYYY-MM-DD 格式的真实日期` : issue.message;
    case 'bad_reference':
      return lang === 'zh' ? `“${issue.reference}”不是模型引用：请写 ID/VERSION（如 credit-risk/1），或只写 ID（如 credit-risk）表示最新版本` : issue.message;
    case 'unknown_model':
      return lang === 'zh' ? `没有保存过模型 ${issue.reference}（见 suiji model add）` : issue.message;
    case 'as_of_in_future':
    case 'run_in_progress':
      return splitBilingual(issue.message)[lang];
    default:
      return assertNever(issue, 'evaluation issue');
  }
}

/** A claimed run: already completed, or ready to execute. */
export interface BegunRun {
  readonly run: RunRow;
  /** Runs the evaluation; absent when the run was already completed. */
  readonly execute?: (options?: EvaluateAllOptions) => Promise<EvaluationRunSummary>;
}

/**
 * Enterprises per chunk unless the caller says: on PGlite, whose statements run on this
 * thread, small enough for the server to answer between chunks (issue 12: p99 <= 500 ms
 * during an evaluation; the console's 2,000 also cost less time in all than 10,000).
 */
const turnOfTheEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const defaultChunkSizeFor = (database: DatabaseHandle) => (database.client.kind === 'pglite' ? 2_000 : 10_000);

/** Why a run was found `running` with nobody executing it (stored as the run's error). */
export const ORPHANED_RUN_REASON =
  '执行该评价的进程在完成前停止了（进程被终止或服务器重启），本次评价未完成；请重新开始同一日期和模型的评价。 / ' +
  'The process running this evaluation stopped before it finished (killed or restarted); the run is incomplete. Start the run of this date and model again.';

/**
 * The reason a run fails when the evaluations stored are not the ones counted.
 *
 * @example storedCountMismatchReason(180000, 220000) // '评价结果只保存了 180000 条…'
 */
export function storedCountMismatchReason(stored: number, counted: number): string {
  return (
    `评价结果只保存了 ${stored} 条，而评价了 ${counted} 家企业；本次评价作废，请重新开始。 / ` +
    `Only ${stored} evaluations were stored for ${counted} enterprises evaluated; the run failed. Start it again.`
  );
}

/** The reason a run fails when its lease was lost while it ran (its database session ended). */
export const LOST_LEASE_REASON =
  '本次评价运行期间与数据库的锁定连接中断，无法确认没有其他进程接手；本次评价作废，请重新开始。 / ' +
  "The run's lock on the database was lost while it ran, so another process may have taken it over; the run failed. Start it again.";

/**
 * Marks `failed` every run left `running` by a process that was killed (nobody holds its
 * lease), with a reason that says to start it again; runs a live process executes are left
 * alone. The server calls it when it starts.
 *
 * @example await failOrphanedRuns(database) // [6]
 */
export async function failOrphanedRuns(database: DatabaseHandle): Promise<number[]> {
  return failOrphanedEvaluationRuns(database, ORPHANED_RUN_REASON);
}

/**
 * Refuses an evaluation date after today in Asia/Shanghai (issue 17): tiers as of a day that
 * has not come would look final while the records of the days before it are still missing.
 *
 * @example checkNotInFuture('2027-01-05', new Date('2026-12-03T04:00:00Z')) // err({ code: 'as_of_in_future', today: '2026-12-03', … })
 */
export function checkNotInFuture(asOf: string, now: Date): Result<string, Extract<EvaluateAllIssue, { code: 'as_of_in_future' }>> {
  const today = shanghaiDate(now);
  if (asOf <= today) return ok(asOf);
  return err({
    code: 'as_of_in_future',
    asOf,
    today,
    message: `评价日期 ${asOf} 晚于今天（${today}）：不能按尚未到来的日期评价信用风险。 / The evaluation date ${asOf} is after today (${today}): credit risk cannot be evaluated as of a day that has not come.`,
  });
}

/** Thrown when a run could not be completed: it has been marked failed with `message`. */
export class EvaluationRunFailedError extends Error {
  override readonly name = 'EvaluationRunFailedError';
}

/**
 * What an evaluation stores besides score, tier and observation: the indicator values that
 * differ from their neutral value, by index in the model (`{}` for a clean enterprise).
 * Formulas, contributions and rules follow from the values under the model version, which
 * never changes, so `explainEvaluation` recomputes them with the same core code; storing
 * them would triple what a run writes.
 */
export type StoredIndicatorValues = Readonly<Record<string, number>>;

function storedIndicatorValues(compiled: CompiledModel, evaluation: Evaluation): StoredIndicatorValues {
  const values: Record<string, number> = {};
  evaluation.indicators.forEach((indicator, index) => {
    if (indicator.value !== compiled.indicators[index]!.neutral) values[index] = indicator.value;
  });
  return values;
}

/** A stored evaluation with names: what staff see to explain a tier. */
export interface ExplainedEvaluation {
  readonly creditCode: string;
  readonly modelKey: string;
  readonly asOf: string;
  readonly score: number;
  readonly scoreTier: Evaluation['scoreTier'];
  readonly tier: Evaluation['tier'];
  readonly observation: boolean;
  /** `descriptionZh`: the model's Chinese description, when it has one. */
  readonly indicators: readonly { name: string; family: string; description: string; descriptionZh?: string; value: number; neutral: number; contribution: number }[];
  readonly formulas: readonly { name: string; description: string; descriptionZh?: string; value: number }[];
  readonly rulesFired: readonly { id: string; description: string; descriptionZh?: string }[];
}

/**
 * Explains a stored evaluation: recomputes formulas, contributions and rules from its
 * indicator values under its model. Throws if the result disagrees with what was stored
 * (a bug, or a stored model that changed).
 *
 * @example explainEvaluation(model, run, stored).indicators[0] // { name: 'enterprise_age_years', value: 3, contribution: 0, ... }
 */
export function explainEvaluation(
  model: ScoringModel,
  run: { asOf: string },
  stored: { creditCode: string; score: number; tier: Evaluation['tier']; observation: boolean; explanation: unknown },
): ExplainedEvaluation {
  const compiled = compileModel(model);
  const overrides = stored.explanation as StoredIndicatorValues;
  const values = model.indicators.map((indicator, index) => overrides[index] ?? indicator.neutral);
  const evaluation = evaluateIndicatorValues(compiled, { creditCode: stored.creditCode, asOf: run.asOf, observation: stored.observation, values });
  if (evaluation.tier !== stored.tier || evaluation.score !== stored.score) {
    throw new Error(`the stored evaluation of ${stored.creditCode} (${stored.tier}, ${stored.score}) does not follow from its indicator values under ${compiled.key}`);
  }
  return {
    creditCode: stored.creditCode,
    modelKey: compiled.key,
    asOf: run.asOf,
    score: evaluation.score,
    scoreTier: evaluation.scoreTier,
    tier: evaluation.tier,
    observation: stored.observation,
    indicators: model.indicators.map((indicator, index) => ({
      name: indicator.name,
      family: indicator.family,
      description: indicator.description,
      ...(indicator.descriptionZh ? { descriptionZh: indicator.descriptionZh } : {}),
      neutral: indicator.neutral,
      value: evaluation.indicators[index]!.value,
      contribution: evaluation.indicators[index]!.contribution,
    })),
    formulas: model.formulas.map((formula, index) => ({
      name: formula.name,
      description: formula.description,
      ...(formula.descriptionZh ? { descriptionZh: formula.descriptionZh } : {}),
      value: evaluation.formulas[index]!.value,
    })),
    rulesFired: evaluation.rulesFired.map((id) => {
      const rule = model.rules.find((candidate) => candidate.id === id);
      return { id, description: rule?.description ?? '', ...(rule?.descriptionZh ? { descriptionZh: rule.descriptionZh } : {}) };
    }),
  };
}

/**
 * Claims the run of (asOf, model) without executing it, so a caller (the HTTP server) can
 * answer at once and execute in the background.
 *
 * @example const begun = await beginEvaluationRun(database, { asOf: '2025-01-01' }); if (begun.ok) await begun.value.execute?.()
 */
export async function beginEvaluationRun(database: DatabaseHandle, input: EvaluateAllInput): Promise<Result<BegunRun, EvaluateAllIssue>> {
  if (!isCalendarDate(input.asOf)) return err({ code: 'invalid_date', asOf: input.asOf, message: `'${input.asOf}' is not a calendar date YYYY-MM-DD` });
  const future = checkNotInFuture(input.asOf, input.now ?? new Date());
  if (!future.ok) return future;
  const found = await findScoringModel(database.db, input.model ?? 'credit-risk');
  if (!found.ok) return found;
  const model = found.value;
  const claimed = await claimEvaluationRun(database, input.asOf, modelKey(model));
  if (claimed.kind === 'completed') return ok({ run: claimed.run });
  if (claimed.kind === 'busy') {
    const { id, modelKey: key, asOf, evaluated } = claimed.run;
    return err({
      code: 'run_in_progress',
      run: claimed.run,
      message:
        `第 ${id} 次评价（${key}，评价日期 ${asOf}）正由一个仍在运行的进程执行，已评价 ${evaluated} 家企业；请等它完成（进度见 /console/evaluations/${id}）。` +
        `若执行它的进程已停止，再次开始即可重新评价。 / Run ${id} (${key} as of ${asOf}) is being executed by a live process: ${evaluated} enterprises evaluated so far. ` +
        `Wait for it to finish (progress at /console/evaluations/${id}); if its process has stopped, start the run again and it is redone.`,
    });
  }
  const { run, lease } = claimed;
  return ok({
    run,
    execute: async (executeOptions = {}) => {
      try {
        return await executeRun(database, run, lease, model, executeOptions);
      } finally {
        await lease.release();
      }
    },
  });
}

/**
 * Evaluates every enterprise as of `asOf` and stores the run; returns the completed run
 * (the existing one if this (asOf, model) was already evaluated).
 *
 * @example
 * const summary = await evaluateAll(database, { asOf: '2025-01-01', model: 'credit-risk/1' });
 * if (summary.ok) summary.value.counts // { A: 17950, B: 1500, C: 350, D: 200, observation: 120 }
 */
export async function evaluateAll(
  database: DatabaseHandle,
  input: EvaluateAllInput,
  options: EvaluateAllOptions = {},
): Promise<Result<EvaluationRunSummary, EvaluateAllIssue>> {
  const begun = await beginEvaluationRun(database, input);
  if (!begun.ok) return begun;
  return ok(begun.value.execute ? await begun.value.execute(options) : begun.value.run);
}

async function buildRunRelatedParties(database: DatabaseHandle, asOf: string): Promise<RelatedPartyIndex> {
  const { links, dishonestCodes } = await loadLinksOfDishonestEnterprises(database.db, asOf);
  return buildRelatedPartyIndex(links, dishonestCodes, asOf);
}

function groupByCreditCode(records: readonly CreditRecord[]): Map<string, CreditRecord[]> {
  const groups = new Map<string, CreditRecord[]>();
  for (const record of records) {
    const group = groups.get(record.creditCode);
    if (group) group.push(record);
    else groups.set(record.creditCode, [record]);
  }
  return groups;
}

/**
 * Completes a run in one transaction, only while its lease is held and only if the
 * evaluations stored are the `evaluated` counted; otherwise marks it failed and throws.
 */
async function completeCountedRun(database: DatabaseHandle, runId: number, lease: RunLease, counts: TierCounts, evaluated: number, durationMs: number): Promise<RunRow> {
  if (!(await lease.held())) {
    await failEvaluationRun(database.db, runId, LOST_LEASE_REASON);
    throw new EvaluationRunFailedError(LOST_LEASE_REASON);
  }
  const outcome = await database.db.transaction(async (transaction) => {
    const stored = await countStoredEvaluations(transaction, runId);
    if (stored !== evaluated) {
      const reason = storedCountMismatchReason(stored, evaluated);
      await failEvaluationRun(transaction, runId, reason);
      return { failed: reason } as const;
    }
    await reachCommitPoint('evaluation');
    return { completed: await completeEvaluationRun(transaction, runId, counts, evaluated, durationMs) } as const;
  });
  if ('failed' in outcome) throw new EvaluationRunFailedError(outcome.failed);
  return outcome.completed;
}

async function executeRun(database: DatabaseHandle, run: RunRow, lease: RunLease, model: ScoringModel, options: EvaluateAllOptions): Promise<EvaluationRunSummary> {
  const started = performance.now();
  const timings = { readMs: 0, evaluateMs: 0, writeMs: 0 };
  try {
    const compiled = compileModel(model, { compileSource: compileFormulaSource });
    const chunkSize = options.chunkSize ?? defaultChunkSizeFor(database);
    const total = await countEnterprises(database.db);
    const relatedParties = await buildRunRelatedParties(database, run.asOf);
    const counts = { A: 0, B: 0, C: 0, D: 0, observation: 0 };
    let afterCode: string | null = null;
    let evaluated = 0;
    options.onProgress?.({ evaluated, total });
    for (;;) {
      let mark = performance.now();
      const enterprises = await readEnterpriseChunk(database.db, afterCode, chunkSize);
      if (enterprises.length === 0) break;
      const first = enterprises[0]!.creditCode;
      const last = enterprises[enterprises.length - 1]!.creditCode;
      const records = groupByCreditCode(await loadRecordsInRange(database.db, first, last, run.asOf));
      timings.readMs += performance.now() - mark;

      mark = performance.now();
      const rows: EvaluationToStore[] = new Array(enterprises.length);
      for (let index = 0; index < enterprises.length; index++) {
        const enterprise = enterprises[index]!;
        const evaluation = evaluateEnterprise(compiled, enterprise, records.get(enterprise.creditCode) ?? [], run.asOf, { relatedParties });
        counts[evaluation.tier]++;
        if (evaluation.observation) counts.observation++;
        rows[index] = {
          creditCode: evaluation.creditCode,
          score: evaluation.score,
          tier: evaluation.tier,
          observation: evaluation.observation,
          explanation: storedIndicatorValues(compiled, evaluation),
        };
      }
      timings.evaluateMs += performance.now() - mark;

      // And between evaluating and writing: on PGlite either half of a chunk is a long turn.
      await turnOfTheEventLoop();
      mark = performance.now();
      await writeEvaluations(database, run.id, rows);
      timings.writeMs += performance.now() - mark;
      evaluated += enterprises.length;
      afterCode = last;
      options.onProgress?.({ evaluated, total: Math.max(total, evaluated) });
      if (enterprises.length < chunkSize) break;
      // PGlite answers on our own thread through promises alone, so without a turn of the
      // event loop here a run would keep the HTTP server from reading any request until it ends.
      await turnOfTheEventLoop();
    }
    const completed = await completeCountedRun(database, run.id, lease, counts, evaluated, performance.now() - started);
    return { ...completed, timings };
  } catch (error) {
    // A run already marked failed keeps its reason; any other error is its reason.
    if (!(error instanceof EvaluationRunFailedError)) await failEvaluationRun(database.db, run.id, (error as Error).message).catch(() => {});
    throw error;
  }
}
