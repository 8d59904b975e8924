/**
 * Staff console: a drawn task's inspection notices (检查通知书), every selected enterprise's
 * in one go, as a print-ready page (A4 sheets; the print stylesheet hides the console around
 * them) and as one PDF for the batch. Each notice carries the enterprise's receipt code and a
 * QR code of its check page; the address never holds the code. Every download is logged.
 */
import type { Request, Response, Router } from 'express';
import QRCode from 'qrcode';
import { describeNoticeIssue, loadTaskNotices, statusOfNoticeIssue, type TaskNotices } from '../../application/inspection-notices.ts';
import { DEFAULT_NOTICE_FONT_PATH } from '../../config.ts';
import type { AppDependencies } from '../../http/app.ts';
import { recordDownload } from '../../http/download-activity.ts';
import { HttpError } from '../../http/problem.ts';
import { siteOrigin } from '../../http/site-settings.ts';
import { html, trustedHtml, type SafeHtml } from '../html.ts';
import { pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { NoticeFontMissingError, renderNoticesPdf } from './notice-pdf.ts';
import { NOTICE_QR_OPTIONS, noticeText } from './notice-text.ts';
import { assertBureauKeys } from '../../http/bureau-key-guard.ts';

type Deps = Pick<AppDependencies, 'database' | 'bureauKeys' | 'noticeFontPath'>;

/**
 * Where a task's notices are printed from.
 *
 * @example noticesPath('2027-SP-01') // '/console/tasks/2027-SP-01/notices'
 */
export function noticesPath(taskCode: string): string {
  return `/console/tasks/${encodeURIComponent(taskCode)}/notices`;
}

async function noticesOf(deps: Deps, request: Request, context: PageContext): Promise<TaskNotices> {
  assertBureauKeys(deps.bureauKeys, 'derive_receipt_codes');
  const code = request.params.code;
  const loaded = await loadTaskNotices(deps.database.db, deps.bureauKeys, typeof code === 'string' ? code : '', siteOrigin(request));
  if (!loaded.ok) throw new HttpError(statusOfNoticeIssue(loaded.error), describeNoticeIssue(loaded.error, context.lang));
  return loaded.value;
}

async function noticeSheet(context: PageContext, batch: TaskNotices, index: number): Promise<SafeHtml> {
  const notice = batch.notices[index]!;
  const text = noticeText(context, batch, notice);
  // qrcode writes the SVG from the address alone (no markup of ours in it).
  const qr = trustedHtml(await QRCode.toString(notice.checkUrl, { ...NOTICE_QR_OPTIONS, type: 'svg' }));
  return html`<article class="notice-sheet" id="notice-${notice.creditCode}" data-credit-code="${notice.creditCode}" aria-labelledby="notice-title-${index}">
<h2 class="notice-title" id="notice-title-${index}">${text.title}</h2>
<p class="notice-addressee">${text.addressee}</p>
<p class="notice-opening">${text.opening}</p>
${text.sections.map((section) => html`<section><h3>${section.heading}</h3>${section.lines.map((line) => html`<p>${line}</p>`)}</section>`)}
<div class="notice-check">
<figure class="notice-qr" data-url="${text.checkUrl}">${qr}<figcaption>${text.qrCaption}</figcaption></figure>
<dl>
<dt>${text.receiptCodeLabel}</dt><dd class="receipt-code"><code>${text.receiptCode}</code></dd>
<dt>${text.checkUrlLabel}</dt><dd class="check-url"><code>${text.checkUrl}</code></dd>
</dl>
</div>
<p class="notice-footer">${text.footer}</p>
</article>`;
}

async function sendNoticesPage(deps: Deps, request: Request, response: Response): Promise<void> {
  const context = pageContext(request, response);
  const batch = await noticesOf(deps, request, context);
  const sheets: SafeHtml[] = [];
  for (let index = 0; index < batch.notices.length; index++) sheets.push(await noticeSheet(context, batch, index));
  await recordDownload(deps.database.db, request, response, { subject: batch.task.code, format: 'html' });
  const title = tr(context, `检查通知书：${batch.task.name}`, `Notices: ${batch.task.name}`);
  sendPage(response, context, {
    title,
    body: html`<div class="no-print">
<p><a href="/console/tasks/${encodeURIComponent(batch.task.code)}">← ${tr(context, '返回任务', 'Back to the task')}</a></p>
<h1>${title}</h1>
<p class="lead">${tr(
      context,
      `共 ${batch.notices.length} 份，每户一页（A4）。用浏览器的“打印”即可打印全部；也可下载一个 PDF 文件。`,
      `${batch.notices.length} notices, one A4 page each. Print them all with the browser's Print, or download one PDF.`,
    )}</p>
<p><a id="notices-pdf" href="${noticesPath(batch.task.code)}.pdf?lang=${context.lang}" download>${tr(context, '下载全部通知书（PDF）', 'Download all notices (PDF)')}</a></p>
<p class="hint">${tr(context, '通知书载有回执码，仅交给对应企业；本次下载已记入操作日志。', 'Notices carry receipt codes: hand each only to its enterprise. This download is in the activity log.')}</p>
</div>
<div class="notice-sheets" id="notices" data-count="${batch.notices.length}">${sheets}</div>`,
  });
}

/** GET /console/tasks/:code/notices (print page) and …/notices.pdf (the batch), staff only. */
export function registerNoticePages(router: Router, deps: Deps): void {
  const staff = requirePageRole('staff');

  router.get('/console/tasks/:code/notices', staff, async (request, response) => {
    await sendNoticesPage(deps, request, response);
  });

  router.get('/console/tasks/:code/notices.pdf', staff, async (request, response) => {
    const context = pageContext(request, response);
    const batch = await noticesOf(deps, request, context);
    let pdf: Buffer;
    try {
      pdf = await renderNoticesPdf(context, batch, deps.noticeFontPath ?? DEFAULT_NOTICE_FONT_PATH);
    } catch (error) {
      // An installation problem, not a bug: say which package or setting fixes it.
      if (error instanceof NoticeFontMissingError) throw new HttpError(503, error.message);
      throw error;
    }
    await recordDownload(deps.database.db, request, response, { subject: batch.task.code, format: 'pdf' });
    response
      .status(200)
      .set('Cache-Control', 'no-store')
      .set('Content-Type', 'application/pdf')
      .set('Content-Disposition', `attachment; filename="notices-${batch.task.code}.pdf"`)
      .send(pdf);
  });
}
