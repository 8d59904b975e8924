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
 * died (status `running`, no progress for `staleAfterSeconds`), is restarted from scratch.
 * Only the last statement marks a run completed, so a crash never leaves a half run that
 * looks complete. Each chunk is its own short statement: PGlite's one connection stays
 * free for the HTTP server between chunks.
 */
import { isCalendarDate, type CreditRecord } from '../core/credit-record.ts';
import { err, ok, type Result } from '../core/result.ts';
import { compileModel, evaluateEnterprise, evaluateIndicatorValues, type CompiledModel, type Evaluation } from '../core/scoring/evaluate.ts';
import { buildRelatedPartyIndex, type RelatedPartyIndex } from '../core/scoring/indicators.ts';
import { modelKey, type ScoringModel } from '../core/scoring/model.ts';
import { loadLinksOfDishonestEnterprises, loadRecordsInRange } from '../persistence/credit-record-store.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import {
  claimEvaluationRun,
  completeEvaluationRun,
  countEnterprises,
  failEvaluationRun,
  readEnterpriseChunk,
  writeEvaluations,
  type EvaluationToStore,
  type RunRow,
  type TierCounts,
} from '../persistence/evaluation-store.ts';
import { compileFormulaSource } from './formula-compiler.ts';
import { findScoringModel, type ModelLookupIssue } from './scoring-models.ts';

export interface EvaluateAllInput {
  /** The evaluation date, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** `credit-risk/1`, or `credit-risk` for the latest version; default `credit-risk`. */
  readonly model?: string;
}

export interface EvaluationProgress {
  readonly evaluated: number;
  readonly total: number;
}

export interface EvaluateAllOptions {
  readonly onProgress?: (progress: EvaluationProgress) => void;
  /** Enterprises per chunk (default 10,000). */
  readonly chunkSize?: number;
  /** A `running` run without progress for this long is taken as abandoned (default 300). */
  readonly staleAfterSeconds?: number;
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
  | ModelLookupIssue
  | { readonly code: 'run_in_progress'; readonly run: RunRow; readonly message: string };

/** A claimed run: already completed, or ready to execute. */
export interface BegunRun {
  readonly run: RunRow;
  /** Runs the evaluation; absent when the run was already completed. */
  readonly execute?: (options?: EvaluateAllOptions) => Promise<EvaluationRunSummary>;
}

const DEFAULT_CHUNK_SIZE = 10_000;
const DEFAULT_STALE_AFTER_SECONDS = 300;

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
  readonly indicators: readonly { name: string; family: string; description: string; value: number; neutral: number; contribution: number }[];
  readonly formulas: readonly { name: string; description: string; value: number }[];
  readonly rulesFired: readonly { id: string; description: string }[];
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
      neutral: indicator.neutral,
      value: evaluation.indicators[index]!.value,
      contribution: evaluation.indicators[index]!.contribution,
    })),
    formulas: model.formulas.map((formula, index) => ({ name: formula.name, description: formula.description, value: evaluation.formulas[index]!.value })),
    rulesFired: evaluation.rulesFired.map((id) => ({ id, description: model.rules.find((rule) => rule.id === id)?.description ?? '' })),
  };
}

/**
 * Claims the run of (asOf, model) without executing it, so a caller (the HTTP server) can
 * answer at once and execute in the background.
 *
 * @example const begun = await beginEvaluationRun(database, { asOf: '2025-01-01' }); if (begun.ok) await begun.value.execute?.()
 */
export async function beginEvaluationRun(
  database: DatabaseHandle,
  input: EvaluateAllInput,
  options: Pick<EvaluateAllOptions, 'staleAfterSeconds'> = {},
): Promise<Result<BegunRun, EvaluateAllIssue>> {
  if (!isCalendarDate(input.asOf)) return err({ code: 'invalid_date', asOf: input.asOf, message: `'${input.asOf}' is not a calendar date YYYY-MM-DD` });
  const found = await findScoringModel(database.db, input.model ?? 'credit-risk');
  if (!found.ok) return found;
  const model = found.value;
  const claimed = await claimEvaluationRun(database.db, input.asOf, modelKey(model), options.staleAfterSeconds ?? DEFAULT_STALE_AFTER_SECONDS);
  if (claimed.kind === 'completed') return ok({ run: claimed.run });
  if (claimed.kind === 'busy') {
    return err({
      code: 'run_in_progress',
      run: claimed.run,
      message: `run ${claimed.run.id} (${claimed.run.modelKey} as of ${claimed.run.asOf}) is running: ${claimed.run.evaluated} enterprises evaluated so far`,
    });
  }
  const run = claimed.run;
  return ok({ run, execute: (executeOptions = {}) => executeRun(database, run, model, executeOptions) });
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
  const begun = await beginEvaluationRun(database, input, options);
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

async function executeRun(database: DatabaseHandle, run: RunRow, model: ScoringModel, options: EvaluateAllOptions): Promise<EvaluationRunSummary> {
  const started = performance.now();
  const timings = { readMs: 0, evaluateMs: 0, writeMs: 0 };
  try {
    const compiled = compileModel(model, { compileSource: compileFormulaSource });
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
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

      mark = performance.now();
      await writeEvaluations(database, run.id, rows);
      timings.writeMs += performance.now() - mark;
      evaluated += enterprises.length;
      afterCode = last;
      options.onProgress?.({ evaluated, total: Math.max(total, evaluated) });
      if (enterprises.length < chunkSize) break;
      // PGlite answers on our own thread through promises alone, so without a turn of the
      // event loop here a run would keep the HTTP server from reading any request until it ends.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const completed = await completeEvaluationRun(database.db, run.id, counts satisfies TierCounts, performance.now() - started);
    return { ...completed, timings };
  } catch (error) {
    await failEvaluationRun(database.db, run.id, (error as Error).message).catch(() => {});
    throw error;
  }
}
