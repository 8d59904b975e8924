/**
 * Staff console: the inspection year's plan. Inspection items (抽查事项清单), their sampling
 * policy per tier with versions (each save is a new version; D ≥ C ≥ B ≥ A unless an override
 * reason is given), the annual plan (年度抽查计划) and its tasks, loading a plan file, and
 * deriving a policy from capacity (adoption publishes it: admin only). Forms post to this
 * page's routes, which call the same use cases as the API and show refusals next to the
 * fields.
 */
import type { Request, Response, Router } from 'express';
import multer from 'multer';
import { loadPlanFile, saveAnnualPlan, saveInspectionItem, saveSamplingPolicy, saveTask, type PlanIssue } from '../../application/inspection-plan.ts';
import { deriveItemPolicy, describePolicyIssue, type DerivationRequest, type ItemDerivation, type PolicyAdoptionIssue } from '../../application/policy-derivation.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import { roleSatisfies } from '../../application/api-tokens.ts';
import { actorOf } from '../../application/activity-log.ts';
import { describeApprovalIssue, requestAct, statusOfApprovalIssue } from '../../application/approvals.ts';
import { ENTERPRISE_FLAGS, ENTITY_TYPES } from '../../core/enterprise.ts';
import { TASK_TRIGGERS } from '../../core/inspection-plan.ts';
import { decodeText } from '../../core/text-encoding.ts';
import type { AppDependencies } from '../../http/app.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { ConflictError, HttpError } from '../../http/problem.ts';
import { listAnnualPlans } from '../../persistence/console-cycle-queries.ts';
import { listEvaluationRuns } from '../../persistence/evaluation-store.ts';
import { listInspectionItems, listSamplingPolicies, listTasks, type SamplingPolicyRow } from '../../persistence/inspection-repository.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatNumber, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import {
  errorsOf,
  errorSummary,
  fieldError,
  formInteger,
  formText,
  formValues,
  groupErrors,
  inputField,
  keysMissingNotice,
  multipartAction,
  NO_ERRORS,
  selectField,
  splitList,
  successNotice,
  textareaField,
  type FieldErrors,
} from './cycle-forms.ts';
import { taskStatusLabel, triggerLabel, visibilityLabel } from './tasks.ts';
import { requireReauthentication } from '../../http/reauthentication.ts';

type Deps = Pick<AppDependencies, 'database' | 'bureauKeys' | 'fourEyes'>;
type FormName = 'plan' | 'item' | 'policy' | 'load' | 'task' | 'derive';

const TIER_LABELS = ['A', 'B', 'C', 'D'] as const;
const DEPARTMENT_ROWS = 3;
const PLAN_FILE_LIMIT_BYTES = 20 * 1024 * 1024;

interface PlanPageState {
  readonly status?: number;
  readonly form?: FormName;
  readonly errors?: FieldErrors;
  /** The refused form's fields, to fill it again. */
  readonly values?: Readonly<Record<string, string | readonly string[]>>;
  readonly notice?: SafeHtml;
}

function fromPlanIssues(issues: readonly PlanIssue[]): FieldErrors {
  return groupErrors(issues.map((issue) => ({ field: issue.path === '(root)' ? '' : issue.path, reason: issue.reason })));
}

function yearOf(request: Request, fallback: number): number {
  const asked = typeof request.query.year === 'string' ? Number(request.query.year) : Number.NaN;
  return Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : fallback;
}

function tierCell(context: PageContext, tier: { ratio: string; minimum: number; frequency: number } | null | undefined): SafeHtml {
  if (!tier) return html`<td>—</td>`;
  return html`<td>${tier.ratio}<br><span class="hint">${tr(context, '最少', 'min')} ${tier.minimum} · ${tr(context, '每年', 'per year')} ${tier.frequency}</span></td>`;
}

/** The newest version per item, and every version per item (newest first). */
function policiesByItem(rows: readonly SamplingPolicyRow[]): Map<string, SamplingPolicyRow[]> {
  const byItem = new Map<string, SamplingPolicyRow[]>();
  for (const row of rows) byItem.set(row.itemCode, [...(byItem.get(row.itemCode) ?? []), row]);
  return byItem;
}

async function renderPlanPage(deps: Deps, request: Request, response: Response, state: PlanPageState = {}): Promise<void> {
  const context = pageContext(request, response);
  const { db } = deps.database;
  const plans = await listAnnualPlans(db);
  const thisYear = Number(shanghaiDate(new Date()).slice(0, 4));
  const year = yearOf(request, plans[0]?.year ?? thisYear);
  const plan = plans.find((entry) => entry.year === year);
  const [items, policies, tasks, runs] = await Promise.all([listInspectionItems(db), listSamplingPolicies(db, { year }), listTasks(db, { year }), listEvaluationRuns(db, 20)]);
  const versions = policiesByItem(policies);
  const completedRuns = runs.filter((run) => run.status === 'completed');
  const isAdmin = roleSatisfies(context.principal.role, 'admin');
  const errorsFor = (form: FormName): FieldErrors => (state.form === form ? (state.errors ?? NO_ERRORS) : NO_ERRORS);
  const value = (form: FormName, name: string, fallback = ''): string => {
    if (state.form !== form) return fallback;
    const given = state.values?.[name];
    return typeof given === 'string' ? given : Array.isArray(given) ? (given[0] ?? '') : fallback;
  };
  const values = (form: FormName, name: string): readonly string[] => {
    const given = state.form === form ? state.values?.[name] : undefined;
    return typeof given === 'string' ? [given] : (given ?? []);
  };
  const yearChoices = [...new Set([thisYear + 1, thisYear, ...plans.map((entry) => entry.year)])].sort((left, right) => right - left);
  const itemChoices = items.map((item) => ({ value: item.code, label: `${item.code} ${item.name}` }));
  const runChoices = completedRuns.map((run) => ({ value: String(run.id), label: `#${run.id} · ${run.asOf} · ${run.modelKey}` }));
  let notice = state.notice;
  if (!notice && typeof request.query.done === 'string') notice = successNotice(doneMessage(context, request.query.done));

  const planSection = html`<section aria-labelledby="annual-heading">
<h2 id="annual-heading">${tr(context, `${year} 年度抽查计划`, `The ${year} annual plan`)}</h2>
${
  plan
    ? html`<dl class="facts"><dt>${tr(context, '名称', 'Name')}</dt><dd>${plan.name}</dd><dt>${tr(context, '每年轮次', 'Rounds per year')}</dt><dd>${plan.roundsPerYear}</dd></dl>`
    : html`<p class="notice">${tr(context, `${year} 年还没有年度计划：先保存计划，才能为该年度新建任务和抽查比例。`, `${year} has no annual plan yet: save one before adding tasks and policies for the year.`)}</p>`
}
<details${state.form === 'plan' || !plan ? html` open` : ''}><summary>${plan ? tr(context, '修改年度计划', 'Change the annual plan') : tr(context, '保存年度计划', 'Save the annual plan')}</summary>
${errorSummary(context, errorsFor('plan'))}
<form method="post" action="/console/plan/annual" class="stack">
${csrfField(context)}
${inputField({ name: 'year', id: 'plan-year', label: tr(context, '年度', 'Year'), type: 'number', value: value('plan', 'year', String(year)), required: true, errors: errorsOf(errorsFor('plan'), 'year') })}
${inputField({ name: 'name', id: 'plan-name', label: tr(context, '计划名称', 'Plan name'), value: value('plan', 'name', plan?.name ?? ''), required: true, errors: errorsOf(errorsFor('plan'), 'name') })}
${inputField({ name: 'roundsPerYear', id: 'plan-rounds', label: tr(context, '每年轮次', 'Rounds per year'), type: 'number', value: value('plan', 'roundsPerYear', String(plan?.roundsPerYear ?? 2)), required: true, attributes: html` min="1" max="52"`, errors: errorsOf(errorsFor('plan'), 'roundsPerYear') })}
<div><button type="submit">${tr(context, '保存年度计划', 'Save the annual plan')}</button></div>
</form></details>
</section>`;

  const itemsSection = html`<section aria-labelledby="items-heading">
<h2 id="items-heading">${tr(context, '抽查事项与抽查比例', 'Inspection items and sampling policies')}</h2>
<p class="hint">${tr(context, `抽查比例为 ${year} 年度的当前版本；每次保存新增一个版本，旧版本保留。冻结只使用管理员采纳的最新版本。`, `Policies are the current ${year} versions; every save adds a version and keeps the old ones. A freeze uses the newest version an admin adopted.`)}</p>
${
  items.length === 0
    ? html`<p>${tr(context, '还没有抽查事项。', 'No inspection items yet.')}</p>`
    : html`<div class="table-scroll"><table id="items">
<thead><tr><th scope="col">${tr(context, '编码', 'Code')}</th><th scope="col">${tr(context, '名称', 'Name')}</th><th scope="col">${tr(context, '部门', 'Department')}</th><th scope="col">${tr(context, '设定依据', 'Legal basis')}</th><th scope="col">${tr(context, '版本', 'Version')}</th>${TIER_LABELS.map(
        (tier) => html`<th scope="col">${tier}</th>`,
      )}<th scope="col">${tr(context, '不分层', 'Untiered')}</th><th scope="col" class="number">${tr(context, '年度上限', 'Cap')}</th></tr></thead>
<tbody>${items.map((item) => {
        const itemVersions = versions.get(item.code) ?? [];
        const current = itemVersions[0];
        return html`<tr><th scope="row"><code>${item.code}</code></th><td>${item.name}${item.keyArea ? html` <span class="tag">${tr(context, '重点领域', 'key area')}</span>` : ''}<br><span class="hint">${item.category}</span></td><td>${item.department}</td><td>${item.legalBasis}</td><td>${
          current
            ? html`v${current.version} ${adoptionCell(context, current, isAdmin)}${current.overrideReason ? html`<br><span class="hint">${tr(context, '例外理由：', 'override: ')}${current.overrideReason}</span>` : ''}${
                itemVersions.length > 1
                  ? html`<details><summary>${tr(context, `历史版本（${itemVersions.length - 1}）`, `${itemVersions.length - 1} earlier`)}</summary><ul class="plain">${itemVersions
                      .slice(1)
                      .map((old) => html`<li>v${old.version}: ${TIER_LABELS.map((tier) => `${tier} ${old.tiers[tier].ratio}`).join(' · ')}</li>`)}</ul></details>`
                  : ''
              }`
            : tr(context, '无', 'none')
        }</td>${TIER_LABELS.map((tier) => tierCell(context, current?.tiers[tier]))}${tierCell(context, current?.untiered)}<td class="number">${current?.annualCap ?? '—'}</td></tr>`;
      })}</tbody></table></div>`
}
<details${state.form === 'item' ? html` open` : ''}><summary>${tr(context, '新增或修改抽查事项', 'Add or change an inspection item')}</summary>
${errorSummary(context, errorsFor('item'))}
<form method="post" action="/console/plan/items" class="stack">
${csrfField(context)}
${inputField({ name: 'code', id: 'item-code', label: tr(context, '事项编码', 'Item code'), value: value('item', 'code'), required: true, hint: tr(context, '字母、数字、“.”“_”“-”，例如 SP-01；已有编码则修改该事项', 'Letters, digits, ".", "_", "-", e.g. SP-01; an existing code changes that item'), errors: errorsOf(errorsFor('item'), 'code') })}
${inputField({ name: 'name', id: 'item-name', label: tr(context, '事项名称', 'Name'), value: value('item', 'name'), required: true, errors: errorsOf(errorsFor('item'), 'name') })}
${inputField({ name: 'department', id: 'item-department', label: tr(context, '实施部门', 'Department'), value: value('item', 'department'), required: true, errors: errorsOf(errorsFor('item'), 'department') })}
${inputField({ name: 'category', id: 'item-category', label: tr(context, '类别', 'Category'), value: value('item', 'category'), required: true, hint: tr(context, '本年度已接受联合检查（综合查一次）的企业，参加该次联合检查的部门不再就同一类别单独计划抽查；同一计划的后续轮次和投诉、转办、上级交办任务照常', 'An enterprise jointly inspected this year is not drawn again for the same category by a planned task of a department that took part; later rounds of the same planned series and complaint, referral or superior-assigned tasks still apply'), errors: errorsOf(errorsFor('item'), 'category') })}
${textareaField({ name: 'legalBasis', id: 'item-legal-basis', label: tr(context, '设定依据', 'Legal basis'), value: value('item', 'legalBasis'), required: true, rows: 2, errors: errorsOf(errorsFor('item'), 'legalBasis') })}
<div class="field"><input type="checkbox" id="item-key-area" name="keyArea" value="true"${value('item', 'keyArea') === 'true' ? html` checked` : ''}> <label for="item-key-area" class="inline-label">${tr(context, '重点领域（食品、药品、特种设备等）', 'Key area (food, drugs, special equipment…)')}</label></div>
<div><button type="submit">${tr(context, '保存事项', 'Save the item')}</button></div>
</form></details>
</section>`;

  const policyErrors = errorsFor('policy');
  const tierInput = (tier: string, field: 'ratio' | 'minimum' | 'frequency', fallback: string) => {
    const id = `policy-${tier}-${field}`;
    const label = `${tier} ${field === 'ratio' ? tr(context, '比例', 'ratio') : field === 'minimum' ? tr(context, '最少户数', 'minimum') : tr(context, '每年轮次', 'rounds a year')}`;
    return html`<td><label for="${id}" class="visually-hidden">${label}</label><input type="${field === 'ratio' ? 'text' : 'number'}" id="${id}" name="${tier}.${field}" value="${value('policy', `${tier}.${field}`, fallback)}"${
      field === 'ratio' ? html` inputmode="decimal"` : html` min="0"`
    }${errorsOf(policyErrors, 'tiers').length > 0 ? html` aria-invalid="true" aria-describedby="policy-tiers-error"` : ''}></td>`;
  };
  const policySection = html`<section aria-labelledby="policy-heading">
<h2 id="policy-heading">${tr(context, '新增抽查比例版本', 'Add a sampling policy version')}</h2>
<p>${tr(
    context,
    '高风险等级的抽查比例不得低于低风险等级（D ≥ C ≥ B ≥ A）；确需例外时必须填写例外理由，理由随版本保存。A 级每年轮次可为 0（无事不扰，仅在触发时检查）。',
    'A higher-risk tier is sampled at least as often as a lower one (D ≥ C ≥ B ≥ A); an exception needs an override reason, kept with the version. Tier A may have 0 rounds a year (inspected only on triggers).',
  )}</p>
${errorSummary(context, policyErrors)}
${
  items.length === 0
    ? html`<p>${tr(context, '请先新增抽查事项。', 'Add an inspection item first.')}</p>`
    : html`<form method="post" action="/console/plan/policies" class="stack wide">
${csrfField(context)}
${selectField({ name: 'itemCode', id: 'policy-item', label: tr(context, '抽查事项', 'Item'), value: value('policy', 'itemCode'), choices: itemChoices, errors: errorsOf(policyErrors, 'itemCode') })}
${inputField({ name: 'year', id: 'policy-year', label: tr(context, '年度', 'Year'), type: 'number', value: value('policy', 'year', String(year)), required: true, errors: errorsOf(policyErrors, 'year') })}
<fieldset${errorsOf(policyErrors, 'tiers').length > 0 ? html` aria-describedby="policy-tiers-error"` : ''}><legend>${tr(context, '各等级抽查比例（比例为小数，最多 4 位，例如 0.05）', 'Per tier (ratio as a decimal, at most 4 places, e.g. 0.05)')}</legend>
${fieldError('policy-tiers', errorsOf(policyErrors, 'tiers'))}
<div class="table-scroll"><table class="form-table">
<thead><tr><th scope="col">${tr(context, '等级', 'Tier')}</th><th scope="col">${tr(context, '比例', 'Ratio')}</th><th scope="col">${tr(context, '最少户数', 'Minimum')}</th><th scope="col">${tr(context, '每年轮次', 'Rounds a year')}</th></tr></thead>
<tbody>${TIER_LABELS.map(
        (tier, index) => html`<tr><th scope="row">${tier}</th>${tierInput(tier, 'ratio', ['0.03', '0.05', '0.1', '0.2'][index]!)}${tierInput(tier, 'minimum', '1')}${tierInput(tier, 'frequency', index === 0 ? '1' : '2')}</tr>`,
      )}
<tr><th scope="row">${tr(context, '不分层（可选）', 'Untiered (optional)')}</th>${tierInput('ALL', 'ratio', '')}${tierInput('ALL', 'minimum', '')}${tierInput('ALL', 'frequency', '')}</tr>
</tbody></table></div>
</fieldset>
${inputField({ name: 'annualCap', id: 'policy-cap', label: tr(context, '每户每年计划检查上限', 'Annual cap of planned inspections per enterprise'), type: 'number', value: value('policy', 'annualCap', '2'), required: true, attributes: html` min="1"`, errors: errorsOf(policyErrors, 'annualCap') })}
${textareaField({ name: 'overrideReason', id: 'policy-override', label: tr(context, '例外理由（比例不符合 D ≥ C ≥ B ≥ A 时必填）', 'Override reason (required when the ratios break D ≥ C ≥ B ≥ A)'), value: value('policy', 'overrideReason'), rows: 2, errors: errorsOf(policyErrors, 'overrideReason') })}
<div><button type="submit">${tr(context, '保存为新版本', 'Save as a new version')}</button></div>
</form>`
}
</section>`;

  const deriveErrors = errorsFor('derive');
  const deriveSection = html`<section aria-labelledby="derive-heading">
<h2 id="derive-heading">${tr(context, '按检查力量推算抽查比例', 'Derive a policy from inspection capacity')}</h2>
<p>${tr(context, '根据事项的抽取池、各等级户数、检查力量和以往检查结果推算各等级比例与轮次；推算不保存。管理员审阅后可采纳并公开为新版本。', "Derives each tier's ratio and rounds from the item's pool, the tier counts, the capacity and past results; nothing is stored. An administrator may adopt the reviewed derivation, which publishes it as a new version.")}</p>
${errorSummary(context, deriveErrors)}
${
  items.length === 0 || runChoices.length === 0
    ? html`<p>${tr(context, '需要抽查事项和已完成的信用评价批次。', 'Needs an inspection item and a completed evaluation run.')}</p>`
    : html`<form method="post" action="/console/plan/derive" class="stack">
${csrfField(context)}
${selectField({ name: 'itemCode', id: 'derive-item', label: tr(context, '抽查事项', 'Item'), value: value('derive', 'itemCode'), choices: itemChoices, errors: errorsOf(deriveErrors, 'itemCode') })}
${inputField({ name: 'year', id: 'derive-year', label: tr(context, '年度', 'Year'), type: 'number', value: value('derive', 'year', String(year)), required: true, errors: errorsOf(deriveErrors, 'year') })}
${selectField({ name: 'evaluationRunId', id: 'derive-run', label: tr(context, '信用评价批次', 'Evaluation run'), value: value('derive', 'evaluationRunId'), choices: runChoices, errors: errorsOf(deriveErrors, 'evaluationRunId') })}
${inputField({ name: 'inspections', id: 'derive-capacity', label: tr(context, '全年可检查户次', 'Inspections available per year'), type: 'number', value: value('derive', 'inspections', '100'), required: true, attributes: html` min="0"`, errors: errorsOf(deriveErrors, 'capacity') })}
<div><button type="submit" class="secondary">${tr(context, '推算', 'Derive')}</button></div>
</form>`
}
${isAdmin ? '' : html`<p class="hint">${tr(context, '采纳推算结果（公开签名的抽查比例）需要管理员角色。', 'Adopting a derivation (publishing a signed policy) needs the admin role.')}</p>`}
</section>`;

  const loadErrors = errorsFor('load');
  const loadSection = html`<section aria-labelledby="load-heading">
<h2 id="load-heading">${tr(context, '导入计划文件', 'Load a plan file')}</h2>
<p>${tr(
    context,
    '计划文件为 JSON，可包含 plan、items、policies、inspectors、conflicts、tasks（与命令行 suiji plan load 相同）。全部通过才保存，任何一处有误都不保存。',
    'A plan file is JSON with any of plan, items, policies, inspectors, conflicts, tasks (as for suiji plan load). It is saved all or nothing.',
  )}</p>
${errorSummary(context, loadErrors, tr(context, '未导入：', 'Not loaded:'))}
<form method="post" action="${multipartAction(context, '/console/plan/load')}" enctype="multipart/form-data" class="stack">
${csrfField(context)}
<div class="field"><label for="plan-file">${tr(context, '计划文件（.json）', 'Plan file (.json)')}</label>
<input type="file" id="plan-file" name="file" accept=".json,application/json"></div>
${textareaField({ name: 'document', id: 'plan-document', label: tr(context, '或粘贴 JSON', 'Or paste the JSON'), value: value('load', 'document'), rows: 6, errors: errorsOf(loadErrors, 'document') })}
<div><button type="submit">${tr(context, '导入', 'Load')}</button></div>
</form>
</section>`;

  const taskErrors = errorsFor('task');
  const checkedItems = new Set(values('task', 'items'));
  const checkedTypes = new Set(values('task', 'entityTypes'));
  const checkedFlags = new Set(values('task', 'flags'));
  const tasksSection = html`<section aria-labelledby="tasks-heading">
<h2 id="tasks-heading">${tr(context, `${year} 年度任务`, `Tasks of ${year}`)}</h2>
${
  tasks.length === 0
    ? html`<p>${tr(context, '暂无任务。', 'No tasks yet.')}</p>`
    : html`<div class="table-scroll"><table id="plan-tasks">
<thead><tr><th scope="col">${tr(context, '任务', 'Task')}</th><th scope="col">${tr(context, '轮次', 'Round')}</th><th scope="col">${tr(context, '事项', 'Items')}</th><th scope="col">${tr(context, '部门（每组人数）', 'Departments (team)')}</th><th scope="col">${tr(context, '启动方式', 'Trigger')}</th><th scope="col">${tr(context, '公开方式', 'Visibility')}</th><th scope="col">${tr(context, '状态', 'State')}</th></tr></thead>
<tbody>${tasks.map(
        (task) => html`<tr><td><a href="/console/tasks/${encodeURIComponent(task.code)}"><code>${task.code}</code> ${task.name}</a></td><td>${task.round}</td><td>${task.items.join(', ')}</td><td>${task.departments
          .map((entry) => `${entry.department} × ${entry.teamSize}`)
          .join('；')}</td><td>${triggerLabel(context, task.trigger)}</td><td>${visibilityLabel(context, task.visibility)}</td><td>${taskStatusLabel(context, task.status)}</td></tr>`,
      )}</tbody></table></div>`
}
<details${state.form === 'task' ? html` open` : ''}><summary>${tr(context, '新建任务', 'Create a task')}</summary>
<p class="hint">${tr(context, '同一编码的计划中任务会被替换；已冻结或已抽取的任务不能修改。', 'A planned task with the same code is replaced; a frozen or drawn task cannot change.')}</p>
${errorSummary(context, taskErrors)}
<form method="post" action="/console/plan/tasks" class="stack">
${csrfField(context)}
${inputField({ name: 'code', id: 'task-code', label: tr(context, '任务编号', 'Task code'), value: value('task', 'code'), required: true, hint: tr(context, '例如 2027-SP-01', 'e.g. 2027-SP-01'), errors: errorsOf(taskErrors, 'code') })}
${inputField({ name: 'name', id: 'task-name', label: tr(context, '任务名称', 'Task name'), value: value('task', 'name'), required: true, errors: errorsOf(taskErrors, 'name') })}
${inputField({ name: 'year', id: 'task-year', label: tr(context, '年度', 'Year'), type: 'number', value: value('task', 'year', String(year)), required: true, errors: errorsOf(taskErrors, 'year') })}
${inputField({ name: 'round', id: 'task-round', label: tr(context, '轮次', 'Round'), type: 'number', value: value('task', 'round', '1'), required: true, attributes: html` min="1"`, errors: errorsOf(taskErrors, 'round') })}
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
<div><label for="task-department-${index}">${tr(context, `部门 ${index + 1}`, `Department ${index + 1}`)}</label><input type="text" id="task-department-${index}" name="department${index}" value="${value('task', `department${index}`)}"></div>
<div><label for="task-team-${index}">${tr(context, '每组人数', 'Team size')}</label><input type="number" id="task-team-${index}" name="teamSize${index}" min="1" value="${value('task', `teamSize${index}`, index === 0 ? '2' : '')}"></div>
</div>`,
)}
${fieldError('task-departments', errorsOf(taskErrors, 'departments'))}
</fieldset>
${selectField({
  name: 'trigger',
  id: 'task-trigger',
  label: tr(context, '启动方式', 'Trigger'),
  value: value('task', 'trigger', 'planned'),
  choices: TASK_TRIGGERS.map((trigger) => ({ value: trigger, label: triggerLabel(context, trigger) })),
  errors: errorsOf(taskErrors, 'trigger'),
})}
${selectField({
  name: 'evaluationRunId',
  id: 'task-run',
  label: tr(context, '信用评价批次（按等级分层）', 'Evaluation run (tier strata)'),
  value: value('task', 'evaluationRunId'),
  choices: [{ value: '', label: tr(context, '不分层（一个层 ALL）', 'No tiers (one stratum ALL)') }, ...runChoices],
  errors: errorsOf(taskErrors, 'evaluationRunId'),
})}
${selectField({
  name: 'visibility',
  id: 'task-visibility',
  label: tr(context, '公开方式', 'Visibility'),
  value: value('task', 'visibility'),
  hint: tr(context, '默认：按等级分层时保密（等级不公开），不分层时公开', 'Default: sealed with tier strata (tiers are never published), open with one stratum'),
  choices: [
    { value: '', label: tr(context, '默认', 'Default') },
    { value: 'sealed', label: visibilityLabel(context, 'sealed') },
    { value: 'open', label: visibilityLabel(context, 'open') },
  ],
  errors: errorsOf(taskErrors, 'visibility'),
})}
${inputField({ name: 'qualification', id: 'task-qualification', label: tr(context, '检查人员资格要求', 'Required qualification'), value: value('task', 'qualification', '行政执法'), required: true, errors: errorsOf(taskErrors, 'qualification') })}
<fieldset id="task-entropy"><legend>${tr(context, '公开随机源（冻结时公布，须在冻结后才产生）', 'Public entropy source (announced at freeze; it must come after the freeze)')}</legend>
${selectField({
  name: 'entropyKind',
  id: 'task-entropy-kind',
  label: tr(context, '类型', 'Kind'),
  value: value('task', 'entropyKind', 'public-event'),
  choices: [
    { value: 'public-event', label: tr(context, '公开事件（公开抽取会掷骰子、彩票开奖）', 'Public event (dice at a public meeting, a lottery draw)') },
    { value: 'drand-quicknet', label: tr(context, 'drand quicknet 公共随机信标的某一轮', 'A round of the drand quicknet public beacon') },
  ],
  errors: errorsOf(taskErrors, 'entropySource.kind'),
})}
${inputField({ name: 'entropyDescription', id: 'task-entropy-description', label: tr(context, '公开事件说明', 'Public event'), value: value('task', 'entropyDescription'), hint: tr(context, '例如：公开抽取会现场掷六颗骰子的点数，用“.”连接', 'e.g. the six dice rolled at the public draw meeting, joined by "."'), errors: errorsOf(taskErrors, 'entropySource.description') })}
${inputField({ name: 'entropyAt', id: 'task-entropy-at', label: tr(context, '公开事件时间', 'Time of the event'), value: value('task', 'entropyAt'), hint: tr(context, 'ISO 8601，含时区，例如 2027-03-02T10:00:00+08:00', 'ISO 8601 with its offset, e.g. 2027-03-02T10:00:00+08:00'), errors: errorsOf(taskErrors, 'entropySource.at') })}
${inputField({ name: 'entropyRound', id: 'task-entropy-round', label: tr(context, 'drand 轮次', 'drand round'), type: 'number', value: value('task', 'entropyRound'), hint: tr(context, '第 R 轮的时间为 1692803367 + (R − 1) × 3 秒（Unix 时间）', 'Round R is published at 1692803367 + (R − 1) × 3 seconds (Unix time)'), errors: errorsOf(taskErrors, 'entropySource.round') })}
${fieldError('task-entropy', errorsOf(taskErrors, 'entropySource').filter((message) => !/^entropySource\.(kind|description|at|round)/.test(message)))}
</fieldset>
<fieldset><legend>${tr(context, '抽取条件（可选）', 'Conditions (optional)')}</legend>
${inputField({ name: 'regions', id: 'task-regions', label: tr(context, '行政区划代码或前缀', 'Region codes or prefixes'), value: value('task', 'regions'), hint: tr(context, '用逗号分隔，例如 350102, 3502', 'Comma separated, e.g. 350102, 3502'), errors: errorsOf(taskErrors, 'conditions.regions') })}
${inputField({ name: 'industries', id: 'task-industries', label: tr(context, '行业代码或前缀', 'Industry codes or prefixes'), value: value('task', 'industries'), hint: tr(context, '例如 F52, H62', 'e.g. F52, H62'), errors: errorsOf(taskErrors, 'conditions.industries') })}
<p class="hint">${tr(context, '企业类型', 'Entity types')}</p>
<div class="checkbox-grid">${Object.entries(ENTITY_TYPES).map(
  ([key, label]) => html`<div><input type="checkbox" id="task-type-${key}" name="entityTypes" value="${key}"${checkedTypes.has(key) ? html` checked` : ''}> <label for="task-type-${key}" class="inline-label">${label}</label></div>`,
)}</div>
<p class="hint">${tr(context, '标记', 'Flags')}</p>
<div class="checkbox-grid">${Object.entries(ENTERPRISE_FLAGS).map(
  ([key, label]) => html`<div><input type="checkbox" id="task-flag-${key}" name="flags" value="${key}"${checkedFlags.has(key) ? html` checked` : ''}> <label for="task-flag-${key}" class="inline-label">${label}</label></div>`,
)}</div>
${fieldError('task-conditions', errorsOf(taskErrors, 'conditions'))}
</fieldset>
<div><button type="submit">${tr(context, '保存任务', 'Save the task')}</button></div>
</form></details>
</section>`;

  sendPage(response, context, {
    status: state.status ?? 200,
    title: tr(context, '抽查计划', 'Inspection plan'),
    body: html`<h1>${tr(context, '抽查事项、抽查比例与年度计划', 'Items, sampling policies and the annual plan')}</h1>
<form method="get" action="/console/plan" class="search">
<div><label for="year-select">${tr(context, '年度', 'Year')}</label><select id="year-select" name="year">${yearChoices.map(
      (choice) => html`<option value="${choice}"${choice === year ? html` selected` : ''}>${choice}</option>`,
    )}</select></div>
<div><button type="submit" class="secondary">${tr(context, '查看', 'Show')}</button></div>
</form>
${notice ?? ''}
${planSection}
${itemsSection}
${policySection}
${deriveSection}
${tasksSection}
${loadSection}`,
  });
}

/** Whether a version is adopted (freeze uses only adopted ones), and for admins the button that adopts or proposes it. */
function adoptionCell(context: PageContext, policy: SamplingPolicyRow, isAdmin: boolean): SafeHtml {
  if (policy.adoptedAt !== null) return html`<span class="tag">${tr(context, '已采纳', 'adopted')}</span>`;
  const form = html`<form method="post" action="/console/plan/policies/adopt" class="inline">${csrfField(context)}<input type="hidden" name="itemCode" value="${policy.itemCode}"><input type="hidden" name="year" value="${String(policy.year)}"><input type="hidden" name="version" value="${String(policy.version)}"><button type="submit">${tr(context, '采纳', 'Adopt')}</button></form>`;
  return html`<span class="tag">${tr(context, '未采纳，冻结不会使用', 'not adopted: freezes do not use it')}</span>${isAdmin ? form : ''}`;
}

function doneMessage(context: PageContext, done: string): string {
  switch (done) {
    case 'plan':
      return tr(context, '年度计划已保存。', 'The annual plan is saved.');
    case 'item':
      return tr(context, '抽查事项已保存。', 'The inspection item is saved.');
    case 'policy':
      return tr(context, '已保存为新版本。', 'Saved as a new version.');
    case 'task':
      return tr(context, '任务已保存。', 'The task is saved.');
    case 'load':
      return tr(context, '计划文件已导入。', 'The plan file is loaded.');
    case 'adopt':
      return tr(context, '推算结果已采纳，新版本已签名公开。', 'The derivation is adopted; the new version is signed and published.');
    case 'adopted':
      return tr(context, '该版本已采纳，此后的冻结将使用它。', 'The version is adopted; freezes from now on use it.');
    case 'proposed':
      return tr(context, '已提交采纳申请：须由另一位管理员在“待批准”中批准后生效（四眼原则）。', 'Proposed for adoption: another admin approves it under "Pending approvals" before it takes effect (four eyes).');
    default:
      return tr(context, '已保存。', 'Saved.');
  }
}

function formValuesOf(request: Request): Record<string, string | string[]> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((entry): entry is string => typeof entry === 'string');
  }
  return values;
}

function tierFromForm(request: Request, tier: string): { ratio: string; minimum: number | string | undefined; frequency: number | string | undefined } {
  return { ratio: formText(request, `${tier}.ratio`), minimum: formInteger(formText(request, `${tier}.minimum`)), frequency: formInteger(formText(request, `${tier}.frequency`)) };
}

function policyFromForm(request: Request): Record<string, unknown> {
  const untiered = ['ratio', 'minimum', 'frequency'].some((field) => formText(request, `ALL.${field}`) !== '');
  const overrideReason = formText(request, 'overrideReason');
  return {
    itemCode: formText(request, 'itemCode'),
    year: formInteger(formText(request, 'year')),
    tiers: Object.fromEntries(TIER_LABELS.map((tier) => [tier, tierFromForm(request, tier)])),
    ...(untiered ? { untiered: tierFromForm(request, 'ALL') } : {}),
    annualCap: formInteger(formText(request, 'annualCap')),
    ...(overrideReason ? { overrideReason } : {}),
  };
}

function taskFromForm(request: Request): Record<string, unknown> {
  const departments: { department: string; teamSize: number | string | undefined }[] = [];
  for (let index = 0; index < DEPARTMENT_ROWS; index++) {
    const department = formText(request, `department${index}`);
    if (department !== '') departments.push({ department, teamSize: formInteger(formText(request, `teamSize${index}`)) });
  }
  const conditions: Record<string, string[]> = {};
  const regions = splitList(formText(request, 'regions'));
  const industries = splitList(formText(request, 'industries')).map((code) => code.toUpperCase());
  const entityTypes = formValues(request, 'entityTypes');
  const flags = formValues(request, 'flags');
  if (regions.length > 0) conditions.regions = regions;
  if (industries.length > 0) conditions.industries = industries;
  if (entityTypes.length > 0) conditions.entityTypes = entityTypes;
  if (flags.length > 0) conditions.flags = flags;
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

function derivationRequestFromForm(request: Request): DerivationRequest {
  return {
    itemCode: formText(request, 'itemCode'),
    year: Number(formText(request, 'year')),
    evaluationRunId: Number(formText(request, 'evaluationRunId')),
    capacity: { per: 'year', inspections: Number(formText(request, 'inspections')) },
  };
}

function derivationFormErrors(request: DerivationRequest): FieldErrors {
  const issues: { field: string; reason: string }[] = [];
  if (!Number.isInteger(request.year) || request.year < 2000 || request.year > 2100) issues.push({ field: 'year', reason: 'must be a year from 2000 to 2100' });
  if (!Number.isInteger(request.evaluationRunId) || request.evaluationRunId < 1) issues.push({ field: 'evaluationRunId', reason: 'choose a completed evaluation run' });
  const capacity = request.capacity;
  if (capacity.per === 'year' && (!Number.isInteger(capacity.inspections) || capacity.inspections < 0)) issues.push({ field: 'capacity', reason: 'must be a whole number ≥ 0' });
  return groupErrors(issues);
}

function policyIssueErrors(issue: PolicyAdoptionIssue): FieldErrors {
  const detail = describePolicyIssue(issue);
  switch (issue.code) {
    case 'item_not_found':
      return groupErrors([{ field: 'itemCode', reason: detail }]);
    case 'plan_missing':
      return groupErrors([{ field: 'year', reason: detail }]);
    case 'evaluation_run_unusable':
      return groupErrors([{ field: 'evaluationRunId', reason: detail }]);
    default:
      return groupErrors([{ reason: detail }]);
  }
}

function renderDerivation(deps: Deps, request: Request, response: Response, derivationRequest: DerivationRequest, derived: ItemDerivation, status = 200, errors: FieldErrors = NO_ERRORS): void {
  const context = pageContext(request, response);
  const { derivation, basis, derivationHash } = derived;
  const isAdmin = roleSatisfies(context.principal.role, 'admin');
  const canAdopt = isAdmin && derivation.feasible && deps.bureauKeys !== undefined;
  sendPage(response, context, {
    status,
    title: tr(context, '抽查比例推算', 'Policy derivation'),
    body: html`<p><a href="/console/plan?year=${basis.year}">← ${tr(context, '抽查计划', 'Plan')}</a></p>
<h1>${tr(context, `抽查比例推算：${basis.itemCode}（${basis.year} 年）`, `Derived policy: ${basis.itemCode} (${basis.year})`)}</h1>
${errorSummary(context, errors, tr(context, '未采纳：', 'Not adopted:'))}
<dl class="facts">
<dt>${tr(context, '信用评价批次', 'Evaluation run')}</dt><dd>#${basis.evaluationRun.id} · ${basis.evaluationRun.asOf}</dd>
<dt>${tr(context, '抽取池', 'Pool')}</dt><dd>${formatNumber(context, basis.pool.members)} / ${formatNumber(context, basis.pool.candidates)}</dd>
<dt>${tr(context, '全年检查力量', 'Capacity per year')}</dt><dd>${formatNumber(context, derivation.totals.capacityGiven)}</dd>
<dt>${tr(context, '是否可行', 'Feasible')}</dt><dd>${derivation.feasible ? tr(context, '可行', 'yes') : tr(context, `不可行：每年缺 ${derivation.shortfall} 户次`, `no: ${derivation.shortfall} inspections a year short`)}</dd>
<dt>${tr(context, '推算指纹', 'Derivation hash')}</dt><dd><code>${derivationHash}</code></dd>
</dl>
<div class="table-scroll"><table id="derivation">
<thead><tr><th scope="col">${tr(context, '等级', 'Tier')}</th><th scope="col" class="number">${tr(context, '户数', 'Enterprises')}</th><th scope="col" class="number">${tr(context, '比例', 'Ratio')}</th><th scope="col" class="number">${tr(context, '最少', 'Minimum')}</th><th scope="col" class="number">${tr(context, '每年轮次', 'Rounds a year')}</th><th scope="col" class="number">${tr(context, '每轮抽取', 'Per round')}</th></tr></thead>
<tbody>${TIER_LABELS.map(
      (tier) =>
        html`<tr><th scope="row">${tier}</th><td class="number">${formatNumber(context, basis.pool.tierCounts[tier])}</td><td class="number">${derivation.tiers[tier].ratio}</td><td class="number">${derivation.tiers[tier].minimum}</td><td class="number">${derivation.tiers[tier].frequency}</td><td class="number">${formatNumber(context, derivation.tiers[tier].sampleSize)}</td></tr>`,
    )}</tbody></table></div>
<h2>${tr(context, '推算说明', 'Explanation')}</h2>
<ul>${[...derivation.explanation, ...TIER_LABELS.flatMap((tier) => derivation.tiers[tier].explanation)].map((line) => html`<li>${line}</li>`)}</ul>
<h2>${tr(context, '采纳', 'Adopt')}</h2>
${deps.bureauKeys ? '' : keysMissingNotice(context)}
${isAdmin ? '' : html`<p class="hint" id="adopt-hint">${tr(context, '采纳并公开抽查比例需要管理员角色；您可以把推算结果交管理员审阅。', 'Adopting and publishing a policy needs the admin role; ask an administrator to review this derivation.')}</p>`}
<form method="post" action="/console/plan/adopt" class="stack">
${csrfField(context)}
<input type="hidden" name="itemCode" value="${derivationRequest.itemCode}">
<input type="hidden" name="year" value="${derivationRequest.year}">
<input type="hidden" name="evaluationRunId" value="${derivationRequest.evaluationRunId}">
<input type="hidden" name="inspections" value="${derivationRequest.capacity.per === 'inspectors' ? '' : derivationRequest.capacity.inspections}">
<input type="hidden" name="derivationHash" value="${derivationHash}">
${textareaField({ name: 'overrideReason', id: 'adopt-override', label: tr(context, '例外理由（可选）', 'Override reason (optional)'), rows: 2 })}
<div><button type="submit" id="adopt"${canAdopt ? '' : html` disabled`}${isAdmin ? '' : html` aria-describedby="adopt-hint"`}>${tr(context, '采纳为新版本并公开', 'Adopt as a new version and publish')}</button></div>
</form>`,
  });
}

/** GET /console/plan and its forms' POST routes (staff; adoption admin). */
export function registerPlanPages(router: Router, deps: Deps): void {
  const { db } = deps.database;
  const staff = requirePageRole('staff');
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: PLAN_FILE_LIMIT_BYTES, files: 1 } });

  router.get('/console/plan', staff, async (request, response) => {
    await renderPlanPage(deps, request, response);
  });

  const refuse = (form: FormName, request: Request, response: Response, errors: FieldErrors) =>
    renderPlanPage(deps, request, response, { status: 400, form, errors, values: formValuesOf(request) });

  router.post('/console/plan/annual', staff, async (request, response) => {
    const saved = await saveAnnualPlan(db, { year: formInteger(formText(request, 'year')), name: formText(request, 'name'), roundsPerYear: formInteger(formText(request, 'roundsPerYear')) });
    if (!saved.ok) return refuse('plan', request, response, fromPlanIssues(saved.error));
    response.redirect(303, `/console/plan?year=${saved.value.year}&done=plan`);
  });

  router.post('/console/plan/items', staff, async (request, response) => {
    const saved = await saveInspectionItem(db, {
      code: formText(request, 'code'),
      name: formText(request, 'name'),
      legalBasis: formText(request, 'legalBasis'),
      department: formText(request, 'department'),
      category: formText(request, 'category'),
      keyArea: formText(request, 'keyArea') === 'true',
    });
    if (!saved.ok) return refuse('item', request, response, fromPlanIssues(saved.error));
    response.redirect(303, `/console/plan?done=item`);
  });

  router.post('/console/plan/policies', staff, async (request, response) => {
    const saved = await saveSamplingPolicy(db, policyFromForm(request));
    if (!saved.ok) return refuse('policy', request, response, fromPlanIssues(saved.error));
    response.redirect(303, `/console/plan?year=${saved.value.year}&done=policy`);
  });

  router.post('/console/plan/tasks', staff, async (request, response) => {
    const saved = await saveTask(db, taskFromForm(request));
    if (!saved.ok) {
      const errors = Array.isArray(saved.error)
        ? fromPlanIssues(saved.error)
        : groupErrors([{ field: 'code', reason: `task ${saved.error.task} is already frozen or drawn and cannot change` }]);
      return renderPlanPage(deps, request, response, { status: Array.isArray(saved.error) ? 400 : 409, form: 'task', errors, values: formValuesOf(request) });
    }
    response.redirect(303, `/console/plan?year=${saved.value.year}&done=task`);
  });

  router.post('/console/plan/load', staff, upload.single('file'), async (request, response) => {
    const file = request.file;
    const text = file && file.size > 0 ? decodeText(new Uint8Array(file.buffer), 'auto').text : formText(request, 'document');
    if (text.trim() === '') return refuse('load', request, response, groupErrors([{ field: 'document', reason: 'choose a file or paste the JSON' }]));
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return refuse('load', request, response, groupErrors([{ field: 'document', reason: `is not JSON: ${error instanceof Error ? error.message : String(error)}` }]));
    }
    const loaded = await loadPlanFile(deps.database, document);
    if (!loaded.ok) return refuse('load', request, response, fromPlanIssues(loaded.error));
    const summary = loaded.value;
    const context = pageContext(request, response);
    await renderPlanPage(deps, request, response, {
      notice: successNotice(
        tr(
          context,
          `计划文件已导入：年度计划 ${summary.plan ? 1 : 0}、事项 ${summary.items}、抽查比例 ${summary.policies}、检查人员 ${summary.inspectors}、回避 ${summary.conflicts}、任务 ${summary.tasks}。`,
          `The plan file is loaded: ${summary.plan ? 1 : 0} plan, ${summary.items} items, ${summary.policies} policies, ${summary.inspectors} inspectors, ${summary.conflicts} conflicts, ${summary.tasks} tasks.`,
        ),
      ),
    });
  });

  router.post('/console/plan/derive', staff, async (request, response) => {
    const derivationRequest = derivationRequestFromForm(request);
    const formErrors = derivationFormErrors(derivationRequest);
    if (formErrors.size > 0) return refuse('derive', request, response, formErrors);
    const derived = await deriveItemPolicy(db, derivationRequest);
    if (!derived.ok) return refuse('derive', request, response, policyIssueErrors(derived.error));
    renderDerivation(deps, request, response, derivationRequest, derived.value);
  });

  router.post('/console/plan/policies/adopt', requirePageRole('admin'), requireReauthentication(db), async (request, response) => {
    if (!deps.bureauKeys) throw new HttpError(503, 'This server has no bureau signing key configured. 本服务器未配置机关签名密钥。');
    const version = { itemCode: formText(request, 'itemCode'), year: Number(formText(request, 'year')), version: Number(formText(request, 'version')) };
    if (!Number.isSafeInteger(version.year) || !Number.isSafeInteger(version.version)) throw new HttpError(400, 'year and version must be whole numbers / 年度和版本须为整数');
    const requested = await requestAct(deps.database, deps.bureauKeys, { kind: 'policy_adoption', version }, actorOf(principalOf(response)), { fourEyes: deps.fourEyes ?? true });
    if (!requested.ok) throw new HttpError(statusOfApprovalIssue(requested.error), describeApprovalIssue(requested.error, pageContext(request, response).lang));
    markActivityRecorded(response);
    response.redirect(303, `/console/plan?year=${version.year}&done=${requested.value.status === 'proposed' ? 'proposed' : 'adopted'}`);
  });

  router.post('/console/plan/adopt', requirePageRole('admin'), requireReauthentication(db), async (request, response) => {
    if (!deps.bureauKeys) throw new HttpError(503, 'This server has no bureau signing key configured, so it cannot publish a policy. 本服务器未配置机关签名密钥。');
    const derivationRequest = derivationRequestFromForm(request);
    const formErrors = derivationFormErrors(derivationRequest);
    if (formErrors.size > 0) return refuse('derive', request, response, formErrors);
    const derivationHash = formText(request, 'derivationHash');
    const overrideReason = formText(request, 'overrideReason');
    const derivation = {
      ...derivationRequest,
      ...(/^[0-9a-f]{64}$/.test(derivationHash) ? { derivationHash } : {}),
      ...(overrideReason ? { overrideReason } : {}),
    };
    const requested = await requestAct(deps.database, deps.bureauKeys, { kind: 'policy_adoption', derivation }, actorOf(principalOf(response)), { fourEyes: deps.fourEyes ?? true });
    if (requested.ok) {
      markActivityRecorded(response);
      response.redirect(303, `/console/plan?year=${derivationRequest.year}&done=${requested.value.status === 'proposed' ? 'proposed' : 'adopt'}`);
      return;
    }
    if (requested.error.code !== 'policy_derivation_refused') throw new ConflictError(describeApprovalIssue(requested.error, pageContext(request, response).lang));
    const refused = requested.error.issue;
    const again = await deriveItemPolicy(db, derivationRequest);
    if (!again.ok) return refuse('derive', request, response, policyIssueErrors(again.error));
    renderDerivation(deps, request, response, derivationRequest, again.value, refused.code === 'derivation_changed' ? 409 : 422, policyIssueErrors(refused));
  });
}
