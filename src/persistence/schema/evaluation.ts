/**
 * Credit evaluation (信用风险分类): scoring model versions, evaluation runs, and one
 * evaluation per enterprise and run. Tiers are internal: nothing here is ever published.
 */
import { boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Scoring models as versioned data; a version that has been used is never changed. */
export const scoringModels = pgTable(
  'scoring_models',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    /** The model JSON as validated by `validateModel` in src/core/scoring/model.ts. */
    definition: jsonb('definition').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.id, table.version] })],
);

/**
 * One evaluation of the whole directory as of a date under one model version. There is one
 * run per (as_of, model_key): running it again returns the completed run.
 */
export const evaluationRuns = pgTable(
  'evaluation_runs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    /** e.g. `credit-risk/1`. */
    modelKey: text('model_key').notNull(),
    /** `running`, `completed` or `failed`. */
    status: text('status').notNull(),
    /** Counts per tier and of enterprises in observation, once completed. */
    counts: jsonb('counts'),
    /** Enterprises evaluated so far. */
    evaluated: integer('evaluated').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    /** Touched after every chunk: a `running` run not touched for long was abandoned by a crash. */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    /** Why a `failed` run failed. */
    error: text('error'),
  },
  (table) => [uniqueIndex('evaluation_runs_as_of_model_key').on(table.asOf, table.modelKey)],
);

/** The evaluation of one enterprise in one run, with everything needed to explain it. */
export const evaluations = pgTable(
  'evaluations',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => evaluationRuns.id),
    creditCode: text('credit_code').notNull(),
    score: numeric('score', { precision: 5, scale: 2 }).notNull(),
    /** A, B, C or D after hard rules. */
    tier: text('tier').notNull(),
    observation: boolean('observation').notNull(),
    /** Indicators with values and contributions, formulas, rules fired, score tier. */
    explanation: jsonb('explanation').notNull(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.creditCode] }), index('evaluations_run_tier_idx').on(table.runId, table.tier)],
);
