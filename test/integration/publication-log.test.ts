/**
 * The publication log on the database (PGlite, or PostgreSQL when DATABASE_URL is set):
 * RFC 6962 roots, audit paths (section 2.1.1) and consistency proofs (section 2.1.2) served
 * from stored subtrees, signed tree heads, dense indexes under concurrent appends, and the
 * database refusing to change or remove anything in the log.
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import {
  appendRecordToLog,
  getConsistencyProof,
  getInclusionProof,
  getLatestTreeHead,
  getLeaves,
  getTreeHead,
  LogNodeCache,
  MAX_LEAVES_PER_PAGE,
  type LogAppend,
} from '../../src/application/publication-log.ts';
import { generateSigningKey, publicKeySetOf, signRecord } from '../../src/application/record-signing.ts';
import { bytesToHex, hexToBytes } from '../../src/core/hash.ts';
import { buildMerkleTree, hashLeaf, verifyInclusion } from '../../src/core/merkle.ts';
import { checkTreeHeadConsistency, verifyTreeHeadSignature } from '../../src/core/tree-head.ts';
import { allChecksPassed, verifyRecord } from '../../src/core/verify/index.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { logLeaves, logNodes, logTreeHeads } from '../../src/persistence/schema/index.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';

const { key } = generateSigningKey();
const keys = publicKeySetOf([key]);
const clock = (): Date => new Date('2026-03-02T02:15:00.000Z');

const recordHashOf = (index: number): string => nodeSha256.hex(`published record ${index}`);
const entryOf = (index: number): LogAppend => ({ kind: 'draw_record', reference: `2026-JM-${String(index).padStart(3, '0')}`, recordHash: recordHashOf(index) });

async function appendMany(database: DatabaseHandle, count: number): Promise<void> {
  for (let index = 0; index < count; index++) await appendRecordToLog(database.db, entryOf(index), key, clock);
}

function referenceTree(count: number) {
  return buildMerkleTree(
    Array.from({ length: count }, (_, index) => hashLeaf(hexToBytes(recordHashOf(index)) as Uint8Array, nodeSha256)),
    nodeSha256,
  );
}

/** The database's own message: drizzle wraps it as the cause of a "Failed query" error. */
async function refusal(attempt: PromiseLike<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String(error);
  }
  return 'not refused';
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe(`publication log on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('appends leaves 0, 1, 2 … and signs a head whose root is RFC 6962 MTH of the leaves', async () => {
    const results = [];
    for (let index = 0; index < 7; index++) results.push(await appendRecordToLog(database.db, entryOf(index), key, clock));

    expect(results.map((result) => [result.leafIndex, result.treeSize])).toEqual([0, 1, 2, 3, 4, 5, 6].map((index) => [index, index + 1]));
    const tree = referenceTree(7);
    for (const result of results) {
      expect(result.treeHead.rootHash).toBe(bytesToHex(tree.root(result.treeSize)));
      expect(verifyTreeHeadSignature(result.treeHead, keys).ok).toBe(true);
      expect(await getTreeHead(database.db, result.treeSize)).toEqual(result.treeHead);
    }
    expect(await getLatestTreeHead(database.db)).toEqual(results[6]?.treeHead);
    expect(results[0]?.treeHead).toMatchObject({ format: 'suiji.tree-head/1', timestamp: Date.parse('2026-03-02T02:15:00.000Z') });
  });

  it('serves an inclusion proof for every leaf of every size that verifies against the signed head', async () => {
    const count = 13;
    await appendMany(database, count);
    const cache = new LogNodeCache();

    for (let size = 1; size <= count; size++) {
      for (let index = 0; index < size; index++) {
        const document = unwrap(await getInclusionProof(database.db, { recordHash: recordHashOf(index) }, size, index % 2 === 0 ? cache : undefined));
        expect(document).toMatchObject({ leafIndex: index, treeSize: size, recordHash: recordHashOf(index) });
        expect(verifyTreeHeadSignature(document.treeHead, keys).ok).toBe(true);
        expect(document.rootHash).toBe(document.treeHead.rootHash);
        const included = verifyInclusion(
          {
            leafHash: hashLeaf(hexToBytes(recordHashOf(index)) as Uint8Array, nodeSha256),
            leafIndex: index,
            treeSize: size,
            proof: document.proof.map((node) => hexToBytes(node) as Uint8Array),
            root: hexToBytes(document.treeHead.rootHash) as Uint8Array,
          },
          nodeSha256,
        );
        expect(included).toBe(true);
      }
    }
    expect(cache.size).toBeGreaterThan(0);
  });

  it('serves a consistency proof between every pair of sizes that the signed heads check', async () => {
    const count = 12;
    await appendMany(database, count);

    for (let second = 1; second <= count; second++) {
      for (let first = 1; first <= second; first++) {
        const document = unwrap(await getConsistencyProof(database.db, first, second));
        expect(checkTreeHeadConsistency(document.firstTreeHead, document.secondTreeHead, document.proof, keys, nodeSha256)).toEqual({ ok: true, value: undefined });
      }
    }
  });

  it('gives suiji verify a proof it accepts for a signed record in the log', async () => {
    const record = JSON.parse(fs.readFileSync(new URL('../fixtures/draw/golden-record.json', import.meta.url), 'utf8')) as unknown;
    const envelope = signRecord(record, key);
    await appendMany(database, 5);
    await appendRecordToLog(database.db, { kind: 'draw_record', reference: '2027-JM-003', recordHash: envelope.recordHash }, key, clock);
    await appendRecordToLog(database.db, entryOf(99), key, clock);

    const proof = unwrap(await getInclusionProof(database.db, { recordHash: envelope.recordHash }));
    const checks = verifyRecord({ record: envelope, keys, logInclusion: JSON.parse(JSON.stringify(proof)), requireSignature: true, requireLogInclusion: true, hash: nodeSha256 });

    expect(checks.find((entry) => entry.id === 'log-inclusion')).toMatchObject({ status: 'passed' });
    expect(allChecksPassed(checks)).toBe(true);
    const otherProof = unwrap(await getInclusionProof(database.db, { leafIndex: 2 }));
    const wrong = verifyRecord({ record: envelope, keys, logInclusion: otherProof, hash: nodeSha256 });
    expect(wrong.find((entry) => entry.id === 'log-inclusion')).toMatchObject({ status: 'failed' });
  });

  it('returns the existing leaf when a record is appended twice', async () => {
    await appendMany(database, 3);

    const again = await appendRecordToLog(database.db, entryOf(1), key, clock);

    expect(again).toMatchObject({ leafIndex: 1, treeSize: 3, alreadyLogged: true });
    expect(await database.db.$count(logLeaves)).toBe(3);
  });

  it("rolls an append back with the caller's transaction, leaving no gap", async () => {
    await appendMany(database, 2);

    await expect(
      database.db.transaction(async (tx) => {
        await appendRecordToLog(tx, entryOf(50), key, clock);
        throw new Error('the draw failed after logging');
      }),
    ).rejects.toThrow('the draw failed after logging');
    const next = await appendRecordToLog(database.db, entryOf(51), key, clock);

    expect(next).toMatchObject({ leafIndex: 2, treeSize: 3 });
    expect((await getLeaves(database.db, 0, 10)).map((leaf) => leaf.recordHash)).toEqual([recordHashOf(0), recordHashOf(1), recordHashOf(51)]);
  });

  it('keeps leaf indexes dense when many transactions append at once', async () => {
    const count = 24;

    const results = await Promise.all(
      Array.from({ length: count }, (_, index) => database.db.transaction((tx) => appendRecordToLog(tx, entryOf(index), key, clock))),
    );

    expect(results.map((result) => result.leafIndex).sort((left, right) => left - right)).toEqual(Array.from({ length: count }, (_, index) => index));
    const leaves = await getLeaves(database.db, 0, count);
    const tree = buildMerkleTree(leaves.map((leaf) => hashLeaf(hexToBytes(leaf.recordHash) as Uint8Array, nodeSha256)), nodeSha256);
    expect((await getLatestTreeHead(database.db))?.rootHash).toBe(bytesToHex(tree.root()));
    const first = unwrap(await getConsistencyProof(database.db, 7, count));
    expect(checkTreeHeadConsistency(first.firstTreeHead, first.secondTreeHead, first.proof, keys, nodeSha256).ok).toBe(true);
  });

  it('never lets a head go back in time when the clock does', async () => {
    await appendRecordToLog(database.db, entryOf(0), key, () => new Date('2026-03-02T10:00:00Z'));
    const second = await appendRecordToLog(database.db, entryOf(1), key, () => new Date('2026-03-02T09:00:00Z'));

    expect(second.treeHead.timestamp).toBe(Date.parse('2026-03-02T10:00:00Z'));
  });

  it('reports an empty log, an unknown record and sizes outside the log as issues', async () => {
    expect(await getInclusionProof(database.db, { leafIndex: 0 })).toEqual({ ok: false, error: { code: 'empty_log' } });
    await appendMany(database, 4);

    expect(await getInclusionProof(database.db, { recordHash: recordHashOf(77) })).toEqual({ ok: false, error: { code: 'unknown_record', recordHash: recordHashOf(77) } });
    expect(await getInclusionProof(database.db, { leafIndex: 3 }, 3)).toEqual({ ok: false, error: { code: 'leaf_not_in_tree', leafIndex: 3, treeSize: 3 } });
    expect(await getInclusionProof(database.db, { leafIndex: 0 }, 5)).toEqual({ ok: false, error: { code: 'tree_size_out_of_range', treeSize: 5, latestSize: 4 } });
    expect(await getConsistencyProof(database.db, 0, 4)).toEqual({ ok: false, error: { code: 'tree_size_out_of_range', treeSize: 0, latestSize: 4 } });
    expect(await getConsistencyProof(database.db, 3, 2)).toEqual({ ok: false, error: { code: 'sizes_out_of_order', first: 3, second: 2 } });
    await expect(appendRecordToLog(database.db, { ...entryOf(9), recordHash: 'ABC' }, key, clock)).rejects.toThrow(/not 64 lowercase hex/);
  });

  it('pages leaves in index order and cuts a page at the bound', async () => {
    await appendMany(database, 6);

    const page = await getLeaves(database.db, 2, 5);

    expect(page.map((leaf) => leaf.leafIndex)).toEqual([2, 3, 4]);
    expect(page[0]).toMatchObject({ recordHash: recordHashOf(2), kind: 'draw_record', reference: '2026-JM-002' });
    expect(page[0]?.appendedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await getLeaves(database.db, 6, 10)).toEqual([]);
    expect(MAX_LEAVES_PER_PAGE).toBe(1000);
  });

  describe('the database itself refuses to change the log', () => {
    beforeEach(async () => {
      await appendMany(database, 3);
    });

    it('refuses UPDATE of a leaf, a subtree and a tree head', async () => {
      expect(await refusal(database.db.update(logLeaves).set({ reference: 'rewritten' }))).toBe('the publication log is append-only: UPDATE on log_leaves is refused');
      expect(await refusal(database.db.update(logNodes).set({ hash: '0'.repeat(64) }))).toMatch(/^the publication log is append-only/);
      expect(await refusal(database.db.update(logTreeHeads).set({ rootHash: '0'.repeat(64) }))).toMatch(/^the publication log is append-only/);
    });

    it('refuses DELETE, even of rows that do not exist', async () => {
      expect(await refusal(database.db.delete(logLeaves))).toMatch(/^the publication log is append-only/);
      expect(await refusal(database.db.delete(logNodes))).toMatch(/^the publication log is append-only/);
      expect(await refusal(database.db.delete(logTreeHeads).where(sql`tree_size > 1000`))).toMatch(/^the publication log is append-only/);
    });

    it('refuses TRUNCATE', async () => {
      for (const table of ['log_leaves', 'log_nodes', 'log_tree_heads']) {
        expect(await refusal(database.db.execute(sql.raw(`truncate ${table}`)))).toMatch(/^the publication log is append-only/);
      }
    });

    it('still holds every row after the refused changes', async () => {
      await database.db.update(logLeaves).set({ reference: 'rewritten' }).catch(() => undefined);
      await database.db.delete(logTreeHeads).catch(() => undefined);

      expect((await getLeaves(database.db, 0, 3)).map((leaf) => leaf.reference)).toEqual(['2026-JM-000', '2026-JM-001', '2026-JM-002']);
      expect(await database.db.$count(logTreeHeads)).toBe(3);
      expect(await database.db.$count(logNodes)).toBe(4);
    });
  });
});
