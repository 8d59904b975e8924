import { Writable } from 'node:stream';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/http/app.ts';
import { ValidationError } from '../../src/http/problem.ts';
import { testDatabaseKind } from '../support/database.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

describe(`problem details (RFC 9457) on ${testDatabaseKind}`, () => {
  let context: TestApp | undefined;
  afterEach(async () => {
    await context?.database.close();
    context = undefined;
  });

  it('answers an unknown path with a 404 problem instead of an HTML page', async () => {
    context = await createTestApp();

    const response = await supertest(context.app).get('/no/such/thing');

    expect(response.status).toBe(404);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No resource at GET /no/such/thing.',
      instance: '/no/such/thing',
    });
  });

  it('answers malformed JSON with a 400 problem', async () => {
    context = await createTestApp();

    const response = await supertest(context.app).post('/healthz').set('Content-Type', 'application/json').send('{"a":');

    expect(response.status).toBe(400);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.detail).toBe('The request body is not valid JSON.');
  });

  it('answers a JSON body over the general 1 MB limit with a 413 problem', async () => {
    context = await createTestApp();

    const response = await supertest(context.app)
      .post('/healthz')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(1_100_000) }));

    expect(response.status).toBe(413);
    expect(response.type).toBe('application/problem+json');
  });

  it('answers an unexpected failure with a bare 500 and logs the cause', async () => {
    context = await createTestApp();
    const logged: string[] = [];
    const logger = pino(
      { level: 'error' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logged.push(chunk.toString());
          done();
        },
      }),
    );
    const app = createApp({ database: context.database, logger });
    const staff = context.bearer.staff;
    await context.database.close();
    context = undefined;

    const response = await supertest(app).get('/api/enterprises').set('Authorization', staff);

    expect(response.status).toBe(500);
    expect(response.type).toBe('application/problem+json');
    expect(Object.keys(response.body).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
    expect(response.body.detail).toBe('The server could not complete the request. The error has been logged.');
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] as string)).toMatchObject({ msg: 'request failed', path: '/api/enterprises', err: expect.any(Object) });
  });
});

describe('ValidationError.fromZod', () => {
  it('names nested fields by their dotted path and each unknown key separately', () => {
    const schema = z.strictObject({ rows: z.array(z.object({ name: z.string() })) });
    const parsed = schema.safeParse({ rows: [{ name: 'a' }, { name: 3 }], extra: 1, other: 2 });
    if (parsed.success) throw new Error('expected a failure');

    const error = ValidationError.fromZod(parsed.error);

    expect(error.status).toBe(400);
    expect(error.errors.map((fieldError) => fieldError.field).sort()).toEqual(['extra', 'other', 'rows.1.name']);
    expect(error.errors.every((fieldError) => fieldError.reason.length > 0)).toBe(true);
  });

  it('says a missing value is required', () => {
    const parsed = z.object({ label: z.string() }).safeParse({});
    if (parsed.success) throw new Error('expected a failure');

    expect(ValidationError.fromZod(parsed.error).errors).toEqual([{ field: 'label', reason: 'is required' }]);
  });
});
