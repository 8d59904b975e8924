/**
 * Issue 13's "0 answers of 5xx": every documented operation, called by an admin's token and by
 * the public with hostile path parameters, query values and bodies (NUL bytes, impossible
 * calendar dates, huge numbers, wrong types, broken JSON), answers 4xx or 2xx, never a
 * server error. Malformed input is the caller's mistake and gets a problem, not a crash.
 */
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../support/database.ts';
import { createTestAppWithKeys, type TestAppWithKeys } from './fixtures.ts';

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header' }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Values that have reached the database or a date parser before and answered 500. */
const HOSTILE_TEXTS = ['%00', 'a%00b', '2026-02-30', '9999-99-99', '99999999999999999999999', '-1', "'; drop table users; --", 'x'.repeat(600), '%E4%B8%AD%E6%96%87'];
const HOSTILE_VALUES: unknown[] = ['\u0000', 'a\u0000b', '2026-02-30', 1e308, -1, 1.5, true, null, [], {}, 'x'.repeat(5000)];

function propertiesOf(document: OpenApiDocument, schema: Schema | undefined): string[] {
  const resolved = schema?.$ref ? document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
  return Object.keys(resolved?.properties ?? {});
}

interface Call {
  readonly method: string;
  readonly url: string;
  readonly body?: string;
}

/** The calls for one operation: each path parameter hostile, each query parameter hostile, hostile bodies. */
function callsOf(document: OpenApiDocument, path: string, method: string, operation: Operation): Call[] {
  const pathParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
  const fill = (value: (name: string) => string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => value(name));
  const plainUrl = fill(() => '1');
  const calls: Call[] = [];
  for (const text of HOSTILE_TEXTS) {
    if (pathParameters.length > 0) calls.push({ method, url: fill(() => text) });
    for (const parameter of (operation.parameters ?? []).filter((candidate) => candidate.in === 'query')) {
      calls.push({ method, url: `${plainUrl}?${encodeURIComponent(parameter.name)}=${text}` });
    }
  }
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  if (bodySchema) {
    const properties = propertiesOf(document, bodySchema);
    for (const body of ['{', '"text"', 'null', '[]', '{"__proto__":{"x":1}}']) calls.push({ method, url: plainUrl, body });
    for (const value of HOSTILE_VALUES) calls.push({ method, url: plainUrl, body: JSON.stringify(Object.fromEntries(properties.map((name) => [name, value]))) });
  }
  return calls;
}

describe(`hostile input on every documented operation (${testDatabaseKind})`, () => {
  let context: TestAppWithKeys;
  let document: OpenApiDocument;
  beforeAll(async () => {
    context = await createTestAppWithKeys();
    document = (await supertest(context.app).get('/openapi.json')).body as OpenApiDocument;
  });
  afterAll(async () => {
    await context.database.close();
  });

  it('never answers 5xx, to an admin token or to the public', async () => {
    const failures: string[] = [];
    let calls = 0;
    const statuses: Record<number, number> = {};
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const call of callsOf(document, path, method, operation)) {
          for (const authorization of [context.bearer.admin, undefined]) {
            let request = supertest(context.app)[call.method as 'get'](call.url);
            if (authorization) request = request.set('Authorization', authorization);
            if (call.body !== undefined) request = request.set('Content-Type', 'application/json').send(call.body);
            const answer = await request;
            calls++;
            statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
            if (answer.status >= 500) failures.push(`${call.method.toUpperCase()} ${call.url.slice(0, 120)} ${call.body?.slice(0, 80) ?? ''} (${authorization ? 'admin' : 'public'}): ${answer.status}`);
          }
        }
      }
    }
    // The admin's calls get past authentication to the schemas: most answers are 400 problems.
    expect(statuses[400] ?? 0).toBeGreaterThan(500);
    expect(calls).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  }, 600_000);
});
