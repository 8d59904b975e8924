import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultScoringModel } from '../../src/core/scoring/model.ts';
import { testDatabaseKind } from '../support/database.ts';
import { creditCode, csvBytes, importTestDirectory } from '../support/credit-fixtures.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

const penaltyCsv = csvBytes('统一社会信用代码,处罚决定书文号,处罚决定日期,违法行为,处罚种类,来源', `${creditCode(1)},A-1,2025-03-01,未按规定标明价格,罚款,案件系统`);

describe(`credit evaluation over HTTP on ${testDatabaseKind}`, () => {
  let context: TestApp;
  beforeAll(async () => {
    context = await createTestApp();
    await importTestDirectory(context.database, [{ n: 1 }, { n: 2 }, { n: 3, registered: '2025-06-01', flags: '新业态' }]);
  });
  afterAll(async () => {
    await context.database.close();
  });

  const request = () => supertest(context.app);

  it.each([
    ['post', '/api/records/import?kind=penalty'],
    ['get', `/api/enterprises/${creditCode(1)}/records`],
    ['post', '/api/models'],
    ['get', '/api/models'],
    ['get', '/api/models/credit-risk/1'],
    ['post', '/api/evaluations'],
    ['get', '/api/evaluations'],
    ['get', '/api/evaluations/1'],
    ['get', `/api/evaluations/1/enterprises/${creditCode(1)}`],
    ['get', '/api/evaluations/1/changes?since=1'],
  ] as const)('answers 401 to the public on %s %s: tiers are internal', async (method, path) => {
    const response = await request()[method](path);
    expect(response.status).toBe(401);
    expect(response.type).toBe('application/problem+json');
  });

  it.each([
    ['enterprise', 'get', '/api/evaluations'],
    ['enterprise', 'get', '/api/models'],
    ['auditor', 'post', '/api/evaluations'],
    ['auditor', 'post', '/api/records/import?kind=penalty'],
    ['staff', 'post', '/api/models'],
  ] as const)('answers 403 to the %s role on %s %s', async (role, method, path) => {
    const response = await request()[method](path).set('Authorization', context.bearer[role]).send({});
    expect(response.status).toBe(403);
  });

  it('imports records (422 with every rejected row, then 200) and lists an enterprise\'s records', async () => {
    const bad = await request()
      .post('/api/records/import?kind=行政处罚')
      .set('Authorization', context.bearer.staff)
      .type('text/csv')
      .send(Buffer.from(csvBytes('统一社会信用代码,处罚决定书文号,处罚决定日期,违法行为,处罚种类,来源', `${creditCode(1)},A-9,2025-13-01,x,罚款,y`)));
    expect(bad.status).toBe(422);
    expect(bad.body.report.rejected).toEqual([expect.objectContaining({ line: 2, field: '处罚决定日期' })]);
    const noKind = await request().post('/api/records/import').set('Authorization', context.bearer.staff).type('text/csv').send(Buffer.from(penaltyCsv));
    expect(noKind.status).toBe(400);
    const good = await request().post('/api/records/import?kind=penalty').set('Authorization', context.bearer.staff).type('text/csv').send(Buffer.from(penaltyCsv));
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ inserted: 1, applied: true });
    const listed = await request().get(`/api/enterprises/${creditCode(1)}/records`).set('Authorization', context.bearer.auditor);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([{ effectiveDate: '2025-03-01', record: expect.objectContaining({ kind: 'penalty', decisionNumber: 'A-1' }) }]);
  });

  it('answers a rejected related-party row without its ID number', async () => {
    const idNumber = '11010519491231002X'; // GB 11643-1999's published example, not a real person's
    const response = await request()
      .post('/api/records/import?kind=related_party_link')
      .set('Authorization', context.bearer.staff)
      .type('text/csv')
      .send(Buffer.from(csvBytes('统一社会信用代码,身份证号,职务,任职日期,来源', `${creditCode(1)},${idNumber},董事长,2020-01-01,登记系统`)));
    expect(response.status).toBe(422);
    expect(response.body.report.rejected).toEqual([expect.objectContaining({ line: 2, field: '职务', raw: `${creditCode(1)},,董事长,2020-01-01,登记系统` })]);
    expect(JSON.stringify(response.body)).not.toContain(idNumber);
  });

  it('saves models for admins: 201, 200 for the same again, 409 for a changed version, 422 naming the formula', async () => {
    const version2 = { ...defaultScoringModel(), version: 2 };
    const created = await request().post('/api/models').set('Authorization', context.bearer.admin).send(version2);
    expect(created.status).toBe(201);
    expect(created.headers['location']).toBe('/api/models/credit-risk/2');
    expect((await request().post('/api/models').set('Authorization', context.bearer.admin).send(version2)).status).toBe(200);
    const conflict = await request().post('/api/models').set('Authorization', context.bearer.admin).send({ ...version2, description: 'changed' });
    expect(conflict.status).toBe(409);
    const malicious = {
      ...version2,
      version: 3,
      formulas: version2.formulas.map((formula) => (formula.name === 'related' ? { ...formula, expression: 'cos.constructor("return process")()' } : formula)),
    };
    const invalid = await request().post('/api/models').set('Authorization', context.bearer.admin).send(malicious);
    expect(invalid.status).toBe(422);
    expect(invalid.type).toBe('application/problem+json');
    expect(invalid.body.errors).toEqual([expect.objectContaining({ formula: 'related', field: 'formulas.3.expression' })]);
    const list = await request().get('/api/models').set('Authorization', context.bearer.staff);
    expect(list.body.items.map((model: { key: string }) => model.key)).toEqual(['credit-risk/1', 'credit-risk/2']);
    const one = await request().get('/api/models/credit-risk/1').set('Authorization', context.bearer.auditor);
    expect(one.body).toMatchObject({ id: 'credit-risk', version: 1, tiers: { A: 85 } });
    expect((await request().get('/api/models/credit-risk/7').set('Authorization', context.bearer.staff)).status).toBe(404);
  });

  it('runs an evaluation, shows the distribution, explains an enterprise and counts tier changes', async () => {
    const started = await request().post('/api/evaluations').set('Authorization', context.bearer.staff).send({ asOf: '2026-01-01', model: 'credit-risk/1', wait: true });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'completed', evaluated: 3, counts: { A: 2, B: 1, C: 0, D: 0, observation: 1 } });
    const runId: number = started.body.id;
    expect(started.headers['location']).toBe(`/api/evaluations/${runId}`);
    const again = await request().post('/api/evaluations').set('Authorization', context.bearer.staff).send({ asOf: '2026-01-01', model: 'credit-risk/1' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(runId);

    const explained = await request().get(`/api/evaluations/${runId}/enterprises/${creditCode(1)}`).set('Authorization', context.bearer.auditor);
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({ runId, modelKey: 'credit-risk/1', asOf: '2026-01-01', tier: 'B', rulesFired: [] });
    expect(explained.body.indicators.find((indicator: { name: string }) => indicator.name === 'penalty_weight')).toMatchObject({ value: 1, contribution: -15 });

    const background = await request().post('/api/evaluations').set('Authorization', context.bearer.staff).send({ asOf: '2025-01-01', model: 'credit-risk/1' });
    expect(background.status).toBe(202);
    const earlierId: number = background.body.id;
    await vi.waitFor(async () => {
      const run = await request().get(`/api/evaluations/${earlierId}`).set('Authorization', context.bearer.staff);
      expect(run.body.status).toBe('completed');
    }, { timeout: 20_000, interval: 50 });
    const changes = await request().get(`/api/evaluations/${runId}/changes?since=${earlierId}`).set('Authorization', context.bearer.staff);
    expect(changes.body).toEqual({ runId, sinceRunId: earlierId, changes: [{ from: 'A', to: 'A', count: 2 }, { from: 'A', to: 'B', count: 1 }] });
    const runs = await request().get('/api/evaluations').set('Authorization', context.bearer.auditor);
    expect(runs.body.items.map((run: { id: number }) => run.id)).toEqual([earlierId, runId]);
  });

  it('answers 400 for a date that is not a calendar date and 404 for an unknown model or run', async () => {
    const badDate = await request().post('/api/evaluations').set('Authorization', context.bearer.staff).send({ asOf: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
    expect((await request().post('/api/evaluations').set('Authorization', context.bearer.staff).send({ asOf: '2026-01-01', model: 'nope/1' })).status).toBe(404);
    expect((await request().get('/api/evaluations/999').set('Authorization', context.bearer.staff)).status).toBe(404);
  });
});
