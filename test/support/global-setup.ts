/**
 * Once per `vitest run`, for the database project only (vitest runs a project's global setup
 * only when some of its files run, so a run of pure core tests migrates nothing):
 * - on the embedded database, migrate one PGlite database and save its data directory, so
 *   each test file's worker loads it (~0.9 s) instead of creating and migrating its own
 *   (~3.5 s);
 * - on PostgreSQL, migrate one template database, so each test database is a
 *   `CREATE DATABASE … TEMPLATE` copy of it instead of a migration of its own.
 * Built from the current migrations at every run; the teardown drops every database of the
 * run (templates of seeded worlds included, see `createSeededTestDatabase`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openPostgres, wrapPglite } from '../../src/persistence/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** File holding the migrated PGlite data directory; empty on a PostgreSQL run. */
    pgliteTemplate: string;
    /**
     * On PostgreSQL, the prefix of every database this run makes (`<prefix>template` is the
     * migrated template); empty on PGlite.
     */
    postgresRunPrefix: string;
  }
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function setUpPostgres(project: TestProject, serverUrl: string): Promise<() => Promise<void>> {
  const prefix = `suiji_run_${randomBytes(4).toString('hex')}_`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${prefix}template`);
  const template = openPostgres(withDatabaseName(serverUrl, `${prefix}template`));
  await migrateDatabase(template);
  // A template must have no session open while it is copied.
  await template.close();
  project.provide('pgliteTemplate', '');
  project.provide('postgresRunPrefix', prefix);
  return async () => {
    const left = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${prefix}%`}`;
    for (const { datname } of left) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
    await admin.end({ timeout: 5 });
  };
}

export default async function setup(project: TestProject): Promise<() => void | Promise<void>> {
  if (process.env.DATABASE_URL) return setUpPostgres(project, process.env.DATABASE_URL);
  const pglite = await PGlite.create();
  await migrateDatabase(wrapPglite(pglite));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const folder = mkdtempSync(path.join(tmpdir(), 'suiji-test-template-'));
  const file = path.join(folder, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('postgresRunPrefix', '');
  return () => rmSync(folder, { recursive: true, force: true });
}
