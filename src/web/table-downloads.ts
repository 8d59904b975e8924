/**
 * Table downloads in the pages: the "Excel · CSV" links under a table, and the two routes
 * (`PATH.xlsx`, `PATH.csv`) that send it, role-guarded and logged in the activity log.
 */
import type { Request, Router } from 'express';
import type { CredentialRole } from '../application/api-tokens.ts';
import type { Executor } from '../persistence/database.ts';
import { recordDownload } from '../http/download-activity.ts';
import { sendTable, TABLE_FORMATS, type TableDownload } from '../http/table-download.ts';
import { html, type SafeHtml } from './html.ts';
import { requirePageRole, tr, type PageContext } from './page.ts';

/**
 * "Excel · CSV" links of a download, e.g. under a table.
 *
 * @example downloadLinks(context, OVERDUE_EXPORT_PATH, 'overdue') // <p class="downloads">…</p>
 */
export function downloadLinks(context: Pick<PageContext, 'lang'>, path: string, id: string, query = ''): SafeHtml {
  return html`<p class="downloads">${tr(context, '下载：', 'Download: ')}<a id="${id}-xlsx" href="${path}.xlsx${query}" download>Excel (.xlsx)</a> · <a id="${id}-csv" href="${path}.csv${query}" download>CSV</a></p>`;
}

/**
 * GET `path`.xlsx and `path`.csv for `roles`: each builds the table for the request, logs the download and sends it.
 *
 * @example registerTableDownload(router, db, '/console/results/overdue', ['staff'], async () => ({ filename: 'overdue', sheetName: '逾期', columns, pages: [rows] }))
 */
export function registerTableDownload<Row>(
  router: Router,
  db: Executor,
  path: string,
  roles: readonly CredentialRole[],
  table: (request: Request) => Promise<TableDownload<Row>> | TableDownload<Row>,
): void {
  for (const format of TABLE_FORMATS) {
    router.get(`${path}.${format}`, requirePageRole(...roles), async (request, response) => {
      const download = await table(request);
      await recordDownload(db, request, response, { subject: download.filename, format });
      await sendTable(response, format, download);
    });
  }
}

