/** Inspector substitutions over HTTP (draw/v1.1 section 8.2): staff record one, the public reads and verifies it. */
import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CredentialRole } from '../../src/application/api-tokens.ts';
import { bureauKeySet } from '../../src/application/draw-publication.ts';
import { type BureauKeys } from '../../src/application/bureau-keys.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import { verifySubstitution } from '../../src/core/verify/index.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { loadTasks, publicEvent, seedWorld, worldTasks } from '../integration/draw-world.ts';
import { createTestAppWithKeys } from './fixtures.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let bearer: Record<CredentialRole, string>;
const taskCode = '2027-SP-01';

beforeEach(async () => {
  ({ database, keys, app, bearer } = await createTestAppWithKeys());
  const world = await seedWorld(database);
  await loadTasks(database, [{ ...worldTasks(world.runId).food, entropySource: publicEvent('2026-09-01T09:30:00+08:00') }]);
  if (!(await freezeTask(database, keys, taskCode, { now: new Date('2026-08-31T01:00:00Z') })).ok) throw new Error('freeze');
  if (!(await drawTask(database, keys, taskCode, '3.6.1.5.2.4', { now: new Date('2026-09-01T02:00:00Z') })).ok) throw new Error('draw');
});

afterEach(async () => {
  await database.close();
});

describe('inspector substitutions over HTTP', () => {
  it('staff record a substitution; the public lists it and it verifies against the published record; refusals carry a code and both languages', async () => {
    const record = (await supertest(app).get(`/api/public/draws/${taskCode}`)).body as { record: DrawRecord };
    const assignment = record.record.assignments![0]!;
    const body = { creditCode: assignment.code, leaving: assignment.team[0]!.badge, reason: 'illness' };

    expect((await supertest(app).post(`/api/tasks/${taskCode}/substitutions`).send(body)).status).toBe(401);
    const created = await supertest(app).post(`/api/tasks/${taskCode}/substitutions`).set('Authorization', bearer.staff).send(body);
    expect(created.status).toBe(201);
    expect(created.body.record).toMatchObject({ format: 'suiji.inspector-substitution/1', number: 1, leaving: body.leaving });

    const listed = await supertest(app).get(`/api/public/draws/${taskCode}/substitutions`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([created.body]);
    const checks = verifySubstitution({ record, substitution: listed.body.items[0], keys: bureauKeySet(keys), hash: nodeSha256 });
    expect(checks.every((entry) => entry.status === 'passed')).toBe(true);

    const refused = await supertest(app).post(`/api/tasks/${taskCode}/substitutions`).set('Authorization', bearer.staff).send({ ...body, leaving: 'XY-1' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'not_on_team', detail: expect.stringContaining('不在') });
    expect(refused.body.detail).toContain('is not on the team of');
    // Results from the inspector who left are refused with a code; the new team's are accepted.
    const result = (inspectors: string[]) => ({ taskCode, creditCode: assignment.code, itemCode: 'F1', outcome: 'no_problem', inspectionDate: '2026-09-24', inspectors, summary: '未发现问题' });
    const byLeaving = await supertest(app).post('/api/results').set('Authorization', bearer.staff).send({ results: [result(assignment.team.map((member) => member.badge))] });
    expect(byLeaving.status).toBe(400);
    expect(byLeaving.body.errors).toEqual([{ field: 'results.0.inspectors', code: 'inspector_not_on_team', reason: expect.stringContaining('no substitution is recorded'), reasonZh: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    const newTeam = assignment.team.map((member) => (member.badge === body.leaving ? created.body.record.replacement : member.badge));
    expect((await supertest(app).post('/api/results').set('Authorization', bearer.staff).send({ results: [result(newTeam)] })).status).toBe(201);

    const noReason = await supertest(app).post(`/api/tasks/${taskCode}/substitutions`).set('Authorization', bearer.staff).send({ ...body, leaving: created.body.record.replacement, reason: 'other' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('reason_text_required');
  });
});
