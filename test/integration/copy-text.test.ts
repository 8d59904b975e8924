/**
 * COPY on either database: done only when the server says how many rows it stored, and a
 * COPY the server refuses is an error, never a success nor a wait without end
 * (porsager/postgres#1173: a COPY refused after `end()` never finished its stream).
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { copyEnterpriseText } from '../../src/persistence/enterprise-import.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { creditCode } from '../support/credit-fixtures.ts';

const line = (n: number) => `${creditCode(n)}\t测试企业${n}有限公司\t350102\tF5211\t2015-01-01\tcompany\tactive\t{}\n`;

describe(`copyText on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  const storedCount = async () => Number(rowsOf<{ count: number | string }>(await database.db.execute(sql`select count(*) as count from enterprises`))[0]?.count);

  it('answers with the number of rows the server stored', async () => {
    expect(await copyEnterpriseText(database, line(1) + line(2) + line(3))).toBe(3);
    expect(await storedCount()).toBe(3);
  });

  it('rejects a COPY the server refuses at its end, stores none of it, and leaves the connection usable', async () => {
    await expect(copyEnterpriseText(database, line(1) + line(2) + line(1))).rejects.toThrow(/duplicate key/);
    expect(await storedCount()).toBe(0);
    expect(await copyEnterpriseText(database, line(4))).toBe(1);
  });
});
