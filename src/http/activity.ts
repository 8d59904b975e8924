/**
 * Writes the activity log entry of every state-changing request that succeeded (2xx or
 * 3xx) by a signed-in user, an enterprise or an API token: actor, role, method, path and
 * status. The response is held back until the entry is written, so nothing done is ever
 * missing from the log. Handlers that record a more telling event themselves (sign-in,
 * setup) call `markActivityRecorded` to skip the generic entry.
 */
import type { RequestHandler, Response } from 'express';
import { actorOf, recordActivity } from '../application/activity-log.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../persistence/database.ts';
import type { Principal } from './auth.ts';
import { isStateChanging } from './csrf.ts';

/** Tells the middleware this request's activity is already in the log. */
export function markActivityRecorded(response: Response): void {
  response.locals.activityRecorded = true;
}

export function activityLogging(db: Database, logger: Logger): RequestHandler {
  return (request, response, next) => {
    if (!isStateChanging(request.method)) {
      next();
      return;
    }
    const end = response.end.bind(response) as (...args: unknown[]) => Response;
    response.end = ((...args: unknown[]) => {
      const principal = response.locals.principal as Principal | undefined;
      const status = response.statusCode;
      if (status >= 400 || response.locals.activityRecorded === true || !principal || principal.role === 'public') return end(...args);
      // Once: a failing insert must not loop back through here.
      response.locals.activityRecorded = true;
      recordActivity(db, actorOf(principal), {
        action: 'request',
        method: request.method,
        path: request.originalUrl.split('?')[0] ?? request.path,
        status,
      })
        .catch((error: unknown) => logger.error({ err: error, method: request.method, path: request.originalUrl }, 'activity log entry failed'))
        .finally(() => end(...args));
      return response;
    }) as Response['end'];
    next();
  };
}
