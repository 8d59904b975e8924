/**
 * People who sign in to the browser (staff, admins, auditors), their sessions, the one-time
 * setup links that create an account or reset a password, and the append-only activity log
 * of who did what. Secrets are never stored: passwords as scrypt hashes, session secrets and
 * setup tokens as SHA-256. A trigger (in the same migration) makes the database refuse any
 * UPDATE, DELETE or TRUNCATE of the activity log.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { departments } from './departments.ts';

/** Roles a person's account can have (enterprises sign in with a receipt code instead). */
export const USER_ROLES = ['staff', 'admin', 'auditor'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Roles a browser session can carry: a user's, or `enterprise`. */
export const SESSION_ROLES = ['enterprise', ...USER_ROLES] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];

/** scrypt cost parameters, stored per user so they can be raised for new hashes later. */
export interface PasswordParameters {
  readonly algorithm: 'scrypt';
  /** CPU/memory cost (a power of two). */
  readonly n: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
}

function inList(values: readonly string[]): ReturnType<typeof sql.raw> {
  return sql.raw(values.map((value) => `'${value}'`).join(', '));
}

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role').$type<UserRole>().notNull(),
    /** base64 of the scrypt output. */
    passwordHash: text('password_hash').notNull(),
    /** base64 of the per-user random salt. */
    passwordSalt: text('password_salt').notNull(),
    passwordParameters: jsonb('password_parameters').$type<PasswordParameters>().notNull(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** The department (a `departments` code) a staff account works for: it sees and enters only that department's tasks. Null: bureau-wide (admins, and accounts from before departments). */
    department: text('department').references(() => departments.code),
  },
  (table) => [
    check('users_role_known', sql`${table.role} in (${inList(USER_ROLES)})`),
    check('users_username_shape', sql`${table.username} ~ '^[a-z0-9][a-z0-9._-]{1,39}$'`),
  ],
);

/**
 * Browser sessions. The cookie carries a random secret; only its SHA-256 is here. A session
 * belongs to a user or to an enterprise (credit code), never both.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    secretHash: text('secret_hash').notNull().unique(),
    userId: integer('user_id').references(() => users.id),
    enterpriseCode: text('enterprise_code'),
    role: text('role').$type<SessionRole>().notNull(),
    /** Random key of this session's CSRF tokens (HMAC-SHA256 of it), hex. */
    csrfSecret: text('csrf_secret').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** The absolute end, whatever the activity. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /**
     * When the person last proved their password in this session (sign-in, or the password
     * asked again before a sensitive act); null for enterprise sessions and those older than
     * this column. Re-authentication is recent within a few minutes of it.
     */
    reauthenticatedAt: timestamp('reauthenticated_at', { withTimezone: true }),
  },
  (table) => [
    check('sessions_role_known', sql`${table.role} in (${inList(SESSION_ROLES)})`),
    check('sessions_hash_is_sha256', sql`${table.secretHash} ~ '^[0-9a-f]{64}$'`),
    check(
      'sessions_owner',
      sql`(${table.role} = 'enterprise' and ${table.enterpriseCode} is not null and ${table.userId} is null)
        or (${table.role} <> 'enterprise' and ${table.userId} is not null and ${table.enterpriseCode} is null)`,
    ),
    index('sessions_user_idx').on(table.userId),
  ],
);

/** What a setup link does: create a new account, or set a new password for an existing one. */
export const SETUP_LINK_PURPOSES = ['create_user', 'reset_password'] as const;
export type SetupLinkPurpose = (typeof SETUP_LINK_PURPOSES)[number];

/** One-time links (24 h) handed to a person to create their account or reset its password. */
export const setupLinks = pgTable(
  'setup_links',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    tokenHash: text('token_hash').notNull().unique(),
    purpose: text('purpose').$type<SetupLinkPurpose>().notNull(),
    /** For create_user: the username chosen by the admin, or null to let the person choose. */
    username: text('username'),
    /** For create_user: the role of the new account. */
    role: text('role').$type<UserRole>(),
    /** For reset_password: the account whose password is set. */
    userId: integer('user_id').references(() => users.id),
    /** Who made the link (null: the first-start link or the command line). */
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [
    check('setup_links_purpose_known', sql`${table.purpose} in (${inList(SETUP_LINK_PURPOSES)})`),
    check('setup_links_hash_is_sha256', sql`${table.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check(
      'setup_links_target',
      sql`(${table.purpose} = 'create_user' and ${table.role} in (${inList(USER_ROLES)}) and ${table.userId} is null)
        or (${table.purpose} = 'reset_password' and ${table.userId} is not null and ${table.role} is null and ${table.username} is null)`,
    ),
  ],
);

/** Who acted: a signed-in user, an API token, an enterprise session, Suiji itself, or an operator at the command line. */
export const ACTOR_KINDS = ['user', 'token', 'enterprise', 'system', 'anonymous', 'cli'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** `changes`: what was done; `security`: refused requests (401, 403, CSRF), for admins. */
export const ACTIVITY_SECTIONS = ['changes', 'security'] as const;
export type ActivitySection = (typeof ACTIVITY_SECTIONS)[number];

/**
 * The activity log (操作日志): who did what, append-only. It names accounts, tokens and
 * enterprises, never anything personal about natural persons, and never a secret.
 */
export const activityLog = pgTable(
  'activity_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKind: text('actor_kind').$type<ActorKind>().notNull(),
    /** User id, token id, credit code; null for the system or an anonymous caller. */
    actorId: text('actor_id'),
    /** Username, token label, credit code: what a reader recognises. */
    actorLabel: text('actor_label'),
    role: text('role').notNull(),
    /** e.g. `login`, `login_failed`, `user_created`, `request`. */
    action: text('action').notNull(),
    method: text('method'),
    path: text('path'),
    status: integer('status'),
    /** What was acted on, e.g. a task code or a username. */
    subject: text('subject'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    section: text('section').$type<ActivitySection>().notNull().default('changes'),
  },
  (table) => [
    check('activity_log_actor_kind_known', sql`${table.actorKind} in (${inList(ACTOR_KINDS)})`),
    check('activity_log_section_known', sql`${table.section} in (${inList(ACTIVITY_SECTIONS)})`),
    index('activity_log_section_idx').on(table.section, table.id),
    index('activity_log_actor_idx').on(table.actorLabel, table.id),
    index('activity_log_action_idx').on(table.action, table.id),
  ],
);
