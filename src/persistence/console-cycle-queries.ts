/**
 * Reads behind the staff console's pages of the inspection year that no use case needed
 * before: the annual plans, the progress of results per drawn task, and the list editions
 * with their entry counts. Read-only summaries; every change goes through a use case.
 */
import { asc, desc, sql } from 'drizzle-orm';
import { rowsOf, type Executor } from './database.ts';
import { annualPlans } from './schema/index.ts';
import type { AnnualPlanRow } from './inspection-repository.ts';

/** Every annual plan, newest year first. */
export async function listAnnualPlans(db: Executor): Promise<AnnualPlanRow[]> {
  return db.select().from(annualPlans).orderBy(desc(annualPlans.year), asc(annualPlans.name));
}

export interface DrawnTaskProgress {
  readonly taskCode: string;
  readonly name: string;
  readonly year: number;
  readonly items: string[];
  readonly drawnAt: string;
  readonly selected: number;
  /** Selected enterprises × items: the results the task owes. */
  readonly expected: number;
  readonly entered: number;
  readonly published: number;
  /** Entered, unpublished, due before `today`. */
  readonly overdue: number;
  /** The earliest due date of an unpublished result, if any. */
  readonly nextDue: string | null;
}

/**
 * Per drawn task: how many results it owes, how many are entered, published and overdue
 * as of `today` (YYYY-MM-DD), newest draw first.
 *
 * @example await listDrawnTaskProgress(db, '2026-10-30') // [{ taskCode: '2027-SP-01', selected: 21, expected: 21, entered: 2, published: 0, overdue: 2, nextDue: '2026-10-29', … }]
 */
export async function listDrawnTaskProgress(db: Executor, today: string): Promise<DrawnTaskProgress[]> {
  const result = await db.execute(sql`
    select t.code, t.name, t.year, t.items, t.drawn_at,
           coalesce(d.selected_count, 0) as selected,
           (select count(*) from inspection_results r where r.task_code = t.code) as entered,
           (select count(*) from inspection_results r where r.task_code = t.code and r.batch is not null) as published,
           (select count(*) from inspection_results r where r.task_code = t.code and r.batch is null and r.due_date < ${today}::date) as overdue,
           (select min(r.due_date)::text from inspection_results r where r.task_code = t.code and r.batch is null) as next_due
    from inspection_tasks t
    left join draw_records d on d.task_code = t.code
    where t.status = 'drawn'
    order by t.drawn_at desc, t.code
  `);
  return rowsOf<{
    code: string;
    name: string;
    year: number | string;
    items: string[];
    drawn_at: string;
    selected: number | string;
    entered: number | string;
    published: number | string;
    overdue: number | string;
    next_due: string | null;
  }>(result).map((row) => {
    const selected = Number(row.selected);
    return {
      taskCode: row.code,
      name: row.name,
      year: Number(row.year),
      items: row.items,
      drawnAt: row.drawn_at,
      selected,
      expected: selected * row.items.length,
      entered: Number(row.entered),
      published: Number(row.published),
      overdue: Number(row.overdue),
      nextDue: row.next_due,
    };
  });
}

export interface ListEditionSummary {
  readonly code: string;
  readonly list: 'red' | 'black';
  readonly criteriaKey: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly status: 'candidate' | 'published';
  readonly entries: number;
  readonly removed: number;
  readonly computedAt: string;
  readonly publishedAt: string | null;
}

/**
 * Every list edition, candidates first, then newest period first, with its entry counts.
 *
 * @example await listEditionSummaries(db) // [{ code: 'black-2026-10-31', status: 'candidate', entries: 57, removed: 2, … }]
 */
export async function listEditionSummaries(db: Executor): Promise<ListEditionSummary[]> {
  const result = await db.execute(sql`
    select e.code, e.list, e.criteria_key, e.period_from::text as period_from, e.period_to::text as period_to, e.status,
           (select count(*) from list_entries x where x.edition_id = e.id and x.removed_reason is null) as entries,
           (select count(*) from list_entries x where x.edition_id = e.id and x.removed_reason is not null) as removed,
           to_char(e.computed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as computed_at,
           to_char(e.published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as published_at
    from list_editions e
    order by (e.status = 'candidate') desc, e.period_to desc, e.list, e.id desc
  `);
  return rowsOf<{
    code: string;
    list: 'red' | 'black';
    criteria_key: string;
    period_from: string;
    period_to: string;
    status: 'candidate' | 'published';
    entries: number | string;
    removed: number | string;
    computed_at: string;
    published_at: string | null;
  }>(result).map((row) => ({
    code: row.code,
    list: row.list,
    criteriaKey: row.criteria_key,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    status: row.status,
    entries: Number(row.entries),
    removed: Number(row.removed),
    computedAt: row.computed_at,
    publishedAt: row.published_at,
  }));
}
