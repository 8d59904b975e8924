/**
 * Storage of a task's committed inspector snapshot and of its inspector substitutions
 * (draw/v1.1 section 8).
 */
import { asc, eq, max } from 'drizzle-orm';
import type { Executor } from './database.ts';
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

/** The next substitution number of a task (1 for the first). */
export async function nextSubstitutionNumber(db: Executor, taskCode: string): Promise<number> {
  const [row] = await db.select({ last: max(inspectorSubstitutions.number) }).from(inspectorSubstitutions).where(eq(inspectorSubstitutions.taskCode, taskCode));
  return (row?.last ?? 0) + 1;
}

export async function insertSubstitution(db: Executor, row: Omit<typeof inspectorSubstitutions.$inferInsert, 'createdAt'>): Promise<void> {
  await db.insert(inspectorSubstitutions).values(row);
}
