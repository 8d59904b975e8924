/**
 * Once per `vitest run` on the embedded database: migrate one PGlite database and save its
 * data directory, so each test file's worker loads it (~0.9 s) instead of creating and
 * migrating its own (~3.5 s). Built from the current migrations at every run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, wrapPglite } from '../../src/persistence/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** File holding the migrated PGlite data directory; empty on a PostgreSQL run. */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return () => {};
  }
  const pglite = await PGlite.create();
  await migrateDatabase(wrapPglite(pglite));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const folder = mkdtempSync(path.join(tmpdir(), 'suiji-test-template-'));
  const file = path.join(folder, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(folder, { recursive: true, force: true });
}
