import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../support/database.ts';
import { createTestApp, creditCodeFor, enterpriseSeed, insertEnterprises, type EnterpriseSeed, type TestApp } from './fixtures.ts';

/** 30 enterprises over two regions, three industries, two statuses, with some name overlap. */
function seeds(): EnterpriseSeed[] {
  const industries = ['C1391', 'C1713', 'F5211'];
  return Array.from({ length: 30 }, (_, index) =>
    enterpriseSeed({
      creditCode: creditCodeFor(index % 2 === 0 ? '350102' : '350103', index + 1),
      name: index % 5 === 0 ? `福州闽江食品${index}有限公司` : `厦门贸易${index}有限公司`,
      industryCode: industries[index % 3] as string,
      status: index % 4 === 0 ? 'deregistered' : 'active',
      flags: index % 5 === 0 ? ['food'] : [],
    }),
  );
}

describe(`enterprise directory over HTTP on ${testDatabaseKind}`, () => {
  // One database for the file: every test here only reads.
  let context: TestApp;
  let all: EnterpriseSeed[];
  beforeAll(async () => {
    context = await createTestApp();
    all = seeds();
    await insertEnterprises(context.database, all);
  });
  afterAll(async () => {
    await context.database.close();
  });

  function get(path: string) {
    return supertest(context.app).get(path).set('Authorization', context.bearer.staff);
  }

  async function walkPages(query: string, limit: number): Promise<{ codes: string[]; pages: number }> {
    const codes: string[] = [];
    let pages = 0;
    let next: string | null = null;
    do {
      const cursorPart: string = next === null ? '' : `&cursor=${encodeURIComponent(next)}`;
      const response = await get(`/api/enterprises?${query}&limit=${limit}${cursorPart}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(limit);
      codes.push(...response.body.items.map((item: { creditCode: string }) => item.creditCode));
      next = response.body.next;
      pages++;
    } while (next !== null && pages <= all.length + 1);
    return { codes, pages };
  }

  it('lists enterprises in credit-code order with camelCase fields', async () => {
    const response = await get('/api/enterprises?limit=2');

    expect(response.status).toBe(200);
    const sorted = all.map((seed) => seed.creditCode).sort();
    expect(response.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual(sorted.slice(0, 2));
    expect(Object.keys(response.body.items[0]).sort()).toEqual(
      ['creditCode', 'name', 'regionCode', 'industryCode', 'registrationDate', 'entityType', 'status', 'flags', 'updatedAt'].sort(),
    );
    expect(typeof response.body.next).toBe('string');
  });

  for (const limit of [1, 4, 7, 30, 500]) {
    it(`walks every page with limit ${limit}, each enterprise exactly once, in order`, async () => {
      const { codes, pages } = await walkPages('', limit);

      expect(codes).toEqual(all.map((seed) => seed.creditCode).sort());
      expect(pages).toBe(Math.max(1, Math.ceil(all.length / limit)));
    });
  }

  it('walks filtered pages without gaps or duplicates', async () => {
    const expected = all
      .filter((seed) => seed.regionCode === '350102' && seed.status === 'active')
      .map((seed) => seed.creditCode)
      .sort();

    const { codes } = await walkPages('region=350102&status=active', 3);

    expect(expected.length).toBeGreaterThan(3);
    expect(codes).toEqual(expected);
  });

  it('filters by region, industry prefix, status and name substring together', async () => {
    const expected = all
      .filter(
        (seed) =>
          seed.regionCode === '350102' &&
          seed.industryCode.startsWith('C') &&
          seed.status === 'active' &&
          seed.name.includes('食品'),
      )
      .map((seed) => seed.creditCode)
      .sort();

    const response = await get(`/api/enterprises?region=350102&industry=C&status=active&name=${encodeURIComponent('食品')}`);

    expect(response.status).toBe(200);
    expect(expected.length).toBeGreaterThan(0);
    expect(response.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual(expected);
    expect(response.body.next).toBeNull();
  });

  it('matches an industry code by prefix (GB/T 4754 codes nest by prefix)', async () => {
    const response = await get('/api/enterprises?industry=C13&limit=500');

    const industries = new Set(response.body.items.map((item: { industryCode: string }) => item.industryCode));
    expect([...industries]).toEqual(['C1391']);
    expect(response.body.items).toHaveLength(all.filter((seed) => seed.industryCode === 'C1391').length);
  });

  it('matches LIKE wildcards in a name literally', async () => {
    const response = await get(`/api/enterprises?name=${encodeURIComponent('%')}`);

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('returns one enterprise by its code, normalising case', async () => {
    const seed = all[5] as EnterpriseSeed;

    const response = await get(`/api/enterprises/${seed.creditCode.toLowerCase()}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      creditCode: seed.creditCode,
      name: seed.name,
      regionCode: seed.regionCode,
      industryCode: seed.industryCode,
      registrationDate: '2020-01-02',
      entityType: 'company',
      status: seed.status,
      flags: seed.flags,
    });
    expect(Number.isNaN(Date.parse(response.body.updatedAt))).toBe(false);
  });

  it('answers 404 problem+json for a valid code that is not in the directory', async () => {
    const unknown = creditCodeFor('350104', 999);

    const response = await get(`/api/enterprises/${unknown}`);

    expect(response.status).toBe(404);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found', instance: `/api/enterprises/${unknown}` });
  });

  it('answers 400 naming the code when its GB 32100 check character is wrong', async () => {
    const valid = all[0]?.creditCode as string;
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');

    const response = await get(`/api/enterprises/${wrongCheck}`);

    expect(response.status).toBe(400);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.errors).toEqual([{ field: 'code', reason: expect.stringContaining('check character') }]);
  });

  const badQueries: [string, string][] = [
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=2.5', 'limit'],
    ['region=3501', 'region'],
    ['industry=Z99', 'industry'],
    ['status=closed', 'status'],
    ['name=', 'name'],
    ['cursor=not-a-cursor', 'cursor'],
    ['regoin=350102', 'regoin'],
    ['limit=1&limit=2', 'limit'],
  ];
  for (const [query, field] of badQueries) {
    it(`answers 400 naming ${field} for ?${query}`, async () => {
      const response = await get(`/api/enterprises?${query}`);

      expect(response.status).toBe(400);
      expect(response.type).toBe('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
      expect(response.body.errors[0].reason).not.toBe('');
    });
  }
});
