/**
 * Users: roles, the form of usernames, the list of accounts and disabling one. Accounts are
 * created only through setup links (`setup-links.ts`).
 */
import { err, ok, type Result } from '../../core/result.ts';
import {
  findUser,
  findUserByUsername,
  listUsers as listUserRecords,
  markUserDisabled,
  revokeUserSessions,
  type UserRecord,
} from '../../persistence/account-repository.ts';
import type { Database, Executor } from '../../persistence/database.ts';
import { USER_ROLES, type UserRole } from '../../persistence/schema/index.ts';

export { USER_ROLES, type UserRole };
export { findUser, findUserByUsername };

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

/** Every account, by username. */
export async function listUsers(db: Executor): Promise<UserRecord[]> {
  return listUserRecords(db);
}

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
