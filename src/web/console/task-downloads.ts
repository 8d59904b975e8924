/**
 * The downloads of a drawn task: the notices to print (page and PDF, `notices.ts`) and the
 * selected enterprises with their teams as Excel or CSV (one column definition for both).
 */
import { departmentOf } from '../../core/department.ts';
import type { Router } from 'express';
import { describeNoticeIssue, loadTaskSelection, statusOfNoticeIssue, type SelectedEnterprise, type TaskSelection } from '../../application/inspection-notices.ts';
import { column, type TableColumn } from '../../core/table-columns.ts';
import type { AppDependencies } from '../../http/app.ts';
import { recordDownload } from '../../http/download-activity.ts';
import { HttpError } from '../../http/problem.ts';
import { sendTable, TABLE_FORMATS } from '../../http/table-download.ts';
import { html, type SafeHtml } from '../html.ts';
import { pageContext, requirePageRole, tr, type PageContext } from '../page.ts';
import { noticesPath } from './notices.ts';

function selectionPath(taskCode: string): string {
  return `/console/tasks/${encodeURIComponent(taskCode)}/selected`;
}

/**
 * The links, for the drawn task's page.
 *
 * @example taskDownloads(context, '2027-SP-01') // <section id="task-downloads">…</section>
 */
export function taskDownloads(context: PageContext, taskCode: string): SafeHtml {
  return html`<section id="task-downloads" aria-labelledby="task-downloads-heading">
<h3 id="task-downloads-heading">${tr(context, '通知书与名单下载', 'Notices and lists')}</h3>
<ul>
<li><a id="notices-link" href="${noticesPath(taskCode)}">${tr(context, '打印全部检查通知书（含回执码和二维码）', 'Print every notice (with receipt codes and QR codes)')}</a> · <a href="${noticesPath(taskCode)}.pdf?lang=${context.lang}" download>PDF</a></li>
<li>${tr(context, '抽中企业与检查组：', 'Selected enterprises and teams: ')}<a id="selected-xlsx" href="${selectionPath(taskCode)}.xlsx" download>Excel (.xlsx)</a> · <a id="selected-csv" href="${selectionPath(taskCode)}.csv" download>CSV</a></li>
</ul>
</section>`;
}

type SelectedRow = SelectedEnterprise & { readonly index: number; readonly selection: TaskSelection };

/** The selected-enterprises list's columns (CSV and xlsx). */
export const SELECTED_ENTERPRISE_COLUMNS: readonly TableColumn<SelectedRow>[] = [
  column('序号', 6, (row) => row.index, 'number'),
  column('统一社会信用代码', 22, (row) => row.creditCode),
  column('企业名称', 36, (row) => row.name),
  column('分层', 6, (row) => row.stratum ?? ''),
  column('抽查任务', 16, (row) => row.selection.task.code),
  column('抽查事项', 30, (row) => row.selection.items.map((item) => `${item.code} ${item.name}`).join('；')),
  column('检查部门', 20, (row) => [...new Set(row.team.map((member) => departmentOf(member.department, row.selection.departmentRecords).nameZh))].join('、')),
  column('检查人员（执法证号）', 40, (row) => row.team.map((member) => `${member.name} ${member.badge}`).join('；')),
  column('检查起始日期', 14, (row) => row.selection.window.from, 'date'),
  column('检查截止日期', 14, (row) => row.selection.window.until, 'date'),
];

/** GET /console/tasks/:code/selected.csv and .xlsx (staff): the selected enterprises and their teams. */
export function registerTaskDownloadPages(router: Router, deps: Pick<AppDependencies, 'database'>): void {
  for (const format of TABLE_FORMATS) {
    router.get(`/console/tasks/:code/selected.${format}`, requirePageRole('staff'), async (request, response) => {
      const context = pageContext(request, response);
      const code = typeof request.params.code === 'string' ? request.params.code : '';
      const loaded = await loadTaskSelection(deps.database.db, code);
      if (!loaded.ok) throw new HttpError(statusOfNoticeIssue(loaded.error), describeNoticeIssue(loaded.error, context.lang));
      const selection = loaded.value;
      await recordDownload(deps.database.db, request, response, { subject: code, format });
      await sendTable(response, format, {
        filename: `selected-${code}`,
        sheetName: '抽中企业与检查组',
        columns: SELECTED_ENTERPRISE_COLUMNS,
        pages: [selection.selected.map((member, index) => ({ ...member, index: index + 1, selection }))],
      });
    });
  }
}
