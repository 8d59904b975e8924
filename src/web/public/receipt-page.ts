/**
 * "Was I drawn fairly?" (我被公平抽取了吗): an enterprise enters the draw, its credit code and
 * the receipt code of its notification. With JavaScript (src/web/browser/receipt.ts) its
 * browser fetches the receipt and the public record and runs the verifier itself; without,
 * the form posts to the server, which runs the same verifier. A wrong receipt code and "not in
 * the pool" get the same answer, as in the API.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { bureauKeySet, getDrawLogProofs, readSignedReceipt } from '../../application/draw-publication.ts';
import { nodeSha256 } from '../../application/node-hash.ts';
import { findPublishedDraw } from '../../application/public-portal.ts';
import type { Receipt } from '../../core/draw/record.ts';
import { compareTicketed } from '../../core/draw/ticket.ts';
import { allChecksPassed, verifyRecord, type Check } from '../../core/verify/index.ts';
import type { ServedDependencies } from '../../http/app.ts';
import { PUBLIC_LOG_PATH } from '../../http/routes/publication-log.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, pageContext, sendPage, tr, type PageContext } from '../page.ts';
import { drawFileUrls } from './draws.ts';
import { ticketCode } from './format.ts';
import { CHECK_STATUS_ICONS, CHECK_STATUS_WORDS, CHECK_TITLES } from './labels.ts';
import { receiptPageRateLimiter } from '../../http/login-rate-limit.ts';
import { normaliseCreditCode } from '../../core/credit-code.ts';

const querySchema = z.object({
  draw: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/).optional().catch(undefined),
  code: z.string().max(40).optional().catch(undefined),
  receiptCode: z.string().max(64).optional().catch(undefined),
});

const creditCodeShape = /^[0-9A-Z]{18}$/;

/** The receipt's facts: selected or not, the ticket and the threshold it was compared with. */
export function receiptSummary(context: PageContext, receipt: Receipt): SafeHtml {
  const threshold = receipt.threshold !== undefined && receipt.thresholdCode !== undefined ? { ticket: receipt.threshold, code: receipt.thresholdCode } : undefined;
  const below = threshold !== undefined && compareTicketed({ code: receipt.code, ticket: receipt.ticket }, threshold) <= 0;
  return html`<dl class="facts" id="receipt-summary" data-selected="${String(receipt.selected)}">
<dt>${tr(context, '统一社会信用代码', 'Credit code')}</dt><dd><code>${receipt.code}</code></dd>
<dt>${tr(context, '是否抽中', 'Selected')}</dt><dd id="receipt-selected">${receipt.selected ? tr(context, '是，贵企业被抽中', 'Yes, your enterprise was selected') : tr(context, '否，贵企业未被抽中', 'No, your enterprise was not selected')}</dd>
<dt>${tr(context, '贵企业的签号', 'Your ticket')}</dt><dd>${ticketCode(context, receipt.ticket)}</dd>
${
  receipt.N === undefined || receipt.k === undefined
    ? ''
    : html`<dt>${tr(context, '本层企业数与抽取数（仅向贵企业出示，与公示的承诺值核对）', "Your stratum's pool and sample (shown to you only, checked against the published commitment)")}</dt><dd id="receipt-stratum-size">N = ${receipt.N}, k = ${receipt.k}</dd>`
}
<dt>${tr(context, '本层门槛（第 k 家抽中企业的签号）', "The stratum's threshold (the k-th selected ticket)")}</dt><dd>${threshold ? html`${ticketCode(context, threshold.ticket)} (<code>${threshold.code}</code>)` : tr(context, '本层不抽取（k = 0）', 'No one is drawn in this stratum (k = 0)')}</dd>
<dt>${tr(context, '比较', 'Comparison')}</dt><dd id="receipt-comparison">${
    threshold
      ? below
        ? tr(context, '签号 ≤ 门槛：必须抽中', 'ticket ≤ threshold: had to be selected')
        : tr(context, '签号 > 门槛：不能抽中', 'ticket > threshold: could not be selected')
      : tr(context, '没有门槛：不能抽中', 'no threshold: could not be selected')
  }</dd>
</dl>`;
}

/** Checks rendered on the server, in the same markup the browser scripts produce. */
export function serverChecks(context: PageContext, checks: readonly Check[]): SafeHtml {
  const passed = allChecksPassed(checks);
  const failed = checks.filter((check) => check.status === 'failed').map((check) => tr(context, CHECK_TITLES[check.id][0], CHECK_TITLES[check.id][1]));
  return html`<div id="verdict" class="verdict ${passed ? 'passed' : 'failed'}" data-verdict="${passed ? 'passed' : 'failed'}" role="alert">${passed ? '✔' : '✘'} ${
    passed ? tr(context, '全部核验通过', 'All checks passed') : `${tr(context, '核验失败：', 'Verification failed: ')}${failed.join(tr(context, '；', '; '))}`
  }</div>
<ol id="checks" class="checks">${checks.map(
    (check) =>
      html`<li class="${check.status}" data-check-id="${check.id}" data-status="${check.status}"><span class="status">${CHECK_STATUS_ICONS[check.status]} ${tr(context, CHECK_STATUS_WORDS[check.status][0], CHECK_STATUS_WORDS[check.status][1])}</span><span class="title">${tr(
        context,
        CHECK_TITLES[check.id][0],
        CHECK_TITLES[check.id][1],
      )}</span><p class="reason" lang="en">${check.reason}</p></li>`,
  )}</ol>`;
}

async function serverVerification(context: PageContext, deps: ServedDependencies, draw: string, code: string, receiptCode: string): Promise<SafeHtml> {
  const { db } = deps.database;
  const notFound = html`<p class="notice error" role="alert" id="receipt-error">${tr(
    context,
    '没有找到与该信用代码和回执码匹配的回执。请核对检查通知书上的回执码。',
    'No receipt matches this credit code and receipt code. Check the receipt code on your notification.',
  )}</p>`;
  if (!creditCodeShape.test(code)) {
    return html`<p class="notice error" role="alert" id="receipt-error">${tr(context, '统一社会信用代码应为 18 位数字或大写字母。', 'A credit code is 18 digits or capital letters.')}</p>`;
  }
  const published = await findPublishedDraw(db, draw, deps.publishedDraws.texts);
  if (!deps.bureauKeys) return notFound;
  const receipt = await readSignedReceipt(db, deps.bureauKeys, draw, code, { receiptCode });
  if (!receipt.ok || !published?.envelope) return notFound;
  const proofs = await getDrawLogProofs(db, draw);
  const checks = verifyRecord({
    record: published.envelope,
    receipt: receipt.value,
    ...(published.commitment ? { commitment: published.commitment } : {}),
    ...(deps.bureauKeys ? { keys: bureauKeySet(deps.bureauKeys) } : {}),
    logInclusion: proofs?.record,
    commitmentLogInclusion: proofs?.commitment,
    requireSignature: true,
    requireLogInclusion: true,
    hash: nodeSha256,
  });
  return html`<h2>${tr(context, '核对结果（由服务器计算）', 'Result (computed by the server)')}</h2>
<p class="hint">${tr(context, '启用 JavaScript 后，同样的核验会在您的浏览器中进行。', 'With JavaScript on, the same verification runs in your browser instead.')}</p>
${receiptSummary(context, receipt.value.record)}
${serverChecks(context, checks)}`;
}

/**
 * GET prefills the draw and the credit code from the query; POST (the form without
 * JavaScript) also carries the receipt code, in the body so it never lands in a URL.
 */
async function receiptPage(request: Request, response: Response, deps: ServedDependencies): Promise<void> {
  const context = pageContext(request, response);
  const parsed = querySchema.safeParse(request.method === 'POST' ? request.body : { draw: request.query.draw, code: request.query.code });
  const query = parsed.success ? parsed.data : {};
  const drawn = (await deps.publishedDraws.summaries()).filter((line) => line.status === 'drawn');
  const code = normaliseCreditCode(query.code ?? '');
  const chosen = query.draw ?? drawn[0]?.taskCode;
  const result =
    query.draw !== undefined && code !== '' && query.receiptCode !== undefined && query.receiptCode.trim() !== ''
      ? await serverVerification(context, deps, query.draw, code, query.receiptCode.trim())
      : html``;
  const title = tr(context, '我被公平抽取了吗', 'Was I drawn fairly?');
  sendPage(response, context, {
    title,
    scripts: ['receipt'],
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '被抽查或未被抽查的企业，都可以用检查通知书上的回执码核对：贵企业确实在冻结的对象库中，是否抽中完全由签号和本层门槛决定。',
      'Every enterprise in the pool can check, with the receipt code on its notification, that it is in the frozen pool and that being selected or not follows from its ticket and its stratum\'s threshold alone.',
    )}</p>
<p class="hint">${tr(context, '回执码只用于取回您的回执，不会显示在本页上。', 'The receipt code only fetches your receipt; it is never shown on this page.')}</p>
<form id="receipt-form" class="stack" method="post" action="/receipt" data-receipt-url="/api/public/draws/{draw}/receipts/{code}" data-log-proof-url="${PUBLIC_LOG_PATH}/proof/inclusion" data-keys-url="/.well-known/suiji-keys.json">
${csrfField(context)}
<div><label for="draw">${tr(context, '抽取任务', 'Draw')}</label><select id="draw" name="draw" required>${drawn.map(
      (line) => html`<option value="${line.taskCode}"${line.taskCode === chosen ? ' selected' : ''}>${line.taskCode} · ${line.name}</option>`,
    )}</select></div>
<div><label for="code">${tr(context, '统一社会信用代码', 'Unified social credit code')}</label><input type="text" id="code" name="code" value="${code}" required maxlength="18" autocomplete="off" spellcheck="false" inputmode="latin"></div>
<div><label for="receipt-code">${tr(context, '回执码（见检查通知书）', 'Receipt code (on your notification)')}</label><input type="password" id="receipt-code" name="receiptCode" required maxlength="64" autocomplete="off" spellcheck="false"></div>
<div><button type="submit" id="check-receipt">${tr(context, '核对', 'Check')}</button></div>
</form>
<div id="receipt-result">
<p id="verify-status" class="verify-status" role="status" aria-live="polite"></p>
<div id="receipt-details">${result}</div>
</div>
${drawn.length === 0 ? html`<p>${tr(context, '还没有公示的抽取。', 'No draw has been published yet.')}</p>` : ''}
<p><a href="${chosen ? drawFileUrls(chosen).page : '/draws'}">${tr(context, '查看抽取公示', 'See the published draw')}</a></p>`,
  });
}

export function registerReceiptPage(router: Router, deps: ServedDependencies): void {
  router.get('/receipt', (request, response) => receiptPage(request, response, deps));
  router.post('/receipt', receiptPageRateLimiter(), (request, response) => receiptPage(request, response, deps));
}
