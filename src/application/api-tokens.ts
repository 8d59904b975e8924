/**
 * API tokens: create one (shown once), revoke it, and resolve a presented token to the role
 * it grants. Until accounts with sessions exist, these are how staff, admins and auditors
 * authenticate to the HTTP API.
 */
import { createHash, randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../core/result.ts';
import {
  findActiveApiTokenByHash,
  findApiToken,
  insertApiToken,
  listApiTokens as listApiTokenRecords,
  markApiTokenRevoked,
  type ApiTokenRecord,
} from '../persistence/api-token-repository.ts';
import type { Executor } from '../persistence/database.ts';
import { CREDENTIAL_ROLES, type CredentialRole } from '../persistence/schema/index.ts';

export { CREDENTIAL_ROLES, type CredentialRole, type ApiTokenRecord };

/** Who is asking: a role from a credential, or `public` without one. */
export type Role = CredentialRole | 'public';

/** Makes leaked tokens recognisable to secret scanners and to people. */
export const API_TOKEN_PREFIX = 'suiji_';
const tokenBytes = 32;
const tokenPattern = /^suiji_[A-Za-z0-9_-]{43}$/;

/**
 * Whether `actual` may do what `required` may: the same role, or admin for staff work.
 * Auditors are deliberately separate: supervising the bureau is not working in it.
 *
 * @example roleSatisfies('admin', 'staff') // true
 * @example roleSatisfies('auditor', 'staff') // false
 */
export function roleSatisfies(actual: Role, required: CredentialRole): boolean {
  return actual === required || (actual === 'admin' && required === 'staff');
}

/** @example isCredentialRole('staff') // true */
export function isCredentialRole(value: string): value is CredentialRole {
  return (CREDENTIAL_ROLES as readonly string[]).includes(value);
}

/** Lower-case hex SHA-256 of the token, as stored. */
function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CreatedApiToken extends ApiTokenRecord {
  /** The secret itself: returned here once and stored nowhere. */
  readonly token: string;
}

/**
 * Creates a token for a role. The returned `token` is the only copy.
 *
 * @example const { id, token } = await createApiToken(db, { label: 'nightly import', role: 'staff' })
 * // token: 'suiji_' + 43 base64url characters
 */
export async function createApiToken(
  db: Executor,
  input: { label: string; role: CredentialRole },
): Promise<CreatedApiToken> {
  const label = input.label.trim();
  if (label === '') throw new Error('an API token needs a label');
  if (!isCredentialRole(input.role)) throw new Error(`unknown role ${String(input.role)}`);
  const token = API_TOKEN_PREFIX + randomBytes(tokenBytes).toString('base64url');
  const record = await insertApiToken(db, { label, role: input.role, tokenHash: hashToken(token) });
  return { ...record, token };
}

export type RevokeApiTokenIssue =
  | { readonly code: 'unknown_token'; readonly id: number }
  | { readonly code: 'already_revoked'; readonly id: number; readonly revokedAt: Date };

/**
 * Revokes a token by id; it stops working at once.
 *
 * @example await revokeApiToken(db, 3) // ok({ id: 3, revokedAt: … })
 */
export async function revokeApiToken(db: Executor, id: number): Promise<Result<ApiTokenRecord, RevokeApiTokenIssue>> {
  const revoked = await markApiTokenRevoked(db, id);
  if (revoked) return ok(revoked);
  const existing = await findApiToken(db, id);
  if (!existing) return err({ code: 'unknown_token', id });
  if (!existing.revokedAt) throw new Error(`api token ${id} exists and is active but could not be revoked`);
  return err({ code: 'already_revoked', id, revokedAt: existing.revokedAt });
}

/**
 * The active token a presented string names, or undefined when it is malformed, unknown or
 * revoked (callers answer all three the same way, so nothing is learnt by probing).
 *
 * @example await resolveApiToken(db, 'suiji_q3…') // { id: 3, role: 'staff', … }
 */
export async function resolveApiToken(db: Executor, presented: string): Promise<ApiTokenRecord | undefined> {
  if (!tokenPattern.test(presented)) return undefined;
  return findActiveApiTokenByHash(db, hashToken(presented));
}

/** Every token ever created (hashes are never returned). @example await listApiTokens(db) */
export async function listApiTokens(db: Executor): Promise<ApiTokenRecord[]> {
  return listApiTokenRecords(db);
}
