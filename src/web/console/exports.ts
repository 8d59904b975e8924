/**
 * Staff console downloads of the tables a bureau works from, as Excel (.xlsx) or CSV from one
 * column definition each: published inspection results and results past their deadline (the
 * activity log's is on its page). Chinese headings, as the bureau's spreadsheets use.
 * Every download is in the activity log.
 */
import type { Request, Router } from 'express';
import { listOverdue } from '../../application/inspection-results.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import { loadWorkingCalendar } from '../../application/working-calendar.ts';
import { column, type TableColumn } from '../../core/table-columns.ts';
import type { AppDependencies } from '../../http/app.ts';
import { listPublishedResults, publishedResultKey, type OverdueResultRow, type PublishedResultRow } from '../../persistence/results-repository.ts';
import { registerTableDownload } from '../table-downloads.ts';
import { outcomeLabel } from './results.ts';

const chinese = { lang: 'zh' } as const;
const EXPORT_PAGE_SIZE = 5000;

export const RESULTS_EXPORT_PATH = '/console/results/published';
export const OVERDUE_EXPORT_PATH = '/console/results/overdue';

/** Published inspection results (检查结果). */
export const RESULT_COLUMNS: readonly TableColumn<PublishedResultRow>[] = [
  column('抽查任务', 16, (row) => row.taskCode),
  column('公示批次', 8, (row) => row.batch, 'number'),
  column('统一社会信用代码', 22, (row) => row.creditCode),
  column('企业名称', 36, (row) => row.name),
  column('抽查事项', 30, (row) => `${row.itemCode} ${row.itemName}`),
  column('检查结果', 24, (row) => outcomeLabel(chinese, row.outcome)),
  column('检查日期', 12, (row) => row.inspectionDate, 'date'),
  column('检查人员（执法证号）', 24, (row) => row.inspectors.join('、')),
  column('情况说明', 40, (row) => row.summary),
  column('责令改正', 30, (row) => row.correctiveOrder ?? ''),
];

/** Entered results not published by their due date (逾期未公示). */
export const OVERDUE_COLUMNS: readonly TableColumn<OverdueResultRow & { readonly workingDaysLate: number }>[] = [
  column('抽查任务', 16, (row) => row.taskCode),
  column('统一社会信用代码', 22, (row) => row.creditCode),
  column('抽查事项', 12, (row) => row.itemCode),
  column('检查日期', 12, (row) => row.inspectionDate, 'date'),
  column('公示期限', 12, (row) => row.dueDate, 'date'),
  column('逾期工作日', 10, (row) => row.workingDaysLate, 'number'),
];

async function* publishedResultPages(deps: Pick<AppDependencies, 'database'>, taskCode: string | undefined): AsyncGenerator<PublishedResultRow[]> {
  let after: string | undefined;
  for (;;) {
    const page = await listPublishedResults(deps.database.db, { taskCode, after, limit: EXPORT_PAGE_SIZE });
    if (page.length > 0) yield page;
    if (page.length < EXPORT_PAGE_SIZE) return;
    after = publishedResultKey(page[page.length - 1]!);
  }
}

function taskQuery(request: Request): string | undefined {
  const task = request.query.task;
  return typeof task === 'string' && /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/.test(task) ? task : undefined;
}

/** GET /console/results/published and …/overdue (staff), each `.xlsx` and `.csv`. */
export function registerExportPages(router: Router, deps: Pick<AppDependencies, 'database' | 'now'>): void {
  const calendar = loadWorkingCalendar();
  registerTableDownload(router, deps.database.db, RESULTS_EXPORT_PATH, ['staff'], (request) => {
    const task = taskQuery(request);
    return { filename: task ? `results-${task}` : 'results', sheetName: '检查结果', columns: RESULT_COLUMNS, pages: publishedResultPages(deps, task) };
  });
  registerTableDownload(router, deps.database.db, OVERDUE_EXPORT_PATH, ['staff'], async () => {
    const { overdue } = await listOverdue(deps.database.db, calendar, shanghaiDate(deps.now ? deps.now() : new Date()));
    return { filename: 'overdue-results', sheetName: '逾期未公示结果', columns: OVERDUE_COLUMNS, pages: [overdue] };
  });
}
