/** Storage of API tokens: only their hashes, never the tokens themselves. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from './database.ts';
import { apiTokens, type CredentialRole } from './schema/index.ts';

export interface ApiTokenRecord {
  readonly id: number;
  readonly label: string;
  readonly role: CredentialRole;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

const recordColumns = {
  id: apiTokens.id,
  label: apiTokens.label,
  role: apiTokens.role,
  createdAt: apiTokens.createdAt,
  revokedAt: apiTokens.revokedAt,
};

/**
 * Stores a new token's hash and returns its record.
 *
 * @example await insertApiToken(db, { label: 'import job', role: 'staff', tokenHash: 'ab12…' })
 */
export async function insertApiToken(
  db: Executor,
  values: { label: string; role: CredentialRole; tokenHash: string },
): Promise<ApiTokenRecord> {
  const [row] = await db.insert(apiTokens).values(values).returning(recordColumns);
  if (!row) throw new Error('insert into api_tokens returned no row');
  return row;
}

/**
 * The unrevoked token with this hash, if any.
 *
 * @example await findActiveApiTokenByHash(db, sha256Hex(presented)) // { id: 3, role: 'staff', … }
 */
export async function findActiveApiTokenByHash(db: Executor, tokenHash: string): Promise<ApiTokenRecord | undefined> {
  const [row] = await db
    .select(recordColumns)
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
}

/** @example await findApiToken(db, 3) // { id: 3, revokedAt: null, … } */
export async function findApiToken(db: Executor, id: number): Promise<ApiTokenRecord | undefined> {
  const [row] = await db.select(recordColumns).from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

/**
 * Marks the token revoked now; returns the updated record, or undefined when the token does
 * not exist or was already revoked (the first revocation time is kept).
 *
 * @example await markApiTokenRevoked(db, 3) // { id: 3, revokedAt: 2026-…, … }
 */
export async function markApiTokenRevoked(db: Executor, id: number): Promise<ApiTokenRecord | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning(recordColumns);
  return row;
}

/** Every token record, oldest first. @example await listApiTokens(db) // [{ id: 1, … }] */
export async function listApiTokens(db: Executor): Promise<ApiTokenRecord[]> {
  return db.select(recordColumns).from(apiTokens).orderBy(asc(apiTokens.id));
}
