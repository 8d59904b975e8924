/**
 * The public publication-log endpoints: no login, shapes that the verifier and `suiji log
 * check` read, problems for bad ranges, and caching headers.
 */
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { appendRecordToLog } from '../../src/application/publication-log.ts';
import { generateSigningKey, publicKeySetOf } from '../../src/application/record-signing.ts';
import { checkTreeHeadConsistency, parseSignedTreeHead, verifyTreeHeadSignature } from '../../src/core/tree-head.ts';
import { testDatabaseKind } from '../support/database.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

const { key } = generateSigningKey();
const keys = publicKeySetOf([key]);
const recordHashOf = (index: number): string => nodeSha256.hex(`http record ${index}`);

describe(`public publication log over HTTP on ${testDatabaseKind}`, () => {
  let context: TestApp;
  beforeAll(async () => {
    context = await createTestApp();
  });
  afterAll(async () => {
    await context.database.close();
  });

  it('answers 404 for the tree head of an empty log', async () => {
    const response = await supertest(context.app).get('/api/public/log/tree-head');

    expect(response.status).toBe(404);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.detail).toBe('the publication log is empty');
  });

  describe('with five published records', () => {
    beforeAll(async () => {
      for (let index = 0; index < 5; index++) {
        await appendRecordToLog(context.database.db, { kind: index === 4 ? 'list_edition' : 'draw_record', reference: `ref-${index}`, recordHash: recordHashOf(index) }, key);
      }
    });

    it('serves the latest signed tree head without a login, not to be cached stale', async () => {
      const response = await supertest(context.app).get('/api/public/log/tree-head');

      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
      const head = parseSignedTreeHead(response.body);
      expect(head.ok && head.value.treeSize).toBe(5);
      expect(head.ok && verifyTreeHeadSignature(head.value, keys).ok).toBe(true);
    });

    it('serves an inclusion proof by record hash in the shape suiji verify reads', async () => {
      const response = await supertest(context.app).get(`/api/public/log/proof/inclusion?hash=${recordHashOf(2)}&treeSize=4`);

      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual(['appendedConsistencyProof', 'appendedTreeHead', 'leafIndex', 'proof', 'recordHash', 'rootHash', 'treeHead', 'treeSize']);
      expect(response.body).toMatchObject({ leafIndex: 2, treeSize: 4, recordHash: recordHashOf(2) });
      expect(response.body.proof).toHaveLength(2);
      expect(response.body.rootHash).toBe(response.body.treeHead.rootHash);
      expect(response.headers['cache-control']).toContain('immutable');
    });

    it('serves a consistency proof that checks against both signed heads', async () => {
      const response = await supertest(context.app).get('/api/public/log/proof/consistency?first=3&second=5');

      expect(response.status).toBe(200);
      const { firstTreeHead, secondTreeHead, proof } = response.body;
      expect(checkTreeHeadConsistency(firstTreeHead, secondTreeHead, proof, keys, nodeSha256)).toEqual({ ok: true, value: undefined });
    });

    it('pages the leaves and points to the next page', async () => {
      const first = await supertest(context.app).get('/api/public/log/leaves?start=0&end=3');
      const last = await supertest(context.app).get(`/api/public/log/leaves?start=${first.body.next}`);

      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ treeSize: 5, next: 3 });
      expect(first.body.leaves.map((leaf: { leafIndex: number }) => leaf.leafIndex)).toEqual([0, 1, 2]);
      expect(last.body.leaves).toHaveLength(2);
      expect(last.body.leaves[1]).toMatchObject({ leafIndex: 4, kind: 'list_edition', reference: 'ref-4', recordHash: recordHashOf(4) });
      expect(last.body.next).toBeNull();
    });

    it('answers problems for unknown records, impossible sizes and oversized pages', async () => {
      const cases: [string, number, RegExp][] = [
        [`/api/public/log/proof/inclusion?hash=${recordHashOf(9)}`, 404, /no record with hash/],
        [`/api/public/log/proof/inclusion?hash=${recordHashOf(4)}&treeSize=3`, 400, /leaf 4 is not in the tree of 3/],
        [`/api/public/log/proof/inclusion?hash=${recordHashOf(1)}&treeSize=6`, 400, /tree size 6 is outside 1..5/],
        ['/api/public/log/proof/inclusion?hash=XYZ', 400, /invalid input/],
        ['/api/public/log/proof/consistency?first=4&second=2', 400, /larger than the second/],
        ['/api/public/log/proof/consistency?first=0&second=2', 400, /invalid input/],
        ['/api/public/log/leaves?start=0&end=5000', 400, /at most 1000 leaves/],
        ['/api/public/log/leaves?start=4&end=4', 400, /must be larger than start/],
      ];
      for (const [path, status, detail] of cases) {
        const response = await supertest(context.app).get(path);
        expect({ path, status: response.status }).toEqual({ path, status });
        expect(response.body.detail).toMatch(detail);
      }
    });

    it('is documented in the OpenAPI document as public (no security requirement)', async () => {
      const response = await supertest(context.app).get('/openapi.json');
      const paths = response.body.paths as Record<string, { get: { security?: unknown[] } }>;

      for (const path of ['/api/public/log/tree-head', '/api/public/log/proof/inclusion', '/api/public/log/proof/consistency', '/api/public/log/leaves']) {
        expect(paths[path]?.get).toBeDefined();
        expect(paths[path]?.get.security ?? []).toEqual([]);
      }
    });
  });
});
