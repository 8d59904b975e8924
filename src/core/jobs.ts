/**
 * Jobs (后台作业): the shape of a heavy operation run in the background, whatever runs it
 * (pg-boss on PostgreSQL, the in-process queue on PGlite). Plain data, no I/O.
 */

/** The operations that run as jobs. `import` is started by the streaming import (issue 15). */
export const JOB_KINDS = ['evaluation', 'freeze', 'draw', 'results', 'list', 'import'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** queued → running → succeeded | failed; a job interrupted by a crash is queued again or failed. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** How far a running job is, in its own unit (enterprises evaluated, pool members frozen, bytes of a file read). */
export interface JobProgress {
  readonly done: number;
  readonly total: number;
  /** Counts so far, by name, when one number does not say it all (an import's rows read, applied, rejected). */
  readonly counts?: Readonly<Record<string, number>>;
}

/** Why a job failed: the HTTP status the synchronous endpoint would have answered, in both languages. */
export interface JobFailure {
  readonly status: number;
  readonly zh: string;
  readonly en: string;
  /** Machine-readable details (the use case's issue code, a run id). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Splits a "中文 / English" message (the form the use cases write) into its two languages;
 * a message without the separator is the same text in both.
 *
 * @example splitBilingual('任务不存在。 / No such task.') // { zh: '任务不存在。', en: 'No such task.' }
 */
export function splitBilingual(message: string): { zh: string; en: string } {
  const separator = message.indexOf(' / ');
  if (separator < 0) return { zh: message, en: message };
  return { zh: message.slice(0, separator).trim(), en: message.slice(separator + 3).trim() };
}

/**
 * Whether a `Prefer` header (RFC 7240) asks for an asynchronous answer (`respond-async`).
 *
 * @example prefersRespondAsync('respond-async, wait=10') // true
 */
export function prefersRespondAsync(prefer: string | undefined): boolean {
  if (prefer === undefined) return false;
  return prefer.split(',').some((preference) => preference.split(';')[0]!.trim().split('=')[0]!.trim().toLowerCase() === 'respond-async');
}

/**
 * The share of a job done, 0 to 1 (0 when its total is not known yet).
 *
 * @example progressFraction({ done: 50, total: 200 }) // 0.25
 */
export function progressFraction(progress: JobProgress | null | undefined): number {
  if (!progress || progress.total <= 0) return 0;
  return Math.min(1, progress.done / progress.total);
}
