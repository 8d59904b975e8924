/**
 * The plan page's conflicts (回避) section: which inspector must never be drawn to inspect
 * which enterprise, and why; the form that declares one (the same inspector and enterprise
 * again changes the reason) and the button that removes one. A freeze reads the conflicts of
 * the day, so a change applies from the next freeze on. Same use case as the plan file's
 * `conflicts` (`saveConflict`).
 */
import type { Router } from 'express';
import { describeDirectoryIssue, removeConflict, saveConflict } from '../../../application/inspection-plan.ts';
import type { ConflictRow } from '../../../persistence/inspection-repository.ts';
import { html, type SafeHtml } from '../../html.ts';
import { csrfField, pageContext, requirePageRole, tr } from '../../page.ts';
import { errorsOf, errorSummary, formText, groupErrors, inputField, selectField, textareaField } from '../cycle-forms.ts';
import { departmentName } from './inspectors.ts';
import { fromPlanIssuesIn, recordPlanChange, refusal, type FieldRequirements, type PlanDeps, type PlanView, type RenderPlanPage } from './section.ts';

const CONFLICT_REQUIREMENTS: FieldRequirements = {
  badge: ['执法人员', '须为名录中已有执法人员的执法证号'],
  creditCode: ['统一社会信用代码', '须为 18 位有效代码（GB 32100-2015）'],
  reason: ['回避理由', '不能为空，最多 500 字'],
};

function editKey(conflict: Pick<ConflictRow, 'badge' | 'creditCode'>): string {
  return `conflict:${conflict.badge}:${conflict.creditCode}`;
}

function removeButton(view: PlanView, conflict: ConflictRow): SafeHtml {
  const { context } = view;
  return html`<form method="post" action="/console/plan/conflicts/remove" class="inline">${csrfField(context)}<input type="hidden" name="badge" value="${conflict.badge}"><input type="hidden" name="creditCode" value="${conflict.creditCode}"><button type="submit" class="secondary" id="conflict-remove-${conflict.badge}-${conflict.creditCode}">${tr(context, '删除', 'Remove')}</button></form>`;
}

/** The conflicts table, and the conflict form. */
export function renderConflictsSection(view: PlanView): SafeHtml {
  const { context, year, inspectors, conflicts, departments } = view;
  const form = view.form('conflict');
  const editing = conflicts.find((conflict) => editKey(conflict) === view.editing);
  const nameOf = new Map(inspectors.map((inspector) => [inspector.badge, inspector.name]));
  return html`<section aria-labelledby="conflicts-heading">
<h2 id="conflicts-heading">${tr(context, '回避关系', 'Conflicts (回避)')}</h2>
<p class="hint">${tr(context, '登记的执法人员不会被抽去检查该企业；自下一次冻结起生效。', 'The inspector is never drawn to inspect the enterprise, from the next freeze on.')}</p>
${
  conflicts.length === 0
    ? html`<p>${tr(context, '还没有登记回避关系。', 'No conflicts declared yet.')}</p>`
    : html`<div class="table-scroll"><table id="conflicts">
<thead><tr><th scope="col">${tr(context, '执法人员', 'Inspector')}</th><th scope="col">${tr(context, '统一社会信用代码', 'Credit code')}</th><th scope="col">${tr(context, '回避理由', 'Reason')}</th><th scope="col">${tr(context, '操作', 'Actions')}</th></tr></thead>
<tbody>${conflicts.map(
        (conflict) => html`<tr><th scope="row"><code>${conflict.badge}</code> ${nameOf.get(conflict.badge) ?? ''}</th><td><code>${conflict.creditCode}</code></td><td>${conflict.reason}</td><td><a href="/console/plan?year=${year}&amp;edit=${encodeURIComponent(editKey(conflict))}#conflict-form">${tr(context, '修改', 'Edit')}</a> ${removeButton(view, conflict)}</td></tr>`,
      )}</tbody></table></div>`
}
<details id="conflict-form"${form.refused || editing ? html` open` : ''}><summary>${tr(context, '登记或修改回避关系', 'Declare or change a conflict')}</summary>
${errorSummary(context, form.errors)}
<form method="post" action="/console/plan/conflicts" class="stack">
${csrfField(context)}
${selectField({
  name: 'badge',
  id: 'conflict-badge',
  label: tr(context, '执法人员', 'Inspector'),
  value: form.value('badge', editing?.badge),
  choices: [
    { value: '', label: tr(context, '请选择', 'Choose one') },
    ...inspectors.map((inspector) => ({ value: inspector.badge, label: `${inspector.badge} ${inspector.name}（${departmentName(context, inspector.department, departments)}）` })),
  ],
  required: true,
  errors: errorsOf(form.errors, 'badge'),
})}
${inputField({ name: 'creditCode', id: 'conflict-credit-code', label: tr(context, '企业统一社会信用代码', 'Enterprise credit code'), value: form.value('creditCode', editing?.creditCode), required: true, hint: tr(context, '18 位；同一人员与企业再次登记则修改理由', '18 characters; the same inspector and enterprise again changes the reason'), errors: errorsOf(form.errors, 'creditCode') })}
${textareaField({ name: 'reason', id: 'conflict-reason', label: tr(context, '回避理由', 'Reason'), value: form.value('reason', editing?.reason), required: true, rows: 2, hint: tr(context, '例如：近亲属任该企业负责人', 'e.g. a close relative runs the enterprise'), errors: errorsOf(form.errors, 'reason') })}
<div><button type="submit" id="conflict-save">${tr(context, '保存回避关系', 'Save the conflict')}</button></div>
</form></details>
</section>`;
}

/**
 * POST /console/plan/conflicts (staff): declares a conflict, or changes its reason.
 * POST /console/plan/conflicts/remove (staff): removes one.
 */
export function registerConflictRoutes(router: Router, deps: PlanDeps, renderPage: RenderPlanPage): void {
  const { db } = deps.database;
  router.post('/console/plan/conflicts', requirePageRole('staff'), async (request, response) => {
    const saved = await saveConflict(db, { badge: formText(request, 'badge'), creditCode: formText(request, 'creditCode').toUpperCase(), reason: formText(request, 'reason') });
    if (!saved.ok) return renderPage(request, response, refusal('conflict', request, fromPlanIssuesIn(pageContext(request, response).lang, saved.error, CONFLICT_REQUIREMENTS)));
    await recordPlanChange(db, request, response, { action: 'conflict_saved', subject: saved.value.badge, details: { creditCode: saved.value.creditCode } });
    response.redirect(303, '/console/plan?done=conflict#conflicts');
  });
  router.post('/console/plan/conflicts/remove', requirePageRole('staff'), async (request, response) => {
    const conflict = { badge: formText(request, 'badge'), creditCode: formText(request, 'creditCode') };
    const removed = await removeConflict(db, conflict);
    if (!removed.ok) {
      const reason = describeDirectoryIssue(removed.error, pageContext(request, response).lang);
      return renderPage(request, response, refusal('conflict', request, groupErrors([{ reason }]), 404));
    }
    await recordPlanChange(db, request, response, { action: 'conflict_removed', subject: conflict.badge, details: { creditCode: conflict.creditCode } });
    response.redirect(303, '/console/plan?done=conflict-removed#conflicts');
  });
}
