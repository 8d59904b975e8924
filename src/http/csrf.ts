/**
 * Cross-site request forgery protection for browser sessions. A state-changing request
 * (POST, PUT, PATCH, DELETE) that a session cookie authenticates must carry the session's
 * CSRF token: header `X-CSRF-Token` (scripts, from `<meta name="csrf-token">`), form field
 * `_csrf` (`csrfField` in every form), or, for multipart bodies only (parsed later by the
 * route), query parameter `_csrf`. As defence in depth, any such request without a bearer
 * token whose `Origin` names another site, or that the browser marks cross-site, is refused
 * too; that also covers the login forms, which have no session yet.
 *
 * Bearer-token requests are exempt: browsers never attach an Authorization header on their
 * own, so another site cannot forge one.
 */
import type { Request, RequestHandler } from 'express';
import { csrfTokenMatches } from '../application/accounts.ts';
import { principalOf } from './auth.ts';
import { ForbiddenError } from './problem.ts';
import { isSiteOrigin } from './site-settings.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether `method` changes state (and so is checked and logged). */
export function isStateChanging(method: string): boolean {
  return unsafeMethods.has(method.toUpperCase());
}

function presentedToken(request: Request): string | undefined {
  const header = request.get('x-csrf-token');
  if (header !== undefined) return header;
  const body: unknown = request.body;
  if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) {
    const field = (body as Record<string, unknown>)._csrf;
    if (typeof field === 'string') return field;
  }
  if (request.is('multipart/form-data')) {
    const query = request.query._csrf;
    if (typeof query === 'string') return query;
  }
  return undefined;
}

/** The middleware; runs after `authenticate` and the body parsers. */
export function csrfProtection(): RequestHandler {
  return (request, response, next) => {
    if (!isStateChanging(request.method) || request.get('authorization') !== undefined) {
      next();
      return;
    }
    const origin = request.get('origin');
    if ((origin !== undefined && !isSiteOrigin(origin, request)) || request.get('sec-fetch-site') === 'cross-site') {
      throw new ForbiddenError('Cross-site requests that change something are refused: send it from a page of this site.');
    }
    if (principalOf(response).sessionId === undefined) {
      next();
      return;
    }
    const presented = presentedToken(request);
    if (presented === undefined) {
      throw new ForbiddenError('This request needs your session\'s CSRF token (form field _csrf or header X-CSRF-Token). Reload the page and try again.');
    }
    if (!csrfTokenMatches(String(response.locals.csrfToken), presented)) {
      throw new ForbiddenError('The CSRF token does not match your session. Reload the page and try again.');
    }
    // Checked: handlers and their strict schemas need not know about the field.
    if (typeof request.body === 'object' && request.body !== null && !Buffer.isBuffer(request.body)) {
      delete (request.body as Record<string, unknown>)._csrf;
    }
    next();
  };
}
