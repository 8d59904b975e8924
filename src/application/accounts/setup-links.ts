/**
 * Setup links: the one-time links (24 hours) through which every account is created and
 * every forgotten password reset. There is no default password: the first admin comes from
 * a link printed at first start, every other account from a link an admin hands over.
 */
import type { PasswordIssue } from '../../core/password-policy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import {
  expireUnusedFirstAdminLinks,
  findUsableSetupLink,
  hasActiveAdmin,
  insertSetupLink,
  insertUser,
  markSetupLinkUsed,
  type SetupLinkRecord,
  type UserRecord,
} from '../../persistence/account-repository.ts';
import type { Database, Executor } from '../../persistence/database.ts';
import type { PasswordParameters, UserRole } from '../../persistence/schema/index.ts';
import { checkPasswordStrength } from '../password-strength.ts';
import { hashPassword, PASSWORD_PARAMETERS } from './password-hashing.ts';
import { replacePassword } from './password-changes.ts';
import { newSecret, sha256Hex } from './secrets.ts';
import { findUser, findUserByUsername, isUserRole, isValidUsername, normaliseUsername } from './users.ts';

export const SETUP_LINK_LIFETIME_MS = 24 * 3600 * 1000;

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
