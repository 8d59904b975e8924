import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Roles a credential can carry (DESIGN.md section 2). `public` is the absence of one, so it
 * is not stored.
 */
export const CREDENTIAL_ROLES = ['enterprise', 'staff', 'admin', 'auditor'] as const;
export type CredentialRole = (typeof CREDENTIAL_ROLES)[number];

/**
 * API tokens for scripts and, until accounts with sessions exist, for people. Only the
 * SHA-256 of a token is stored: a leaked table grants nothing.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    label: text('label').notNull(),
    role: text('role').$type<CredentialRole>().notNull(),
    /** Lower-case hex SHA-256 of the whole presented token, prefix included. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    check(
      'api_tokens_role_known',
      sql`${table.role} in (${sql.raw(CREDENTIAL_ROLES.map((role) => `'${role}'`).join(', '))})`,
    ),
    check('api_tokens_hash_is_sha256', sql`${table.tokenHash} ~ '^[0-9a-f]{64}$'`),
  ],
);
