import type { Express } from 'express';
import { sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CredentialRole } from '../../src/application/api-tokens.ts';
import { type BureauKeys } from '../../src/application/bureau-keys.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { assignedTeams, loadTasks, publicEvent, seedWorld, worldTasks } from '../integration/draw-world.ts';
import { expectSignedAndLogged } from '../support/published-record.ts';
import { createTestAppWithKeys } from './fixtures.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let selected: string[];
let teams: Map<string, string[]>;
let bearer: Record<CredentialRole, string>;

beforeEach(async () => {
  ({ database, keys, app, bearer } = await createTestAppWithKeys());
  const world = await seedWorld(database);
  // Drawn on 2026-09-01 (results deadlines count from there): dice at 09:30 that morning.
  const task = { ...worldTasks(world.runId).food, entropySource: publicEvent('2026-09-01T09:30:00+08:00') };
  await loadTasks(database, [task]);
  if (!(await freezeTask(database, keys, task.code, { now: new Date('2026-08-31T01:00:00Z') })).ok) throw new Error('freeze');
  if (!(await drawTask(database, keys, task.code, '3.6.1.5.2.4', { now: new Date('2026-09-01T02:00:00Z') })).ok) throw new Error('draw');
  selected = rowsOf<{ credit_code: string }>(await database.db.execute(sql`select credit_code from draw_selections where task_code = ${task.code} order by credit_code`)).map((row) => row.credit_code);
  teams = await assignedTeams(database, task.code);
});

afterEach(async () => {
  await database.close();
});

const entry = (creditCode: string) => ({ taskCode: '2027-SP-01', creditCode, itemCode: 'F1', outcome: 'no_problem', inspectionDate: '2026-09-24', inspectors: teams.get(creditCode), summary: '未发现问题' });

describe('inspection results over HTTP', () => {
  it('staff enter and publish; the public reads them by enterprise and by task, paged, with ETags', async () => {
    expect((await supertest(app).post('/api/results').send({ results: [entry(selected[0]!)] })).status).toBe(401);
    expect((await supertest(app).post('/api/results').set('Authorization', bearer.auditor).send({ results: [entry(selected[0]!)] })).status).toBe(403);
    const bad = await supertest(app).post('/api/results').set('Authorization', bearer.staff).send({ results: [entry(selected[0]!), { ...entry(selected[1]!), itemCode: 'G1' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'results.1.itemCode', reason: expect.stringContaining('is not an item of task 2027-SP-01'), reasonZh: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    const saved = await supertest(app).post('/api/results').set('Authorization', bearer.staff).send({ results: [entry(selected[0]!), entry(selected[1]!)] });
    expect(saved.status).toBe(201);
    expect(saved.body.saved[0].dueDate).toBe('2026-10-29');
    const overdue = await supertest(app).get('/api/results/overdue?today=2026-10-30').set('Authorization', bearer.staff);
    expect(overdue.body.overdue).toHaveLength(2);

    const published = await supertest(app).post('/api/tasks/2027-SP-01/results/publish').set('Authorization', bearer.staff);
    expect(published.status).toBe(201);
    expect((await supertest(app).post('/api/tasks/2027-SP-01/results/publish').set('Authorization', bearer.staff)).status).toBe(409);
    const batch = await supertest(app).get('/api/public/results/batches/2027-SP-01/1');
    await expectSignedAndLogged(database.db, keys, batch.body);

    const byCode = await supertest(app).get(`/api/public/results?code=${selected[1]}`);
    expect(byCode.body.items).toEqual([expect.objectContaining({ taskCode: '2027-SP-01', creditCode: selected[1], itemCode: 'F1', itemName: '食品经营', outcome: 'no_problem', batch: 1 })]);
    expect((await supertest(app).get(`/api/public/results?code=${selected[1]}`).set('If-None-Match', byCode.headers['etag'] as string)).status).toBe(304);
    const page = await supertest(app).get('/api/public/results?task=2027-SP-01&limit=1');
    expect(page.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([selected[0]]);
    const next = await supertest(app).get(`/api/public/results?task=2027-SP-01&limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual([selected[1]]);
    expect(next.body.nextCursor).toBeUndefined();
    expect((await supertest(app).get('/api/public/results')).status).toBe(400);
  });
});
