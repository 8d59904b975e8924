/**
 * Storage of a task's committed inspector snapshot and of its inspector substitutions
 * (draw/v1.1 section 8).
 */
import { asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Executor } from './database.ts';
import { inspectorSubstitutions, taskInspectorSnapshots } from './schema/index.ts';

export interface StoredInspectorSnapshot {
  readonly snapshot: unknown;
  readonly conflictsOpening: unknown;
}

/** Saves the snapshot committed at freeze (once per task). */
export async function insertInspectorSnapshot(db: Executor, taskCode: string, stored: StoredInspectorSnapshot): Promise<void> {
  await db.insert(taskInspectorSnapshots).values({ taskCode, snapshot: stored.snapshot, conflictsOpening: stored.conflictsOpening });
}

/** The snapshot committed at freeze, or undefined for a task frozen before draw/v1.1. */
export async function findInspectorSnapshot(db: Executor, taskCode: string): Promise<StoredInspectorSnapshot | undefined> {
  const [row] = await db.select().from(taskInspectorSnapshots).where(eq(taskInspectorSnapshots.taskCode, taskCode));
  return row ? { snapshot: row.snapshot, conflictsOpening: row.conflictsOpening } : undefined;
}

export type SubstitutionRow = typeof inspectorSubstitutions.$inferSelect;

/** A task's substitutions in number order. */
export async function listSubstitutions(db: Executor, taskCode: string): Promise<SubstitutionRow[]> {
  return db.select().from(inspectorSubstitutions).where(eq(inspectorSubstitutions.taskCode, taskCode)).orderBy(asc(inspectorSubstitutions.number));
}

export async function insertSubstitution(db: Executor, row: Omit<typeof inspectorSubstitutions.$inferInsert, 'createdAt'>): Promise<void> {
  await db.insert(inspectorSubstitutions).values(row);
}

/**
 * The teams the draw record of a task assigned, by credit code (badges in team order), or
 * undefined when the record assigns none (drawn without assign/v1). PostgreSQL reads only
 * the assignments out of the stored public envelope.
 */
export async function listAssignedTeams(db: Executor, taskCode: string): Promise<Map<string, { department: string; badge: string }[]> | undefined> {
  const result = await db.execute(sql`select (public_envelope::jsonb -> 'record' -> 'assignments')::text as assignments from draw_records where task_code = ${taskCode}`);
  const [row] = rowsOf<{ assignments: string | null }>(result);
  if (!row?.assignments) return undefined;
  const assignments = JSON.parse(row.assignments) as { code: string; team: { department: string; badge: string }[] }[];
  return new Map(assignments.map((entry) => [entry.code, entry.team]));
}

/** Locks a task's draw record row until the transaction ends, so substitutions of a task are numbered one after another. */
export async function lockDrawRecordForSubstitution(db: Executor, taskCode: string): Promise<void> {
  await db.execute(sql`select task_code from draw_records where task_code = ${taskCode} for update`);
}
