/**
 * The plan page's inspector directory (执法人员名录) section: every inspector with badge,
 * department and qualifications, the form that adds or changes one (by badge), and the button
 * that takes one out of the draws or back in. Names are staff data: this page is the console's,
 * and no record or public page carries them. The form and the plan file's `inspectors` share
 * one use case (`saveInspector`), so both follow the same rules.
 */
import type { Request, Router } from 'express';
import { describeDirectoryIssue, saveInspector, setInspectorActive } from '../../../application/inspection-plan.ts';
import { departmentOf, resolveDepartmentReference } from '../../../core/department.ts';
import type { InspectorRow } from '../../../persistence/inspection-repository.ts';
import { html, type SafeHtml } from '../../html.ts';
import { csrfField, pageContext, requirePageRole, tr, type PageContext } from '../../page.ts';
import { errorsOf, errorSummary, formText, groupErrors, inputField, selectField, splitList } from '../cycle-forms.ts';
import { fromPlanIssuesIn, recordPlanChange, refusal, type FieldRequirements, type PlanDeps, type PlanView, type RenderPlanPage } from './section.ts';

const INSPECTOR_REQUIREMENTS: FieldRequirements = {
  badge: ['执法证号', '须为 1 至 64 位字母、数字、“.”“_”“-”，以字母或数字开头'],
  name: ['姓名', '不能为空，最多 500 字'],
  department: ['所属部门', '请选择一个部门'],
  qualifications: ['资格', '每项不能为空，最多 500 字'],
  active: ['参与抽取', '须为是或否'],
};

/** The edit link of an inspector (fills the form with the record). */
function inspectorEditLink(year: number, badge: string): string {
  return `/console/plan?year=${year}&edit=${encodeURIComponent(`inspector:${badge}`)}#inspector-form`;
}

/** A department reference (a record's code or legacy free text) as the page's language shows it. */
export function departmentName(context: PageContext, reference: string, departments: PlanView['departments']): string {
  const department = departmentOf(reference, departments);
  return tr(context, department.nameZh, department.nameEn);
}

/** Department choices: every record, and any legacy free-text department an inspector still names. */
function departmentChoices(view: PlanView): { value: string; label: string }[] {
  const { context, departments, inspectors } = view;
  const legacy = [...new Set(inspectors.map((inspector) => inspector.department))].filter((reference) => !resolveDepartmentReference(reference, departments));
  return [
    { value: '', label: tr(context, '请选择', 'Choose one') },
    ...departments.map((department) => ({ value: department.code, label: `${tr(context, department.nameZh, department.nameEn)}（${department.code}）` })),
    ...legacy.map((reference) => ({ value: reference, label: `${reference}${tr(context, '（未建部门记录）', ' (no department record)')}` })),
  ];
}

function activeButton(view: PlanView, inspector: InspectorRow): SafeHtml {
  const { context } = view;
  return html`<form method="post" action="/console/plan/inspectors/active" class="inline">${csrfField(context)}<input type="hidden" name="badge" value="${inspector.badge}"><input type="hidden" name="active" value="${inspector.active ? 'false' : 'true'}"><button type="submit" class="secondary" id="inspector-active-${inspector.badge}">${
    inspector.active ? tr(context, '停用', 'Deactivate') : tr(context, '恢复', 'Reactivate')
  }</button></form>`;
}

/** The directory table, and the inspector form. */
export function renderInspectorsSection(view: PlanView): SafeHtml {
  const { context, year, inspectors, conflicts, departments, tasks } = view;
  const form = view.form('inspector');
  const editing = view.editing?.startsWith('inspector:') ? inspectors.find((inspector) => `inspector:${inspector.badge}` === view.editing) : undefined;
  const conflictCount = (badge: string) => conflicts.filter((conflict) => conflict.badge === badge).length;
  const asked = [...new Set(tasks.map((task) => task.qualification))];
  const active = form.refused ? form.value('active') === 'true' : (editing?.active ?? true);
  return html`<section aria-labelledby="inspectors-heading">
<h2 id="inspectors-heading">${tr(context, '执法人员名录', 'Inspector directory')}</h2>
<p class="hint">${tr(context, '冻结任务时按部门取在岗人员抽取检查组；停用的人员不再被抽取，已抽取的检查组不变。姓名只在本控制台显示，不会公开。', 'A freeze draws teams from the active inspectors of the task\'s departments; a deactivated inspector is no longer drawn, and teams already drawn keep their members. Names are shown in this console only, never published.')}</p>
${
  inspectors.length === 0
    ? html`<p>${tr(context, '名录中还没有执法人员。', 'No inspectors in the directory yet.')}</p>`
    : html`<div class="table-scroll"><table id="inspectors">
<thead><tr><th scope="col">${tr(context, '执法证号', 'Badge')}</th><th scope="col">${tr(context, '姓名', 'Name')}</th><th scope="col">${tr(context, '部门', 'Department')}</th><th scope="col">${tr(context, '资格', 'Qualifications')}</th><th scope="col">${tr(context, '状态', 'State')}</th><th scope="col" class="number">${tr(context, '回避', 'Conflicts')}</th><th scope="col">${tr(context, '操作', 'Actions')}</th></tr></thead>
<tbody>${inspectors.map(
        (inspector) => html`<tr${inspector.active ? '' : html` class="inactive"`}><th scope="row"><code>${inspector.badge}</code></th><td>${inspector.name}</td><td>${departmentName(context, inspector.department, departments)}</td><td>${inspector.qualifications.join('、')}</td><td>${
          inspector.active ? tr(context, '在岗', 'active') : tr(context, '已停用', 'deactivated')
        }</td><td class="number">${conflictCount(inspector.badge)}</td><td><a href="${inspectorEditLink(year, inspector.badge)}">${tr(context, '修改', 'Edit')}</a> ${activeButton(view, inspector)}</td></tr>`,
      )}</tbody></table></div>`
}
<details id="inspector-form"${form.refused || editing ? html` open` : ''}><summary>${tr(context, '新增或修改执法人员', 'Add or change an inspector')}</summary>
${errorSummary(context, form.errors)}
<form method="post" action="/console/plan/inspectors" class="stack">
${csrfField(context)}
${inputField({ name: 'badge', id: 'inspector-badge', label: tr(context, '执法证号', 'Badge number'), value: form.value('badge', editing?.badge), required: true, hint: tr(context, '已有的执法证号则修改该人员', 'An existing badge changes that inspector'), errors: errorsOf(form.errors, 'badge') })}
${inputField({ name: 'name', id: 'inspector-name', label: tr(context, '姓名（仅内部使用，不公开）', 'Name (internal, never published)'), value: form.value('name', editing?.name), required: true, errors: errorsOf(form.errors, 'name') })}
${selectField({
  name: 'department',
  id: 'inspector-department',
  label: tr(context, '所属部门', 'Department'),
  value: form.value('department', editing?.department),
  choices: departmentChoices(view),
  hint: html`${tr(context, '部门记录由管理员在', 'Department records are kept by an admin on ')}<a href="/console/admin/departments">${tr(context, '部门', 'Departments')}</a>${tr(context, '页维护。', '.')}`,
  required: true,
  errors: errorsOf(form.errors, 'department'),
})}
${inputField({
  name: 'qualifications',
  id: 'inspector-qualifications',
  label: tr(context, '资格（可检查的事项）', 'Qualifications (what they may check)'),
  value: form.value('qualifications', editing ? editing.qualifications.join('、') : '行政执法'),
  hint: tr(
    context,
    `用逗号或顿号分隔；任务要求的资格须是其中之一。${asked.length > 0 ? `本年度任务要求：${asked.join('、')}` : ''}`,
    `Separated by commas; a task's required qualification must be one of them.${asked.length > 0 ? ` Asked by this year's tasks: ${asked.join(', ')}` : ''}`,
  ),
  errors: errorsOf(form.errors, 'qualifications'),
})}
<div class="field"><input type="checkbox" id="inspector-active" name="active" value="true"${active ? html` checked` : ''}> <label for="inspector-active" class="inline-label">${tr(context, '在岗，参与抽取', 'Active: can be drawn')}</label></div>
<div><button type="submit" id="inspector-save">${tr(context, '保存执法人员', 'Save the inspector')}</button></div>
</form></details>
</section>`;
}

function inspectorFromForm(request: Request): Record<string, unknown> {
  return {
    badge: formText(request, 'badge'),
    name: formText(request, 'name'),
    department: formText(request, 'department'),
    qualifications: splitList(formText(request, 'qualifications')),
    active: formText(request, 'active') === 'true',
  };
}

/**
 * POST /console/plan/inspectors (staff): adds an inspector, or changes the one with that badge.
 * POST /console/plan/inspectors/active (staff): takes an inspector out of the draws or back in.
 */
export function registerInspectorRoutes(router: Router, deps: PlanDeps, renderPage: RenderPlanPage): void {
  const { db } = deps.database;
  router.post('/console/plan/inspectors', requirePageRole('staff'), async (request, response) => {
    const saved = await saveInspector(db, inspectorFromForm(request));
    if (!saved.ok) return renderPage(request, response, refusal('inspector', request, fromPlanIssuesIn(pageContext(request, response).lang, saved.error, INSPECTOR_REQUIREMENTS)));
    await recordPlanChange(db, request, response, { action: 'inspector_saved', subject: saved.value.badge, details: { department: saved.value.department, active: saved.value.active } });
    response.redirect(303, '/console/plan?done=inspector#inspectors');
  });
  router.post('/console/plan/inspectors/active', requirePageRole('staff'), async (request, response) => {
    const badge = formText(request, 'badge');
    const changed = await setInspectorActive(db, badge, formText(request, 'active') === 'true');
    if (!changed.ok) {
      const reason = describeDirectoryIssue(changed.error, pageContext(request, response).lang);
      return renderPage(request, response, refusal('inspector', request, groupErrors([{ field: 'badge', reason }]), 404));
    }
    await recordPlanChange(db, request, response, { action: changed.value.active ? 'inspector_reactivated' : 'inspector_deactivated', subject: badge });
    response.redirect(303, `/console/plan?done=${changed.value.active ? 'inspector-reactivated' : 'inspector-deactivated'}#inspectors`);
  });
}
