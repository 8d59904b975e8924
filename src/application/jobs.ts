/**
 * The job runner (后台作业): heavy operations run in the background behind one interface,
 * with a resource (`jobs` table) that says their state, progress, counts, result or reason.
 *
 * On PostgreSQL jobs are dispatched through pg-boss (`pg-boss-jobs.ts`): any server
 * process connected to the database may run them, pg-boss redelivers one whose process died
 * once it expires. On PGlite (one process per data directory) they run in this process, one
 * at a time. Evaluation and list building work in short chunks, so requests are served
 * between them; freeze, draw and results publication are still one transaction each, during
 * which PGlite's single connection serves nothing else (issue 15: not yet chunked).
 *
 * Whoever dispatches, a job is executed by `executeJob`: it takes the job's lease (the run
 * lease of `run-lease.ts`, in its own lock space), so a job runs in one process at a time; a
 * job found `running` with its lease free was orphaned by a crash and is resumed (kinds whose
 * use case is idempotent: evaluation, list building) or failed with its reason (the others:
 * their one transaction either committed or left nothing, and staff decide). A server
 * recovers its orphans when it starts, so no job stays `running` after a crash.
 */
import { splitBilingual, type JobFailure, type JobKind, type JobProgress } from '../core/jobs.ts';
import { err, type Result } from '../core/result.ts';
import type { Logger } from '../logger.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { claimQueuedJob, completeJob, failJob, findJob, insertJob, listUnfinishedJobs, requeueJob, saveJobProgress, type JobRow } from '../persistence/job-repository.ts';
import { tryTakeJobLease } from '../persistence/run-lease.ts';
import type { Actor } from './activity-log.ts';

export type { JobRow };

/** What a job handler answers when it succeeded. */
export interface JobOutcome {
  /** What the synchronous endpoint would have answered (its JSON body). */
  readonly result: unknown;
  /** Where the outcome lives, e.g. `/api/evaluations/6`. */
  readonly resultLink: string | null;
  readonly counts?: Readonly<Record<string, number>> | null;
}

/** What a handler is given besides its input. */
export interface JobContext {
  readonly jobId: number;
  readonly startedBy: Actor;
  /** Records progress (stored; the console page and `GET /api/jobs/{id}` show it). */
  readonly reportProgress: (progress: JobProgress) => void;
}

/** One kind of job: how to run it and what to do when a crash interrupted it. */
export interface JobDefinition {
  readonly run: (input: Record<string, unknown>, context: JobContext) => Promise<Result<JobOutcome, JobFailure>>;
  /** `resume`: run again from the start (the use case is idempotent); `fail`: mark failed with the reason. */
  readonly onInterrupted: 'resume' | 'fail';
}

/** Runs jobs; one per server process. */
export interface JobRunner {
  /** Says how to run `kind` (each route module defines its own). */
  define(kind: JobKind, definition: JobDefinition): void;
  /** Stores a queued job and dispatches it; answers the stored job at once. */
  enqueue(kind: JobKind, input: Record<string, unknown>, startedBy: Actor): Promise<JobRow>;
  /** Resumes or fails the jobs a stopped process left unfinished, then starts taking jobs. Idempotent. */
  start(): Promise<void>;
  /** Stops taking jobs, waits for the one running here. Idempotent. */
  close(): Promise<void>;
}

/** Resumed at most this many times: a job that kills its process each time must not loop for ever. */
export const MAX_JOB_ATTEMPTS = 3;

/**
 * The reason of a job a crash interrupted, when its kind is not resumed.
 *
 * @example interruptedFailure('draw').zh // '执行该作业的进程在完成前停止了…'
 */
export function interruptedFailure(kind: JobKind, attempts: number): JobFailure {
  const repeated = attempts >= MAX_JOB_ATTEMPTS;
  return {
    status: 500,
    zh: repeated
      ? `执行该作业的进程已 ${attempts} 次在完成前停止，不再自动重试；请检查服务器日志后重新开始。`
      : '执行该作业的进程在完成前停止了（进程被终止或服务器重启）。该操作在一个事务中完成：要么已全部保存，要么没有留下任何改动；请查看任务当前状态后决定是否重新开始。',
    en: repeated
      ? `The process running this job stopped before it finished ${attempts} times; it is not retried again. Check the server log and start it again.`
      : 'The process running this job stopped before it finished (killed or restarted). The operation commits in one transaction: either all of it was saved or nothing was; check the current state before starting it again.',
    details: { reason: 'interrupted', kind, attempts },
  };
}

/**
 * The reason of a job whose handler threw (a bug, or the database went away).
 *
 * @example unexpectedFailure(new Error('connection lost')).en // 'The job failed unexpectedly: connection lost'
 */
export function unexpectedFailure(error: unknown): JobFailure {
  const message = error instanceof Error ? error.message : String(error);
  const { zh, en } = splitBilingual(message);
  return { status: 500, zh: `作业意外失败：${zh}`, en: `The job failed unexpectedly: ${en}`, details: { reason: 'unexpected' } };
}

/** A failure for a kind nobody defined (a job queued by a newer version, or the import before it is wired). */
function undefinedKindFailure(kind: string): JobFailure {
  return { status: 501, zh: `此服务器不能执行 ${kind} 类作业。`, en: `This server cannot run jobs of kind ${kind}.`, details: { reason: 'undefined_kind' } };
}

/** Keeps the job definitions of one runner. */
export class JobDefinitions {
  readonly #definitions = new Map<JobKind, JobDefinition>();

  define(kind: JobKind, definition: JobDefinition): void {
    this.#definitions.set(kind, definition);
  }

  get(kind: JobKind): JobDefinition | undefined {
    return this.#definitions.get(kind);
  }
}

/**
 * What to do with an unfinished job whose lease this process holds: a queued one is ready
 * to run; a running one was orphaned (its lease was free) and is queued again or failed.
 * Answers whether it is now queued.
 */
async function settleOrphan(database: DatabaseHandle, definitions: JobDefinitions, job: JobRow): Promise<boolean> {
  if (job.state === 'queued') return true;
  if (job.state !== 'running') return false;
  const definition = definitions.get(job.kind);
  if (definition?.onInterrupted === 'resume' && job.attempts < MAX_JOB_ATTEMPTS) return requeueJob(database.db, job.id);
  await failJob(database.db, job.id, interruptedFailure(job.kind, job.attempts));
  return false;
}

/**
 * Runs job `jobId` here if nobody else does: takes its lease, settles it if orphaned,
 * claims it and runs its handler, storing the outcome. Never throws for the job's own
 * failure (that is stored); answers false when another live process holds the job.
 *
 * @example await executeJob(database, definitions, 12, logger)
 */
export async function executeJob(database: DatabaseHandle, definitions: JobDefinitions, jobId: number, logger: Logger): Promise<boolean> {
  const lease = await tryTakeJobLease(database, jobId);
  if (!lease) return false;
  try {
    const found = await findJob(database.db, jobId);
    if (!found || !(await settleOrphan(database, definitions, found))) return true;
    const job = await claimQueuedJob(database.db, jobId);
    if (!job) return true;
    const definition = definitions.get(job.kind);
    if (!definition) {
      await failJob(database.db, jobId, undefinedKindFailure(job.kind));
      return true;
    }
    let progressWrite: Promise<void> = Promise.resolve();
    const context: JobContext = {
      jobId,
      startedBy: job.startedBy as unknown as Actor,
      // Writes in order, one at a time; a lost progress write only delays what pollers see.
      reportProgress: (progress) => {
        progressWrite = progressWrite.then(() => saveJobProgress(database.db, jobId, progress)).catch((error: unknown) => logger.warn({ err: error, jobId }, 'job progress not saved'));
      },
    };
    let outcome: Result<JobOutcome, JobFailure>;
    try {
      outcome = await definition.run(job.input, context);
    } catch (error) {
      logger.error({ err: error, jobId, kind: job.kind }, 'job failed unexpectedly');
      outcome = err(unexpectedFailure(error));
    }
    await progressWrite;
    if (outcome.ok) await completeJob(database.db, jobId, { result: outcome.value.result ?? null, resultLink: outcome.value.resultLink, counts: outcome.value.counts ? { ...outcome.value.counts } : null });
    else await failJob(database.db, jobId, outcome.error);
    return true;
  } finally {
    await lease.release();
  }
}

/**
 * Settles every unfinished job whose lease is free (a live process's jobs are left alone)
 * and answers the ids now queued, for the caller to dispatch.
 *
 * @example await recoverUnfinishedJobs(database, definitions) // [12]
 */
export async function recoverUnfinishedJobs(database: DatabaseHandle, definitions: JobDefinitions): Promise<number[]> {
  const queued: number[] = [];
  for (const job of await listUnfinishedJobs(database.db)) {
    const lease = await tryTakeJobLease(database, job.id);
    if (!lease) continue;
    try {
      const current = await findJob(database.db, job.id);
      if (current && (await settleOrphan(database, definitions, current))) queued.push(job.id);
    } finally {
      await lease.release();
    }
  }
  return queued;
}

/**
 * The embedded database's runner: jobs run in this process, one at a time, in the order queued.
 *
 * @example const runner = createInProcessJobRunner(database, logger); runner.define('draw', …); await runner.start()
 */
export function createInProcessJobRunner(database: DatabaseHandle, logger: Logger): JobRunner {
  const definitions = new JobDefinitions();
  const queue: number[] = [];
  let draining: Promise<void> | undefined;
  let starting: Promise<void> | undefined;
  let closed = false;

  const drain = (): void => {
    draining ??= (async () => {
      while (!closed && queue.length > 0) {
        const jobId = queue.shift()!;
        await executeJob(database, definitions, jobId, logger).catch((error: unknown) => logger.error({ err: error, jobId }, 'job could not be run'));
        // A turn of the event loop between jobs, so requests queued meanwhile are read.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      draining = undefined;
    })();
  };
  const dispatch = (jobId: number): void => {
    if (closed) return;
    queue.push(jobId);
    drain();
  };

  return {
    define: (kind, definition) => definitions.define(kind, definition),
    enqueue: async (kind, input, startedBy) => {
      const job = await insertJob(database.db, { kind, input, startedBy });
      dispatch(job.id);
      return job;
    },
    start: () => {
      starting ??= (async () => {
        for (const jobId of await recoverUnfinishedJobs(database, definitions)) dispatch(jobId);
      })();
      return starting;
    },
    close: async () => {
      closed = true;
      queue.length = 0;
      await draining;
    },
  };
}
