/**
 * The plan page's sampling policies: saving a new version per tier (each save is a new
 * version; D ≥ C ≥ B ≥ A unless an override reason is given), adopting a version (freezes use
 * only adopted ones), and deriving a policy from capacity, whose adoption publishes it (admin
 * only, under four eyes when the server asks for them).
 */
import { explainDerivation } from '../../../core/policy/derivation-explanation.ts';
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../../application/activity-log.ts';
import { describeApprovalIssue, requestAct, statusOfApprovalIssue } from '../../../application/approvals.ts';
import { saveSamplingPolicy } from '../../../application/inspection-plan.ts';
import { deriveItemPolicy, describePolicyIssue, type DerivationRequest, type ItemDerivation, type PolicyAdoptionIssue } from '../../../application/policy-derivation.ts';
import { roleSatisfies } from '../../../application/api-tokens.ts';
import { markActivityRecorded } from '../../../http/activity.ts';
import { principalOf } from '../../../http/auth.ts';
import { ConflictError, HttpError } from '../../../http/problem.ts';
import { requireReauthentication } from '../../../http/reauthentication.ts';
import type { SamplingPolicyRow } from '../../../persistence/inspection-repository.ts';
import { html, type SafeHtml } from '../../html.ts';
import { csrfField, formatNumber, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../../page.ts';
import { errorsOf, errorSummary, fieldError, formInteger, formText, groupErrors, inputField, keysMissingNotice, NO_ERRORS, selectField, textareaField, type FieldErrors } from '../cycle-forms.ts';
import type { Language } from '../../../core/language.ts';
import { fromPlanIssues, refusal, TIER_LABELS, type PlanDeps, type PlanView, type RenderPlanPage } from './section.ts';
import { assertBureauKeys } from '../../../http/bureau-key-guard.ts';

/** The form that saves a new policy version, a row of inputs per tier. */
export function renderPolicySection(view: PlanView): SafeHtml {
  const { context, year, items, itemChoices } = view;
  const form = view.form('policy');
  const policyErrors = form.errors;
  const tierInput = (tier: string, field: 'ratio' | 'minimum' | 'frequency', fallback: string) => {
    const id = `policy-${tier}-${field}`;
    const label = `${tier} ${field === 'ratio' ? tr(context, '比例', 'ratio') : field === 'minimum' ? tr(context, '最少户数', 'minimum') : tr(context, '每年轮次', 'rounds a year')}`;
    return html`<td><label for="${id}" class="visually-hidden">${label}</label><input type="${field === 'ratio' ? 'text' : 'number'}" id="${id}" name="${tier}.${field}" value="${form.value(`${tier}.${field}`, fallback)}"${
      field === 'ratio' ? html` inputmode="decimal"` : html` min="0"`
    }${errorsOf(policyErrors, 'tiers').length > 0 ? html` aria-invalid="true" aria-describedby="policy-tiers-error"` : ''}></td>`;
  };
  return html`<section aria-labelledby="policy-heading">
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
${selectField({ name: 'itemCode', id: 'policy-item', label: tr(context, '抽查事项', 'Item'), value: form.value('itemCode'), choices: itemChoices, errors: errorsOf(policyErrors, 'itemCode') })}
${inputField({ name: 'year', id: 'policy-year', label: tr(context, '年度', 'Year'), type: 'number', value: form.value('year', String(year)), required: true, errors: errorsOf(policyErrors, 'year') })}
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
${inputField({ name: 'annualCap', id: 'policy-cap', label: tr(context, '每户每年计划检查上限', 'Annual cap of planned inspections per enterprise'), type: 'number', value: form.value('annualCap', '2'), required: true, attributes: html` min="1"`, errors: errorsOf(policyErrors, 'annualCap') })}
${textareaField({ name: 'overrideReason', id: 'policy-override', label: tr(context, '例外理由（比例不符合 D ≥ C ≥ B ≥ A 时必填）', 'Override reason (required when the ratios break D ≥ C ≥ B ≥ A)'), value: form.value('overrideReason'), rows: 2, errors: errorsOf(policyErrors, 'overrideReason') })}
<div><button type="submit">${tr(context, '保存为新版本', 'Save as a new version')}</button></div>
</form>`
}
</section>`;
}

/** The form that derives a policy from capacity (nothing is stored until an admin adopts it). */
export function renderDeriveSection(view: PlanView): SafeHtml {
  const { context, year, items, itemChoices, runChoices, isAdmin } = view;
  const form = view.form('derive');
  const deriveErrors = form.errors;
  return html`<section aria-labelledby="derive-heading">
<h2 id="derive-heading">${tr(context, '按检查力量推算抽查比例', 'Derive a policy from inspection capacity')}</h2>
<p>${tr(context, '根据事项的抽取池、各等级户数、检查力量和以往检查结果推算各等级比例与轮次；推算不保存。管理员审阅后可采纳并公开为新版本。', "Derives each tier's ratio and rounds from the item's pool, the tier counts, the capacity and past results; nothing is stored. An administrator may adopt the reviewed derivation, which publishes it as a new version.")}</p>
${errorSummary(context, deriveErrors)}
${
  items.length === 0 || runChoices.length === 0
    ? html`<p>${tr(context, '需要抽查事项和已完成的信用评价批次。', 'Needs an inspection item and a completed evaluation run.')}</p>`
    : html`<form method="post" action="/console/plan/derive" class="stack">
${csrfField(context)}
${selectField({ name: 'itemCode', id: 'derive-item', label: tr(context, '抽查事项', 'Item'), value: form.value('itemCode'), choices: itemChoices, errors: errorsOf(deriveErrors, 'itemCode') })}
${inputField({ name: 'year', id: 'derive-year', label: tr(context, '年度', 'Year'), type: 'number', value: form.value('year', String(year)), required: true, errors: errorsOf(deriveErrors, 'year') })}
${selectField({ name: 'evaluationRunId', id: 'derive-run', label: tr(context, '信用评价批次', 'Evaluation run'), value: form.value('evaluationRunId'), choices: runChoices, errors: errorsOf(deriveErrors, 'evaluationRunId') })}
${inputField({ name: 'inspections', id: 'derive-capacity', label: tr(context, '全年可检查户次', 'Inspections available per year'), type: 'number', value: form.value('inspections', '100'), required: true, attributes: html` min="0"`, errors: errorsOf(deriveErrors, 'capacity') })}
<div><button type="submit" class="secondary">${tr(context, '推算', 'Derive')}</button></div>
</form>`
}
${isAdmin ? '' : html`<p class="hint">${tr(context, '采纳推算结果（公开签名的抽查比例）需要管理员角色。', 'Adopting a derivation (publishing a signed policy) needs the admin role.')}</p>`}
</section>`;
}

/** Whether a version is adopted (freeze uses only adopted ones), and for admins the button that adopts or proposes it. */
export function adoptionCell(context: PageContext, policy: SamplingPolicyRow, isAdmin: boolean): SafeHtml {
  if (policy.adoptedAt !== null) return html`<span class="tag">${tr(context, '已采纳', 'adopted')}</span>`;
  const form = html`<form method="post" action="/console/plan/policies/adopt" class="inline">${csrfField(context)}<input type="hidden" name="itemCode" value="${policy.itemCode}"><input type="hidden" name="year" value="${String(policy.year)}"><input type="hidden" name="version" value="${String(policy.version)}"><button type="submit">${tr(context, '采纳', 'Adopt')}</button></form>`;
  return html`<span class="tag">${tr(context, '未采纳，冻结不会使用', 'not adopted: freezes do not use it')}</span>${isAdmin ? form : ''}`;
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

function policyIssueErrors(issue: PolicyAdoptionIssue, lang: Language): FieldErrors {
  const detail = describePolicyIssue(issue, lang);
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

/** The derivation's own page: its basis, tiers and explanation, and the form that adopts it. */
function renderDerivation(deps: PlanDeps, request: Request, response: Response, derivationRequest: DerivationRequest, derived: ItemDerivation, status = 200, errors: FieldErrors = NO_ERRORS): void {
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
<ul>${explainDerivation(derivation, context.lang).map((line) => html`<li>${line}</li>`)}</ul>
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

/**
 * POST /console/plan/policies (staff: save a version), /console/plan/derive (staff: show a
 * derivation), /console/plan/policies/adopt (admin: adopt a saved version) and
 * /console/plan/adopt (admin: adopt a derivation, which publishes it as a new version).
 */
export function registerPolicyRoutes(router: Router, deps: PlanDeps, renderPage: RenderPlanPage): void {
  const { db } = deps.database;
  const staff = requirePageRole('staff');

  router.post('/console/plan/policies', staff, async (request, response) => {
    const saved = await saveSamplingPolicy(db, policyFromForm(request));
    if (!saved.ok) return renderPage(request, response, refusal('policy', request, fromPlanIssues(saved.error, pageContext(request, response).lang)));
    response.redirect(303, `/console/plan?year=${saved.value.year}&done=policy`);
  });

  router.post('/console/plan/derive', staff, async (request, response) => {
    const derivationRequest = derivationRequestFromForm(request);
    const formErrors = derivationFormErrors(derivationRequest);
    if (formErrors.size > 0) return renderPage(request, response, refusal('derive', request, formErrors));
    const derived = await deriveItemPolicy(db, derivationRequest);
    if (!derived.ok) return renderPage(request, response, refusal('derive', request, policyIssueErrors(derived.error, pageContext(request, response).lang)));
    renderDerivation(deps, request, response, derivationRequest, derived.value);
  });

  router.post('/console/plan/policies/adopt', requirePageRole('admin'), requireReauthentication(db), async (request, response) => {
    assertBureauKeys(deps.bureauKeys, 'publish');
    const version = { itemCode: formText(request, 'itemCode'), year: Number(formText(request, 'year')), version: Number(formText(request, 'version')) };
    if (!Number.isSafeInteger(version.year) || !Number.isSafeInteger(version.version)) throw new HttpError(400, 'year and version must be whole numbers / 年度和版本须为整数');
    const requested = await requestAct(deps.database, deps.bureauKeys, { kind: 'policy_adoption', version }, actorOf(principalOf(response)), { fourEyes: deps.fourEyes ?? true });
    if (!requested.ok) throw new HttpError(statusOfApprovalIssue(requested.error), describeApprovalIssue(requested.error, pageContext(request, response).lang));
    markActivityRecorded(response);
    response.redirect(303, `/console/plan?year=${version.year}&done=${requested.value.status === 'proposed' ? 'proposed' : 'adopted'}`);
  });

  router.post('/console/plan/adopt', requirePageRole('admin'), requireReauthentication(db), async (request, response) => {
    assertBureauKeys(deps.bureauKeys, 'publish');
    const derivationRequest = derivationRequestFromForm(request);
    const formErrors = derivationFormErrors(derivationRequest);
    if (formErrors.size > 0) return renderPage(request, response, refusal('derive', request, formErrors));
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
    if (!again.ok) return renderPage(request, response, refusal('derive', request, policyIssueErrors(again.error, pageContext(request, response).lang)));
    renderDerivation(deps, request, response, derivationRequest, again.value, refused.code === 'derivation_changed' ? 409 : 422, policyIssueErrors(refused, pageContext(request, response).lang));
  });
}
