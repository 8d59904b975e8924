/**
 * A fresh, migrated database for each test: an in-memory PGlite clone of one migrated
 * template per worker, or, when DATABASE_URL is set, a new database on that server
 * (dropped afterwards). The same integration tests run on both.
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

let template: Promise<PGlite> | undefined;

async function migratedTemplate(): Promise<PGlite> {
  // The run's global setup saved a migrated data directory; without it (a lone script), migrate here.
  const saved = inject('pgliteTemplate');
  if (saved) return PGlite.create({ loadDataDir: new Blob([readFileSync(saved)]) });
  const pglite = await PGlite.create();
  await migrateDatabase(wrapPglite(pglite));
  return pglite;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates an empty, migrated database; `close()` disposes of it. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (!testDatabaseUrl) {
    template ??= migratedTemplate();
    const clone = (await (await template).clone()) as PGlite;
    return wrapPglite(clone);
  }
  const name = `suiji_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = withDatabaseName(testDatabaseUrl, name);
  const handle = openPostgres(url);
  await migrateDatabase(handle);
  const test: DatabaseHandle = {
    ...handle,
    close: async () => {
      await handle.close();
      // Cleanup only: a database left behind on the throwaway test cluster harms nothing,
      // so a failed drop must not fail the test that used it.
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end({ timeout: 5 });
    },
  };
  testDatabaseUrls.set(test, url);
  return test;
}

const testDatabaseUrls = new WeakMap<DatabaseHandle, string>();

/**
 * On PostgreSQL, a second pool on a test database: what another Suiji process sees. Its
 * `client.sql.end({ timeout: 0 })` drops every connection at once, as `kill -9` would.
 */
export function openAnotherProcess(database: DatabaseHandle): DatabaseHandle {
  const url = testDatabaseUrls.get(database);
  if (!url) throw new Error('another process needs a PostgreSQL test database');
  return openPostgres(url);
}
