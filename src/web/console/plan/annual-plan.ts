/**
 * The plan page's annual plan (年度抽查计划) section: the chosen year's plan and the form that
 * saves it. A year needs its plan before tasks and policies can be added for it.
 */
import type { Router } from 'express';
import { saveAnnualPlan } from '../../../application/inspection-plan.ts';
import { html, type SafeHtml } from '../../html.ts';
import { csrfField, pageContext, requirePageRole, tr } from '../../page.ts';
import { errorsOf, errorSummary, formInteger, formText, inputField } from '../cycle-forms.ts';
import { fromPlanIssues, refusal, type PlanDeps, type PlanView, type RenderPlanPage } from './section.ts';

/** The year's plan, and its form (open when there is no plan yet or the form was refused). */
export function renderAnnualPlanSection(view: PlanView): SafeHtml {
  const { context, year, plan } = view;
  const form = view.form('plan');
  return html`<section aria-labelledby="annual-heading">
<h2 id="annual-heading">${tr(context, `${year} 年度抽查计划`, `The ${year} annual plan`)}</h2>
${
  plan
    ? html`<dl class="facts"><dt>${tr(context, '名称', 'Name')}</dt><dd>${plan.name}</dd><dt>${tr(context, '每年轮次', 'Rounds per year')}</dt><dd>${plan.roundsPerYear}</dd></dl>`
    : html`<p class="notice">${tr(context, `${year} 年还没有年度计划：先保存计划，才能为该年度新建任务和抽查比例。`, `${year} has no annual plan yet: save one before adding tasks and policies for the year.`)}</p>`
}
<details${form.refused || !plan ? html` open` : ''}><summary>${plan ? tr(context, '修改年度计划', 'Change the annual plan') : tr(context, '保存年度计划', 'Save the annual plan')}</summary>
${errorSummary(context, form.errors)}
<form method="post" action="/console/plan/annual" class="stack">
${csrfField(context)}
${inputField({ name: 'year', id: 'plan-year', label: tr(context, '年度', 'Year'), type: 'number', value: form.value('year', String(year)), required: true, errors: errorsOf(form.errors, 'year') })}
${inputField({ name: 'name', id: 'plan-name', label: tr(context, '计划名称', 'Plan name'), value: form.value('name', plan?.name ?? ''), required: true, errors: errorsOf(form.errors, 'name') })}
${inputField({ name: 'roundsPerYear', id: 'plan-rounds', label: tr(context, '每年轮次', 'Rounds per year'), type: 'number', value: form.value('roundsPerYear', String(plan?.roundsPerYear ?? 2)), required: true, attributes: html` min="1" max="52"`, errors: errorsOf(form.errors, 'roundsPerYear') })}
<div><button type="submit">${tr(context, '保存年度计划', 'Save the annual plan')}</button></div>
</form></details>
</section>`;
}

/** POST /console/plan/annual (staff): saves the year's plan. */
export function registerAnnualPlanRoutes(router: Router, deps: PlanDeps, renderPage: RenderPlanPage): void {
  const { db } = deps.database;
  router.post('/console/plan/annual', requirePageRole('staff'), async (request, response) => {
    const saved = await saveAnnualPlan(db, { year: formInteger(formText(request, 'year')), name: formText(request, 'name'), roundsPerYear: formInteger(formText(request, 'roundsPerYear')) });
    if (!saved.ok) return renderPage(request, response, refusal('plan', request, fromPlanIssues(saved.error, pageContext(request, response).lang)));
    response.redirect(303, `/console/plan?year=${saved.value.year}&done=plan`);
  });
}
