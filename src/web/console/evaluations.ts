/**
 * Evaluations in the console (信用风险分类): the runs, the latest tier distribution and its
 * change since the run before, a form to start a run, a run's page with its progress while
 * it runs and its tier transitions once done, and one enterprise's tier explained.
 *
 * Staff run evaluations; auditors read them. A run over 10^4-10^5 enterprises takes seconds
 * to a minute, so it is claimed at once and executed in the background in this process
 * (the same `beginEvaluationRun` as the API); its page polls a small JSON endpoint
 * (`evaluation-progress.js`), or without JavaScript refreshes itself. One console run at a
 * time: a second start while one runs is refused.
 */
import type { Request, Response, Router } from 'express';
import { beginEvaluationRun, explainEvaluation } from '../../application/evaluate-all.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import { findScoringModel, listScoringModels } from '../../application/scoring-models.ts';
import { parseCreditCode } from '../../core/credit-code.ts';
import type { CreditRecord } from '../../core/credit-record.ts';
import { CREDIT_RECORD_KIND_NAMES, describeCreditRecord } from '../../core/credit-record-row.ts';
import { observationEndDate } from '../../core/scoring/evaluate.ts';
import { INDICATOR_FAMILY_NAMES, type IndicatorFamily } from '../../core/scoring/indicators.ts';
import { TIERS, type Tier } from '../../core/scoring/model.ts';
import type { AppDependencies } from '../../http/app.ts';
import { ConflictError, NotFoundError, parseRequestPart } from '../../http/problem.ts';
import { requireAnyRole } from '../../http/role-access.ts';
import { enterpriseCodeParamsSchema } from '../../http/schemas/enterprise.ts';
import { runParamsSchema } from '../../http/schemas/credit.ts';
import { listEnterpriseRecords } from '../../persistence/credit-record-store.ts';
import { findEnterprise } from '../../persistence/enterprise-queries.ts';
import { countEnterprises, countTierChanges, findEvaluation, findEvaluationRun, listEvaluationRuns, type RunRow } from '../../persistence/evaluation-store.ts';
import { roleSatisfies } from '../../application/api-tokens.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatNumber, requirePageRole, sendPage, tr, pageContext, type PageContext } from '../page.ts';
import { formatDuration, formatInstant, previousCompletedRun, runStatusLabel, tierDistribution, tierLabel } from './shared.ts';

/**
 * Enterprises per chunk of a console run. On the embedded database every statement runs on
 * the server's own thread, so while a run goes on each other request waits for the chunk
 * step in progress; smaller chunks than the default 10,000 keep pages answering within about
 * half a second and move the progress bar in finer steps. Measured on the 5·10^4 demo county
 * (PGlite): 6.0 s for the run with 2,000, 9.9 s with 10,000.
 */
const CONSOLE_CHUNK_SIZE = 2_000;

/** Runs listed on the index page (and searched for the previous run). */
const listedRuns = 50;

function runLink(context: PageContext, run: RunRow): SafeHtml {
  return html`<a href="/console/evaluations/${run.id}">${tr(context, `第 ${run.id} 次`, `Run ${run.id}`)}</a>`;
}

function runsTable(context: PageContext, runs: readonly RunRow[]): SafeHtml {
  if (runs.length === 0) return html`<p>${tr(context, '还没有评价记录。', 'No evaluation has been run yet.')}</p>`;
  return html`<div class="table-scroll"><table id="evaluation-runs">
<caption>${tr(context, '评价记录（最新在前）', 'Runs, newest first')}</caption>
<thead><tr>
<th scope="col">${tr(context, '评价', 'Run')}</th>
<th scope="col">${tr(context, '评价日期', 'As of')}</th>
<th scope="col">${tr(context, '模型', 'Model')}</th>
<th scope="col">${tr(context, '状态', 'Status')}</th>
<th scope="col" class="number">${tr(context, '已评价', 'Evaluated')}</th>
${TIERS.map((tier) => html`<th scope="col" class="number">${tier}</th>`)}
<th scope="col" class="number">${tr(context, '观察期', 'Observation')}</th>
<th scope="col">${tr(context, '开始（北京时间）', 'Started (Beijing)')}</th>
<th scope="col" class="number">${tr(context, '用时', 'Duration')}</th>
</tr></thead>
<tbody>${runs.map(
    (run) => html`<tr data-run="${run.id}">
<th scope="row">${runLink(context, run)}</th>
<td>${run.asOf}</td>
<td><code>${run.modelKey}</code></td>
<td>${runStatusLabel(context, run.status)}</td>
<td class="number">${formatNumber(context, run.evaluated)}</td>
${TIERS.map((tier) => html`<td class="number">${run.counts ? formatNumber(context, run.counts[tier]) : '—'}</td>`)}
<td class="number">${run.counts ? html`<a href="/console/observation?run=${run.id}">${formatNumber(context, run.counts.observation)}</a>` : '—'}</td>
<td>${formatInstant(run.startedAt)}</td>
<td class="number">${formatDuration(context, run.durationMs)}</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

interface RunFormState {
  readonly asOf: string;
  readonly model: string;
  readonly errors?: Readonly<Partial<Record<'asOf' | 'model', string>>>;
}

function runForm(context: PageContext, models: readonly { key: string; id: string; version: number }[], state: RunFormState): SafeHtml {
  const errors = state.errors ?? {};
  const latestOf = new Map<string, number>();
  for (const model of models) latestOf.set(model.id, Math.max(latestOf.get(model.id) ?? 0, model.version));
  const error = (name: 'asOf' | 'model') => (errors[name] === undefined ? '' : html`<p class="field-error" id="run-${name}-error">${errors[name]}</p>`);
  return html`<section class="card" aria-labelledby="run-heading">
<h2 id="run-heading">${tr(context, '运行评价', 'Run an evaluation')}</h2>
<form class="stack" method="post" action="/console/evaluations">
${csrfField(context)}
<div>
<label for="run-asOf">${tr(context, '评价日期', 'Evaluation date (as of)')}</label>
<input type="date" id="run-asOf" name="asOf" required value="${state.asOf}" aria-describedby="run-asOf-hint${errors.asOf ? ' run-asOf-error' : ''}"${errors.asOf ? html` aria-invalid="true"` : ''}>
<p class="hint" id="run-asOf-hint">${tr(context, '每月评价一次；每年一月的评价用于年度抽查计划。', 'Monthly, and each January for the annual plan.')}</p>
${error('asOf')}
</div>
<div>
<label for="run-model">${tr(context, '评分模型', 'Scoring model')}</label>
<select id="run-model" name="model"${errors.model ? html` aria-invalid="true" aria-describedby="run-model-error"` : ''}>
${[...latestOf].map(
  ([id, version]) => html`<option value="${id}"${state.model === id ? html` selected` : ''}>${tr(context, `${id}（最新版本 ${version}）`, `${id} (latest, version ${version})`)}</option>`,
)}
${models.map((model) => html`<option value="${model.key}"${state.model === model.key ? html` selected` : ''}>${model.key}</option>`)}
</select>
${error('model')}
</div>
<div><button type="submit">${tr(context, '开始评价', 'Start the evaluation')}</button></div>
</form>
</section>`;
}

function transitionsTable(context: PageContext, changes: readonly { from: Tier | null; to: Tier | null; count: number }[], previous: RunRow): SafeHtml {
  const keys: (Tier | null)[] = [...TIERS, null];
  const cell = (from: Tier | null, to: Tier | null) => changes.find((change) => change.from === from && change.to === to)?.count ?? 0;
  const fromLabel = (tier: Tier | null) => (tier === null ? tr(context, '上次没有（新增）', 'not in previous (new)') : tier);
  const toLabel = (tier: Tier | null) => (tier === null ? tr(context, '本次没有', 'not in this run') : tier);
  const moved = changes.filter((change) => change.from !== change.to).reduce((sum, change) => sum + change.count, 0);
  return html`<p>${tr(
    context,
    `与第 ${previous.id} 次评价（${previous.asOf}，${previous.modelKey}）相比，${formatNumber(context, moved)} 户企业的分类发生变化。`,
    `Compared with run ${previous.id} (${previous.asOf}, ${previous.modelKey}), ${formatNumber(context, moved)} enterprises changed tier.`,
  )}</p>
<div class="table-scroll"><table id="tier-transitions" class="transitions">
<caption>${tr(context, '分类变化：行为上次分类，列为本次分类', 'Tier transitions: rows are the previous tier, columns this run')}</caption>
<thead><tr><th scope="col">${tr(context, '上次 \\ 本次', 'previous \\ this run')}</th>${keys.map((to) => html`<th scope="col" class="number">${toLabel(to)}</th>`)}</tr></thead>
<tbody>${keys.map(
    (from) => html`<tr><th scope="row">${fromLabel(from)}</th>${keys.map((to) => {
      if (from === null && to === null) return html`<td class="number">—</td>`;
      const count = cell(from, to);
      return html`<td class="number${from === to ? ' same' : ''}" data-from="${from ?? 'none'}" data-to="${to ?? 'none'}">${formatNumber(context, count)}</td>`;
    })}</tr>`,
  )}</tbody>
</table></div>`;
}

/** A model text in the page's language: its Chinese description on a Chinese page when the model has one. */
function describedIn(context: PageContext, entry: { readonly description: string; readonly descriptionZh?: string | undefined }): string {
  return context.lang === 'zh' && entry.descriptionZh ? entry.descriptionZh : entry.description;
}

function familyName(context: PageContext, family: string): string {
  const pair = INDICATOR_FAMILY_NAMES[family as IndicatorFamily];
  return pair ? tr(context, pair[0], pair[1]) : family;
}

function describeRecord(context: PageContext, record: CreditRecord): string {
  return describeCreditRecord(record, context.lang) || tr(context, '（无其他字段）', '(no other fields)');
}

function progressSection(context: PageContext, run: RunRow, total: number): SafeHtml {
  const shown = Math.min(run.evaluated, Math.max(total, 1));
  return html`<section aria-labelledby="progress-heading" class="evaluation-progress" data-progress-url="/console/evaluations/${run.id}/progress">
<h2 id="progress-heading">${tr(context, '进度', 'Progress')}</h2>
<noscript><meta http-equiv="refresh" content="2"></noscript>
<label for="evaluation-progress-bar">${tr(context, '已评价企业', 'Enterprises evaluated')}</label>
<progress id="evaluation-progress-bar" max="${Math.max(total, 1)}" value="${shown}">${formatNumber(context, run.evaluated)} / ${formatNumber(context, total)}</progress>
<p role="status" aria-live="polite" id="evaluation-progress-text">${tr(
    context,
    `已评价 ${formatNumber(context, run.evaluated)} / ${formatNumber(context, total)} 户，页面会自动更新。`,
    `${formatNumber(context, run.evaluated)} of ${formatNumber(context, total)} enterprises evaluated; this page updates itself.`,
  )}</p>
</section>`;
}

export function registerConsoleEvaluationPages(router: Router, deps: AppDependencies): void {
  const { db } = deps.database;
  /** The run this process is executing for the console, if any. */
  let active: { readonly runId: number } | undefined;

  const findRun = async (request: Request): Promise<RunRow> => {
    const { runId } = parseRequestPart(runParamsSchema, { runId: request.params['runId'] });
    const run = await findEvaluationRun(db, runId);
    if (!run) throw new NotFoundError(`No evaluation run ${runId}.`);
    return run;
  };

  const sendIndex = async (request: Request, response: Response, state?: RunFormState, notice?: SafeHtml, status = 200) => {
    const context = pageContext(request, response);
    const runs = await listEvaluationRuns(db, listedRuns);
    const latest = runs.find((run) => run.status === 'completed');
    const previous = latest ? previousCompletedRun(runs, latest) : undefined;
    const canRun = roleSatisfies(context.principal.role, 'staff');
    const models = canRun ? await listScoringModels(db) : [];
    const title = tr(context, '信用风险分类评价', 'Credit risk evaluations');
    sendPage(response, context, {
      status,
      title,
      body: html`<h1>${title}</h1>
${notice ?? ''}
<p class="lead">${tr(context, '分类结果仅供内部使用，不对外公开。', 'Tiers are internal: they are never published.')}</p>
${canRun ? runForm(context, models, state ?? { asOf: shanghaiDate(new Date()), model: 'credit-risk' }) : ''}
<section aria-labelledby="latest-heading">
<h2 id="latest-heading">${tr(context, '最近一次评价', 'Latest run')}</h2>
${
  latest?.counts
    ? html`<p>${runLink(context, latest)} · ${latest.asOf} · <code>${latest.modelKey}</code>${
        previous ? html` · ${tr(context, '与上次相比', 'compared with')} ${runLink(context, previous)} (${previous.asOf})` : ''
      }</p>
${tierDistribution(context, latest.counts, previous?.counts ? { counts: previous.counts, label: previous.asOf } : undefined)}`
    : html`<p>${tr(context, '尚未完成任何评价。', 'No evaluation has completed yet.')}</p>`
}
</section>
<section aria-labelledby="runs-heading">
<h2 id="runs-heading">${tr(context, '全部评价', 'All runs')}</h2>
${runsTable(context, runs)}
</section>`,
    });
  };

  router.get('/console/evaluations', requirePageRole('staff', 'auditor'), async (request, response) => {
    await sendIndex(request, response);
  });

  router.post('/console/evaluations', requirePageRole('staff'), async (request, response) => {
    const context = pageContext(request, response);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const asOf = typeof body['asOf'] === 'string' ? body['asOf'].trim() : '';
    const model = typeof body['model'] === 'string' && body['model'].trim() !== '' ? body['model'].trim() : 'credit-risk';
    if (active) {
      const running = active.runId;
      await sendIndex(
        request,
        response,
        { asOf, model },
        html`<p class="notice error" role="alert">${tr(context, '已有一次评价正在进行：', 'An evaluation is already running: ')}<a href="/console/evaluations/${running}">${tr(
          context,
          `第 ${running} 次评价`,
          `run ${running}`,
        )}</a>${tr(context, '。请等它完成后再开始新的评价。', '. Wait for it to finish before starting another.')}</p>`,
        409,
      );
      return;
    }
    const begun = await beginEvaluationRun(deps.database, { asOf, model, ...(deps.now ? { now: deps.now() } : {}) });
    if (!begun.ok) {
      const issue = begun.error;
      if (issue.code === 'run_in_progress') {
        throw new ConflictError(
          tr(
            context,
            `该日期和模型的评价（第 ${issue.run.id} 次）正由一个仍在运行的进程执行：请等它完成，进度见其页面。若执行它的进程已停止，再次开始即可重新评价。`,
            `The run of this date and model (run ${issue.run.id}) is being executed by a live process: wait for it to finish and follow its page. If its process has stopped, start the run again and it is redone.`,
          ),
        );
      }
      const field = issue.code === 'invalid_date' || issue.code === 'as_of_in_future' ? 'asOf' : 'model';
      const message =
        issue.code === 'invalid_date'
          ? tr(context, `“${asOf}”不是有效日期（YYYY-MM-DD）。`, `'${asOf}' is not a date (YYYY-MM-DD).`)
          : issue.code === 'as_of_in_future'
            ? tr(context, `评价日期 ${asOf} 晚于今天（${issue.today}）：不能按尚未到来的日期评价。`, `${asOf} is after today (${issue.today}): an evaluation cannot be dated in the future.`)
            : issue.message;
      await sendIndex(
        request,
        response,
        { asOf, model, errors: { [field]: message } },
        html`<p class="notice error" role="alert">${tr(context, '表单有误，请看标出的字段。', 'The form has a problem: see the marked field.')}</p>`,
        400,
      );
      return;
    }
    const { run, execute } = begun.value;
    if (execute) {
      active = { runId: run.id };
      execute({ chunkSize: CONSOLE_CHUNK_SIZE })
        .catch((error: unknown) => deps.logger.error({ err: error, runId: run.id }, 'evaluation run failed'))
        .finally(() => {
          active = undefined;
        });
      response.redirect(303, `/console/evaluations/${run.id}`);
      return;
    }
    // This date and model were evaluated before: a run is never redone, so show it.
    response.redirect(303, `/console/evaluations/${run.id}?existing=1`);
  });

  router.get('/console/evaluations/:runId/progress', requireAnyRole('staff', 'auditor'), async (request, response) => {
    const run = await findRun(request);
    const total = run.status === 'completed' ? run.evaluated : Math.max(await countEnterprises(db), run.evaluated);
    response.set('Cache-Control', 'no-store').json({ runId: run.id, status: run.status, evaluated: run.evaluated, total, error: run.error });
  });

  router.get('/console/evaluations/:runId', requirePageRole('staff', 'auditor'), async (request, response) => {
    const context = pageContext(request, response);
    const run = await findRun(request);
    const codeAsked = typeof request.query['code'] === 'string' ? request.query['code'].trim() : undefined;
    let codeError: string | undefined;
    if (codeAsked !== undefined && codeAsked !== '') {
      const parsed = parseCreditCode(codeAsked);
      if (parsed.ok) {
        response.redirect(303, `/console/evaluations/${run.id}/enterprises/${parsed.value.value}`);
        return;
      }
      codeError = tr(context, '这不是有效的统一社会信用代码（18 位，含校验位）。', 'This is not a valid unified social credit code (18 characters with its check character).');
    }
    const runs = await listEvaluationRuns(db, listedRuns);
    const previous = previousCompletedRun(runs, run);
    const title = tr(context, `第 ${run.id} 次评价`, `Evaluation run ${run.id}`);
    const total = run.status === 'running' ? Math.max(await countEnterprises(db), run.evaluated) : run.evaluated;
    const changes = run.status === 'completed' && previous ? await countTierChanges(db, run.id, previous.id) : undefined;

    sendPage(response, context, {
      status: codeError ? 400 : 200,
      title,
      scripts: run.status === 'running' ? ['evaluation-progress'] : [],
      body: html`<h1>${title}</h1>
${request.query['existing'] === '1' ? html`<p class="notice" role="status">${tr(context, '该日期和模型已评价过；评价结果不会重算，这里显示已有的结果。', 'This date and model were evaluated before; a run is never redone, so here is the existing one.')}</p>` : ''}
<dl class="facts" id="run-facts">
<dt>${tr(context, '评价日期', 'As of')}</dt><dd>${run.asOf}</dd>
<dt>${tr(context, '模型', 'Model')}</dt><dd><code>${run.modelKey}</code></dd>
<dt>${tr(context, '状态', 'Status')}</dt><dd id="run-status">${runStatusLabel(context, run.status)}</dd>
<dt>${tr(context, '已评价', 'Evaluated')}</dt><dd id="run-evaluated">${formatNumber(context, run.evaluated)}</dd>
<dt>${tr(context, '开始（北京时间）', 'Started (Beijing)')}</dt><dd>${formatInstant(run.startedAt)}</dd>
<dt>${tr(context, '结束（北京时间）', 'Finished (Beijing)')}</dt><dd>${formatInstant(run.finishedAt)}</dd>
<dt>${tr(context, '用时', 'Duration')}</dt><dd>${formatDuration(context, run.durationMs)}</dd>
</dl>
${run.status === 'failed' ? html`<p class="notice error" role="alert">${tr(context, '评价失败：', 'The run failed: ')}${run.error ?? ''}</p>` : ''}
${run.status === 'running' ? progressSection(context, run, total) : ''}
${
  run.counts
    ? html`<section aria-labelledby="distribution-heading">
<h2 id="distribution-heading">${tr(context, '分类分布', 'Tier distribution')}</h2>
${tierDistribution(context, run.counts, previous?.counts ? { counts: previous.counts, label: previous.asOf } : undefined)}
</section>`
    : ''
}
${
  changes && previous
    ? html`<section aria-labelledby="transitions-heading">
<h2 id="transitions-heading">${tr(context, '与上次评价相比的变化', 'Changes since the previous run')}</h2>
${transitionsTable(context, changes, previous)}
</section>`
    : ''
}
${
  run.status === 'completed'
    ? html`<section aria-labelledby="explain-heading">
<h2 id="explain-heading">${tr(context, '查看一户企业的分类依据', "Explain one enterprise's tier")}</h2>
${codeError ? html`<p class="notice error" role="alert">${codeError}</p>` : ''}
<form class="search" method="get" action="/console/evaluations/${run.id}">
<div><label for="explain-code">${tr(context, '统一社会信用代码', 'Unified social credit code')}</label>
<input type="search" id="explain-code" name="code" required maxlength="18" autocomplete="off" value="${codeAsked ?? ''}"${
        codeError ? html` aria-invalid="true" aria-describedby="explain-code-error"` : ''
      }>
${codeError ? html`<p class="field-error" id="explain-code-error">${codeError}</p>` : ''}</div>
<div><button type="submit">${tr(context, '查看', 'Explain')}</button></div>
</form>
</section>`
    : ''
}
<p><a href="/console/evaluations">${tr(context, '返回全部评价', 'Back to all runs')}</a></p>`,
    });
  });

  router.get('/console/evaluations/:runId/enterprises/:code', requirePageRole('staff', 'auditor'), async (request, response) => {
    const context = pageContext(request, response);
    const run = await findRun(request);
    const { code } = parseRequestPart(enterpriseCodeParamsSchema, { code: request.params['code'] });
    const stored = await findEvaluation(db, run.id, code);
    if (!stored) throw new NotFoundError(tr(context, `第 ${run.id} 次评价中没有 ${code}。`, `Run ${run.id} has no evaluation of ${code}.`));
    const model = await findScoringModel(db, run.modelKey);
    if (!model.ok) throw new Error(`run ${run.id} names model ${run.modelKey}, which is not stored`);
    const explained = explainEvaluation(model.value, run, stored);
    const enterprise = await findEnterprise(db, code);
    const records = (await listEnterpriseRecords(db, code)).filter((entry) => entry.effectiveDate <= run.asOf);
    const title = tr(context, `分类依据：${enterprise?.name ?? code}`, `Why this tier: ${enterprise?.name ?? code}`);

    sendPage(response, context, {
      title,
      body: html`<h1>${title}</h1>
<dl class="facts" id="explanation-facts">
<dt>${tr(context, '统一社会信用代码', 'Credit code')}</dt><dd class="mono">${code}</dd>
<dt>${tr(context, '评价', 'Run')}</dt><dd>${runLink(context, run)} · ${run.asOf} · <code>${explained.modelKey}</code></dd>
<dt>${tr(context, '得分', 'Score')}</dt><dd id="explained-score">${explained.score.toFixed(2)}</dd>
<dt>${tr(context, '按得分的分类', 'Tier by score')}</dt><dd>${tierLabel(context, explained.scoreTier)}</dd>
<dt>${tr(context, '最终分类', 'Tier')}</dt><dd id="explained-tier"><strong>${tierLabel(context, explained.tier)}</strong></dd>
<dt>${tr(context, '观察期', 'Observation period')}</dt><dd>${
      explained.observation
        ? html`${tr(context, `是（只采取柔性措施），至 ${enterprise ? observationEndDate(model.value.observation, enterprise) : '—'}`, `yes (soft measures only), until ${enterprise ? observationEndDate(model.value.observation, enterprise) : '—'}`)} · <a href="/console/observation?run=${run.id}&amp;code=${code}#measure-heading">${tr(context, '记录柔性措施', 'Record a soft measure')}</a>`
        : tr(context, '否', 'no')
    }</dd>
</dl>
<section aria-labelledby="rules-heading">
<h2 id="rules-heading">${tr(context, '触发的硬性规则', 'Hard rules applied')}</h2>
${
  explained.rulesFired.length === 0
    ? html`<p>${tr(context, '无：分类由得分决定。', 'None: the score decides the tier.')}</p>`
    : html`<ul>${explained.rulesFired.map((rule) => html`<li><code>${rule.id}</code>: ${describedIn(context, rule)}</li>`)}</ul>`
}
</section>
<section aria-labelledby="indicators-heading">
<h2 id="indicators-heading">${tr(context, '指标及其对得分的影响', 'Indicators and what each did to the score')}</h2>
<div class="table-scroll"><table id="indicator-contributions">
<thead><tr><th scope="col">${tr(context, '指标', 'Indicator')}</th><th scope="col">${tr(context, '类别', 'Family')}</th><th scope="col">${tr(context, '说明', 'Description')}</th><th scope="col" class="number">${tr(context, '取值', 'Value')}</th><th scope="col" class="number">${tr(context, '中性值', 'Neutral')}</th><th scope="col" class="number">${tr(context, '得分影响', 'Points')}</th></tr></thead>
<tbody>${explained.indicators.map(
        (indicator) => html`<tr data-indicator="${indicator.name}"><th scope="row"><code>${indicator.name}</code></th><td>${familyName(context, indicator.family)}</td><td>${describedIn(context, indicator)}</td><td class="number">${indicator.value}</td><td class="number">${indicator.neutral}</td><td class="number">${
          indicator.contribution === 0 ? '0' : `${indicator.contribution > 0 ? '+' : '−'}${Math.abs(indicator.contribution).toFixed(2)}`
        }</td></tr>`,
      )}</tbody>
</table></div>
<p class="hint">${tr(context, '得分影响：该指标取实际值与取中性值时的得分之差。', "Points: the score with the indicator's actual value minus the score with its neutral value.")}</p>
</section>
<section aria-labelledby="formulas-heading">
<h2 id="formulas-heading">${tr(context, '公式', 'Formulas')}</h2>
<div class="table-scroll"><table id="formula-values">
<thead><tr><th scope="col">${tr(context, '公式', 'Formula')}</th><th scope="col">${tr(context, '说明', 'Description')}</th><th scope="col">${tr(context, '表达式', 'Expression')}</th><th scope="col" class="number">${tr(context, '值', 'Value')}</th></tr></thead>
<tbody>${explained.formulas.map(
        (formula, index) => html`<tr><th scope="row"><code>${formula.name}</code></th><td>${describedIn(context, formula)}</td><td><code>${model.value.formulas[index]?.expression ?? ''}</code></td><td class="number">${
          Number.isInteger(formula.value) ? formula.value : formula.value.toFixed(4)
        }</td></tr>`,
      )}</tbody>
</table></div>
</section>
<section aria-labelledby="records-heading">
<h2 id="records-heading">${tr(context, `评价使用的信用记录（截至 ${run.asOf}）`, `Credit records used (up to ${run.asOf})`)}</h2>
${
  records.length === 0
    ? html`<p>${tr(context, '没有信用记录。', 'No credit records.')}</p>`
    : html`<div class="table-scroll"><table id="records-used">
<thead><tr><th scope="col">${tr(context, '日期', 'Date')}</th><th scope="col">${tr(context, '类别', 'Kind')}</th><th scope="col">${tr(context, '内容', 'Details')}</th><th scope="col">${tr(context, '来源', 'Source')}</th><th scope="col">${tr(context, '依据', 'Legal basis')}</th></tr></thead>
<tbody>${records.map(
        ({ record, effectiveDate }) => html`<tr><td>${effectiveDate}</td><td>${CREDIT_RECORD_KIND_NAMES[record.kind]}${context.lang === 'en' ? html` <span class="hint">(${record.kind})</span>` : ''}</td><td>${describeRecord(context, record)}</td><td>${record.source}</td><td>${record.legalBasis ?? '—'}</td></tr>`,
      )}</tbody>
</table></div>`
}
</section>`,
    });
  });

}
