/**
 * Storage of the publication log: leaves, complete subtrees and signed tree heads. Only
 * inserts and reads: the tables refuse UPDATE, DELETE and TRUNCATE (migration
 * `publication_log_guard`).
 */
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from './database.ts';
import { logLeaves, logNodes, logTreeHeads, type LogLeafKind } from './schema/index.ts';

export type LogLeafRow = typeof logLeaves.$inferSelect;
export type LogTreeHeadRow = typeof logTreeHeads.$inferSelect;

export interface LogNodeRow {
  readonly level: number;
  readonly position: number;
  /** 64 lowercase hex characters. */
  readonly hash: string;
}

// One fixed key for the log's advisory lock ("suiji" in ASCII): appends take it in turn.
const APPEND_LOCK_KEY = 0x7375696a69;

/**
 * Waits for, and holds until the end of the transaction, the lock that serialises appends
 * to the log; without a transaction it would be released at once.
 *
 * @example await db.transaction(async (tx) => { await lockPublicationLog(tx); … })
 */
export async function lockPublicationLog(executor: Executor): Promise<void> {
  await executor.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(APPEND_LOCK_KEY))})`);
}

/** The head of the largest tree, or undefined for an empty log. @example await findLatestTreeHead(db) */
export async function findLatestTreeHead(executor: Executor): Promise<LogTreeHeadRow | undefined> {
  const [row] = await executor.select().from(logTreeHeads).orderBy(desc(logTreeHeads.treeSize)).limit(1);
  return row;
}

/** The head signed when the log had `treeSize` leaves. @example await findTreeHead(db, 17) */
export async function findTreeHead(executor: Executor, treeSize: number): Promise<LogTreeHeadRow | undefined> {
  const [row] = await executor.select().from(logTreeHeads).where(eq(logTreeHeads.treeSize, treeSize));
  return row;
}

/** @example await findLeafByRecordHash(db, 'ab12…') // { leafIndex: 4, kind: 'draw_record', … } */
export async function findLeafByRecordHash(executor: Executor, recordHash: string): Promise<LogLeafRow | undefined> {
  const [row] = await executor.select().from(logLeaves).where(eq(logLeaves.recordHash, recordHash));
  return row;
}

/** @example await findLeafByIndex(db, 4) */
export async function findLeafByIndex(executor: Executor, leafIndex: number): Promise<LogLeafRow | undefined> {
  const [row] = await executor.select().from(logLeaves).where(eq(logLeaves.leafIndex, leafIndex));
  return row;
}

/**
 * The stored subtrees among `nodes` (one query, whatever the count).
 *
 * @example await findLogNodes(db, [{ level: 2, position: 0 }, { level: 0, position: 4 }])
 */
export async function findLogNodes(executor: Executor, nodes: readonly { level: number; position: number }[]): Promise<LogNodeRow[]> {
  if (nodes.length === 0) return [];
  const wanted = sql.join(
    nodes.map((node) => sql`(${node.level}::smallint, ${node.position}::integer)`),
    sql`, `,
  );
  return executor
    .select({ level: logNodes.level, position: logNodes.position, hash: logNodes.hash })
    .from(logNodes)
    .where(sql`(${logNodes.level}, ${logNodes.position}) in (${wanted})`);
}

/**
 * Leaves `[start, end)` in index order (keyset: the primary key bounds the read).
 *
 * @example await listLogLeaves(db, 0, 100)
 */
export async function listLogLeaves(executor: Executor, start: number, end: number): Promise<LogLeafRow[]> {
  return executor
    .select()
    .from(logLeaves)
    .where(and(gte(logLeaves.leafIndex, start), lt(logLeaves.leafIndex, end)))
    .orderBy(asc(logLeaves.leafIndex));
}

/**
 * Level-0 nodes (leaf hashes) `[start, end)` in order, for building a tree in memory.
 *
 * @example await listLeafHashes(db, 0, 10000)
 */
export async function listLeafHashes(executor: Executor, start: number, end: number): Promise<string[]> {
  const rows = await executor
    .select({ hash: logNodes.hash })
    .from(logNodes)
    .where(and(eq(logNodes.level, 0), gte(logNodes.position, start), lt(logNodes.position, end)))
    .orderBy(asc(logNodes.position));
  return rows.map((row) => row.hash);
}

export interface LogAppendRows {
  readonly leaf: { readonly leafIndex: number; readonly recordHash: string; readonly kind: LogLeafKind; readonly reference: string };
  readonly nodes: readonly LogNodeRow[];
  readonly treeHead: LogTreeHeadRow;
}

/**
 * Inserts one leaf, the subtrees it completes and the new signed head. The caller holds the
 * append lock.
 *
 * @example await insertLogAppend(tx, { leaf, nodes, treeHead })
 */
export async function insertLogAppend(executor: Executor, rows: LogAppendRows): Promise<void> {
  await executor.insert(logLeaves).values(rows.leaf);
  await executor.insert(logNodes).values([...rows.nodes]);
  await executor.insert(logTreeHeads).values(rows.treeHead);
}
