/**
 * Departments (执法部门) and the test results (检验检测结果) a joint task shares among them.
 * Items, inspectors, tasks and results refer to a department by code in a text column
 * without a foreign key, because plans from before departments were records name them by
 * free text (see src/core/department.ts).
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { inspectionTasks } from './inspection.ts';

export const departments = pgTable(
  'departments',
  {
    code: text('code').primaryKey(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('departments_name_zh').on(table.nameZh)],
);

/**
 * A test result (检验检测结果) of a sample taken from an enterprise in a task: entered once,
 * by one department, and shown to every department of the task so none repeats the test.
 */
export const taskTestResults = pgTable(
  'task_test_results',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    taskCode: text('task_code')
      .notNull()
      .references(() => inspectionTasks.code),
    creditCode: text('credit_code').notNull(),
    sample: text('sample').notNull(),
    laboratory: text('laboratory').notNull(),
    reportNumber: text('report_number').notNull(),
    /** `TEST_CONCLUSIONS` of src/application/test-results.ts. */
    conclusion: text('conclusion').notNull(),
    testedOn: date('tested_on', { mode: 'string' }).notNull(),
    /** The department whose staff entered it (a code, or null when entered by an unscoped account). */
    enteredByDepartment: text('entered_by_department'),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('task_test_results_report').on(table.taskCode, table.creditCode, table.reportNumber),
    check('task_test_results_conclusion_known', sql`${table.conclusion} in ('qualified', 'unqualified')`),
    index('task_test_results_task_idx').on(table.taskCode, table.creditCode),
  ],
);
