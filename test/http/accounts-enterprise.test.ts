import type { Express } from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, deriveReceiptCode, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { activityLog } from '../../src/persistence/schema/index.ts';
import { loadTasks, seedWorld, worldTasks, type World, WORLD_CALENDAR } from '../integration/draw-world.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { signInEnterprise } from '../support/session.ts';
import { loadPoolMembers } from '../../src/persistence/draw-repository.ts';

describe(`enterprise sign-in on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  let keys: BureauKeys;
  let app: Express;
  let world: World;
  let taskCode: string;
  /** Two enterprises in the drawn pool, and one that was not in it. */
  let mine: string;
  let theirs: string;
  let outsider: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    keys = createEphemeralBureauKeys();
    app = createApp({ database, logger: createLogger('silent'), bureauKeys: keys });
    world = await seedWorld(database);
    const task = worldTasks(world.runId).food;
    taskCode = task.code;
    await loadTasks(database, [task]);
    const frozen = await freezeTask(database, keys, taskCode, { now: WORLD_CALENDAR.frozenAt });
    if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));
    const drawn = await drawTask(database, keys, taskCode, '3.6.1.5.2.4', { now: WORLD_CALENDAR.drawnAt });
    if (!drawn.ok) throw new Error(JSON.stringify(drawn.error));
    const members = (await loadPoolMembers(database.db, taskCode)).map((member) => member.code);
    [mine, theirs] = members as [string, string];
    outsider = world.codes.find((code) => !members.includes(code))!;
  });
  afterAll(async () => {
    await database.close();
  });

  it('signs in with the credit code and its receipt code (any case, with or without dashes) and lands on its page', async () => {
    const receiptCode = deriveReceiptCode(keys, taskCode, mine).toLowerCase().replace(/-/g, ' ');

    const enterprise = await signInEnterprise(app, mine.toLowerCase(), receiptCode);
    const page = await enterprise.agent.get('/enterprise').set('Accept', 'text/html');

    expect(page.status).toBe(200);
    expect(page.text).toContain(mine);
    expect(page.text).toContain(taskCode);
    expect(page.text).toContain(`/receipt?draw=${taskCode}&amp;code=${mine}`);
    expect(page.text).not.toContain(theirs);
    const [entry] = (await database.db.select().from(activityLog)).filter((row) => row.action === 'enterprise_login');
    expect(entry).toMatchObject({ actorKind: 'enterprise', actorLabel: mine, role: 'enterprise' });
  });

  it("refuses another enterprise's receipt code, a made-up one, and an enterprise outside every pool", async () => {
    const attempts = [
      { creditCode: mine, receiptCode: deriveReceiptCode(keys, taskCode, theirs) },
      { creditCode: mine, receiptCode: 'AAAA-BBBB-CCCC-DDDD' },
      { creditCode: outsider, receiptCode: deriveReceiptCode(keys, taskCode, outsider) },
    ];
    for (const attempt of attempts) {
      const response = await supertest(app).post('/enterprise/login').set('Accept', 'text/html').type('form').send(attempt);
      expect(response.status).toBe(401);
      expect(response.headers['set-cookie'] ?? []).toEqual([]);
    }
  });

  it('reads its own receipt over the API without retyping the receipt code, but not another enterprise\'s', async () => {
    const enterprise = await signInEnterprise(app, mine, deriveReceiptCode(keys, taskCode, mine));

    const own = await enterprise.agent.get(`/api/public/draws/${taskCode}/receipts/${mine}`);
    const other = await enterprise.agent.get(`/api/public/draws/${taskCode}/receipts/${theirs}`);
    const otherWithWrongCode = await enterprise.agent.get(`/api/public/draws/${taskCode}/receipts/${theirs}`).query({ receiptCode: deriveReceiptCode(keys, taskCode, mine) });

    expect(own.status).toBe(200);
    expect(own.body.record).toMatchObject({ task: taskCode, code: mine });
    expect(other.status).toBe(401);
    expect(otherWithWrongCode.status).toBe(404);
  });

  it('reaches no staff, admin or auditor route or page', async () => {
    const enterprise = await signInEnterprise(app, mine, deriveReceiptCode(keys, taskCode, mine));

    for (const path of ['/api/enterprises', `/api/enterprises/${mine}`, `/api/draws/${taskCode}/audit`, '/api/activity', '/api/tasks', `/api/evaluations`]) {
      expect([401, 403], path).toContain((await enterprise.agent.get(path)).status);
    }
    for (const path of ['/console/admin/users', '/console/activity']) {
      expect((await enterprise.agent.get(path).set('Accept', 'text/html')).status, path).toBe(403);
    }
    const post = await enterprise.agent.post(`/api/tasks/${taskCode}/freeze`).set('X-CSRF-Token', enterprise.csrfToken);
    expect(post.status).toBe(403);
  });

  it('sends the public from /enterprise to the enterprise sign-in', async () => {
    const response = await supertest(app).get('/enterprise').set('Accept', 'text/html');

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/enterprise/login');
  });
});
