import supertest from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../support/database.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

describe(`GET /healthz on ${testDatabaseKind}`, () => {
  let context: TestApp | undefined;
  afterEach(async () => {
    await context?.database.close();
    context = undefined;
  });

  it('answers 200 without a token and reports which database answered', async () => {
    context = await createTestApp();

    const response = await supertest(context.app).get('/healthz');

    expect(response.status).toBe(200);
    expect(response.type).toBe('application/json');
    expect(response.body).toEqual({ status: 'ok', database: { kind: testDatabaseKind, reachable: true } });
  });

  it('answers 503 when the database does not answer', async () => {
    const closed = await createTestApp();
    await closed.database.close();

    const response = await supertest(closed.app).get('/healthz');

    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: 'unavailable', database: { kind: testDatabaseKind, reachable: false } });
  });
});
