/**
 * The activity log over HTTP: who did what, newest first, for admins and auditors; and a
 * signed-in person's change of their own password. (Sign-in, setup links and user
 * management are pages: src/web/accounts/.)
 */
import type { RequestHandler, Router } from 'express';
import { changeOwnPassword, describeChangeOwnPasswordIssue } from '../../application/accounts.ts';
import { actorOf, listActivity, recordActivity } from '../../application/activity-log.ts';
import { markActivityRecorded } from '../activity.ts';
import { principalOf, signInNeeded } from '../auth.ts';
import { countWrongCurrentPassword, DEFAULT_LOGIN_RATE_LIMITS } from '../login-rate-limit.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { ForbiddenError, parseRequestPart, UnauthorizedError, ValidationError } from '../problem.ts';
import { requireAnyRole } from '../role-access.ts';
import { activityPageSchema, activityQuerySchema, ownPasswordChangeSchema } from '../schemas/accounts.ts';

export function registerAccountRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; ownPasswordLimiters: readonly RequestHandler[] }): void {
  const { db } = deps.database;
  const { perAccount, perAddress, windowMs } = DEFAULT_LOGIN_RATE_LIMITS;

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/activity',
      summary: 'The activity log: who did what (sign-ins, every change), newest first, paged by cursor',
      tags: ['accounts'],
      security: [{ [BEARER_SECURITY_SCHEME]: [] }],
      request: { query: activityQuerySchema },
      responses: {
        200: { description: 'One page of entries.', content: { 'application/json': { schema: activityPageSchema } } },
        400: { description: 'A bad query or cursor.' },
        ...authProblemResponses('admin or auditor'),
      },
    },
    requireAnyRole('admin', 'auditor'),
    async (request, response) => {
      const query = parseRequestPart(activityQuerySchema, request.query);
      let before: number | undefined;
      if (query.cursor !== undefined) {
        const key = decodeCursor(query.cursor, /^[1-9]\d{0,15}$/);
        if (key === undefined) throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor this server gave' }]);
        before = Number(key);
      }
      if (query.section === 'security' && principalOf(response).role !== 'admin') throw new ForbiddenError('The security section of the activity log is for admins.');
      const page = await listActivity(db, { limit: query.limit, before, actor: query.actor, action: query.action, section: query.section });
      response.json({
        items: page.items.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
        ...(page.nextBefore === undefined ? {} : { nextCursor: encodeCursor(String(page.nextBefore)) }),
      });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/account/password',
      summary: "Change the signed-in person's own password (browser sessions only; send the session's CSRF token)",
      description:
        'The current password, then the new one. Afterwards the account\'s other sessions and unused reset links no longer work; this session stays. API tokens have no password (they belong to no person).',
      tags: ['accounts'],
      request: { body: { required: true, content: { 'application/json': { schema: ownPasswordChangeSchema } } } },
      responses: {
        204: { description: 'Changed.' },
        400: problemResponse('The current password is wrong (`errors[].code` `current_password_wrong`) or the new one is refused (`password_too_short`, `password_too_long`, `password_contains_username`, `password_too_weak` with the estimator\'s advice in `reason`).'),
        401: problemResponse('Not signed in.'),
        403: problemResponse('An API token or an enterprise session: only a staff account has a password to change here, and the caller\'s role is not staff or admin or auditor.'),
        429: problemResponse(
          `Too many wrong current passwords for this user (${perAccount}) or from this address (${perAddress}) within ${windowMs / 60_000} minutes, counted together with the page /account/password; try again after Retry-After seconds.`,
        ),
      },
    },
    ...deps.ownPasswordLimiters,
    async (request, response) => {
      const principal = principalOf(response);
      if (principal.role === 'public') throw new UnauthorizedError(signInNeeded('staff, admin or auditor'));
      if (principal.userId === undefined || principal.sessionId === undefined) {
        throw new ForbiddenError('Only a signed-in staff, admin or auditor account has a password; API tokens and enterprises have none.');
      }
      const body = parseRequestPart(ownPasswordChangeSchema, request.body);
      const changed = await changeOwnPassword(db, { userId: principal.userId, sessionId: Number(principal.sessionId), currentPassword: body.currentPassword, newPassword: body.newPassword });
      if (!changed.ok) {
        if (changed.error.code === 'current_password_wrong') countWrongCurrentPassword(response);
        const field = changed.error.code === 'current_password_wrong' ? 'currentPassword' : 'newPassword';
        throw new ValidationError([{ field, code: changed.error.code, reason: `${describeChangeOwnPasswordIssue(changed.error, 'zh')} ${describeChangeOwnPasswordIssue(changed.error, 'en')}` }]);
      }
      markActivityRecorded(response);
      await recordActivity(db, actorOf(principal), { action: 'password_changed', method: 'POST', path: '/api/account/password', status: 204 });
      response.status(204).end();
    },
  );
}
