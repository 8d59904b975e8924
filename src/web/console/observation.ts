/**
 * Staff console: enterprises in the observation period (观察期, issue 17). For an evaluation
 * run (the latest completed one unless `?run=` names another), every enterprise it found in
 * observation, with its registration date, the day its period ends (from then on it enters
 * the normal draws) and the soft measures on its record; and a form to record a new soft
 * measure, which becomes a credit record of its own kind (in the enterprise's file and in its
 * explanation). Internal: observation follows from the evaluation, which is never public.
 */
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../application/activity-log.ts';
import { roleSatisfies } from '../../application/api-tokens.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import { findScoringModel } from '../../application/scoring-models.ts';
import { describeSoftMeasureIssue, recordSoftMeasure, type SoftMeasureIssue } from '../../application/soft-measures.ts';
import { SOFT_MEASURE_NAMES, SOFT_MEASURES, type SoftMeasure } from '../../core/credit-record.ts';
import { ENTERPRISE_FLAGS, type EnterpriseFlag } from '../../core/enterprise.ts';
import { describeObservation, observationEndDate } from '../../core/scoring/evaluate.ts';
import type { AppDependencies } from '../../http/app.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { NotFoundError } from '../../http/problem.ts';
import { findEvaluationRun, listEvaluationRuns, type RunRow } from '../../persistence/evaluation-store.ts';
import { listEnterprisesInObservation } from '../../persistence/observation-queries.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatNumber, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { errorsOf, errorSummary, formText, groupErrors, inputField, NO_ERRORS, selectField, successNotice, textareaField, type FieldErrors } from './cycle-forms.ts';

type Deps = Pick<AppDependencies, 'database' | 'now'>;

const OBSERVATION_PATH = '/console/observation';
const PAGE_SIZE = 100;

interface MeasureForm {
  readonly values: { readonly creditCode: string; readonly date: string; readonly measure: string; readonly department: string; readonly note: string };
  readonly errors: FieldErrors;
}

const today = (deps: Deps): string => shanghaiDate(deps.now ? deps.now() : new Date());

function measureName(context: PageContext, measure: SoftMeasure['measure']): string {
  const [chinese, english] = SOFT_MEASURE_NAMES[measure];
  return tr(context, chinese, english);
}

function measuresList(context: PageContext, measures: readonly SoftMeasure[]): SafeHtml | string {
  if (measures.length === 0) return tr(context, '尚无', 'none yet');
  return html`<ul class="plain">${measures.map(
    (measure) => html`<li>${measure.date} ${measureName(context, measure.measure)}（${measure.department}）${measure.note ? html` <span class="hint">${measure.note}</span>` : ''}</li>`,
  )}</ul>`;
}

function flagNames(context: PageContext, flags: readonly string[]): string {
  return flags.map((flag) => (context.lang === 'zh' ? (ENTERPRISE_FLAGS[flag as EnterpriseFlag] ?? flag) : flag.replace(/_/g, ' '))).join(tr(context, '、', ', '));
}

function issueField(issue: SoftMeasureIssue): string {
  switch (issue.code) {
    case 'invalid_field':
      return issue.field;
    case 'unknown_enterprise':
      return 'creditCode';
    case 'date_in_future':
      return 'date';
  }
}

function measureFormSection(context: PageContext, deps: Deps, form: MeasureForm): SafeHtml {
  const canRecord = roleSatisfies(context.principal.role, 'staff');
  return html`<section aria-labelledby="measure-heading">
<h2 id="measure-heading">${tr(context, '记录柔性监管措施', 'Record a soft measure')}</h2>
<p>${tr(
    context,
    '观察期内对新业态企业只采取教育提醒、劝导示范、行政指导、行政约谈等柔性措施；每一项记入企业信用档案，并显示在分类依据中。',
    'In the observation period new business forms get only soft measures (reminders, persuasion, guidance, interviews); each goes into the enterprise’s credit file and its explanation.',
  )}</p>
${errorSummary(context, form.errors, tr(context, '未记录：', 'Not recorded:'))}
<form method="post" action="${OBSERVATION_PATH}/measures" class="stack">
${csrfField(context)}
${inputField({ name: 'creditCode', label: tr(context, '统一社会信用代码', 'Credit code'), value: form.values.creditCode, required: true, errors: errorsOf(form.errors, 'creditCode') })}
${inputField({ name: 'date', label: tr(context, '采取日期', 'Date taken'), type: 'date', value: form.values.date || today(deps), required: true, errors: errorsOf(form.errors, 'date') })}
${selectField({
    name: 'measure',
    label: tr(context, '措施', 'Measure'),
    value: form.values.measure,
    required: true,
    errors: errorsOf(form.errors, 'measure'),
    choices: SOFT_MEASURES.map((measure) => ({ value: measure, label: measureName(context, measure) })),
  })}
${inputField({ name: 'department', label: tr(context, '实施部门', 'Department'), value: form.values.department, required: true, errors: errorsOf(form.errors, 'department') })}
${textareaField({ name: 'note', label: tr(context, '备注（可不填）', 'Note (optional)'), value: form.values.note, rows: 2, errors: errorsOf(form.errors, 'note') })}
<div><button type="submit"${canRecord ? '' : ' disabled'}>${tr(context, '记录措施', 'Record the measure')}</button></div>
</form>
</section>`;
}

async function chosenRun(deps: Deps, context: PageContext, request: Request): Promise<RunRow | undefined> {
  const requested = typeof request.query['run'] === 'string' ? Number(request.query['run']) : undefined;
  if (requested !== undefined) {
    const run = Number.isSafeInteger(requested) ? await findEvaluationRun(deps.database.db, requested) : undefined;
    if (!run || run.status !== 'completed') throw new NotFoundError(tr(context, '没有这次已完成的评价。', 'There is no such completed evaluation run.'));
    return run;
  }
  return (await listEvaluationRuns(deps.database.db, 50)).find((run) => run.status === 'completed');
}

async function renderPage(deps: Deps, request: Request, response: Response, options: { status?: number; form?: MeasureForm; notice?: SafeHtml } = {}): Promise<void> {
  const context = pageContext(request, response);
  const title = tr(context, '观察期企业', 'Enterprises in observation');
  const run = await chosenRun(deps, context, request);
  const form = options.form ?? { values: { creditCode: typeof request.query['code'] === 'string' ? request.query['code'] : '', date: '', measure: '', department: '', note: '' }, errors: NO_ERRORS };
  if (!run) {
    sendPage(response, context, {
      title,
      ...(options.status ? { status: options.status } : {}),
      body: html`<h1>${title}</h1><p>${tr(context, '尚无已完成的信用风险分类评价。', 'No evaluation run has completed yet.')}</p>${measureFormSection(context, deps, form)}`,
    });
    return;
  }
  const model = await findScoringModel(deps.database.db, run.modelKey);
  if (!model.ok) throw new Error(`run ${run.id} names model ${run.modelKey}, which is not stored`);
  const after = typeof request.query['after'] === 'string' ? request.query['after'] : undefined;
  const page = await listEnterprisesInObservation(deps.database.db, run.id, { after, limit: PAGE_SIZE });
  sendPage(response, context, {
    title,
    ...(options.status ? { status: options.status } : {}),
    body: html`<h1>${title}</h1>
${options.notice ?? ''}
<p>${tr(
      context,
      `第 ${run.id} 次评价（评价日期 ${run.asOf}，${run.modelKey}）：观察期为 ${describeObservation(model.value.observation, 'zh')}，共 ${formatNumber(context, run.counts?.observation ?? page.items.length)} 户。观察期内不参加随机抽取，期满之日起进入正常抽取。`,
      `Run ${run.id} (as of ${run.asOf}, ${run.modelKey}): the observation period covers ${describeObservation(model.value.observation, 'en')}; ${formatNumber(context, run.counts?.observation ?? page.items.length)} enterprises. They are not drawn while in observation and enter the normal draws on the day it ends.`,
    )}</p>
${
  page.items.length === 0
    ? html`<p>${tr(context, '本次评价没有观察期企业。', 'This run found no enterprise in observation.')}</p>`
    : html`<div class="table-scroll"><table id="observation-list">
<thead><tr><th scope="col">${tr(context, '企业', 'Enterprise')}</th><th scope="col">${tr(context, '成立日期', 'Registered')}</th><th scope="col">${tr(context, '行业 / 标记', 'Industry / flags')}</th><th scope="col">${tr(context, '观察期至', 'Observation ends')}</th><th scope="col">${tr(context, '柔性监管措施', 'Soft measures')}</th></tr></thead>
<tbody>${page.items.map(
        (item) => html`<tr data-code="${item.creditCode}">
<th scope="row"><a href="/console/evaluations/${run.id}/enterprises/${item.creditCode}">${item.name}</a><br><span class="mono hint">${item.creditCode}</span></th>
<td>${item.registrationDate}</td>
<td>${item.industryCode}${item.flags.length ? html`<br><span class="hint">${flagNames(context, item.flags)}</span>` : ''}</td>
<td>${observationEndDate(model.value.observation, item)}</td>
<td>${measuresList(context, item.measures)} <a href="${OBSERVATION_PATH}?run=${run.id}&amp;code=${item.creditCode}#measure-heading">${tr(context, '记录措施', 'Record one')}</a></td>
</tr>`,
      )}</tbody>
</table></div>`
}
${page.nextAfter === undefined ? '' : html`<nav class="pager" aria-label="${tr(context, '翻页', 'Pages')}"><a href="${OBSERVATION_PATH}?run=${run.id}&amp;after=${page.nextAfter}" rel="next">${tr(context, '下一页', 'Next page')}</a></nav>`}
${measureFormSection(context, deps, form)}`,
  });
}

/** GET /console/observation (staff, auditors read), POST /console/observation/measures (staff). */
export function registerObservationPages(router: Router, deps: Deps): void {
  router.get(OBSERVATION_PATH, requirePageRole('staff', 'auditor'), async (request, response) => {
    await renderPage(deps, request, response);
  });

  router.post(`${OBSERVATION_PATH}/measures`, requirePageRole('staff'), async (request, response) => {
    const context = pageContext(request, response);
    const values = {
      creditCode: formText(request, 'creditCode'),
      date: formText(request, 'date'),
      measure: formText(request, 'measure'),
      department: formText(request, 'department'),
      note: formText(request, 'note'),
    };
    const recorded = await recordSoftMeasure(deps.database, values, { actor: actorOf(principalOf(response)), today: today(deps), source: tr(context, '控制台录入', 'entered in the console') });
    if (!recorded.ok) {
      const errors = groupErrors([{ field: issueField(recorded.error), reason: describeSoftMeasureIssue(recorded.error, context.lang) }]);
      await renderPage(deps, request, response, { status: recorded.error.code === 'unknown_enterprise' ? 404 : 400, form: { values, errors } });
      return;
    }
    markActivityRecorded(response);
    await renderPage(deps, request, response, {
      notice: successNotice(tr(context, `已记录：${recorded.value.creditCode} ${recorded.value.date} ${measureName(context, recorded.value.measure)}`, `Recorded: ${recorded.value.creditCode} ${recorded.value.date} ${measureName(context, recorded.value.measure)}`)),
    });
  });
}
