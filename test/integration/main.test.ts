import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer, type RunningServer } from '../../src/main.ts';
import { ORPHANED_RUN_REASON } from '../../src/application/evaluate-all.ts';
import { DataDirLockedError } from '../../src/persistence/data-dir-lock.ts';
import { openDatabase } from '../../src/persistence/database.ts';
import { claimEvaluationRun, findEvaluationRun } from '../../src/persistence/evaluation-store.ts';

// Always the embedded database: the data-directory lock exists for PGlite, and this test
// must not migrate the shared DATABASE_URL database.
describe('startServer on the embedded database', () => {
  const logger = createLogger('silent');
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(dataDir: string): Promise<RunningServer> {
    const server = await startServer(parseConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' }), { logger });
    cleanups.push(() => server.close());
    return server;
  }

  function temporaryDataDir(): string {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-main-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    return dataDir;
  }

  it('serves /healthz on the port the system chose, refuses a second server on the same DATA_DIR, and releases it on close', async () => {
    const dataDir = temporaryDataDir();
    const server = await start(dataDir);

    const health = await fetch(`${server.url}/healthz`);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: { kind: 'pglite', reachable: true } });

    const second = start(dataDir);
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(/in use by another Suiji process/);

    await server.close();
    expect(fs.existsSync(path.join(dataDir, 'suiji.lock'))).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('marks failed, when it starts, an evaluation run a killed process left running, so its date can be evaluated again', async () => {
    const dataDir = temporaryDataDir();
    const killed = await openDatabase({ dataDir });
    const claimed = await claimEvaluationRun(killed, '2026-01-01', 'credit-risk/1');
    if (claimed.kind !== 'started') throw new Error(`claim ${claimed.kind}`);
    await killed.close(); // the lease is never released: the process died in the middle of the run

    const server = await start(dataDir);
    await server.close();

    const reopened = await openDatabase({ dataDir });
    cleanups.push(() => reopened.close());
    expect(await findEvaluationRun(reopened.db, claimed.run.id)).toMatchObject({ status: 'failed', error: ORPHANED_RUN_REASON });
  });
});
