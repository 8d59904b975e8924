/** Throwaway databases for benchmarks: a PGlite data directory, or a database on a server. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../../src/persistence/database.ts';

/**
 * Creates an empty database on the server at `url`; `drop` removes it (even with clients
 * still connected, e.g. a killed server's).
 *
 * @example const { url: benchUrl, drop } = await createTemporaryPostgres(process.env.DATABASE_URL!); … await drop()
 */
export async function createTemporaryPostgres(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `suiji_bench_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Runs `work` on a new database on the server at `url`, dropped afterwards. */
export async function withTemporaryPostgres<T>(url: string, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const temporary = await createTemporaryPostgres(url);
  const database = await openDatabase({ dataDir: '', databaseUrl: temporary.url });
  try {
    return await work(database);
  } finally {
    await database.close();
    await temporary.drop();
  }
}

/** Runs `work` on a new embedded database in a temporary directory, removed afterwards. */
export async function withTemporaryPglite<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-bench-'));
  const database = await openDatabase({ dataDir });
  try {
    return await work(database);
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
