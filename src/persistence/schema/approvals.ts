/**
 * Four eyes (四眼原则, issue 13): an act that the public sees or that changes people's lives is
 * proposed by one admin and carried out only when another approves. One row per proposal;
 * `payload` is what the act needs to run at approval. Correcting a published result (issue 17)
 * is meant to be one more kind here.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const APPROVAL_KINDS = ['policy_adoption', 'list_publication', 'result_correction'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

const listed = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export const approvals = pgTable(
  'approvals',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').$type<ApprovalKind>().notNull(),
    /** What is acted on, e.g. `SP-01/2027/v3` or `black-2026-10-31`. */
    subject: text('subject').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Usernames (staff accounts), never natural persons outside the bureau. */
    proposedBy: text('proposed_by').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status').$type<ApprovalStatus>().notNull().default('pending'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
  },
  (table) => [
    check('approvals_kind_known', sql`${table.kind} in (${listed(APPROVAL_KINDS)})`),
    check('approvals_status_known', sql`${table.status} in (${listed(APPROVAL_STATUSES)})`),
    check('approvals_decided', sql`(${table.status} = 'pending') = (${table.decidedBy} is null)`),
    check('approvals_second_person', sql`${table.status} <> 'approved' or ${table.decidedBy} <> ${table.proposedBy}`),
    // One open proposal per thing: a second one would race the first.
    uniqueIndex('approvals_one_pending').on(table.kind, table.subject).where(sql`${table.status} = 'pending'`),
    index('approvals_status_idx').on(table.status, table.id),
  ],
);
