/**
 * /enterprise: an enterprise signed in with its receipt code sees its own receipts (one per
 * drawn task whose pool it was in: stratum, ticket, selected or not, with a link to verify
 * it), its own published inspection results, its statements (陈述申辩) and its
 * self-inspection reports (自查报告, issue 17). Nothing about any other enterprise.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import { buildReceipt, listPublishedDraws } from '../../application/draw-publication.ts';
import type { Receipt } from '../../core/draw/record.ts';
import { principalOf } from '../../http/auth.ts';
import { describeStatementIssue, findStatements, statusOfStatementIssue, submitStatement, type ResultStatementRow } from '../../application/result-statements.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import { describeSelfInspectionIssue, findOwnSelfInspections, statusOfSelfInspectionIssue, submitSelfInspectionReport } from '../../application/self-inspection.ts';
import { readReportForm, selfInspectionSection, SELF_INSPECTION_FORM_PATH } from './self-inspection.ts';
import type { Database, DatabaseHandle } from '../../persistence/database.ts';
import { formText, selectField, successNotice, textareaField } from '../console/cycle-forms.ts';
import { formatLocalTime } from '../console/shared.ts';
import { listPublishedResults } from '../../persistence/results-repository.ts';
import { html } from '../html.ts';
import { csrfField, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
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

async function enterprisePage(
  request: Request,
  response: Response,
  db: Database,
  keys: BureauKeys | undefined,
  now: () => Date,
  state: { status?: number; error?: string; statement?: string; selfInspectionError?: string } = {},
): Promise<void> {
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
  const statements = await findStatements(db, { creditCode });
  const selfInspections = await findOwnSelfInspections(db, creditCode, shanghaiDate(now()));
  sendPage(response, context, {
    ...(state.status ? { status: state.status } : {}),
    title,
    body: html`<h1>${title}</h1>
<dl class="facts"><dt>${tr(context, '统一社会信用代码', 'Unified social credit code')}</dt><dd><code>${creditCode}</code></dd></dl>
${selfInspectionSection(context, selfInspections, { submitted: request.query.done === 'self-inspection', error: state.selfInspectionError })}
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
}
${statementSection(context, results.slice(0, RESULTS_SHOWN), statements, { ...state, submitted: request.query.done === 'statement' })}`,
  });
}

/**
 * 陈述申辩: the form to state the case on one of the enterprise's published results, and its
 * statements with the bureau's answers. Neither is published.
 */
function statementSection(
  context: PageContext,
  results: readonly { taskCode: string; itemCode: string; itemName: string }[],
  statements: readonly ResultStatementRow[],
  state: { error?: string; statement?: string; submitted?: boolean },
) {
  const time = (at: Date) => formatLocalTime(context, at);
  return html`<h2 id="statements">${tr(context, '陈述申辩', 'Statements and defence')}</h2>
<p class="hint">${tr(
    context,
    '对已公示的检查结果有异议的，可以提出陈述、申辩；登记机关答复后在此显示。陈述申辩不公开。',
    'If you disagree with a published result, state your case here; the bureau’s answer appears below. Statements are not published.',
  )}</p>
${state.submitted ? successNotice(tr(context, '已提交。', 'Submitted.')) : ''}
${state.error ? html`<div class="notice error" role="alert"><p>${state.error}</p></div>` : ''}
${
  results.length === 0
    ? ''
    : html`<form method="post" action="/enterprise/statements" id="statement-form">${csrfField(context)}
${selectField({
  name: 'result',
  label: tr(context, '检查结果', 'Result'),
  choices: results.map((result) => ({ value: `${result.taskCode}|${result.itemCode}`, label: `${result.taskCode} · ${result.itemName || result.itemCode}` })),
})}
${textareaField({ name: 'statement', label: tr(context, '陈述、申辩内容', 'Your statement'), value: state.statement ?? '', required: true, rows: 6 })}
<button type="submit">${tr(context, '提交陈述申辩', 'Submit the statement')}</button>
</form>`
}
${
  statements.length === 0
    ? ''
    : html`<ul class="plain" id="own-statements">${statements.map(
        (statement) => html`<li data-statement="${String(statement.id)}"><p><strong>${statement.taskCode} · ${statement.itemCode}</strong> <span class="hint">${time(statement.submittedAt)}</span></p>
<blockquote>${statement.statement}</blockquote>
${
  statement.answer === null
    ? html`<p class="hint">${tr(context, '待答复', 'Waiting for an answer')}</p>`
    : html`<p class="answer"><strong>${tr(context, '答复：', 'Answer: ')}</strong>${statement.answer} <span class="hint">${statement.answeredAt ? time(statement.answeredAt) : ''}</span></p>`
}</li>`,
      )}</ul>`
}`;
}

async function submitOwnStatement(request: Request, response: Response, database: DatabaseHandle, keys: BureauKeys | undefined, now: () => Date): Promise<void> {
  const creditCode = principalOf(response).enterpriseCode;
  if (creditCode === undefined) {
    response.redirect(303, '/enterprise');
    return;
  }
  const [taskCode = '', itemCode = ''] = formText(request, 'result').split('|');
  const statement = formText(request, 'statement');
  const saved = await submitStatement(database, { taskCode, itemCode, creditCode, statement }, now());
  if (saved.ok) {
    markActivityRecorded(response);
    response.redirect(303, '/enterprise?done=statement#statements');
    return;
  }
  await enterprisePage(request, response, database.db, keys, now, { status: statusOfStatementIssue(saved.error), error: describeStatementIssue(saved.error, pageContext(request, response).lang), statement });
}

async function submitOwnReport(request: Request, response: Response, database: DatabaseHandle, keys: BureauKeys | undefined, now: () => Date): Promise<void> {
  const creditCode = principalOf(response).enterpriseCode;
  if (creditCode === undefined) {
    response.redirect(303, '/enterprise');
    return;
  }
  const at = now();
  const taskCode = String(request.params.task);
  // The items come from the task the enterprise was selected by; any other task is refused by the use case.
  const task = (await findOwnSelfInspections(database.db, creditCode, shanghaiDate(at))).find((own) => own.code === taskCode) ?? { code: taskCode, items: [] };
  const saved = await submitSelfInspectionReport(database, readReportForm(request, task, creditCode), at);
  if (saved.ok) {
    response.redirect(303, '/enterprise?done=self-inspection#self-inspection');
    return;
  }
  await enterprisePage(request, response, database.db, keys, now, { status: statusOfSelfInspectionIssue(saved.error), selfInspectionError: describeSelfInspectionIssue(saved.error, pageContext(request, response).lang) });
}

/** Like requirePageRole('enterprise'), but the public is sent to the enterprise sign-in. */
const requireEnterprise: RequestHandler = (request, response, next) => {
  if (principalOf(response).role === 'public') {
    response.redirect(303, '/enterprise/login');
    return;
  }
  requirePageRole('enterprise')(request, response, next);
};

export function registerEnterprisePage(router: Router, database: DatabaseHandle, keys: BureauKeys | undefined, now: () => Date = () => new Date()): void {
  router.get('/enterprise', requireEnterprise, (request, response) => enterprisePage(request, response, database.db, keys, now));
  router.post('/enterprise/statements', requireEnterprise, (request, response) => submitOwnStatement(request, response, database, keys, now));
  router.post(`${SELF_INSPECTION_FORM_PATH}/:task`, requireEnterprise, (request, response) => submitOwnReport(request, response, database, keys, now));
}
