/**
 * The second random (draw/v1.1 section 8): the inspector snapshot committed at freeze and
 * the substitutions recorded after the draw (issue 11).
 */
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { drawRecords, inspectionTasks } from './inspection.ts';

/**
 * What assign/v1 of a task uses, fixed at freeze: the public snapshot (as published in the
 * commitment) and the private opening of `conflictsCommitment` (salt and conflicts).
 */
export const taskInspectorSnapshots = pgTable('task_inspector_snapshots', {
  taskCode: text('task_code')
    .primaryKey()
    .references(() => inspectionTasks.code),
  /** `PublicInspectorSnapshot` of src/core/draw/inspector-snapshot.ts. */
  snapshot: jsonb('snapshot').notNull(),
  /** `ConflictsOpening`: never public, auditors read it in the audit record. */
  conflictsOpening: jsonb('conflicts_opening').notNull(),
});

/**
 * A signed `suiji.inspector-substitution/1` record: an inspector leaves an enterprise's
 * team and assign/v1 draws the replacement. Numbered 1, 2, … within the task (the
 * substitution counter of the draw).
 */
export const inspectorSubstitutions = pgTable(
  'inspector_substitutions',
  {
    taskCode: text('task_code')
      .notNull()
      .references(() => drawRecords.taskCode),
    number: integer('number').notNull(),
    creditCode: text('credit_code').notNull(),
    leavingBadge: text('leaving_badge').notNull(),
    replacementBadge: text('replacement_badge').notNull(),
    envelope: text('envelope').notNull(),
    recordHash: text('record_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.taskCode, table.number] }), check('inspector_substitutions_number_positive', sql`${table.number} >= 1`)],
);
