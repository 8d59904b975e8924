/**
 * A frozen pool stored compactly (issue 15): members in credit-code order, cut into chunks
 * of `POOL_CHUNK_SIZE` leaves, and the RFC 6962 hash of each chunk (the tree's nodes at
 * height log2(POOL_CHUNK_SIZE)). That is enough to build any member's receipt on request
 * in O(chunk + number of chunks) hashes instead of storing a receipt per member:
 *
 * - a chunk starts at a multiple of a power of two, so its hash is the node of the full
 *   tree covering it (a last, shorter chunk included: RFC 6962 promotes a lone node), and
 *   the path of a leaf below that height is its path in the chunk's own tree;
 * - the tree over the chunk hashes is the full tree's upper part: its root is `poolRoot`
 *   and the path of chunk c in it is the rest of the leaf's path.
 */
import { bytesToHex, hexToBytes, type Sha256 } from '../hash.ts';
import { buildMerkleTree, createTextLeafHasher, HASH_SIZE } from '../merkle.ts';
import { assembleReceipt, computePoolLeaf, type DrawRecord, type PoolMember, type Receipt, type RecordStratum } from './record.ts';
import { computeTicket } from './ticket.ts';

/** Leaves per stored chunk: 2^10, so a receipt hashes about 2,000 nodes and 10^6 members keep 32 KB of chunk hashes. */
export const POOL_CHUNK_SIZE = 1024;

export interface ChunkedPoolTree {
  /** Lowercase hex MTH of the whole pool: its `poolRoot`. */
  readonly root: string;
  /** The hash of each chunk, in chunk order, as one lowercase hex string (64 characters a chunk). */
  readonly chunkRoots: string;
}

/**
 * The pool root and the chunk hashes of members already in credit-code order.
 *
 * @example buildChunkedPoolTree(sortedMembers, nodeSha256).root === computePoolRoot(sortedMembers, nodeSha256) // true
 */
export function buildChunkedPoolTree(sorted: readonly PoolMember[], hash: Sha256): ChunkedPoolTree {
  const leafHash = createTextLeafHasher(hash);
  const chunkRoots: Uint8Array[] = [];
  for (let start = 0; start < sorted.length; start += POOL_CHUNK_SIZE) {
    const leaves: Uint8Array[] = [];
    for (let index = start; index < Math.min(start + POOL_CHUNK_SIZE, sorted.length); index++) leaves.push(leafHash(computePoolLeaf(sorted[index] as PoolMember)));
    chunkRoots.push(buildMerkleTree(leaves, hash).root());
  }
  return { root: bytesToHex(buildMerkleTree(chunkRoots, hash).root()), chunkRoots: chunkRoots.map(bytesToHex).join('') };
}

/** What a receipt takes from its stratum in the audit record. */
export type ReceiptStratum = Pick<RecordStratum, 'label' | 'threshold' | 'thresholdCode' | 'salt' | 'N' | 'k'>;

/**
 * The strata of an audit record without their members: what the draw stores for receipts.
 *
 * @example receiptStrataOf(audit) // [{ label: 'A', N: 30, k: 2, threshold: '0.04…', thresholdCode: '9135…', salt: '…' }, …]
 */
export function receiptStrataOf(record: DrawRecord): ReceiptStratum[] {
  return record.strata.map(({ label, N, k, threshold, thresholdCode, salt }) => ({ label, N, k, threshold, thresholdCode, salt }));
}

/** Everything of a drawn task a receipt needs besides its member's chunk. */
export interface ReceiptContext {
  readonly task: string;
  readonly seed: string;
  readonly poolRoot: string;
  readonly treeSize: number;
  /** `receiptStrataOf(audit)`: thresholds and, when sealed, N, k and salt. */
  readonly strata: readonly ReceiptStratum[];
  /** `ChunkedPoolTree['chunkRoots']`. */
  readonly chunkRoots: string;
}

/** One stored chunk with its members' salts derived again. */
export interface PoolChunk {
  readonly index: number;
  /** In credit-code order. */
  readonly members: readonly PoolMember[];
}

/**
 * The receipt of `code`, exactly as `createReceiptIssuer` issues it from the whole audit
 * record, or undefined when the chunk does not hold `code` (not a member). Throws when the
 * chunk or the stored hashes do not give `poolRoot` (a damaged store or a changed secret).
 *
 * @example buildChunkReceipt(context, { index: 3, members }, '91350100M000100Y43', nodeSha256)?.proof
 */
export function buildChunkReceipt(context: ReceiptContext, chunk: PoolChunk, code: string, hash: Sha256): Receipt | undefined {
  const local = chunk.members.findIndex((member) => member.code === code);
  if (local < 0) return undefined;
  const member = chunk.members[local] as PoolMember;
  const stratum = context.strata.find((entry) => entry.label === member.stratum);
  if (!stratum) throw new Error(`member ${code} is in stratum ${member.stratum}, which the draw does not have`);
  const leafHash = createTextLeafHasher(hash);
  const chunkTree = buildMerkleTree(chunk.members.map((entry) => leafHash(computePoolLeaf(entry))), hash);
  const stored = hexToBytes(context.chunkRoots);
  if (!stored) throw new Error(`the stored chunk hashes of ${context.task} are not hex`);
  const chunkRoots: Uint8Array[] = [];
  for (let offset = 0; offset < stored.length; offset += HASH_SIZE) chunkRoots.push(stored.subarray(offset, offset + HASH_SIZE));
  if (bytesToHex(chunkTree.root()) !== bytesToHex(chunkRoots[chunk.index] ?? new Uint8Array())) throw new Error(`pool chunk ${chunk.index} of ${context.task} does not match its stored hash`);
  const upperTree = buildMerkleTree(chunkRoots, hash);
  if (bytesToHex(upperTree.root()) !== context.poolRoot) throw new Error(`the stored chunk hashes of ${context.task} do not give its poolRoot`);
  return assembleReceipt({
    task: context.task,
    member,
    stratum,
    ticket: computeTicket(context.seed, code, hash),
    leafIndex: chunk.index * POOL_CHUNK_SIZE + local,
    treeSize: context.treeSize,
    proof: [...chunkTree.inclusionProofHex(local), ...upperTree.inclusionProofHex(chunk.index)],
    poolRoot: context.poolRoot,
  });
}
