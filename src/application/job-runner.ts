/**
 * Chooses the job runner for the database: pg-boss on PostgreSQL, in-process on PGlite.
 */
import type { Logger } from '../logger.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { createInProcessJobRunner, type JobRunner } from './jobs.ts';
import { createPgBossJobRunner, type PgBossRunnerOptions } from './pg-boss-jobs.ts';

/**
 * @example const jobs = createJobRunner(database, logger); await jobs.start(); … await jobs.close()
 */
export function createJobRunner(database: DatabaseHandle, logger: Logger, options: PgBossRunnerOptions = {}): JobRunner {
  return database.client.kind === 'postgres' ? createPgBossJobRunner(database, logger, options) : createInProcessJobRunner(database, logger);
}
