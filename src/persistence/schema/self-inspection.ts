/**
 * Issue 17: self-inspection reports (自查报告) of a self-inspection task (承诺式检查). Every
 * submission is a new version; a returned report stays as it was, next to its resubmission.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { SelfInspectionFinding } from '../../core/self-inspection.ts';
import { inspectionTasks } from './inspection.ts';

export const REPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const selfInspectionReports = pgTable(
  'self_inspection_reports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    taskCode: text('task_code')
      .notNull()
      .references(() => inspectionTasks.code),
    creditCode: text('credit_code').notNull(),
    /** 1 for the first submission, then one more for each resubmission after a return. */
    version: integer('version').notNull(),
    /** What the enterprise checked and found, per item of the task. */
    findings: jsonb('findings').$type<SelfInspectionFinding[]>().notNull(),
    /** The version of the commitment text (承诺书) the enterprise accepted. */
    commitmentVersion: text('commitment_version').notNull(),
    /** SHA-256 of the canonical submitted content (`selfInspectionReportContent`): the enterprise's receipt. */
    contentHash: text('content_hash').notNull(),
    /** The record time text (Asia/Shanghai offset) the content carries. */
    submittedAt: text('submitted_at').notNull(),
    status: text('status').$type<ReportStatus>().notNull().default('submitted'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** Why staff returned it (required for a return). */
    returnReason: text('return_reason'),
  },
  (table) => [
    unique('self_inspection_reports_version').on(table.taskCode, table.creditCode, table.version),
    check('self_inspection_reports_status_known', sql`${table.status} in ('submitted', 'accepted', 'returned')`),
    check('self_inspection_reports_reviewed', sql`(${table.status} = 'submitted') = (${table.reviewedBy} is null) and (${table.reviewedBy} is null) = (${table.reviewedAt} is null)`),
    check('self_inspection_reports_return_reason', sql`(${table.status} = 'returned') = (${table.returnReason} is not null)`),
    index('self_inspection_reports_accepted_idx').on(table.taskCode).where(sql`${table.status} = 'accepted'`),
  ],
);
