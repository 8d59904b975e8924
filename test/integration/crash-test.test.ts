/**
 * The crash test's short version (issue 12 section 3), on the suite's database: one `kill -9`
 * per operation, each at its commit point (SUIJI_TEST_PAUSE_AT=commit:OPERATION), then the
 * invariants after a restart. `scripts/crash-test --kills 10` runs the long one.
 */
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { appendRecordToLog } from '../../src/application/publication-log.ts';
import { createEphemeralBureauKeys } from '../../src/application/bureau-keys.ts';
import { findConsistencyViolations } from '../../src/persistence/consistency-check.ts';
import { CRASH_OPERATIONS, runCrashTest } from '../../scripts/crash-test.ts';
import { createTestDatabase, testDatabaseKind, testDatabaseUrl } from '../support/database.ts';

describe(`crash test on ${testDatabaseKind}`, () => {
  it('finds a log leaf whose record is missing', async () => {
    const database = await createTestDatabase();
    try {
      await appendRecordToLog(database.db, { kind: 'results_batch', reference: 'T#1', recordHash: nodeSha256.hex('never stored') }, createEphemeralBureauKeys());

      expect(await findConsistencyViolations(database.db, nodeSha256)).toEqual([`leaf 0 (results_batch T#1) has no stored record`]);
    } finally {
      await database.close();
    }
  });

  it('keeps every invariant after a kill -9 at the commit point of each operation', async () => {
    const report = await runCrashTest({ kills: 1, seed: 'ci', database: testDatabaseKind, databaseUrl: testDatabaseUrl, enterprises: 150 });

    expect(report.trials.map((trial) => [trial.operation, trial.mode, trial.killed, trial.violations])).toEqual(CRASH_OPERATIONS.map((operation) => [operation, 'commit-point', true, []]));
  }, 1_500_000);
});
