import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { enterprises } from '../../src/persistence/schema/index.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';

describe(`database on ${testDatabaseKind}`, () => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await createTestDatabase();
  });
  afterEach(async () => {
    await handle.close();
  });

  it('applies the migrations and runs typed queries', async () => {
    await handle.db.insert(enterprises).values({
      creditCode: '91350100M000100Y43',
      name: '福州示例有限公司',
      regionCode: '350102',
      industryCode: 'F5211',
      registrationDate: '2020-01-02',
      entityType: 'company',
      status: 'active',
      flags: ['food'],
    });
    const rows = await handle.db.select().from(enterprises);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.flags).toEqual(['food']);
    expect(rows[0]?.registrationDate).toBe('2020-01-02');
  });

  it('rejects a credit code that is not 18 characters long at the database level', async () => {
    await expect(
      handle.db.execute(
        sql`insert into enterprises (credit_code, name, region_code, industry_code, registration_date, entity_type, status) values ('123', 'x', '350102', 'F', '2020-01-01', 'company', 'active')`,
      ),
    ).rejects.toThrow();
  });
});
