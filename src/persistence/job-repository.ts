/**
 * The `jobs` table: one row per background job, whatever dispatches it. State changes are
 * conditional updates, so two processes that both think they should run a job never both do.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { JobFailure, JobKind, JobProgress, JobState } from '../core/jobs.ts';
import type { Executor } from './database.ts';
import { jobs } from './schema/jobs.ts';

/** A job as stored. */
export interface JobRow {
  readonly id: number;
  readonly kind: JobKind;
  readonly state: JobState;
  readonly input: Readonly<Record<string, unknown>>;
  readonly progress: JobProgress | null;
  readonly counts: Readonly<Record<string, number>> | null;
  readonly result: unknown;
  readonly resultLink: string | null;
  readonly error: JobFailure | null;
  readonly startedBy: Readonly<Record<string, unknown>>;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

function toJobRow(row: typeof jobs.$inferSelect): JobRow {
  return {
    ...row,
    kind: row.kind as JobKind,
    state: row.state as JobState,
    input: row.input as Record<string, unknown>,
    progress: (row.progress as JobProgress | null) ?? null,
    counts: (row.counts as Record<string, number> | null) ?? null,
    error: (row.error as JobFailure | null) ?? null,
    startedBy: row.startedBy as Record<string, unknown>,
  };
}

/**
 * Stores a new queued job.
 *
 * @example await insertJob(db, { kind: 'draw', input: { code: 'T-1', entropy: '…' }, startedBy: actor }) // { id: 4, state: 'queued', … }
 */
export async function insertJob(db: Executor, job: { kind: JobKind; input: Record<string, unknown>; startedBy: object }): Promise<JobRow> {
  const [row] = await db.insert(jobs).values({ kind: job.kind, state: 'queued', input: job.input, startedBy: job.startedBy }).returning();
  return toJobRow(row!);
}

/** The job `id`, or undefined. */
export async function findJob(db: Executor, id: number): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ? toJobRow(row) : undefined;
}

/** Jobs not finished (queued or running), oldest first: what a start must resume or fail. */
export async function listUnfinishedJobs(db: Executor): Promise<JobRow[]> {
  return (await db.select().from(jobs).where(inArray(jobs.state, ['queued', 'running'])).orderBy(jobs.id)).map(toJobRow);
}

/**
 * Moves a queued job to running (one more attempt); undefined when it was not queued
 * (another process took it, or it already finished).
 */
export async function claimQueuedJob(db: Executor, id: number): Promise<JobRow | undefined> {
  const [row] = await db
    .update(jobs)
    .set({ state: 'running', attempts: sql`${jobs.attempts} + 1`, startedAt: sql`now()`, updatedAt: sql`now()`, error: null })
    .where(and(eq(jobs.id, id), eq(jobs.state, 'queued')))
    .returning();
  return row ? toJobRow(row) : undefined;
}

/** Puts a running job whose process died back in the queue; false if it was not running. */
export async function requeueJob(db: Executor, id: number): Promise<boolean> {
  const rows = await db.update(jobs).set({ state: 'queued', updatedAt: sql`now()` }).where(and(eq(jobs.id, id), eq(jobs.state, 'running'))).returning({ id: jobs.id });
  return rows.length > 0;
}

/** Records how far a running job is. */
export async function saveJobProgress(db: Executor, id: number, progress: JobProgress): Promise<void> {
  await db.update(jobs).set({ progress, updatedAt: sql`now()` }).where(and(eq(jobs.id, id), eq(jobs.state, 'running')));
}

/** Marks a running job succeeded with its answer. */
export async function completeJob(db: Executor, id: number, outcome: { result: unknown; resultLink: string | null; counts: Record<string, number> | null }): Promise<void> {
  await db
    .update(jobs)
    .set({ state: 'succeeded', result: outcome.result, resultLink: outcome.resultLink, counts: outcome.counts, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.state, 'running')));
}

/** Marks a queued or running job failed with its reason; false if it had already finished. */
export async function failJob(db: Executor, id: number, failure: JobFailure): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ state: 'failed', error: failure, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, id), inArray(jobs.state, ['queued', 'running'])))
    .returning({ id: jobs.id });
  return rows.length > 0;
}
