/**
 * Heavy operations as jobs over HTTP (issue 15). A route that starts one keeps its
 * contract: it answers as before unless the client sends `Prefer: respond-async`
 * (RFC 7240), which gets `202 Accepted`, `Location: /api/jobs/{id}` and the job; the
 * same operation then runs in the job runner and its answer (or its failure, in Chinese
 * and English) is stored on the job.
 */
import type { Request, Response } from 'express';
import { actorOf, type Actor } from '../application/activity-log.ts';
import type { JobContext, JobRunner, JobRow } from '../application/jobs.ts';
import { prefersRespondAsync, splitBilingual, type JobFailure, type JobKind } from '../core/jobs.ts';
import { err, ok } from '../core/result.ts';
import { principalOf } from './auth.ts';
import { HttpError, ValidationError } from './problem.ts';
import { jobSchema } from './schemas/jobs.ts';

/** The OpenAPI response of an endpoint that starts a job when asked (`Prefer: respond-async`). */
export const jobAcceptedResponse = {
  202: { description: 'With `Prefer: respond-async` (RFC 7240): started as a job; poll `Location` (`/api/jobs/{id}`).', content: { 'application/json': { schema: jobSchema } } },
} as const;

/** What an operation answers when it succeeds: the synchronous endpoint's response. */
export interface OperationAnswer {
  readonly status: number;
  readonly body: unknown;
  /** The outcome's address (sent as `Location` synchronously, stored as the job's result link). */
  readonly location?: string;
  /** The job's result link when it is not the answer's `Location` (an import's rejects file). */
  readonly resultLink?: string;
  readonly counts?: Readonly<Record<string, number>>;
}

/** An operation of a route: parsed input in, answer out; expected failures thrown as `HttpError`. */
export type Operation<Input> = (input: Input, actor: Actor, context?: JobContext) => Promise<OperationAnswer>;

const chineseDetails = new WeakMap<HttpError, string>();

/**
 * Attaches the Chinese of an error's detail (the problem body stays as it was), for the
 * failure a job stores when the use case words its issue in both languages.
 *
 * @example throw withChineseDetail(new NotFoundError('no task T-1'), '没有任务 T-1')
 */
export function withChineseDetail<E extends HttpError>(error: E, zh: string): E {
  chineseDetails.set(error, zh);
  return error;
}

/**
 * A job's failure from the error the synchronous endpoint would have thrown.
 *
 * @example failureOf(new ConflictError('任务已抽取。 / Already drawn.')) // { status: 409, zh: '任务已抽取。', en: 'Already drawn.' }
 */
export function failureOf(error: HttpError): JobFailure {
  // A 400's detail only counts its inputs: the reasons are the failure.
  const reasons = error instanceof ValidationError ? error.errors.map((fieldError) => ({ field: fieldError.field, ...(fieldError.reasonZh === undefined ? splitBilingual(fieldError.reason) : { zh: fieldError.reasonZh, en: fieldError.reason }) })) : [];
  const { zh, en } =
    reasons.length > 0
      ? { zh: reasons.map((reason) => `${reason.field}：${reason.zh}`).join('；'), en: reasons.map((reason) => `${reason.field}: ${reason.en}`).join('; ') }
      : splitBilingual(error.detail);
  const extensions = Object.keys(error.extensions).length > 0 ? { details: error.extensions } : {};
  return { status: error.status, zh: chineseDetails.get(error) ?? zh, en, ...extensions };
}

/**
 * Defines job `kind` as `operation` run in the background; `afterRun` is told when it ended
 * (the draw list's cache is refreshed by it, as after a synchronous change).
 *
 * @example defineOperationJob(deps.jobs, 'draw', 'fail', (input, actor) => drawOperation(input), () => deps.publishedDraws.changed())
 */
export function defineOperationJob<Input>(jobs: JobRunner, kind: JobKind, onInterrupted: 'resume' | 'fail', operation: Operation<Input>, afterRun?: () => void): void {
  jobs.define(kind, {
    onInterrupted,
    run: async (input, context) => {
      try {
        const answer = await operation(input as Input, context.startedBy, context);
        return ok({ result: answer.body, resultLink: answer.resultLink ?? answer.location ?? null, counts: answer.counts ?? null });
      } catch (error) {
        if (error instanceof HttpError) return err(failureOf(error));
        throw error;
      } finally {
        afterRun?.();
      }
    },
  });
}

/**
 * Answers a request that starts `kind`: as a job when the client prefers it, synchronously otherwise.
 *
 * @example await answerOrEnqueue(request, response, deps.jobs, 'freeze', { code }, freezeOperation)
 */
export async function answerOrEnqueue<Input extends Record<string, unknown>>(request: Request, response: Response, jobs: JobRunner, kind: JobKind, input: Input, operation: Operation<Input>): Promise<void> {
  if (prefersRespondAsync(request.get('prefer'))) {
    await enqueueAccepted(response, jobs, kind, input);
    return;
  }
  const answer = await operation(input, actorOf(principalOf(response)));
  if (answer.location !== undefined) response.location(answer.location);
  response.status(answer.status).json(answer.body);
}

/**
 * Queues job `kind` for the request's principal and answers 202 with `Location` and the job.
 *
 * @example await enqueueAccepted(response, deps.jobs, 'import', { target: 'enterprises', upload, format: 'csv' })
 */
export async function enqueueAccepted(response: Response, jobs: JobRunner, kind: JobKind, input: Record<string, unknown>): Promise<void> {
  const job = await jobs.enqueue(kind, input, actorOf(principalOf(response)));
  response.status(202).location(jobPath(job.id)).set('Preference-Applied', 'respond-async').json(jobResponse(job));
}

/** @example jobPath(12) // '/api/jobs/12' */
export function jobPath(id: number): string {
  return `/api/jobs/${id}`;
}

/**
 * A job as the API shows it: who started it by name, without the input it was started with.
 *
 * @example jobResponse(job).state // 'running'
 */
export function jobResponse(job: JobRow): Record<string, unknown> {
  const startedBy = job.startedBy as Partial<Actor>;
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    progress: job.progress,
    counts: job.counts,
    result: job.result ?? null,
    resultLink: job.resultLink,
    error: job.error,
    startedBy: startedBy.actorLabel ?? startedBy.actorKind ?? null,
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
