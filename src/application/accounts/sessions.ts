/**
 * Browser sessions of users and enterprises: their limits, creation, resolution from the
 * cookie, logout, the CSRF token of each session and the secret cookies are signed with.
 * The cookie's secret is stored only as SHA-256.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BureauKeys } from '../bureau-keys.ts';
import { findLiveSession, insertSession, markSessionRevoked, touchSession, type SessionRecord } from '../../persistence/account-repository.ts';
import type { Executor } from '../../persistence/database.ts';
import type { SessionRole, UserRole } from '../../persistence/schema/index.ts';
import { newSecret, sha256Hex } from './secrets.ts';

/** How long a session lives: `idleMs` without a request, `absoluteMs` whatever the activity. */
export interface SessionLimits {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

/** 30 minutes idle, 12 hours in all (OWASP ASVS 3.3.2, level 2); SESSION_IDLE / SESSION_ABSOLUTE change them. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60 * 1000, absoluteMs: 12 * 3600 * 1000 };
/** lastSeenAt is written at most this often per session (not on every request). */
const TOUCH_INTERVAL_MS = 60 * 1000;

export type SessionOwner =
  | { readonly userId: number; readonly role: UserRole }
  | { readonly enterpriseCode: string };

export interface CreatedSession {
  readonly id: number;
  /** The cookie's value: returned once; only its SHA-256 is stored. */
  readonly secret: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/**
 * The CSRF token of a session: HMAC of its CSRF secret, so the token is fixed for the
 * session and nothing about it is stored.
 */
export function csrfTokenOf(csrfSecret: string): string {
  return createHmac('sha256', Buffer.from(csrfSecret, 'hex')).update('suiji csrf token v1', 'utf8').digest('base64url');
}

/** Whether a presented CSRF token is the session's, compared in constant time. */
export function csrfTokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Starts a session for a user or an enterprise.
 *
 * @example const { secret, csrfToken } = await createSession(db, { userId: 3, role: 'staff' })
 */
export async function createSession(db: Executor, owner: SessionOwner, limits: SessionLimits = DEFAULT_SESSION_LIMITS, now: Date = new Date()): Promise<CreatedSession> {
  const secret = newSecret();
  const csrfSecret = randomBytes(32).toString('hex');
  const expiresAt = new Date(now.getTime() + limits.absoluteMs);
  const role: SessionRole = 'enterpriseCode' in owner ? 'enterprise' : owner.role;
  const id = await insertSession(db, {
    secretHash: sha256Hex(secret),
    role,
    csrfSecret,
    expiresAt,
    ...('enterpriseCode' in owner ? { enterpriseCode: owner.enterpriseCode } : { userId: owner.userId }),
  });
  return { id, secret, csrfToken: csrfTokenOf(csrfSecret), expiresAt };
}

export interface ResolvedSession extends SessionRecord {
  readonly csrfToken: string;
}

/**
 * The live session a cookie's secret names (not revoked, not idle longer than the limit, not
 * past its absolute end, its user not disabled), or undefined.
 *
 * @example await resolveSession(db, cookieValue) // { id: 12, role: 'staff', username: 'li.wei', … }
 */
export async function resolveSession(db: Executor, secret: string, limits: SessionLimits = DEFAULT_SESSION_LIMITS, now: Date = new Date()): Promise<ResolvedSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  const session = await findLiveSession(db, sha256Hex(secret), new Date(now.getTime() - limits.idleMs));
  if (!session) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await touchSession(db, session.id);
  return { ...session, csrfToken: csrfTokenOf(session.csrfSecret) };
}

/** Ends a session (logout). @example await revokeSession(db, 12) */
export async function revokeSession(db: Executor, sessionId: number): Promise<void> {
  await markSessionRevoked(db, sessionId);
}

/**
 * The secret cookie-parser signs cookies with: derived from the bureau's server secret,
 * so sessions survive a restart, or random per process without one.
 *
 * @example cookieParser(cookieSigningSecret(deps.bureauKeys))
 */
export function cookieSigningSecret(keys: BureauKeys | undefined): string {
  if (!keys) return randomBytes(32).toString('hex');
  return createHmac('sha256', keys.serverSecret).update('cookie-signing/v1', 'utf8').digest('hex');
}
