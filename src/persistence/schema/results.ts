/**
 * Inspection results (抽查检查结果, 一公开): one row per drawn enterprise and item of a task,
 * entered by staff, published in signed batches. A published row is never changed.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { inspectionTasks } from './inspection.ts';

/** A signed `suiji.results-batch/1` record: the results of a task published together. */
export const resultsBatches = pgTable(
  'results_batches',
  {
    taskCode: text('task_code')
      .notNull()
      .references(() => inspectionTasks.code),
    /** 1, 2, … within the task. */
    batch: integer('batch').notNull(),
    envelope: text('envelope').notNull(),
    recordHash: text('record_hash').notNull().unique(),
    resultCount: integer('result_count').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.taskCode, table.batch] }), check('results_batches_batch_positive', sql`${table.batch} >= 1`)],
);

export const inspectionResults = pgTable(
  'inspection_results',
  {
    taskCode: text('task_code')
      .notNull()
      .references(() => inspectionTasks.code),
    creditCode: text('credit_code').notNull(),
    itemCode: text('item_code').notNull(),
    /** `InspectionOutcome` of src/core/credit-record.ts. */
    outcome: text('outcome').notNull(),
    inspectionDate: date('inspection_date', { mode: 'string' }).notNull(),
    /** Inspection date + 20 working days (working calendar), computed on entry. */
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    /** Badge numbers (执法证号); names stay in `inspectors`. */
    inspectors: text('inspectors').array().notNull(),
    summary: text('summary').notNull(),
    correctiveOrder: text('corrective_order'),
    /**
     * The department whose findings these are (a department code; '' when nobody's in
     * particular: a bureau-wide account's result in a task with no department of the item).
     * It is part of the key: in a joint task (综合查一次) every department of the visit
     * records its own findings on an item, so one enterprise's item can have a result per
     * department (issue 17).
     */
    department: text('department').notNull().default(''),
    /** The batch that published it; null while unpublished. */
    batch: integer('batch'),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.taskCode, table.creditCode, table.itemCode, table.department] }),
    index('inspection_results_code_idx').on(table.creditCode),
    index('inspection_results_unpublished_idx').on(table.dueDate).where(sql`${table.batch} is null`),
  ],
);
