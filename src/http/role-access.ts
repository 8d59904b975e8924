/** Routes open to more than one role, e.g. evaluations: staff work with them, auditors read them. */
import type { RequestHandler } from 'express';
import { roleSatisfies, type CredentialRole } from '../application/api-tokens.ts';
import { credentialOf, principalOf, signInNeeded } from './auth.ts';
import { ForbiddenError, UnauthorizedError } from './problem.ts';

/**
 * Lets the request through for any of `roles` (admin counts as staff): 401 for the
 * public, 403 for another role.
 *
 * @example router.get('/api/evaluations', requireAnyRole('staff', 'auditor'), handler)
 */
export function requireAnyRole(...roles: CredentialRole[]): RequestHandler {
  const wanted = roles.join(' or ');
  return (_request, response, next) => {
    const principal = principalOf(response);
    if (principal.role === 'public') throw new UnauthorizedError(signInNeeded(wanted));
    if (!roles.some((role) => roleSatisfies(principal.role, role))) {
      throw new ForbiddenError(`This needs the ${wanted} role; ${credentialOf(principal)} has the ${principal.role} role.`);
    }
    next();
  };
}
