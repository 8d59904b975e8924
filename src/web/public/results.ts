/**
 * Published inspection results (检查结果公示): GET /results?code= (one enterprise) or
 * ?task= (one task), paged. Sole traders appear by credit code only.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { findPortalResults, type PortalResult } from '../../application/public-portal.ts';
import type { ServedDependencies } from '../../http/app.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { ValidationError } from '../../http/problem.ts';
import { html } from '../html.ts';
import { pageContext, sendPage, tr } from '../page.ts';
import { pageUrl, pager } from './format.ts';
import { correctionMark } from './corrections.ts';
import { labelOf, RESULT_OUTCOMES, TASK_MODE_LABELS } from './labels.ts';
import { normaliseCreditCode } from '../../core/credit-code.ts';
import { PUBLISHED_RESULT_KEY } from '../../persistence/results-repository.ts';

const PAGE_SIZE = 50;
const querySchema = z.object({
  code: z.string().max(40).optional().catch(undefined),
  task: z.string().max(64).optional().catch(undefined),
  cursor: z.string().max(300).optional().catch(undefined),
});

/** One department's findings on one enterprise in one task: rows of the page in a row group. */
interface DepartmentFindings {
  readonly taskCode: string;
  readonly creditCode: string;
  readonly department: PortalResult['department'];
  /** Whether other departments recorded findings on the same enterprise in the task (a joint task): then the group is headed by its department's name. */
  joint: boolean;
  readonly rows: PortalResult[];
}

/**
 * The page's results grouped by task, enterprise and department, each department's items
 * together (the query orders them by item first).
 */
function groupByDepartment(items: readonly PortalResult[]): DepartmentFindings[] {
  const groups = new Map<string, DepartmentFindings>();
  for (const row of items) {
    const key = `${row.taskCode}|${row.creditCode}|${row.department?.code ?? ''}`;
    const group = groups.get(key) ?? { taskCode: row.taskCode, creditCode: row.creditCode, department: row.department, joint: false, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const all = [...groups.values()];
  for (const group of all) group.joint = all.some((other) => other !== group && other.taskCode === group.taskCode && other.creditCode === group.creditCode);
  return all;
}

async function resultsPage(request: Request, response: Response, deps: ServedDependencies): Promise<void> {
  const context = pageContext(request, response);
  const query = querySchema.parse(request.query);
  const code = normaliseCreditCode(query.code ?? '') || undefined;
  const task = query.task?.trim() || undefined;
  let after: string | undefined;
  if (query.cursor !== undefined) {
    after = decodeCursor(query.cursor, PUBLISHED_RESULT_KEY);
    if (after === undefined) throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor from this page' }]);
  }
  const drawn = (await deps.publishedDraws.summaries()).filter((line) => line.status === 'drawn');
  const page = code || task ? await deps.database.readPublic((db) => findPortalResults(db, { creditCode: code, taskCode: task, after, limit: PAGE_SIZE })) : undefined;
  const next = page?.nextAfter ? pageUrl('/results', { code, task, cursor: encodeCursor(page.nextAfter) }) : undefined;
  const title = tr(context, '检查结果', 'Inspection results');
  const heading = {
    task: tr(context, '任务', 'Task'),
    code: tr(context, '统一社会信用代码', 'Credit code'),
    name: tr(context, '企业名称', 'Name'),
    item: tr(context, '抽查事项', 'Item'),
    department: tr(context, '检查部门', 'Department'),
    date: tr(context, '检查日期', 'Date'),
    outcome: tr(context, '检查结果', 'Outcome'),
    summary: tr(context, '说明', 'Summary'),
  };
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(context, '抽查检查结果在检查后 20 个工作日内公示，按企业或按任务查询。', 'Inspection results are published within 20 working days of the inspection; look them up by enterprise or by task.')}</p>
<form class="search" method="get" action="/results" role="search">
<div><label for="code">${tr(context, '统一社会信用代码', 'Credit code')}</label><input type="search" id="code" name="code" value="${code ?? ''}" maxlength="18" spellcheck="false"></div>
<div><label for="task">${tr(context, '抽查任务', 'Task')}</label><select id="task" name="task"><option value="">${tr(context, '全部任务', 'Any task')}</option>${drawn.map(
      (line) => html`<option value="${line.taskCode}"${line.taskCode === task ? ' selected' : ''}>${line.taskCode} · ${line.name}</option>`,
    )}</select></div>
<button type="submit">${tr(context, '查询', 'Look up')}</button>
</form>
${
  page === undefined
    ? html`<p>${tr(context, '请输入信用代码或选择任务。', 'Enter a credit code or choose a task.')}</p>`
    : page.items.length === 0
      ? html`<p id="no-results">${tr(context, '没有已公示的检查结果。', 'No published result.')}</p>`
      : html`<div class="table-scroll"><table id="results-table" class="stacked"><thead><tr><th scope="col">${heading.task}</th><th scope="col">${heading.code}</th><th scope="col">${heading.name}</th><th scope="col">${heading.item}</th><th scope="col">${heading.department}</th><th scope="col">${heading.date}</th><th scope="col">${heading.outcome}</th><th scope="col">${heading.summary}</th></tr></thead>
${groupByDepartment(page.items).map(
          (group) =>
            html`<tbody data-department="${group.department?.code ?? ''}">${
              group.joint && group.department
                ? html`<tr class="department-group"><th colspan="8" scope="rowgroup">${tr(context, `${group.department.nameZh}的检查发现`, `Findings of ${group.department.nameEn}`)} · <code class="credit-code">${group.creditCode}</code></th></tr>`
                : ''
            }${group.rows.map(
              (row) =>
                html`<tr data-code="${row.creditCode}"><td data-label="${heading.task}"><a href="/draws/${encodeURIComponent(row.taskCode)}">${row.taskCode}</a></td><td data-label="${heading.code}"><code class="credit-code">${row.creditCode}</code></td><td data-label="${heading.name}">${row.name ?? ''}</td><td data-label="${heading.item}">${row.itemName || row.itemCode}</td><td data-label="${heading.department}">${row.department ? tr(context, row.department.nameZh, row.department.nameEn) : ''}</td><td data-label="${heading.date}">${row.inspectionDate}</td><td data-label="${heading.outcome}">${labelOf(RESULT_OUTCOMES, row.outcome, context.lang)}${row.method === 'on_site' ? '' : html`<br><span class="hint method">${labelOf(TASK_MODE_LABELS, row.method, context.lang)}</span>`}${row.correctiveOrder ? html`<br><span class="hint">${tr(context, '责令改正：', 'Corrective order: ')}${row.correctiveOrder}</span>` : ''}${
                  row.corrections?.length ? html`<br>${correctionMark(context, row.corrections[row.corrections.length - 1]!)}` : ''
                }</td><td data-label="${heading.summary}">${row.summary}</td></tr>`,
            )}</tbody>`,
        )}</table></div>
${pager(context, pageUrl('/results', { code, task }), next, after === undefined)}
<p class="hint">${tr(context, '每批结果都已签名并写入公示日志：', 'Each batch is signed and in the publication log: ')}<code>/api/public/results/batches/TASK/N</code></p>`
}`,
  });
}

export function registerResultPages(router: Router, deps: ServedDependencies): void {
  router.get('/results', (request, response) => resultsPage(request, response, deps));
}
