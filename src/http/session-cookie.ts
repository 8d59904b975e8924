/**
 * The browser session cookie: a random secret, signed by cookie-parser, HttpOnly (scripts
 * cannot read it), SameSite=Lax (other sites' forms do not send it), Secure on https (or
 * behind an https PUBLIC_ORIGIN), for the whole site, ending with the browser session. Only the secret's SHA-256 is stored on the server.
 */
import type { Request, Response } from 'express';
import type { CreatedSession } from '../application/accounts.ts';
import { servedOverHttps } from './site-settings.ts';

export const SESSION_COOKIE = 'suiji_session';

function cookieOptions(request: Request): { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/' } {
  return { httpOnly: true, sameSite: 'lax', secure: servedOverHttps(request), path: '/' };
}

/** The session secret of the request's cookie, if its signature holds. */
export function readSessionCookie(request: Request): string | undefined {
  const signed = (request.signedCookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  if (typeof signed === 'string') return signed;
  // A cookie present but tampered with (cookie-parser gives false) or unsigned: treated
  // like an unknown session, so it is cleared.
  if (signed === false) return '';
  const raw = (request.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return raw === undefined ? undefined : '';
}

/**
 * Sets the cookie of a new session: a browser-session cookie (no Max-Age), so closing the
 * browser ends it; the server ends it anyway at its idle or absolute limit.
 */
export function setSessionCookie(request: Request, response: Response, session: CreatedSession): void {
  response.cookie(SESSION_COOKIE, session.secret, { ...cookieOptions(request), signed: true });
}

/** Removes the cookie (logout, or a session that no longer exists). */
export function clearSessionCookie(request: Request, response: Response): void {
  response.clearCookie(SESSION_COOKIE, cookieOptions(request));
}
