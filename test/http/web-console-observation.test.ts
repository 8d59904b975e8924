/**
 * The console's observation page (观察期, issue 17): which enterprises a run found in
 * observation, until when, and the soft measures recorded for them, which become credit
 * records shown in the enterprise's explanation.
 */
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAll } from '../../src/application/evaluate-all.ts';
import { listActivity } from '../../src/application/activity-log.ts';
import { listEnterpriseRecords } from '../../src/persistence/credit-record-store.ts';
import { testDatabaseKind } from '../support/database.ts';
import { creditCode, importTestDirectory } from '../support/credit-fixtures.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

describe(`the observation page on ${testDatabaseKind}`, () => {
  let context: TestApp;
  let runId: number;
  beforeAll(async () => {
    context = await createTestApp({ now: () => new Date('2026-01-10T02:00:00Z') });
    await importTestDirectory(context.database, [{ n: 1 }, { n: 2, registered: '2025-06-01', flags: '新业态' }, { n: 3, registered: '2022-06-01', flags: '新业态' }]);
    const run = await evaluateAll(context.database, { asOf: '2025-12-31' });
    if (!run.ok) throw new Error(run.error.code);
    runId = run.value.id;
  });
  afterAll(async () => {
    await context.database.close();
  });

  const request = () => supertest(context.app);
  const staff = (path: string) => request().get(path).set('Authorization', context.bearer.staff).set('Accept', 'text/html');
  const recordMeasure = (fields: Record<string, string>) => request().post('/console/observation/measures').set('Authorization', context.bearer.staff).type('form').send(fields);

  it('sends the public to the login page', async () => {
    const response = await request().get('/console/observation').set('Accept', 'text/html');
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(/^\/login\?next=/);
    const post = await request().post('/console/observation/measures').set('Accept', 'text/html').type('form').send({ creditCode: creditCode(2) });
    expect(post.status).toBe(303);
    expect(post.headers.location).toMatch(/^\/login/);
  });

  it('lists only the new business form still in its period, with the day it ends and none of its measures yet', async () => {
    const page = await staff('/console/observation');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`第 ${runId} 次评价`);
    expect(page.text).toContain('新业态；登记后 2 年内');
    expect(page.text).toContain(`data-code="${creditCode(2)}"`);
    expect(page.text).not.toContain(`data-code="${creditCode(3)}"`);
    expect(page.text).not.toContain(`data-code="${creditCode(1)}"`);
    expect(page.text).toContain('2027-06-01');
  });

  it('records a soft measure as a credit record, lists it, explains it, and logs who did it', async () => {
    const recorded = await recordMeasure({ creditCode: creditCode(2), date: '2026-01-05', measure: 'administrative_guidance', department: '网络交易监管科', note: '发放合规经营指引' });
    expect(recorded.status).toBe(200);
    expect(recorded.text).toContain('已记录');

    const records = await listEnterpriseRecords(context.database.db, creditCode(2));
    expect(records.map(({ record }) => record)).toContainEqual(expect.objectContaining({ kind: 'soft_measure', measure: 'administrative_guidance', department: '网络交易监管科', note: '发放合规经营指引' }));
    expect((await staff('/console/observation')).text).toMatch(/2026-01-05 行政指导（网络交易监管科）/);
    const explanation = await staff(`/console/evaluations/${runId}/enterprises/${creditCode(2)}`);
    expect(explanation.text).toContain('是（只采取柔性措施），至 2027-06-01');
    const activity = await listActivity(context.database.db, { limit: 5, action: 'soft_measure_recorded' });
    expect(activity.items.map((entry) => [entry.subject, entry.details])).toEqual([[creditCode(2), { measure: 'administrative_guidance', date: '2026-01-05' }]]);

    // Entered again, the code pasted with spaces between its groups and in lower case: the same record, not a copy.
    const pasted = creditCode(2).toLowerCase().replace(/(.{4})/g, '$1 ');
    const again = await recordMeasure({ creditCode: pasted, date: '2026-01-05', measure: 'administrative_guidance', department: '网络交易监管科', note: '发放合规经营指引' });
    expect(again.status).toBe(200);
    expect((await listEnterpriseRecords(context.database.db, creditCode(2))).filter(({ record }) => record.kind === 'soft_measure')).toHaveLength(1);
  });

  it('refuses an unknown enterprise, a date after today and a measure that is not soft, saying why in Chinese', async () => {
    const unknown = await recordMeasure({ creditCode: creditCode(99), date: '2026-01-05', measure: 'education_reminder', department: '科' });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain(`名录库中没有 ${creditCode(99)}`);
    const future = await recordMeasure({ creditCode: creditCode(2), date: '2026-02-01', measure: 'education_reminder', department: '科' });
    expect(future.status).toBe(400);
    expect(future.text).toContain('日期 2026-02-01 晚于今天');
    const notSoft = await recordMeasure({ creditCode: creditCode(2), date: '2026-01-05', measure: 'fine', department: '科' });
    expect(notSoft.status).toBe(400);
    expect(notSoft.text).toContain('措施填写有误：须为教育提醒、劝导示范、行政指导或行政约谈');
    expect((await listEnterpriseRecords(context.database.db, creditCode(2))).filter(({ record }) => record.kind === 'soft_measure')).toHaveLength(1);
  });

  it('lets an auditor read the list but not record a measure', async () => {
    expect((await request().get('/console/observation').set('Authorization', context.bearer.auditor)).status).toBe(200);
    const refused = await request().post('/console/observation/measures').set('Authorization', context.bearer.auditor).type('form').send({ creditCode: creditCode(2), date: '2026-01-05', measure: 'education_reminder', department: '科' });
    expect(refused.status).toBe(403);
  });
});
