/**
 * Departments over HTTP (issue 17): admins keep the records and the accounts' departments;
 * staff of a department enter results and test results only for its tasks (403 problem+json
 * otherwise, in Chinese and English); a test result is entered once and seen by every
 * department of the joint task; the published batch names each result's department and
 * carries the shared test results; the portal publishes the item list and the year's plan.
 */
import type { Express } from 'express';
import { sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CredentialRole } from '../../src/application/api-tokens.ts';
import type { BureauKeys } from '../../src/application/bureau-keys.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { assignedTeams, loadTasks, seedWorld, worldTasks } from '../integration/draw-world.ts';
import { signIn, type SignedIn } from '../support/session.ts';
import { approveAsSecondAdmin, createTestAppWithKeys, WORLD_CALENDAR } from './fixtures.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let bearer: Record<CredentialRole, string>;
let selected: string[];
let teams: Map<string, string[]>;
const JOINT = '2027-ZH-01';

/** The world names its departments by free text (食品科, 信用科), as plans before department records did. */
const departments = {
  FOOD: { nameZh: '食品科', nameEn: 'Food safety section' },
  CREDIT: { nameZh: '信用科', nameEn: 'Credit section' },
  CG: { nameZh: '城管', nameEn: 'Urban management' },
};

async function staffOf(department: keyof typeof departments): Promise<SignedIn> {
  const staff = await signIn(app, database, 'staff');
  const assigned = await supertest(app).put(`/api/users/${staff.username}/department`).set('Authorization', bearer.admin).send({ department });
  expect(assigned.status, assigned.text).toBe(200);
  return staff;
}

beforeEach(async () => {
  ({ database, keys, app, bearer } = await createTestAppWithKeys());
  const world = await seedWorld(database);
  for (const [code, names] of Object.entries(departments)) {
    const saved = await supertest(app).put(`/api/departments/${code}`).set('Authorization', bearer.admin).send(names);
    expect(saved.status, saved.text).toBe(200);
  }
  await loadTasks(database, [worldTasks(world.runId).joint]);
  if (!(await freezeTask(database, keys, JOINT, { now: WORLD_CALENDAR.frozenAt })).ok) throw new Error('freeze');
  if (!(await drawTask(database, keys, JOINT, '3.6.1.5.2.4', { now: WORLD_CALENDAR.drawnAt })).ok) throw new Error('draw');
  selected = rowsOf<{ credit_code: string }>(await database.db.execute(sql`select credit_code from draw_selections where task_code = ${JOINT} order by credit_code`)).map((row) => row.credit_code);
  teams = await assignedTeams(database, JOINT);
});

afterEach(async () => {
  await database.close();
});

const result = (creditCode: string) => ({ taskCode: JOINT, creditCode, itemCode: 'G1', outcome: 'no_problem', inspectionDate: '2027-03-10', inspectors: teams.get(creditCode), summary: '未发现问题' });
const testResult = (creditCode: string) => ({ creditCode, sample: '散装大米', laboratory: '福州市食品检验所', reportNumber: 'FJ-2027-0183', conclusion: 'qualified', testedOn: '2027-03-09' });

describe('departments over HTTP', () => {
  it('only admins add departments; staff list them', async () => {
    expect((await supertest(app).put('/api/departments/JT').set('Authorization', bearer.staff).send({ nameZh: '交通运输', nameEn: 'Transport' })).status).toBe(403);
    const taken = await supertest(app).put('/api/departments/CG2').set('Authorization', bearer.admin).send({ nameZh: '城管', nameEn: 'Urban management' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('department_name_taken');
    const listed = await supertest(app).get('/api/departments').set('Authorization', bearer.staff);
    expect(listed.body.departments.map((department: { code: string }) => department.code)).toEqual(['CG', 'CREDIT', 'FOOD']);
  });

  it('refuses results and test results of a task outside the staff account\'s department with a 403 problem+json in Chinese and English', async () => {
    const outsider = await staffOf('CG');
    const entered = await outsider.agent.post('/api/results').set('X-CSRF-Token', outsider.csrfToken).send({ results: [result(selected[0]!)] });
    expect(entered.status).toBe(403);
    expect(entered.headers['content-type']).toContain('application/problem+json');
    expect(entered.body.code).toBe('outside_department');
    expect(entered.body.detail).toContain('不含您的部门“城管”');
    expect(entered.body.detail).toContain("you see and enter results only for your department's tasks");
    const tested = await outsider.agent.post(`/api/tasks/${JOINT}/test-results`).set('X-CSRF-Token', outsider.csrfToken).send(testResult(selected[0]!));
    expect([tested.status, tested.body.code]).toEqual([403, 'outside_department']);
    expect((await outsider.agent.get(`/api/tasks/${JOINT}/test-results`)).status).toBe(403);
    expect(rowsOf<{ count: number }>(await database.db.execute(sql`select count(*)::int as count from inspection_results`))[0]!.count).toBe(0);
  });

  it('a test result entered once by one department is shown to the other department of the joint task and published with the batch, which names each result\'s department', async () => {
    const food = await staffOf('FOOD');
    const credit = await staffOf('CREDIT');
    const entered = await food.agent.post(`/api/tasks/${JOINT}/test-results`).set('X-CSRF-Token', food.csrfToken).send(testResult(selected[0]!));
    expect(entered.status, entered.text).toBe(201);
    const again = await credit.agent.post(`/api/tasks/${JOINT}/test-results`).set('X-CSRF-Token', credit.csrfToken).send(testResult(selected[0]!));
    expect([again.status, again.body.code]).toEqual([409, 'already_entered']);
    const seen = await credit.agent.get(`/api/tasks/${JOINT}/test-results`);
    expect(seen.body.testResults).toEqual([{ ...testResult(selected[0]!), taskCode: JOINT, enteredByDepartment: 'FOOD' }]);

    const byFood = await food.agent.post('/api/results').set('X-CSRF-Token', food.csrfToken).send({ results: [result(selected[0]!)] });
    expect(byFood.status, byFood.text).toBe(201);
    expect((await supertest(app).post(`/api/tasks/${JOINT}/results/publish`).set('Authorization', bearer.staff)).status).toBe(201);
    const batch = await supertest(app).get(`/api/public/results/batches/${JOINT}/1`);
    expect(batch.body.record.results).toEqual([expect.objectContaining({ creditCode: selected[0], department: 'FOOD', departmentName: '食品科' })]);
    expect(batch.body.record.testResults).toEqual([{ creditCode: selected[0], sample: '散装大米', laboratory: '福州市食品检验所', reportNumber: 'FJ-2027-0183', conclusion: 'qualified', testedOn: '2027-03-09' }]);
  });

  it('in a joint task each department records its own findings on the same item; the public JSON and the results page show them under each department\'s name', async () => {
    // Decision (issue 17): departments of a joint task (综合查一次) inspect one enterprise in one visit and each records its own findings on an item, so the result key includes the department.
    const food = await staffOf('FOOD');
    const credit = await staffOf('CREDIT');
    const mine = selected[0]!;
    expect((await food.agent.post('/api/results').set('X-CSRF-Token', food.csrfToken).send({ results: [result(mine)] })).status).toBe(201);
    const byCredit = await credit.agent
      .post('/api/results')
      .set('X-CSRF-Token', credit.csrfToken)
      .send({ results: [{ ...result(mine), outcome: 'not_disclosed_as_required', summary: '年报未按规定公示' }] });
    expect(byCredit.status, byCredit.text).toBe(201);
    expect((await supertest(app).post(`/api/tasks/${JOINT}/results/publish`).set('Authorization', bearer.staff)).status).toBe(201);

    const batch = await supertest(app).get(`/api/public/results/batches/${JOINT}/1`);
    expect(batch.body.record.results.map((entry: { department: string; outcome: string }) => [entry.department, entry.outcome])).toEqual([
      ['CREDIT', 'not_disclosed_as_required'],
      ['FOOD', 'no_problem'],
    ]);
    const api = await supertest(app).get(`/api/public/results?code=${mine}`);
    expect(api.status).toBe(200);
    expect(api.body.items).toEqual([
      expect.objectContaining({ itemCode: 'G1', outcome: 'not_disclosed_as_required', department: { code: 'CREDIT', ...departments.CREDIT } }),
      expect.objectContaining({ itemCode: 'G1', outcome: 'no_problem', department: { code: 'FOOD', ...departments.FOOD } }),
    ]);
    const firstPage = await supertest(app).get(`/api/public/results?code=${mine}&limit=1`);
    const secondPage = await supertest(app).get(`/api/public/results?code=${mine}&limit=1&cursor=${firstPage.body.nextCursor}`);
    expect([firstPage.body.items[0].department.code, secondPage.body.items[0].department.code]).toEqual(['CREDIT', 'FOOD']);

    const page = await supertest(app).get(`/results?code=${mine}`).set('Accept-Language', 'zh');
    const groups = [...page.text.matchAll(/<tbody data-department="([^"]*)"><tr class="department-group"><th colspan="8" scope="rowgroup">([^<]*)/g)].map((match) => [match[1], match[2]]);
    expect(groups).toEqual([
      ['CREDIT', '信用科的检查发现 · '],
      ['FOOD', '食品科的检查发现 · '],
    ]);
    expect((await supertest(app).get(`/results?code=${mine}&lang=en`)).text).toContain('Findings of Food safety section');
    // One credit record per inspection of the item: the more serious finding.
    const records = rowsOf<{ outcome: string }>(await database.db.execute(sql`select data->>'outcome' as outcome from credit_records where credit_code = ${mine} and kind = 'inspection_result'`));
    expect(records).toEqual([{ outcome: 'not_disclosed_as_required' }]);
  });

  it('a correction of a joint task\'s item names the department whose findings it corrects, and is refused (422) when it does not', async () => {
    const food = await staffOf('FOOD');
    const credit = await staffOf('CREDIT');
    const mine = selected[0]!;
    expect((await food.agent.post('/api/results').set('X-CSRF-Token', food.csrfToken).send({ results: [result(mine)] })).status).toBe(201);
    expect((await credit.agent.post('/api/results').set('X-CSRF-Token', credit.csrfToken).send({ results: [result(mine)] })).status).toBe(201);
    expect((await supertest(app).post(`/api/tasks/${JOINT}/results/publish`).set('Authorization', bearer.staff)).status).toBe(201);
    const correction = { taskCode: JOINT, creditCode: mine, itemCode: 'G1', kind: 'revocation', reason: '检查对象错误' };
    const unnamed = await supertest(app).post('/api/results/corrections').set('Authorization', bearer.admin).send(correction);
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.issue.issue).toMatchObject({ code: 'department_required', departments: ['CREDIT', 'FOOD'] });
    expect(unnamed.body.detail).toContain("say which department's result to correct");
    const named = await supertest(app).post('/api/results/corrections').set('Authorization', bearer.admin).send({ ...correction, department: 'FOOD' });
    expect(named.status, named.text).toBe(202);
    expect((await approveAsSecondAdmin(app, database, named.body.approval.id)).status).toBe(200);
    const envelope = await supertest(app).get('/api/public/results/corrections/1');
    expect(envelope.body.record.original).toMatchObject({ task: JOINT, creditCode: mine, item: 'G1', department: 'FOOD' });
    const api = await supertest(app).get(`/api/public/results?code=${mine}`);
    expect(api.body.items.map((item: { department: { code: string }; corrections?: { kind: string }[] }) => [item.department.code, item.corrections?.map((mark) => mark.kind)])).toEqual([
      ['CREDIT', undefined],
      ['FOOD', ['revocation']],
    ]);
  });

  it('revoking one department\'s finding leaves the inspection\'s credit record with the finding that still stands; revoking the last removes it', async () => {
    const food = await staffOf('FOOD');
    const credit = await staffOf('CREDIT');
    const mine = selected[0]!;
    expect((await food.agent.post('/api/results').set('X-CSRF-Token', food.csrfToken).send({ results: [result(mine)] })).status).toBe(201);
    const serious = { ...result(mine), outcome: 'not_disclosed_as_required', summary: '年报未按规定公示' };
    expect((await credit.agent.post('/api/results').set('X-CSRF-Token', credit.csrfToken).send({ results: [serious] })).status).toBe(201);
    expect((await supertest(app).post(`/api/tasks/${JOINT}/results/publish`).set('Authorization', bearer.staff)).status).toBe(201);
    const creditRecords = async () =>
      rowsOf<{ outcome: string }>(await database.db.execute(sql`select data->>'outcome' as outcome from credit_records where credit_code = ${mine} and kind = 'inspection_result'`));
    const revoke = async (department: string) => {
      const proposed = await supertest(app)
        .post('/api/results/corrections')
        .set('Authorization', bearer.admin)
        .send({ taskCode: JOINT, creditCode: mine, itemCode: 'G1', department, kind: 'revocation', reason: '检查对象错误' });
      expect(proposed.status, proposed.text).toBe(202);
      expect((await approveAsSecondAdmin(app, database, proposed.body.approval.id)).status).toBe(200);
    };
    expect(await creditRecords()).toEqual([{ outcome: 'not_disclosed_as_required' }]);
    await revoke('CREDIT');
    expect(await creditRecords()).toEqual([{ outcome: 'no_problem' }]);
    await revoke('FOOD');
    expect(await creditRecords()).toEqual([]);
  });

  it('the console shows the task\'s shared test results to staff of its other department', async () => {
    const food = await staffOf('FOOD');
    const credit = await staffOf('CREDIT');
    expect((await food.agent.post(`/api/tasks/${JOINT}/test-results`).set('X-CSRF-Token', food.csrfToken).send(testResult(selected[0]!))).status).toBe(201);
    const page = await credit.agent.get(`/console/results?task=${JOINT}`).set('Accept', 'text/html').set('Accept-Language', 'zh');
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="test-results"');
    expect(page.text).toContain('FJ-2027-0183');
    expect(page.text).toContain('食品科');
  });
});

describe('the published plan on the portal', () => {
  it('lists the items with legal basis and department names, and the year\'s tasks with item names, departments and the scheduled draw time, Chinese first', async () => {
    const home = await supertest(app).get('/').set('Accept-Language', 'zh');
    expect(home.text).toContain('href="/plan"');
    const index = await supertest(app).get('/plan').set('Accept-Language', 'zh');
    expect(index.status).toBe(200);
    expect(index.text).toContain('涉企检查事项清单');
    expect(index.text).toContain('<th scope="row">年报公示</th><td>企业信息公示暂行条例</td><td>信用科</td>');
    expect(index.text).toContain('href="/plan/2027"');
    const year = await supertest(app).get('/plan/2027').set('Accept-Language', 'zh');
    expect(year.status).toBe(200);
    const row = /<tr data-task="2027-ZH-01">[\s\S]*?<\/tr>/.exec(year.text)?.[0] ?? '';
    expect(row).toContain('<td>年报公示</td>');
    expect(row).toContain('信用科、食品科');
    expect(row).toContain('<time datetime="2027-03-02T10:00:00+08:00">2027-03-02 10:00</time>');
    expect(row).toContain('计划抽查');
    expect(row).not.toMatch(/>G1<|planned/);
    const english = await supertest(app).get('/plan/2027?lang=en');
    expect(english.text).toContain('Credit section, Food safety section');
    expect((await supertest(app).get('/plan/1999')).status).toBe(404);
  });
});
