/**
 * The public side on publication day (issue 12 section 2): immutable published documents
 * served from a byte-bounded cache with strong ETags (RFC 9110 section 8.8.3) and 304 on
 * If-None-Match (section 13.1.2), Cache-Control per kind (RFC 9111 section 5.2.2, RFC 8246
 * `immutable`), the server's verification cached per record and shared while it runs, its
 * rate limit per address, and no stale "latest" after a new publication.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import express, { type Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialRole } from '../../src/application/api-tokens.ts';
import type { BureauKeys } from '../../src/application/bureau-keys.ts';
import { verifyPublishedDraw, type PublishedDrawVerificationInput } from '../../src/application/draw-publication.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import type { RecordVerifier } from '../../src/application/verification-worker.ts';
import { verifyRecord, type Check } from '../../src/core/verify/index.ts';
import { createApp } from '../../src/http/app.ts';
import { IMMUTABLE_CACHE_CONTROL, PublicContentCache, publishedDrawDocuments, SHORT_CACHE_CONTROL } from '../../src/http/public-cache.ts';
import { saveDepartment } from '../../src/application/departments.ts';
import { createLogger } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { drawRecords } from '../../src/persistence/schema/index.ts';
import { testDatabaseKind } from '../support/database.ts';
import { seedWorld, worldTasks, type World } from '../integration/draw-world.ts';
import { createTestAppWithKeys, WORLD_CALENDAR, type TestClock } from './fixtures.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let world: World;
let bearer: Record<CredentialRole, string>;
let clock: TestClock;

/** Each test of the routes gets its own database, world and app (and so its own cache). */
function withServedWorld(): void {
  beforeEach(async () => {
    ({ database, keys, app, bearer, clock } = await createTestAppWithKeys());
    world = await seedWorld(database);
  });
  afterEach(async () => {
    await database.close();
  });
}

async function planAndFreeze(): Promise<string> {
  const task = worldTasks(world.runId).food;
  expect((await supertest(app).post('/api/tasks').set('Authorization', bearer.staff).send(task)).status).toBe(201);
  expect((await supertest(app).post(`/api/tasks/${task.code}/freeze`).set('Authorization', bearer.staff)).status).toBe(200);
  return task.code;
}

async function draw(code: string): Promise<void> {
  clock.set(WORLD_CALENDAR.drawnAt);
  expect((await supertest(app).post(`/api/tasks/${code}/draw`).set('Authorization', bearer.staff).send({ entropy: '3.6.1.5.2.4' })).status).toBe(200);
}

describe('PublicContentCache', () => {
  it('evicts the least recently used documents beyond its byte bound, and keeps none larger than the bound', () => {
    const cache = new PublicContentCache(25);
    cache.put('a', 'a'.repeat(10), 'text/plain');
    cache.put('b', 'b'.repeat(10), 'text/plain');
    expect(cache.get('a')?.body.toString()).toBe('a'.repeat(10)); // a is now the most recent
    cache.put('c', 'c'.repeat(10), 'text/plain');
    expect(cache.size).toBe(20);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    const large = cache.put('d', 'd'.repeat(26), 'text/plain');
    expect(large.body.length).toBe(26);
    expect(cache.get('d')).toBeUndefined();
    expect(cache.size).toBe(20);
  });

  it('keys documents by the SHA-256 of their bytes: two names of one content hold it once', () => {
    const cache = new PublicContentCache(100);
    const first = cache.put('x', '{"same":true}', 'application/json');
    const second = cache.put('y', '{"same":true}', 'application/json');
    expect(second).toBe(first);
    expect(cache.size).toBe(first.body.length);
    expect(first.etag).toBe(`"${createHash('sha256').update('{"same":true}').digest('base64url')}"`);
  });
});

describe(`published documents over HTTP (${testDatabaseKind})`, () => {
  withServedWorld();

  it('serve a draw record and its commitment with a strong ETag, 304 on If-None-Match, and immutable caching', async () => {
    const code = await planAndFreeze();
    await draw(code);
    for (const path of [`/api/public/draws/${code}`, `/api/public/draws/${code}/commitment`]) {
      const first = await supertest(app).get(path);
      expect(first.status).toBe(200);
      expect(first.headers.etag).toMatch(/^"[\w-]{43}"$/);
      expect(first.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
      const again = await supertest(app).get(path).set('If-None-Match', first.headers.etag as string);
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect((await supertest(app).get(path).set('If-None-Match', `W/${first.headers.etag}`)).status).toBe(304);
      expect((await supertest(app).get(path).set('If-None-Match', '"something-else"')).status).toBe(200);
    }
  });

  it('send a cached record gzip-coded, compressed once, with its own strong ETag and Vary, and plain bytes to a client that does not accept gzip', async () => {
    const code = await planAndFreeze();
    await draw(code);
    const path = `/api/public/draws/${code}`;
    const plain = await supertest(app).get(path).set('Accept-Encoding', 'identity');
    // The bytes as sent (supertest would inflate them).
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const raw = (acceptEncoding: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': acceptEncoding } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const first = await raw('gzip, deflate');
    const second = await raw('gzip');
    await new Promise((resolve) => server.close(resolve));
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers.vary).toMatch(/Accept-Encoding/);
    expect(gunzipSync(first.body).toString('utf8')).toBe(plain.text);
    expect(first.body.length).toBeLessThan(Buffer.byteLength(plain.text));
    // The same bytes every time (compressed once), named by their own SHA-256.
    expect(second.body.equals(first.body)).toBe(true);
    expect(first.headers.etag).toBe(`"${createHash('sha256').update(first.body).digest('base64url')}"`);
    expect(first.headers.etag).not.toBe(plain.headers.etag);
    for (const etag of [first.headers.etag, plain.headers.etag]) {
      expect((await supertest(app).get(path).set('Accept-Encoding', 'gzip').set('If-None-Match', etag as string)).status).toBe(304);
    }
  });

  it('answer a cached record ahead of the general middleware with the same security headers, and still refuse a bad token', async () => {
    const code = await planAndFreeze();
    await draw(code);
    const path = `/api/public/draws/${code}`;
    const cold = await supertest(app).get(path);
    const cached = await supertest(app).get(path);
    for (const header of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'cache-control', 'content-type', 'etag']) {
      expect(cached.headers[header]).toBe(cold.headers[header]);
    }
    expect((await supertest(app).get(path).set('Authorization', 'Bearer not-a-token')).status).toBe(401);
    expect((await supertest(app).get(`${path}/commitment`).set('Authorization', 'Bearer not-a-token')).status).toBe(401);
  });

  it('serve the same bytes from the cache as on the first read, even when the row changes behind the server', async () => {
    const code = await planAndFreeze();
    await draw(code);
    const first = await supertest(app).get(`/api/public/draws/${code}`);
    await database.db.update(drawRecords).set({ publicEnvelope: '{"tampered":true}' }).where(eq(drawRecords.taskCode, code));
    const second = await supertest(app).get(`/api/public/draws/${code}`);
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
  });

  it('keep private answers no-store and the latest tree head revalidated (no-cache)', async () => {
    const code = await planAndFreeze();
    await draw(code);
    const signedIn = await supertest(app).get(`/api/public/draws/${code}`).set('Authorization', bearer.staff);
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('no-store');
    expect((await supertest(app).get('/api/public/log/tree-head')).headers['cache-control']).toBe('no-cache');
  });

  it('show a new publication at once: a record not drawn yet is not remembered as missing, and the latest head moves', async () => {
    const code = await planAndFreeze();
    expect((await supertest(app).get(`/api/public/draws/${code}`)).status).toBe(404);
    const frozenHead = (await supertest(app).get('/api/public/log/tree-head')).body as { treeSize: number };
    expect((await supertest(app).get('/')).text).toContain('已冻结，待抽取');

    await draw(code);
    expect((await supertest(app).get(`/api/public/draws/${code}`)).status).toBe(200);
    expect(((await supertest(app).get('/api/public/log/tree-head')).body as { treeSize: number }).treeSize).toBe(frozenHead.treeSize + 1);
    const listing = (await supertest(app).get('/api/public/draws')).body as { items: { taskCode: string; status: string }[] };
    expect(listing.items.find((item) => item.taskCode === code)?.status).toBe('drawn');
    expect((await supertest(app).get('/')).text).not.toContain('已冻结，待抽取');
    expect((await supertest(app).get(`/draws/${code}`)).text).toContain('id="verify-link"');
  });
});

describe(`public pages kept whole (${testDatabaseKind})`, () => {
  withServedWorld();

  it('answer a cached record, the draw page in both languages and the home page with the database closed: a cached public GET never queries it', async () => {
    const code = await planAndFreeze();
    await draw(code);
    const paths = [`/api/public/draws/${code}`, `/draws/${code}`, `/draws/${code}?lang=en`, '/', '/?lang=en'];
    const warm = new Map<string, string>();
    for (const path of paths) {
      const first = await supertest(app).get(path);
      expect(first.status).toBe(200);
      warm.set(path, first.text);
    }
    await database.close();
    for (const path of paths) {
      const cached = await supertest(app).get(path);
      expect([path, cached.status]).toEqual([path, 200]);
      expect(cached.text).toBe(warm.get(path));
    }
    // afterEach closes it again: give it a fresh handle to close.
    ({ database } = await createTestAppWithKeys());
  });

  it('send a kept page gzip-coded with a strong ETag, revalidated (no-cache), and 304 on If-None-Match', async () => {
    const code = await planAndFreeze();
    await draw(code);
    const first = await supertest(app).get(`/draws/${code}`).set('Accept-Encoding', 'gzip');
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers.etag).toMatch(/^"[\w-]{43}"$/);
    expect(first.text).toContain('id="verify-link"');
    expect((await supertest(app).get(`/draws/${code}`).set('Accept-Encoding', 'gzip').set('If-None-Match', first.headers.etag as string)).status).toBe(304);
  });

  it('show a department renamed through the server on the draw page at once, though the record is the same', async () => {
    const saved = await supertest(app).put('/api/departments/FOOD').set('Authorization', bearer.admin).send({ nameZh: '食品科', nameEn: 'Food section' });
    expect(saved.status).toBe(200);
    const code = await planAndFreeze();
    await draw(code);
    const before = await supertest(app).get(`/draws/${code}?lang=en`);
    expect(before.text).toContain('Food section');
    const renamed = await supertest(app).put('/api/departments/FOOD').set('Authorization', bearer.admin).send({ nameZh: '食品科', nameEn: 'Food safety' });
    expect(renamed.status).toBe(200);
    const after = await supertest(app).get(`/draws/${code}?lang=en`);
    expect(after.text).toContain('Food safety');
    expect(after.text).not.toContain('Food section');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('show a department renamed elsewhere (straight in the database) once the kept names are 2 s old, answering the kept ones meanwhile', async () => {
    await saveDepartment(database.db, { code: 'FOOD', nameZh: '食品科', nameEn: 'Food section' });
    let now = 0;
    let reads = 0;
    const documents = publishedDrawDocuments(new PublicContentCache(), { readPublic: (query) => (reads++, database.readPublic(query)) }, () => now);
    const first = await documents.names();
    expect(await documents.names()).toBe(first);
    expect(reads).toBe(1);

    await saveDepartment(database.db, { code: 'FOOD', nameZh: '食品科', nameEn: 'Food safety' });
    now += 1999;
    expect(await documents.names()).toBe(first);
    expect(reads).toBe(1);
    now += 1;
    // Stale while revalidating: the kept names at once, one read in the background.
    expect(await documents.names()).toBe(first);
    expect(reads).toBe(2);
    await vi.waitFor(async () => expect((await documents.names()).department('食品科').nameEn).toBe('Food safety'));
    expect(reads).toBe(2);
    expect((await documents.names()).version).not.toBe(first.version);
  });

  it('keep the same draw list object when a background read finds nothing changed, and read again at once after a change through the server', async () => {
    let now = 0;
    let reads = 0;
    let lastRead: Promise<unknown> = Promise.resolve();
    const documents = publishedDrawDocuments(new PublicContentCache(), { readPublic: (query) => (reads++, (lastRead = database.readPublic(query))) }, () => now);
    const first = await documents.summaries();
    now += 2000;
    expect(await documents.summaries()).toBe(first);
    expect(reads).toBe(2);
    // The background read done (and its continuation, before the next turn of the event loop):
    await lastRead;
    await new Promise((resolve) => setImmediate(resolve));
    // Kept as read at 2000: 1 s old, so no read now.
    now += 1000;
    expect(await documents.summaries()).toBe(first);
    expect(reads).toBe(2);
    documents.changed();
    expect(await documents.summaries()).not.toBe(first);
    expect(reads).toBe(3);
  });
});

describe(`the server's verification (${testDatabaseKind})`, () => {
  withServedWorld();

  it('answers the same report from the worker and its cache as an uncached verification on this thread', async () => {
    const code = await planAndFreeze();
    await draw(code);
    const uncached = (await verifyPublishedDraw(database.db, keys, code)) as Check[];
    const first = await supertest(app).get(`/api/public/draws/${code}/verify`);
    const second = await supertest(app).get(`/api/public/draws/${code}/verify`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ task: code, passed: true, checks: uncached });
    expect(second.text).toBe(first.text);
    expect(second.headers['cache-control']).toBe(SHORT_CACHE_CONTROL);
    expect((await supertest(app).get(`/api/public/draws/${code}/verify`).set('If-None-Match', first.headers.etag as string)).status).toBe(304);
  });

  it('computes once for concurrent requests of one record, and keeps a passing report', async () => {
    const code = await planAndFreeze();
    await draw(code);
    let computations = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const verifier: RecordVerifier = {
      async verify(input: PublishedDrawVerificationInput) {
        computations++;
        await gate;
        return verifyRecord({ ...input, hash: nodeSha256 });
      },
    };
    const served = createApp({ database, logger: createLogger('silent'), bureauKeys: keys, verifier });
    let arrived = 0;
    const counting = express().use((_request, _response, next) => {
      arrived++;
      next();
    }, served);
    const requests = Array.from({ length: 5 }, () => supertest(counting).get(`/api/public/draws/${code}/verify`).then((response) => response));
    while (arrived < 5 || computations < 1) await new Promise((resolve) => setTimeout(resolve, 10));
    // Let the last arrivals reach the route (in-process middleware) before the computation ends.
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const answers = await Promise.all(requests);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect((await supertest(served).get(`/api/public/draws/${code}/verify`)).status).toBe(200);
    expect(computations).toBe(1);
  });

  it('answers 429 problem+json with Retry-After, in Chinese and English, after 20 verifications from one address that the cache could not answer', async () => {
    const verify = () => supertest(app).get('/api/public/draws/2027-NO-SUCH/verify');
    for (let attempt = 0; attempt < 20; attempt++) expect((await verify()).status).toBe(404);
    const refused = await verify();
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.detail).toMatch(/核验请求过多/);
    expect(refused.body.detail).toMatch(/Too many verification requests/);
  });

  it('never refuses a report it serves from its cache, however many times it is read', async () => {
    const code = await planAndFreeze();
    await draw(code);
    for (let attempt = 0; attempt < 30; attempt++) expect((await supertest(app).get(`/api/public/draws/${code}/verify`)).status).toBe(200);
  });
});
