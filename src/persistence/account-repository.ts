/**
 * Storage of user accounts, browser sessions and setup links. Secrets never reach this
 * file: passwords arrive hashed, session secrets and setup tokens as their SHA-256.
 */
import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from './database.ts';
import {
  sessions,
  setupLinks,
  users,
  type PasswordParameters,
  type SessionRole,
  type SetupLinkPurpose,
  type UserRole,
} from './schema/index.ts';

export interface UserRecord {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: UserRole;
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
}

/** A user with the stored password hash, for checking a login. */
export interface UserCredentialRecord extends UserRecord {
  readonly passwordHash: string;
  readonly passwordSalt: string;
  readonly passwordParameters: PasswordParameters;
}

export interface StoredPassword {
  readonly passwordHash: string;
  readonly passwordSalt: string;
  readonly passwordParameters: PasswordParameters;
}

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

/** @example await insertUser(db, { username: 'li.wei', displayName: 'Li Wei', role: 'staff', ...password }) */
export async function insertUser(
  db: Executor,
  values: { username: string; displayName: string; role: UserRole } & StoredPassword,
): Promise<UserRecord | undefined> {
  const [row] = await db.insert(users).values(values).onConflictDoNothing({ target: users.username }).returning(userColumns);
  return row;
}

/** The user and its password hash, by username. @example await findUserCredentials(db, 'li.wei') */
export async function findUserCredentials(db: Executor, username: string): Promise<UserCredentialRecord | undefined> {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash, passwordSalt: users.passwordSalt, passwordParameters: users.passwordParameters })
    .from(users)
    .where(eq(users.username, username));
  return row;
}

/** The user and its password hash, by id. @example await findUserCredentialsById(db, 3) */
export async function findUserCredentialsById(db: Executor, id: number): Promise<UserCredentialRecord | undefined> {
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash, passwordSalt: users.passwordSalt, passwordParameters: users.passwordParameters })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

/** @example await findUser(db, 3) */
export async function findUser(db: Executor, id: number): Promise<UserRecord | undefined> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id));
  return row;
}

/** @example await findUserByUsername(db, 'li.wei') */
export async function findUserByUsername(db: Executor, username: string): Promise<UserRecord | undefined> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.username, username));
  return row;
}

/** Every account, by username. @example await listUsers(db) */
export async function listUsers(db: Executor): Promise<UserRecord[]> {
  return db.select(userColumns).from(users).orderBy(asc(users.username));
}

/** Whether an enabled admin account exists. @example await hasActiveAdmin(db) // false on first start */
export async function hasActiveAdmin(db: Executor): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    .limit(1);
  return row !== undefined;
}

/** Replaces a user's password hash. @example await updateUserPassword(db, 3, stored) */
export async function updateUserPassword(db: Executor, id: number, password: StoredPassword): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ ...password, passwordChangedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Marks an enabled user disabled; undefined when unknown or already disabled. */
export async function markUserDisabled(db: Executor, id: number): Promise<UserRecord | undefined> {
  const [row] = await db
    .update(users)
    .set({ disabledAt: sql`now()` })
    .where(and(eq(users.id, id), isNull(users.disabledAt)))
    .returning(userColumns);
  return row;
}

export interface SessionRecord {
  readonly id: number;
  readonly userId: number | null;
  readonly username: string | null;
  readonly enterpriseCode: string | null;
  readonly role: SessionRole;
  readonly csrfSecret: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  /** When the password was last proved in this session (sign-in or re-authentication). */
  readonly reauthenticatedAt: Date | null;
}

/** @example await insertSession(db, { secretHash, userId: 3, role: 'staff', csrfSecret, expiresAt }) */
export async function insertSession(
  db: Executor,
  values: { secretHash: string; userId?: number; enterpriseCode?: string; role: SessionRole; csrfSecret: string; expiresAt: Date },
): Promise<number> {
  // A user's sign-in proved the password just now; an enterprise's proved none.
  const reauthenticatedAt = values.userId === undefined ? null : sql`now()`;
  const [row] = await db.insert(sessions).values({ ...values, reauthenticatedAt }).returning({ id: sessions.id });
  if (!row) throw new Error('insert into sessions returned no row');
  return row.id;
}

/**
 * The live session with this secret hash: not revoked, not past its absolute end, seen
 * after `idleSince`, and (for a user) of an enabled account.
 */
export async function findLiveSession(db: Executor, secretHash: string, idleSince: Date): Promise<SessionRecord | undefined> {
  const [row] = await db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      username: users.username,
      enterpriseCode: sessions.enterpriseCode,
      role: sessions.role,
      csrfSecret: sessions.csrfSecret,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      reauthenticatedAt: sessions.reauthenticatedAt,
    })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.secretHash, secretHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, idleSince),
        sql`(${sessions.userId} is null or ${users.disabledAt} is null)`,
      ),
    );
  return row;
}

/** Records activity on a session (keeps it from idling out). */
export async function touchSession(db: Executor, id: number): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, id));
}

/** Ends one session. @example await markSessionRevoked(db, 12) */
export async function markSessionRevoked(db: Executor, id: number): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** Records that the password was proved again in this session, now. */
export async function markSessionReauthenticated(db: Executor, id: number): Promise<void> {
  await db.update(sessions).set({ reauthenticatedAt: sql`now()` }).where(eq(sessions.id, id));
}

/**
 * Ends every session of a user (disabled, or password changed), or every one but
 * `exceptSessionId` (the session in which the person changed their own password).
 */
export async function revokeUserSessions(db: Executor, userId: number, exceptSessionId?: number): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptSessionId === undefined ? undefined : ne(sessions.id, exceptSessionId)));
}

export interface SetupLinkRecord {
  readonly id: number;
  readonly purpose: SetupLinkPurpose;
  readonly username: string | null;
  readonly role: UserRole | null;
  readonly userId: number | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

const setupLinkColumns = {
  id: setupLinks.id,
  purpose: setupLinks.purpose,
  username: setupLinks.username,
  role: setupLinks.role,
  userId: setupLinks.userId,
  createdAt: setupLinks.createdAt,
  expiresAt: setupLinks.expiresAt,
  usedAt: setupLinks.usedAt,
};

/** @example await insertSetupLink(db, { tokenHash, purpose: 'create_user', role: 'admin', expiresAt }) */
export async function insertSetupLink(
  db: Executor,
  values: {
    tokenHash: string;
    purpose: SetupLinkPurpose;
    username?: string | null;
    role?: UserRole | null;
    userId?: number | null;
    createdByUserId?: number | null;
    expiresAt: Date;
  },
): Promise<SetupLinkRecord> {
  const [row] = await db.insert(setupLinks).values(values).returning(setupLinkColumns);
  if (!row) throw new Error('insert into setup_links returned no row');
  return row;
}

/**
 * Ends every unused first-admin link (an admin link nobody created: the ones printed at
 * start), so only the newest printed link works.
 */
export async function expireUnusedFirstAdminLinks(db: Executor): Promise<number> {
  const rows = await db
    .update(setupLinks)
    .set({ expiresAt: sql`now()` })
    .where(and(eq(setupLinks.purpose, 'create_user'), eq(setupLinks.role, 'admin'), isNull(setupLinks.createdByUserId), isNull(setupLinks.usedAt), gt(setupLinks.expiresAt, sql`now()`)))
    .returning({ id: setupLinks.id });
  return rows.length;
}

/** Ends a user's unused password-reset links (their password just changed). @example await expireUnusedResetLinks(db, 3) */
export async function expireUnusedResetLinks(db: Executor, userId: number): Promise<number> {
  const rows = await db
    .update(setupLinks)
    .set({ expiresAt: sql`now()` })
    .where(and(eq(setupLinks.purpose, 'reset_password'), eq(setupLinks.userId, userId), isNull(setupLinks.usedAt), gt(setupLinks.expiresAt, sql`now()`)))
    .returning({ id: setupLinks.id });
  return rows.length;
}

/** The unused, unexpired link with this token hash. */
export async function findUsableSetupLink(db: Executor, tokenHash: string): Promise<SetupLinkRecord | undefined> {
  const [row] = await db
    .select(setupLinkColumns)
    .from(setupLinks)
    .where(and(eq(setupLinks.tokenHash, tokenHash), isNull(setupLinks.usedAt), gt(setupLinks.expiresAt, sql`now()`)));
  return row;
}

/**
 * Marks a link used, once: true only for the caller that did it (two racing submissions
 * cannot both use one link).
 */
export async function markSetupLinkUsed(db: Executor, id: number): Promise<boolean> {
  const rows = await db
    .update(setupLinks)
    .set({ usedAt: sql`now()` })
    .where(and(eq(setupLinks.id, id), isNull(setupLinks.usedAt), gt(setupLinks.expiresAt, sql`now()`)))
    .returning({ id: setupLinks.id });
  return rows.length > 0;
}
