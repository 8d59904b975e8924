/**
 * Login rate limiting: failed sign-ins are counted per client address and per account
 * (username, or credit code for enterprises) over 15 minutes; past the limit the form
 * answers 429 with Retry-After until the window ends. Successful sign-ins do not count, so
 * colleagues behind one office address are not locked out by each other's logins.
 */
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from './problem.ts';

export interface LoginRateLimits {
  readonly windowMs: number;
  /** Failed attempts per account name within the window. */
  readonly perAccount: number;
  /** Failed attempts per client address within the window (any account). */
  readonly perAddress: number;
}

export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = { windowMs: 15 * 60 * 1000, perAccount: 10, perAddress: 30 };

function limiter(limits: LoginRateLimits, limit: number, keyGenerator?: (request: Request) => string): RequestHandler {
  return rateLimit({
    windowMs: limits.windowMs,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    ...(keyGenerator ? { keyGenerator } : {}),
    handler: (request, _response, next) => {
      const resetTime = (request as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + limits.windowMs) - Date.now()) / 1000));
      const minutes = Math.ceil(seconds / 60);
      next(
        new HttpError(
          429,
          `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}. 登录失败次数过多，请 ${minutes} 分钟后再试。`,
          {},
          { 'Retry-After': String(seconds) },
        ),
      );
    },
  });
}

function bodyField(request: Request, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.replace(/\s/g, '').toLowerCase().slice(0, 100) : '';
}

/**
 * The two limiters of one login form, in order: per address, then per account named by
 * body field `accountField`.
 *
 * @example router.post('/login', ...loginRateLimiters('username'), loginHandler)
 */
export function loginRateLimiters(accountField: string, limits: LoginRateLimits = DEFAULT_LOGIN_RATE_LIMITS): RequestHandler[] {
  return [limiter(limits, limits.perAddress), limiter(limits, limits.perAccount, (request) => `account:${bodyField(request, accountField)}`)];
}
