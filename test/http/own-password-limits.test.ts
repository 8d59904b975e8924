/**
 * Issue 13: a wrong current password on a change of one's own password costs a password hash
 * and is a guess at the password behind a (possibly stolen) session, so it is rate limited
 * like a sign-in (OWASP ASVS 2.2.1): per signed-in user from any address and per address,
 * the API and the page counted together, answered 429 (RFC 6585) as problem+json (RFC 9457) with
 * Retry-After (RFC 9110 section 10.2.3). And REAUTHENTICATION_WINDOW (ASVS 3.7.1) in the
 * configuration.
 */
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { testDatabaseKind } from '../support/database.ts';
import { signIn, TEST_PASSWORD, TEST_PASSWORD_PARAMETERS, type SignedIn } from '../support/session.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

const NEW_PASSWORD = 'inspections start at dawn by the river';
const WRONG_PASSWORD = 'not my password at all';

const changeByApi = (user: SignedIn, currentPassword: string, newPassword = NEW_PASSWORD, address?: string) => {
  const request = user.agent.post('/api/account/password').set('X-CSRF-Token', user.csrfToken);
  return (address === undefined ? request : request.set('X-Forwarded-For', address)).send({ currentPassword, newPassword });
};

const changeByPage = (user: SignedIn, currentPassword: string) =>
  user.agent
    .post('/account/password')
    .set('Accept', 'text/html')
    .type('form')
    .send({ _csrf: user.csrfToken, currentPassword, newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD });

describe(`wrong current passwords are rate limited (${testDatabaseKind})`, () => {
  let context: TestApp;
  beforeEach(async () => {
    context = await createTestApp();
  });
  afterEach(async () => {
    await context.database.close();
  });

  it('answers 429 with Retry-After, in Chinese and English, after 10 wrong current passwords on the API and the page together, even to the right one', async () => {
    const staff = await signIn(context.app, context.database, 'staff');
    for (let attempt = 0; attempt < 5; attempt++) expect((await changeByApi(staff, WRONG_PASSWORD)).status).toBe(400);
    for (let attempt = 0; attempt < 5; attempt++) expect((await changeByPage(staff, WRONG_PASSWORD)).status).toBe(400);

    const refused = await changeByApi(staff, WRONG_PASSWORD);
    const refusedRight = await changeByApi(staff, TEST_PASSWORD);
    const refusedPage = await changeByPage(staff, TEST_PASSWORD);

    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.detail).toMatch(/当前密码错误次数过多，请 \d+ 分钟后再试。/);
    expect(refused.body.detail).toMatch(/Too many wrong current passwords\. Try again in \d+ minutes?\./);
    expect(refusedRight.status).toBe(429);
    expect(refusedPage.status).toBe(429);
    expect(refusedPage.text).toContain('请求过于频繁');
    expect((await supertest(context.app).post('/login').type('form').send({ username: staff.username, password: TEST_PASSWORD })).status).toBe(303);

    const colleague = await signIn(context.app, context.database, 'auditor');
    expect((await changeByApi(colleague, TEST_PASSWORD)).status).toBe(204);
  });

  it('does not count refused new passwords: after 10 weak ones the change still goes through', async () => {
    const staff = await signIn(context.app, context.database, 'staff');
    for (let attempt = 0; attempt < 10; attempt++) {
      const weak = await changeByApi(staff, TEST_PASSWORD, 'password123456');
      expect(weak.body.errors).toEqual([expect.objectContaining({ code: 'password_too_weak' })]);
    }
    expect((await changeByApi(staff, TEST_PASSWORD)).status).toBe(204);
  });
});

describe(`wrong current passwords behind a proxy (${testDatabaseKind})`, () => {
  let context: TestApp;
  beforeEach(async () => {
    context = await createTestApp();
  });
  afterEach(async () => {
    await context.database.close();
  });

  const proxiedApp = () =>
    createApp({ database: context.database, logger: createLogger('silent'), trustProxy: 'loopback', site: { passwordParameters: TEST_PASSWORD_PARAMETERS } });

  it('counts per user from any address: the 11th wrong password is refused from a new address', async () => {
    const app = proxiedApp();
    const staff = await signIn(app, context.database, 'staff');
    for (let attempt = 0; attempt < 10; attempt++) expect((await changeByApi(staff, WRONG_PASSWORD, NEW_PASSWORD, `203.0.113.${attempt}`)).status).toBe(400);

    expect((await changeByApi(staff, WRONG_PASSWORD, NEW_PASSWORD, '198.51.100.20')).status).toBe(429);
  });

  it('counts per address whichever users: after 30 from one address the next user there is refused, elsewhere not', async () => {
    const app = proxiedApp();
    for (const username of ['wang.fang', 'zhang.wei', 'liu.yang']) {
      const user = await signIn(app, context.database, 'staff', { username });
      for (let attempt = 0; attempt < 10; attempt++) expect((await changeByApi(user, WRONG_PASSWORD, NEW_PASSWORD, '203.0.113.7')).status).toBe(400);
    }
    const fourth = await signIn(app, context.database, 'staff', { username: 'chen.jing' });

    expect((await changeByApi(fourth, WRONG_PASSWORD, NEW_PASSWORD, '203.0.113.7')).status).toBe(429);
    expect((await changeByApi(fourth, TEST_PASSWORD, NEW_PASSWORD, '198.51.100.20')).status).toBe(204);
  });
});

describe('REAUTHENTICATION_WINDOW', () => {
  it('defaults to 5 minutes and reads a duration like SESSION_IDLE', () => {
    expect(parseConfig({}).reauthenticationWindowMs).toBe(5 * 60 * 1000);
    expect(parseConfig({ REAUTHENTICATION_WINDOW: '2m' }).reauthenticationWindowMs).toBe(2 * 60 * 1000);
    expect(parseConfig({ REAUTHENTICATION_WINDOW: '90s' }).reauthenticationWindowMs).toBe(90 * 1000);
    expect(parseConfig({ REAUTHENTICATION_WINDOW: '600' }).reauthenticationWindowMs).toBe(600 * 1000);
  });

  it('refuses a value that is not a positive duration', () => {
    for (const value of ['soon', '0', '1.5m', '-5m']) {
      expect(() => parseConfig({ REAUTHENTICATION_WINDOW: value })).toThrow(/REAUTHENTICATION_WINDOW: must be a positive duration/);
    }
  });
});
