/**
 * The staff console's front page (工作台): how big the directory is, the latest evaluation
 * and its tiers, the tasks by state, the results staff must chase, and the yearly cycle's
 * steps in order, each linking to where it is done.
 */
import type { Router } from 'express';
import { listOverdue } from '../../application/inspection-results.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import { loadWorkingCalendar } from '../../application/working-calendar.ts';
import type { AppDependencies, ServedDependencies } from '../../http/app.ts';
import { countEnterprises, listEvaluationRuns } from '../../persistence/evaluation-store.ts';
import { listTasks } from '../../persistence/inspection-repository.ts';
import { TASK_STATUSES, type TaskStatus } from '../../persistence/schema/inspection.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatNumber, requirePageRole, sendPage, tr, type PageContext, pageContext } from '../page.ts';
import { registerConsoleEvaluationPages } from './evaluations.ts';
import { registerConsoleImportPages } from './imports.ts';
import { registerConsoleJobPages } from './jobs.ts';
import { registerConsoleModelPages } from './models.ts';
import { formatInstant, previousCompletedRun, tierDistribution } from './shared.ts';

function taskStatusLabel(context: PageContext, status: TaskStatus): string {
  switch (status) {
    case 'planned':
      return tr(context, '已计划', 'planned');
    case 'frozen':
      return tr(context, '已冻结', 'frozen');
    case 'drawn':
      return tr(context, '已抽取', 'drawn');
  }
}

/** The yearly cycle (DESIGN.md §1), in the order a bureau works through it. */
function cycleSteps(context: PageContext): SafeHtml {
  const steps = [
    { href: '/console/imports', label: tr(context, '导入名录和信用记录', 'Import the directory and credit records') },
    { href: '/console/evaluations', label: tr(context, '信用风险分类评价', 'Evaluate credit risk tiers') },
    { href: '/console/plan', label: tr(context, '抽查事项、抽查比例和年度计划', 'Plan: items, sampling policies and the annual plan') },
    { href: '/console/tasks', label: tr(context, '冻结抽查任务的对象池', "Freeze a task's pool") },
    { href: '/console/tasks', label: tr(context, '录入公共随机数并抽取', 'Enter the public entropy and draw') },
    { href: '/console/results', label: tr(context, '录入和公示检查结果', 'Enter and publish inspection results') },
    { href: '/console/lists', label: tr(context, '审核和发布红黑榜', 'Review and publish the red and black lists') },
  ];
  return html`<ol class="cycle-steps">${steps.map((step) => html`<li><a href="${step.href}">${step.label}</a></li>`)}</ol>`;
}

export function registerConsoleDashboardPage(router: Router, deps: AppDependencies): void {
  const { db } = deps.database;
  const calendar = loadWorkingCalendar();

  router.get('/console', requirePageRole('staff'), async (request, response) => {
    const context = pageContext(request, response);
    const today = shanghaiDate(new Date());
    const enterpriseCount = await countEnterprises(db);
    const runs = await listEvaluationRuns(db, 50);
    const latest = runs.find((run) => run.status === 'completed');
    const running = runs.filter((run) => run.status === 'running');
    const previous = latest ? previousCompletedRun(runs, latest) : undefined;
    const tasks = await listTasks(db, {});
    const tasksByStatus = new Map<TaskStatus, number>(TASK_STATUSES.map((status) => [status, 0]));
    for (const task of tasks) tasksByStatus.set(task.status, (tasksByStatus.get(task.status) ?? 0) + 1);
    const { overdue, missing } = await listOverdue(db, calendar, today);

    const title = tr(context, '工作台', 'Console');
    const evaluationCard = latest?.counts
      ? html`<p>${tr(context, '评价日期', 'As of')} <strong>${latest.asOf}</strong> · <code>${latest.modelKey}</code> ·
<a href="/console/evaluations/${latest.id}">${tr(context, `第 ${latest.id} 次评价`, `run ${latest.id}`)}</a></p>
${tierDistribution(
  context,
  latest.counts,
  previous?.counts ? { counts: previous.counts, label: previous.asOf } : undefined,
  { caption: tr(context, '最近一次评价的分类分布', 'Tiers in the latest run') },
)}`
      : html`<p>${tr(context, '尚未完成任何评价。', 'No evaluation has completed yet.')} <a href="/console/evaluations">${tr(context, '运行评价', 'Run one')}</a></p>`;

    sendPage(response, context, {
      title,
      body: html`<h1>${title}</h1>
<p class="lead">${tr(context, `今天是 ${today}（北京时间）。`, `Today is ${today} (Beijing time).`)}</p>
<h2>${tr(context, '年度工作流程', 'The yearly cycle')}</h2>
${cycleSteps(context)}
<div class="cards dashboard-cards">
<section class="card" aria-labelledby="directory-heading">
<h2 id="directory-heading">${tr(context, '检查对象名录', 'Directory')}</h2>
<p class="big-number" id="enterprise-count">${formatNumber(context, enterpriseCount)}</p>
<p>${tr(context, '户市场主体', 'enterprises')} · <a href="/console/imports">${tr(context, '导入', 'Import')}</a></p>
</section>
<section class="card" aria-labelledby="tasks-heading">
<h2 id="tasks-heading">${tr(context, '抽查任务', 'Tasks')}</h2>
<table class="compact">
<thead><tr><th scope="col">${tr(context, '状态', 'State')}</th><th scope="col" class="number">${tr(context, '数量', 'Count')}</th></tr></thead>
<tbody>${TASK_STATUSES.map(
  (status) => html`<tr><th scope="row">${taskStatusLabel(context, status)}</th><td class="number" data-status="${status}">${formatNumber(context, tasksByStatus.get(status) ?? 0)}</td></tr>`,
)}</tbody>
</table>
<p><a href="/console/tasks">${tr(context, '查看任务', 'See the tasks')}</a></p>
</section>
<section class="card" aria-labelledby="results-heading">
<h2 id="results-heading">${tr(context, '检查结果', 'Results')}</h2>
<dl class="facts">
<dt>${tr(context, '逾期未公示', 'Overdue, not published')}</dt><dd id="overdue-count">${formatNumber(context, overdue.length)}</dd>
<dt>${tr(context, '已抽中但未录入', 'Drawn, not yet entered')}</dt><dd id="missing-count">${formatNumber(context, missing.length)}</dd>
</dl>
${overdue.length > 0 ? html`<p class="notice error" role="status">${tr(context, `${overdue.length} 条结果已超过 20 个工作日的公示期限。`, `${overdue.length} results are past their 20-working-day deadline.`)}</p>` : ''}
<p><a href="/console/results">${tr(context, '录入结果', 'Enter results')}</a></p>
</section>
</div>
<section aria-labelledby="evaluation-heading">
<h2 id="evaluation-heading">${tr(context, '信用风险分类', 'Credit risk tiers')}</h2>
${running.map(
  (run) => html`<p class="notice" role="status">${tr(context, '评价进行中：', 'Evaluation running: ')}<a href="/console/evaluations/${run.id}">${run.asOf} · ${run.modelKey}</a> (${tr(context, '开始于', 'started')} ${formatInstant(run.startedAt)})</p>`,
)}
${evaluationCard}
</section>`,
    });
  });
}

/**
 * The console's core pages: dashboard, imports, evaluations and (for admins) scoring models.
 *
 * @example registerConsoleCorePages(router, deps) // in createWebRouter
 */
export function registerConsoleCorePages(router: Router, deps: ServedDependencies): void {
  registerConsoleDashboardPage(router, deps);
  registerConsoleImportPages(router, deps);
  registerConsoleEvaluationPages(router, deps);
  registerConsoleModelPages(router, deps);
  registerConsoleJobPages(router, deps);
}
