/**
 * Red and black lists (守信红榜 / 失信黑榜): editions computed from versioned criteria,
 * reviewed by staff (removals keep their reason), published by an admin as signed
 * `suiji.list-edition/1` records; exit notices (`suiji.exit-notice/1`) end an entry early
 * or at expiry.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

export const LIST_KINDS = ['red', 'black'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const listEditions = pgTable(
  'list_editions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** e.g. `black-2026-10-31`: the list and the period end. */
    code: text('code').notNull().unique(),
    list: text('list').$type<ListKind>().notNull(),
    criteriaKey: text('criteria_key').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    status: text('status').$type<'candidate' | 'published'>().notNull().default('candidate'),
    envelope: text('envelope'),
    recordHash: text('record_hash').unique(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (table) => [
    check('list_editions_list_known', sql`${table.list} in ('red', 'black')`),
    check('list_editions_status_known', sql`${table.status} in ('candidate', 'published')`),
    check('list_editions_published_complete', sql`${table.status} = 'candidate' or (${table.envelope} is not null and ${table.recordHash} is not null)`),
    check('list_editions_period_ordered', sql`${table.periodFrom} <= ${table.periodTo}`),
  ],
);

export const listEntries = pgTable(
  'list_entries',
  {
    editionId: integer('edition_id')
      .notNull()
      .references(() => listEditions.id),
    creditCode: text('credit_code').notNull(),
    name: text('name').notNull(),
    entityType: text('entity_type').notNull(),
    reason: text('reason').notNull(),
    legalBasis: text('legal_basis').notNull(),
    entryDate: date('entry_date', { mode: 'string' }).notNull(),
    expiry: date('expiry', { mode: 'string' }).notNull(),
    /** Staff review: removed from the candidate edition, and why. */
    removedReason: text('removed_reason'),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedByToken: bigint('removed_by_token', { mode: 'number' }),
  },
  (table) => [primaryKey({ columns: [table.editionId, table.creditCode] })],
);

export const exitNotices = pgTable(
  'exit_notices',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    list: text('list').$type<ListKind>().notNull(),
    creditCode: text('credit_code').notNull(),
    editionId: integer('edition_id')
      .notNull()
      .references(() => listEditions.id),
    entryDate: date('entry_date', { mode: 'string' }).notNull(),
    exitDate: date('exit_date', { mode: 'string' }).notNull(),
    cause: text('cause').notNull(),
    repairDecision: text('repair_decision'),
    envelope: text('envelope').notNull(),
    recordHash: text('record_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('exit_notices_entry').on(table.list, table.creditCode, table.entryDate),
    index('exit_notices_code_idx').on(table.creditCode),
    check('exit_notices_cause_known', sql`${table.cause} in ('expiry', 'credit_repair')`),
    check('exit_notices_repair_has_decision', sql`${table.cause} <> 'credit_repair' or ${table.repairDecision} is not null`),
  ],
);
