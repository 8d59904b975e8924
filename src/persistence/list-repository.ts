/**
 * Storage of red and black list editions, their entries (with staff review removals) and
 * exit notices, and the reads behind the public lists.
 */
import { and, asc, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { CreditRecord } from '../core/credit-record.ts';
import { rowsOf, type Executor } from './database.ts';
import { exitNotices, listEditions, listEntries, type ListKind } from './schema/index.ts';
import { textArrayLiteral } from './sql-arrays.ts';

export type ListEditionRow = typeof listEditions.$inferSelect;
export type ListEntryRow = typeof listEntries.$inferSelect;
export type ExitNoticeRow = typeof exitNotices.$inferSelect;

const INSERT_BATCH = 1000;

/**
 * Enterprises that may qualify: for the black list, those with a serious-dishonesty listing
 * or a heavy penalty up to the period end; for the red list, those with a fulfilled honour
 * in the window. The criteria then decide on all their records.
 */
export async function findListCandidateCodes(db: Executor, list: ListKind, windowStart: string, to: string): Promise<string[]> {
  const result =
    list === 'black'
      ? await db.execute(sql`
          select distinct credit_code from credit_records
          where date <= ${to}::date and (kind = 'serious_dishonesty_listing' or (kind = 'penalty' and data->>'severity' = 'heavy'))
          order by credit_code`)
      : await db.execute(sql`
          select distinct credit_code from credit_records
          where kind = 'honour' and data->>'fulfilled' = 'true' and date > ${windowStart}::date and date <= ${to}::date
          order by credit_code`);
  return rowsOf<{ credit_code: string }>(result).map((row) => row.credit_code);
}

/** The records (not links) of the given enterprises effective on or before `asOf`. */
export async function loadRecordsOfEnterprises(db: Executor, codes: readonly string[], asOf: string): Promise<Map<string, CreditRecord[]>> {
  const byCode = new Map<string, CreditRecord[]>();
  if (codes.length === 0) return byCode;
  const result = await db.execute(sql`
    select credit_code, data from credit_records where credit_code = any(${textArrayLiteral(codes)}::text[]) and date <= ${asOf}::date
  `);
  for (const row of rowsOf<{ credit_code: string; data: CreditRecord }>(result)) {
    let records = byCode.get(row.credit_code);
    if (!records) byCode.set(row.credit_code, (records = []));
    records.push(row.data);
  }
  return byCode;
}

/** `code|entryDate` of every entry of the list that an exit notice has ended. */
export async function findExitedEntries(db: Executor, list: ListKind): Promise<Set<string>> {
  const rows = await db.select({ creditCode: exitNotices.creditCode, entryDate: exitNotices.entryDate }).from(exitNotices).where(eq(exitNotices.list, list));
  return new Set(rows.map((row) => `${row.creditCode}|${row.entryDate}`));
}

export async function findEdition(db: Executor, code: string): Promise<ListEditionRow | undefined> {
  const [row] = await db.select().from(listEditions).where(eq(listEditions.code, code));
  return row;
}

/**
 * Creates a candidate edition, or recomputes one still a candidate (its entries and review
 * removals are replaced). Undefined when the edition is already published.
 */
export async function saveCandidateEdition(
  db: Executor,
  edition: { code: string; list: ListKind; criteriaKey: string; periodFrom: string; periodTo: string },
  entries: readonly Omit<typeof listEntries.$inferInsert, 'editionId'>[],
): Promise<number | undefined> {
  const existing = await findEdition(db, edition.code);
  if (existing && existing.status !== 'candidate') return undefined;
  let id: number;
  if (existing) {
    id = existing.id;
    await db.delete(listEntries).where(eq(listEntries.editionId, id));
    await db.update(listEditions).set({ ...edition, computedAt: sql`now()` }).where(eq(listEditions.id, id));
  } else {
    const [row] = await db.insert(listEditions).values(edition).returning({ id: listEditions.id });
    id = row!.id;
  }
  for (let start = 0; start < entries.length; start += INSERT_BATCH) {
    await db.insert(listEntries).values(entries.slice(start, start + INSERT_BATCH).map((entry) => ({ ...entry, editionId: id })));
  }
  return id;
}

/** Removes an entry from a candidate edition during review; false when there is no such entry left to remove. */
export async function markEntryRemoved(db: Executor, editionId: number, creditCode: string, reason: string, tokenId: number | undefined): Promise<boolean> {
  const rows = await db
    .update(listEntries)
    .set({ removedReason: reason, removedAt: sql`now()`, removedByToken: tokenId ?? null })
    .where(and(eq(listEntries.editionId, editionId), eq(listEntries.creditCode, creditCode), isNull(listEntries.removedReason)))
    .returning({ creditCode: listEntries.creditCode });
  return rows.length === 1;
}

/** Entries of an edition by credit code, after `after`; removed ones only when asked. */
export async function listEditionEntries(
  db: Executor,
  editionId: number,
  options: { after?: string | undefined; limit?: number | undefined; includeRemoved?: boolean },
): Promise<ListEntryRow[]> {
  const query = db
    .select()
    .from(listEntries)
    .where(
      and(
        eq(listEntries.editionId, editionId),
        options.includeRemoved ? undefined : isNull(listEntries.removedReason),
        options.after === undefined ? undefined : gt(listEntries.creditCode, options.after),
      ),
    )
    .orderBy(asc(listEntries.creditCode));
  return options.limit === undefined ? query : query.limit(options.limit);
}

/** candidate → published, once. */
export async function markEditionPublished(db: Executor, id: number, envelope: string, recordHash: string): Promise<boolean> {
  const rows = await db
    .update(listEditions)
    .set({ status: 'published', envelope, recordHash, publishedAt: sql`now()` })
    .where(and(eq(listEditions.id, id), eq(listEditions.status, 'candidate')))
    .returning({ id: listEditions.id });
  return rows.length === 1;
}

/** The list's latest published edition (by period end, then publication). */
export async function findLatestPublishedEdition(db: Executor, list: ListKind): Promise<ListEditionRow | undefined> {
  const [row] = await db
    .select()
    .from(listEditions)
    .where(and(eq(listEditions.list, list), eq(listEditions.status, 'published')))
    .orderBy(desc(listEditions.periodTo), desc(listEditions.id))
    .limit(1);
  return row;
}

/** Published editions, newest first, before edition id `before`. */
export async function listPublishedEditions(db: Executor, list: ListKind | undefined, before: number | undefined, limit: number): Promise<ListEditionRow[]> {
  return db
    .select()
    .from(listEditions)
    .where(and(eq(listEditions.status, 'published'), list ? eq(listEditions.list, list) : undefined, before === undefined ? undefined : lt(listEditions.id, before)))
    .orderBy(desc(listEditions.id))
    .limit(limit);
}

/** The entries of an edition that no exit notice has ended, by credit code after `after`. */
export async function listStandingEntries(db: Executor, edition: ListEditionRow, after: string | undefined, limit: number): Promise<ListEntryRow[]> {
  return db
    .select()
    .from(listEntries)
    .where(
      and(
        eq(listEntries.editionId, edition.id),
        isNull(listEntries.removedReason),
        after === undefined ? undefined : gt(listEntries.creditCode, after),
        sql`not exists (select 1 from exit_notices x where x.list = ${edition.list} and x.credit_code = ${listEntries.creditCode} and x.entry_date = ${listEntries.entryDate})`,
      ),
    )
    .orderBy(asc(listEntries.creditCode))
    .limit(limit);
}

export async function insertExitNotice(db: Executor, notice: Omit<typeof exitNotices.$inferInsert, 'id' | 'createdAt'>): Promise<boolean> {
  const rows = await db.insert(exitNotices).values(notice).onConflictDoNothing().returning({ id: exitNotices.id });
  return rows.length === 1;
}

/** Exit notices, newest first, before id `before`. */
export async function listExitNoticeRows(db: Executor, list: ListKind | undefined, before: number | undefined, limit: number): Promise<ExitNoticeRow[]> {
  return db
    .select()
    .from(exitNotices)
    .where(and(list ? eq(exitNotices.list, list) : undefined, before === undefined ? undefined : lt(exitNotices.id, before)))
    .orderBy(desc(exitNotices.id))
    .limit(limit);
}

/** An enterprise's entry in an edition, unless review removed it. */
export async function findEditionEntry(db: Executor, editionId: number, creditCode: string): Promise<ListEntryRow | undefined> {
  const [row] = await db
    .select()
    .from(listEntries)
    .where(and(eq(listEntries.editionId, editionId), eq(listEntries.creditCode, creditCode), isNull(listEntries.removedReason)));
  return row;
}
