/**
 * Opens the database: embedded PGlite in the data directory by default, a real PostgreSQL
 * server through postgres.js when a URL is given. Both return the same drizzle type, so
 * repositories work unchanged on either.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { restrictDataDir, usePrivateUmask } from './data-dir-permissions.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { embeddedDatabaseDir, listenForBackups } from './embedded-backup.ts';
import { ReplicaReads, walPositionsOf } from './replica-reads.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The drizzle database type common to both drivers: what repositories take. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: repositories accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export type DatabaseClient =
  | { readonly kind: 'pglite'; readonly pglite: PGlite }
  | { readonly kind: 'postgres'; readonly sql: postgres.Sql };

export interface DatabaseHandle {
  readonly db: Database;
  /** The raw client, for the few bulk paths (COPY) that drizzle does not cover. */
  readonly client: DatabaseClient;
  /**
   * Runs a read-only query of a public page or `/api/public` answer: on the replica
   * (DATABASE_READ_URL) when it has caught up with the primary, else on the primary; without
   * a replica simply on `db`.
   *
   * @example const draws = await database.readPublic((db) => listPublishedDraws(db))
   */
  readonly readPublic: <T>(query: (db: Database) => Promise<T>) => Promise<T>;
  /** The routing between primary and replica, when there is a replica (its counts say where reads went). */
  readonly replicaReads?: ReplicaReads<Database>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenDatabaseOptions {
  /** Directory of the embedded database; ignored when `databaseUrl` is set. */
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
  /** A streaming replica of `databaseUrl`'s server for public reads (DATABASE_READ_URL). */
  readonly databaseReadUrl?: string | undefined;
  /** Apply pending migrations (default true). */
  readonly migrate?: boolean;
  /** Told, in words for the operator's log, what was done to the data directory at start. */
  readonly onNotice?: (message: string) => void;
}

/**
 * Opens and migrates the configured database. On the embedded database it first takes the
 * data directory's lock, so a second process stops with `DataDirLockedError`.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.databaseReadUrl)
    : await openEmbedded(options.dataDir, options.onNotice);
  if (options.migrate ?? true) {
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}

/**
 * A postgres.js pool on `url`; with `readUrl`, a second pool on a streaming replica of the
 * same server for `readPublic` (never migrated: the replica follows the primary).
 */
export function openPostgres(url: string, readUrl?: string): DatabaseHandle {
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzlePostgres(sql, { schema }) as unknown as Database;
  const close = () => sql.end({ timeout: 5 });
  if (readUrl === undefined) return { db, client: { kind: 'postgres', sql }, readPublic: (query) => query(db), close };
  const replicaSql = postgres(readUrl, { max: 10, onnotice: () => {} });
  const replicaDb = drizzlePostgres(replicaSql, { schema }) as unknown as Database;
  const replicaReads = new ReplicaReads(db, replicaDb, walPositionsOf(sql, replicaSql));
  return {
    db,
    client: { kind: 'postgres', sql },
    readPublic: (query) => replicaReads.read(query),
    replicaReads,
    close: async () => {
      await Promise.all([close(), replicaSql.end({ timeout: 5 })]);
    },
  };
}

async function openEmbedded(dataDir: string, onNotice: (message: string) => void = () => {}): Promise<DatabaseHandle> {
  usePrivateUmask();
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  try {
    const tightened = restrictDataDir(dataDir);
    if (tightened > 0) onNotice(`数据目录 ${dataDir} 中 ${tightened} 个文件或目录对其他用户可读写，已改为仅本账户可访问 / ${tightened} entries of the data directory ${dataDir} were readable or writable by other users; they are now private to this account`);
    const pgliteDir = embeddedDatabaseDir(dataDir);
    fs.mkdirSync(pgliteDir, { recursive: true }); // PGlite does not create parents
    const pglite = await PGlite.create(pgliteDir);
    // PGlite's file system sets 0666 on what it creates whatever our umask: tighten what it
    // made now and again at close. Meanwhile the 0700 directories keep others out.
    restrictDataDir(dataDir);
    // Only the lock holder may open the database, so it answers `suiji backup` from others.
    const backups = await listenForBackups(pglite, dataDir).catch(async (error: unknown) => {
      await pglite.close();
      throw error;
    });
    return wrapPglite(pglite, async () => {
      await backups.close();
      await pglite.close();
      restrictDataDir(dataDir);
      lock.release();
    });
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Wraps an already open PGlite instance (tests use in-memory clones). */
export function wrapPglite(pglite: PGlite, close: () => Promise<void> = () => pglite.close()): DatabaseHandle {
  const db = drizzlePglite(pglite, { schema }) as unknown as Database;
  return { db, client: { kind: 'pglite', pglite }, readPublic: (query) => query(db), close };
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.client.kind === 'pglite') {
    await migratePglite(drizzlePglite(handle.client.pglite, { schema }), { migrationsFolder });
  } else {
    await migratePostgres(drizzlePostgres(handle.client.sql, { schema }), { migrationsFolder });
  }
}

/**
 * The rows of a raw `db.execute()` result: PGlite returns `{ rows }`, postgres.js an array.
 * Counts and bigints come back as numbers on one and strings on the other; convert with
 * `Number()` at the call site.
 */
export function rowsOf<Row>(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows: Row[] }).rows;
}
