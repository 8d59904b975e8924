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
import { signIn } from '../support/session.ts';
import { binary, firstWorksheet, headingsAndFrozenRow } from '../support/downloads.ts';
import { createTestAppWithKeys } from './fixtures.ts';
import { loadPoolMembers } from '../../src/persistence/draw-repository.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let selected: string[];
let teams: Map<string, string[]>;
let bearer: Record<CredentialRole, string>;
const taskCode = '2027-SP-01';

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

const form = (creditCode: string) => ({ taskCode, creditCode, itemCode: 'F1', outcome: 'no_problem', inspectionDate: '2026-09-24', inspectors: (teams.get(creditCode) ?? ['SP-2', 'SP-3']).join(', '), summary: '未发现问题', correctiveOrder: '' });

function post(path: string, body: Record<string, string>) {
  return supertest(app).post(path).set('Authorization', bearer.staff).set('Accept', 'text/html').type('form').send(body);
}

describe('console results page', () => {
  it('answers staff with the drawn task, its selected enterprises and what is missing, and sends the public to the login page', async () => {
    const page = await supertest(app).get('/console/results').set('Authorization', bearer.staff).set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="drawn-tasks"');
    expect(page.text).toContain(`<option value="${selected[0]}"`);
    expect(page.text).toContain('id="missing"');
    const anonymous = await supertest(app).get('/console/results').set('Accept', 'text/html');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fconsole%2Fresults');
    expect((await supertest(app).post('/console/results').type('form').send(form(selected[0]!))).status).toBe(303);
    expect((await supertest(app).get('/console/results').set('Authorization', bearer.auditor).set('Accept', 'text/html')).status).toBe(403);
  });

  it('refuses a result the draw does not allow with the reason next to the field, saves a valid one, and publishes it', async () => {
    const notSelected = await nonSelected();
    const wrong = await post('/console/results', { ...form(notSelected), itemCode: 'G1' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/id="result-item-error">[^<]*不是任务 2027-SP-01 的事项/);
    expect(wrong.text).toMatch(/id="result-enterprise-error">[^<]*未被任务 2027-SP-01 抽中/);
    expect(wrong.text).toContain('role="alert"');
    const early = await post('/console/results', { ...form(selected[0]!), inspectionDate: '2026-08-01' });
    expect(early.status).toBe(400);
    expect(early.text).toMatch(/id="result-date-error">[^<]*的抽取/);

    const saved = await post('/console/results', form(selected[0]!));
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/console/results?task=${taskCode}&done=entered`);
    const overdue = await supertest(app).get('/api/results/overdue?today=2026-10-30').set('Authorization', bearer.staff);
    expect(overdue.body.overdue).toEqual([expect.objectContaining({ taskCode, creditCode: selected[0], itemCode: 'F1', dueDate: '2026-10-29' })]);
    expect(overdue.body.missing.map((row: { creditCode: string }) => row.creditCode)).not.toContain(selected[0]);

    const published = await post(`/console/results/${taskCode}/publish`, {});
    expect(published.status).toBe(303);
    expect(published.headers.location).toBe(`/console/results?task=${taskCode}&done=published&batch=1`);
    const results = await supertest(app).get(`/api/public/results?code=${selected[0]}`);
    expect(results.body.items).toEqual([expect.objectContaining({ taskCode, creditCode: selected[0], itemCode: 'F1', outcome: 'no_problem', summary: '未发现问题', inspectors: teams.get(selected[0]!), batch: 1 })]);
    const again = await post(`/console/results/${taskCode}/publish`, {});
    expect(again.status).toBe(409);
    expect(again.text).toContain('没有未公示的结果');
  });

  it('downloads overdue and published results as xlsx and CSV with Chinese headings and date cells, and the activity log to admins only', async () => {
    expect((await post('/console/results', form(selected[0]!))).status).toBe(303);
    const page = await supertest(app).get('/console/results').set('Authorization', bearer.staff).set('Accept', 'text/html');
    expect(page.text).toContain('href="/console/results/overdue.xlsx"');
    expect(page.text).toContain('href="/console/results/published.xlsx"');
    // The app's clock is in 2027: the result due on 2026-10-29 is overdue.
    const overdue = await binary(supertest(app).get('/console/results/overdue.xlsx').set('Authorization', bearer.staff));
    expect(overdue.status).toBe(200);
    const overdueSheet = await firstWorksheet(overdue.body as Buffer);
    expect(headingsAndFrozenRow(overdueSheet)).toEqual({ headings: ['抽查任务', '统一社会信用代码', '抽查事项', '检查日期', '公示期限', '逾期工作日'], frozen: true });
    expect(overdueSheet.getRow(2).values).toEqual([undefined, taskCode, selected[0], 'F1', new Date('2026-09-24T00:00:00Z'), new Date('2026-10-29T00:00:00Z'), expect.any(Number)]);

    expect((await post(`/console/results/${taskCode}/publish`, {})).status).toBe(303);
    const published = await binary(supertest(app).get(`/console/results/published.xlsx?task=${taskCode}`).set('Authorization', bearer.staff));
    expect(published.headers['content-disposition']).toBe(`attachment; filename="results-${taskCode}.xlsx"`);
    const resultSheet = await firstWorksheet(published.body as Buffer);
    expect(headingsAndFrozenRow(resultSheet).headings).toEqual(['抽查任务', '公示批次', '统一社会信用代码', '企业名称', '抽查事项', '检查结果', '检查日期', '检查人员（执法证号）', '情况说明', '责令改正']);
    expect(resultSheet.getCell('F2').value).toBe('未发现问题');
    expect(resultSheet.getCell('G2').value).toEqual(new Date('2026-09-24T00:00:00Z'));
    const csv = await supertest(app).get('/console/results/published.csv').set('Authorization', bearer.staff);
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFF抽查任务,公示批次,统一社会信用代码,企业名称,抽查事项,检查结果,检查日期,检查人员（执法证号）,情况说明,责令改正');
    expect(csv.text).toContain(`,未发现问题,2026-09-24,`);
    expect((await supertest(app).get('/console/results/published.xlsx').set('Authorization', bearer.enterprise).set('Accept', 'text/html')).status).toBe(403);

    expect((await supertest(app).get('/console/activity/export.xlsx').set('Authorization', bearer.staff).set('Accept', 'text/html')).status).toBe(403);
    const activity = await binary(supertest(app).get('/console/activity/export.xlsx').set('Authorization', bearer.admin));
    const activitySheet = await firstWorksheet(activity.body as Buffer);
    expect(headingsAndFrozenRow(activitySheet)).toEqual({ headings: ['时间', '操作者', '操作者类型', '角色', '动作', '请求', '状态', '对象', '详情'], frozen: true });
    expect(activitySheet.getCell('A2').value).toBeInstanceOf(Date);
    expect(activitySheet.getCell('A2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    const actions = activitySheet.getColumn(5).values;
    expect(actions).toContain('下载（通知书、回执码、名单）');
  });

  it('imports a results file through a signed-in session, all or none, listing each rejected row', async () => {
    const staff = await signIn(app, database, 'staff');
    const page = await staff.agent.get('/console/results').set('Accept', 'text/html');
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&');
    expect(action).toBe(`/console/results/import?_csrf=${encodeURIComponent(staff.csrfToken)}`);
    const csv = (rows: string[]) => Buffer.from(['任务编号,统一社会信用代码,抽查事项,检查结果,检查日期,执法证号,结果摘要', ...rows].join('\n'), 'utf8');
    const good = `${taskCode},${selected[1]},F1,未发现问题,2026-09-25,${teams.get(selected[1]!)!.join(';')},未发现问题`;
    const bad = await staff.agent.post(action!).attach('file', csv([good, `${taskCode},${selected[2]},F1,未发现问题,2026-09-25,NOBODY,未发现问题`]), '结果.csv');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/<table id="rejected-rows">[\s\S]*<td class="number">3<\/td><td>执法证号<\/td><td>没有执法证号 NOBODY/);
    expect((await supertest(app).get('/api/results/overdue?today=2026-09-26').set('Authorization', bearer.staff)).body.missing.map((row: { creditCode: string }) => row.creditCode)).toContain(selected[1]);

    const imported = await staff.agent.post(action!).attach('file', csv([good]), '结果.csv');
    expect(imported.status).toBe(200);
    expect(imported.text).toContain('role="status"');
    expect((await supertest(app).get('/api/results/overdue?today=2026-09-26').set('Authorization', bearer.staff)).body.missing.map((row: { creditCode: string }) => row.creditCode)).not.toContain(selected[1]);
  });
  it('substitutes an inspector through the form: the replacement is drawn and shown on the team, a refusal is in the reader\'s language', async () => {
    const team = teams.get(selected[0]!)!;
    const refused = await post('/console/results/substitutions', { taskCode, creditCode: selected[0]!, leaving: 'XY-1', reason: 'illness', reasonText: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(`XY-1 不在 ${selected[0]} 的检查组中`);

    const substituted = await post('/console/results/substitutions', { taskCode, creditCode: selected[0]!, leaving: team[0]!, reason: 'illness', reasonText: '' });
    expect(substituted.status).toBe(303);
    const replacement = new URL(substituted.headers.location as string, 'http://x').searchParams.get('replacement')!;
    expect(team).not.toContain(replacement);
    const page = await supertest(app).get(substituted.headers.location as string).set('Authorization', bearer.staff).set('Accept', 'text/html');
    expect(page.text).toContain(`已替换检查人员：${replacement}`);
    expect(page.text).toContain(`${selected[0]}（${[replacement, ...team.slice(1)].join(', ')}）`);
  });
});

async function nonSelected(): Promise<string> {
  return (await loadPoolMembers(database.db, taskCode)).find((member) => !selected.includes(member.code))!.code;
}
