import supertest from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../support/gb18030.ts';
import { testDatabaseKind } from '../support/database.ts';
import { createTestApp, creditCodeFor, type TestApp } from './fixtures.ts';

const header = '统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记';

function csvRow(serial: number, overrides: { code?: string; date?: string } = {}): string {
  return [overrides.code ?? creditCodeFor('350102', serial), `福州示例${serial}有限公司`, '350102', 'F5211', overrides.date ?? '2020/1/2', '有限责任公司', '存续', '食品'].join(',');
}

describe(`POST /api/enterprises/import on ${testDatabaseKind}`, () => {
  let context: TestApp | undefined;
  afterEach(async () => {
    await context?.database.close();
    context = undefined;
  });

  async function post(body: string | Buffer, contentType: string, query = '') {
    context ??= await createTestApp();
    return supertest(context.app)
      .post(`/api/enterprises/import${query}`)
      .set('Authorization', context.bearer.staff)
      .set('Content-Type', contentType)
      .send(body);
  }

  async function listed(): Promise<string[]> {
    const response = await supertest(context!.app).get('/api/enterprises?limit=500').set('Authorization', context!.bearer.staff);
    return response.body.items.map((item: { creditCode: string }) => item.creditCode);
  }

  it('imports a CSV body and the rows appear in the directory', async () => {
    const response = await post(`${header}\n${csvRow(1)}\n${csvRow(2)}\n`, 'text/csv');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ totalRows: 2, inserted: 2, updated: 0, rejected: [], rejectedRowCount: 0, applied: true, encoding: 'utf-8' });
    expect(await listed()).toEqual([creditCodeFor('350102', 1), creditCodeFor('350102', 2)]);
  });

  it('passes the raw bytes through, so a GB18030 export is detected and decoded', async () => {
    const response = await post(Buffer.from(encodeGb18030(`${header}\r\n${csvRow(1)}\r\n`)), 'application/octet-stream');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ encoding: 'gb18030', inserted: 1 });
    const stored = await supertest(context!.app).get(`/api/enterprises/${creditCodeFor('350102', 1)}`).set('Authorization', context!.bearer.staff);
    expect(stored.body.name).toBe('福州示例1有限公司');
  });

  it('imports a JSON array body', async () => {
    const body = JSON.stringify([
      {
        credit_code: creditCodeFor('350103', 7),
        name: '厦门示例有限公司',
        region_code: '350103',
        industry_code: 'C1391',
        registration_date: '2019-05-06',
        entity_type: 'company',
        status: 'active',
        flags: ['food', 'new_business_form'],
      },
    ]);

    const response = await post(body, 'application/json');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalRows: 1, inserted: 1, applied: true });
    expect(await listed()).toEqual([creditCodeFor('350103', 7)]);
  });

  it('answers 422 problem+json listing the rejected rows and imports nothing by default', async () => {
    const badCode = creditCodeFor('350102', 2).slice(0, 17) + 'Y';
    const body = `${header}\n${csvRow(1)}\n${csvRow(2, { code: badCode })}\n${csvRow(3, { date: 'yesterday' })}\n`;

    const response = await post(body, 'text/csv; charset=utf-8');

    expect(response.status).toBe(422);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.report).toMatchObject({ totalRows: 3, inserted: 0, applied: false });
    expect(response.body.report.rejected.map((row: { line: number }) => row.line)).toEqual([3, 4]);
    expect(response.body.detail).toContain('partial=true');
    expect(await listed()).toEqual([]);
  });

  it('with partial=true imports the valid rows and reports the rejected ones', async () => {
    const body = `${header}\n${csvRow(1)}\n${csvRow(2, { date: 'yesterday' })}\n`;

    const response = await post(body, 'text/csv', '?partial=true');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalRows: 2, inserted: 1, applied: true });
    expect(response.body.rejected).toEqual([expect.objectContaining({ line: 3, reason: expect.any(String) })]);
    expect(await listed()).toEqual([creditCodeFor('350102', 1)]);
  });

  it('links every rejected row for staff: the rejects file has the header, each bad row and its reason', async () => {
    const body = `${header}\n${csvRow(1)}\n${csvRow(2, { date: 'yesterday' })}\n`;

    const response = await post(body, 'text/csv', '?partial=true');

    expect(response.body).toMatchObject({ rejectedRowCount: 1, rejectsUrl: expect.stringMatching(/^\/api\/imports\/rejects\//) });
    const download = await supertest(context!.app).get(response.body.rejectsUrl).set('Authorization', context!.bearer.staff);
    // The rejects file gives each reason in Chinese, then in English.
    const rejected = response.body.rejected[0] as { field: string; reason: string; reasonZh: string };
    expect(download.status).toBe(200);
    expect(download.text).toBe(`\uFEFF${header},"原因 / reason"\r\n${csvRow(2, { date: 'yesterday' })},"${`${rejected.field}：${rejected.reasonZh} / ${rejected.field}: ${rejected.reason}`.replace(/"/g, '""')}"\r\n`);
    expect((await supertest(context!.app).get(response.body.rejectsUrl)).status).toBe(401);
  });

  it('answers with the rejected row blanked in the columns it does not keep (法定代表人, 联系电话)', async () => {
    const body = `法定代表人,${header},联系电话\n张三,${csvRow(1, { date: 'yesterday' })},13800138000\n`;

    const response = await post(body, 'text/csv');

    expect(response.status).toBe(422);
    expect(response.body.report.rejected).toEqual([expect.objectContaining({ line: 2, raw: `,${csvRow(1, { date: 'yesterday' })},` })]);
    expect(JSON.stringify(response.body)).not.toMatch(/张三|13800138000/);
  });

  it('answers 422 for a body that is not JSON', async () => {
    const response = await post('{"not": "an array"', 'application/json');

    expect(response.status).toBe(422);
    expect(response.body.report.rejected[0]).toMatchObject({ line: 0, reason: expect.stringContaining('invalid JSON') });
  });

  it('answers 415 problem+json for a content type it cannot import', async () => {
    const response = await post('credit_code\n', 'text/plain');

    expect(response.status).toBe(415);
    expect(response.type).toBe('application/problem+json');
  });

  it('answers 400 naming the body when it is empty', async () => {
    const response = await post('', 'text/csv');

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: '(body)', reason: expect.any(String) }]);
  });

  it('answers 400 naming the parameter for an unknown encoding', async () => {
    const response = await post(`${header}\n${csvRow(1)}\n`, 'text/csv', '?encoding=latin1');

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['encoding']);
  });

  it('answers 413 problem+json for a body over the import limit', async () => {
    context = await createTestApp({ importBodyLimitBytes: 1024 });

    const response = await post(`${header}\n${Array.from({ length: 40 }, (_, index) => csvRow(index + 1)).join('\n')}\n`, 'text/csv');

    expect(response.status).toBe(413);
    expect(response.type).toBe('application/problem+json');
    expect(await listed()).toEqual([]);
  });
});
