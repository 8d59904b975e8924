import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CredentialRole } from '../../src/application/api-tokens.ts';
import { deriveReceiptCode, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { eq } from 'drizzle-orm';
import { signRecord } from '../../src/application/record-signing.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import type { SignedEnvelope } from '../../src/core/signature.ts';
import { verifyRecord } from '../../src/core/verify/index.ts';
import { drawRecords } from '../../src/persistence/schema/index.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { drawState, createWorldDatabase, worldTasks, type World } from '../integration/draw-world.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestAppWithKeys, WORLD_CALENDAR, type TestClock } from './fixtures.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let world: World;
let bearer: Record<CredentialRole, string>;
let clock: TestClock;

beforeEach(async () => {
  ({ database, seeded: world } = await createWorldDatabase());
  ({ database, keys, app, bearer, clock } = await createTestAppWithKeys({ database }));
});

afterEach(async () => {
  await database.close();
});

async function planFoodTaskOverHttp(): Promise<string> {
  const task = worldTasks(world.runId).food;
  const saved = await supertest(app).post('/api/tasks').set('Authorization', bearer.staff).send(task);
  expect(saved.status).toBe(201);
  return task.code;
}

async function freezeAndDrawOverHttp(code: string, entropy = '3.6.1.5.2.4') {
  const frozen = await supertest(app).post(`/api/tasks/${code}/freeze`).set('Authorization', bearer.staff);
  expect(frozen.status).toBe(200);
  clock.set(WORLD_CALENDAR.drawnAt);
  return supertest(app).post(`/api/tasks/${code}/draw`).set('Authorization', bearer.staff).send({ entropy });
}

describe('staff planning and draw routes', () => {
  it('turn away the public with 401 and other roles with 403', async () => {
    const code = await planFoodTaskOverHttp();
    const routes = [
      supertest(app).get('/api/inspectors'),
      supertest(app).post('/api/sampling-policies').send({}),
      supertest(app).get(`/api/tasks/${code}`),
      supertest(app).post(`/api/tasks/${code}/freeze`),
      supertest(app).post(`/api/tasks/${code}/draw`).send({ entropy: '1.2.3' }),
    ];
    for (const route of routes) expect((await route).status).toBe(401);
    for (const role of ['enterprise', 'auditor'] as const) {
      expect((await supertest(app).post(`/api/tasks/${code}/freeze`).set('Authorization', bearer[role])).status).toBe(403);
      expect((await supertest(app).get('/api/inspectors').set('Authorization', bearer[role])).status).toBe(403);
    }
    expect(await drawState(database, code)).toEqual([{ status: 'planned', drawn_at: null, records: 0, receipts: 0, members: 0 }]);
  });

  it('reject a policy out of risk order with 400 naming the field', async () => {
    const tier = (ratio: string) => ({ ratio, minimum: 0, frequency: 1 });
    const response = await supertest(app)
      .post('/api/sampling-policies')
      .set('Authorization', bearer.staff)
      .send({ itemCode: 'F1', year: 2027, tiers: { A: tier('0.5'), B: tier('0.1'), C: tier('0.2'), D: tier('0.3') }, annualCap: 1 });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'tiers', reason: expect.stringContaining("tier B's ratio 0.1 is below tier A's 0.5"), reasonZh: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
  });

  it('draw once: a second draw and a concurrent one get 409 and change nothing', async () => {
    const code = await planFoodTaskOverHttp();
    expect((await supertest(app).post(`/api/tasks/${code}/freeze`).set('Authorization', bearer.staff)).status).toBe(200);
    expect((await supertest(app).post(`/api/tasks/${code}/freeze`).set('Authorization', bearer.staff)).status).toBe(409);
    clock.set(WORLD_CALENDAR.drawnAt);

    const [first, second] = await Promise.all([
      supertest(app).post(`/api/tasks/${code}/draw`).set('Authorization', bearer.staff).send({ entropy: '1.1.1.1.1.1' }),
      supertest(app).post(`/api/tasks/${code}/draw`).set('Authorization', bearer.staff).send({ entropy: '2.2.2.2.2.2' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const state = await drawState(database, code);
    const third = await supertest(app).post(`/api/tasks/${code}/draw`).set('Authorization', bearer.staff).send({ entropy: '3.3.3.3.3.3' });
    expect(third.status).toBe(409);
    expect(third.body.detail).toContain('has already been drawn');
    expect(await drawState(database, code)).toEqual(state);
  });

  it('refuse a freeze whose entropy comes sooner than the notice with 422 entropy_too_soon, and keep the task planned (draw/v1.1)', async () => {
    const code = await planFoodTaskOverHttp();
    clock.set(new Date('2027-03-01T03:00:00Z')); // 23 h before the dice
    const refused = await supertest(app).post(`/api/tasks/${code}/freeze`).set('Authorization', bearer.staff);
    expect(refused.status).toBe(422);
    expect(refused.body.issue).toMatchObject({ code: 'entropy_too_soon', frozenAt: '2027-03-01T11:00:00+08:00', entropyAt: WORLD_CALENDAR.entropyAt, notice: 86400 });
    expect(await drawState(database, code)).toEqual([expect.objectContaining({ status: 'planned', members: 0 })]);
  });

  it('refuse a draw before the entropy time with 409 entropy_not_yet and change nothing (draw/v1.1)', async () => {
    const code = await planFoodTaskOverHttp();
    expect((await supertest(app).post(`/api/tasks/${code}/freeze`).set('Authorization', bearer.staff)).status).toBe(200);
    const before = await drawState(database, code);
    clock.set(new Date('2027-03-02T01:59:59Z')); // one second before the dice
    const early = await supertest(app).post(`/api/tasks/${code}/draw`).set('Authorization', bearer.staff).send({ entropy: '3.6.1.5.2.4' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ reason: 'entropy_not_yet', entropyAt: WORLD_CALENDAR.entropyAt });
    expect(await drawState(database, code)).toEqual(before);
  });

  it('answer an infeasible assignment with 422 naming the enterprise and department', async () => {
    const task = worldTasks(world.runId).infeasible;
    expect((await supertest(app).post('/api/tasks').set('Authorization', bearer.staff).send(task)).status).toBe(201);
    const drawn = await freezeAndDrawOverHttp(task.code);
    expect(drawn.status).toBe(422);
    expect(drawn.body.detail).toMatch(/enterprise 91350102\w+ needs 5 inspector\(s\) from department 信用科/);
    expect(await drawState(database, task.code)).toEqual([expect.objectContaining({ status: 'frozen', records: 0, receipts: 0 })]);
  });
});

describe('public draw routes', () => {
  it('publish the freeze commitment before the draw and list the task as frozen, then drawn', async () => {
    const code = await planFoodTaskOverHttp();
    expect((await supertest(app).get(`/api/public/draws/${code}/commitment`)).status).toBe(404);
    expect((await supertest(app).post(`/api/tasks/${code}/freeze`).set('Authorization', bearer.staff)).status).toBe(200);

    const commitment = await supertest(app).get(`/api/public/draws/${code}/commitment`);
    expect(commitment.status).toBe(200);
    expect(commitment.body.record.format).toBe('suiji.draw-commitment/1');
    expect((await supertest(app).get(`/api/public/draws/${code}`)).status).toBe(404);
    const frozenList = (await supertest(app).get('/api/public/draws')).body.items;
    expect(frozenList).toEqual([expect.objectContaining({ taskCode: code, status: 'frozen', selectedCount: null, recordHash: null })]);

    clock.set(WORLD_CALENDAR.drawnAt);
    expect((await supertest(app).post(`/api/tasks/${code}/draw`).set('Authorization', bearer.staff).send({ entropy: '3.6.1.5.2.4' })).status).toBe(200);
    expect((await supertest(app).get('/api/public/draws')).body.items).toEqual([expect.objectContaining({ taskCode: code, status: 'drawn' })]);
    const envelope = (await supertest(app).get(`/api/public/draws/${code}`)).body;
    const keySet = (await supertest(app).get('/.well-known/suiji-keys.json')).body;
    const checks = verifyRecord({ record: envelope, commitment: commitment.body, keys: keySet, requireSignature: true });
    expect(checks.find((check) => check.id === 'commitment')?.status).toBe('passed');
  });

  it('serve a signed record that verifies with the keys from the well-known endpoint', async () => {
    const code = await planFoodTaskOverHttp();
    expect((await freezeAndDrawOverHttp(code)).status).toBe(200);

    const list = await supertest(app).get('/api/public/draws');
    expect(list.body.items.map((item: { taskCode: string }) => item.taskCode)).toEqual([code]);
    const envelope = (await supertest(app).get(`/api/public/draws/${code}`)).body;
    const keySet = (await supertest(app).get('/.well-known/suiji-keys.json')).body;
    const checks = verifyRecord({ record: envelope, keys: keySet, requireSignature: true });
    expect(checks.filter((check) => check.status === 'failed')).toEqual([]);
    expect(checks.find((check) => check.id === 'signature')?.status).toBe('passed');

    const report = await supertest(app).get(`/api/public/draws/${code}/verify`);
    expect(report.status).toBe(200);
    expect(report.body.checks.find((check: { id: string }) => check.id === 'log-inclusion').status).toBe('passed');
    // The order of commitment and entropy is proven only for records with entropyAt (draw/v1.1, issue 11).
    const hasEntropyAt = 'entropyAt' in envelope.record;
    expect(report.body.checks.filter((check: { status: string }) => check.status === 'failed').map((check: { id: string }) => check.id)).toEqual(hasEntropyAt ? [] : ['commitment-log']);
    expect(report.body.passed).toBe(hasEntropyAt);
  });

  it('fail the order check of the server verification for a record re-signed with its draw before its entropy time (draw/v1.1)', async () => {
    const code = await planFoodTaskOverHttp();
    expect((await freezeAndDrawOverHttp(code)).status).toBe(200);
    expect((await supertest(app).get(`/api/public/draws/${code}/verify`)).body.checks.find((check: { id: string }) => check.id === 'order').status).toBe('passed');
    // A bureau that rewrites its own record after the fact, signature and all.
    const stored = (await supertest(app).get(`/api/public/draws/${code}`)).body as SignedEnvelope<DrawRecord>;
    const rewritten = signRecord({ ...stored.record, drawnAt: '2027-03-02T09:30:00+08:00' }, keys.signingKey);
    await database.db.update(drawRecords).set({ publicEnvelope: JSON.stringify(rewritten) }).where(eq(drawRecords.taskCode, code));

    // The running server keeps the record it published in memory; a restarted one reads the rewrite.
    const restarted = createApp({ database, logger: createLogger('silent'), bureauKeys: keys });
    const report = await supertest(restarted).get(`/api/public/draws/${code}/verify`);
    expect(report.body.passed).toBe(false);
    const byId = new Map(report.body.checks.map((check: { id: string; status: string; reason: string }) => [check.id, check]));
    expect(byId.get('signature')).toMatchObject({ status: 'passed' });
    expect(byId.get('tickets')).toMatchObject({ status: 'passed' });
    expect(byId.get('order')).toMatchObject({ status: 'failed', reason: expect.stringContaining('before entropyAt 2027-03-02T10:00:00+08:00') });
  });

  it('give an enterprise its receipt only with its receipt code', async () => {
    const code = await planFoodTaskOverHttp();
    await freezeAndDrawOverHttp(code);
    const audit = (await supertest(app).get(`/api/draws/${code}/audit`).set('Authorization', bearer.auditor)).body;
    const member = audit.record.strata.flatMap((stratum: { members: { code: string }[] }) => stratum.members)[0].code as string;
    const path = `/api/public/draws/${code}/receipts/${member}`;

    expect((await supertest(app).get(path)).status).toBe(401);
    expect((await supertest(app).get(path).set('Authorization', bearer.enterprise)).status).toBe(401);
    expect((await supertest(app).get(path).query({ receiptCode: 'AAAA-BBBB-CCCC-DDDD' })).status).toBe(404);
    const notInPool = world.codes[1]!;
    expect((await supertest(app).get(`/api/public/draws/${code}/receipts/${notInPool}`).query({ receiptCode: deriveReceiptCode(keys, code, notInPool) })).status).toBe(404);

    const receiptCode = deriveReceiptCode(keys, code, member).toLowerCase().replace(/-/g, '');
    const byQuery = await supertest(app).get(path).query({ receiptCode });
    const byHeader = await supertest(app).get(path).set('X-Receipt-Code', deriveReceiptCode(keys, code, member));
    expect(byQuery.status).toBe(200);
    expect(byHeader.body).toEqual(byQuery.body);
    expect((await supertest(app).get(path).set('Authorization', bearer.staff)).body).toEqual(byQuery.body);
    const envelope = (await supertest(app).get(`/api/public/draws/${code}`)).body;
    // Served in the bureau's signed envelope (draw/v1.1 section 7.2): checked against the published keys.
    expect(Object.keys(byQuery.body).sort()).toEqual(['record', 'recordHash', 'signature']);
    const keySet = (await supertest(app).get('/.well-known/suiji-keys.json')).body;
    const receiptCheck = verifyRecord({ record: envelope, receipt: byQuery.body, keys: keySet }).find((check) => check.id === 'receipt');
    expect(receiptCheck?.status, receiptCheck?.reason).toBe('passed');
    expect(verifyRecord({ record: envelope, receipt: byQuery.body }).find((check) => check.id === 'receipt')?.status).toBe('failed');
  });

  it('give the audit record to auditors and admins only', async () => {
    const code = await planFoodTaskOverHttp();
    await freezeAndDrawOverHttp(code);
    const path = `/api/draws/${code}/audit`;
    expect((await supertest(app).get(path)).status).toBe(401);
    expect((await supertest(app).get(path).set('Authorization', bearer.staff)).status).toBe(403);
    expect((await supertest(app).get(path).set('Authorization', bearer.enterprise)).status).toBe(403);
    const audit = await supertest(app).get(path).set('Authorization', bearer.auditor);
    expect(audit.status).toBe(200);
    expect(audit.body.record.inspectorSnapshot.inspectors.length).toBeGreaterThan(0);
    expect((await supertest(app).get(path).set('Authorization', bearer.admin)).status).toBe(200);
    const publicRecord = (await supertest(app).get(`/api/public/draws/${code}`)).body.record;
    expect(publicRecord.strata.every((stratum: object) => !('members' in stratum))).toBe(true);
    expect(JSON.stringify(publicRecord)).not.toContain('检查员');
  });
});
