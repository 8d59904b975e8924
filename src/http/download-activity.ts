/**
 * Staff downloads (notices, receipt codes, Excel and CSV lists) go in the activity log: they
 * carry receipt codes or internal data (tiers), so who took which one matters. GET requests
 * are not logged by the generic middleware, which logs only changes.
 */
import type { Request, Response } from 'express';
import { actorOf, recordActivity } from '../application/activity-log.ts';
import type { Executor } from '../persistence/database.ts';
import { principalOf } from './auth.ts';
import { pathForLog } from './request-path.ts';

/**
 * Logs a download of `subject` (e.g. the task code) in `format` by the signed-in caller.
 *
 * @example await recordDownload(db, request, response, { subject: '2027-SP-01', format: 'pdf' })
 */
export async function recordDownload(db: Executor, request: Request, response: Response, download: { subject: string; format: string }): Promise<void> {
  await recordActivity(db, actorOf(principalOf(response)), {
    action: 'download',
    method: request.method,
    path: pathForLog(request),
    status: 200,
    subject: download.subject,
    details: { format: download.format },
  });
}
