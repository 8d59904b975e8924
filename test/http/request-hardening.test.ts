/**
 * Issue 13 (OWASP ASVS level 2): uploads are read only after the caller is known and never
 * inflated; private answers are not cached; a malformed Content-Encoding is the client's
 * error, not a 500.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './fixtures.ts';

let context: TestApp;
let server: http.Server;
let port: number;

beforeAll(async () => {
  context = await createTestApp();
  server = http.createServer(context.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await context.database.close();
});

/**
 * Sends headers announcing `announced` bytes and only `sent` of them, then waits for the
 * answer without ever finishing the body.
 */
function postPartially(path: string, headers: Record<string, string>, announced: number, sent: number): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(announced) } }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
      request.destroy();
    });
    request.on('error', reject);
    request.write(Buffer.alloc(sent, 0x61));
  });
}

describe('uploads are read only after authentication', () => {
  it('answers an anonymous upload that announces 50 MB with 401 at once, before its body, and closes the connection', async () => {
    const answer = await postPartially('/api/enterprises/import', { 'content-type': 'text/csv' }, 50 * 1024 * 1024, 1024);
    expect(answer.status).toBe(401);
    expect(answer.connection).toBe('close');
  });

  it('answers an anonymous record upload the same way', async () => {
    const answer = await postPartially('/api/records/import?kind=penalty', { 'content-type': 'text/csv' }, 50 * 1024 * 1024, 1024);
    expect(answer.status).toBe(401);
  });

  it('refuses a compressed upload from staff with 415 instead of inflating it', async () => {
    // 190 KB of gzip that would inflate to 190 MB; a small one is enough to show the refusal.
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x30));
    const response = await supertest(context.app)
      .post('/api/enterprises/import')
      .set('Authorization', context.bearer.staff)
      .set('Content-Type', 'text/csv')
      .set('Content-Encoding', 'gzip')
      .send(bomb);
    expect(response.status).toBe(415);
    expect(response.body.detail).toMatch(/Content-Encoding gzip/);
  });

  it('still imports an uncompressed file from staff', async () => {
    const response = await supertest(context.app)
      .post('/api/enterprises/import')
      .set('Authorization', context.bearer.staff)
      .set('Content-Type', 'text/csv')
      .send('统一社会信用代码,企业名称,所属行政区划,所属行业,成立日期,企业类型,登记状态\n');
    expect(response.status).not.toBe(401);
    expect(response.status).not.toBe(415);
    expect(response.status).toBeLessThan(500);
  });
});

describe('private answers are not cached', () => {
  it('marks an authenticated API answer no-store', async () => {
    const response = await supertest(context.app).get('/api/enterprises').set('Authorization', context.bearer.staff);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('marks an authenticated error no-store as well', async () => {
    const response = await supertest(context.app).get('/api/enterprises/91350100M0001000XX').set('Authorization', context.bearer.staff);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('keeps a public answer cacheable by revalidation (ETag)', async () => {
    const response = await supertest(context.app).get('/api/public/exit-notices');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('does not let a public cache policy loosen an authenticated answer', async () => {
    const response = await supertest(context.app).get('/api/public/exit-notices').set('Authorization', context.bearer.auditor);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('a malformed Content-Encoding is a client error', () => {
  it.each(['gzip', 'deflate', 'br'])('answers 4xx, not 500, for a JSON body that claims %s but is not', async (encoding) => {
    const response = await supertest(context.app)
      .post('/api/enterprises')
      .set('Authorization', context.bearer.staff)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      .send('{"this": "is not compressed"}');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('control characters and impossible dates are refused with the field named', () => {
  it('answers 400 naming the path for a NUL in a public URL', async () => {
    const response = await supertest(context.app).get('/api/public/draws/2027-%00');
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field: '(path)' }));
  });

  it('answers 400 naming the query parameter for a NUL in it', async () => {
    const response = await supertest(context.app).get('/api/public/results?code=91%00');
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'query.code' }));
  });

  it('answers 400 naming the body property for a NUL in JSON', async () => {
    const response = await supertest(context.app)
      .post('/api/evaluations')
      .set('Authorization', context.bearer.staff)
      .send({ asOf: '2026-01-01', model: 'credit-risk\u0000' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'body.model' }));
  });

  it.each(['2026-02-30', '9999-99-99', '0001-01-01'])('refuses the impossible or absurd date %s with 400 naming the field', async (asOf) => {
    const response = await supertest(context.app).post('/api/evaluations').set('Authorization', context.bearer.staff).send({ asOf });
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'asOf' }));
  });

  it('refuses an impossible date in a query with 400', async () => {
    const response = await supertest(context.app).get('/api/results/overdue?today=2026-02-30').set('Authorization', context.bearer.staff);
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'today' }));
  });
});

describe('links built from the request stay on this site', () => {
  it.each(['//evil.example/x', '/\\evil.example/x'])('gives the 404 page for %s a language link to a path here, not another host', async (path) => {
    const response = await supertest(context.app).get(path).set('Accept', 'text/html');
    expect(response.status).toBe(404);
    const links = [...response.text.matchAll(/href="([^"]*lang=[^"]*)"/g)].map((match) => match[1] as string);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^\/(?![/\\])/);
  });
});
