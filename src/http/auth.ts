/**
 * Who is calling: `Authorization: Bearer <token>` resolves to the token's role; without the
 * header a valid session cookie (browser sign-in) resolves to the session's user or
 * enterprise; neither means `public`. `requireRole` then guards a route.
 */
import type { RequestHandler, Response } from 'express';
import { resolveSession } from '../application/accounts.ts';
import { resolveApiToken, roleSatisfies, type CredentialRole, type Role } from '../application/api-tokens.ts';
import type { Database } from '../persistence/database.ts';
import { ForbiddenError, UnauthorizedError } from './problem.ts';
import { siteSettingsOf } from './site-settings.ts';
import { clearSessionCookie, readSessionCookie } from './session-cookie.ts';

export interface Principal {
  readonly role: Role;
  /** The API token used, when there was one. */
  readonly tokenId?: number;
  readonly tokenLabel?: string;
  /** The signed-in user's account (browser sessions). */
  readonly userId?: number;
  readonly username?: string;
  /** The browser session, when the request came with a session cookie. */
  readonly sessionId?: string;
  /** When the session's user last proved their password (sign-in or re-authentication). */
  readonly reauthenticatedAt?: Date;
  /** For the enterprise role: the one credit code this principal may read about. */
  readonly enterpriseCode?: string;
}

const publicPrincipal: Principal = { role: 'public' };

/**
 * Resolves the bearer token, if any, into `response.locals.principal`. A token that is
 * malformed, unknown or revoked is a 401 even on public routes (RFC 6750 section 3.1):
 * silently treating it as public would hide a client's mistake. Without a token, a live
 * session cookie gives the session's principal and `response.locals.csrfToken`; a bad,
 * expired or revoked cookie is cleared and the caller is the public (a browser cannot fix
 * its cookie, so an error would only lock it out).
 */
export function authenticate(db: Database): RequestHandler {
  return async (request, response, next) => {
    const header = request.get('authorization');
    if (header === undefined) {
      const cookie = readSessionCookie(request);
      const session = cookie === undefined ? undefined : await resolveSession(db, cookie, siteSettingsOf(request).sessionLimits);
      if (cookie !== undefined && !session) clearSessionCookie(request, response);
      if (!session) {
        response.locals.principal = publicPrincipal;
        next();
        return;
      }
      const principal: Principal = {
        role: session.role,
        sessionId: String(session.id),
        ...(session.userId === null ? {} : { userId: session.userId }),
        ...(session.username === null ? {} : { username: session.username }),
        ...(session.enterpriseCode === null ? {} : { enterpriseCode: session.enterpriseCode }),
        ...(session.reauthenticatedAt === null ? {} : { reauthenticatedAt: session.reauthenticatedAt }),
      };
      response.locals.principal = principal;
      response.locals.csrfToken = session.csrfToken;
      next();
      return;
    }
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match) throw new UnauthorizedError('Send the API token as "Authorization: Bearer <token>".', 'invalid_token');
    const token = await resolveApiToken(db, match[1] as string);
    if (!token) throw new UnauthorizedError('The API token is unknown or revoked.', 'invalid_token');
    const principal: Principal = { role: token.role, tokenId: token.id, tokenLabel: token.label };
    response.locals.principal = principal;
    next();
  };
}

/** The caller, as set by `authenticate`. */
export function principalOf(response: Response): Principal {
  const principal = response.locals.principal as Principal | undefined;
  if (!principal) throw new Error('authenticate() must run before principalOf()');
  return principal;
}

/**
 * Lets the request through only for `role` (admin counts as staff; auditor is separate).
 * 401 for the public, 403 for a token or session of another role.
 *
 * @example router.get('/api/enterprises', requireRole('staff'), listHandler)
 */
export function requireRole(role: CredentialRole): RequestHandler {
  return (_request, response, next) => {
    const principal = principalOf(response);
    if (principal.role === 'public') throw new UnauthorizedError(signInNeeded(role));
    if (!roleSatisfies(principal.role, role)) {
      throw new ForbiddenError(`This needs the ${role} role; ${credentialOf(principal)} has the ${principal.role} role.`);
    }
    next();
  };
}

/** The 401 detail: sign in, or send an API token. */
export function signInNeeded(role: string): string {
  return `This needs the ${role} role: sign in, or send an API token with that role.`;
}

/** How the caller authenticated, for 403 details: "the token" or "your session". */
export function credentialOf(principal: Principal): string {
  return principal.sessionId === undefined ? 'the token' : 'your session';
}
