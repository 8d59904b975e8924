/**
 * Storage of self-inspection reports (issue 17): every version kept, reviews as
 * conditional updates of a submitted version, so a report is reviewed once.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Executor } from './database.ts';
import { selfInspectionReports, type ReportStatus } from './schema/index.ts';

export type SelfInspectionReportRow = typeof selfInspectionReports.$inferSelect;

/** The newest version of an enterprise's report in a task. */
export async function findLatestReport(db: Executor, taskCode: string, creditCode: string): Promise<SelfInspectionReportRow | undefined> {
  const [row] = await db
    .select()
    .from(selfInspectionReports)
    .where(and(eq(selfInspectionReports.taskCode, taskCode), eq(selfInspectionReports.creditCode, creditCode)))
    .orderBy(desc(selfInspectionReports.version))
    .limit(1);
  return row;
}

export async function findReport(db: Executor, id: number): Promise<SelfInspectionReportRow | undefined> {
  const [row] = await db.select().from(selfInspectionReports).where(eq(selfInspectionReports.id, id));
  return row;
}

export async function insertReport(db: Executor, report: Omit<typeof selfInspectionReports.$inferInsert, 'id' | 'status' | 'reviewedBy' | 'reviewedAt' | 'returnReason'>): Promise<SelfInspectionReportRow> {
  const [row] = await db.insert(selfInspectionReports).values(report).returning();
  if (!row) throw new Error('insert into self_inspection_reports returned no row');
  return row;
}

/**
 * Accepts or returns a submitted version; undefined when it is not (or no longer) submitted.
 *
 * @example await reviewReportRow(db, 3, { status: 'returned', reviewedBy: 'zhang', reviewedAt: now, returnReason: '未写明整改措施' })
 */
export async function reviewReportRow(
  db: Executor,
  id: number,
  review: { readonly status: Exclude<ReportStatus, 'submitted'>; readonly reviewedBy: string; readonly reviewedAt: Date; readonly returnReason: string | null },
): Promise<SelfInspectionReportRow | undefined> {
  const [row] = await db
    .update(selfInspectionReports)
    .set(review)
    .where(and(eq(selfInspectionReports.id, id), eq(selfInspectionReports.status, 'submitted')))
    .returning();
  return row;
}

/** Every version of every report of a task (or of one enterprise), by enterprise then version. */
export async function listReports(db: Executor, filter: { readonly taskCode?: string; readonly creditCode?: string }): Promise<SelfInspectionReportRow[]> {
  return db
    .select()
    .from(selfInspectionReports)
    .where(
      and(
        filter.taskCode === undefined ? undefined : eq(selfInspectionReports.taskCode, filter.taskCode),
        filter.creditCode === undefined ? undefined : eq(selfInspectionReports.creditCode, filter.creditCode),
      ),
    )
    .orderBy(asc(selfInspectionReports.taskCode), asc(selfInspectionReports.creditCode), asc(selfInspectionReports.version));
}

/**
 * The enterprises a drawn self-inspection task selected that have no report standing: none
 * submitted, or their newest version returned and not resubmitted.
 *
 * @example await listMissingReports(db, '2026-ZC-01') // ['91350100M000100Y43', …]
 */
export async function listMissingReports(db: Executor, taskCode: string): Promise<string[]> {
  const result = await db.execute(sql`
    select s.credit_code from draw_selections s
    where s.task_code = ${taskCode}
      and coalesce((select r.status from self_inspection_reports r where r.task_code = s.task_code and r.credit_code = s.credit_code order by r.version desc limit 1), 'returned') = 'returned'
    order by s.credit_code
  `);
  return rowsOf<{ credit_code: string }>(result).map((row) => row.credit_code);
}

/** A drawn self-inspection task, with its items' names. */
export interface SelfInspectionTaskRow {
  readonly code: string;
  readonly name: string;
  readonly year: number;
  readonly reportDue: string;
  readonly departments: readonly { readonly department: string }[];
  readonly items: readonly { readonly code: string; readonly name: string }[];
}

/**
 * The drawn self-inspection tasks, newest year first: every one, or those that selected `creditCode`.
 *
 * @example await listSelfInspectionTasks(db, { creditCode: '91350100M000100Y43' }) // [{ code: '2026-ZC-01', reportDue: '2026-12-10', items: [{ code: 'ZC1', name: '信用承诺履行' }], … }]
 */
export async function listSelfInspectionTasks(db: Executor, filter: { readonly creditCode?: string } = {}): Promise<SelfInspectionTaskRow[]> {
  const result = await db.execute(sql`
    select t.code, t.name, t.year, t.report_due::text as report_due, t.departments,
           coalesce((select jsonb_agg(jsonb_build_object('code', c.code, 'name', coalesce(i.name, c.code)) order by c.position)
                     from unnest(t.items) with ordinality as c(code, position) left join inspection_items i on i.code = c.code), '[]'::jsonb) as items
    from inspection_tasks t
    where t.mode = 'self_inspection' and t.status = 'drawn'
      ${filter.creditCode === undefined ? sql`` : sql`and exists (select 1 from draw_selections s where s.task_code = t.code and s.credit_code = ${filter.creditCode})`}
    order by t.year desc, t.code
  `);
  return rowsOf<{ code: string; name: string; year: number; report_due: string; departments: unknown; items: unknown }>(result).map((row) => ({
    code: row.code,
    name: row.name,
    year: Number(row.year),
    reportDue: row.report_due,
    departments: parseJson(row.departments) as SelfInspectionTaskRow['departments'],
    items: parseJson(row.items) as SelfInspectionTaskRow['items'],
  }));
}

/** jsonb comes back parsed from PGlite and postgres.js, or as text from raw paths. */
function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
