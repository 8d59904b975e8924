/**
 * Logs (issue 13): the JSON log keeps no SQL parameters, no query strings and no typed
 * usernames of failed sign-ins; refused requests (401, 403, CSRF) are in the activity log's
 * security section with address, method and path, which admins see in the console. And the
 * console's pending-approvals view (four eyes) for admins.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/application/api-tokens.ts';
import { listActivity } from '../../src/application/activity-log.ts';
import { createEphemeralBureauKeys } from '../../src/application/bureau-keys.ts';
import { saveInspectionItem, saveAnnualPlan, saveSamplingPolicy } from '../../src/application/inspection-plan.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger, serializeError } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { createTestDatabase } from '../support/database.ts';
import { signIn } from '../support/session.ts';

let database: DatabaseHandle;
let logged: string;
let app: ReturnType<typeof createApp>;
const keys = createEphemeralBureauKeys();

beforeEach(async () => {
  database = await createTestDatabase();
  logged = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString('utf8');
      done();
    },
  });
  app = createApp({ database, logger: createLogger('info', sink), bureauKeys: keys });
});

afterEach(async () => {
  await database.close();
});

describe('the JSON log', () => {
  it('keeps a failed query but not its parameters, nor the query string of the request', async () => {
    const { token } = await createApiToken(database.db, { label: 'log admin', role: 'admin' });
    await database.db.execute(sql`drop table approvals`);
    const failed = await supertest(app).get('/api/approvals?status=rejected&limit=7').set('Authorization', `Bearer ${token}`);
    expect(failed.status).toBe(500);
    expect(logged).toContain('request failed');
    expect(logged).toContain('"path":"/api/approvals"');
    expect(logged).not.toContain('status=rejected');
    expect(logged).not.toMatch(/params: .*rejected/);
  });

  it('serializes an error without the driver fields that can hold data (params, detail)', () => {
    const error = Object.assign(new Error('Failed query: select id from users where username = $1\nparams: li.wei'), { params: ['li.wei'], detail: 'Key (username)=(li.wei) already exists.', code: '23505' });
    const serialized = JSON.stringify(serializeError(error));
    expect(serialized).not.toContain('li.wei');
    expect(serialized).toContain('23505');
  });

  it('has no username typed in a failed sign-in', async () => {
    const refused = await supertest(app).post('/login').type('form').send({ username: 'typed-by-someone', password: 'wrong password here' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(logged).not.toContain('typed-by-someone');
  });
});

describe('the security section of the activity log', () => {
  it('records 401, 403 and CSRF refusals with address, method and path, without the query string', async () => {
    const { token } = await createApiToken(database.db, { label: 'a staff token', role: 'staff' });
    expect((await supertest(app).get('/api/approvals?limit=5')).status).toBe(401);
    expect((await supertest(app).get('/api/approvals').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    const staff = await signIn(app, database, 'staff', { username: 'li.staff' });
    expect((await staff.agent.post('/console/plan/annual?_csrf=guess').type('form').send({ year: '2027' })).status).toBe(403);

    const security = (await listActivity(database.db, { limit: 10, section: 'security' })).items.map((entry) => [entry.actorLabel, entry.method, entry.path, entry.status, entry.action]);
    expect(security).toEqual([
      ['li.staff', 'POST', '/console/plan/annual', 403, 'request_refused'],
      ['a staff token', 'GET', '/api/approvals', 403, 'request_refused'],
      [null, 'GET', '/api/approvals', 401, 'request_refused'],
    ]);
    const [newest] = (await listActivity(database.db, { limit: 1, section: 'security' })).items;
    expect(newest?.details).toEqual({ address: expect.stringMatching(/127\.0\.0\.1|::1/) });
    expect((await listActivity(database.db, { limit: 10 })).items.every((entry) => entry.section === 'changes')).toBe(true);
  });

  it('writes at most 20 refusals a minute per address, so an anonymous flood cannot fill the log', async () => {
    for (let attempt = 0; attempt < 25; attempt++) expect((await supertest(app).get('/api/approvals')).status).toBe(401);
    const security = await listActivity(database.db, { limit: 100, section: 'security' });
    expect(security.items).toHaveLength(20);
  });

  it('is shown in the console to admins only', async () => {
    await supertest(app).get('/api/approvals');
    const admin = await signIn(app, database, 'admin', { username: 'wang.admin' });
    const page = await admin.agent.get('/console/activity?section=security').set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('GET /api/approvals');
    const auditor = await signIn(app, database, 'auditor');
    const auditorPage = await auditor.agent.get('/console/activity?section=security').set('Accept', 'text/html');
    expect(auditorPage.text).not.toContain('GET /api/approvals');
    expect((await auditor.agent.get('/api/activity?section=security')).status).toBe(403);
  });
});

describe('the pending approvals view', () => {
  it('shows another admin approve and reject, the proposer only withdraw; approving adopts the version', async () => {
    await saveAnnualPlan(database.db, { year: 2027, name: '2027 年度计划', roundsPerYear: 2 });
    await saveInspectionItem(database.db, { code: 'F1', name: '食品经营', legalBasis: '食品安全法', department: '食品科', category: 'food' });
    const tier = { ratio: '0.1', minimum: 1, frequency: 1 };
    expect((await saveSamplingPolicy(database.db, { itemCode: 'F1', year: 2027, tiers: { A: tier, B: tier, C: tier, D: tier }, annualCap: 1 })).ok).toBe(true);
    const li = await signIn(app, database, 'admin', { username: 'li.admin' });
    const wang = await signIn(app, database, 'admin', { username: 'wang.admin' });
    const proposed = await li.agent.post('/console/plan/policies/adopt').type('form').send({ _csrf: li.csrfToken, itemCode: 'F1', year: '2027', version: '1' });
    expect(proposed.status).toBe(303);
    expect(proposed.headers.location).toContain('done=proposed');

    const own = await li.agent.get('/console/approvals').set('Accept', 'text/html');
    expect(own.text).toContain('F1/2027/v1');
    expect(own.text).toMatch(/id="withdraw-1"/);
    expect(own.text).not.toMatch(/id="approve-1"/);
    const other = await wang.agent.get('/console/approvals').set('Accept', 'text/html');
    expect(other.text).toMatch(/id="approve-1"/);
    expect(other.text).toMatch(/id="reject-1"/);

    expect((await li.agent.post('/console/approvals/1/approve').type('form').send({ _csrf: li.csrfToken })).status).toBe(403);
    const approved = await wang.agent.post('/console/approvals/1/approve').type('form').send({ _csrf: wang.csrfToken });
    expect(approved.status).toBe(303);
    const policies = await wang.agent.get('/api/sampling-policies?item=F1&year=2027');
    expect(policies.body[0]).toMatchObject({ version: 1, approvedBy: ['li.admin', 'wang.admin'], fourEyes: true });
    const actions = (await listActivity(database.db, { limit: 5 })).items.map((entry) => [entry.actorLabel, entry.action]);
    expect(actions.slice(0, 2)).toEqual([
      ['wang.admin', 'approval_approved'],
      ['li.admin', 'approval_proposed'],
    ]);
  });

  it('is for admins only', async () => {
    const staff = await signIn(app, database, 'staff');
    expect((await staff.agent.get('/console/approvals').set('Accept', 'text/html')).status).toBe(403);
  });
});
