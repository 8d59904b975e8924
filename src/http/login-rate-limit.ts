/**
 * Rate limits on guessing: failed sign-ins are counted per client address and per account
 * (username, or credit code for enterprises) at that address over 15 minutes; wrong current
 * passwords on a change of one's own password per signed-in user and per address; receipt
 * checks per address. Past a limit the answer is 429 with Retry-After until the window
 * ends. Successful sign-ins do not count, so colleagues behind one office address are not
 * locked out by each other's logins. The client address is express's `request.ip`, which
 * honours TRUST_PROXY behind a reverse proxy. The server's verification of a published
 * record is limited too: each one not answered from the cache costs ~100 ms of CPU.
 */
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { principalOf } from './auth.ts';
import { HttpError } from './problem.ts';

export interface LoginRateLimits {
  readonly windowMs: number;
  /** Failed attempts per account name within the window. */
  readonly perAccount: number;
  /** Failed attempts per client address within the window (any account). */
  readonly perAddress: number;
}

export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = { windowMs: 15 * 60 * 1000, perAccount: 10, perAddress: 30 };

interface LimiterOptions {
  readonly windowMs: number;
  readonly limit: number;
  /** Count only failed requests: status >= 400, or those `isFailure` says failed. */
  readonly failuresOnly: boolean;
  /** Which answers are failures, when not every 4xx is (only with `failuresOnly`). */
  readonly isFailure?: (request: Request, response: Response) => boolean;
  readonly keyGenerator?: (request: Request, response: Response) => string;
  /** Requests not counted at all (e.g. answered from a cache). */
  readonly skip?: (request: Request, response: Response) => boolean;
  /** The 429 detail for a wait of `minutes`, Chinese and English. */
  readonly tooMany: (minutes: number) => string;
}

function limiter(options: LimiterOptions): RequestHandler {
  const { isFailure } = options;
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    skipSuccessfulRequests: options.failuresOnly,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    ...(options.keyGenerator ? { keyGenerator: options.keyGenerator } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
    ...(isFailure ? { requestWasSuccessful: (request: Request, response: Response) => !isFailure(request, response) } : {}),
    handler: (request, _response, next) => {
      const resetTime = (request as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + options.windowMs) - Date.now()) / 1000));
      next(new HttpError(429, options.tooMany(Math.ceil(seconds / 60)), {}, { 'Retry-After': String(seconds) }));
    },
  });
}

const minutesEn = (minutes: number): string => `${minutes} minute${minutes === 1 ? '' : 's'}`;

function bodyField(request: Request, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.replace(/\s/g, '').toLowerCase().slice(0, 100) : '';
}

/**
 * The two limiters of one login form, in order: per address (any account), then per account
 * AND address, so that someone failing to sign in as you from elsewhere cannot lock you out.
 *
 * @example router.post('/login', ...loginRateLimiters('username'), loginHandler)
 */
export function loginRateLimiters(accountField: string, limits: LoginRateLimits = DEFAULT_LOGIN_RATE_LIMITS): RequestHandler[] {
  const tooMany = (minutes: number): string => `登录失败次数过多，请 ${minutes} 分钟后再试。 Too many failed sign-in attempts. Try again in ${minutesEn(minutes)}.`;
  return [
    limiter({ windowMs: limits.windowMs, limit: limits.perAddress, failuresOnly: true, tooMany }),
    limiter({ windowMs: limits.windowMs, limit: limits.perAccount, failuresOnly: true, tooMany, keyGenerator: (request) => `account:${bodyField(request, accountField)}|${ipKeyGenerator(request.ip ?? '')}` }),
  ];
}

/**
 * Marks this answer as a wrong current password, the one failure the own-password limiters
 * count: a refused new password (too weak, the two differ) costs the person nothing.
 *
 * @example if (changed.error.code === 'current_password_wrong') countWrongCurrentPassword(response)
 */
export function countWrongCurrentPassword(response: Response): void {
  response.locals.wrongCurrentPassword = true;
}

const wasWrongCurrentPassword = (_request: Request, response: Response): boolean => response.locals.wrongCurrentPassword === true;

/** Requests without a signed-in person's session are refused by the route itself (401, 403). */
const withoutSessionUser = (_request: Request, response: Response): boolean => principalOf(response).userId === undefined;

/**
 * The limiters of a change of one's own password (`POST /api/account/password` and the page
 * `/account/password`), in order: per address (any user), then per signed-in user (any
 * address). Each wrong current password costs a password hash, and a stolen session cookie
 * must not buy unlimited guesses at the password behind it; so the numbers are the sign-in's.
 * Make them once per app and mount the same handlers on the API route and the page, so that
 * guesses on one count on the other.
 *
 * @example const limiters = ownPasswordRateLimiters(); router.post('/account/password', signedIn, ...limiters, handler)
 */
export function ownPasswordRateLimiters(limits: LoginRateLimits = DEFAULT_LOGIN_RATE_LIMITS): RequestHandler[] {
  const tooMany = (minutes: number): string =>
    `当前密码错误次数过多，请 ${minutes} 分钟后再试。 Too many wrong current passwords. Try again in ${minutesEn(minutes)}.`;
  const common = { windowMs: limits.windowMs, failuresOnly: true, isFailure: wasWrongCurrentPassword, skip: withoutSessionUser, tooMany } as const;
  return [
    limiter({ ...common, limit: limits.perAddress }),
    limiter({ ...common, limit: limits.perAccount, keyGenerator: (_request, response) => `user:${String(principalOf(response).userId)}` }),
  ];
}

/** Receipt checks per client address: a receipt code is a secret that must not be guessed. */
export interface ReceiptCheckLimits {
  readonly windowMs: number;
  /** Failed API look-ups (wrong or missing receipt code) per address. */
  readonly failedLookups: number;
  /** Receipt-page submissions per address (the page answers 200 either way). */
  readonly pageChecks: number;
}

export const DEFAULT_RECEIPT_CHECK_LIMITS: ReceiptCheckLimits = { windowMs: 15 * 60 * 1000, failedLookups: 30, pageChecks: 60 };

const tooManyReceiptChecks = (minutes: number): string =>
  `回执查询次数过多，请 ${minutes} 分钟后再试。 Too many receipt checks from your address. Try again in ${minutesEn(minutes)}.`;

/** @example router.get('/api/public/draws/:id/receipts/:code', receiptLookupRateLimiter(), handler) */
export function receiptLookupRateLimiter(limits: ReceiptCheckLimits = DEFAULT_RECEIPT_CHECK_LIMITS): RequestHandler {
  return limiter({ windowMs: limits.windowMs, limit: limits.failedLookups, failuresOnly: true, tooMany: tooManyReceiptChecks });
}

/** @example router.post('/receipt', receiptPageRateLimiter(), handler) */
export function receiptPageRateLimiter(limits: ReceiptCheckLimits = DEFAULT_RECEIPT_CHECK_LIMITS): RequestHandler {
  return limiter({ windowMs: limits.windowMs, limit: limits.pageChecks, failuresOnly: false, tooMany: tooManyReceiptChecks });
}

/** The server's verifications of published records per client address. */
export interface VerifyLimits {
  readonly windowMs: number;
  /** Requests that need a verification (nothing cached, nothing in progress) per address. */
  readonly computations: number;
}

export const DEFAULT_VERIFY_LIMITS: VerifyLimits = { windowMs: 60 * 1000, computations: 20 };

/**
 * Limits `/api/public/draws/{id}/verify` per address, counting only requests that
 * `answeredWithoutComputing` says are not served from a cached or running verification: a
 * crowd reading one published report is never refused, a client making the server verify
 * again and again is.
 *
 * @example router.get('/api/public/draws/:id/verify', verifyRateLimiter((request) => cached(request.params.id)), handler)
 */
export function verifyRateLimiter(answeredWithoutComputing: (request: Request) => boolean, limits: VerifyLimits = DEFAULT_VERIFY_LIMITS): RequestHandler {
  return limiter({
    windowMs: limits.windowMs,
    limit: limits.computations,
    failuresOnly: false,
    skip: answeredWithoutComputing,
    tooMany: (minutes) => `来自您地址的核验请求过多，请 ${minutes} 分钟后再试。 Too many verification requests from your address. Try again in ${minutesEn(minutes)}.`,
  });
}
