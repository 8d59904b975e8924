/**
 * Accounts of people (staff, admins, auditors) and browser sessions, including the
 * enterprise's sign-in with its credit code and receipt code.
 *
 * Nothing secret is stored: passwords as scrypt hashes with a per-user salt and the cost
 * parameters used (so they can be raised later), session secrets and setup tokens as
 * SHA-256. There is no default password: the first admin comes from a one-time setup link
 * printed at first start, and every other account from a link an admin hands over.
 */
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { BureauKeys } from './bureau-keys.ts';
import { hashReceiptCode } from './bureau-keys.ts';
import { listPublishedDraws } from './draw-publication.ts';
import { describePasswordIssue, PASSWORD_MAX_LENGTH, type PasswordIssue } from '../core/password-policy.ts';
import { err, ok, type Result } from '../core/result.ts';
import { checkPasswordStrength } from './password-strength.ts';
import {
  expireUnusedResetLinks,
  findLiveSession,
  findUser,
  findUserByUsername,
  findUserCredentials,
  findUserCredentialsById,
  findUsableSetupLink,
  expireUnusedFirstAdminLinks,
  hasActiveAdmin,
  insertSession,
  insertSetupLink,
  insertUser,
  listUsers as listUserRecords,
  markSessionReauthenticated,
  markSessionRevoked,
  markSetupLinkUsed,
  markUserDisabled,
  revokeUserSessions,
  touchSession,
  updateUserPassword,
  type SessionRecord,
  type SetupLinkRecord,
  type StoredPassword,
  type UserRecord,
} from '../persistence/account-repository.ts';
import type { Database, Executor } from '../persistence/database.ts';
import { findReceipt } from '../persistence/draw-repository.ts';
import { USER_ROLES, type PasswordParameters, type SessionRole, type UserRole } from '../persistence/schema/index.ts';
import { normaliseCreditCode } from '../core/credit-code.ts';

export { USER_ROLES, type UserRole, type UserRecord, type SessionRecord, type SetupLinkRecord };
export { PASSWORD_MIN_LENGTH, describePasswordIssue, type PasswordIssue } from '../core/password-policy.ts';

/**
 * The cost of new password hashes: 2^15 × 8 × 128 bytes = 32 MiB and ~50–100 ms per hash.
 * The default of every use case that hashes; the server's composition never passes less
 * (only tests inject a cheaper cost, through `SiteSettings.passwordParameters`).
 */
export const PASSWORD_PARAMETERS: PasswordParameters = { algorithm: 'scrypt', n: 2 ** 15, r: 8, p: 1, keyLength: 32 };
/** How long a session lives: `idleMs` without a request, `absoluteMs` whatever the activity. */
export interface SessionLimits {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

/** 30 minutes idle, 12 hours in all (OWASP ASVS 3.3.2, level 2); SESSION_IDLE / SESSION_ABSOLUTE change them. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60 * 1000, absoluteMs: 12 * 3600 * 1000 };
export const SETUP_LINK_LIFETIME_MS = 24 * 3600 * 1000;
/** lastSeenAt is written at most this often per session (not on every request). */
const TOUCH_INTERVAL_MS = 60 * 1000;

const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,39}$/;

/** @example isUserRole('auditor') // true */
export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}

/**
 * Usernames are compared in lower case, without surrounding spaces.
 *
 * @example normaliseUsername(' Li.Wei ') // 'li.wei'
 */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** 2–40 of a-z, 0-9, '.', '_', '-', starting with a letter or digit. @example isValidUsername('li.wei') // true */
export function isValidUsername(username: string): boolean {
  return usernamePattern.test(username);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function scryptAsync(password: string, salt: Buffer, parameters: PasswordParameters): Promise<Buffer> {
  const options: ScryptOptions = {
    N: parameters.n,
    r: parameters.r,
    p: parameters.p,
    // Node's default (32 MiB) is exactly the need at N=2^15, r=8: leave headroom.
    maxmem: 256 * parameters.n * parameters.r + 16 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, parameters.keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Hashes a password with a fresh salt.
 *
 * @example const stored = await hashPassword('correct horse battery') // { passwordHash: 'base64…', passwordSalt: 'base64…', passwordParameters: { n: 32768, … } }
 */
export async function hashPassword(password: string, parameters: PasswordParameters = PASSWORD_PARAMETERS): Promise<StoredPassword> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, parameters);
  return { passwordHash: key.toString('base64'), passwordSalt: salt.toString('base64'), passwordParameters: parameters };
}

/** Whether `password` matches the stored hash, compared in constant time. */
export async function passwordMatches(password: string, stored: StoredPassword): Promise<boolean> {
  const expected = Buffer.from(stored.passwordHash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(stored.passwordSalt, 'base64'), stored.passwordParameters);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Spent on unknown usernames too, at the cost of real hashes, so response time does not reveal which names exist. */
const decoyPasswords = new Map<string, Promise<StoredPassword>>();

/**
 * The enabled account with this username and password. Unknown user, wrong password and
 * disabled account answer alike.
 *
 * @example await verifyLogin(db, 'li.wei', 'correct horse battery') // ok({ id: 3, role: 'staff', … })
 */
export async function verifyLogin(
  db: Executor,
  username: string,
  password: string,
  passwordParameters: PasswordParameters = PASSWORD_PARAMETERS,
): Promise<Result<UserRecord, { readonly code: 'login_failed' }>> {
  const user = isValidUsername(normaliseUsername(username)) ? await findUserCredentials(db, normaliseUsername(username)) : undefined;
  if (!user || password.length > PASSWORD_MAX_LENGTH * 4) {
    const cost = JSON.stringify(passwordParameters);
    if (!decoyPasswords.has(cost)) decoyPasswords.set(cost, hashPassword('decoy password, never valid', passwordParameters));
    await passwordMatches(password.slice(0, PASSWORD_MAX_LENGTH * 4), await decoyPasswords.get(cost)!);
    return err({ code: 'login_failed' });
  }
  const matches = await passwordMatches(password, user);
  if (!matches || user.disabledAt !== null) return err({ code: 'login_failed' });
  const { passwordHash: _hash, passwordSalt: _salt, passwordParameters: _parameters, ...record } = user;
  return ok(record);
}

/**
 * What every password change does in its transaction: the new hash, the end of the user's
 * unused reset links and of their sessions (all of them, or all but the one in which the
 * person changed their own password). API tokens belong to no user and are not touched.
 */
async function replacePassword(tx: Executor, userId: number, stored: StoredPassword, keepSessionId?: number): Promise<boolean> {
  if (!(await updateUserPassword(tx, userId, stored))) return false;
  await expireUnusedResetLinks(tx, userId);
  await revokeUserSessions(tx, userId, keepSessionId);
  return true;
}

/**
 * Sets a user's password (checked like every new password), ending their unused reset
 * links and their sessions.
 *
 * @example await setPassword(db, 3, 'a sentence only li wei would write')
 */
export async function setPassword(
  db: Database,
  userId: number,
  password: string,
  passwordParameters: PasswordParameters = PASSWORD_PARAMETERS,
): Promise<Result<void, PasswordIssue | { readonly code: 'unknown_user' }>> {
  const user = await findUser(db, userId);
  if (!user) return err({ code: 'unknown_user' });
  const issue = await checkPasswordStrength(password, user.username);
  if (issue) return err(issue);
  const stored = await hashPassword(password, passwordParameters);
  return db.transaction(async (tx) => ((await replacePassword(tx, userId, stored)) ? ok(undefined) : err({ code: 'unknown_user' as const })));
}

export type ChangeOwnPasswordIssue = { readonly code: 'current_password_wrong' } | PasswordIssue;

/** @example describeChangeOwnPasswordIssue({ code: 'current_password_wrong' }, 'zh') // '当前密码不正确。' */
export function describeChangeOwnPasswordIssue(issue: ChangeOwnPasswordIssue, lang: 'zh' | 'en'): string {
  if (issue.code === 'current_password_wrong') return lang === 'zh' ? '当前密码不正确。' : 'The current password is wrong.';
  return describePasswordIssue(issue, lang);
}

/**
 * A signed-in person changes their own password: the current one first, then the new one
 * (checked like every new password). Their other sessions and unused reset links end; the
 * session they did it in stays, and counts as freshly re-authenticated.
 *
 * @example await changeOwnPassword(db, { userId: 3, sessionId: 12, currentPassword: 'old…', newPassword: 'a sentence only li wei would write' }) // ok(undefined)
 */
export async function changeOwnPassword(
  db: Database,
  input: { readonly userId: number; readonly sessionId: number; readonly currentPassword: string; readonly newPassword: string },
): Promise<Result<void, ChangeOwnPasswordIssue>> {
  const user = await findUserCredentialsById(db, input.userId);
  if (!user || user.disabledAt !== null) throw new Error(`user ${input.userId} of a live session is unknown or disabled`);
  if (input.currentPassword.length > PASSWORD_MAX_LENGTH * 4 || !(await passwordMatches(input.currentPassword, user))) return err({ code: 'current_password_wrong' });
  const issue = await checkPasswordStrength(input.newPassword, user.username);
  if (issue) return err(issue);
  const stored = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await replacePassword(tx, user.id, stored, input.sessionId);
    await markSessionReauthenticated(tx, input.sessionId);
  });
  return ok(undefined);
}

/**
 * Re-authentication before a sensitive act: whether `password` is the session user's, and
 * if so the session counts as freshly re-authenticated from now on.
 *
 * @example await reauthenticate(db, { userId: 3, sessionId: 12 }, 'a sentence only li wei would write') // true
 */
export async function reauthenticate(db: Executor, session: { readonly userId: number; readonly sessionId: number }, password: string): Promise<boolean> {
  const user = await findUserCredentialsById(db, session.userId);
  if (!user || user.disabledAt !== null || password.length > PASSWORD_MAX_LENGTH * 4) return false;
  if (!(await passwordMatches(password, user))) return false;
  await markSessionReauthenticated(db, session.sessionId);
  return true;
}

/** Every account, by username. */
export async function listUsers(db: Executor): Promise<UserRecord[]> {
  return listUserRecords(db);
}

export { findUser, findUserByUsername };

/**
 * Disables an account and ends its sessions at once.
 *
 * @example await disableUser(db, 3) // ok({ id: 3, disabledAt: … })
 */
export async function disableUser(db: Database, userId: number): Promise<Result<UserRecord, { readonly code: 'unknown_or_disabled' }>> {
  return db.transaction(async (tx) => {
    const user = await markUserDisabled(tx, userId);
    if (!user) return err({ code: 'unknown_or_disabled' as const });
    await revokeUserSessions(tx, userId);
    return ok(user);
  });
}

// ---------------------------------------------------------------------------------------
// Setup links

export type SetupLinkRequest =
  | { readonly purpose: 'create_user'; readonly role: UserRole; readonly username?: string | undefined; readonly createdByUserId?: number | undefined }
  | { readonly purpose: 'reset_password'; readonly userId: number; readonly createdByUserId?: number | undefined };

export interface CreatedSetupLink {
  readonly link: SetupLinkRecord;
  /** The secret of the link, `/setup/<token>`: returned once and stored nowhere. */
  readonly token: string;
}

export type SetupLinkIssue =
  | { readonly code: 'username_invalid'; readonly username: string }
  | { readonly code: 'username_taken'; readonly username: string }
  | { readonly code: 'unknown_user'; readonly userId: number };

/** The path of a setup link. @example setupPath('Zk3…') // '/setup/Zk3…' */
export function setupPath(token: string): string {
  return `/setup/${token}`;
}

/**
 * A one-time link (24 hours) that creates an account of a role (with a username chosen now,
 * or by the person) or sets a new password for an existing account.
 *
 * @example const { token } = await createSetupLink(db, { purpose: 'create_user', role: 'staff', username: 'li.wei' })
 */
export async function createSetupLink(db: Executor, request: SetupLinkRequest, now: Date = new Date()): Promise<Result<CreatedSetupLink, SetupLinkIssue>> {
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SETUP_LINK_LIFETIME_MS);
  if (request.purpose === 'create_user') {
    if (!isUserRole(request.role)) throw new Error(`unknown role ${String(request.role)}`);
    let username: string | null = null;
    if (request.username !== undefined && request.username.trim() !== '') {
      username = normaliseUsername(request.username);
      if (!isValidUsername(username)) return err({ code: 'username_invalid', username });
      if (await findUserByUsername(db, username)) return err({ code: 'username_taken', username });
    }
    const link = await insertSetupLink(db, {
      tokenHash: sha256Hex(token),
      purpose: 'create_user',
      role: request.role,
      username,
      createdByUserId: request.createdByUserId ?? null,
      expiresAt,
    });
    return ok({ link, token });
  }
  if (!(await findUser(db, request.userId))) return err({ code: 'unknown_user', userId: request.userId });
  const link = await insertSetupLink(db, {
    tokenHash: sha256Hex(token),
    purpose: 'reset_password',
    userId: request.userId,
    createdByUserId: request.createdByUserId ?? null,
    expiresAt,
  });
  return ok({ link, token });
}

/**
 * On a server without an enabled admin, a new one-time link that creates the first admin;
 * otherwise nothing. Called at every start until someone has used one.
 *
 * @example const token = await ensureFirstAdminSetupLink(db) // 'Zk3…' on first start, undefined later
 */
export async function ensureFirstAdminSetupLink(db: Executor): Promise<string | undefined> {
  if (await hasActiveAdmin(db)) return undefined;
  // A new link replaces the earlier ones: a link seen in an old terminal or log stops working.
  await expireUnusedFirstAdminLinks(db);
  const created = await createSetupLink(db, { purpose: 'create_user', role: 'admin' });
  if (!created.ok) throw new Error(`could not create the first admin setup link: ${created.error.code}`);
  return created.value.token;
}

/** What a usable setup link would do (for its page), or undefined when unknown, used or expired. */
export async function findSetupLink(db: Executor, token: string): Promise<(SetupLinkRecord & { readonly targetUsername: string | null }) | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const link = await findUsableSetupLink(db, sha256Hex(token));
  if (!link) return undefined;
  if (link.purpose === 'reset_password') {
    const user = link.userId === null ? undefined : await findUser(db, link.userId);
    if (!user || user.disabledAt !== null) return undefined;
    return { ...link, targetUsername: user.username };
  }
  return { ...link, targetUsername: link.username };
}

export type CompleteSetupIssue =
  | { readonly code: 'link_unusable' }
  | { readonly code: 'username_required' }
  | { readonly code: 'username_invalid'; readonly username: string }
  | { readonly code: 'username_taken'; readonly username: string }
  | PasswordIssue;

/**
 * Uses a setup link, once: creates the account it describes (the username from the link, or
 * the one chosen now) or sets the new password. Racing submissions of one link: one wins.
 *
 * @example await completeSetup(db, token, { username: 'li.wei', password: 'a long passphrase' }) // ok({ user, purpose: 'create_user' })
 */
export async function completeSetup(
  db: Database,
  token: string,
  input: { readonly username?: string | undefined; readonly displayName?: string | undefined; readonly password: string },
  passwordParameters: PasswordParameters = PASSWORD_PARAMETERS,
): Promise<Result<{ readonly user: UserRecord; readonly purpose: SetupLinkRecord['purpose'] }, CompleteSetupIssue>> {
  const link = await findSetupLink(db, token);
  if (!link) return err({ code: 'link_unusable' });
  let username = link.targetUsername;
  if (link.purpose === 'create_user' && username === null) {
    const chosen = normaliseUsername(input.username ?? '');
    if (chosen === '') return err({ code: 'username_required' });
    if (!isValidUsername(chosen)) return err({ code: 'username_invalid', username: chosen });
    username = chosen;
  }
  const passwordIssue = await checkPasswordStrength(input.password, username);
  if (passwordIssue) return err(passwordIssue);
  const stored = await hashPassword(input.password, passwordParameters);
  return db.transaction(async (tx) => {
    if (!(await markSetupLinkUsed(tx, link.id))) return err({ code: 'link_unusable' as const });
    if (link.purpose === 'reset_password') {
      const userId = link.userId as number;
      await replacePassword(tx, userId, stored);
      const user = await findUser(tx, userId);
      if (!user) throw new Error(`user ${userId} of setup link ${link.id} vanished`);
      return ok({ user, purpose: link.purpose });
    }
    const name = username as string;
    const displayName = input.displayName?.trim() || name;
    const user = await insertUser(tx, { username: name, displayName: displayName.slice(0, 100), role: link.role as UserRole, ...stored });
    if (!user) {
      // The link's use is rolled back with the failed creation, so it can be tried again.
      throw new UsernameTakenRollback(name);
    }
    return ok({ user, purpose: link.purpose });
  }).catch((error: unknown) => {
    if (error instanceof UsernameTakenRollback) return err({ code: 'username_taken' as const, username: error.username });
    throw error;
  });
}

class UsernameTakenRollback extends Error {
  constructor(readonly username: string) {
    super(`username ${username} is taken`);
  }
}

// ---------------------------------------------------------------------------------------
// Sessions

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

// ---------------------------------------------------------------------------------------
// Enterprises

/**
 * Whether the enterprise holds this receipt code for one of its receipts in any drawn task:
 * the same check as reading a receipt (SHA-256 of the normalised code against the stored
 * hash, in constant time). Every drawn task is tried, so the time does not depend on which
 * task matched.
 *
 * @example await verifyEnterpriseLogin(db, '91350100M000100Y43', 'K7QD-3M9X-PA2F-8HZT') // ok('91350100M000100Y43')
 */
export async function verifyEnterpriseLogin(db: Executor, creditCode: string, receiptCode: string): Promise<Result<string, { readonly code: 'login_failed' }>> {
  const code = normaliseCreditCode(creditCode);
  if (!/^[0-9A-Z]{18}$/.test(code) || receiptCode.trim() === '' || receiptCode.length > 64) return err({ code: 'login_failed' });
  const presented = Buffer.from(hashReceiptCode(receiptCode), 'hex');
  let matched = false;
  for (const draw of await listPublishedDraws(db)) {
    if (draw.status !== 'drawn') continue;
    const receipt = await findReceipt(db, draw.taskCode, code);
    const stored = Buffer.from(receipt?.receiptCodeHash ?? '00'.repeat(32), 'hex');
    if (timingSafeEqual(presented, stored) && receipt) matched = true;
  }
  return matched ? ok(code) : err({ code: 'login_failed' });
}
