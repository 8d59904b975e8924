/**
 * Staff console: the year's approved tier lists (分级分类监管清单, issue 17). Staff see every
 * version with its run, who approved it and why, its counts per tier, the year's ratio,
 * minimum and frequency per tier and item, and download a version's enterprises as CSV
 * (internal). Approving is an admin's: staff see the form's button disabled with the reason,
 * and the server refuses a staff POST with 403. The same use case as the API
 * (src/application/tier-list.ts). Tiers are internal: these pages are never public.
 */
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../application/activity-log.ts';
import { roleSatisfies } from '../../application/api-tokens.ts';
import { approveTierList, describeTierListIssue, statusOfTierListIssue, yearEndBefore, type TierListIssue, type TierListRow } from '../../application/tier-list.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import { TIERS } from '../../core/policy/tier.ts';
import type { AppDependencies } from '../../http/app.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { NotFoundError } from '../../http/problem.ts';
import { listEvaluationRuns } from '../../persistence/evaluation-store.ts';
import type { Executor } from '../../persistence/database.ts';
import type { TaskRow } from '../../persistence/inspection-repository.ts';
import { findCurrentTierList, findTierList, listTierLists } from '../../persistence/tier-list-repository.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatNumber, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { errorsOf, errorSummary, formInteger, formText, groupErrors, inputField, NO_ERRORS, selectField, successNotice, textareaField, type FieldErrors } from './cycle-forms.ts';
import { formatInstant, tierDistribution, tierLabel } from './shared.ts';

type Deps = Pick<AppDependencies, 'database' | 'now'>;

const versionPath = (row: Pick<TierListRow, 'year' | 'version'>) => `/console/tier-lists/${row.year}/${row.version}`;
const clockOf = (deps: Deps): Date => (deps.now ? deps.now() : new Date());

/** Which field of the approval form an issue belongs to. */
function fieldOf(issue: TierListIssue): string {
  switch (issue.code) {
    case 'invalid_year':
      return 'year';
    case 'invalid_date':
      return 'asOf';
    case 'reason_required':
      return 'reason';
    default:
      return 'runId';
  }
}

interface ApprovalForm {
  readonly values: { readonly year: string; readonly runId: string; readonly asOf: string; readonly reason: string };
  readonly errors: FieldErrors;
}

async function approvalForm(deps: Deps, context: PageContext, form: ApprovalForm): Promise<SafeHtml> {
  const isAdmin = roleSatisfies(context.principal.role, 'admin');
  const runs = (await listEvaluationRuns(deps.database.db, 50)).filter((run) => run.status === 'completed');
  const year = form.values.year === '' ? String(Number(shanghaiDate(clockOf(deps)).slice(0, 4))) : form.values.year;
  return html`<section aria-labelledby="approve-heading">
<h2 id="approve-heading">${tr(context, '批准年度分级分类监管清单', "Approve the year's tier list")}</h2>
<p>${tr(
    context,
    `年度清单按上年末的信用风险分类评价（如 ${year} 年用 ${yearEndBefore(Number(year) || 2000)} 的评价）；采用其他日期须写明评价日期，不得晚于今天。同一年度再次批准是动态调整，须写明理由。`,
    `The year's list is the evaluation as of the end of the previous year (for ${year}, as of ${yearEndBefore(Number(year) || 2000)}); another date must be stated and cannot be after today. Approving a year again is a dynamic adjustment and needs a reason.`,
  )}</p>
${errorSummary(context, form.errors, tr(context, '未批准：', 'Not approved:'))}
<form method="post" action="/console/tier-lists" class="stack">
${csrfField(context)}
${inputField({ name: 'year', label: tr(context, '年度', 'Year'), type: 'number', value: year, required: true, errors: errorsOf(form.errors, 'year'), attributes: html` min="2000" max="2100"` })}
${selectField({
    name: 'runId',
    label: tr(context, '信用风险分类评价', 'Evaluation run'),
    value: form.values.runId,
    required: true,
    errors: errorsOf(form.errors, 'runId'),
    choices: runs.map((run) => ({ value: String(run.id), label: tr(context, `第 ${run.id} 次评价（评价日期 ${run.asOf}，${run.modelKey}）`, `Run ${run.id} (as of ${run.asOf}, ${run.modelKey})`) })),
  })}
${inputField({ name: 'asOf', label: tr(context, '评价日期（非上年末时填写）', 'Evaluation date (when not the end of the previous year)'), type: 'date', value: form.values.asOf, errors: errorsOf(form.errors, 'asOf') })}
${textareaField({ name: 'reason', label: tr(context, '调整理由（第 2 版起必填）', 'Reason for the adjustment (required from version 2)'), value: form.values.reason, rows: 3, errors: errorsOf(form.errors, 'reason') })}
${isAdmin ? '' : html`<p class="hint" id="approve-hint">${tr(context, '批准清单须由管理员（局领导）操作。', 'Only an administrator (bureau leadership) approves the list.')}</p>`}
<div><button type="submit" id="approve"${isAdmin ? '' : html` disabled aria-describedby="approve-hint"`}>${tr(context, '批准清单', 'Approve the list')}</button></div>
</form>
</section>`;
}

function versionsTable(context: PageContext, rows: readonly TierListRow[]): SafeHtml {
  if (rows.length === 0) return html`<p>${tr(context, '尚无已批准的分级分类监管清单。', 'No tier list has been approved yet.')}</p>`;
  const current = new Map<number, number>();
  for (const row of rows) current.set(row.year, Math.max(current.get(row.year) ?? 0, row.version));
  return html`<div class="table-scroll"><table>
<caption>${tr(context, '各年度清单版本（最新在前）', 'Versions per year, newest first')}</caption>
<thead><tr><th scope="col">${tr(context, '年度', 'Year')}</th><th scope="col">${tr(context, '版本', 'Version')}</th><th scope="col">${tr(context, '评价日期', 'Evaluated as of')}</th><th scope="col">${tr(context, '批准人', 'Approved by')}</th><th scope="col">${tr(context, '批准时间', 'Approved at')}</th><th scope="col">${tr(context, '调整理由', 'Reason')}</th></tr></thead>
<tbody>${rows.map(
    (row) => html`<tr>
<td>${row.year}</td>
<td><a href="${versionPath(row)}">${tr(context, `第 ${row.version} 版`, `Version ${row.version}`)}</a>${current.get(row.year) === row.version ? tr(context, '（现行）', ' (current)') : ''}</td>
<td>${row.asOf}</td>
<td>${row.approvedBy}</td>
<td>${formatInstant(row.approvedAt.toISOString())}</td>
<td>${row.reason ?? '—'}</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

async function renderIndex(deps: Deps, request: Request, response: Response, options: { status?: number; form?: ApprovalForm } = {}): Promise<void> {
  const context = pageContext(request, response);
  const rows = await listTierLists(deps.database.db);
  const form = options.form ?? { values: { year: '', runId: '', asOf: '', reason: '' }, errors: NO_ERRORS };
  sendPage(response, context, {
    title: tr(context, '分级分类监管清单', 'Tier lists'),
    ...(options.status ? { status: options.status } : {}),
    body: html`<h1>${tr(context, '分级分类监管清单', 'Tier lists')}</h1>
<p>${tr(
      context,
      '每年的抽查任务按批准的清单冻结；不采用现行清单的任务须在冻结时写明理由。清单仅供内部使用，不公示。',
      "Each year's tasks are frozen from the approved list; a task that does not use the current version must say why at freeze. The list is internal and never published.",
    )}</p>
${versionsTable(context, rows)}
${await approvalForm(deps, context, form)}`,
  });
}

/** Per item, the ratio, minimum and frequency of each tier, as approved with the version. */
function policiesTable(context: PageContext, row: TierListRow): SafeHtml {
  if (row.policies.length === 0) return html`<p>${tr(context, '批准时本年度尚无抽查比例。', 'The year had no sampling policy when the list was approved.')}</p>`;
  return html`<div class="table-scroll"><table>
<caption>${tr(context, '各事项各分类的抽查比例、最低抽查数和频次（每年轮次）', 'Ratio, minimum and frequency (rounds per year) per item and tier')}</caption>
<thead><tr><th scope="col">${tr(context, '抽查事项', 'Item')}</th>${TIERS.map((tier) => html`<th scope="col">${tierLabel(context, tier)}</th>`)}</tr></thead>
<tbody>${row.policies.map(
    (policy) => html`<tr><th scope="row">${policy.itemName}（${tr(context, `第 ${policy.policyVersion} 版`, `version ${policy.policyVersion}`)}）</th>${TIERS.map((tier) => {
      const entry = policy.tiers[tier];
      return html`<td>${tr(context, `比例 ${entry.ratio}，最低 ${entry.minimum} 家，每年 ${entry.frequency} 轮`, `ratio ${entry.ratio}, at least ${entry.minimum}, ${entry.frequency} rounds a year`)}</td>`;
    })}</tr>`,
  )}</tbody>
</table></div>`;
}

async function renderVersion(deps: Deps, request: Request, response: Response): Promise<void> {
  const context = pageContext(request, response);
  const year = Number(request.params.year);
  const version = Number(request.params.version);
  const row = Number.isSafeInteger(year) && Number.isSafeInteger(version) ? await findTierList(deps.database.db, year, version) : undefined;
  if (!row) throw new NotFoundError(tr(context, '没有这一版分级分类监管清单。', 'There is no such version of the tier list.'));
  const total = TIERS.reduce((sum, tier) => sum + row.counts[tier], 0);
  sendPage(response, context, {
    title: tr(context, `${row.year} 年分级分类监管清单第 ${row.version} 版`, `${row.year} tier list, version ${row.version}`),
    body: html`<h1>${tr(context, `${row.year} 年分级分类监管清单第 ${row.version} 版`, `${row.year} tier list, version ${row.version}`)}</h1>
${request.query.done === 'approved' ? successNotice(tr(context, '清单已批准。', 'The list is approved.')) : ''}
<dl>
<dt>${tr(context, '信用风险分类评价', 'Evaluation run')}</dt><dd><a href="/console/evaluations/${row.evaluationRunId}">${tr(context, `第 ${row.evaluationRunId} 次评价`, `Run ${row.evaluationRunId}`)}</a>${tr(context, `，评价日期 ${row.asOf}`, `, as of ${row.asOf}`)}</dd>
<dt>${tr(context, '批准人', 'Approved by')}</dt><dd>${row.approvedBy}</dd>
<dt>${tr(context, '批准时间', 'Approved at')}</dt><dd>${formatInstant(row.approvedAt.toISOString())}</dd>
<dt>${tr(context, '调整理由', 'Reason for the adjustment')}</dt><dd>${row.reason ?? tr(context, '（首版，无需理由）', '(first version: none needed)')}</dd>
<dt>${tr(context, '企业数', 'Enterprises')}</dt><dd>${formatNumber(context, total)}</dd>
</dl>
<p><a href="/api/tier-lists/${row.year}/versions/${row.version}/export.csv" download>${tr(context, '导出企业清单（CSV，仅供内部使用）', 'Export the enterprises (CSV, internal only)')}</a> · <a id="tier-list-xlsx" href="/api/tier-lists/${row.year}/versions/${row.version}/export.xlsx" download>${tr(context, 'Excel 格式（.xlsx）', 'as Excel (.xlsx)')}</a></p>
${tierDistribution(context, row.counts, undefined, { caption: tr(context, '各分类企业数', 'Enterprises per tier') })}
${policiesTable(context, row)}
<p><a href="/console/tier-lists">${tr(context, '全部版本', 'All versions')}</a></p>`,
  });
}

/** GET /console/tier-lists, GET /console/tier-lists/:year/:version (staff), POST /console/tier-lists (admin). */
export function registerTierListPages(router: Router, deps: Deps): void {
  router.get('/console/tier-lists', requirePageRole('staff'), async (request, response) => {
    await renderIndex(deps, request, response);
  });

  router.get('/console/tier-lists/:year/:version', requirePageRole('staff'), async (request, response) => {
    await renderVersion(deps, request, response);
  });

  router.post('/console/tier-lists', requirePageRole('admin'), async (request, response) => {
    const context = pageContext(request, response);
    const values = { year: formText(request, 'year'), runId: formText(request, 'runId'), asOf: formText(request, 'asOf'), reason: formText(request, 'reason') };
    const year = formInteger(values.year);
    const runId = formInteger(values.runId);
    if (typeof year !== 'number' || typeof runId !== 'number') {
      const errors = groupErrors([
        ...(typeof year === 'number' ? [] : [{ field: 'year', reason: tr(context, '须为年份', 'must be a year') }]),
        ...(typeof runId === 'number' ? [] : [{ field: 'runId', reason: tr(context, '请选择一次已完成的评价', 'choose a completed run') }]),
      ]);
      await renderIndex(deps, request, response, { status: 400, form: { values, errors } });
      return;
    }
    const approved = await approveTierList(
      deps.database,
      { year, runId, reason: values.reason, ...(values.asOf === '' ? {} : { asOf: values.asOf }) },
      { actor: actorOf(principalOf(response)), now: clockOf(deps) },
    );
    if (!approved.ok) {
      const errors = groupErrors([{ field: fieldOf(approved.error), reason: describeTierListIssue(approved.error, context.lang) }]);
      await renderIndex(deps, request, response, { status: statusOfTierListIssue(approved.error), form: { values, errors } });
      return;
    }
    markActivityRecorded(response);
    response.redirect(303, `${versionPath(approved.value)}?done=approved`);
  });
}

/**
 * In a planned task's freeze form: the year's current list, and when the task uses another
 * run, the warning and the override reason field the freeze then needs.
 */
export async function tierListFreezeField(db: Executor, context: PageContext, task: Pick<TaskRow, 'year' | 'evaluationRunId'>): Promise<SafeHtml> {
  const current = await findCurrentTierList(db, task.year);
  if (!current || task.evaluationRunId === null) return html``;
  const link = html`<a href="${versionPath(current)}">${tr(context, `${current.year} 年分级分类监管清单第 ${current.version} 版`, `the ${current.year} tier list, version ${current.version}`)}</a>`;
  if (task.evaluationRunId === current.evaluationRunId) return html`<p>${tr(context, '本任务使用', 'This task uses ')}${link}${tr(context, '。', '.')}</p>`;
  return html`<div class="notice error" role="alert"><p>${tr(
    context,
    `本任务使用第 ${task.evaluationRunId} 次评价，而不是现行的`,
    `This task uses evaluation run ${task.evaluationRunId}, not the run of the current list, `,
  )}${link}${tr(context, `（第 ${current.evaluationRunId} 次评价）：请改用现行清单，或写明不采用的理由。`, ` (run ${current.evaluationRunId}): re-plan the task with it, or say why not.`)}</p></div>
${textareaField({ name: 'tierListOverrideReason', label: tr(context, '不采用现行清单的理由（记入任务和操作日志）', 'Why not the current list (kept on the task and in the activity log)'), rows: 2 })}`;
}

/** In a frozen task's page: which list version the freeze used, and the override reason. */
export function taskTierListFacts(context: PageContext, task: Pick<TaskRow, 'year' | 'tierListVersion' | 'tierListOverrideReason'>): SafeHtml {
  return html`<section aria-labelledby="tier-list-heading">
<h2 id="tier-list-heading">${tr(context, '分级分类监管清单', 'Tier list')}</h2>
<p>${
    task.tierListVersion === null
      ? tr(context, `冻结时 ${task.year} 年尚无已批准的清单。`, `${task.year} had no approved tier list when the task was frozen.`)
      : html`${tr(context, '冻结时采用 ', 'Frozen under ')}<a href="${versionPath({ year: task.year, version: task.tierListVersion })}">${tr(context, `${task.year} 年第 ${task.tierListVersion} 版`, `the ${task.year} list, version ${task.tierListVersion}`)}</a>${tr(context, '。', '.')}`
  }</p>
${task.tierListOverrideReason ? html`<p>${tr(context, '未采用现行清单的评价，理由：', 'Frozen from another run than the list, because: ')}${task.tierListOverrideReason}</p>` : ''}
</section>`;
}
