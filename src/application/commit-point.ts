/**
 * Crash tests' hook (issue 12 section 3): each use case that writes calls `reachCommitPoint`
 * at the end of its transaction (the evaluation before its last UPDATE marks the run completed).
 * With SUIJI_TEST_PAUSE_AT unset (production) it does nothing; `trace` prints a marker line on
 * stderr; `commit:OPERATION` prints it and waits for ever, so `scripts/crash-test` can `kill -9`
 * the process inside the transaction, after its writes and before COMMIT.
 */
import { loadConfig } from '../config.ts';

export type CommitPointOperation = 'import' | 'evaluation' | 'freeze' | 'draw' | 'results' | 'list';

/** The marker `scripts/crash-test` waits for, e.g. `SUIJI_COMMIT_POINT draw`. */
export const COMMIT_POINT_MARKER = 'SUIJI_COMMIT_POINT';

/**
 * @example await reachCommitPoint('draw') // last line inside the draw's transaction
 */
export async function reachCommitPoint(operation: CommitPointOperation): Promise<void> {
  const pauseAt = loadConfig().testPauseAt;
  if (pauseAt === undefined) return;
  process.stderr.write(`${COMMIT_POINT_MARKER} ${operation}\n`);
  if (pauseAt !== `commit:${operation}`) return;
  // A timer keeps the process alive while it waits to be killed.
  await new Promise<never>(() => setInterval(() => {}, 60_000));
}
