/**
 * Approved tier lists (分级分类监管清单, issue 17): each year's list is an evaluation run an
 * admin approved, with its per-tier counts and the year's per-tier ratios and frequencies
 * as they stood at approval. A re-approval (dynamic adjustment, 动态调整) is a new version
 * with its reason; a version is never changed. Internal: never published.
 */
import { sql } from 'drizzle-orm';
import { check, date, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { evaluationRuns } from './evaluation.ts';

export const tierLists = pgTable(
  'tier_lists',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    evaluationRunId: integer('evaluation_run_id')
      .notNull()
      .references(() => evaluationRuns.id),
    /** The run's evaluation date, copied so the list reads without the run. */
    asOf: date('as_of', { mode: 'string' }).notNull(),
    /** The activity log's name of who approved (account name, token label or `suiji`). */
    approvedBy: text('approved_by').notNull(),
    approvedByRole: text('approved_by_role').notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
    /** Why the list was approved again (required from version 2 on). */
    reason: text('reason'),
    /** `TierCounts` of the run: enterprises per tier and in observation. */
    counts: jsonb('counts').notNull(),
    /** `TierListPolicy[]`: per item, the year's policy version with its ratio, minimum and frequency per tier. */
    policies: jsonb('policies').notNull(),
  },
  (table) => [
    unique('tier_lists_year_version').on(table.year, table.version),
    check('tier_lists_version_positive', sql`${table.version} >= 1`),
    check('tier_lists_reason_after_first', sql`${table.version} = 1 or coalesce(btrim(${table.reason}), '') <> ''`),
  ],
);
