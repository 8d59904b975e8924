/**
 * The plan page's inspector directory (执法人员名录) and conflicts (回避) forms (issue 18, "the
 * plan in the console"): add, edit, deactivate and remove through the console, with the same
 * rules as the plan file, field errors in Chinese and English, staff only, CSRF-checked, and
 * every change in the activity log under its own words (a badge, never a name).
 */
import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listActivity } from '../../src/application/activity-log.ts';
import { type CredentialRole } from '../../src/application/api-tokens.ts';
import { saveDepartment } from '../../src/application/departments.ts';
import { loadPlanFile } from '../../src/application/inspection-plan.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { findInspector, listConflicts } from '../../src/persistence/inspection-repository.ts';
import { YEAR } from '../integration/draw-world.ts';
import { createPolicyWorldDatabase } from '../integration/policy-world.ts';
import { creditCode } from '../support/credit-fixtures.ts';
import { testDatabaseKind } from '../support/database.ts';
import { signIn } from '../support/session.ts';
import { createTestAppWithKeys } from './fixtures.ts';

let database: DatabaseHandle;
let app: Express;
let bearer: Record<CredentialRole, string>;

beforeEach(async () => {
  ({ database } = await createPolicyWorldDatabase());
  ({ database, app, bearer } = await createTestAppWithKeys({ database, fourEyes: false }));
  const saved = await saveDepartment(database.db, { code: 'TSK', nameZh: '特种设备安全监察科', nameEn: 'Special equipment section' });
  if (!saved.ok) throw new Error(saved.error.code);
});

afterEach(async () => {
  await database.close();
});

function post(role: CredentialRole, path: string, form: Record<string, string | string[]>) {
  return supertest(app).post(path).set('Authorization', bearer[role]).set('Accept', 'text/html').type('form').send(form);
}

function planPage(query = '') {
  return supertest(app).get(`/console/plan?year=${YEAR}${query}`).set('Authorization', bearer.staff).set('Accept', 'text/html');
}

async function newestActivity(): Promise<{ action: string; subject: string | null; details: unknown }> {
  const [entry] = (await listActivity(database.db, { limit: 1 })).items;
  return { action: entry!.action, subject: entry!.subject, details: entry!.details };
}

const inspector = { badge: 'TS-9001', name: '周检查', department: 'TSK', qualifications: '行政执法、特种设备', active: 'true' };
const enterprise = creditCode(7);

describe(`the plan page's inspectors and conflicts on ${testDatabaseKind}`, () => {
  it('adds an inspector of a department record, edits it from its link and deactivates it, each change logged by badge', async () => {
    const added = await post('staff', '/console/plan/inspectors', inspector);
    expect(added.status).toBe(303);
    expect(await findInspector(database.db, 'TS-9001')).toEqual({ badge: 'TS-9001', name: '周检查', department: 'TSK', qualifications: ['行政执法', '特种设备'], active: true });
    expect(await newestActivity()).toEqual({ action: 'inspector_saved', subject: 'TS-9001', details: { department: 'TSK', active: true } });
    expect(JSON.stringify(await newestActivity())).not.toContain('周检查');

    const page = await planPage();
    expect(page.text).toMatch(/<table id="inspectors">[\s\S]*<code>TS-9001<\/code><\/th><td>周检查<\/td><td>特种设备安全监察科<\/td><td>行政执法、特种设备<\/td><td>在岗<\/td>/);
    // The department is chosen from the records; the world's legacy free-text departments stay choosable.
    expect(page.text).toMatch(/<select id="inspector-department"[^>]*>[\s\S]*<option value="TSK">特种设备安全监察科（TSK）<\/option>[\s\S]*<option value="食品科">食品科（未建部门记录）<\/option>/);

    const editing = await planPage(`&edit=${encodeURIComponent('inspector:TS-9001')}`);
    expect(editing.text).toContain('<details id="inspector-form" open>');
    expect(editing.text).toMatch(/id="inspector-name" name="name" value="周检查"/);
    expect(editing.text).toMatch(/<option value="TSK" selected>/);
    expect((await post('staff', '/console/plan/inspectors', { ...inspector, name: '周检查员' })).status).toBe(303);
    expect((await findInspector(database.db, 'TS-9001'))?.name).toBe('周检查员');

    const deactivated = await post('staff', '/console/plan/inspectors/active', { badge: 'TS-9001', active: 'false' });
    expect(deactivated.status).toBe(303);
    expect((await findInspector(database.db, 'TS-9001'))?.active).toBe(false);
    expect(await newestActivity()).toMatchObject({ action: 'inspector_deactivated', subject: 'TS-9001' });
    expect((await planPage()).text).toMatch(/<code>TS-9001<\/code>[\s\S]*?<td>已停用<\/td>[\s\S]*?id="inspector-active-TS-9001">恢复</);
    expect((await post('staff', '/console/plan/inspectors/active', { badge: 'TS-9001', active: 'true' })).status).toBe(303);
    expect(await newestActivity()).toMatchObject({ action: 'inspector_reactivated', subject: 'TS-9001' });
    // The activity log names each change in words, and the inspector by badge only.
    const log = await supertest(app).get('/console/activity').set('Authorization', bearer.admin).set('Accept', 'text/html');
    for (const words of ['保存执法人员', '停用执法人员（不再参与抽取）', '恢复执法人员参与抽取', '部门：TSK', '参与抽取：是']) expect(log.text).toContain(words);
    expect(log.text).not.toContain('周检查');
    const unknown = await post('staff', '/console/plan/inspectors/active', { badge: 'NOPE-1', active: 'false' });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('没有执法证号为 NOPE-1 的执法人员');
  });

  it('shows field errors next to the fields, in Chinese on a Chinese page and in English on an English one, and saves nothing', async () => {
    const bad = { ...inspector, badge: '#1', name: ' ' };
    const chinese = await post('staff', '/console/plan/inspectors', bad);
    expect(chinese.status).toBe(400);
    expect(chinese.text).toContain('<details id="inspector-form" open>');
    expect(chinese.text).toMatch(/id="inspector-badge-error">执法证号填写有误：须为 1 至 64 位字母/);
    expect(chinese.text).toMatch(/id="inspector-name-error">姓名填写有误：不能为空/);
    expect(chinese.text).toContain('value="#1"');
    // The summary above the form lists the same reasons without the fields' property names.
    expect(chinese.text).toMatch(/role="alert">[\s\S]*<li>姓名填写有误：不能为空/);
    expect(chinese.text).not.toMatch(/<li>(badge|name): /);
    const english = await post('staff', '/console/plan/inspectors?lang=en', bad);
    expect(english.status).toBe(400);
    expect(english.text).toMatch(/id="inspector-name-error">must not be empty/);
    expect(await findInspector(database.db, '#1')).toBeUndefined();

    const badCode = await post('staff', '/console/plan/conflicts', { badge: 'SP-1', creditCode: '91350100XXXXXXXXX0', reason: '亲属' });
    expect(badCode.status).toBe(400);
    expect(badCode.text).toMatch(/id="conflict-credit-code-error">统一社会信用代码填写有误：须为 18 位有效代码/);
    const noInspector = await post('staff', '/console/plan/conflicts', { badge: 'NOPE-1', creditCode: enterprise, reason: '亲属' });
    expect(noInspector.status).toBe(400);
    expect(noInspector.text).toMatch(/id="conflict-badge-error">执法人员填写有误：须为名录中已有执法人员的执法证号/);
    expect((await listConflicts(database.db)).filter((conflict) => conflict.creditCode === enterprise)).toEqual([]);
  });

  it('declares a conflict, changes its reason through its edit link and removes it, each change logged', async () => {
    const declared = await post('staff', '/console/plan/conflicts', { badge: 'SP-2', creditCode: enterprise.toLowerCase(), reason: '近亲属任该企业负责人' });
    expect(declared.status).toBe(303);
    expect(await newestActivity()).toEqual({ action: 'conflict_saved', subject: 'SP-2', details: { creditCode: enterprise } });
    const page = await planPage();
    expect(page.text).toMatch(new RegExp(`<table id="conflicts">[\\s\\S]*<code>SP-2</code> 食品检查员2</th><td><code>${enterprise}</code></td><td>近亲属任该企业负责人</td>`));

    const editing = await planPage(`&edit=${encodeURIComponent(`conflict:SP-2:${enterprise}`)}`);
    expect(editing.text).toContain('<details id="conflict-form" open>');
    expect(editing.text).toContain('>近亲属任该企业负责人</textarea>');
    expect((await post('staff', '/console/plan/conflicts', { badge: 'SP-2', creditCode: enterprise, reason: '曾在该企业任职' })).status).toBe(303);
    expect((await listConflicts(database.db)).filter((conflict) => conflict.creditCode === enterprise)).toEqual([{ badge: 'SP-2', creditCode: enterprise, reason: '曾在该企业任职' }]);

    expect((await post('staff', '/console/plan/conflicts/remove', { badge: 'SP-2', creditCode: enterprise })).status).toBe(303);
    expect(await newestActivity()).toEqual({ action: 'conflict_removed', subject: 'SP-2', details: { creditCode: enterprise } });
    expect((await listConflicts(database.db)).filter((conflict) => conflict.creditCode === enterprise)).toEqual([]);
    const log = await supertest(app).get('/console/activity').set('Authorization', bearer.admin).set('Accept', 'text/html');
    for (const words of ['登记回避关系', '删除回避关系', `统一社会信用代码：${enterprise}`]) expect(log.text).toContain(words);
    const again = await post('staff', '/console/plan/conflicts/remove?lang=en', { badge: 'SP-2', creditCode: enterprise });
    expect(again.status).toBe(404);
    expect(again.text).toContain(`there is no conflict between badge SP-2 and ${enterprise}`);
  });

  it('accepts and refuses exactly what the plan file does', async () => {
    const fromFile = await loadPlanFile(database, { conflicts: [{ badge: 'NOPE-1', creditCode: enterprise, reason: '亲属' }] });
    expect(fromFile.ok ? [] : fromFile.error.map((issue) => issue.path)).toEqual(['conflicts[0].badge']);
    const fromForm = await post('staff', '/console/plan/conflicts?lang=en', { badge: 'NOPE-1', creditCode: enterprise, reason: '亲属' });
    expect(fromForm.text).toMatch(/id="conflict-badge-error">no inspector with badge NOPE-1/);
  });

  it('lets only staff and admins change the directory, and checks the CSRF token of a signed-in session', async () => {
    expect((await post('auditor', '/console/plan/inspectors', inspector)).status).toBe(403);
    expect((await post('auditor', '/console/plan/conflicts/remove', { badge: 'SP-1', creditCode: enterprise })).status).toBe(403);
    expect((await post('admin', '/console/plan/inspectors', inspector)).status).toBe(303);
    const anonymous = await supertest(app).post('/console/plan/inspectors/active').type('form').send({ badge: 'TS-9001', active: 'false' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);

    const staff = await signIn(app, database, 'staff');
    const withoutToken = await staff.agent.post('/console/plan/inspectors/active').type('form').send({ badge: 'TS-9001', active: 'false' });
    expect(withoutToken.status).toBe(403);
    expect((await findInspector(database.db, 'TS-9001'))?.active).toBe(true);
    const withToken = await staff.agent.post('/console/plan/inspectors/active').type('form').send({ badge: 'TS-9001', active: 'false', _csrf: staff.csrfToken });
    expect(withToken.status).toBe(303);
    expect((await findInspector(database.db, 'TS-9001'))?.active).toBe(false);
    expect(await newestActivity()).toMatchObject({ action: 'inspector_deactivated', subject: 'TS-9001' });
  });

  it('never shows an inspector\'s name on the public plan pages', async () => {
    expect((await post('staff', '/console/plan/inspectors', inspector)).status).toBe(303);
    for (const path of ['/plan', `/plan/${YEAR}`]) {
      const page = await supertest(app).get(path).set('Accept', 'text/html');
      expect(page.text).not.toContain('周检查');
    }
  });
});
