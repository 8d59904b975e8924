/**
 * Storage of issue 17: corrections of published results, enterprises' statements with staff
 * answers, and the three lists (三张清单). Corrections and list entries are inserted, never
 * changed; a statement changes once, when it is answered.
 */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { CorrectionKind } from '../core/result-correction.ts';
import { rowsOf, type Executor } from './database.ts';
import { publishedResultKey } from './results-repository.ts';
import { textArrayLiteral } from './sql-arrays.ts';
import { creditRecords, inspectionResults, leniencyListEntries, resultCorrections, resultsBatches, resultStatements } from './schema/index.ts';

export type ResultCorrectionRow = typeof resultCorrections.$inferSelect;
export type ResultStatementRow = typeof resultStatements.$inferSelect;
export type LeniencyEntryRow = typeof leniencyListEntries.$inferSelect;

/**
 * Identifies a result: a task, an enterprise and an item, and (a joint task's item has a
 * result per department) the department whose findings it is; without `department`, the
 * item's results of every department.
 */
export interface ResultKey {
  readonly taskCode: string;
  readonly creditCode: string;
  readonly itemCode: string;
  readonly department?: string | undefined;
}

const sameResult = (table: typeof resultCorrections | typeof inspectionResults, key: ResultKey) =>
  and(eq(table.taskCode, key.taskCode), eq(table.creditCode, key.creditCode), eq(table.itemCode, key.itemCode), key.department === undefined ? undefined : eq(table.department, key.department));

export type PublishedResultWithBatch = typeof inspectionResults.$inferSelect & { batch: number; batchRecordHash: string };

/** The published results `key` names (one per department of the item without `key.department`), each with its batch's record hash, by department. */
export async function findPublishedResults(db: Executor, key: ResultKey): Promise<PublishedResultWithBatch[]> {
  const rows = await db
    .select({ result: inspectionResults, batchRecordHash: resultsBatches.recordHash })
    .from(inspectionResults)
    .innerJoin(resultsBatches, and(eq(resultsBatches.taskCode, inspectionResults.taskCode), eq(resultsBatches.batch, inspectionResults.batch)))
    .where(sameResult(inspectionResults, key))
    .orderBy(asc(inspectionResults.department));
  return rows.flatMap((row) => (row.result.batch === null ? [] : [{ ...row.result, batch: row.result.batch, batchRecordHash: row.batchRecordHash }]));
}

/** The next correction number; call it holding the publication log's lock. */
export async function nextCorrectionNumber(db: Executor): Promise<number> {
  const [row] = rowsOf<{ next: number | string }>(await db.execute(sql`select coalesce(max(number), 0) + 1 as next from result_corrections`));
  return Number(row?.next ?? 1);
}

export async function insertCorrection(db: Executor, row: Omit<typeof resultCorrections.$inferInsert, 'publishedAt'>): Promise<void> {
  await db.insert(resultCorrections).values(row);
}

export async function findCorrection(db: Executor, number: number): Promise<ResultCorrectionRow | undefined> {
  const [row] = await db.select().from(resultCorrections).where(eq(resultCorrections.number, number));
  return row;
}

/** Corrections, newest first, of one task and/or one enterprise (or all), `limit` at most. */
export async function listCorrections(db: Executor, filter: { readonly taskCode?: string | undefined; readonly creditCode?: string | undefined }, limit: number): Promise<ResultCorrectionRow[]> {
  return db
    .select()
    .from(resultCorrections)
    .where(and(filter.taskCode === undefined ? undefined : eq(resultCorrections.taskCode, filter.taskCode), filter.creditCode === undefined ? undefined : eq(resultCorrections.creditCode, filter.creditCode)))
    .orderBy(desc(resultCorrections.number))
    .limit(limit);
}

/** The corrections of one result, oldest first. */
export async function listCorrectionsOf(db: Executor, key: ResultKey): Promise<ResultCorrectionRow[]> {
  return db.select().from(resultCorrections).where(sameResult(resultCorrections, key)).orderBy(asc(resultCorrections.number));
}

/** A correction as a result lists it: its number, kind and signed record's hash. */
export interface CorrectionSummaryRow {
  readonly number: number;
  readonly kind: CorrectionKind;
  readonly recordHash: string;
}

/** The corrections of each of these results, oldest first, keyed as `publishedResultKey` keys them. */
export async function listCorrectionsOfResults(db: Executor, keys: readonly ResultKey[]): Promise<Map<string, CorrectionSummaryRow[]>> {
  const found = new Map<string, CorrectionSummaryRow[]>();
  if (keys.length === 0) return found;
  const tasks = [...new Set(keys.map((key) => key.taskCode))];
  const codes = [...new Set(keys.map((key) => key.creditCode))];
  const rows = await db
    .select({
      taskCode: resultCorrections.taskCode,
      creditCode: resultCorrections.creditCode,
      itemCode: resultCorrections.itemCode,
      department: resultCorrections.department,
      number: resultCorrections.number,
      kind: resultCorrections.kind,
      recordHash: resultCorrections.recordHash,
    })
    .from(resultCorrections)
    .where(and(sql`${resultCorrections.taskCode} = any(${textArrayLiteral(tasks)}::text[])`, sql`${resultCorrections.creditCode} = any(${textArrayLiteral(codes)}::text[])`))
    .orderBy(asc(resultCorrections.number));
  for (const { taskCode, creditCode, itemCode, department, ...summary } of rows) {
    const key = publishedResultKey({ taskCode, creditCode, itemCode, department });
    found.set(key, [...(found.get(key) ?? []), summary]);
  }
  return found;
}

/** Removes one credit record (a revoked inspection result no longer counts). */
export async function deleteCreditRecord(db: Executor, record: { creditCode: string; kind: string; naturalKey: string }): Promise<void> {
  await db
    .delete(creditRecords)
    .where(and(eq(creditRecords.creditCode, record.creditCode), eq(creditRecords.kind, record.kind), eq(creditRecords.naturalKey, record.naturalKey)));
}

export async function insertStatement(db: Executor, row: ResultKey & { statement: string; submittedBy: string; submittedAt: Date }): Promise<ResultStatementRow> {
  const [saved] = await db.insert(resultStatements).values(row).returning();
  if (!saved) throw new Error('the statement was not stored');
  return saved;
}

/** Answers an unanswered statement; undefined when there is none with this id or it is answered already. */
export async function answerStatementRow(db: Executor, id: number, answer: { answer: string; answeredBy: string; answeredAt: Date }): Promise<ResultStatementRow | undefined> {
  const [row] = await db
    .update(resultStatements)
    .set(answer)
    .where(and(eq(resultStatements.id, id), isNull(resultStatements.answer)))
    .returning();
  return row;
}

export async function findStatement(db: Executor, id: number): Promise<ResultStatementRow | undefined> {
  const [row] = await db.select().from(resultStatements).where(eq(resultStatements.id, id));
  return row;
}

/** Statements of one enterprise (newest first), or the unanswered ones of everyone (oldest first). */
export async function listStatements(db: Executor, filter: { creditCode: string } | { unanswered: true }, limit: number): Promise<ResultStatementRow[]> {
  if ('creditCode' in filter) {
    return db.select().from(resultStatements).where(eq(resultStatements.creditCode, filter.creditCode)).orderBy(desc(resultStatements.id)).limit(limit);
  }
  return db.select().from(resultStatements).where(isNull(resultStatements.answer)).orderBy(asc(resultStatements.id)).limit(limit);
}

/** Inserts new entries and replaces entries of the same code (a list is reloaded as a whole or in part). */
export async function upsertLeniencyEntries(db: Executor, rows: readonly Omit<typeof leniencyListEntries.$inferInsert, 'loadedAt'>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(leniencyListEntries)
    .values([...rows])
    .onConflictDoUpdate({
      target: leniencyListEntries.code,
      set: {
        list: sql`excluded.list`,
        item: sql`excluded.item`,
        legalBasis: sql`excluded.legal_basis`,
        conditions: sql`excluded.conditions`,
        firstViolation: sql`excluded.first_violation`,
        loadedBy: sql`excluded.loaded_by`,
        loadedAt: sql`now()`,
      },
    });
}

/** Every entry of the three lists, by list then code (a bureau has tens to hundreds). */
export async function listLeniencyEntries(db: Executor): Promise<LeniencyEntryRow[]> {
  return db.select().from(leniencyListEntries).orderBy(asc(leniencyListEntries.list), asc(leniencyListEntries.code));
}
