/** Storage of four-eyes proposals (issue 13): insert, decide once, list. */
import { and, desc, eq, lt, ne, type SQL } from 'drizzle-orm';
import type { Executor } from './database.ts';
import { approvals, type ApprovalKind, type ApprovalStatus } from './schema/index.ts';

export type ApprovalRow = typeof approvals.$inferSelect;

/**
 * Inserts a pending proposal; undefined when one is already pending for the same kind and subject.
 *
 * @example await insertApproval(db, { kind: 'list_publication', subject: 'black-2026-10-31', payload: { edition }, proposedBy: 'li.admin' })
 */
export async function insertApproval(
  db: Executor,
  values: { kind: ApprovalKind; subject: string; payload: Record<string, unknown>; proposedBy: string },
): Promise<ApprovalRow | undefined> {
  // The partial unique index (one pending per kind and subject) turns a second proposal into no row.
  const [row] = await db.insert(approvals).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findApproval(db: Executor, id: number): Promise<ApprovalRow | undefined> {
  const [row] = await db.select().from(approvals).where(eq(approvals.id, id));
  return row;
}

/**
 * Decides a pending proposal, once; `notBy` refuses a decider (the proposer, for an approval).
 * Undefined when it is no longer pending or the decider is refused.
 */
export async function decideApprovalRow(
  db: Executor,
  id: number,
  decision: { status: Exclude<ApprovalStatus, 'pending'>; decidedBy: string; reason?: string | undefined; at: Date },
): Promise<ApprovalRow | undefined> {
  const conditions: SQL[] = [eq(approvals.id, id), eq(approvals.status, 'pending')];
  if (decision.status === 'approved' || decision.status === 'rejected') conditions.push(ne(approvals.proposedBy, decision.decidedBy));
  if (decision.status === 'withdrawn') conditions.push(eq(approvals.proposedBy, decision.decidedBy));
  const [row] = await db
    .update(approvals)
    .set({ status: decision.status, decidedBy: decision.decidedBy, decidedAt: decision.at, reason: decision.reason ?? null })
    .where(and(...conditions))
    .returning();
  return row;
}

/** Proposals newest first, optionally of one status, before id `before` (keyset paging). */
export async function listApprovalRows(db: Executor, filter: { status?: ApprovalStatus | undefined; before?: number | undefined; limit: number }): Promise<ApprovalRow[]> {
  const conditions: SQL[] = [];
  if (filter.status !== undefined) conditions.push(eq(approvals.status, filter.status));
  if (filter.before !== undefined) conditions.push(lt(approvals.id, filter.before));
  return db
    .select()
    .from(approvals)
    .where(conditions.length === 0 ? undefined : and(...conditions))
    .orderBy(desc(approvals.id))
    .limit(filter.limit);
}
