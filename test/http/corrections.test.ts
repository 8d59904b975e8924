import type { Express } from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveReceiptCode, type BureauKeys } from '../../src/application/bureau-keys.ts';
import type { CredentialRole } from '../../src/application/api-tokens.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { createWorldDatabase } from '../integration/draw-world.ts';
import { testDatabaseKind } from '../support/database.ts';
import { expectSignedAndLogged } from '../support/published-record.ts';
import { publishTwoResults, PUBLISHED_TASK } from '../support/published-results.ts';
import { signIn, signInEnterprise } from '../support/session.ts';
import { approveAsSecondAdmin, createTestAppWithKeys } from './fixtures.ts';

describe(`corrections, statements and the three lists over HTTP on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  let keys: BureauKeys;
  let app: Express;
  let bearer: Record<CredentialRole, string>;
  let selected: string[];

  beforeAll(async () => {
    const created = await createWorldDatabase();
    database = created.database;
    ({ keys, app, bearer } = await createTestAppWithKeys({ database }));
    ({ selected } = await publishTwoResults(database, keys, created.seeded));
  });
  afterAll(async () => {
    await database.close();
  });

  it('an admin asks for a correction, a second admin approves it, and the portal marks the original as corrected with links both ways', async () => {
    const body = { taskCode: PUBLISHED_TASK, creditCode: selected[0], itemCode: 'F1', kind: 'supplement', reason: '补正检查结果说明', corrected: { outcome: 'no_problem', summary: '经检查，未发现问题（补正：检查地点为经营场所）。' } };
    expect((await supertest(app).post('/api/results/corrections').set('Authorization', bearer.staff).send(body)).status).toBe(403);
    const proposed = await supertest(app).post('/api/results/corrections').set('Authorization', bearer.admin).send(body);
    expect(proposed.status).toBe(202);
    const approved = await approveAsSecondAdmin(app, database, proposed.body.approval.id);
    expect(approved.status).toBe(200);
    expect(approved.body.outcome).toMatchObject({ kind: 'result_correction', number: 1 });

    const envelope = await supertest(app).get('/api/public/results/corrections/1');
    expect(envelope.status).toBe(200);
    expect(envelope.body.record).toMatchObject({ format: 'suiji.result-correction/1', kind: 'supplement', original: { task: PUBLISHED_TASK, batch: 1, creditCode: selected[0], item: 'F1' } });
    await expectSignedAndLogged(database.db, keys, envelope.body);
    expect((await supertest(app).get('/api/public/results/corrections/2')).status).toBe(404);

    const api = await supertest(app).get(`/api/public/results?task=${PUBLISHED_TASK}`);
    const [corrected, untouched] = [selected[0], selected[1]].map((code) => api.body.items.find((item: { creditCode: string }) => item.creditCode === code));
    expect(corrected).toMatchObject({ outcome: 'no_problem', corrections: [{ number: 1, kind: 'supplement', label: { zh: '补正', en: 'Supplemented' }, recordHash: envelope.body.recordHash, url: '/api/public/results/corrections/1', page: '/results/corrections/1' }] });
    expect(untouched).not.toHaveProperty('corrections');

    const results = await supertest(app).get(`/results?task=${PUBLISHED_TASK}`).set('Accept', 'text/html');
    expect(results.text).toMatch(new RegExp(`data-code="${selected[0]}"[^]*?已更正（补正）[^]*?href="/results/corrections/1"`));
    const page = await supertest(app).get('/results/corrections/1').set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/results?task=${PUBLISHED_TASK}&amp;code=${selected[0]}"`);
    expect(page.text).toContain('补正检查结果说明');
    const log = await supertest(app).get('/log').set('Accept', 'text/html');
    expect(log.text).toContain('href="/results/corrections/1"');
  });

  it('an enterprise submits a statement from its page; staff answer it; the enterprise sees the answer; nothing of it is public', async () => {
    const mine = selected[1]!;
    const enterprise = await signInEnterprise(app, mine, deriveReceiptCode(keys, PUBLISHED_TASK, mine));
    const page = await enterprise.agent.get('/enterprise').set('Accept', 'text/html');
    expect(page.text).toContain('id="statement-form"');
    expect(page.text).toContain(`value="${PUBLISHED_TASK}|F1"`);

    const empty = await enterprise.agent.post('/enterprise/statements').set('Accept', 'text/html').type('form').send({ _csrf: enterprise.csrfToken, result: `${PUBLISHED_TASK}|F1`, statement: ' ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('请填写陈述申辩内容');
    const submitted = await enterprise.agent.post('/enterprise/statements').type('form').send({ _csrf: enterprise.csrfToken, result: `${PUBLISHED_TASK}|F1`, statement: '我司对检查结论有异议：检查当日已公示。' });
    expect(submitted.status).toBe(303);

    const open = await supertest(app).get('/api/statements').set('Authorization', bearer.staff);
    expect(open.body).toEqual([expect.objectContaining({ creditCode: mine, taskCode: PUBLISHED_TASK, itemCode: 'F1', statement: '我司对检查结论有异议：检查当日已公示。', answer: null })]);
    expect((await supertest(app).get('/api/statements').set('Authorization', bearer.enterprise)).status).toBe(403);
    const answered = await supertest(app).post(`/api/statements/${open.body[0].id}/answer`).set('Authorization', bearer.staff).send({ answer: '经复核，维持原结果。' });
    expect(answered.status).toBe(200);
    expect((await supertest(app).post(`/api/statements/${open.body[0].id}/answer`).set('Authorization', bearer.staff).send({ answer: '再答' })).status).toBe(409);

    const after = await enterprise.agent.get('/enterprise').set('Accept', 'text/html');
    expect(after.text).toContain('经复核，维持原结果。');
    const publicResults = await supertest(app).get(`/results?code=${mine}`).set('Accept', 'text/html');
    expect(publicResults.text).not.toContain('我司对检查结论有异议');
    expect(JSON.stringify((await supertest(app).get(`/api/public/results?code=${mine}`)).body)).not.toContain('我司对检查结论有异议');
  });

  it('staff answer in the console and an admin asks for a correction from its form, which waits for a second admin', async () => {
    const mine = selected[0]!;
    const enterprise = await signInEnterprise(app, mine, deriveReceiptCode(keys, PUBLISHED_TASK, mine));
    await enterprise.agent.post('/enterprise/statements').type('form').send({ _csrf: enterprise.csrfToken, result: `${PUBLISHED_TASK}|F1`, statement: '请复核。' });
    const staff = await signIn(app, database, 'staff');
    const page = await staff.agent.get('/console/statements').set('Accept', 'text/html');
    const id = /id="statement-(\d+)"/.exec(page.text)?.[1];
    expect(id).toBeDefined();
    const answered = await staff.agent.post(`/console/statements/${id}/answer`).type('form').send({ _csrf: staff.csrfToken, answer: '已复核。' });
    expect(answered.status).toBe(303);
    const again = await staff.agent.post(`/console/statements/${id}/answer`).set('Accept', 'text/html').type('form').send({ _csrf: staff.csrfToken, answer: '再答' });
    expect(again.status).toBe(409);
    expect(again.text).toContain(`第 ${id} 号陈述申辩已答复`);

    const admin = await signIn(app, database, 'admin');
    const refused = await admin.agent.post('/console/corrections').set('Accept', 'text/html').type('form').send({ _csrf: admin.csrfToken, taskCode: PUBLISHED_TASK, creditCode: mine, itemCode: 'F1', kind: 'change', reason: '', outcome: 'no_problem', summary: 'x' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('请写明更正理由');
    const proposed = await admin.agent
      .post('/console/corrections')
      .type('form')
      .send({ _csrf: admin.csrfToken, taskCode: PUBLISHED_TASK, creditCode: mine, itemCode: 'F1', kind: 'revocation', reason: '检查对象错误' });
    expect([proposed.status, proposed.headers.location]).toEqual([303, '/console/corrections?done=proposed']);
    expect((await admin.agent.get('/console/approvals').set('Accept', 'text/html')).text).toContain('更正已公示的检查结果');
  });

  it('admins load the three lists in the console; the portal publishes them; a bad pasted file names its lines', async () => {
    const { agent, csrfToken } = await signIn(app, database, 'admin');
    const entry = await agent.post('/console/leniency-lists/entry').type('form').send({ _csrf: csrfToken, code: 'MY-001', list: 'exempt', item: '未按时公示年度报告', legalBasis: '《行政处罚法》第三十三条', conditions: '首次违法且及时改正', firstViolation: 'yes' });
    expect(entry.status).toBe(303);
    const bad = await agent.post('/console/leniency-lists/import').set('Accept', 'text/html').type('form').send({ _csrf: csrfToken, format: 'csv', content: 'code,list,item,legal_basis,conditions\nCQ-1,从轻,a,b,c\nCQ-2,其他,a,b,c\n' });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/第 3 行 \(list\)/);

    const portal = await supertest(app).get('/lists/leniency').set('Accept', 'text/html');
    expect(portal.status).toBe(200);
    expect(portal.text).toMatch(/免予处罚清单[^]*data-code="MY-001"[^]*首违不罚/);
    expect((await supertest(app).get('/api/public/leniency-lists')).body).toEqual([
      { code: 'MY-001', list: 'exempt', item: '未按时公示年度报告', legalBasis: '《行政处罚法》第三十三条', conditions: '首次违法且及时改正', firstViolation: true },
    ]);
  });
});
