/**
 * Jobs (后台作业): heavy operations (evaluation, freeze, draw, results publication, list
 * building, import) run in the background with a resource staff can poll. Our own table
 * on both databases; on PostgreSQL pg-boss only dispatches (its own schema `pgboss`).
 */
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const jobs = pgTable(
  'jobs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** What the job does, e.g. `evaluation`, `freeze`, `draw` (`JobKind` in core/jobs.ts). */
    kind: text('kind').notNull(),
    /** `queued`, `running`, `succeeded` or `failed`. */
    state: text('state').notNull(),
    /** What the job was started with (the request body and path parameters). */
    input: jsonb('input').notNull(),
    /** `{ done, total }` while it runs, in the job's own unit (enterprises, members). */
    progress: jsonb('progress'),
    /** Counts of the finished job (e.g. tiers, drawn members). */
    counts: jsonb('counts'),
    /** The use case's answer once it succeeded (what the synchronous endpoint would have answered). */
    result: jsonb('result'),
    /** Where the outcome lives, e.g. `/api/evaluations/6`. */
    resultLink: text('result_link'),
    /** Why a failed job failed: `{ status, zh, en, … }`. */
    error: jsonb('error'),
    /** Who started it: the activity log's `Actor` (kind, id, label, role). */
    startedBy: jsonb('started_by').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [index('jobs_state').on(table.state)],
);
