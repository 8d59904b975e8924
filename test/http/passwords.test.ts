/**
 * Issue 13: password strength on every path that sets one (setup link, reset link, change of
 * one's own password, setPassword), and what a change ends: the user's other sessions and
 * unused reset links (OWASP ASVS 2.1.7, 3.3.3).
 */
import { eq } from 'drizzle-orm';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSetupLink, findSetupLink, setPassword } from '../../src/application/accounts.ts';
import { activityLog } from '../../src/persistence/schema/index.ts';
import { testDatabaseKind } from '../support/database.ts';
import { csrfTokenOfPage, signIn, TEST_PASSWORD } from '../support/session.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

const NEW_PASSWORD = 'inspections start at dawn by the river';

describe(`password strength and password changes on ${testDatabaseKind}`, () => {
  let context: TestApp;
  beforeEach(async () => {
    context = await createTestApp();
  });
  afterEach(async () => {
    await context.database.close();
  });

  async function resetLink(userId: number): Promise<string> {
    const link = await createSetupLink(context.database.db, { purpose: 'reset_password', userId });
    if (!link.ok) throw new Error(link.error.code);
    return link.value.token;
  }

  it('a setup link refuses a common password and one containing the username, with the advice in Chinese, and stays usable', async () => {
    const link = await createSetupLink(context.database.db, { purpose: 'create_user', role: 'staff', username: 'li.wei' });
    if (!link.ok) throw new Error(link.error.code);
    const post = (password: string) => supertest(context.app).post(`/setup/${link.value.token}`).set('Accept', 'text/html').type('form').send({ password, passwordAgain: password });

    const common = await post('password123456');
    const withName = await post('Li.Wei inspects food safely');
    const good = await post(NEW_PASSWORD);

    expect(common.status).toBe(400);
    expect(common.text).toContain('密码太容易被猜到');
    expect(common.text).toContain('这与常用密码相似。');
    expect(withName.status).toBe(400);
    expect(withName.text).toContain('密码不能包含用户名。');
    expect(good.status).toBe(303);
  });

  it('changing one\'s own password (page linked from the account menu) keeps this session, ends the others and the unused reset links', async () => {
    const staff = await signIn(context.app, context.database, 'staff');
    const elsewhere = supertest.agent(context.app);
    expect((await elsewhere.post('/login').type('form').send({ username: staff.username, password: TEST_PASSWORD })).status).toBe(303);
    const unusedLink = await resetLink(staff.userId);

    const menu = await staff.agent.get('/console').set('Accept', 'text/html');
    const form = await staff.agent.get('/account/password').set('Accept', 'text/html');
    const changed = await staff.agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfTokenOfPage(form.text), currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD });

    expect(menu.text).toContain('<a href="/account/password">修改密码</a>');
    expect(form.text).toContain('name="currentPassword"');
    expect(changed.status).toBe(303);
    expect((await staff.agent.get('/api/tasks')).status).toBe(200);
    expect((await elsewhere.get('/api/tasks')).status).toBe(401);
    expect(await findSetupLink(context.database.db, unusedLink)).toBeUndefined();
    expect((await supertest(context.app).post('/login').type('form').send({ username: staff.username, password: NEW_PASSWORD })).status).toBe(303);
    const logged = await context.database.db.select().from(activityLog).where(eq(activityLog.action, 'password_changed'));
    expect(logged).toEqual([expect.objectContaining({ actorLabel: staff.username })]);
  });

  it('the page refuses a wrong current password, two different new ones and a weak new one, changing nothing', async () => {
    const staff = await signIn(context.app, context.database, 'staff');
    const post = (fields: Record<string, string>) => staff.agent.post('/account/password').set('Accept', 'text/html').type('form').send({ _csrf: staff.csrfToken, ...fields });

    const wrong = await post({ currentPassword: 'not my password at all', newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD });
    const differ = await post({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, newPasswordAgain: `${NEW_PASSWORD}!` });
    const weak = await post({ currentPassword: TEST_PASSWORD, newPassword: 'qwertyuiop123', newPasswordAgain: 'qwertyuiop123' });

    expect([wrong.status, differ.status, weak.status]).toEqual([400, 400, 400]);
    expect(wrong.text).toContain('当前密码不正确。');
    expect(differ.text).toContain('两次输入的新密码不一致。');
    expect(weak.text).toContain('密码太容易被猜到');
    expect((await supertest(context.app).post('/login').type('form').send({ username: staff.username, password: TEST_PASSWORD })).status).toBe(303);
  });

  it('POST /api/account/password changes a session user\'s password (204); a wrong current one is 400 current_password_wrong; tokens 403, the public 401', async () => {
    const auditor = await signIn(context.app, context.database, 'auditor');
    const change = (body: object) => auditor.agent.post('/api/account/password').set('X-CSRF-Token', auditor.csrfToken).send(body);

    const wrong = await change({ currentPassword: 'not my password at all', newPassword: NEW_PASSWORD });
    const weak = await change({ currentPassword: TEST_PASSWORD, newPassword: 'password123456' });
    const done = await change({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    const token = await supertest(context.app).post('/api/account/password').set('Authorization', context.bearer.admin).send({ currentPassword: 'x', newPassword: NEW_PASSWORD });
    const anonymous = await supertest(context.app).post('/api/account/password').send({ currentPassword: 'x', newPassword: NEW_PASSWORD });

    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword', code: 'current_password_wrong' })]);
    expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'newPassword', code: 'password_too_weak' })]);
    expect(done.status).toBe(204);
    expect(token.status).toBe(403);
    expect(anonymous.status).toBe(401);
    expect((await supertest(context.app).post('/login').type('form').send({ username: auditor.username, password: NEW_PASSWORD })).status).toBe(303);
  });

  it('a password set through a reset link ends the user\'s other unused reset links', async () => {
    const staff = await signIn(context.app, context.database, 'staff');
    const first = await resetLink(staff.userId);
    const second = await resetLink(staff.userId);

    const used = await supertest(context.app).post(`/setup/${first}`).type('form').send({ password: NEW_PASSWORD, passwordAgain: NEW_PASSWORD });

    expect(used.status).toBe(303);
    expect(await findSetupLink(context.database.db, second)).toBeUndefined();
    expect((await supertest(context.app).get(`/setup/${second}`).set('Accept', 'text/html')).status).toBe(404);
  });

  it('setPassword refuses a weak password and, for a strong one, ends every session and unused reset link of the user', async () => {
    const staff = await signIn(context.app, context.database, 'staff');
    const link = await resetLink(staff.userId);

    const weak = await setPassword(context.database.db, staff.userId, 'iloveyou12345');
    const strong = await setPassword(context.database.db, staff.userId, NEW_PASSWORD);

    expect(weak).toMatchObject({ ok: false, error: { code: 'password_too_weak' } });
    expect(strong.ok).toBe(true);
    expect((await staff.agent.get('/api/tasks')).status).toBe(401);
    expect(await findSetupLink(context.database.db, link)).toBeUndefined();
  });
});
