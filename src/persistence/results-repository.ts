/**
 * Storage of inspection results and their published batches: entry (unpublished rows only
 * change), what is due or missing, the once-only publication of a batch, and the public
 * reads of published results.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { publishableName } from '../core/personal-data.ts';
import type { TaskMode } from '../core/inspection-plan.ts';
import { rowsOf, type Executor } from './database.ts';
import { inspectionResults, resultsBatches } from './schema/index.ts';
import { textArrayLiteral } from './sql-arrays.ts';

export type InspectionResultRow = typeof inspectionResults.$inferSelect;

/** Which of `codes` the drawn task selected. */
export async function findSelectedCodes(db: Executor, taskCode: string, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const result = await db.execute(sql`
    select credit_code from draw_selections where task_code = ${taskCode} and credit_code = any(${textArrayLiteral(codes)}::text[])
  `);
  return new Set(rowsOf<{ credit_code: string }>(result).map((row) => row.credit_code));
}

/** Which of `badges` are known inspectors. */
export async function findKnownBadges(db: Executor, badges: readonly string[]): Promise<Set<string>> {
  if (badges.length === 0) return new Set();
  const result = await db.execute(sql`select badge from inspectors where badge = any(${textArrayLiteral(badges)}::text[])`);
  return new Set(rowsOf<{ badge: string }>(result).map((row) => row.badge));
}

/**
 * Inserts a result or replaces the same department's unpublished one; false when that
 * result is already published (then nothing changes).
 */
export async function saveUnpublishedResult(db: Executor, row: Omit<typeof inspectionResults.$inferInsert, 'batch' | 'enteredAt'>): Promise<boolean> {
  const saved = await db
    .insert(inspectionResults)
    .values(row)
    .onConflictDoUpdate({
      target: [inspectionResults.taskCode, inspectionResults.creditCode, inspectionResults.itemCode, inspectionResults.department],
      set: {
        outcome: row.outcome,
        inspectionDate: row.inspectionDate,
        dueDate: row.dueDate,
        inspectors: row.inspectors,
        summary: row.summary,
        correctiveOrder: row.correctiveOrder ?? null,
        enteredAt: sql`now()`,
      },
      setWhere: isNull(inspectionResults.batch),
    })
    .returning({ taskCode: inspectionResults.taskCode });
  return saved.length === 1;
}

/** The task's unpublished results, locked until the transaction ends. */
export async function lockUnpublishedResults(db: Executor, taskCode: string): Promise<InspectionResultRow[]> {
  return db
    .select()
    .from(inspectionResults)
    .where(and(eq(inspectionResults.taskCode, taskCode), isNull(inspectionResults.batch)))
    .orderBy(asc(inspectionResults.creditCode), asc(inspectionResults.itemCode), asc(inspectionResults.department))
    .for('update');
}

export async function nextBatchNumber(db: Executor, taskCode: string): Promise<number> {
  const [row] = rowsOf<{ next: number | string }>(await db.execute(sql`select coalesce(max(batch), 0) + 1 as next from results_batches where task_code = ${taskCode}`));
  return Number(row?.next ?? 1);
}

export async function insertResultsBatch(
  db: Executor,
  batch: { taskCode: string; batch: number; envelope: string; recordHash: string; resultCount: number },
): Promise<void> {
  await db.insert(resultsBatches).values(batch);
  await db.execute(sql`update inspection_results set batch = ${batch.batch} where task_code = ${batch.taskCode} and batch is null`);
}

export async function findResultsBatch(db: Executor, taskCode: string, batch: number): Promise<typeof resultsBatches.$inferSelect | undefined> {
  const [row] = await db.select().from(resultsBatches).where(and(eq(resultsBatches.taskCode, taskCode), eq(resultsBatches.batch, batch)));
  return row;
}

export interface OverdueResultRow {
  readonly taskCode: string;
  readonly creditCode: string;
  readonly itemCode: string;
  readonly inspectionDate: string;
  readonly dueDate: string;
}

/** Unpublished results whose due date is before `today`, oldest due first. */
export async function listOverdueResults(db: Executor, today: string, taskCode?: string): Promise<OverdueResultRow[]> {
  const result = await db.execute(sql`
    select task_code, credit_code, item_code, inspection_date::text as inspection_date, due_date::text as due_date
    from inspection_results
    where batch is null and due_date < ${today}::date ${taskCode === undefined ? sql`` : sql`and task_code = ${taskCode}`}
    order by due_date, task_code, credit_code, item_code
  `);
  return rowsOf<{ task_code: string; credit_code: string; item_code: string; inspection_date: string; due_date: string }>(result).map((row) => ({
    taskCode: row.task_code,
    creditCode: row.credit_code,
    itemCode: row.item_code,
    inspectionDate: row.inspection_date,
    dueDate: row.due_date,
  }));
}

/** Selected enterprises × items of drawn tasks that have no result yet. */
export async function listMissingResults(db: Executor, taskCode?: string): Promise<{ taskCode: string; creditCode: string; itemCode: string; drawnAt: string }[]> {
  const result = await db.execute(sql`
    select r.task_code, r.credit_code, i.item_code, t.drawn_at
    from draw_selections r
    join inspection_tasks t on t.code = r.task_code
    cross join lateral unnest(t.items) as i(item_code)
    where true ${taskCode === undefined ? sql`` : sql`and r.task_code = ${taskCode}`}
      and not exists (select 1 from inspection_results x where x.task_code = r.task_code and x.credit_code = r.credit_code and x.item_code = i.item_code)
    order by t.drawn_at, r.task_code, r.credit_code, i.item_code
  `);
  return rowsOf<{ task_code: string; credit_code: string; item_code: string; drawn_at: string }>(result).map((row) => ({
    taskCode: row.task_code,
    creditCode: row.credit_code,
    itemCode: row.item_code,
    drawnAt: row.drawn_at,
  }));
}

export interface PublishedResultRow {
  readonly taskCode: string;
  readonly batch: number;
  readonly creditCode: string;
  readonly name: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly outcome: string;
  readonly inspectionDate: string;
  readonly inspectors: string[];
  readonly summary: string;
  readonly correctiveOrder: string | null;
  /** The department whose findings these are (a code, or legacy text); '' for nobody's in particular. */
  readonly department: string;
  /** Issue 17: how the task checked (`self_inspection`: from the enterprise's accepted report, 自查). */
  readonly method: TaskMode;
}

/** A published result's place in the order of `listPublishedResults`, as a cursor key: `task|code|item|department`. */
export function publishedResultKey(row: Pick<PublishedResultRow, 'taskCode' | 'creditCode' | 'itemCode' | 'department'>): string {
  return `${row.taskCode}|${row.creditCode}|${row.itemCode}|${row.department}`;
}

/** The cursor keys `listPublishedResults` takes: `task|code|item|department`, or `task|code|item` from before departments were part of the key. */
export const PUBLISHED_RESULT_KEY = /^[^|]+\|[^|]+\|[^|]+(\|[^|]*)?$/;

/**
 * Published results of one enterprise or one task, ordered by (task, code, item,
 * department), after the key `after` (`PUBLISHED_RESULT_KEY`).
 */
export async function listPublishedResults(
  db: Executor,
  filter: { creditCode?: string | undefined; taskCode?: string | undefined; after?: string | undefined; limit: number },
): Promise<PublishedResultRow[]> {
  const after = filter.after?.split('|');
  const result = await db.execute(sql`
    select r.task_code, r.batch, r.credit_code, e.name, e.entity_type, r.item_code, coalesce(i.name, '') as item_name, r.outcome,
           r.inspection_date::text as inspection_date, r.inspectors, r.summary, r.corrective_order, r.department, t.mode as method
    from inspection_results r
    join inspection_tasks t on t.code = r.task_code
    left join enterprises e on e.credit_code = r.credit_code
    left join inspection_items i on i.code = r.item_code
    where r.batch is not null
      ${filter.creditCode === undefined ? sql`` : sql`and r.credit_code = ${filter.creditCode}`}
      ${filter.taskCode === undefined ? sql`` : sql`and r.task_code = ${filter.taskCode}`}
      ${after && after.length === 3 ? sql`and (r.task_code, r.credit_code, r.item_code) > (${after[0]}, ${after[1]}, ${after[2]})` : sql``}
      ${after && after.length === 4 ? sql`and (r.task_code, r.credit_code, r.item_code, r.department) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})` : sql``}
    order by r.task_code, r.credit_code, r.item_code, r.department
    limit ${filter.limit}
  `);
  return rowsOf<{
    task_code: string;
    batch: number;
    credit_code: string;
    name: string | null;
    entity_type: string | null;
    item_code: string;
    item_name: string;
    outcome: string;
    inspection_date: string;
    inspectors: string[];
    summary: string;
    corrective_order: string | null;
    department: string;
    method: TaskMode;
  }>(result).map((row) => ({
    taskCode: row.task_code,
    batch: Number(row.batch),
    creditCode: row.credit_code,
    name: publishableName(row.name === null ? undefined : { name: row.name, entityType: row.entity_type ?? '' }),
    itemCode: row.item_code,
    itemName: row.item_name,
    outcome: row.outcome,
    inspectionDate: row.inspection_date,
    inspectors: row.inspectors,
    summary: row.summary,
    correctiveOrder: row.corrective_order,
    department: row.department,
    method: row.method,
  }));
}
