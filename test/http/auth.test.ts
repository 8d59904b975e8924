import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, revokeApiToken } from '../../src/application/api-tokens.ts';
import { testDatabaseKind } from '../support/database.ts';
import { createTestApp, creditCodeFor, type TestApp } from './fixtures.ts';

type Send = (context: TestApp, authorization?: string) => supertest.Test;

function withAuthorization(test: supertest.Test, authorization: string | undefined): supertest.Test {
  return authorization === undefined ? test : test.set('Authorization', authorization);
}

/** The staff-only routes, each called the way a client would. */
const staffRoutes: Record<string, Send> = {
  'GET /api/enterprises': (context, authorization) =>
    withAuthorization(supertest(context.app).get('/api/enterprises'), authorization),
  'GET /api/enterprises/{code}': (context, authorization) =>
    withAuthorization(supertest(context.app).get(`/api/enterprises/${creditCodeFor('350102', 1)}`), authorization),
  'POST /api/enterprises/import': (context, authorization) =>
    withAuthorization(supertest(context.app).post('/api/enterprises/import'), authorization)
      .set('Content-Type', 'application/json')
      .send('[]'),
};

describe(`bearer tokens and roles on ${testDatabaseKind}`, () => {
  // One database for the file: these requests only read, and the revocation test makes its
  // own token.
  let context: TestApp;
  beforeAll(async () => {
    context = await createTestApp();
  });
  afterAll(async () => {
    await context.database.close();
  });

  for (const [route, send] of Object.entries(staffRoutes)) {
    describe(route, () => {
      it('answers 401 problem+json with a Bearer challenge when no token is sent', async () => {
        const response = await send(context);

        expect(response.status).toBe(401);
        expect(response.type).toBe('application/problem+json');
        expect(response.headers['www-authenticate']).toBe('Bearer realm="suiji"');
        expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      });

      for (const role of ['enterprise', 'auditor'] as const) {
        it(`answers 403 problem+json to a valid token of the ${role} role`, async () => {
          const response = await send(context, context.bearer[role]);

          expect(response.status).toBe(403);
          expect(response.type).toBe('application/problem+json');
          expect(response.body.detail).toContain(role);
        });
      }

      for (const role of ['staff', 'admin'] as const) {
        it(`lets a token of the ${role} role through`, async () => {
          const response = await send(context, context.bearer[role]);

          expect([401, 403]).not.toContain(response.status);
        });
      }
    });
  }

  it('answers 401 invalid_token to a token that was never issued', async () => {
    const forged = `suiji_${'A'.repeat(43)}`;

    const response = await supertest(context.app).get('/api/enterprises').set('Authorization', `Bearer ${forged}`);

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="suiji", error="invalid_token"');
  });

  it('answers 401 to an Authorization header that is not a bearer token', async () => {
    const response = await supertest(context.app).get('/api/enterprises').set('Authorization', 'Basic dXNlcjpwYXNz');

    expect(response.status).toBe(401);
    expect(response.type).toBe('application/problem+json');
  });

  it('rejects a token from the moment it is revoked', async () => {
    const { id, token } = await createApiToken(context.database.db, { label: 'soon revoked', role: 'staff' });
    const before = await supertest(context.app).get('/api/enterprises').set('Authorization', `Bearer ${token}`);

    await revokeApiToken(context.database.db, id);
    const after = await supertest(context.app).get('/api/enterprises').set('Authorization', `Bearer ${token}`);

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('accepts the bearer scheme name in any case (RFC 7235 section 2.1)', async () => {
    const token = context.bearer.staff.slice('Bearer '.length);

    const response = await supertest(context.app).get('/api/enterprises').set('Authorization', `bearer ${token}`);

    expect(response.status).toBe(200);
  });

  it('leaves public routes open to callers without a token', async () => {
    const response = await supertest(context.app).get('/openapi.json');

    expect(response.status).toBe(200);
  });
});
