/**
 * Staff console: the inspection year's plan. The page loads the chosen year once and
 * composes its sections, each of which owns its piece of the page and the POST routes of its
 * forms: the annual plan (年度抽查计划), inspection items (抽查事项清单) with their current
 * policy, sampling policy versions and their derivation from capacity (adoption publishes:
 * admin only), the inspector directory and its conflicts (回避), the year's tasks, and
 * loading a plan file. Forms post to routes that call the same use cases as the API and show
 * refusals next to the fields.
 */
import type { Request, Response, Router } from 'express';
import { roleSatisfies } from '../../../application/api-tokens.ts';
import { shanghaiDate } from '../../../application/record-time.ts';
import { listAnnualPlans } from '../../../persistence/console-cycle-queries.ts';
import { listEvaluationRuns } from '../../../persistence/evaluation-store.ts';
import { listDepartments } from '../../../persistence/department-repository.ts';
import { listConflicts, listInspectionItems, listInspectors, listSamplingPolicies, listTasks, type SamplingPolicyRow } from '../../../persistence/inspection-repository.ts';
import { html } from '../../html.ts';
import { pageContext, requirePageRole, sendPage, tr, type PageContext } from '../../page.ts';
import { successNotice } from '../cycle-forms.ts';
import { registerAnnualPlanRoutes, renderAnnualPlanSection } from './annual-plan.ts';
import { registerConflictRoutes, renderConflictsSection } from './conflicts.ts';
import { registerInspectorRoutes, renderInspectorsSection } from './inspectors.ts';
import { registerItemRoutes, renderItemsSection } from './items.ts';
import { registerPolicyRoutes, renderDeriveSection, renderPolicySection } from './policies.ts';
import { formView, type PlanDeps, type PlanPageState, type PlanView } from './section.ts';
import { registerTaskRoutes, renderTasksSection } from './tasks.ts';
import { registerUploadRoutes, renderUploadSection } from './upload.ts';

function yearOf(request: Request, fallback: number): number {
  const asked = typeof request.query.year === 'string' ? Number(request.query.year) : Number.NaN;
  return Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : fallback;
}

/** The newest version per item, and every version per item (newest first). */
function policiesByItem(rows: readonly SamplingPolicyRow[]): Map<string, SamplingPolicyRow[]> {
  const byItem = new Map<string, SamplingPolicyRow[]>();
  for (const row of rows) byItem.set(row.itemCode, [...(byItem.get(row.itemCode) ?? []), row]);
  return byItem;
}

async function renderPlanPage(deps: PlanDeps, request: Request, response: Response, state: PlanPageState = {}): Promise<void> {
  const context = pageContext(request, response);
  const { db } = deps.database;
  const plans = await listAnnualPlans(db);
  const thisYear = Number(shanghaiDate(new Date()).slice(0, 4));
  const year = yearOf(request, plans[0]?.year ?? thisYear);
  const [items, policies, tasks, runs, inspectors, conflicts, departments] = await Promise.all([
    listInspectionItems(db),
    listSamplingPolicies(db, { year }),
    listTasks(db, { year }),
    listEvaluationRuns(db, 20),
    listInspectors(db),
    listConflicts(db),
    listDepartments(db),
  ]);
  const completedRuns = runs.filter((run) => run.status === 'completed');
  const view: PlanView = {
    context,
    year,
    isAdmin: roleSatisfies(context.principal.role, 'admin'),
    plan: plans.find((entry) => entry.year === year),
    items,
    versions: policiesByItem(policies),
    tasks,
    inspectors,
    conflicts,
    departments,
    editing: typeof request.query.edit === 'string' ? request.query.edit : undefined,
    itemChoices: items.map((item) => ({ value: item.code, label: `${item.code} ${item.name}` })),
    runChoices: completedRuns.map((run) => ({ value: String(run.id), label: `#${run.id} · ${run.asOf} · ${run.modelKey}` })),
    form: (name) => formView(state, name),
  };
  const yearChoices = [...new Set([thisYear + 1, thisYear, ...plans.map((entry) => entry.year)])].sort((left, right) => right - left);
  let notice = state.notice;
  if (!notice && typeof request.query.done === 'string') notice = successNotice(doneMessage(context, request.query.done));

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
${renderAnnualPlanSection(view)}
${renderItemsSection(view)}
${renderPolicySection(view)}
${renderDeriveSection(view)}
${renderInspectorsSection(view)}
${renderConflictsSection(view)}
${renderTasksSection(view)}
${renderUploadSection(view)}`,
  });
}

/** The notice after a section's form redirected back here with `done=`. */
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
    case 'inspector':
      return tr(context, '执法人员已保存。', 'The inspector is saved.');
    case 'inspector-deactivated':
      return tr(context, '该执法人员已停用，此后的冻结不再抽取其参加检查组。', 'The inspector is deactivated: freezes from now on do not draw them into teams.');
    case 'inspector-reactivated':
      return tr(context, '该执法人员已恢复参与抽取。', 'The inspector can be drawn again.');
    case 'conflict':
      return tr(context, '回避关系已保存，自下一次冻结起生效。', 'The conflict is saved; it applies from the next freeze on.');
    case 'conflict-removed':
      return tr(context, '回避关系已删除。', 'The conflict is removed.');
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

/** GET /console/plan and its forms' POST routes (staff; adoption admin). */
export function registerPlanPages(router: Router, deps: PlanDeps): void {
  router.get('/console/plan', requirePageRole('staff'), async (request, response) => {
    await renderPlanPage(deps, request, response);
  });
  const renderPage = (request: Request, response: Response, state?: PlanPageState) => renderPlanPage(deps, request, response, state);
  registerAnnualPlanRoutes(router, deps, renderPage);
  registerItemRoutes(router, deps, renderPage);
  registerPolicyRoutes(router, deps, renderPage);
  registerInspectorRoutes(router, deps, renderPage);
  registerConflictRoutes(router, deps, renderPage);
  registerTaskRoutes(router, deps, renderPage);
  registerUploadRoutes(router, deps, renderPage);
}
