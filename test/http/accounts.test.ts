import { eq, sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeSetup, createSetupLink, disableUser } from '../../src/application/accounts.ts';
import { activityLog, sessions, setupLinks, users } from '../../src/persistence/schema/index.ts';
import { testDatabaseKind } from '../support/database.ts';
import { csrfTokenOfPage, signIn, TEST_PASSWORD, TEST_PASSWORD_PARAMETERS } from '../support/session.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

const item = { code: 'T1', name: '测试事项', legalBasis: '测试依据', department: '信用科', category: 'registration' };

function cookieOf(response: supertest.Response): string {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const session = cookies.find((cookie) => cookie.startsWith('suiji_session='));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return session;
}

/** A user with TEST_PASSWORD, hashed at the tests' cheap cost unless `cost: 'production'`. */
async function makeUser(context: TestApp, role: 'staff' | 'admin' | 'auditor', username: string, cost: 'test' | 'production' = 'test'): Promise<number> {
  const link = await createSetupLink(context.database.db, { purpose: 'create_user', role, username });
  if (!link.ok) throw new Error(link.error.code);
  const parameters = cost === 'test' ? TEST_PASSWORD_PARAMETERS : undefined;
  const created = await completeSetup(context.database.db, link.value.token, { password: TEST_PASSWORD }, parameters);
  if (!created.ok) throw new Error(created.error.code);
  return created.value.user.id;
}

async function activity(context: TestApp) {
  return context.database.db.select().from(activityLog).orderBy(activityLog.id);
}

describe(`accounts and sessions on ${testDatabaseKind}`, () => {
  let context: TestApp;
  beforeEach(async () => {
    context = await createTestApp();
  });
  afterEach(async () => {
    await context.database.close();
  });

  describe('passwords and login', () => {
    it('stores only a salted scrypt hash of the password, with its parameters', async () => {
      await makeUser(context, 'staff', 'li.wei', 'production');
      await makeUser(context, 'staff', 'wang.fang', 'production');

      const rows = await context.database.db.select().from(users);

      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(JSON.stringify(row)).not.toContain(TEST_PASSWORD);
        expect(row.passwordParameters).toEqual({ algorithm: 'scrypt', n: 32768, r: 8, p: 1, keyLength: 32 });
        expect(Buffer.from(row.passwordHash, 'base64')).toHaveLength(32);
      }
      // Same password, different salts: different hashes.
      expect(rows[0]!.passwordSalt).not.toBe(rows[1]!.passwordSalt);
      expect(rows[0]!.passwordHash).not.toBe(rows[1]!.passwordHash);
    });

    it('signs in with the right password: a 303 to the console and an HttpOnly SameSite=Lax cookie for the whole site', async () => {
      await makeUser(context, 'staff', 'li.wei');

      const response = await supertest(context.app).post('/login').type('form').send({ username: 'Li.Wei', password: TEST_PASSWORD });

      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/console');
      const cookie = cookieOf(response);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/);
      // Signed by cookie-parser: s:<secret>.<signature>
      expect(decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!)).toMatch(/^s:[A-Za-z0-9_-]{43}\.[A-Za-z0-9+/]+$/);
      const [stored] = await context.database.db.select().from(sessions);
      expect(cookie).not.toContain(stored!.secretHash);
    });

    it('marks the cookie Secure when the request came over https', async () => {
      await makeUser(context, 'staff', 'li.wei');
      context.app.set('trust proxy', 'loopback');

      const response = await supertest(context.app)
        .post('/login')
        .set('X-Forwarded-Proto', 'https')
        .type('form')
        .send({ username: 'li.wei', password: TEST_PASSWORD });

      expect(response.status).toBe(303);
      expect(cookieOf(response)).toMatch(/; Secure/);
    });

    it('rejects a wrong password and an unknown user alike, with 401 and the form again', async () => {
      await makeUser(context, 'staff', 'li.wei');

      const wrong = await supertest(context.app).post('/login').set('Accept', 'text/html').type('form').send({ username: 'li.wei', password: 'not the password at all' });
      const unknown = await supertest(context.app).post('/login').set('Accept', 'text/html').type('form').send({ username: 'nobody', password: TEST_PASSWORD });

      for (const response of [wrong, unknown]) {
        expect(response.status).toBe(401);
        expect(response.headers['set-cookie'] ?? []).toEqual([]);
        expect(response.text).toContain('role="alert"');
        expect(response.text).toContain('<form method="post" action="/login"');
      }
      const failures = (await activity(context)).filter((entry) => entry.action === 'login_failed');
      expect(failures.map((entry) => entry.subject)).toEqual(['li.wei', 'nobody']);
      // The username only: never the password tried.
      expect(JSON.stringify(failures)).not.toContain('not the password');
    });

    it('rejects a disabled user, and ends the sessions it had', async () => {
      const staff = await signIn(context.app, context.database, 'staff');
      expect((await staff.agent.get('/api/tasks')).status).toBe(200);

      await disableUser(context.database.db, staff.userId);

      expect((await staff.agent.get('/api/tasks')).status).toBe(401);
      const again = await supertest(context.app).post('/login').type('form').send({ username: staff.username, password: TEST_PASSWORD });
      expect(again.status).toBe(401);
    });

    it('follows ?next= only to a path on this site', async () => {
      await makeUser(context, 'staff', 'li.wei');
      const login = (next: string) => supertest(context.app).post('/login').type('form').send({ username: 'li.wei', password: TEST_PASSWORD, next });

      expect((await login('/console/tasks?year=2027')).headers.location).toBe('/console/tasks?year=2027');
      expect((await login('//evil.example/')).headers.location).toBe('/console');
      expect((await login('https://evil.example/')).headers.location).toBe('/console');
      expect((await login('/\\evil.example')).headers.location).toBe('/console');
    });

    it('sends a guarded page to /login with ?next= and back again', async () => {
      const response = await supertest(context.app).get('/console/activity').set('Accept', 'text/html');

      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/login?next=%2Fconsole%2Factivity');
      const form = await supertest(context.app).get(response.headers.location as string);
      expect(form.text).toContain('<input type="hidden" name="next" value="/console/activity">');
    });
  });

  describe('sessions', () => {
    it('gives a session the role, username and CSRF token of its user', async () => {
      const auditor = await signIn(context.app, context.database, 'auditor', { username: 'audit.one' });

      const page = await auditor.agent.get('/console/activity').set('Accept', 'text/html');

      expect(page.status).toBe(200);
      expect(page.text).toContain('audit.one (监督人员)');
      expect(csrfTokenOfPage(page.text)).toBe(auditor.csrfToken);
      expect(page.text).toContain('<form method="post" action="/logout"');
    });

    it('logout revokes the session on the server, not only the cookie', async () => {
      const staff = await signIn(context.app, context.database, 'staff');
      const cookie = (await context.database.db.select().from(sessions))[0]!;

      const logout = await staff.agent.post('/logout').type('form').send({ _csrf: staff.csrfToken });

      expect(logout.status).toBe(303);
      expect(logout.headers.location).toBe('/');
      const [after] = await context.database.db.select().from(sessions).where(eq(sessions.id, cookie.id));
      expect(after!.revokedAt).not.toBeNull();
      expect((await staff.agent.get('/api/tasks')).status).toBe(401);
    });

    it('a replayed cookie of a logged-out session is the public, and is cleared', async () => {
      await makeUser(context, 'staff', 'li.wei');
      const login = await supertest(context.app).post('/login').type('form').send({ username: 'li.wei', password: TEST_PASSWORD });
      const cookie = cookieOf(login).split(';')[0]!;
      const token = csrfTokenOfPage((await supertest(context.app).get('/login').set('Cookie', cookie)).text);
      expect((await supertest(context.app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: token })).status).toBe(303);

      const replay = await supertest(context.app).get('/api/tasks').set('Cookie', cookie);

      expect(replay.status).toBe(401);
      expect(cookieOf(replay)).toMatch(/Expires=Thu, 01 Jan 1970/);
    });

    it('a session idle for more than 12 hours, or past its 7 days, is the public (not an error)', async () => {
      const idle = await signIn(context.app, context.database, 'staff');
      const old = await signIn(context.app, context.database, 'staff');
      await context.database.db.update(sessions).set({ lastSeenAt: sql`now() - interval '13 hours'` }).where(eq(sessions.userId, idle.userId));
      await context.database.db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.userId, old.userId));

      for (const signedIn of [idle, old]) {
        const page = await signedIn.agent.get('/login').set('Accept', 'text/html');
        expect(page.status).toBe(200);
        expect(csrfTokenOfPage(page.text)).toBeUndefined();
        expect((await signedIn.agent.get('/api/tasks')).status).toBe(401);
      }
    });

    it('a tampered or unsigned cookie is the public, and is cleared', async () => {
      const staff = await signIn(context.app, context.database, 'staff');
      const login = await supertest(context.app).post('/login').type('form').send({ username: staff.username, password: TEST_PASSWORD });
      const value = decodeURIComponent(cookieOf(login).split(';')[0]!.split('=')[1]!);
      const secret = value.slice(2, value.lastIndexOf('.'));

      const tampered = await supertest(context.app).get('/api/tasks').set('Cookie', `suiji_session=${encodeURIComponent(`s:${secret}.AAAA`)}`);
      const unsigned = await supertest(context.app).get('/api/tasks').set('Cookie', `suiji_session=${secret}`);
      const genuine = await supertest(context.app).get('/api/tasks').set('Cookie', `suiji_session=${encodeURIComponent(value)}`);

      expect(tampered.status).toBe(401);
      expect(unsigned.status).toBe(401);
      expect(cookieOf(unsigned)).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(genuine.status).toBe(200);
    });

    it('a bearer token wins over a session cookie', async () => {
      const staff = await signIn(context.app, context.database, 'staff');

      const response = await staff.agent.get('/api/activity').set('Authorization', context.bearer.auditor);

      expect(response.status).toBe(200);
    });
  });

  describe('CSRF', () => {
    it('refuses a session POST without the token, with a wrong one, and accepts the right one (field or header)', async () => {
      const staff = await signIn(context.app, context.database, 'staff');

      const missing = await staff.agent.post('/api/inspection-items').send(item);
      const wrong = await staff.agent.post('/api/inspection-items').set('X-CSRF-Token', `${staff.csrfToken.slice(0, -2)}AA`).send(item);
      const wrongField = await staff.agent.post('/logout').type('form').send({ _csrf: 'x' });
      const byHeader = await staff.agent.post('/api/inspection-items').set('X-CSRF-Token', staff.csrfToken).send(item);

      expect(missing.status).toBe(403);
      expect(missing.body.detail).toMatch(/CSRF token/);
      expect(wrong.status).toBe(403);
      expect(wrong.body.detail).toMatch(/does not match/);
      expect(wrongField.status).toBe(403);
      expect(byHeader.status).toBe(201);
      const logout = await staff.agent.post('/logout').type('form').send({ _csrf: staff.csrfToken });
      expect(logout.status).toBe(303);
    });

    it("refuses another session's token", async () => {
      const one = await signIn(context.app, context.database, 'staff');
      const two = await signIn(context.app, context.database, 'staff');

      const response = await one.agent.post('/api/inspection-items').set('X-CSRF-Token', two.csrfToken).send(item);

      expect(response.status).toBe(403);
    });

    it('accepts ?_csrf= only for multipart bodies', async () => {
      const staff = await signIn(context.app, context.database, 'staff');

      const json = await staff.agent.post(`/api/inspection-items?_csrf=${staff.csrfToken}`).send(item);
      const multipart = await staff.agent.post(`/logout?_csrf=${staff.csrfToken}`).field('note', 'x');

      expect(json.status).toBe(403);
      expect(multipart.status).toBe(303);
    });

    it('does not ask bearer-token requests for a CSRF token', async () => {
      const response = await supertest(context.app).post('/api/inspection-items').set('Authorization', context.bearer.staff).send(item);

      expect(response.status).toBe(201);
    });

    it('refuses cross-origin posts, even with the right token, and cross-site login forms', async () => {
      const staff = await signIn(context.app, context.database, 'staff');
      await makeUser(context, 'staff', 'li.wei');

      const crossOrigin = await staff.agent.post('/api/inspection-items').set('Origin', 'https://evil.example').set('X-CSRF-Token', staff.csrfToken).send(item);
      const nullOrigin = await staff.agent.post('/api/inspection-items').set('Origin', 'null').set('X-CSRF-Token', staff.csrfToken).send(item);
      const crossSite = await supertest(context.app).post('/login').set('Sec-Fetch-Site', 'cross-site').type('form').send({ username: 'li.wei', password: TEST_PASSWORD });
      const crossLogin = await supertest(context.app).post('/login').set('Origin', 'https://evil.example').type('form').send({ username: 'li.wei', password: TEST_PASSWORD });
      const sameOrigin = await supertest(context.app).post('/login').set('Host', 'suiji.test').set('Origin', 'http://suiji.test').type('form').send({ username: 'li.wei', password: TEST_PASSWORD });

      expect(crossOrigin.status).toBe(403);
      expect(nullOrigin.status).toBe(403);
      expect(crossSite.status).toBe(403);
      expect(crossLogin.status).toBe(403);
      expect(sameOrigin.status).toBe(303);
    });
  });

  describe('login rate limiting', () => {
    it('answers 429 with Retry-After after 10 failures for a username, even to the right password, and as a page for browsers', async () => {
      await makeUser(context, 'staff', 'li.wei');
      await makeUser(context, 'staff', 'wang.fang');
      const attempt = (username: string, password: string) =>
        supertest(context.app).post('/login').set('Accept', 'text/html').type('form').send({ username, password });

      for (let failure = 0; failure < 10; failure++) expect((await attempt('li.wei', `wrong password ${failure}`)).status).toBe(401);
      const limited = await attempt('li.wei', TEST_PASSWORD);
      const otherUser = await attempt('wang.fang', TEST_PASSWORD);

      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(900);
      expect(limited.type).toBe('text/html');
      expect(limited.text).toContain('请求过于频繁');
      expect(limited.headers['set-cookie'] ?? []).toEqual([]);
      // Per username; the address has room left (30).
      expect(otherUser.status).toBe(303);
    });

    it('does not count successful sign-ins', async () => {
      await makeUser(context, 'staff', 'li.wei');

      for (let login = 0; login < 12; login++) {
        const response = await supertest(context.app).post('/login').type('form').send({ username: 'li.wei', password: TEST_PASSWORD });
        expect(response.status).toBe(303);
      }
    });
  });

  describe('setup links', () => {
    it('creates the account once: the second use is refused', async () => {
      const link = await createSetupLink(context.database.db, { purpose: 'create_user', role: 'auditor' });
      if (!link.ok) throw new Error(link.error.code);
      const path = `/setup/${link.value.token}`;

      const form = await supertest(context.app).get(path).set('Accept', 'text/html');
      const agent = supertest.agent(context.app);
      const created = await agent.post(path).type('form').send({ username: 'Notary.Chen', password: 'a long enough passphrase', passwordAgain: 'a long enough passphrase' });
      const again = await supertest(context.app).post(path).set('Accept', 'text/html').type('form').send({ username: 'second', password: 'a long enough passphrase', passwordAgain: 'a long enough passphrase' });

      expect(form.status).toBe(200);
      expect(form.headers['cache-control']).toBe('no-store');
      expect(form.text).toContain('name="username"');
      expect(created.status).toBe(303);
      expect(created.headers.location).toBe('/console/activity');
      expect((await agent.get('/api/activity')).status).toBe(200);
      expect(again.status).toBe(404);
      expect((await supertest(context.app).get(path)).status).toBe(404);
      expect((await context.database.db.select({ username: users.username, role: users.role }).from(users))).toEqual([{ username: 'notary.chen', role: 'auditor' }]);
      const actions = (await activity(context)).map((entry) => [entry.action, entry.actorLabel, entry.subject]);
      expect(actions).toEqual([
        ['setup_link_used', 'notary.chen', 'notary.chen'],
        ['user_created', 'notary.chen', 'notary.chen'],
      ]);
    });

    it('shows the activity log in words, never its codes: actions, roles, detail fields and their values', async () => {
      const link = await createSetupLink(context.database.db, { purpose: 'create_user', role: 'auditor' });
      if (!link.ok) throw new Error(link.error.code);
      const agent = supertest.agent(context.app);
      await agent.post(`/setup/${link.value.token}`).type('form').send({ username: 'notary.wu', password: 'a long enough passphrase', passwordAgain: 'a long enough passphrase' });

      const chinese = (await agent.get('/console/activity').set('Accept', 'text/html')).text;
      const english = (await agent.get('/console/activity?lang=en').set('Accept', 'text/html')).text;

      expect(chinese).toContain('使用设置链接');
      expect(chinese).toContain('用途：创建用户');
      expect(chinese).toContain('角色：监督人员');
      expect(english).toContain('purpose: create a user');
      // Codes may name the filter's <option value="…">, never the text a person reads.
      const visibleText = chinese.replace(/<[^>]*>/g, ' ');
      for (const code of ['setup_link_used', 'user_created', 'purpose=', 'create_user', 'auditor']) expect(visibleText).not.toContain(code);
    });

    it('refuses short or mismatched passwords and keeps the link usable', async () => {
      const link = await createSetupLink(context.database.db, { purpose: 'create_user', role: 'staff', username: 'li.wei' });
      if (!link.ok) throw new Error(link.error.code);
      const path = `/setup/${link.value.token}`;

      const short = await supertest(context.app).post(path).set('Accept', 'text/html').type('form').send({ password: 'short', passwordAgain: 'short' });
      const mismatch = await supertest(context.app).post(path).set('Accept', 'text/html').type('form').send({ password: 'a long enough passphrase', passwordAgain: 'a long enough passphrase!' });
      const good = await supertest(context.app).post(path).type('form').send({ password: 'a long enough passphrase', passwordAgain: 'a long enough passphrase' });

      expect(short.status).toBe(400);
      expect(short.text).toContain('aria-invalid="true"');
      expect(short.text).toContain('至少 12 个字符');
      expect(mismatch.status).toBe(400);
      expect(good.status).toBe(303);
    });

    it('expires after 24 hours', async () => {
      const link = await createSetupLink(context.database.db, { purpose: 'create_user', role: 'staff', username: 'li.wei' }, new Date(Date.now() - 25 * 3600 * 1000));
      if (!link.ok) throw new Error(link.error.code);

      const response = await supertest(context.app).post(`/setup/${link.value.token}`).type('form').send({ password: 'a long enough passphrase', passwordAgain: 'a long enough passphrase' });

      expect(response.status).toBe(404);
      expect(await context.database.db.select().from(users)).toEqual([]);
    });

    it('a reset link sets a new password and ends the old sessions', async () => {
      const staff = await signIn(context.app, context.database, 'staff');
      const link = await createSetupLink(context.database.db, { purpose: 'reset_password', userId: staff.userId });
      if (!link.ok) throw new Error(link.error.code);

      const reset = await supertest(context.app).post(`/setup/${link.value.token}`).type('form').send({ password: 'my brand new passphrase', passwordAgain: 'my brand new passphrase' });

      expect(reset.status).toBe(303);
      expect((await staff.agent.get('/api/tasks')).status).toBe(401);
      expect((await supertest(context.app).post('/login').type('form').send({ username: staff.username, password: TEST_PASSWORD })).status).toBe(401);
      expect((await supertest(context.app).post('/login').type('form').send({ username: staff.username, password: 'my brand new passphrase' })).status).toBe(303);
    });

    it('stores only the hash of the token', async () => {
      const link = await createSetupLink(context.database.db, { purpose: 'create_user', role: 'admin' });
      if (!link.ok) throw new Error(link.error.code);

      const rows = await context.database.db.select().from(setupLinks);

      expect(JSON.stringify(rows)).not.toContain(link.value.token);
    });
  });

  describe('user management (admin)', () => {
    it('an admin makes a setup link for a new user, who then signs in; disabling ends their access', async () => {
      const admin = await signIn(context.app, context.database, 'admin');

      const made = await admin.agent.post('/console/admin/users').set('Accept', 'text/html').type('form').send({ _csrf: admin.csrfToken, username: 'li.wei', role: 'staff' });
      const link = /<code id="setup-link">http:\/\/[^/]+(\/setup\/[A-Za-z0-9_-]{43})<\/code>/.exec(made.text)?.[1];
      const newcomer = supertest.agent(context.app);
      const setup = await newcomer.post(link!).type('form').send({ password: 'li wei chose this one', passwordAgain: 'li wei chose this one' });
      const usersPage = await admin.agent.get('/console/admin/users').set('Accept', 'text/html');
      const liWei = (await context.database.db.select().from(users).where(eq(users.username, 'li.wei')))[0]!;
      const disabled = await admin.agent.post(`/console/admin/users/${liWei.id}/disable`).type('form').send({ _csrf: admin.csrfToken });

      expect(made.status).toBe(201);
      expect(link).toBeDefined();
      expect(setup.status).toBe(303);
      expect(usersPage.text).toContain('li.wei');
      expect(disabled.status).toBe(303);
      expect((await newcomer.get('/api/tasks')).status).toBe(401);
      const log = (await activity(context)).map((entry) => [entry.action, entry.actorLabel, entry.subject]);
      expect(log).toContainEqual(['setup_link_created', admin.username, 'li.wei']);
      expect(log).toContainEqual(['user_created', 'li.wei', 'li.wei']);
      expect(log).toContainEqual(['user_disabled', admin.username, 'li.wei']);
    });

    it('an admin cannot disable their own account', async () => {
      const admin = await signIn(context.app, context.database, 'admin');

      const response = await admin.agent.post(`/console/admin/users/${admin.userId}/disable`).type('form').send({ _csrf: admin.csrfToken });

      expect(response.status).toBe(409);
    });

    it('staff and auditors get 403 on the users page and its actions', async () => {
      for (const role of ['staff', 'auditor'] as const) {
        const signedIn = await signIn(context.app, context.database, role);
        expect((await signedIn.agent.get('/console/admin/users').set('Accept', 'text/html')).status).toBe(403);
        expect((await signedIn.agent.post('/console/admin/users').type('form').send({ _csrf: signedIn.csrfToken, role: 'admin' })).status).toBe(403);
      }
      expect(await context.database.db.select().from(setupLinks).where(eq(setupLinks.role, 'admin'))).toEqual([]);
    });
  });

  describe('activity log', () => {
    it('records who changed what through a session or a token, and the auditor reads it; staff cannot', async () => {
      const staff = await signIn(context.app, context.database, 'staff', { username: 'li.wei' });
      const auditor = await signIn(context.app, context.database, 'auditor');
      await staff.agent.post('/api/inspection-items').set('X-CSRF-Token', staff.csrfToken).send(item);
      await supertest(context.app).post('/api/inspection-items').set('Authorization', context.bearer.staff).send({ ...item, code: 'T2' });
      await staff.agent.post('/api/inspection-items').set('X-CSRF-Token', staff.csrfToken).send({ code: '' });

      const api = await auditor.agent.get('/api/activity').query({ action: 'request' });
      const page = await auditor.agent.get('/console/activity').set('Accept', 'text/html');
      const staffApi = await staff.agent.get('/api/activity');
      const staffPage = await staff.agent.get('/console/activity').set('Accept', 'text/html');

      expect(api.status).toBe(200);
      expect(api.body.items.map((entry: { actorKind: string; actorLabel: string; role: string; method: string; path: string; status: number }) => [entry.actorKind, entry.actorLabel, entry.role, entry.method, entry.path, entry.status])).toEqual([
        ['token', 'test staff', 'staff', 'POST', '/api/inspection-items', 201],
        ['user', 'li.wei', 'staff', 'POST', '/api/inspection-items', 201],
      ]);
      expect(page.status).toBe(200);
      expect(page.text).toContain('li.wei');
      expect(staffApi.status).toBe(403);
      expect(staffPage.status).toBe(403);
    });

    it('pages by cursor and filters by actor', async () => {
      const admin = await signIn(context.app, context.database, 'admin');
      for (let index = 0; index < 5; index++) {
        await admin.agent.post('/api/inspection-items').set('X-CSRF-Token', admin.csrfToken).send({ ...item, code: `P${index}` });
      }

      const first = await admin.agent.get('/api/activity').query({ limit: 3, actor: admin.username });
      const second = await admin.agent.get('/api/activity').query({ limit: 3, actor: admin.username, cursor: first.body.nextCursor });
      const bad = await admin.agent.get('/api/activity').query({ cursor: 'nonsense' });

      expect(first.body.items).toHaveLength(3);
      expect(second.body.items).toHaveLength(3);
      expect(second.body.nextCursor).toBeUndefined();
      const ids = [...first.body.items, ...second.body.items].map((entry: { id: number }) => entry.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(new Set(ids).size).toBe(6);
      expect(bad.status).toBe(400);
    });

    it('is append-only in the database itself', async () => {
      await signIn(context.app, context.database, 'staff');

      const refusal = (attempt: Promise<unknown>) =>
        attempt.then(
          () => 'allowed',
          (error: Error & { cause?: Error }) => `${error.message} ${error.cause?.message ?? ''}`,
        );

      expect(await refusal(context.database.db.update(activityLog).set({ action: 'nothing' }))).toMatch(/append-only/);
      expect(await refusal(context.database.db.delete(activityLog))).toMatch(/append-only/);
    });
  });
});
