/**
 * Writes the activity log entry of every state-changing request that succeeded (2xx or
 * 3xx) by a signed-in user, an enterprise or an API token: actor, role, method, path and
 * status. Refused requests (401, 403: no or wrong credentials, a role too low, a CSRF check
 * failed) of any method go to the log's security section with the caller's address (issue 13),
 * at most 20 a minute per address (refusal-sampler.ts), the rest counted in the next entry.
 * Paths are logged without their query string (it can hold `_csrf`). The response is held
 * back until the entry is written, so nothing done is ever missing from the log. Handlers that
 * record a more telling event themselves (sign-in, setup, four-eyes acts) call
 * `markActivityRecorded` to skip the generic entry.
 */
import type { Request, RequestHandler, Response } from 'express';
import { actorOf, recordActivity, type Actor, type ActivityEvent } from '../application/activity-log.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../persistence/database.ts';
import type { Principal } from './auth.ts';
import { isStateChanging } from './csrf.ts';
import { createRefusalSampler, type RefusalSamplerOptions } from './refusal-sampler.ts';
import { pathForLog } from './request-path.ts';

/** Tells the middleware this request's activity is already in the log. */
export function markActivityRecorded(response: Response): void {
  response.locals.activityRecorded = true;
}

const REFUSED_STATUSES = new Set([401, 403]);
const anonymous: Actor = { actorKind: 'anonymous', actorId: null, actorLabel: null, role: 'public' };

/** The entry a finished request gets, if any. */
function entryOf(request: Request, response: Response): { actor: Actor; event: ActivityEvent } | undefined {
  const principal = response.locals.principal as Principal | undefined;
  const status = response.statusCode;
  const request_ = { method: request.method, path: pathForLog(request), status };
  if (REFUSED_STATUSES.has(status)) {
    return { actor: principal ? actorOf(principal) : anonymous, event: { section: 'security', action: 'request_refused', ...request_, details: { address: request.ip ?? null } } };
  }
  if (!isStateChanging(request.method) || status >= 400 || response.locals.activityRecorded === true || !principal || principal.role === 'public') return undefined;
  return { actor: actorOf(principal), event: { action: 'request', ...request_ } };
}

/** Mount before authentication and the CSRF check, so their refusals are logged too. */
export function activityLogging(db: Database, logger: Logger, sampling?: RefusalSamplerOptions): RequestHandler {
  const refusals = createRefusalSampler(sampling);
  return (request, response, next) => {
    const end = response.end.bind(response) as (...args: unknown[]) => Response;
    response.end = ((...args: unknown[]) => {
      let entry = entryOf(request, response);
      if (entry?.event.section === 'security') {
        const decision = refusals.decide(request.ip ?? '', Date.now());
        if (!decision.write) entry = undefined;
        else if (decision.suppressedBefore > 0) entry = { ...entry, event: { ...entry.event, details: { ...entry.event.details, suppressedBefore: decision.suppressedBefore } } };
      }
      if (!entry) return end(...args);
      // Once: a failing insert must not loop back through here.
      response.locals.activityRecorded = true;
      recordActivity(db, entry.actor, entry.event)
        .catch((error: unknown) => logger.error({ err: error, method: request.method, path: pathForLog(request) }, 'activity log entry failed'))
        .finally(() => end(...args));
      return response;
    }) as Response['end'];
    next();
  };
}
