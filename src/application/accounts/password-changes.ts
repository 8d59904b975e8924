/**
 * Password changes and re-authentication: an admin setting a password, a person changing
 * their own, and the password asked again before a sensitive act. Every change ends the
 * user's unused reset links and sessions in the same transaction.
 */
import { describePasswordIssue, PASSWORD_MAX_LENGTH, type PasswordIssue } from '../../core/password-policy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import {
  expireUnusedResetLinks,
  findUser,
  findUserCredentialsById,
  markSessionReauthenticated,
  revokeUserSessions,
  updateUserPassword,
  type StoredPassword,
} from '../../persistence/account-repository.ts';
import type { Database, Executor } from '../../persistence/database.ts';
import type { PasswordParameters } from '../../persistence/schema/index.ts';
import { checkPasswordStrength } from '../password-strength.ts';
import { hashPassword, PASSWORD_PARAMETERS, passwordMatches } from './password-hashing.ts';

/**
 * What every password change does in its transaction: the new hash, the end of the user's
 * unused reset links and of their sessions (all of them, or all but the one in which the
 * person changed their own password). API tokens belong to no user and are not touched.
 *
 * @example await replacePassword(tx, 3, await hashPassword('a sentence only li wei would write')) // true
 */
export async function replacePassword(tx: Executor, userId: number, stored: StoredPassword, keepSessionId?: number): Promise<boolean> {
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
