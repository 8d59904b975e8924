/**
 * A transaction whose work decides at the end whether to commit, for all-or-nothing
 * imports: validation runs alongside the writes, and one rejected row undoes them all.
 */
import type { DatabaseHandle, Executor } from './database.ts';

/** Thrown inside the transaction to undo it; never leaves this module. */
class RollbackRequested extends Error {
  constructor(readonly value: unknown) {
    super('rollback requested');
  }
}

/**
 * Runs `work` in one transaction and commits only when it returns `commit: true`;
 * either way its `value` is returned.
 *
 * @example await runRollbackableTransaction(database, async (transaction) => ({ commit: ok, value: report }))
 */
export async function runRollbackableTransaction<T>(
  database: DatabaseHandle,
  work: (transaction: Executor) => Promise<{ readonly commit: boolean; readonly value: T }>,
): Promise<T> {
  try {
    return await database.db.transaction(async (transaction) => {
      const outcome = await work(transaction);
      if (!outcome.commit) throw new RollbackRequested(outcome.value);
      return outcome.value;
    });
  } catch (error) {
    if (error instanceof RollbackRequested) return error.value as T;
    throw error;
  }
}
