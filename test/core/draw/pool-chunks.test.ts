/**
 * Receipts built on request from a compactly stored pool (issue 15): chunks of
 * POOL_CHUNK_SIZE leaves and their RFC 6962 subtree hashes must give the same poolRoot and
 * the same receipts, byte for byte, as the whole tree (`createReceiptIssuer`), including a
 * last, shorter chunk whose lone nodes RFC 6962 section 2.1 promotes.
 */
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../../src/application/node-hash.ts';
import { generateSigningKey, publicKeySetOf, signRecord } from '../../../src/application/record-signing.ts';
import { buildChunkedPoolTree, buildChunkReceipt, POOL_CHUNK_SIZE, receiptStrataOf, type ReceiptContext } from '../../../src/core/draw/pool-chunks.ts';
import { compareCodes, computePoolRoot, createReceiptIssuer, type DrawRecord, type PoolMember } from '../../../src/core/draw/record.ts';
import { nobleSha256 } from '../../../src/core/hash.ts';
import { verifyRecord } from '../../../src/core/verify/index.ts';
import { sealedDraw, tiers } from '../../support/sealed-draw.ts';

/** The pool of an audit record in leaf (credit-code) order. */
function leavesOf(audit: DrawRecord): PoolMember[] {
  return audit.strata
    .flatMap((stratum) => (stratum.members ?? []).map((member) => ({ code: member.code, stratum: stratum.label, salt: member.salt as string })))
    .sort((left, right) => compareCodes(left.code, right.code));
}

/** What the draw stores (chunk hashes, seed, strata as JSON) and a receipt builder over it. */
function storedPool(audit: DrawRecord) {
  const leaves = leavesOf(audit);
  const tree = buildChunkedPoolTree(leaves, nodeSha256);
  const context: ReceiptContext = {
    task: audit.task.code,
    seed: audit.seed,
    poolRoot: audit.poolRoot as string,
    treeSize: leaves.length,
    strata: JSON.parse(JSON.stringify(receiptStrataOf(audit))) as ReceiptContext['strata'],
    chunkRoots: tree.chunkRoots,
  };
  const chunkOf = (code: string) => {
    const position = leaves.findIndex((member) => member.code === code);
    const index = Math.floor(Math.max(position, 0) / POOL_CHUNK_SIZE);
    return { index, members: leaves.slice(index * POOL_CHUNK_SIZE, (index + 1) * POOL_CHUNK_SIZE) };
  };
  return { leaves, tree, context, chunkOf };
}

describe('a pool stored in chunks (RFC 6962 subtrees)', () => {
  it.each([
    ['4 members, one short chunk', [1, 1, 1, 1]],
    ['exactly one full chunk', [300, 300, 300, 124]],
    ['one full chunk and a lone leaf', [300, 300, 300, 125]],
    ['2,500 members: two full chunks and a short one', [1000, 800, 500, 200]],
  ])('gives the pool root of the whole tree and the same receipts byte for byte (%s)', (_name, sizes) => {
    const { audit } = sealedDraw(tiers(sizes));
    const { leaves, tree, context, chunkOf } = storedPool(audit);
    expect(tree.root).toBe(computePoolRoot(leaves, nodeSha256));
    expect(tree.root).toBe(audit.poolRoot);
    expect(tree.chunkRoots).toHaveLength(64 * Math.ceil(leaves.length / POOL_CHUNK_SIZE));
    const issuer = createReceiptIssuer(audit, nodeSha256);
    // Every 13th leaf and each one next to a chunk boundary or the end (a whole chunk is hashed per receipt).
    const sampled = leaves.filter((_member, index) => index % 13 === 0 || [0, 1, POOL_CHUNK_SIZE - 1].includes(index % POOL_CHUNK_SIZE) || index >= leaves.length - 2);
    for (const member of sampled) {
      expect(JSON.stringify(buildChunkReceipt(context, chunkOf(member.code), member.code, nodeSha256))).toBe(JSON.stringify(issuer.receiptFor(member.code)));
    }
  });

  it('builds receipts that pass the receipt check against the signed public record, with either hash implementation', () => {
    const { audit, record } = sealedDraw(tiers([700, 600, 500, 300]));
    const { leaves, context, chunkOf } = storedPool(audit);
    const { key } = generateSigningKey();
    const signed = signRecord(record, key);
    for (const hash of [nodeSha256, nobleSha256]) {
      for (const member of [leaves[0], leaves[1023], leaves[1024], leaves[leaves.length - 1]] as PoolMember[]) {
        const receipt = signRecord(buildChunkReceipt(context, chunkOf(member.code), member.code, hash)!, key);
        expect(verifyRecord({ record: signed, receipt, keys: publicKeySetOf([key]), hash }).find((check) => check.id === 'receipt')?.status).toBe('passed');
      }
    }
  });

  it('has no receipt for a code that is not in the chunk', () => {
    const { audit } = sealedDraw(tiers([10, 10, 10, 10]));
    const { context, chunkOf, leaves } = storedPool(audit);
    expect(buildChunkReceipt(context, chunkOf(leaves[0]!.code), '91350100MA00000000', nodeSha256)).toBeUndefined();
  });

  it('refuses to build a receipt from a chunk or chunk hashes that do not give the poolRoot', () => {
    const { audit } = sealedDraw(tiers([600, 400, 300, 200]));
    const { context, chunkOf, leaves } = storedPool(audit);
    const code = leaves[5]!.code;
    const chunk = chunkOf(code);
    const changedSalt = { ...chunk, members: chunk.members.map((member, index) => (index === 7 ? { ...member, salt: '0'.repeat(32) } : member)) };
    expect(() => buildChunkReceipt(context, changedSalt, code, nodeSha256)).toThrow(/does not match its stored hash/);
    const changedRoots = { ...context, chunkRoots: context.chunkRoots.slice(0, 64) + '0'.repeat(64) };
    expect(() => buildChunkReceipt(changedRoots, chunk, code, nodeSha256)).toThrow(/do not give its poolRoot/);
  });
});
