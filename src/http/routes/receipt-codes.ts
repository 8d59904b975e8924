/**
 * Receipt codes while the server runs (staff): every selected enterprise's code of a drawn
 * task, and any pool member's receipt with its code in the shape `suiji receipt
 * --notification` prints. Codes are derived from the server secret, never stored; each read
 * is in the activity log.
 */
import type { Router } from 'express';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import { describeNoticeIssue, loadTaskNotices, readReceiptNotification, statusOfNoticeIssue } from '../../application/inspection-notices.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { requireRole } from '../auth.ts';
import { recordDownload } from '../download-activity.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { HttpError, NotFoundError, parseRequestPart } from '../problem.ts';
import { drawIdParamsSchema, receiptParamsSchema } from '../schemas/draw.ts';
import { receiptCodeListSchema, receiptNotificationSchema } from '../schemas/receipt-codes.ts';
import { siteOrigin } from '../site-settings.ts';
import { requireBureauKeys } from '../bureau-key-guard.ts';

const bearer = [{ [BEARER_SECURITY_SCHEME]: [] }];


export function registerReceiptCodeRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; bureauKeys?: BureauKeys | undefined }): void {
  const { db } = deps.database;

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/draws/{id}/receipt-codes',
      summary: "Every selected enterprise's receipt code of a drawn task (staff)",
      description: 'For printing notices. The check address never carries the code. Logged in the activity log.',
      tags: ['draws'],
      security: bearer,
      request: { params: drawIdParamsSchema },
      responses: {
        200: { description: 'The codes.', content: { 'application/json': { schema: receiptCodeListSchema } } },
        ...authProblemResponses('staff'),
        404: problemResponse('No such task.'),
        409: problemResponse('The task is not drawn yet.'),
        503: problemResponse('No bureau key configured.'),
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const { id } = parseRequestPart(drawIdParamsSchema, request.params);
      const notices = await loadTaskNotices(db, requireBureauKeys(deps.bureauKeys, 'derive_receipt_codes'), id, siteOrigin(request));
      if (!notices.ok) {
        throw new HttpError(statusOfNoticeIssue(notices.error), `${describeNoticeIssue(notices.error, 'zh')} / ${describeNoticeIssue(notices.error, 'en')}`, { code: notices.error.code });
      }
      await recordDownload(db, request, response, { subject: id, format: 'receipt-codes' });
      response.set('Cache-Control', 'no-store').json({
        task: id,
        items: notices.value.notices.map((notice) => ({ creditCode: notice.creditCode, name: notice.name, receiptCode: notice.receiptCode, checkUrl: notice.checkUrl })),
      });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/draws/{id}/receipt-codes/{code}',
      summary: "A pool member's receipt with its receipt code (staff), as `suiji receipt --notification` prints it",
      description: '`suiji verify RECORD --receipt FILE --keys KEYS` accepts the answer as it is. Logged in the activity log.',
      tags: ['draws'],
      security: bearer,
      request: { params: receiptParamsSchema },
      responses: {
        200: { description: 'The notification.', content: { 'application/json': { schema: receiptNotificationSchema } } },
        ...authProblemResponses('staff'),
        404: problemResponse('The task is not drawn or the enterprise was not in its pool.'),
        503: problemResponse('No bureau key configured.'),
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const { id, code } = parseRequestPart(receiptParamsSchema, request.params);
      const notification = await readReceiptNotification(db, requireBureauKeys(deps.bureauKeys, 'derive_receipt_codes'), id, code);
      if (!notification.ok) throw new NotFoundError(`任务 ${id} 中没有 ${code} 的回执：任务尚未抽取或该企业不在抽取池中。 / No receipt of ${code} in task ${id}: the task is not drawn or the enterprise was not in its pool.`);
      await recordDownload(db, request, response, { subject: `${id} ${code}`, format: 'receipt-code' });
      response.set('Cache-Control', 'no-store').json(notification.value);
    },
  );
}
