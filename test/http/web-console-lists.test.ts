import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CredentialRole } from '../../src/application/api-tokens.ts';
import { type BureauKeys } from '../../src/application/bureau-keys.ts';
import { importCreditRecords } from '../../src/application/import-credit-records.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { expectSignedAndLogged } from '../support/published-record.ts';
import { signIn } from '../support/session.ts';
import { creditCodeFor, enterpriseSeed, insertEnterprises, createTestAppWithKeys } from './fixtures.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let bearer: Record<CredentialRole, string>;
const penalised = creditCodeFor('350102', 1);
const soleTrader = creditCodeFor('350102', 2);
const edition = 'black-2026-10-31';

beforeEach(async () => {
  ({ database, keys, app, bearer } = await createTestAppWithKeys({ fourEyes: false }));
  await insertEnterprises(database, [enterpriseSeed({ creditCode: penalised, name: '示例食品有限公司' }), enterpriseSeed({ creditCode: soleTrader, name: '思明区张记小吃店', entityType: 'sole_trader' })]);
  const records = [
    { kind: 'penalty', creditCode: penalised, source: '案件系统', decisionNumber: '思市监罚〔2026〕7号', date: '2026-06-15', violation: '经营超过保质期食品', severity: 'heavy', firstViolationExempt: false, minorViolationExempt: false },
    { kind: 'serious_dishonesty_listing', creditCode: soleTrader, source: '公示系统', listedDate: '2025-02-10', reason: '提交虚假材料', decidingAuthority: '思明区市场监督管理局' },
  ];
  const imported = await importCreditRecords(database, { content: new TextEncoder().encode(JSON.stringify(records)), format: 'json' });
  if (!imported.applied) throw new Error(JSON.stringify(imported.rejected));
});

afterEach(async () => {
  await database.close();
});

function post(role: CredentialRole, path: string, form: Record<string, string> = {}) {
  return supertest(app).post(path).set('Authorization', bearer[role]).set('Accept', 'text/html').type('form').send(form);
}

function get(role: CredentialRole, path: string) {
  return supertest(app).get(path).set('Authorization', bearer[role]).set('Accept', 'text/html');
}

describe('console list review', () => {
  it('answers staff with 200 and sends the public to the login page', async () => {
    expect((await post('staff', '/console/lists/compute', { list: 'black', from: '2026-05-01', to: '2026-10-31' })).status).toBe(303);
    for (const path of ['/console/lists', `/console/lists/${edition}`]) {
      expect((await get('staff', path)).status).toBe(200);
      const anonymous = await supertest(app).get(path).set('Accept', 'text/html');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    expect((await supertest(app).post(`/console/lists/${edition}/publish`).set('Accept', 'text/html')).status).toBe(303);
    expect((await get('auditor', '/console/lists')).status).toBe(403);
  });

  it('computes a candidate, refuses a removal without reason next to its field, keeps a removal with its reason, and lets only an admin publish', async () => {
    const badPeriod = await post('staff', '/console/lists/compute', { list: 'black', from: '2026-12-01', to: '2026-10-31' });
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.text).toMatch(/id="compute-to-error">[^<]*not two ordered dates/);

    const computed = await post('staff', '/console/lists/compute', { list: 'black', from: '2026-05-01', to: '2026-10-31' });
    expect(computed.status).toBe(303);
    expect(computed.headers.location).toBe(`/console/lists/${edition}?done=computed`);
    const review = await get('staff', computed.headers.location as string);
    expect(review.text).toContain('示例食品有限公司');
    expect(review.text).toContain('思明区张记小吃店');
    expect(review.text).toMatch(/id="publish" disabled/);
    expect(review.text).toContain('需要管理员角色');

    const noReason = await post('staff', `/console/lists/${edition}/removals`, { creditCode: penalised, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toMatch(/<p class="field-error" id="remove-reason-\d+-error">a removal needs a reason<\/p>/);
    const removed = await post('staff', `/console/lists/${edition}/removals`, { creditCode: penalised, reason: '处罚决定已被行政复议撤销' });
    expect(removed.status).toBe(303);
    expect((await get('staff', `/console/lists/${edition}`)).text).toContain('处罚决定已被行政复议撤销');

    const refused = await post('staff', `/console/lists/${edition}/publish`);
    expect(refused.status).toBe(403);
    expect((await supertest(app).get(`/api/public/list-editions/${edition}`)).status).toBe(404);

    const adminPage = await get('admin', `/console/lists/${edition}`);
    expect(adminPage.text).not.toMatch(/id="publish" disabled/);
    const published = await post('admin', `/console/lists/${edition}/publish`);
    expect(published.status).toBe(303);
    const envelope = (await supertest(app).get(`/api/public/list-editions/${edition}`)).body;
    await expectSignedAndLogged(database.db, keys, envelope);
    expect(envelope.record.entries.map((entry: { creditCode: string }) => entry.creditCode)).toEqual([soleTrader]);
    expect((await post('admin', `/console/lists/${edition}/publish`)).status).toBe(409);
    expect((await get('staff', '/console/lists')).text).toContain(`href="/console/lists/${edition}"`);
  });

  it('lets a signed-in admin publish and issue an exit notice through forms with the CSRF token; staff are refused', async () => {
    await post('staff', '/console/lists/compute', { list: 'black', from: '2026-05-01', to: '2026-10-31' });
    const admin = await signIn(app, database, 'admin');
    expect((await admin.agent.post(`/console/lists/${edition}/publish`).set('Accept', 'text/html').type('form').send({})).status).toBe(403);
    const published = await admin.agent.post(`/console/lists/${edition}/publish`).type('form').send({ _csrf: admin.csrfToken });
    expect(published.status).toBe(303);

    const exit = { list: 'black', creditCode: soleTrader, cause: 'credit_repair', exitDate: '2026-11-20', repairDecision: '思市监信修〔2026〕2号' };
    expect((await post('staff', '/console/lists/exit-notices', exit)).status).toBe(403);
    const early = await admin.agent.post('/console/lists/exit-notices').set('Accept', 'text/html').type('form').send({ ...exit, exitDate: '2026-02-09', _csrf: admin.csrfToken });
    expect(early.status).toBe(409);
    expect(early.text).toMatch(/id="exit-date-error">[^<]*2026-02-10 at the earliest/);
    const issued = await admin.agent.post('/console/lists/exit-notices').type('form').send({ ...exit, _csrf: admin.csrfToken });
    expect(issued.status).toBe(303);
    const page = await admin.agent.get('/console/lists').set('Accept', 'text/html');
    expect(page.text).toMatch(/<table id="exit-notices">[\s\S]*思明区张记小吃店[\s\S]*思市监信修〔2026〕2号/);
    expect((await supertest(app).get('/api/public/exit-notices?list=black')).body.items).toHaveLength(1);
  });
});
