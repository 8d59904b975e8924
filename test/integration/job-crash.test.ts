/**
 * A job killed mid-way (issue 15): a server is killed with SIGKILL inside an evaluation job
 * (at its commit point, SUIJI_TEST_PAUSE_AT=commit:evaluation); the next start resumes it to
 * the end; so is an import job (SUIJI_TEST_PAUSE_AT=commit:import), which left nothing imported
 * meanwhile. Kinds that are not resumed (freeze, draw, results) are marked failed with their
 * reason in Chinese and English, and a job a live process holds is left alone. Both databases.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/application/activity-log.ts';
import { createApiToken } from '../../src/application/api-tokens.ts';
import { COMMIT_POINT_MARKER } from '../../src/application/commit-point.ts';
import { createJobRunner } from '../../src/application/job-runner.ts';
import { MAX_JOB_ATTEMPTS } from '../../src/application/jobs.ts';
import { ok } from '../../src/core/result.ts';
import { createLogger } from '../../src/logger.ts';
import { openDatabase, rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { claimQueuedJob, findJob, insertJob, requeueJob } from '../../src/persistence/job-repository.ts';
import { tryTakeJobLease } from '../../src/persistence/run-lease.ts';
import { creditCodeFor } from '../http/fixtures.ts';
import { importTestDirectory } from '../support/credit-fixtures.ts';
import { createTestDatabase, openAnotherProcess, testDatabaseKind, testDatabaseUrlOf } from '../support/database.ts';

const repository = path.resolve(import.meta.dirname, '../..');

interface SpawnedServer {
  readonly process: ChildProcess;
  readonly url: string;
  /** Resolves when stderr shows `text`. */
  readonly seen: (text: string) => Promise<void>;
}

/** Starts `src/main.ts` in its own process, as `npm start` does, and waits for its URL. */
async function spawnServer(environment: Record<string, string>): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repository, 'src/main.ts')], {
    cwd: repository,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  let listened: (url: string) => void = () => {};
  // The log (with the URL it listens on) and the commit-point markers both go to stderr.
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const listening = /"url":"(http:\/\/[^"]+)"/.exec(stderr);
    if (listening) listened(listening[1]!);
    for (const waiter of waiters.filter((candidate) => stderr.includes(candidate.text))) waiter.resolve();
  });
  child.stdout!.resume();
  const url = await new Promise<string>((resolve, reject) => {
    listened = resolve;
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    process: child,
    url,
    seen: (text) => (stderr.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve }))),
  };
}

async function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** A database the spawned servers share: a data directory (PGlite) or a test database (PostgreSQL). */
async function sharedDatabase(cleanups: (() => Promise<void>)[]): Promise<{ database: DatabaseHandle; environment: Record<string, string> }> {
  if (testDatabaseKind === 'postgres') {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-job-crash-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    return { database, environment: { DATABASE_URL: testDatabaseUrlOf(database)!, DATA_DIR: dataDir } };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-job-crash-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { database: await openDatabase({ dataDir }), environment: { DATA_DIR: dataDir } };
}

async function countRows(database: DatabaseHandle, table: 'enterprises' | 'enterprise_import_staging'): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await database.db.execute(sql`select count(*) as n from ${sql.identifier(table)}`));
  return Number(row?.n);
}

async function pollJob(url: string, bearer: string, id: number, until: (job: { state: string }) => boolean): Promise<Record<string, unknown> & { state: string }> {
  for (;;) {
    const job = (await (await fetch(`${url}/api/jobs/${id}`, { headers: { Authorization: bearer } })).json()) as Record<string, unknown> & { state: string };
    if (until(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`a job killed mid-way on ${testDatabaseKind}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('resumes an evaluation job whose server was killed with SIGKILL inside it, to the end, on the next start', async () => {
    const { database, environment } = await sharedDatabase(cleanups);
    await importTestDirectory(database, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    const bearer = `Bearer ${(await createApiToken(database.db, { label: 'crash staff', role: 'staff' })).token}`;
    // The embedded data directory is one process's at a time: the servers take it in turn.
    if (database.client.kind === 'pglite') await database.close();

    const first = await spawnServer({ ...environment, SUIJI_TEST_PAUSE_AT: 'commit:evaluation' });
    cleanups.push(() => stopped(first.process, 'SIGKILL'));
    const started = await fetch(`${first.url}/api/evaluations`, {
      method: 'POST',
      headers: { Authorization: bearer, Prefer: 'respond-async', 'Content-Type': 'application/json' },
      body: JSON.stringify({ asOf: '2026-01-01', model: 'credit-risk/1' }),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: number };
    // Killed inside the run's last transaction (on PGlite nothing else can be asked meanwhile: that transaction holds its one connection).
    await first.seen(`${COMMIT_POINT_MARKER} evaluation`);
    await stopped(first.process, 'SIGKILL');

    const second = await spawnServer(environment);
    cleanups.push(() => stopped(second.process, 'SIGTERM'));
    const finished = await pollJob(second.url, bearer, id, (job) => job.state === 'succeeded' || job.state === 'failed');

    expect(finished).toMatchObject({ state: 'succeeded', attempts: 2, counts: { evaluated: 3 }, error: null });
    const run = (await (await fetch(`${second.url}${finished['resultLink'] as string}`, { headers: { Authorization: bearer } })).json()) as Record<string, unknown>;
    expect(run).toMatchObject({ status: 'completed', evaluated: 3 });
  }, 900_000);

  it('resumes an import job killed with SIGKILL inside its one transaction: nothing was imported meanwhile, the next start imports the file once, staging emptied', async () => {
    const { database, environment } = await sharedDatabase(cleanups);
    const bearer = `Bearer ${(await createApiToken(database.db, { label: 'crash staff', role: 'staff' })).token}`;
    const reopen = async () => (database.client.kind === 'pglite' ? openDatabase({ dataDir: environment['DATA_DIR']! }) : database);
    if (database.client.kind === 'pglite') await database.close();

    const first = await spawnServer({ ...environment, SUIJI_TEST_PAUSE_AT: 'commit:import' });
    cleanups.push(() => stopped(first.process, 'SIGKILL'));
    const csv = ['统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态', ...[1, 2, 3].map((n) => `${creditCodeFor('350102', n)},福州示例${n}有限公司,350102,F5211,2020-01-02,有限责任公司,存续`)].join('\n');
    const started = await fetch(`${first.url}/api/enterprises/import`, { method: 'POST', headers: { Authorization: bearer, Prefer: 'respond-async', 'Content-Type': 'text/csv' }, body: csv });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: number };
    await first.seen(`${COMMIT_POINT_MARKER} import`);
    await stopped(first.process, 'SIGKILL');

    const between = await reopen();
    expect(await countRows(between, 'enterprises')).toBe(0);
    if (between !== database) await between.close();

    const second = await spawnServer(environment);
    cleanups.push(() => stopped(second.process, 'SIGTERM'));
    const finished = await pollJob(second.url, bearer, id, (job) => job.state === 'succeeded' || job.state === 'failed');
    expect(finished).toMatchObject({ state: 'succeeded', attempts: 2, counts: { totalRows: 3, inserted: 3, updated: 0, rejected: 0 }, error: null });
    await stopped(second.process, 'SIGTERM');

    const after = await reopen();
    expect(await countRows(after, 'enterprises')).toBe(3);
    expect(await countRows(after, 'enterprise_import_staging')).toBe(0);
    if (after !== database) await after.close();
  }, 900_000);

  it('fails, with its reason in Chinese and English, a draw job a killed process left running, resumes a list job, and leaves a live process\'s job alone', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const orphaned = async (kind: 'draw' | 'list') => {
      const queued = await insertJob(database.db, { kind, input: {}, startedBy: systemActor });
      await claimQueuedJob(database.db, queued.id); // running, and its lease dies with its process
      return queued.id;
    };
    const draw = await orphaned('draw');
    const list = await orphaned('list');
    const held = await orphaned('list');
    // A live process runs `held`: on PostgreSQL another session holds its lease, on PGlite this process does.
    const live = database.client.kind === 'postgres' ? openAnotherProcess(database) : database;
    const liveLease = await tryTakeJobLease(live, held);
    cleanups.push(async () => {
      await liveLease?.release();
      if (live !== database) await live.close();
    });

    const runner = createJobRunner(database, createLogger('silent'), { pollingIntervalSeconds: 0.5 });
    cleanups.push(() => runner.close());
    runner.define('draw', { onInterrupted: 'fail', run: async () => ok({ result: 'drawn again', resultLink: null }) });
    runner.define('list', { onInterrupted: 'resume', run: async () => ok({ result: 'redone', resultLink: '/api/lists/editions/1', counts: { entries: 2 } }) });
    await runner.start();

    const failed = await findJob(database.db, draw);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, error: { status: 500, details: { reason: 'interrupted', kind: 'draw' } } });
    expect(failed!.error!.zh).toContain('进程在完成前停止');
    expect(failed!.error!.en).toContain('stopped before it finished');
    for (;;) {
      const resumed = await findJob(database.db, list);
      if (resumed?.state !== 'queued' && resumed?.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await findJob(database.db, list)).toMatchObject({ state: 'succeeded', attempts: 2, result: 'redone', counts: { entries: 2 } });
    expect(await findJob(database.db, held)).toMatchObject({ state: 'running', attempts: 1 });
  });

  it(`fails a resumable job interrupted ${MAX_JOB_ATTEMPTS} times instead of running it again`, async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const job = await insertJob(database.db, { kind: 'evaluation', input: {}, startedBy: systemActor });
    for (let attempt = 0; attempt < MAX_JOB_ATTEMPTS; attempt++) {
      await claimQueuedJob(database.db, job.id);
      if (attempt < MAX_JOB_ATTEMPTS - 1) await requeueJob(database.db, job.id);
    }
    const runner = createJobRunner(database, createLogger('silent'), { pollingIntervalSeconds: 0.5 });
    cleanups.push(() => runner.close());
    runner.define('evaluation', { onInterrupted: 'resume', run: async () => ok({ result: null, resultLink: null }) });
    await runner.start();

    expect(await findJob(database.db, job.id)).toMatchObject({ state: 'failed', attempts: MAX_JOB_ATTEMPTS, error: { details: { reason: 'interrupted' } } });
  });
});
