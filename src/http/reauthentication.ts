/**
 * Re-authentication (OWASP ASVS 3.7.1, "sudo mode") before the acts that change what the
 * public sees or who may act: adopting a policy, publishing a list edition, publishing
 * results, managing users, saving a scoring model. A browser session must have proved its
 * password within the window (sign-in counts, default 5 minutes); otherwise the request
 * carries the password again, as header `X-Current-Password` (scripts) or form field
 * `currentPassword` (pages), or is refused with 403 `reauthentication_required` (a page
 * answers with a form that asks for the password and sends the same request again).
 *
 * Bearer API tokens pass: they carry no password, are made only on the server's command
 * line by someone who can read the database anyway, are scoped to one role and revoked
 * with `suiji token revoke`. A stolen browser cookie, the risk this guards against, is not
 * a token.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { reauthenticate, revokeSession } from '../application/accounts.ts';
import { actorOf, recordActivity } from '../application/activity-log.ts';
import type { Database } from '../persistence/database.ts';
import { principalOf } from './auth.ts';
import { documentedMiddleware, problemResponse, type RouteConfig } from './openapi.ts';
import { HttpError } from './problem.ts';
import { siteSettingsOf } from './site-settings.ts';

/** The header a script sends its user's password in. */
export const REAUTHENTICATION_HEADER = 'X-Current-Password';
/** The form field a page sends it in. */
export const REAUTHENTICATION_FIELD = 'currentPassword';

type ReauthenticationCode = 'reauthentication_required' | 'reauthentication_failed';

/** 403: the session is valid, but this act needs the password proved again (or it was wrong). */
export class ReauthenticationError extends HttpError {
  override readonly name = 'ReauthenticationError';
  constructor(readonly code: ReauthenticationCode) {
    super(
      403,
      code === 'reauthentication_required'
        ? `此操作需要再次输入密码（请求头 ${REAUTHENTICATION_HEADER} 或表单字段 ${REAUTHENTICATION_FIELD}）。 This action needs your password again: send it as header ${REAUTHENTICATION_HEADER} (or form field ${REAUTHENTICATION_FIELD}).`
        : `密码不正确，操作未执行。 The password is wrong; nothing was done.`,
      { code },
    );
  }
}

/**
 * Wrong passwords a session may send before it is ended: someone holding a stolen cookie
 * gets a handful of guesses, then must get past the sign-in's own rate limits.
 */
export const REAUTHENTICATION_ATTEMPTS = 5;

/** Wrong passwords by session id, per process like the sign-in limits, shared by every guard of a database. */
const failuresByDatabase = new WeakMap<Database, Map<string, number>>();

function failuresOf(db: Database): Map<string, number> {
  let failures = failuresByDatabase.get(db);
  if (!failures) {
    failures = new Map();
    failuresByDatabase.set(db, failures);
  }
  return failures;
}

function presentedPassword(request: Parameters<RequestHandler>[0]): string | undefined {
  const header = request.get(REAUTHENTICATION_HEADER);
  if (header !== undefined) return header;
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) return undefined;
  const field = (body as Record<string, unknown>)[REAUTHENTICATION_FIELD];
  // Checked here: handlers and their strict schemas never see it.
  delete (body as Record<string, unknown>)[REAUTHENTICATION_FIELD];
  return typeof field === 'string' ? field : undefined;
}

/**
 * The guard, after the route's role check. One instance per app is enough.
 *
 * @example router.post('/console/lists/:edition/publish', admin, reauthenticated, publishHandler)
 */
export function requireReauthentication(db: Database): RequestHandler {
  const failures = failuresOf(db);
  const guard: RequestHandler = async (request, response, next) => {
    const principal = principalOf(response);
    if (principal.sessionId === undefined || principal.userId === undefined) {
      next();
      return;
    }
    const password = presentedPassword(request);
    if (password !== undefined && password !== '') {
      if (await reauthenticate(db, { userId: principal.userId, sessionId: Number(principal.sessionId) }, password)) {
        failures.delete(principal.sessionId);
        next();
        return;
      }
      const failed = (failures.get(principal.sessionId) ?? 0) + 1;
      failures.set(principal.sessionId, failed);
      await recordActivity(db, actorOf(principal), { action: 'reauthentication_failed', method: request.method, path: request.path, status: 403, details: { attempt: failed } });
      if (failed >= REAUTHENTICATION_ATTEMPTS) {
        failures.delete(principal.sessionId);
        await revokeSession(db, Number(principal.sessionId));
      }
      throw new ReauthenticationError('reauthentication_failed');
    }
    const provedAt = principal.reauthenticatedAt?.getTime();
    if (provedAt !== undefined && Date.now() - provedAt <= siteSettingsOf(request).reauthenticationWindowMs) {
      next();
      return;
    }
    throw new ReauthenticationError('reauthentication_required');
  };
  return documentedMiddleware(guard, (route) => ({
    ...route,
    description: `${route.description ?? route.summary ?? ''}\n\nA browser session must have proved its password within the last few minutes, or send it as header \`${REAUTHENTICATION_HEADER}\`; API tokens need no password.`.trim(),
    request: {
      ...route.request,
      headers: z.object({
        [REAUTHENTICATION_HEADER.toLowerCase()]: z.string().optional().meta({ description: "The signed-in user's password, for session-authenticated calls made more than a few minutes after signing in." }),
      }),
    },
    responses: {
      ...route.responses,
      // The role refusal's own words stay last: clients and tests read the admitted roles from them.
      403: problemResponse(
        `Code \`reauthentication_required\`: the session must prove its password again (header ${REAUTHENTICATION_HEADER}); code \`reauthentication_failed\`: the password sent is wrong. Otherwise: ${roleRefusalOf(route)}`,
      ),
    },
  }));
}

/** The 403 a route documented before this guard (its role rule), or a generic one. */
function roleRefusalOf(route: RouteConfig): string {
  const documented = route.responses[403];
  return documented && 'description' in documented && typeof documented.description === 'string' ? documented.description : "The caller's role does not allow this.";
}
