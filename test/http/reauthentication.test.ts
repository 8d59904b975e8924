/**
 * Issue 13: re-authentication (OWASP ASVS 3.7.1) before adopting a policy, publishing a list
 * edition, publishing results, managing users and saving a scoring model. A session that
 * proved its password more than the window ago must prove it again; API tokens pass.
 */
import { eq, sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REAUTHENTICATION_ATTEMPTS } from '../../src/http/reauthentication.ts';
import { activityLog, sessions, users } from '../../src/persistence/schema/index.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { testDatabaseKind } from '../support/database.ts';
import { csrfTokenOfPage, signIn, TEST_PASSWORD, type SignedIn } from '../support/session.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

/** As if the sign-in was ten minutes ago (the window is five). */
async function ageReauthentication(database: DatabaseHandle, userId: number): Promise<void> {
  await database.db.update(sessions).set({ reauthenticatedAt: sql`now() - interval '10 minutes'` }).where(eq(sessions.userId, userId));
}

/** The four API operations under the guard, with the role they need. */
const GUARDED_API = [
  { name: 'adopting a policy', path: '/api/inspection-items/G1/policies/adopt', role: 'admin' },
  { name: 'publishing a list edition', path: '/api/lists/editions/black-2026-10-31/publish', role: 'admin' },
  { name: 'publishing results', path: '/api/tasks/2027-ZH-01/results/publish', role: 'staff' },
  { name: 'saving a scoring model', path: '/api/models', role: 'admin' },
] as const;

/** The console forms under the guard. */
const GUARDED_PAGES = [
  { name: 'adopting a policy', path: '/console/plan/adopt', role: 'admin', form: { itemCode: 'G1', year: '2027' } },
  { name: 'publishing a list edition', path: '/console/lists/black-2026-10-31/publish', role: 'admin', form: {} },
  { name: 'publishing results', path: '/console/results/2027-ZH-01/publish', role: 'staff', form: {} },
  { name: 'saving a scoring model', path: '/console/models', role: 'admin', form: { definition: '{"id":"m"}' } },
  { name: 'making a setup link for a new user', path: '/console/admin/users', role: 'admin', form: { username: 'li.wei', role: 'staff' } },
  { name: 'making a password reset link', path: '/console/admin/users/1/setup-link', role: 'admin', form: {} },
  { name: 'disabling a user', path: '/console/admin/users/999/disable', role: 'admin', form: {} },
] as const;

describe(`re-authentication before sensitive acts on ${testDatabaseKind}`, () => {
  let context: TestApp;
  beforeEach(async () => {
    context = await createTestApp();
  });
  afterEach(async () => {
    await context.database.close();
  });

  async function staleSession(role: 'staff' | 'admin'): Promise<SignedIn> {
    const signedIn = await signIn(context.app, context.database, role);
    await ageReauthentication(context.database, signedIn.userId);
    return signedIn;
  }

  for (const operation of GUARDED_API) {
    it(`API ${operation.name}: a session signed in over five minutes ago gets 403 reauthentication_required, and passes with the password in X-Current-Password`, async () => {
      const session = await staleSession(operation.role);
      const post = () => session.agent.post(operation.path).set('X-CSRF-Token', session.csrfToken).send({});

      const refused = await post();
      const wrong = await post().set('X-Current-Password', 'not my password at all');
      const confirmed = await post().set('X-Current-Password', TEST_PASSWORD);
      // Proved once, the session needs no password for the next few minutes.
      const afterwards = await post();

      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 403, code: 'reauthentication_required' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('reauthentication_failed');
      expect(confirmed.body.code).toBeUndefined();
      expect(confirmed.status).not.toBe(403);
      expect(afterwards.body.code).toBeUndefined();
      expect(afterwards.status).not.toBe(403);
    });
  }

  it('lets a session act without the password within five minutes of signing in', async () => {
    const admin = await signIn(context.app, context.database, 'admin');

    const response = await admin.agent.post('/api/models').set('X-CSRF-Token', admin.csrfToken).send({});

    expect(response.status).toBe(422);
  });

  it('lets bearer API tokens through without a password (they are role-scoped and made on the server)', async () => {
    for (const operation of GUARDED_API) {
      const response = await supertest(context.app).post(operation.path).set('Authorization', context.bearer[operation.role]).send({});
      expect(response.body.code).toBeUndefined();
      expect(response.status).not.toBe(403);
    }
  });

  it('records a wrong re-authentication password in the activity log', async () => {
    const admin = await staleSession('admin');

    await admin.agent.post('/api/models').set('X-CSRF-Token', admin.csrfToken).set('X-Current-Password', 'not my password at all').send({});

    const failures = await context.database.db.select().from(activityLog).where(eq(activityLog.action, 'reauthentication_failed'));
    expect(failures).toEqual([expect.objectContaining({ actorLabel: admin.username, path: '/api/models', status: 403 })]);
  });

  it(`ends the session after ${REAUTHENTICATION_ATTEMPTS} wrong passwords, counted across the guarded acts`, async () => {
    const admin = await staleSession('admin');
    const guess = (path: string) => admin.agent.post(path).set('X-CSRF-Token', admin.csrfToken).set('X-Current-Password', 'a guess by a cookie thief').send({});

    for (let attempt = 1; attempt < REAUTHENTICATION_ATTEMPTS; attempt++) {
      expect((await guess(attempt % 2 === 0 ? '/api/models' : '/api/lists/editions/black-2026-10-31/publish')).status).toBe(403);
    }
    expect((await admin.agent.get('/api/activity')).status).toBe(200);
    expect((await guess('/api/models')).status).toBe(403);

    expect((await admin.agent.get('/api/activity')).status).toBe(401);
  });

  for (const page of GUARDED_PAGES) {
    it(`console ${page.name}: a stale session gets a password form that posts the same fields back, and goes through with the password`, async () => {
      const session = await staleSession(page.role);

      const asked = await session.agent.post(page.path).set('Accept', 'text/html').type('form').send({ _csrf: session.csrfToken, ...page.form });
      const confirmed = await session.agent
        .post(page.path)
        .set('Accept', 'text/html')
        .type('form')
        .send({ _csrf: csrfTokenOfPage(asked.text), ...page.form, currentPassword: TEST_PASSWORD });

      expect(asked.status).toBe(403);
      expect(asked.text).toContain(`<form method="post" action="${page.path}"`);
      expect(asked.text).toContain('name="currentPassword"');
      for (const [name, value] of Object.entries(page.form)) {
        expect(asked.text).toContain(`<input type="hidden" name="${name}" value="${value.replace(/"/g, '&quot;')}">`);
      }
      expect(confirmed.text).not.toContain('name="currentPassword"');
      expect(confirmed.status).not.toBe(403);
    });
  }

  it('console: the user management page does the act once the admin confirms the password', async () => {
    const admin = await staleSession('admin');

    const made = await admin.agent.post('/console/admin/users').set('Accept', 'text/html').type('form').send({ _csrf: admin.csrfToken, username: 'li.wei', role: 'staff', currentPassword: TEST_PASSWORD });

    expect(made.status).toBe(201);
    expect(made.text).toContain('id="setup-link"');
  });

  it('console: a wrong password does nothing and says so', async () => {
    const admin = await staleSession('admin');

    const refused = await admin.agent.post('/console/admin/users').set('Accept', 'text/html').type('form').send({ _csrf: admin.csrfToken, username: 'li.wei', role: 'staff', currentPassword: 'not my password at all' });

    expect(refused.status).toBe(403);
    expect(refused.text).toContain('密码不正确，操作未执行。');
    expect(await context.database.db.select().from(users).where(eq(users.username, 'li.wei'))).toEqual([]);
  });

  it('documents the X-Current-Password header and the 403 code on each guarded API operation', async () => {
    const document = (await supertest(context.app).get('/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, { description: string }> }>> };
    const documented = {
      '/api/inspection-items/{code}/policies/adopt': document.paths['/api/inspection-items/{code}/policies/adopt']?.post,
      '/api/lists/editions/{edition}/publish': document.paths['/api/lists/editions/{edition}/publish']?.post,
      '/api/tasks/{code}/results/publish': document.paths['/api/tasks/{code}/results/publish']?.post,
      '/api/models': document.paths['/api/models']?.post,
    };

    for (const operation of Object.values(documented)) {
      expect(operation?.parameters).toContainEqual(expect.objectContaining({ name: 'x-current-password', in: 'header' }));
      expect(operation?.responses['403']?.description).toContain('reauthentication_required');
    }
  });
});
