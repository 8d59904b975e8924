/**
 * Issue 17 in the console: staff of a self-inspection task's department review its reports
 * (/console/self-inspection): accept one, or return it with a reason (the enterprise
 * resubmits; every version stays listed), and see who has not submitted by the due date.
 */
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../application/activity-log.ts';
import { approverNameOf } from '../../application/approvals.ts';
import { departmentScopeOf } from '../../application/departments.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import {
  describeSelfInspectionIssue,
  findReviewableSelfInspections,
  reviewSelfInspectionReport,
  selfInspectionOverview,
  statusOfSelfInspectionIssue,
  type SelfInspectionIssue,
  type SelfInspectionReportRow,
} from '../../application/self-inspection.ts';
import { loadWorkingCalendar } from '../../application/working-calendar.ts';
import type { AppDependencies } from '../../http/app.ts';
import { principalOf } from '../../http/auth.ts';
import { html } from '../html.ts';
import { csrfField, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { FINDING_LABELS, REPORT_STATUS_LABELS } from '../accounts/self-inspection.ts';
import { formText, selectField, successNotice, textareaField } from './cycle-forms.ts';

const PATH = '/console/self-inspection';

type Deps = Pick<AppDependencies, 'database' | 'now'>;

const pairOf = (context: PageContext, pair: readonly [string, string]) => tr(context, pair[0], pair[1]);

async function listPage(deps: Deps, request: Request, response: Response): Promise<void> {
  const context = pageContext(request, response);
  const tasks = await findReviewableSelfInspections(deps.database.db, await departmentScopeOf(deps.database.db, context.principal.userId));
  const title = tr(context, '自查报告审核', 'Self-inspection reports');
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '自查任务（承诺式检查）抽中的企业在“本企业”页面提交自查报告和承诺书。本部门的工作人员逐份审核：受理，或写明理由退回（企业修改后重新提交）。受理的报告即为该企业的检查结果，可在“结果录入”页面公示；自查后的现场核查是一个新的现场检查任务，其抽取范围为本任务中已受理的企业。',
      'Enterprises selected by a self-inspection task (inspection by commitment) submit a report with a commitment on their own page. Staff of the task’s department review each: accept it, or return it with a reason (the enterprise corrects and resubmits). An accepted report is the enterprise’s result of the task, published from Results entry; the on-site follow-up is a new on-site task whose pool is this task’s accepted reports.',
    )}</p>
${
  tasks.length === 0
    ? html`<p id="no-self-inspection">${tr(context, '没有已抽取的自查任务。', 'No self-inspection task has been drawn.')}</p>`
    : html`<ul class="plain" id="self-inspection-tasks">${tasks.map(
        (task) => html`<li><a href="${PATH}/${encodeURIComponent(task.code)}">${task.code} · ${task.name}</a> <span class="hint">${tr(context, `截止 ${task.reportDue}`, `due ${task.reportDue}`)}</span></li>`,
      )}</ul>`
}`,
  });
}

function reportSection(context: PageContext, taskCode: string, creditCode: string, versions: readonly SelfInspectionReportRow[]) {
  return html`<section class="report" data-code="${creditCode}"><h3><code class="credit-code">${creditCode}</code></h3>
${versions.map(
  (report) => html`<div class="report-version" data-status="${report.status}"><p><strong>${tr(context, `第 ${report.version} 版`, `Version ${report.version}`)}</strong> · ${pairOf(context, REPORT_STATUS_LABELS[report.status])} <span class="hint">${report.submittedAt} · SHA-256 <code class="mono">${report.contentHash}</code></span></p>
<ul>${report.findings.map((finding) => html`<li>${finding.itemCode}：${pairOf(context, FINDING_LABELS[finding.finding])}。${tr(context, '自查内容：', 'Checked: ')}${finding.checked}${finding.corrected ? html`；${tr(context, '整改：', 'Corrected: ')}${finding.corrected}` : ''}</li>`)}</ul>
${report.returnReason ? html`<p>${tr(context, '退回理由：', 'Returned because: ')}${report.returnReason}</p>` : ''}
${
  report.status === 'submitted'
    ? html`<form method="post" action="${PATH}/reports/${String(report.id)}/review">${csrfField(context)}<input type="hidden" name="task" value="${taskCode}">
${selectField({
  name: 'decision',
  id: `decision-${String(report.id)}`,
  label: tr(context, '审核意见', 'Decision'),
  choices: [
    { value: 'accept', label: tr(context, '受理', 'Accept') },
    { value: 'return', label: tr(context, '退回', 'Return') },
  ],
})}
${textareaField({ name: 'reason', id: `reason-${String(report.id)}`, label: tr(context, '退回理由（退回时必填）', 'Reason (required to return)'), rows: 2 })}
<button type="submit">${tr(context, '提交审核意见', 'Record the decision')}</button></form>`
    : ''
}</div>`,
)}
</section>`;
}

async function taskPage(deps: Deps, request: Request, response: Response, state: { status?: number; error?: string } = {}): Promise<void> {
  const context = pageContext(request, response);
  const { db } = deps.database;
  const taskCode = String(request.params.task);
  const overview = await selfInspectionOverview(db, taskCode, shanghaiDate(deps.now?.() ?? new Date()), await departmentScopeOf(db, context.principal.userId));
  if (!overview.ok) {
    const title = tr(context, '自查报告审核', 'Self-inspection reports');
    sendPage(response, context, { status: statusOfSelfInspectionIssue(overview.error), title, body: html`<h1>${title}</h1><div class="notice error" role="alert"><p>${describeSelfInspectionIssue(overview.error, context.lang)}</p></div>` });
    return;
  }
  const { task, reports, missing, pastDue } = overview.value;
  const byEnterprise = new Map<string, SelfInspectionReportRow[]>();
  for (const report of reports) byEnterprise.set(report.creditCode, [...(byEnterprise.get(report.creditCode) ?? []), report]);
  const title = tr(context, `自查报告：${task.code}`, `Self-inspection reports: ${task.code}`);
  sendPage(response, context, {
    ...(state.status ? { status: state.status } : {}),
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${task.name} · ${tr(context, `提交截止：${task.reportDue}（含当日）`, `Due by ${task.reportDue} (inclusive)`)}</p>
${request.query.done === 'reviewed' ? successNotice(tr(context, '已记录审核意见。', 'Decision recorded.')) : ''}
${state.error ? html`<div class="notice error" role="alert"><p>${state.error}</p></div>` : ''}
<h2>${pastDue ? tr(context, '逾期未提交', 'Not submitted by the due date') : tr(context, '尚未提交', 'Not yet submitted')}</h2>
${
  missing.length === 0
    ? html`<p id="none-missing">${tr(context, '被抽中的企业均已提交。', 'Every selected enterprise has submitted.')}</p>`
    : html`<ul class="plain" id="missing-reports">${missing.map((code) => html`<li><code class="credit-code">${code}</code></li>`)}</ul>`
}
<h2>${tr(context, '自查报告', 'Reports')}</h2>
${byEnterprise.size === 0 ? html`<p>${tr(context, '暂无自查报告。', 'No report yet.')}</p>` : [...byEnterprise].map(([code, versions]) => reportSection(context, task.code, code, versions))}`,
  });
}

export function registerSelfInspectionPages(router: Router, deps: Deps): void {
  const staff = requirePageRole('staff');
  const calendar = loadWorkingCalendar();
  router.get(PATH, staff, (request, response) => listPage(deps, request, response));
  router.get(`${PATH}/:task`, staff, (request, response) => taskPage(deps, request, response));
  router.post(`${PATH}/reports/:id/review`, staff, async (request, response) => {
    const { db } = deps.database;
    const id = Number(request.params.id);
    const decision = formText(request, 'decision') === 'return' ? { decision: 'return' as const, reason: formText(request, 'reason') } : { decision: 'accept' as const };
    const reviewer = { reviewedBy: approverNameOf(actorOf(principalOf(response))), department: await departmentScopeOf(db, pageContext(request, response).principal.userId) };
    const reviewed: { ok: true; value: SelfInspectionReportRow } | { ok: false; error: SelfInspectionIssue } =
      Number.isSafeInteger(id) && id >= 1 && id <= 2147483647 ? await reviewSelfInspectionReport(deps.database, calendar, id, decision, reviewer, deps.now?.() ?? new Date()) : { ok: false, error: { code: 'report_not_found', id } };
    if (reviewed.ok) {
      response.redirect(303, `${PATH}/${encodeURIComponent(reviewed.value.taskCode)}?done=reviewed`);
      return;
    }
    const taskCode = formText(request, 'task');
    if (taskCode === '') {
      const context = pageContext(request, response);
      const title = tr(context, '自查报告审核', 'Self-inspection reports');
      sendPage(response, context, { status: statusOfSelfInspectionIssue(reviewed.error), title, body: html`<h1>${title}</h1><div class="notice error" role="alert"><p>${describeSelfInspectionIssue(reviewed.error, context.lang)}</p></div><p><a href="${PATH}">${title}</a></p>` });
      return;
    }
    request.params.task = taskCode;
    await taskPage(deps, request, response, { status: statusOfSelfInspectionIssue(reviewed.error), error: describeSelfInspectionIssue(reviewed.error, pageContext(request, response).lang) });
  });
}
