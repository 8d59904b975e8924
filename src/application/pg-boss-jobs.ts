/**
 * The PostgreSQL job runner: pg-boss dispatches, `executeJob` runs. pg-boss keeps the queue
 * in its own schema (`pgboss`) on our postgres.js connection; any server process on the same
 * database takes jobs from it. A job whose process died stays active in pg-boss until it
 * expires, then pg-boss delivers it again and `executeJob` resumes or fails it; a server
 * that starts settles such orphans at once (`recoverUnfinishedJobs`).
 */
import PgBoss from 'pg-boss';
import type { Logger } from '../logger.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { insertJob } from '../persistence/job-repository.ts';
import { pgBossDatabase } from '../persistence/pg-boss-adapter.ts';
import { executeJob, JobDefinitions, recoverUnfinishedJobs, type JobRunner } from './jobs.ts';

/** pg-boss's queue of Suiji's jobs; a message carries only our job's id. */
const QUEUE = 'suiji-jobs';

export interface PgBossRunnerOptions {
  /** How often an idle worker asks for a job, in seconds (default 2; pg-boss's minimum is 0.5). */
  readonly pollingIntervalSeconds?: number;
}

/**
 * @example const runner = createPgBossJobRunner(database, logger); runner.define('draw', …); await runner.start()
 */
export function createPgBossJobRunner(database: DatabaseHandle, logger: Logger, options: PgBossRunnerOptions = {}): JobRunner {
  if (database.client.kind !== 'postgres') throw new Error('pg-boss needs a PostgreSQL server');
  const definitions = new JobDefinitions();
  const boss = new PgBoss({ db: pgBossDatabase(database.client.sql), schema: 'pgboss', schedule: false });
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  let starting: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  const send = async (jobId: number): Promise<void> => {
    // Expiry is when pg-boss redelivers a job whose process died; a live run keeps its lease meanwhile.
    await boss.send(QUEUE, { jobId }, { retryLimit: 3, retryDelay: 1, expireInSeconds: 15 * 60 });
  };

  const start = (): Promise<void> => {
    starting ??= (async () => {
      await boss.start();
      await boss.createQueue(QUEUE);
      for (const jobId of await recoverUnfinishedJobs(database, definitions)) await send(jobId);
      await boss.work<{ jobId: number }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([message]) => {
        if (message) await executeJob(database, definitions, message.data.jobId, logger);
      });
    })();
    return starting;
  };

  return {
    define: (kind, definition) => definitions.define(kind, definition),
    enqueue: async (kind, input, startedBy) => {
      await start();
      const job = await insertJob(database.db, { kind, input, startedBy });
      await send(job.id);
      return job;
    },
    start,
    close: () => {
      closing ??= (async () => {
        if (starting === undefined) return;
        await starting.catch(() => {});
        await boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
      })();
      return closing;
    },
  };
}
