/**
 * Storage of issue 17: corrections of published results, enterprises' statements with staff
 * answers, and the three lists (三张清单). Corrections and list entries are inserted, never
 * changed; a statement changes once, when it is answered.
 */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { CorrectionKind } from '../core/result-correction.ts';
import { rowsOf, type Executor } from './database.ts';
import { textArrayLiteral } from './sql-arrays.ts';
import { creditRecords, inspectionResults, leniencyListEntries, resultCorrections, resultsBatches, resultStatements } from './schema/index.ts';

export type ResultCorrectionRow = typeof resultCorrections.$inferSelect;
export type ResultStatementRow = typeof resultStatements.$inferSelect;
export type LeniencyEntryRow = typeof leniencyListEntries.$inferSelect;

/** Identifies one result: a task, an enterprise and an item. */
export interface ResultKey {
  readonly taskCode: string;
  readonly creditCode: string;
  readonly itemCode: string;
}

const sameResult = (table: typeof resultCorrections | typeof resultStatements | typeof inspectionResults, key: ResultKey) =>
  and(eq(table.taskCode, key.taskCode), eq(table.creditCode, key.creditCode), eq(table.itemCode, key.itemCode));

/** A published result with its batch's record hash, or undefined when it is not published. */
export async function findPublishedResult(db: Executor, key: ResultKey): Promise<(typeof inspectionResults.$inferSelect & { batch: number; batchRecordHash: string }) | undefined> {
  const [row] = await db
    .select({ result: inspectionResults, batchRecordHash: resultsBatches.recordHash })
    .from(inspectionResults)
    .innerJoin(resultsBatches, and(eq(resultsBatches.taskCode, inspectionResults.taskCode), eq(resultsBatches.batch, inspectionResults.batch)))
    .where(sameResult(inspectionResults, key));
  return row && row.result.batch !== null ? { ...row.result, batch: row.result.batch, batchRecordHash: row.batchRecordHash } : undefined;
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

/** The corrections of one result, oldest first. */
export async function listCorrectionsOf(db: Executor, key: ResultKey): Promise<ResultCorrectionRow[]> {
  return db.select().from(resultCorrections).where(sameResult(resultCorrections, key)).orderBy(asc(resultCorrections.number));
}

/** The latest correction of each of these results, keyed `task|code|item`. */
export async function findLatestCorrections(db: Executor, keys: readonly ResultKey[]): Promise<Map<string, { number: number; kind: CorrectionKind }>> {
  const found = new Map<string, { number: number; kind: CorrectionKind }>();
  if (keys.length === 0) return found;
  const tasks = [...new Set(keys.map((key) => key.taskCode))];
  const codes = [...new Set(keys.map((key) => key.creditCode))];
  const rows = await db
    .select({ taskCode: resultCorrections.taskCode, creditCode: resultCorrections.creditCode, itemCode: resultCorrections.itemCode, number: resultCorrections.number, kind: resultCorrections.kind })
    .from(resultCorrections)
    .where(and(sql`${resultCorrections.taskCode} = any(${textArrayLiteral(tasks)}::text[])`, sql`${resultCorrections.creditCode} = any(${textArrayLiteral(codes)}::text[])`))
    .orderBy(asc(resultCorrections.number));
  for (const row of rows) found.set(`${row.taskCode}|${row.creditCode}|${row.itemCode}`, { number: row.number, kind: row.kind });
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
