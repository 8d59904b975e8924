/**
 * Sign-in of staff, admins and auditors with username and password. Unknown names cost as
 * much time as known ones (a decoy hash), so the answer does not reveal which names exist.
 */
import { PASSWORD_MAX_LENGTH } from '../../core/password-policy.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { findUserCredentials, type StoredPassword, type UserRecord } from '../../persistence/account-repository.ts';
import type { Executor } from '../../persistence/database.ts';
import type { PasswordParameters } from '../../persistence/schema/index.ts';
import { hashPassword, PASSWORD_PARAMETERS, passwordMatches } from './password-hashing.ts';
import { isValidUsername, normaliseUsername } from './users.ts';

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
