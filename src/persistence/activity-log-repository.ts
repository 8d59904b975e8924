/** Storage of the activity log: inserts only (a trigger refuses anything else), read by keyset. */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Executor } from './database.ts';
import { activityLog, type ActivitySection, type ActorKind } from './schema/index.ts';

export interface ActivityEntryValues {
  readonly actorKind: ActorKind;
  readonly actorId?: string | null;
  readonly actorLabel?: string | null;
  readonly role: string;
  readonly action: string;
  readonly method?: string | null;
  readonly path?: string | null;
  readonly status?: number | null;
  readonly subject?: string | null;
  readonly details?: Record<string, unknown> | null;
  readonly section?: ActivitySection;
}

export interface ActivityEntryRecord {
  readonly id: number;
  readonly at: Date;
  readonly actorKind: ActorKind;
  readonly actorId: string | null;
  readonly actorLabel: string | null;
  readonly role: string;
  readonly action: string;
  readonly method: string | null;
  readonly path: string | null;
  readonly status: number | null;
  readonly subject: string | null;
  readonly details: Record<string, unknown> | null;
  readonly section: ActivitySection;
}

/** @example await insertActivity(db, { actorKind: 'user', actorId: '3', actorLabel: 'li.wei', role: 'staff', action: 'login' }) */
export async function insertActivity(db: Executor, values: ActivityEntryValues): Promise<void> {
  await db.insert(activityLog).values(values);
}

/**
 * Entries of one section (default `changes`) newest first, before id `before` (keyset
 * paging), optionally of one actor label and one action.
 */
export async function listActivityEntries(
  db: Executor,
  filter: { before?: number | undefined; actor?: string | undefined; action?: string | undefined; section?: ActivitySection | undefined; limit: number },
): Promise<ActivityEntryRecord[]> {
  const conditions: SQL[] = [];
  if (filter.before !== undefined) conditions.push(lt(activityLog.id, filter.before));
  if (filter.actor !== undefined) conditions.push(eq(activityLog.actorLabel, filter.actor));
  if (filter.action !== undefined) conditions.push(eq(activityLog.action, filter.action));
  // The default view is what was done; refused requests show when the security section is asked for.
  conditions.push(eq(activityLog.section, filter.section ?? 'changes'));
  return db
    .select()
    .from(activityLog)
    .where(conditions.length === 0 ? undefined : and(...conditions))
    .orderBy(desc(activityLog.id))
    .limit(filter.limit);
}
