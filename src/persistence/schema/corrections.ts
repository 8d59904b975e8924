/**
 * Issue 17: corrections of published results (撤销 / 补正 / 变更), enterprises' statements
 * and defence (陈述申辩) with staff answers, and the bureau's three lists (三张清单: 从轻 /
 * 减轻 / 免予处罚). A correction is a signed record of its own, appended to the publication
 * log; the corrected result row is never changed. Statements are never published.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { LENIENCY_LISTS, type LeniencyList } from '../../core/credit-record.ts';
import { CORRECTION_KINDS, type CorrectionKind } from '../../core/result-correction.ts';
import { inspectionTasks } from './inspection.ts';


const listed = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/** One signed `suiji.result-correction/1` record per row, numbered 1, 2, … across the bureau. */
export const resultCorrections = pgTable(
  'result_corrections',
  {
    number: integer('number').primaryKey(),
    taskCode: text('task_code')
      .notNull()
      .references(() => inspectionTasks.code),
    creditCode: text('credit_code').notNull(),
    itemCode: text('item_code').notNull(),
    /** The department whose findings it corrects ('' for a result of nobody's in particular), as `inspection_results.department`. */
    department: text('department').notNull().default(''),
    kind: text('kind').$type<CorrectionKind>().notNull(),
    envelope: text('envelope').notNull(),
    recordHash: text('record_hash').notNull().unique(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('result_corrections_kind_known', sql`${table.kind} in (${listed(CORRECTION_KINDS)})`),
    check('result_corrections_number_positive', sql`${table.number} >= 1`),
    index('result_corrections_result_idx').on(table.taskCode, table.creditCode, table.itemCode),
  ],
);

/** A statement (陈述申辩) an enterprise made on one of its published results, and the staff answer. */
export const resultStatements = pgTable(
  'result_statements',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    taskCode: text('task_code')
      .notNull()
      .references(() => inspectionTasks.code),
    creditCode: text('credit_code').notNull(),
    itemCode: text('item_code').notNull(),
    statement: text('statement').notNull(),
    /** The enterprise account that submitted it (its credit code). */
    submittedBy: text('submitted_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    answer: text('answer'),
    /** The staff account (username) that answered. */
    answeredBy: text('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (table) => [
    check('result_statements_answered', sql`(${table.answer} is null) = (${table.answeredBy} is null) and (${table.answer} is null) = (${table.answeredAt} is null)`),
    index('result_statements_code_idx').on(table.creditCode),
    index('result_statements_open_idx').on(table.id).where(sql`${table.answer} is null`),
  ],
);

/** One entry of the three lists (三张清单): the violation it covers, its legal basis and conditions. */
export const leniencyListEntries = pgTable(
  'leniency_list_entries',
  {
    /** The bureau's entry code, e.g. `MY-003`; cited by penalty records. */
    code: text('code').primaryKey(),
    list: text('list').$type<LeniencyList>().notNull(),
    /** The violation (违法行为) the entry covers. */
    item: text('item').notNull(),
    legalBasis: text('legal_basis').notNull(),
    conditions: text('conditions').notNull(),
    /** The 免予处罚 list's first-violation case (首违不罚). */
    firstViolation: boolean('first_violation').notNull().default(false),
    loadedBy: text('loaded_by').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('leniency_list_entries_list_known', sql`${table.list} in (${listed(LENIENCY_LISTS)})`),
    check('leniency_list_entries_first_violation_exempt', sql`not ${table.firstViolation} or ${table.list} = 'exempt'`),
  ],
);
