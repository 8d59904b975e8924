/**
 * The plan page's tasks section: the year's tasks, and the form that creates a task or
 * replaces a planned one (a frozen or drawn task cannot change). The task's public entropy
 * source is chosen here because it is announced at the freeze and must come after it.
 */
import type { Request, Router } from 'express';
import { saveTask } from '../../../application/inspection-plan.ts';
import { ENTERPRISE_FLAGS, ENTITY_TYPES } from '../../../core/enterprise.ts';
import { TASK_MODES, TASK_TRIGGERS } from '../../../core/inspection-plan.ts';
import { labelOf, TASK_MODE_LABELS } from '../../public/labels.ts';
import { html, type SafeHtml } from '../../html.ts';
import { csrfField, pageContext, requirePageRole, tr } from '../../page.ts';
import { errorsOf, errorSummary, fieldError, formInteger, formText, formValues, groupErrors, inputField, selectField, splitList } from '../cycle-forms.ts';
import { taskStatusLabel, triggerLabel, visibilityLabel } from '../tasks.ts';
import { fromPlanIssues, refusal, type PlanDeps, type PlanView, type RenderPlanPage } from './section.ts';

const DEPARTMENT_ROWS = 3;

/** The year's tasks, and the task form. */
export function renderTasksSection(view: PlanView): SafeHtml {
  const { context, year, items, tasks, runChoices } = view;
  const form = view.form('task');
  const taskErrors = form.errors;
  const checkedItems = new Set(form.values('items'));
  const checkedTypes = new Set(form.values('entityTypes'));
  const checkedFlags = new Set(form.values('flags'));
  return html`<section aria-labelledby="tasks-heading">
<h2 id="tasks-heading">${tr(context, `${year} 年度任务`, `Tasks of ${year}`)}</h2>
${
  tasks.length === 0
    ? html`<p>${tr(context, '暂无任务。', 'No tasks yet.')}</p>`
    : html`<div class="table-scroll"><table id="plan-tasks">
<thead><tr><th scope="col">${tr(context, '任务', 'Task')}</th><th scope="col">${tr(context, '轮次', 'Round')}</th><th scope="col">${tr(context, '事项', 'Items')}</th><th scope="col">${tr(context, '部门（每组人数）', 'Departments (team)')}</th><th scope="col">${tr(context, '启动方式', 'Trigger')}</th><th scope="col">${tr(context, '公开方式', 'Visibility')}</th><th scope="col">${tr(context, '状态', 'State')}</th></tr></thead>
<tbody>${tasks.map(
        (task) => html`<tr><td><a href="/console/tasks/${encodeURIComponent(task.code)}"><code>${task.code}</code> ${task.name}</a></td><td>${task.round}</td><td>${task.items.join(', ')}</td><td>${task.departments
          .map((entry) => `${entry.department} × ${entry.teamSize}`)
          .join('；')}</td><td>${triggerLabel(context, task.trigger)}${task.mode === 'on_site' ? '' : html`<br><span class="hint">${labelOf(TASK_MODE_LABELS, task.mode, context.lang)} · ${tr(context, `截止 ${task.reportDue ?? ''}`, `due ${task.reportDue ?? ''}`)}</span>`}</td><td>${visibilityLabel(context, task.visibility)}</td><td>${taskStatusLabel(context, task.status)}</td></tr>`,
      )}</tbody></table></div>`
}
<details${form.refused ? html` open` : ''}><summary>${tr(context, '新建任务', 'Create a task')}</summary>
<p class="hint">${tr(context, '同一编码的计划中任务会被替换；已冻结或已抽取的任务不能修改。', 'A planned task with the same code is replaced; a frozen or drawn task cannot change.')}</p>
${errorSummary(context, taskErrors)}
<form method="post" action="/console/plan/tasks" class="stack">
${csrfField(context)}
${inputField({ name: 'code', id: 'task-code', label: tr(context, '任务编号', 'Task code'), value: form.value('code'), required: true, hint: tr(context, '例如 2027-SP-01', 'e.g. 2027-SP-01'), errors: errorsOf(taskErrors, 'code') })}
${inputField({ name: 'name', id: 'task-name', label: tr(context, '任务名称', 'Task name'), value: form.value('name'), required: true, errors: errorsOf(taskErrors, 'name') })}
${inputField({ name: 'year', id: 'task-year', label: tr(context, '年度', 'Year'), type: 'number', value: form.value('year', String(year)), required: true, errors: errorsOf(taskErrors, 'year') })}
${inputField({ name: 'round', id: 'task-round', label: tr(context, '轮次', 'Round'), type: 'number', value: form.value('round', '1'), required: true, attributes: html` min="1"`, errors: errorsOf(taskErrors, 'round') })}
<fieldset${errorsOf(taskErrors, 'items').length > 0 ? html` aria-describedby="task-items-error"` : ''}><legend>${tr(context, '抽查事项（可多选：联合抽查）', 'Items (several for a joint task)')}</legend>
${items.map(
  (item) => html`<div><input type="checkbox" id="task-item-${item.code}" name="items" value="${item.code}"${checkedItems.has(item.code) ? html` checked` : ''}> <label for="task-item-${item.code}" class="inline-label"><code>${item.code}</code> ${item.name}（${item.department}）</label></div>`,
)}
${fieldError('task-items', errorsOf(taskErrors, 'items'))}
</fieldset>
<fieldset${errorsOf(taskErrors, 'departments').length > 0 ? html` aria-describedby="task-departments-error"` : ''}><legend>${tr(context, '参与部门与每组检查人员数（按顺序分配；多个部门即综合查一次）', 'Departments and inspectors per team (assigned in this order; several departments make a joint task)')}</legend>
<p class="hint">${tr(context, '检查组合计至少 2 人；留空的行不计。', 'A team has at least 2 inspectors in total; blank rows are ignored.')}</p>
${Array.from(
  { length: DEPARTMENT_ROWS },
  (_, index) => html`<div class="inline-fields">
<div><label for="task-department-${index}">${tr(context, `部门 ${index + 1}`, `Department ${index + 1}`)}</label><input type="text" id="task-department-${index}" name="department${index}" value="${form.value(`department${index}`)}"></div>
<div><label for="task-team-${index}">${tr(context, '每组人数', 'Team size')}</label><input type="number" id="task-team-${index}" name="teamSize${index}" min="1" value="${form.value(`teamSize${index}`, index === 0 ? '2' : '')}"></div>
</div>`,
)}
${fieldError('task-departments', errorsOf(taskErrors, 'departments'))}
</fieldset>
${selectField({
  name: 'trigger',
  id: 'task-trigger',
  label: tr(context, '启动方式', 'Trigger'),
  value: form.value('trigger', 'planned'),
  choices: TASK_TRIGGERS.map((trigger) => ({ value: trigger, label: triggerLabel(context, trigger) })),
  errors: errorsOf(taskErrors, 'trigger'),
})}
${selectField({
  name: 'mode',
  id: 'task-mode',
  label: tr(context, '检查方式', 'Method'),
  value: form.value('mode', 'on_site'),
  hint: tr(context, '自查：被抽中企业在“本企业”页面提交自查报告和承诺书，工作人员审核；适用于低风险等级', 'Self-inspection: selected enterprises report and commit on their own page and staff review the reports; for low-risk tiers'),
  choices: TASK_MODES.map((mode) => ({ value: mode, label: labelOf(TASK_MODE_LABELS, mode, context.lang) })),
  errors: errorsOf(taskErrors, 'mode'),
})}
${inputField({ name: 'reportDue', id: 'task-report-due', type: 'date', label: tr(context, '自查报告截止日期（自查任务必填）', 'Report due date (self-inspection tasks)'), value: form.value('reportDue'), errors: errorsOf(taskErrors, 'reportDue') })}
${selectField({
  name: 'evaluationRunId',
  id: 'task-run',
  label: tr(context, '信用评价批次（按等级分层）', 'Evaluation run (tier strata)'),
  value: form.value('evaluationRunId'),
  choices: [{ value: '', label: tr(context, '不分层（一个层 ALL）', 'No tiers (one stratum ALL)') }, ...runChoices],
  errors: errorsOf(taskErrors, 'evaluationRunId'),
})}
${selectField({
  name: 'visibility',
  id: 'task-visibility',
  label: tr(context, '公开方式', 'Visibility'),
  value: form.value('visibility'),
  hint: tr(context, '默认：按等级分层时保密（等级不公开），不分层时公开', 'Default: sealed with tier strata (tiers are never published), open with one stratum'),
  choices: [
    { value: '', label: tr(context, '默认', 'Default') },
    { value: 'sealed', label: visibilityLabel(context, 'sealed') },
    { value: 'open', label: visibilityLabel(context, 'open') },
  ],
  errors: errorsOf(taskErrors, 'visibility'),
})}
${inputField({ name: 'qualification', id: 'task-qualification', label: tr(context, '检查人员资格要求', 'Required qualification'), value: form.value('qualification', '行政执法'), required: true, errors: errorsOf(taskErrors, 'qualification') })}
<fieldset id="task-entropy"><legend>${tr(context, '公开随机源（冻结时公布，须在冻结后才产生）', 'Public entropy source (announced at freeze; it must come after the freeze)')}</legend>
${selectField({
  name: 'entropyKind',
  id: 'task-entropy-kind',
  label: tr(context, '类型', 'Kind'),
  value: form.value('entropyKind', 'public-event'),
  choices: [
    { value: 'public-event', label: tr(context, '公开事件（公开抽取会掷骰子、彩票开奖）', 'Public event (dice at a public meeting, a lottery draw)') },
    { value: 'drand-quicknet', label: tr(context, 'drand quicknet 公共随机信标的某一轮', 'A round of the drand quicknet public beacon') },
  ],
  errors: errorsOf(taskErrors, 'entropySource.kind'),
})}
${inputField({ name: 'entropyDescription', id: 'task-entropy-description', label: tr(context, '公开事件说明', 'Public event'), value: form.value('entropyDescription'), hint: tr(context, '例如：公开抽取会现场掷六颗骰子的点数，用“.”连接', 'e.g. the six dice rolled at the public draw meeting, joined by "."'), errors: errorsOf(taskErrors, 'entropySource.description') })}
${inputField({ name: 'entropyAt', id: 'task-entropy-at', label: tr(context, '公开事件时间', 'Time of the event'), value: form.value('entropyAt'), hint: tr(context, 'ISO 8601，含时区，例如 2027-03-02T10:00:00+08:00', 'ISO 8601 with its offset, e.g. 2027-03-02T10:00:00+08:00'), errors: errorsOf(taskErrors, 'entropySource.at') })}
${inputField({ name: 'entropyRound', id: 'task-entropy-round', label: tr(context, 'drand 轮次', 'drand round'), type: 'number', value: form.value('entropyRound'), hint: tr(context, '第 R 轮的时间为 1692803367 + (R − 1) × 3 秒（Unix 时间）', 'Round R is published at 1692803367 + (R − 1) × 3 seconds (Unix time)'), errors: errorsOf(taskErrors, 'entropySource.round') })}
${fieldError('task-entropy', errorsOf(taskErrors, 'entropySource').filter((message) => !/^entropySource\.(kind|description|at|round)/.test(message)))}
</fieldset>
<fieldset><legend>${tr(context, '抽取条件（可选）', 'Conditions (optional)')}</legend>
${inputField({ name: 'regions', id: 'task-regions', label: tr(context, '行政区划代码或前缀', 'Region codes or prefixes'), value: form.value('regions'), hint: tr(context, '用逗号分隔，例如 350102, 3502', 'Comma separated, e.g. 350102, 3502'), errors: errorsOf(taskErrors, 'conditions.regions') })}
${inputField({ name: 'industries', id: 'task-industries', label: tr(context, '行业代码或前缀', 'Industry codes or prefixes'), value: form.value('industries'), hint: tr(context, '例如 F52, H62', 'e.g. F52, H62'), errors: errorsOf(taskErrors, 'conditions.industries') })}
<p class="hint">${tr(context, '企业类型', 'Entity types')}</p>
<div class="checkbox-grid">${Object.entries(ENTITY_TYPES).map(
  ([key, label]) => html`<div><input type="checkbox" id="task-type-${key}" name="entityTypes" value="${key}"${checkedTypes.has(key) ? html` checked` : ''}> <label for="task-type-${key}" class="inline-label">${label}</label></div>`,
)}</div>
<p class="hint">${tr(context, '标记', 'Flags')}</p>
<div class="checkbox-grid">${Object.entries(ENTERPRISE_FLAGS).map(
  ([key, label]) => html`<div><input type="checkbox" id="task-flag-${key}" name="flags" value="${key}"${checkedFlags.has(key) ? html` checked` : ''}> <label for="task-flag-${key}" class="inline-label">${label}</label></div>`,
)}</div>
${inputField({ name: 'acceptedReportsOf', id: 'task-accepted-reports-of', label: tr(context, '自查后现场核查：自查任务编号', 'On-site follow-up of self-inspection task'), value: form.value('acceptedReportsOf'), hint: tr(context, '填写后只从该自查任务中自查报告已受理的企业抽取', 'When given, only enterprises whose report in that self-inspection task was accepted are drawn'), errors: errorsOf(taskErrors, 'conditions.acceptedReportsOf') })}
${fieldError('task-conditions', errorsOf(taskErrors, 'conditions'))}
</fieldset>
<div><button type="submit">${tr(context, '保存任务', 'Save the task')}</button></div>
</form></details>
</section>`;
}

function taskFromForm(request: Request): Record<string, unknown> {
  const departments: { department: string; teamSize: number | string | undefined }[] = [];
  for (let index = 0; index < DEPARTMENT_ROWS; index++) {
    const department = formText(request, `department${index}`);
    if (department !== '') departments.push({ department, teamSize: formInteger(formText(request, `teamSize${index}`)) });
  }
  const conditions: Record<string, string[] | string> = {};
  const regions = splitList(formText(request, 'regions'));
  const industries = splitList(formText(request, 'industries')).map((code) => code.toUpperCase());
  const entityTypes = formValues(request, 'entityTypes');
  const flags = formValues(request, 'flags');
  if (regions.length > 0) conditions.regions = regions;
  if (industries.length > 0) conditions.industries = industries;
  if (entityTypes.length > 0) conditions.entityTypes = entityTypes;
  if (flags.length > 0) conditions.flags = flags;
  const acceptedReportsOf = formText(request, 'acceptedReportsOf');
  if (acceptedReportsOf !== '') conditions.acceptedReportsOf = acceptedReportsOf;
  const reportDue = formText(request, 'reportDue');
  const run = formText(request, 'evaluationRunId');
  const visibility = formText(request, 'visibility');
  return {
    code: formText(request, 'code'),
    name: formText(request, 'name'),
    year: formInteger(formText(request, 'year')),
    round: formInteger(formText(request, 'round')),
    items: formValues(request, 'items'),
    departments,
    trigger: formText(request, 'trigger') || 'planned',
    mode: formText(request, 'mode') || 'on_site',
    ...(reportDue === '' ? {} : { reportDue }),
    ...(run === '' ? {} : { evaluationRunId: formInteger(run) }),
    ...(visibility === '' ? {} : { visibility }),
    qualification: formText(request, 'qualification'),
    conditions,
    entropySource: entropySourceFromForm(request),
  };
}

/** The entropy source fields of the task form as the plan's object (zod reports what is wrong). */
function entropySourceFromForm(request: Request): unknown {
  const kind = formText(request, 'entropyKind') || 'public-event';
  if (kind === 'drand-quicknet') return { kind, round: formInteger(formText(request, 'entropyRound')) };
  return { kind, description: formText(request, 'entropyDescription'), at: formText(request, 'entropyAt') };
}

/** POST /console/plan/tasks (staff): creates a task, or replaces the planned task with that code. */
export function registerTaskRoutes(router: Router, deps: PlanDeps, renderPage: RenderPlanPage): void {
  const { db } = deps.database;
  router.post('/console/plan/tasks', requirePageRole('staff'), async (request, response) => {
    const saved = await saveTask(db, taskFromForm(request));
    if (!saved.ok) {
      const errors = Array.isArray(saved.error)
        ? fromPlanIssues(saved.error, pageContext(request, response).lang)
        : groupErrors([{ field: 'code', reason: `task ${saved.error.task} is already frozen or drawn and cannot change` }]);
      return renderPage(request, response, refusal('task', request, errors, Array.isArray(saved.error) ? 400 : 409));
    }
    response.redirect(303, `/console/plan?year=${saved.value.year}&done=task`);
  });
}
