/**
 * The year's approved tier list (分级分类监管清单, issue 17) over HTTP: approval from a run as
 * of the end of the previous year (never a future date), versions with reasons, the freeze
 * bound to the approved run unless staff say why (recorded), and the internal CSV export.
 */
import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listActivity } from '../../src/application/activity-log.ts';
import type { CredentialRole } from '../../src/application/api-tokens.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { evaluationRuns, evaluations } from '../../src/persistence/schema/index.ts';
import { seedWorld, worldTasks, YEAR, type World } from '../integration/draw-world.ts';
import { binary, firstWorksheet, headingsAndFrozenRow } from '../support/downloads.ts';
import { createTestAppWithKeys } from './fixtures.ts';

let database: DatabaseHandle;
let app: Express;
let world: World;
let bearer: Record<CredentialRole, string>;

beforeEach(async () => {
  ({ database, app, bearer } = await createTestAppWithKeys());
  world = await seedWorld(database);
});

afterEach(async () => {
  await database.close();
});

/** A completed run as of `asOf` with the world's tiers, stored as a real run would be. */
async function completedRun(asOf: string): Promise<number> {
  const [run] = await database.db.insert(evaluationRuns).values({ asOf, modelKey: 'credit-risk/1', status: 'completed' }).returning({ id: evaluationRuns.id });
  const rows = world.codes.map((creditCode) => ({ runId: run!.id, creditCode, score: '50.00', tier: world.tierOf.get(creditCode)!, observation: false, explanation: {} }));
  await database.db.insert(evaluations).values(rows);
  return run!.id;
}

const approve = (body: object, role: CredentialRole = 'admin') => supertest(app).post('/api/tier-lists').set('Authorization', bearer[role]).send(body);

describe('approving the year\'s tier list', () => {
  it('approves a run as of the end of the previous year as version 1, with its counts per tier and the year\'s ratios and frequencies', async () => {
    const runId = await completedRun(`${YEAR - 1}-12-31`);
    const approved = await approve({ year: YEAR, runId });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ year: YEAR, version: 1, evaluationRunId: runId, asOf: `${YEAR - 1}-12-31`, reason: null, approvedByRole: 'admin', approvedBy: 'test admin' });
    expect(approved.body.counts).toEqual({ A: 20, B: 40, C: 20, D: 20, observation: 0 });
    expect(approved.body.policies.map((policy: { itemCode: string }) => policy.itemCode).sort()).toEqual(['F1', 'F2', 'G1']);
    expect(approved.body.policies[0].tiers.D).toEqual({ ratio: '0.5', minimum: 2, frequency: 2 });
    const activity = await listActivity(database.db, { limit: 10, action: 'tier_list_approved' });
    expect(activity.items).toHaveLength(1);
    expect(activity.items[0]).toMatchObject({ subject: `${YEAR}/1`, actorLabel: 'test admin' });
  });

  it('refuses a run dated after today, and refuses to evaluate as of a future date, in Chinese and English', async () => {
    // The clock stands at 2027-03-01; a run dated 2027-06-30 may exist from before the rule.
    const runId = await completedRun(`${YEAR}-06-30`);
    const refused = await approve({ year: YEAR, runId, asOf: `${YEAR}-06-30` });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('as_of_in_future');
    expect(refused.body.detail).toContain('尚未到来');
    expect(refused.body.detail).toContain('has not come');
    const evaluation = await supertest(app).post('/api/evaluations').set('Authorization', bearer.staff).send({ asOf: `${YEAR}-06-30`, wait: true });
    expect(evaluation.status).toBe(400);
    expect(JSON.stringify(evaluation.body)).toContain('晚于今天');
    expect((await supertest(app).get('/api/tier-lists').set('Authorization', bearer.staff)).body.items).toEqual([]);
  });

  it('refuses a run that is not as of the end of the previous year unless the bureau states its date', async () => {
    const refused = await approve({ year: YEAR, runId: world.runId });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('run_not_as_of');
    const stated = await approve({ year: YEAR, runId: world.runId, asOf: `${YEAR}-01-01` });
    expect(stated.status).toBe(201);
    expect(stated.body.asOf).toBe(`${YEAR}-01-01`);
  });

  it('needs a reason for version 2 (dynamic adjustment) and keeps both versions', async () => {
    expect((await approve({ year: YEAR, runId: await completedRun(`${YEAR - 1}-12-31`) })).status).toBe(201);
    const without = await approve({ year: YEAR, runId: world.runId, asOf: `${YEAR}-01-01` });
    expect(without.status).toBe(422);
    expect(without.body.code).toBe('reason_required');
    const adjusted = await approve({ year: YEAR, runId: world.runId, asOf: `${YEAR}-01-01`, reason: '重新评价：纳入年报补报' });
    expect(adjusted.status).toBe(201);
    expect(adjusted.body).toMatchObject({ version: 2, reason: '重新评价：纳入年报补报' });
    const current = await supertest(app).get(`/api/tier-lists/${YEAR}`).set('Authorization', bearer.staff);
    expect(current.body.version).toBe(2);
    const versions = await supertest(app).get(`/api/tier-lists?year=${YEAR}`).set('Authorization', bearer.staff);
    expect(versions.body.items.map((item: { version: number }) => item.version)).toEqual([2, 1]);
  });

  it('lets only admins approve', async () => {
    const runId = await completedRun(`${YEAR - 1}-12-31`);
    expect((await approve({ year: YEAR, runId }, 'staff')).status).toBe(403);
    expect((await supertest(app).post('/api/tier-lists').send({ year: YEAR, runId })).status).toBe(401);
  });
});

describe('freezing under the approved tier list', () => {
  const freeze = (code: string, body?: object) => {
    const request = supertest(app).post(`/api/tasks/${code}/freeze`).set('Authorization', bearer.staff);
    return body ? request.send(body) : request;
  };

  it('refuses a task frozen from another run than the approved list, and accepts it with an override reason, recorded on the task and in the activity log', async () => {
    expect((await approve({ year: YEAR, runId: await completedRun(`${YEAR - 1}-12-31`) })).status).toBe(201);
    const task = worldTasks(world.runId).food;
    expect((await supertest(app).post('/api/tasks').set('Authorization', bearer.staff).send(task)).status).toBe(201);

    const refused = await freeze(task.code);
    expect(refused.status).toBe(422);
    expect(refused.body.issue.code).toBe('tier_list_run_mismatch');
    expect(refused.body.detail).toContain('已批准');
    expect((await supertest(app).get(`/api/tasks/${task.code}`).set('Authorization', bearer.staff)).body.status).toBe('planned');

    const overridden = await freeze(task.code, { tierListOverrideReason: '专项整治，按最新评价抽取' });
    expect(overridden.status).toBe(200);
    expect(overridden.body).toMatchObject({ tierListVersion: 1, tierListOverrideReason: '专项整治，按最新评价抽取' });
    const view = await supertest(app).get(`/api/tasks/${task.code}`).set('Authorization', bearer.staff);
    expect(view.body).toMatchObject({ status: 'frozen', tierListVersion: 1, tierListOverrideReason: '专项整治，按最新评价抽取' });
    const logged = await listActivity(database.db, { limit: 10, action: 'tier_list_override' });
    expect(logged.items).toHaveLength(1);
    expect(logged.items[0]).toMatchObject({ subject: task.code, actorLabel: 'test staff', details: { reason: '专项整治，按最新评价抽取', version: 1, runId: world.runId } });
    // The list is internal: the public commitment does not name it.
    const commitment = await supertest(app).get(`/api/public/draws/${task.code}/commitment`);
    expect(JSON.stringify(commitment.body)).not.toContain('tierList');
  });

  it('freezes a task from the approved run and states the version it used', async () => {
    const runId = await completedRun(`${YEAR - 1}-12-31`);
    expect((await approve({ year: YEAR, runId })).status).toBe(201);
    const task = worldTasks(runId).food;
    await supertest(app).post('/api/tasks').set('Authorization', bearer.staff).send(task);
    const frozen = await freeze(task.code);
    expect(frozen.status).toBe(200);
    expect(frozen.body).toMatchObject({ tierListVersion: 1, tierListOverrideReason: null });
  });

  it('keeps freezing a year without an approved list as before, stating no version', async () => {
    const task = worldTasks(world.runId).food;
    await supertest(app).post('/api/tasks').set('Authorization', bearer.staff).send(task);
    const frozen = await freeze(task.code);
    expect(frozen.status).toBe(200);
    expect(frozen.body.tierListVersion).toBeNull();
  });
});

describe('the tier list is internal', () => {
  it('exports a version as CSV to staff only, with Cache-Control: no-store', async () => {
    expect((await approve({ year: YEAR, runId: await completedRun(`${YEAR - 1}-12-31`) })).status).toBe(201);
    const path = `/api/tier-lists/${YEAR}/versions/1/export.csv`;
    const exported = await supertest(app).get(path).set('Authorization', bearer.staff);
    expect(exported.status).toBe(200);
    expect(exported.headers['cache-control']).toBe('no-store');
    expect(exported.headers['content-type']).toContain('text/csv');
    const lines = exported.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('统一社会信用代码,企业名称,所属行政区划,所属行业,信用风险分类,观察期');
    expect(lines).toHaveLength(world.codes.length + 1);
    expect(lines[1]).toContain(`${world.codes[0]},示例0号有限公司`);
    expect(lines[1]).toContain('A 类（信用风险低）');
    expect((await supertest(app).get(path)).status).toBe(401);
    expect((await supertest(app).get(path).set('Authorization', bearer.enterprise)).status).toBe(403);
    expect((await supertest(app).get(`/api/tier-lists/${YEAR}/versions/2/export.csv`).set('Authorization', bearer.staff)).status).toBe(404);
  });

  it('exports a version as xlsx to staff only, with the CSV\'s Chinese headings, a frozen heading row, and logs each download', async () => {
    expect((await approve({ year: YEAR, runId: await completedRun(`${YEAR - 1}-12-31`) })).status).toBe(201);
    const path = `/api/tier-lists/${YEAR}/versions/1/export.xlsx`;
    const exported = await binary(supertest(app).get(path).set('Authorization', bearer.staff));
    expect(exported.status).toBe(200);
    expect(exported.headers['cache-control']).toBe('no-store');
    expect(exported.headers['content-disposition']).toBe(`attachment; filename="tier-list-${YEAR}-v1.xlsx"`);
    const sheet = await firstWorksheet(exported.body as Buffer);
    expect(headingsAndFrozenRow(sheet)).toEqual({ headings: ['统一社会信用代码', '企业名称', '所属行政区划', '所属行业', '信用风险分类', '观察期'], frozen: true });
    expect(sheet.rowCount).toBe(world.codes.length + 1);
    expect(sheet.getCell('A2').value).toBe(world.codes[0]);
    expect(sheet.getCell('E2').value).toBe('A 类（信用风险低）');
    expect(sheet.getColumn(1).width).toBe(22);
    expect((await supertest(app).get(path)).status).toBe(401);
    expect((await supertest(app).get(path).set('Authorization', bearer.enterprise)).status).toBe(403);
    const downloads = await listActivity(database.db, { limit: 10, action: 'download' });
    expect(downloads.items.map((entry) => [entry.subject, entry.details])).toEqual([[`tier-list ${YEAR} v1`, { format: 'xlsx' }]]);
  });

  it('never shows a tier list on the public portal or to the public API', async () => {
    expect((await approve({ year: YEAR, runId: await completedRun(`${YEAR - 1}-12-31`) })).status).toBe(201);
    for (const path of ['/api/tier-lists', `/api/tier-lists/${YEAR}`, `/api/tier-lists/${YEAR}/versions/1`]) {
      expect((await supertest(app).get(path)).status).toBe(401);
    }
    const page = await supertest(app).get('/console/tier-lists');
    expect(page.status).toBe(303);
    for (const path of ['/', '/draws', '/lists', '/results', '/log']) {
      const portal = await supertest(app).get(path);
      expect(portal.text).not.toContain('分级分类监管清单');
      expect(portal.text).not.toContain('tier-lists');
      expect(portal.text).not.toContain('信用风险低');
    }
  });
});

describe('the console tier list pages', () => {
  const post = (role: CredentialRole, path: string, form: Record<string, string>) => supertest(app).post(path).set('Authorization', bearer[role]).set('Accept', 'text/html').type('form').send(form);
  const get = (role: CredentialRole, path: string) => supertest(app).get(path).set('Authorization', bearer[role]).set('Accept', 'text/html');

  it('lets an admin approve from the form and shows staff the version with Chinese labels, counts per tier and frequencies, never enum codes', async () => {
    const runId = await completedRun(`${YEAR - 1}-12-31`);
    expect((await post('staff', '/console/tier-lists', { year: String(YEAR), runId: String(runId) })).status).toBe(403);
    const approved = await post('admin', '/console/tier-lists', { year: String(YEAR), runId: String(runId), asOf: '', reason: '' });
    expect(approved.status).toBe(303);
    expect(approved.headers.location).toBe(`/console/tier-lists/${YEAR}/1?done=approved`);
    const page = await get('staff', `/console/tier-lists/${YEAR}/1`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`${YEAR} 年分级分类监管清单第 1 版`);
    expect(page.text).toContain('A 类（信用风险低）');
    expect(page.text).toContain('比例 0.5，最低 2 家，每年 2 轮');
    expect(page.text).toContain(`/api/tier-lists/${YEAR}/versions/1/export.csv`);
    const index = await get('staff', '/console/tier-lists');
    expect(index.text).toContain('（现行）');
    expect(index.text).toMatch(/id="approve" disabled/);

    const refused = await post('admin', '/console/tier-lists', { year: String(YEAR), runId: String(world.runId), asOf: `${YEAR}-01-01`, reason: '' });
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/id="reason-error">[^<]*须写明理由/);
    expect(refused.text).not.toContain('reason_required');
  });

  it('asks for the override reason in the freeze form and shows the version and reason on the frozen task', async () => {
    expect((await approve({ year: YEAR, runId: await completedRun(`${YEAR - 1}-12-31`) })).status).toBe(201);
    const task = worldTasks(world.runId).food;
    await supertest(app).post('/api/tasks').set('Authorization', bearer.staff).send(task);
    const planned = await get('staff', `/console/tasks/${task.code}`);
    expect(planned.text).toContain('name="tierListOverrideReason"');
    const refused = await post('staff', `/console/tasks/${task.code}/freeze`, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('已批准');
    const frozen = await post('staff', `/console/tasks/${task.code}/freeze`, { tierListOverrideReason: '上级交办专项' });
    expect(frozen.status).toBe(303);
    const view = await get('staff', `/console/tasks/${task.code}`);
    expect(view.text).toContain(`冻结时采用 <a href="/console/tier-lists/${YEAR}/1">${YEAR} 年第 1 版</a>`);
    expect(view.text).toContain('上级交办专项');
  });
});
