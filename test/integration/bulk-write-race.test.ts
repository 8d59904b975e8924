/**
 * Bulk writes on PostgreSQL's shared pool while other queries run (issue 12 section 1): an
 * evaluation run in the server ended `completed` with 220,000 counted and 180,000 stored,
 * because postgres.js pipelined other queries onto the connection in the middle of a COPY
 * and the stream's `finish` was taken for the COPY's success. PGlite has one connection and
 * runs one statement at a time, so the race exists only on a real server.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateAll } from '../../src/application/evaluate-all.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { copyEnterpriseText } from '../../src/persistence/enterprise-import.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { creditCode } from '../support/credit-fixtures.ts';

/** `count` enterprises from `creditCode(first)` on, in COPY text format. */
function enterpriseCopyText(first: number, count: number): string {
  let text = '';
  for (let n = first; n < first + count; n++) text += `${creditCode(n)}\t测试企业${n}有限公司\t350102\tF5211\t2015-01-01\tcompany\tactive\t{}\n`;
  return text;
}

async function countRows(database: DatabaseHandle, table: 'enterprises' | 'evaluations'): Promise<number> {
  const [row] = rowsOf<{ count: number | string }>(await database.db.execute(sql`select count(*) as count from ${sql.raw(table)}`));
  return Number(row?.count);
}

/**
 * Public readers on the same pool until `work` settles, as 8-10 concurrent portal GETs
 * were; returns how many reads failed.
 */
async function whileReading<T>(database: DatabaseHandle, readers: number, work: Promise<T>): Promise<{ result: PromiseSettledResult<T>; failedReads: number }> {
  let done = false;
  let failedReads = 0;
  const settled = Promise.allSettled([work]).then(([result]) => {
    done = true;
    return result!;
  });
  const reader = async () => {
    while (!done) {
      await database.db.execute(sql`select count(*) from enterprises`).catch(() => failedReads++);
      // A read refused at once settles in a microtask: yield, or the loop starves every timer.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const [result] = await Promise.all([settled, ...Array.from({ length: readers }, reader)]);
  return { result, failedReads };
}

describe.runIf(testDatabaseKind === 'postgres')('bulk writes with concurrent queries on one PostgreSQL pool', () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('stores every row of every COPY that reports success, and the concurrent reads all answer', async () => {
    const batches = 10;
    const perBatch = 4_000;
    const copies = Promise.all(Array.from({ length: batches }, (_, batch) => copyEnterpriseText(database, enterpriseCopyText(batch * perBatch, perBatch))));
    const { result, failedReads } = await whileReading(database, 10, copies);

    expect(result.status).toBe('fulfilled');
    expect(await countRows(database, 'enterprises')).toBe(batches * perBatch);
    expect(failedReads).toBe(0);
  });

  it('completes an evaluation run only with every evaluation stored, while the public reads', async () => {
    const enterprises = 30_000;
    await copyEnterpriseText(database, enterpriseCopyText(0, enterprises));

    const { result, failedReads } = await whileReading(database, 10, evaluateAll(database, { asOf: '2026-01-01' }, { chunkSize: 1_000 }));

    if (result.status === 'rejected') throw result.reason;
    if (!result.value.ok) throw new Error(result.value.error.message);
    expect(result.value.value).toMatchObject({ status: 'completed', evaluated: enterprises });
    expect(await countRows(database, 'evaluations')).toBe(enterprises);
    expect(failedReads).toBe(0);
  });
});
