/**
 * /enterprise: an enterprise signed in with its receipt code sees its own receipts (one per
 * drawn task whose pool it was in: stratum, ticket, selected or not, with a link to verify
 * it) and its own published inspection results. Nothing about any other enterprise.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import { buildReceipt, listPublishedDraws } from '../../application/draw-publication.ts';
import type { Receipt } from '../../core/draw/record.ts';
import { principalOf } from '../../http/auth.ts';
import type { Database } from '../../persistence/database.ts';
import { listPublishedResults } from '../../persistence/results-repository.ts';
import { html } from '../html.ts';
import { pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { RESULT_OUTCOMES } from '../public/labels.ts';
import { noStore } from './form.ts';

/** More than any one enterprise has in practice; the page says so if it is reached. */
const RESULTS_SHOWN = 200;

function outcomeLabel(context: PageContext, outcome: string): string {
  const label = RESULT_OUTCOMES[outcome];
  return label ? tr(context, label[0], label[1]) : outcome;
}

interface OwnReceipt {
  readonly taskCode: string;
  readonly taskName: string;
  readonly year: number;
  readonly receipt: Receipt;
}

async function ownReceipts(db: Database, keys: BureauKeys | undefined, creditCode: string): Promise<OwnReceipt[]> {
  const receipts: OwnReceipt[] = [];
  if (!keys) return receipts;
  for (const draw of await listPublishedDraws(db)) {
    if (draw.status !== 'drawn') continue;
    const receipt = await buildReceipt(db, keys, draw.taskCode, creditCode);
    if (receipt) receipts.push({ taskCode: draw.taskCode, taskName: draw.name, year: draw.year, receipt });
  }
  return receipts;
}

async function enterprisePage(request: Request, response: Response, db: Database, keys: BureauKeys | undefined): Promise<void> {
  const context = pageContext(request, response);
  const creditCode = principalOf(response).enterpriseCode;
  noStore(response);
  const title = tr(context, '本企业', 'My enterprise');
  if (creditCode === undefined) {
    // An enterprise API token names no enterprise: only a receipt-code sign-in does.
    sendPage(response, context, {
      title,
      body: html`<h1>${title}</h1><p class="notice">${tr(context, '请用信用代码和回执码登录后查看本企业信息。', 'Sign in with your credit code and receipt code to see your enterprise.')} <a href="/enterprise/login">${tr(context, '企业登录', 'Enterprise sign-in')}</a></p>`,
    });
    return;
  }
  const receipts = await ownReceipts(db, keys, creditCode);
  const results = await listPublishedResults(db, { creditCode, limit: RESULTS_SHOWN + 1 });
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<dl class="facts"><dt>${tr(context, '统一社会信用代码', 'Unified social credit code')}</dt><dd><code>${creditCode}</code></dd></dl>
<h2>${tr(context, '抽取回执', 'Draw receipts')}</h2>
<p class="hint">${tr(
      context,
      '贵企业所在的每一次已完成抽取各有一张回执。点击“核验”可在浏览器中核对这次抽取。',
      'There is one receipt for each completed draw whose pool included your enterprise. "Verify" checks that draw in your browser.',
    )}</p>
${
  receipts.length === 0
    ? html`<p>${tr(context, '暂无回执。', 'No receipts yet.')}</p>`
    : html`<div class="table-scroll"><table>
<caption class="hint">${tr(context, `共 ${receipts.length} 张回执`, `${receipts.length} receipts`)}</caption>
<thead><tr><th scope="col">${tr(context, '抽取任务', 'Task')}</th><th scope="col">${tr(context, '层', 'Stratum')}</th><th scope="col">${tr(context, '签号', 'Ticket')}</th><th scope="col">${tr(context, '是否抽中', 'Selected')}</th><th scope="col">${tr(context, '核验', 'Verify')}</th></tr></thead>
<tbody>${receipts.map(
        (own) => html`<tr>
<td><a href="/draws/${encodeURIComponent(own.taskCode)}">${own.taskCode}</a><br><span class="hint">${own.taskName} · ${own.year}</span></td>
<td>${own.receipt.stratum}</td>
<td><code class="mono">${own.receipt.ticket}</code></td>
<td>${own.receipt.selected ? html`<strong>${tr(context, '是，已抽中', 'Yes, selected')}</strong>` : tr(context, '否，未抽中', 'No, not selected')}</td>
<td><a href="/receipt?draw=${encodeURIComponent(own.taskCode)}&amp;code=${encodeURIComponent(creditCode)}">${tr(context, '核验回执', 'Verify receipt')}</a></td>
</tr>`,
      )}</tbody></table></div>`
}
<h2>${tr(context, '已公示的检查结果', 'Published inspection results')}</h2>
${
  results.length === 0
    ? html`<p>${tr(context, '暂无已公示的检查结果。', 'No published inspection results yet.')}</p>`
    : html`<div class="table-scroll"><table>
<thead><tr><th scope="col">${tr(context, '抽取任务', 'Task')}</th><th scope="col">${tr(context, '检查事项', 'Item')}</th><th scope="col">${tr(context, '检查日期', 'Date')}</th><th scope="col">${tr(context, '结果', 'Outcome')}</th><th scope="col">${tr(context, '说明', 'Summary')}</th></tr></thead>
<tbody>${results.slice(0, RESULTS_SHOWN).map(
        (result) => html`<tr><td>${result.taskCode}</td><td>${result.itemName || result.itemCode}</td><td>${result.inspectionDate}</td><td>${outcomeLabel(context, result.outcome)}</td><td>${result.summary}${
          result.correctiveOrder ? html`<br><span class="hint">${tr(context, '责令整改：', 'Corrective order: ')}${result.correctiveOrder}</span>` : ''
        }</td></tr>`,
      )}</tbody></table></div>
${results.length > RESULTS_SHOWN ? html`<p><a href="/results?code=${encodeURIComponent(creditCode)}">${tr(context, '查看全部结果', 'See all results')}</a></p>` : ''}`
}`,
  });
}

/** Like requirePageRole('enterprise'), but the public is sent to the enterprise sign-in. */
const requireEnterprise: RequestHandler = (request, response, next) => {
  if (principalOf(response).role === 'public') {
    response.redirect(303, '/enterprise/login');
    return;
  }
  requirePageRole('enterprise')(request, response, next);
};

export function registerEnterprisePage(router: Router, db: Database, keys: BureauKeys | undefined): void {
  router.get('/enterprise', requireEnterprise, (request, response) => enterprisePage(request, response, db, keys));
}
