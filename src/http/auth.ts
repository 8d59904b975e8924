/**
 * Who is calling: `Authorization: Bearer <token>` resolves to the token's role; no header
 * means `public`. `requireRole` then guards a route.
 */
import type { RequestHandler, Response } from 'express';
import { resolveApiToken, roleSatisfies, type CredentialRole, type Role } from '../application/api-tokens.ts';
import type { Database } from '../persistence/database.ts';
import { ForbiddenError, UnauthorizedError } from './problem.ts';

export interface Principal {
  readonly role: Role;
  /** The API token used, when there was one. */
  readonly tokenId?: number;
  /** The signed-in user's account (browser sessions). */
  readonly userId?: number;
  readonly username?: string;
  /** The browser session, when the request came with a session cookie. */
  readonly sessionId?: string;
  /** For the enterprise role: the one credit code this principal may read about. */
  readonly enterpriseCode?: string;
}

const publicPrincipal: Principal = { role: 'public' };

/**
 * Resolves the bearer token, if any, into `response.locals.principal`. A token that is
 * malformed, unknown or revoked is a 401 even on public routes (RFC 6750 section 3.1):
 * silently treating it as public would hide a client's mistake.
 */
export function authenticate(db: Database): RequestHandler {
  return async (request, response, next) => {
    const header = request.get('authorization');
    if (header === undefined) {
      response.locals.principal = publicPrincipal;
      next();
      return;
    }
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match) throw new UnauthorizedError('Send the API token as "Authorization: Bearer <token>".', 'invalid_token');
    const token = await resolveApiToken(db, match[1] as string);
    if (!token) throw new UnauthorizedError('The API token is unknown or revoked.', 'invalid_token');
    const principal: Principal = { role: token.role, tokenId: token.id };
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
 * 401 for the public, 403 for a token of another role.
 *
 * @example router.get('/api/enterprises', requireRole('staff'), listHandler)
 */
export function requireRole(role: CredentialRole): RequestHandler {
  return (_request, response, next) => {
    const principal = principalOf(response);
    if (principal.role === 'public') throw new UnauthorizedError(`This needs an API token with the ${role} role.`);
    if (!roleSatisfies(principal.role, role)) {
      throw new ForbiddenError(`This needs the ${role} role; the token has the ${principal.role} role.`);
    }
    next();
  };
}
