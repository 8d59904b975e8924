/**
 * Issue 17 on the portal: a correction of a published result (GET /results/corrections/N,
 * linked from the result it corrects, which the results page marks as corrected), and the
 * bureau's three lists (GET /lists/leniency, 三张清单). Statements and defence are never
 * shown here: they are between the enterprise and the bureau.
 */
import type { Request, Response, Router } from 'express';
import { findLeniencyLists } from '../../application/leniency-lists.ts';
import { findPublishedCorrection, type CorrectionMark } from '../../application/result-corrections.ts';
import type { ServedDependencies } from '../../http/app.ts';
import { NotFoundError } from '../../http/problem.ts';
import { html, type SafeHtml } from '../html.ts';
import { pageContext, sendPage, tr, type PageContext } from '../page.ts';
import { CORRECTION_KIND_LABELS, labelOf, LENIENCY_LIST_LABELS, RESULT_OUTCOMES } from './labels.ts';

export const CORRECTIONS_PATH = '/results/corrections';
export const LENIENCY_LISTS_PATH = '/lists/leniency';

/**
 * The mark a corrected result carries on the portal: the kind of correction and a link to it.
 *
 * @example correctionMark(context, { number: 1, kind: 'change' }) // <strong class="corrected">已更正（变更）</strong> <a href="/results/corrections/1">第 1 号更正</a>
 */
export function correctionMark(context: PageContext, correction: Pick<CorrectionMark, 'number' | 'kind'>): SafeHtml {
  return html`<strong class="corrected" data-correction="${String(correction.number)}">${tr(context, '已更正', 'Corrected')}（${labelOf(CORRECTION_KIND_LABELS, correction.kind, context.lang)}）</strong> <a href="${CORRECTIONS_PATH}/${String(correction.number)}">${tr(
    context,
    `第 ${correction.number} 号更正`,
    `Correction ${correction.number}`,
  )}</a>`;
}

async function correctionPage(request: Request, response: Response, deps: ServedDependencies): Promise<void> {
  const context = pageContext(request, response);
  const number = Number(request.params.number);
  const found = Number.isSafeInteger(number) && number >= 1 && number <= 2147483647 ? await findPublishedCorrection(deps.database.db, number) : undefined;
  if (!found) throw new NotFoundError(`没有第 ${request.params.number} 号更正。 / No correction ${request.params.number}.`);
  const { record, recordHash } = found.envelope;
  const { original } = record;
  const title = tr(context, `检查结果更正 第 ${number} 号`, `Result correction ${number}`);
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '已公示的检查结果不作修改：更正是一份新的签名记录，写入公示日志，并指向被更正的原结果。',
      'A published result is never edited: a correction is a new signed record in the publication log that points to the result it corrects.',
    )}</p>
<dl class="facts" id="correction">
<dt>${tr(context, '更正方式', 'Kind')}</dt><dd>${labelOf(CORRECTION_KIND_LABELS, record.kind, context.lang)}</dd>
<dt>${tr(context, '原结果', 'Original result')}</dt><dd><a id="original-link" href="/results?task=${encodeURIComponent(original.task)}&amp;code=${encodeURIComponent(original.creditCode)}">${original.task} · <code class="credit-code">${original.creditCode}</code> · ${original.item}</a><br><span class="hint">${tr(context, `第 ${original.batch} 批，记录哈希 `, `Batch ${original.batch}, record hash `)}<code class="mono">${original.recordHash}</code> (<a href="/api/public/results/batches/${encodeURIComponent(original.task)}/${String(original.batch)}">JSON</a>)</span></dd>
${
  record.corrected
    ? html`<dt>${tr(context, '更正后的结果', 'Result as corrected')}</dt><dd>${labelOf(RESULT_OUTCOMES, record.corrected.outcome, context.lang)}<br>${record.corrected.summary}${
        record.corrected.correctiveOrder ? html`<br><span class="hint">${tr(context, '责令改正：', 'Corrective order: ')}${record.corrected.correctiveOrder}</span>` : ''
      }</dd>`
    : html`<dt>${tr(context, '更正后的结果', 'Result as corrected')}</dt><dd>${tr(context, '原结果已撤销，不再有效。', 'The original result is revoked and no longer stands.')}</dd>`
}
<dt>${tr(context, '理由', 'Reason')}</dt><dd>${record.reason}</dd>
<dt>${tr(context, '批准', 'Approved by')}</dt><dd>${record.approvedBy.join(' → ')}${record.fourEyes ? tr(context, '（四眼原则）', ' (four eyes)') : ''}</dd>
<dt>${tr(context, '公示时间', 'Published at')}</dt><dd>${record.publishedAt}</dd>
</dl>
<p>${tr(context, '签名记录：', 'Signed record: ')}<a href="/api/public/results/corrections/${String(number)}">/api/public/results/corrections/${String(number)}</a> · ${tr(context, '日志包含证明：', 'Log inclusion proof: ')}<a href="/api/public/log/proof/inclusion?hash=${recordHash}"><code class="mono">${recordHash.slice(0, 16)}…</code></a></p>`,
  });
}

async function leniencyListsPage(request: Request, response: Response, deps: ServedDependencies): Promise<void> {
  const context = pageContext(request, response);
  const entries = await findLeniencyLists(deps.database.db);
  const title = tr(context, '三张清单', 'The three lists');
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '本机关的从轻处罚、减轻处罚和免予处罚清单（包容审慎监管）。首违不罚是免予处罚清单中的首次违法情形。行政处罚记录可以注明所适用的清单事项。',
      "The bureau's lists of violations penalised lightly, with a mitigated penalty, or not at all (inclusive and prudent supervision). 首违不罚 (no penalty for a first violation) is the no-penalty list's first-violation case. A penalty record may name the entry it applied.",
    )}</p>
${
  entries.length === 0
    ? html`<p>${tr(context, '尚未公布清单。', 'No lists are published yet.')}</p>`
    : (['lighter', 'mitigated', 'exempt'] as const).map((list) => {
        const ofList = entries.filter((entry) => entry.list === list);
        return html`<h2 id="list-${list}">${labelOf(LENIENCY_LIST_LABELS, list, context.lang)}</h2>
${
  ofList.length === 0
    ? html`<p>${tr(context, '本清单暂无事项。', 'This list has no entries.')}</p>`
    : html`<div class="table-scroll"><table data-list="${list}"><thead><tr><th scope="col">${tr(context, '编号', 'Code')}</th><th scope="col">${tr(context, '违法行为', 'Violation')}</th><th scope="col">${tr(context, '法律依据', 'Legal basis')}</th><th scope="col">${tr(context, '适用条件', 'Conditions')}</th></tr></thead>
<tbody>${ofList.map(
        (entry) =>
          html`<tr data-code="${entry.code}"><td><code>${entry.code}</code></td><td>${entry.item}${entry.firstViolation ? html`<br><strong>${tr(context, '首违不罚', 'First violation: no penalty')}</strong>` : ''}</td><td>${entry.legalBasis}</td><td>${entry.conditions}</td></tr>`,
      )}</tbody></table></div>`
}`;
      })
}
<p class="hint">JSON: <a href="/api/public/leniency-lists">/api/public/leniency-lists</a></p>`,
  });
}

export function registerCorrectionPages(router: Router, deps: ServedDependencies): void {
  router.get(`${CORRECTIONS_PATH}/:number`, (request, response) => correctionPage(request, response, deps));
  router.get(LENIENCY_LISTS_PATH, (request, response) => leniencyListsPage(request, response, deps));
}
