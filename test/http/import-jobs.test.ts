/**
 * Imports as jobs over HTTP (issue 15): `Prefer: respond-async` (RFC 7240) on the directory
 * and credit-record imports answers 202 with `Location: /api/jobs/{id}`; the job reports rows
 * read, applied and rejected, its result is the report, its result link the rejects file; a
 * file refused whole fails the job with the 422 in Chinese and English. Without the header the
 * answer is as before. PGlite (in-process runner) and, with DATABASE_URL, PostgreSQL (pg-boss).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../support/database.ts';
import { createTestAppWithJobs, creditCodeFor, type TestAppWithJobs } from './fixtures.ts';

const header = '统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记';

function csvRow(serial: number, overrides: { date?: string } = {}): string {
  return [creditCodeFor('350102', serial), `福州示例${serial}有限公司`, '350102', 'F5211', overrides.date ?? '2020/1/2', '有限责任公司', '存续', '食品'].join(',');
}

const keptUploads = () => (fs.existsSync(path.join(os.tmpdir(), 'suiji-import-uploads')) ? fs.readdirSync(path.join(os.tmpdir(), 'suiji-import-uploads')) : []);

describe(`imports as jobs over HTTP on ${testDatabaseKind}`, () => {
  let context: TestAppWithJobs;
  beforeAll(async () => {
    context = await createTestAppWithJobs();
  });
  afterAll(async () => {
    await context.close();
  });

  const request = () => supertest(context.app);
  const startImport = (path: string, body: string) =>
    request().post(path).set('Authorization', context.bearer.staff).set('Content-Type', 'text/csv').set('Prefer', 'respond-async').send(body);

  async function pollUntilFinished(location: string): Promise<supertest.Response> {
    for (;;) {
      const job = await request().get(location).set('Authorization', context.bearer.staff);
      if (job.status !== 200 || job.body.state === 'succeeded' || job.body.state === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('imports the directory as a job: 202 with Location, then the report as its result, its counts and rows read, applied and rejected', async () => {
    const body = `${header}\n${csvRow(1)}\n${csvRow(2)}\n${csvRow(3, { date: 'not a date' })}\n`;
    const uploadsBefore = keptUploads().length;
    const started = await startImport('/api/enterprises/import?partial=true', body);

    expect(started.status).toBe(202);
    expect(started.headers['location']).toBe(`/api/jobs/${started.body.id}`);
    expect(started.body).toMatchObject({ kind: 'import', state: 'queued' });
    const finished = await pollUntilFinished(started.headers['location']!);
    expect(finished.body).toMatchObject({
      state: 'succeeded',
      counts: { totalRows: 3, inserted: 2, updated: 0, rejected: 1 },
      progress: { done: Buffer.byteLength(body), total: Buffer.byteLength(body), counts: { rowsRead: 3, rowsApplied: 2, rowsRejected: 1 } },
      result: { totalRows: 3, inserted: 2, applied: true, rejectedRowCount: 1 },
    });
    expect(finished.body.resultLink).toBe(finished.body.result.rejectsUrl);
    const rejects = await request().get(finished.body.resultLink).set('Authorization', context.bearer.staff);
    expect(rejects.status).toBe(200);
    expect(rejects.text).toContain('not a date');
    expect((await request().get(`/api/enterprises/${creditCodeFor('350102', 2)}`).set('Authorization', context.bearer.staff)).status).toBe(200);
    expect(keptUploads().length).toBe(uploadsBefore);
  });

  it('fails the job of a file refused whole with the 422 in Chinese and English, the report in its details, and imports nothing', async () => {
    const started = await startImport('/api/enterprises/import', `${header}\n${csvRow(11)}\n${csvRow(12, { date: 'not a date' })}\n`);
    const finished = await pollUntilFinished(started.headers['location']!);

    expect(finished.body).toMatchObject({ state: 'failed', error: { status: 422, details: { report: { applied: false, totalRows: 2, rejectedRowCount: 1 } } } });
    expect(finished.body.error.zh).toContain('没有导入任何行');
    expect(finished.body.error.en).toContain('nothing was imported');
    expect((await request().get(`/api/enterprises/${creditCodeFor('350102', 11)}`).set('Authorization', context.bearer.staff)).status).toBe(404);
  });

  it('imports credit records as a job too', async () => {
    await startImport('/api/enterprises/import', `${header}\n${csvRow(21)}\n`).then((started) => pollUntilFinished(started.headers['location']!));
    const records = `统一社会信用代码,处罚决定书文号,处罚决定日期,违法行为,处罚种类,来源\n${creditCodeFor('350102', 21)},A-1,2025-03-01,未按规定标明价格,罚款,案件系统\n`;
    const started = await startImport('/api/records/import?kind=penalty', records);

    expect(started.status).toBe(202);
    const finished = await pollUntilFinished(started.headers['location']!);
    expect(finished.body).toMatchObject({ state: 'succeeded', counts: { totalRows: 1, inserted: 1, rejected: 0 }, result: { applied: true } });
  });

  it('answers the report at once without Prefer: respond-async, as before', async () => {
    const response = await request().post('/api/enterprises/import').set('Authorization', context.bearer.staff).set('Content-Type', 'text/csv').send(`${header}\n${csvRow(31)}\n`);

    expect(response.status).toBe(200);
    expect(response.headers['location']).toBeUndefined();
    expect(response.body).toEqual({ totalRows: 1, inserted: 1, updated: 0, rejected: [], rejectedRowCount: 0, applied: true, encoding: 'utf-8' });
  });
});
