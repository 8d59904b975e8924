/**
 * Issue 13 (OWASP ASVS level 2) behind a bureau's reverse proxy: TRUST_PROXY and
 * PUBLIC_ORIGIN, session limits (ASVS 3.3.2: 30 minutes idle, 12 hours in all) in a
 * browser-session cookie, login limits per account and address, receipt look-up limits,
 * and first-admin setup links that never reach the JSON log.
 */
import { sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeSetup, createSetupLink, DEFAULT_SESSION_LIMITS, ensureFirstAdminSetupLink, findSetupLink } from '../../src/application/accounts.ts';
import { createEphemeralBureauKeys } from '../../src/application/bureau-keys.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp, type AppDependencies } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { sessions } from '../../src/persistence/schema/index.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { TEST_PASSWORD } from '../support/session.ts';

let database: DatabaseHandle;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.close();
});

function appWith(options: Partial<Pick<AppDependencies, 'trustProxy' | 'site'>> = {}) {
  return createApp({ database, logger: createLogger('silent'), ...options });
}

async function makeStaff(username: string): Promise<void> {
  const link = await createSetupLink(database.db, { purpose: 'create_user', role: 'staff', username });
  if (!link.ok) throw new Error(link.error.code);
  const created = await completeSetup(database.db, link.value.token, { password: TEST_PASSWORD });
  if (!created.ok) throw new Error(created.error.code);
}

function sessionCookie(response: supertest.Response): string {
  const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((entry) => entry.startsWith('suiji_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

describe(`configuration of a deployment behind a proxy (${testDatabaseKind})`, () => {
  it('reads TRUST_PROXY, PUBLIC_ORIGIN, SESSION_IDLE and SESSION_ABSOLUTE, with private defaults', () => {
    const defaults = parseConfig({});
    expect(defaults.trustProxy).toBe(false);
    expect(defaults.publicOrigin).toBeUndefined();
    expect(defaults.sessionLimits).toEqual({ idleMs: 30 * 60 * 1000, absoluteMs: 12 * 3600 * 1000 });

    const configured = parseConfig({ TRUST_PROXY: 'loopback', PUBLIC_ORIGIN: 'https://suiji.example.gov.cn', SESSION_IDLE: '15m', SESSION_ABSOLUTE: '8h' });
    expect(configured.trustProxy).toBe('loopback');
    expect(configured.publicOrigin?.origin).toBe('https://suiji.example.gov.cn');
    expect(configured.sessionLimits).toEqual({ idleMs: 15 * 60 * 1000, absoluteMs: 8 * 3600 * 1000 });
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('refuses a PUBLIC_ORIGIN with a path and a session limit that is not a duration', () => {
    expect(() => parseConfig({ PUBLIC_ORIGIN: 'https://suiji.example.gov.cn/console' })).toThrow(/PUBLIC_ORIGIN: must be an origin/);
    expect(() => parseConfig({ SESSION_IDLE: 'soon' })).toThrow(/SESSION_IDLE: must be a positive duration/);
  });
});

describe(`sessions (${testDatabaseKind})`, () => {
  it('sets a browser-session cookie (no Max-Age, no Expires), Secure behind an https PUBLIC_ORIGIN', async () => {
    await makeStaff('li.wei');
    const plain = await supertest(appWith()).post('/login').type('form').send({ username: 'li.wei', password: TEST_PASSWORD });
    expect(plain.status).toBe(303);
    expect(sessionCookie(plain)).not.toMatch(/Max-Age|Expires/i);
    expect(sessionCookie(plain)).not.toMatch(/;\s*Secure/i);

    const proxied = await supertest(appWith({ site: { publicOrigin: new URL('https://suiji.example.gov.cn') } }))
      .post('/login')
      .set('Origin', 'https://suiji.example.gov.cn')
      .type('form')
      .send({ username: 'li.wei', password: TEST_PASSWORD });
    expect(proxied.status).toBe(303);
    expect(sessionCookie(proxied)).toMatch(/;\s*Secure/i);
  });

  it('ends a session idle for longer than the default 30 minutes, and one past its 12 hours', async () => {
    const app = appWith();
    await makeStaff('li.wei');
    const agent = supertest.agent(app);
    expect((await agent.post('/login').type('form').send({ username: 'li.wei', password: TEST_PASSWORD })).status).toBe(303);
    expect((await agent.get('/console').set('Accept', 'text/html')).status).toBe(200);

    await database.db.update(sessions).set({ lastSeenAt: sql`now() - interval '31 minutes'` });
    expect((await agent.get('/console').set('Accept', 'text/html')).status).not.toBe(200);

    const again = supertest.agent(app);
    expect((await again.post('/login').type('form').send({ username: 'li.wei', password: TEST_PASSWORD })).status).toBe(303);
    const [created] = await database.db.select().from(sessions).orderBy(sql`${sessions.id} desc`).limit(1);
    expect(created!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(DEFAULT_SESSION_LIMITS.absoluteMs);
    expect(created!.expiresAt.getTime() - Date.now()).toBeGreaterThan(DEFAULT_SESSION_LIMITS.absoluteMs - 60_000);
  });

  it('keeps a session alive for the configured idle limit', async () => {
    const app = appWith({ site: { sessionLimits: { idleMs: 2 * 3600 * 1000, absoluteMs: 12 * 3600 * 1000 } } });
    await makeStaff('li.wei');
    const agent = supertest.agent(app);
    expect((await agent.post('/login').type('form').send({ username: 'li.wei', password: TEST_PASSWORD })).status).toBe(303);
    await database.db.update(sessions).set({ lastSeenAt: sql`now() - interval '31 minutes'` });
    expect((await agent.get('/console').set('Accept', 'text/html')).status).toBe(200);
  });
});

describe(`the CSRF Origin check with PUBLIC_ORIGIN (${testDatabaseKind})`, () => {
  const app = () => appWith({ site: { publicOrigin: new URL('https://suiji.example.gov.cn') } });

  it('accepts the public origin and refuses another scheme, host or port', async () => {
    await makeStaff('li.wei');
    const post = (origin: string) => supertest(app()).post('/login').set('Origin', origin).type('form').send({ username: 'li.wei', password: TEST_PASSWORD });
    expect((await post('https://suiji.example.gov.cn')).status).toBe(303);
    for (const origin of ['http://suiji.example.gov.cn', 'https://suiji.example.gov.cn:8443', 'https://evil.example']) {
      expect((await post(origin)).status, origin).toBe(403);
    }
  });
});

describe(`login limits behind a proxy (${testDatabaseKind})`, () => {
  const failFrom = (app: ReturnType<typeof appWith>, address: string, username: string) =>
    supertest(app).post('/login').set('X-Forwarded-For', address).type('form').send({ username, password: 'wrong password here' });

  it('counts failures per account AND address, so failures elsewhere do not lock the account out', async () => {
    const app = appWith({ trustProxy: 'loopback' });
    await makeStaff('li.wei');
    for (let attempt = 0; attempt < 10; attempt++) expect((await failFrom(app, '203.0.113.7', 'li.wei')).status).toBe(401);
    expect((await failFrom(app, '203.0.113.7', 'li.wei')).status).toBe(429);

    const owner = await supertest(app).post('/login').set('X-Forwarded-For', '198.51.100.20').type('form').send({ username: 'li.wei', password: TEST_PASSWORD });
    expect(owner.status).toBe(303);
  });

  it('without TRUST_PROXY, ignores X-Forwarded-For: the proxy is the client', async () => {
    const app = appWith();
    await makeStaff('li.wei');
    for (let attempt = 0; attempt < 10; attempt++) expect((await failFrom(app, `203.0.113.${attempt}`, 'li.wei')).status).toBe(401);
    expect((await failFrom(app, '203.0.113.99', 'li.wei')).status).toBe(429);
  });
});

describe(`receipt look-ups are rate limited per address (${testDatabaseKind})`, () => {
  it('answers 429 with Retry-After after 30 failed look-ups from one address, in Chinese and English', async () => {
    const app = createApp({ database, logger: createLogger('silent'), bureauKeys: createEphemeralBureauKeys() });
    const lookUp = () => supertest(app).get('/api/public/draws/2027-ZH-01/receipts/91350100M000100Y43').set('X-Receipt-Code', 'AAAA-BBBB-CCCC-DDDD');
    for (let attempt = 0; attempt < 30; attempt++) expect((await lookUp()).status).toBe(404);
    const refused = await lookUp();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.detail).toMatch(/回执查询次数过多/);
    expect(refused.body.detail).toMatch(/Too many receipt checks/);
  });
});

describe(`first-admin setup links (${testDatabaseKind})`, () => {
  it('a new link ends the earlier unused ones', async () => {
    const first = await ensureFirstAdminSetupLink(database.db);
    const second = await ensureFirstAdminSetupLink(database.db);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(await findSetupLink(database.db, first as string)).toBeUndefined();
    expect(await findSetupLink(database.db, second as string)).toBeDefined();
  });

  it('does not end links that an admin made for someone else', async () => {
    const made = await createSetupLink(database.db, { purpose: 'create_user', role: 'staff', username: 'wang.fang' });
    if (!made.ok) throw new Error(made.error.code);
    await ensureFirstAdminSetupLink(database.db);
    expect(await findSetupLink(database.db, made.value.token)).toBeDefined();
  });
});
