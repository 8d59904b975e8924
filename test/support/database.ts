/**
 * A fresh, migrated database for each test: an in-memory PGlite clone of one migrated
 * template per worker, or, when DATABASE_URL is set, a new database on that server, copied
 * from the run's migrated template (dropped afterwards). The same integration tests run on
 * both. `createSeededTestDatabase` does the same for a seeded world: seeded once per worker,
 * copied for each test.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import {
  migrateDatabase,
  openPostgres,
  wrapPglite,
  type DatabaseHandle,
} from '../../src/persistence/database.ts';

export const testDatabaseUrl = process.env.DATABASE_URL || undefined;
export const testDatabaseKind = testDatabaseUrl ? 'postgres' : 'pglite';
/** A streaming replica of the test server (scripts/dev-replica.sh): public reads of every test database go through it. */
export const testDatabaseReadUrl = (testDatabaseUrl && process.env.DATABASE_READ_URL) || undefined;

let template: Promise<PGlite> | undefined;

async function migratedTemplate(): Promise<PGlite> {
  // The run's global setup saved a migrated data directory; without it (a lone script), migrate here.
  const saved = inject('pgliteTemplate');
  if (saved) return PGlite.create({ loadDataDir: new Blob([readFileSync(saved)]) });
  const pglite = await PGlite.create();
  await migrateDatabase(wrapPglite(pglite));
  return pglite;
}

/** `url` with its database name replaced by `name`. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** The run's migrated PostgreSQL template (see global-setup.ts), undefined outside a vitest run with one. */
function postgresRunPrefix(): string | undefined {
  return inject('postgresRunPrefix') || undefined;
}

/** A new, empty database name on the test server: under the run's prefix, so the run's teardown finds any left behind. */
function newDatabaseName(kind: string): string {
  return `${postgresRunPrefix() ?? 'suiji_'}${kind}_${randomBytes(6).toString('hex')}`;
}

/** Runs one statement on the server's maintenance connection (CREATE and DROP DATABASE). */
async function onServer(statement: string): Promise<void> {
  const admin = postgres(testDatabaseUrl!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * On PostgreSQL, a new database copied from `templateName` (migrated when there is none);
 * `close()` drops it.
 */
async function createPostgresDatabase(templateName: string | undefined): Promise<DatabaseHandle> {
  const name = newDatabaseName('test');
  await onServer(templateName ? `CREATE DATABASE ${name} TEMPLATE ${templateName}` : `CREATE DATABASE ${name}`);
  const url = withDatabaseName(testDatabaseUrl!, name);
  // The replica has the new database once it replayed its creation; until then its reads fall back to the primary.
  const handle = openPostgres(url, testDatabaseReadUrl && withDatabaseName(testDatabaseReadUrl, name));
  if (!templateName) await migrateDatabase(handle);
  const test: DatabaseHandle = {
    ...handle,
    close: async () => {
      await handle.close();
      // Cleanup only: a database left behind on the throwaway test cluster harms nothing
      // (the run's teardown drops it), so a failed drop must not fail the test that used it.
      await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    },
  };
  testDatabaseUrls.set(test, url);
  return test;
}

/** Creates an empty, migrated database; `close()` disposes of it. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (!testDatabaseUrl) {
    template ??= migratedTemplate();
    const clone = (await (await template).clone()) as PGlite;
    return wrapPglite(clone);
  }
  const prefix = postgresRunPrefix();
  return createPostgresDatabase(prefix ? `${prefix}template` : undefined);
}

/** A seeded world kept for copying: a PGlite database, or a PostgreSQL template database's name. */
interface SeededTemplate<T> {
  readonly copy: () => Promise<DatabaseHandle>;
  readonly seeded: T;
}

const seededTemplates = new Map<string, Promise<SeededTemplate<unknown>>>();

async function seedTemplate<T>(seed: (database: DatabaseHandle) => Promise<T>): Promise<SeededTemplate<T>> {
  const database = await createTestDatabase();
  const seeded = await seed(database);
  const { client } = database;
  if (client.kind === 'pglite') return { seeded, copy: async () => wrapPglite((await client.pglite.clone()) as PGlite) };
  // Kept as a template (no session may stay open on it): its pool ends, the database stays
  // until the run's teardown drops it.
  await client.sql.end({ timeout: 5 });
  const templateName = new URL(testDatabaseUrls.get(database)!).pathname.slice(1);
  return { seeded, copy: () => createPostgresDatabase(templateName) };
}

/**
 * A fresh database holding what `seed` wrote, with what `seed` returned. The world is seeded
 * once per worker (test file) for each `key` and copied for every call: a PGlite `clone()`,
 * or `CREATE DATABASE … TEMPLATE` on PostgreSQL, both far cheaper than seeding again.
 * One key must always name the same seed; the returned value is shared by every copy, so
 * keep it to plain data (ids and codes are the same in every copy).
 *
 * @example const { database, seeded: world } = await createSeededTestDatabase('draw world', seedWorld)
 */
export async function createSeededTestDatabase<T>(
  key: string,
  seed: (database: DatabaseHandle) => Promise<T>,
): Promise<{ readonly database: DatabaseHandle; readonly seeded: T }> {
  let entry = seededTemplates.get(key) as Promise<SeededTemplate<T>> | undefined;
  if (!entry) {
    entry = seedTemplate(seed);
    seededTemplates.set(key, entry);
  }
  const { copy, seeded } = await entry;
  return { database: await copy(), seeded };
}

const testDatabaseUrls = new WeakMap<DatabaseHandle, string>();

/** On PostgreSQL, the URL of a test database (for a spawned server); undefined on PGlite. */
export function testDatabaseUrlOf(database: DatabaseHandle): string | undefined {
  return testDatabaseUrls.get(database);
}

/**
 * On PostgreSQL, a second pool on a test database: what another Suiji process sees. Its
 * `client.sql.end({ timeout: 0 })` drops every connection at once, as `kill -9` would.
 */
export function openAnotherProcess(database: DatabaseHandle): DatabaseHandle {
  const url = testDatabaseUrls.get(database);
  if (!url) throw new Error('another process needs a PostgreSQL test database');
  return openPostgres(url);
}
