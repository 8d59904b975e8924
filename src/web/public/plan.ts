/**
 * The published inspection year (一公开 before the draws): GET /plan (the item list
 * 涉企检查事项清单 with legal basis and departments, and the years' plans) and GET /plan/:year
 * (the year's joint plan: its tasks with item names, departments and scheduled draw times).
 */
import type { Request, Response, Router } from 'express';
import { listPublicPlanYears, loadPublicItemList, loadPublicPlan, type PublicPlanTask } from '../../application/public-plan.ts';
import type { TaskMethod } from '../../application/self-inspection.ts';
import { describeEntropySource } from '../../core/draw/entropy-source.ts';
import type { AppDependencies } from '../../http/app.ts';
import { NotFoundError } from '../../http/problem.ts';
import { html, type SafeHtml } from '../html.ts';
import { pageContext, sendPage, tr, type PageContext } from '../page.ts';
import { departmentNames, formatTime, itemNames } from './format.ts';
import { labelOf, TASK_MODE_LABELS, TASK_STATUSES, TRIGGERS } from './labels.ts';

/**
 * A task's method beside its round: nothing for an ordinary on-site task; 自查 for a
 * self-inspection task; the self-inspection task an on-site follow-up draws from.
 */
export function methodNote(context: PageContext, method: TaskMethod): SafeHtml | '' {
  if (method.follows) {
    return html`<span class="method">${tr(context, '自查后现场核查：从自查任务', 'On-site follow-up of self-inspection task ')}<a href="/draws/${encodeURIComponent(method.follows.code)}">${method.follows.name}</a>${tr(context, '中已受理的自查报告抽取', ', drawn from its accepted reports')}</span>`;
  }
  return method.mode === 'on_site' ? '' : html`<span class="method">${labelOf(TASK_MODE_LABELS, method.mode, context.lang)}</span>`;
}

function taskRow(context: PageContext, task: PublicPlanTask): SafeHtml {
  const status = labelOf(TASK_STATUSES, task.status, context.lang);
  return html`<tr data-task="${task.code}"><th scope="row">${task.name}<br><span class="hint">${task.code}</span></th>
<td>${itemNames(context, task.items)}</td>
<td>${departmentNames(context, task.departments)}${task.departments.length > 1 ? html`<br><span class="hint">${tr(context, '联合抽查（综合查一次）', 'Joint inspection (one visit)')}</span>` : ''}</td>
<td>${tr(context, `第 ${task.round} 轮`, `Round ${task.round}`)}<br><span class="hint">${labelOf(TRIGGERS, task.trigger, context.lang)}</span>${task.method.mode === 'on_site' && !task.method.follows ? '' : html`<br>${methodNote(context, task.method)}`}</td>
<td>${task.scheduledDrawAt ? html`<time datetime="${task.scheduledDrawAt}">${formatTime(task.scheduledDrawAt)}</time><br>` : ''}<span class="hint">${describeEntropySource(task.entropySource, context.lang)}</span></td>
<td>${task.status === 'planned' ? status : html`<a href="/draws/${encodeURIComponent(task.code)}">${status}</a>`}</td></tr>`;
}

async function planIndexPage(request: Request, response: Response, deps: AppDependencies): Promise<void> {
  const context = pageContext(request, response);
  const items = await loadPublicItemList(deps.database.db);
  const years = await listPublicPlanYears(deps.database.db);
  const title = tr(context, '抽查事项清单与年度抽查计划', 'Inspection items and annual plans');
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '抽查前公开：涉企检查事项、法律依据、实施部门，以及每年的抽查计划和任务、抽取时间。',
      'Published before the draws: the inspection items with their legal basis and departments, and each year\'s plan with its tasks and draw times.',
    )}</p>
<h2 id="plans">${tr(context, '年度抽查计划', 'Annual plans')}</h2>
${
  years.length === 0
    ? html`<p>${tr(context, '尚未公布年度抽查计划。', 'No annual plan is published yet.')}</p>`
    : html`<ul id="plan-years">${years.map((plan) => html`<li><a href="/plan/${plan.year}">${tr(context, `${plan.year} 年：${plan.name}`, `${plan.year}: ${plan.name}`)}</a></li>`)}</ul>`
}
<h2 id="items">${tr(context, '涉企检查事项清单', 'Inspection item list')}</h2>
${
  items.length === 0
    ? html`<p>${tr(context, '尚未公布检查事项。', 'No inspection item is published yet.')}</p>`
    : html`<div class="table-scroll"><table id="item-list">
<thead><tr><th scope="col">${tr(context, '检查事项', 'Item')}</th><th scope="col">${tr(context, '法律依据', 'Legal basis')}</th><th scope="col">${tr(context, '实施部门', 'Department')}</th></tr></thead>
<tbody>${items.map(
        (item) =>
          html`<tr><th scope="row">${item.name}${item.keyArea ? html`<br><span class="hint">${tr(context, '重点领域', 'Key area')}</span>` : ''}</th><td>${item.legalBasis}</td><td>${departmentNames(context, [item.department])}</td></tr>`,
      )}</tbody></table></div>`
}`,
  });
}

async function planYearPage(request: Request, response: Response, deps: AppDependencies): Promise<void> {
  const context = pageContext(request, response);
  const year = Number(request.params.year);
  const plan = Number.isInteger(year) ? await loadPublicPlan(deps.database.db, year) : undefined;
  if (!plan) throw new NotFoundError(tr(context, `没有 ${String(request.params.year)} 年的抽查计划。`, `There is no plan for ${String(request.params.year)}.`));
  const title = plan.plan.name;
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(context, `${plan.plan.year} 年度，共 ${plan.plan.roundsPerYear} 轮。抽取在公布的公开熵时间之后进行，任何人都能核验。`, `${plan.plan.year}, in ${plan.plan.roundsPerYear} round(s). Each draw follows the announced time of its public entropy, and anyone can verify it.`)}</p>
<p><a href="/plan">${tr(context, '检查事项清单', 'Inspection item list')}</a></p>
${
  plan.tasks.length === 0
    ? html`<p>${tr(context, '本年度尚无抽查任务。', 'This year has no task yet.')}</p>`
    : html`<div class="table-scroll"><table id="plan-tasks">
<thead><tr><th scope="col">${tr(context, '抽查任务', 'Task')}</th><th scope="col">${tr(context, '检查事项', 'Items')}</th><th scope="col">${tr(context, '实施部门', 'Departments')}</th><th scope="col">${tr(context, '轮次', 'Round')}</th><th scope="col">${tr(context, '抽取时间（北京时间）', 'Draw time (Beijing time)')}</th><th scope="col">${tr(context, '状态', 'Status')}</th></tr></thead>
<tbody>${plan.tasks.map((task) => taskRow(context, task))}</tbody></table></div>`
}`,
  });
}

export function registerPlanPages(router: Router, deps: AppDependencies): void {
  router.get('/plan', (request, response) => planIndexPage(request, response, deps));
  router.get('/plan/:year', (request, response) => planYearPage(request, response, deps));
}
