/**
 * Scoring models in the console (评分模型), for admins: the saved versions, one version's
 * formulas and rules, and a form to save a new version from its JSON, checked as the admin
 * types. The check is the server's own `validateModel` (through `addScoringModel` when
 * saving): formulas are parsed and whitelisted, never executed, so a hostile formula is
 * only ever reported. A saved version never changes; a change is a new version.
 */
import type { Request, Response, Router } from 'express';
import { addScoringModel, findScoringModel, listScoringModels } from '../../application/scoring-models.ts';
import { describeObservation } from '../../core/scoring/evaluate.ts';
import { describeModelIssue, validateModel, type ModelIssue, type ScoringModel } from '../../core/scoring/model.ts';
import type { Language } from '../../core/language.ts';
import { actorOf, recordActivity } from '../../application/activity-log.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf, requireRole } from '../../http/auth.ts';
import type { AppDependencies } from '../../http/app.ts';
import { NotFoundError, parseRequestPart } from '../../http/problem.ts';
import { modelParamsSchema } from '../../http/schemas/credit.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, requirePageRole, sendPage, tr, pageContext, type PageContext } from '../page.ts';
import { formatInstant, tierLabel } from './shared.ts';
import { requireReauthentication } from '../../http/reauthentication.ts';

/** Largest model text the check and the form accept (the default model is ~10 kB). */
const MAX_MODEL_TEXT = 200_000;

/** One formula or rule condition of a model being checked, with its problems. */
export interface CheckedFormula {
  readonly kind: 'formula' | 'rule';
  readonly name: string;
  readonly expression: string;
  readonly problems: readonly string[];
}

/** What the live check answers (and what the form shows after a failed save). */
export interface ModelCheck {
  readonly valid: boolean;
  /** The model's key when valid, e.g. `credit-risk/2`. */
  readonly key?: string;
  /** Every formula and rule in the text, in order, each with its own problems. */
  readonly formulas: readonly CheckedFormula[];
  /** Problems not about one formula (JSON syntax, tiers, indicators...), with where they are. */
  readonly other: readonly { readonly path: string; readonly message: string }[];
}

function textAt(value: unknown, key: string): string {
  const field = (value as Record<string, unknown> | null)?.[key];
  return typeof field === 'string' ? field : '';
}

/**
 * Checks a model's JSON text and files each problem under the formula or rule it is about
 * (by its place in the document), so the page can show it next to that formula, in the
 * page's language.
 *
 * @example checkModelText('{"id":"credit-risk",...}', 'zh').formulas[0] // { kind: 'formula', name: 'basic', expression: '...', problems: [] }
 */
export function checkModelText(text: string, lang: Language): ModelCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { valid: false, formulas: [], other: [{ path: '(JSON)', message: lang === 'zh' ? `不是有效的 JSON：${(error as Error).message}` : `not valid JSON: ${(error as Error).message}` }] };
  }
  const document = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const formulaEntries = Array.isArray(document['formulas']) ? (document['formulas'] as unknown[]) : [];
  const ruleEntries = Array.isArray(document['rules']) ? (document['rules'] as unknown[]) : [];
  const checked = validateModel(json);
  const issues: readonly ModelIssue[] = checked.ok ? [] : checked.error;
  const problemsAt = (section: string, index: number) =>
    issues.filter((issue) => issue.path === `${section}.${index}` || issue.path.startsWith(`${section}.${index}.`)).map((issue) => describeModelIssue(issue, lang));
  const formulas: CheckedFormula[] = [
    ...formulaEntries.map((entry, index) => ({
      kind: 'formula' as const,
      name: textAt(entry, 'name') || `#${index + 1}`,
      expression: textAt(entry, 'expression'),
      problems: problemsAt('formulas', index),
    })),
    ...ruleEntries.map((entry, index) => ({
      kind: 'rule' as const,
      name: textAt(entry, 'id') || `#${index + 1}`,
      expression: textAt(entry, 'when'),
      problems: problemsAt('rules', index),
    })),
  ];
  const filed = /^(formulas|rules)\.\d+(\.|$)/;
  const other = issues.filter((issue) => !filed.test(issue.path)).map((issue) => ({ path: issue.path, message: describeModelIssue(issue, lang) }));
  return { valid: checked.ok, ...(checked.ok ? { key: `${checked.value.id}/${checked.value.version}` } : {}), formulas, other };
}

/** The check as markup: the same structure `formula-check.js` builds from the JSON answer. */
function checkPanel(context: PageContext, check: ModelCheck | undefined): SafeHtml {
  const problemCount = check ? check.other.length + check.formulas.reduce((sum, formula) => sum + formula.problems.length, 0) : 0;
  const summary = !check
    ? tr(context, '输入模型后将自动检查每个公式。', 'Each formula is checked as you type.')
    : check.valid
      ? tr(context, `模型有效：${check.key ?? ''}`, `The model is valid: ${check.key ?? ''}`)
      : tr(context, `发现 ${problemCount} 个问题。`, `${problemCount} problem${problemCount === 1 ? '' : 's'} found.`);
  return html`<p id="formula-check-summary" class="${check && !check.valid ? 'check-summary invalid' : 'check-summary'}">${summary}</p>
<div class="table-scroll"><table id="formula-check-table">
<caption>${tr(context, '公式检查', 'Formula check')}</caption>
<thead><tr><th scope="col">${tr(context, '公式或规则', 'Formula or rule')}</th><th scope="col">${tr(context, '表达式', 'Expression')}</th><th scope="col">${tr(context, '检查结果', 'Check')}</th></tr></thead>
<tbody>${(check?.formulas ?? []).map(
    (formula) => html`<tr data-formula="${formula.kind}:${formula.name}" class="${formula.problems.length ? 'has-problems' : 'ok'}">
<th scope="row">${formula.kind === 'rule' ? tr(context, '规则 ', 'rule ') : ''}<code>${formula.name}</code></th>
<td><code>${formula.expression}</code></td>
<td>${
      formula.problems.length === 0
        ? html`<span class="check-ok">✓ ${tr(context, '通过', 'OK')}</span>`
        : html`<ul class="formula-problems">${formula.problems.map((problem) => html`<li class="field-error">✗ ${problem}</li>`)}</ul>`
    }</td>
</tr>`,
  )}</tbody>
</table></div>
<ul id="formula-check-other" class="formula-problems">${(check?.other ?? []).map(
    (problem) => html`<li class="field-error">✗ <code>${problem.path}</code>: ${problem.message}</li>`,
  )}</ul>`;
}

function modelForm(context: PageContext, text: string, check?: ModelCheck, notice?: SafeHtml): SafeHtml {
  const title = tr(context, '新增模型版本', 'Add a model version');
  const invalid = check !== undefined && !check.valid;
  return html`<h1>${title}</h1>
${notice ?? ''}
<p class="lead">${tr(
    context,
    '已保存的版本不会再改变：修改请保存为新版本（同一 id，版本号加一）。公式使用受限的 mathjs 语法，只做解析和白名单检查，从不执行。',
    'A saved version never changes: save a change as a new version (same id, next version). Formulas use restricted mathjs syntax; they are parsed and checked against a whitelist, never executed.',
  )}</p>
<form class="stack model-form" method="post" action="/console/models" data-validate-url="/console/models/validate">
${csrfField(context)}
<div>
<label for="model-definition">${tr(context, '模型定义（JSON）', 'Model definition (JSON)')}</label>
<textarea id="model-definition" name="definition" rows="24" spellcheck="false" autocomplete="off" maxlength="${MAX_MODEL_TEXT}" required aria-describedby="model-definition-hint formula-check-summary"${
    invalid ? html` aria-invalid="true"` : ''
  }>${text}</textarea>
<p class="hint" id="model-definition-hint">${tr(
    context,
    '包含 id、version、description、decay、indicators、formulas、score、tiers、rules、observation。说明见 docs/scoring-model.md。',
    'With id, version, description, decay, indicators, formulas, score, tiers, rules, observation. See docs/scoring-model.md.',
  )}</p>
</div>
<section id="formula-check" aria-labelledby="formula-check-heading" aria-live="polite">
<h2 id="formula-check-heading">${tr(context, '检查结果', 'Check')}</h2>
${checkPanel(context, check)}
</section>
<div><button type="submit">${tr(context, '保存新版本', 'Save the new version')}</button></div>
</form>`;
}

/** The latest version of `id` as a starting point for the next one: same definition, next version. */
async function nextVersionDraft(db: AppDependencies['database']['db'], base: string): Promise<string> {
  let found = await findScoringModel(db, base);
  if (!found.ok) found = await findScoringModel(db, 'credit-risk');
  if (!found.ok) return '';
  const model = found.value;
  const versions = (await listScoringModels(db)).filter((saved) => saved.id === model.id).map((saved) => saved.version);
  const draft: ScoringModel = { ...model, version: Math.max(model.version, ...versions) + 1 };
  return JSON.stringify(draft, null, 2);
}

export function registerConsoleModelPages(router: Router, deps: AppDependencies): void {
  const { db } = deps.database;

  router.get('/console/models', requirePageRole('admin'), async (request, response) => {
    const context = pageContext(request, response);
    const models = await listScoringModels(db);
    const title = tr(context, '评分模型', 'Scoring models');
    sendPage(response, context, {
      title,
      body: html`<h1>${title}</h1>
<p class="lead">${tr(context, '每个版本保存后不再改变，评价记录注明所用版本。', 'Each version is fixed once saved; every evaluation names the version it used.')}</p>
<p><a class="button" href="/console/models/new">${tr(context, '新增模型版本', 'Add a model version')}</a></p>
<div class="table-scroll"><table id="model-versions">
<thead><tr><th scope="col">${tr(context, '模型版本', 'Version')}</th><th scope="col">${tr(context, '说明', 'Description')}</th><th scope="col">${tr(context, '保存时间（北京时间）', 'Saved (Beijing)')}</th><th scope="col">${tr(context, '操作', 'Actions')}</th></tr></thead>
<tbody>${models.map(
        (model) => html`<tr data-model="${model.key}"><th scope="row"><a href="/console/models/${model.id}/${model.version}"><code>${model.key}</code></a></th><td>${model.description}</td><td>${formatInstant(model.createdAt)}</td><td><a href="/console/models/new?from=${encodeURIComponent(model.key)}">${tr(context, '以此为基础新建版本', 'New version from this')}</a></td></tr>`,
      )}</tbody>
</table></div>`,
    });
  });

  router.get('/console/models/new', requirePageRole('admin'), async (request, response) => {
    const context = pageContext(request, response);
    const from = typeof request.query['from'] === 'string' ? request.query['from'] : 'credit-risk';
    const draft = await nextVersionDraft(db, from);
    sendPage(response, context, {
      title: tr(context, '新增模型版本', 'Add a model version'),
      scripts: ['formula-check'],
      body: modelForm(context, draft, draft === '' ? undefined : checkModelText(draft, context.lang)),
    });
  });

  const sendFormAgain = (request: Request, response: Response, status: number, text: string, check: ModelCheck, message: string) => {
    const context = pageContext(request, response);
    sendPage(response, context, {
      status,
      title: tr(context, '新增模型版本', 'Add a model version'),
      scripts: ['formula-check'],
      body: modelForm(context, text, check, html`<p class="notice error" role="alert">${message}</p>`),
    });
  };

  router.post('/console/models', requirePageRole('admin'), requireReauthentication(db), async (request, response) => {
    const context = pageContext(request, response);
    const definition = (request.body as Record<string, unknown> | undefined)?.['definition'];
    const text = typeof definition === 'string' ? definition : '';
    const check = checkModelText(text, context.lang);
    if (!check.valid) {
      sendFormAgain(request, response, 422, text, check, tr(context, '模型未保存：请修正下列问题。', 'The model was not saved: fix the problems listed.'));
      return;
    }
    const added = await addScoringModel(db, JSON.parse(text));
    if (!added.ok) {
      const message =
        added.error.code === 'version_exists'
          ? tr(context, `版本 ${added.error.key} 已以不同的定义保存；已保存的版本不会改变，请使用下一个版本号。`, `Version ${added.error.key} is saved with a different definition; a saved version never changes: use the next version number.`)
          : tr(context, '模型未保存：请修正下列问题。', 'The model was not saved: fix the problems listed.');
      sendFormAgain(request, response, added.error.code === 'version_exists' ? 409 : 422, text, check, message);
      return;
    }
    if (added.value.created) {
      // A model change is worth its own entry in the activity log, naming the version.
      await recordActivity(db, actorOf(principalOf(response)), {
        action: 'scoring_model_saved',
        method: request.method,
        path: request.path,
        status: 303,
        subject: added.value.key,
      });
      markActivityRecorded(response);
    }
    response.redirect(303, `/console/models/${added.value.model.id}/${added.value.model.version}?saved=${added.value.created ? 'new' : 'same'}`);
  });

  router.post('/console/models/validate', requireRole('admin'), (request, response) => {
    // A check changes nothing: it is not activity, however often the admin types.
    markActivityRecorded(response);
    const definition = (request.body as Record<string, unknown> | undefined)?.['definition'];
    if (typeof definition !== 'string' || definition.length > MAX_MODEL_TEXT) {
      response.status(400).json({ valid: false, formulas: [], other: [{ path: 'definition', message: `send { "definition": "<the model JSON as text>" } of at most ${MAX_MODEL_TEXT} characters` }] });
      return;
    }
    response.set('Cache-Control', 'no-store').json(checkModelText(definition, pageContext(request, response).lang));
  });

  router.get('/console/models/:id/:version', requirePageRole('admin'), async (request, response) => {
    const context = pageContext(request, response);
    const { id, version } = parseRequestPart(modelParamsSchema, request.params);
    const found = await findScoringModel(db, `${id}/${version}`);
    if (!found.ok) throw new NotFoundError(found.error.message);
    const model = found.value;
    const key = `${model.id}/${model.version}`;
    const saved = request.query['saved'];
    sendPage(response, context, {
      title: key,
      body: html`<h1>${tr(context, '评分模型', 'Scoring model')} <code>${key}</code></h1>
${saved === 'new' ? html`<p class="notice success" role="status">${tr(context, `已保存新版本 ${key}。`, `Saved the new version ${key}.`)}</p>` : ''}
${saved === 'same' ? html`<p class="notice" role="status">${tr(context, `${key} 已以完全相同的定义保存过，没有改变。`, `${key} was already saved with exactly this definition; nothing changed.`)}</p>` : ''}
<p>${model.description}</p>
<dl class="facts">
<dt>${tr(context, '得分公式', 'Score formula')}</dt><dd><code>${model.score}</code></dd>
${(['A', 'B', 'C'] as const).map((tier) => html`<dt>${tierLabel(context, tier)}</dt><dd>${tr(context, `得分 ≥ ${model.tiers[tier]}`, `score ≥ ${model.tiers[tier]}`)}</dd>`)}
<dt>${tierLabel(context, 'D')}</dt><dd>${tr(context, `得分 < ${model.tiers.C}`, `score < ${model.tiers.C}`)}</dd>
<dt>${tr(context, '观察期', 'Observation period')}</dt><dd>${describeObservation(model.observation, context.lang)}</dd>
</dl>
<h2>${tr(context, '公式', 'Formulas')}</h2>
<div class="table-scroll"><table>
<thead><tr><th scope="col">${tr(context, '名称', 'Name')}</th><th scope="col">${tr(context, '说明', 'Description')}</th><th scope="col">${tr(context, '表达式', 'Expression')}</th></tr></thead>
<tbody>${model.formulas.map((formula) => html`<tr><th scope="row"><code>${formula.name}</code></th><td>${formula.description}</td><td><code>${formula.expression}</code></td></tr>`)}</tbody>
</table></div>
<h2>${tr(context, '硬性规则', 'Hard rules')}</h2>
<div class="table-scroll"><table>
<thead><tr><th scope="col">${tr(context, '规则', 'Rule')}</th><th scope="col">${tr(context, '说明', 'Description')}</th><th scope="col">${tr(context, '条件', 'When')}</th><th scope="col">${tr(context, '至少为', 'At least')}</th></tr></thead>
<tbody>${model.rules.map((rule) => html`<tr><th scope="row"><code>${rule.id}</code></th><td>${rule.description}</td><td><code>${rule.when}</code></td><td>${tierLabel(context, rule.atLeast)}</td></tr>`)}</tbody>
</table></div>
<h2>${tr(context, '指标', 'Indicators')}</h2>
<div class="table-scroll"><table>
<thead><tr><th scope="col">${tr(context, '名称', 'Name')}</th><th scope="col">${tr(context, '类别', 'Family')}</th><th scope="col">${tr(context, '说明', 'Description')}</th><th scope="col" class="number">${tr(context, '中性值', 'Neutral')}</th></tr></thead>
<tbody>${model.indicators.map((indicator) => html`<tr><th scope="row"><code>${indicator.name}</code></th><td>${indicator.family}</td><td>${indicator.description}</td><td class="number">${indicator.neutral}</td></tr>`)}</tbody>
</table></div>
<details><summary>${tr(context, '完整 JSON', 'Full JSON')}</summary><pre class="model-json"><code>${JSON.stringify(model, null, 2)}</code></pre></details>
<p><a class="button" href="/console/models/new?from=${encodeURIComponent(key)}">${tr(context, '以此为基础新建版本', 'New version from this')}</a> <a href="/console/models">${tr(context, '返回模型列表', 'Back to the models')}</a></p>`,
    });
  });
}
