/**
 * The publication log (issue 5, draw/v1 section 9): every published record's 32-byte digest
 * is appended as a leaf of an RFC 6962 Merkle log, and a tree head is signed after every
 * append, inside the publishing transaction, so a record is never public without a signed
 * head that covers it. Anyone holding an old head can ask for a consistency proof to the
 * new one: a rewritten old entry cannot produce one.
 *
 * Storage: leaves, the complete subtrees (immutable, ~2 per leaf) and one signed head per
 * size. An append reads the O(log n) frontier and writes O(1) amortised nodes; a proof reads
 * O(log n) nodes in one query (src/core/merkle-nodes.ts). Nothing ever reads the whole log.
 *
 * Concurrency: appends take a transaction-scoped advisory lock, so two publishing
 * transactions append one after the other and leaf indexes are dense. The caller's
 * transaction must be READ COMMITTED (PostgreSQL's default): after waiting for the lock,
 * the next statement must see the other append.
 */
import { bytesToHex, hexToBytes } from '../core/hash.ts';
import { hashLeaf } from '../core/merkle.ts';
import {
  appendLeaf,
  assembleRanges,
  decomposeRange,
  nodeKey,
  nodesOfRanges,
  planConsistencyProof,
  planInclusionProof,
  type LeafRange,
  type NodeRef,
} from '../core/merkle-nodes.ts';
import { computeKeySetFingerprint } from '../core/key-set-fingerprint.ts';
import { err, ok, type Result } from '../core/result.ts';
import { treeHeadPayload, type SignedTreeHead } from '../core/tree-head.ts';
import type { Executor } from '../persistence/database.ts';
import {
  findLatestTreeHead,
  findLeafByIndex,
  findLeafByRecordHash,
  findLogNodes,
  findTreeHead,
  insertLogAppend,
  listLogLeaves,
  lockPublicationLog,
  type LogTreeHeadRow,
} from '../persistence/publication-log-repository.ts';
import type { LogLeafKind } from '../persistence/schema/index.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { nodeSha256 } from './node-hash.ts';
import { publicKeySetOf, signRecord, type SigningKey } from './record-signing.ts';

export type { LogLeafKind } from '../persistence/schema/index.ts';

export interface LogAppend {
  readonly kind: LogLeafKind;
  /** What the record is about: a task code, a list edition, … */
  readonly reference: string;
  /** sha256hex(canonical(record)), 64 lowercase hex characters. */
  readonly recordHash: string;
}

export interface LogAppendResult {
  readonly leafIndex: number;
  /** The size of the log after this append (or now, when the record was already logged). */
  readonly treeSize: number;
  readonly treeHead: SignedTreeHead;
  /** True when the record hash was already a leaf: nothing was appended. */
  readonly alreadyLogged: boolean;
}

export interface LogLeaf {
  readonly leafIndex: number;
  readonly recordHash: string;
  readonly kind: LogLeafKind;
  readonly reference: string;
  /** ISO 8601 UTC. */
  readonly appendedAt: string;
}

/** The shape `suiji verify --log-proof` reads (src/core/verify/check-log.ts). */
export interface LogInclusionProofDocument {
  readonly recordHash: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly rootHash: string;
  /** RFC 6962 audit path, bottom-up, hex. */
  readonly proof: string[];
  /** The signed head of the tree of `treeSize` leaves: the verifier checks the proof against it. */
  readonly treeHead: SignedTreeHead;
  /** The head signed when this leaf was appended (the tree of `leafIndex + 1` leaves): when the log first covered it. */
  readonly appendedTreeHead: SignedTreeHead;
  /** RFC 6962 PROOF(leafIndex + 1, D[treeSize]): `treeHead` extends `appendedTreeHead`. */
  readonly appendedConsistencyProof: string[];
}

export interface LogConsistencyProofDocument {
  readonly first: number;
  readonly second: number;
  /** RFC 6962 PROOF(first, D[second]), hex. */
  readonly proof: string[];
  readonly firstTreeHead: SignedTreeHead;
  readonly secondTreeHead: SignedTreeHead;
}

export type LogProofIssue =
  | { readonly code: 'empty_log' }
  | { readonly code: 'unknown_record'; readonly recordHash: string }
  | { readonly code: 'tree_size_out_of_range'; readonly treeSize: number; readonly latestSize: number }
  | { readonly code: 'leaf_not_in_tree'; readonly leafIndex: number; readonly treeSize: number }
  | { readonly code: 'sizes_out_of_order'; readonly first: number; readonly second: number };

/** Most leaves `getLeaves` returns at once. */
export const MAX_LEAVES_PER_PAGE = 1000;

const hash = nodeSha256;

function toSignedTreeHead(row: LogTreeHeadRow): SignedTreeHead {
  return {
    ...treeHeadPayload({ treeSize: row.treeSize, rootHash: row.rootHash, timestamp: row.timestamp, ...(row.keySetFingerprint === null ? {} : { keySetFingerprint: row.keySetFingerprint }) }),
    signature: { keyId: row.keyId, algorithm: 'Ed25519', value: row.signature },
  };
}

/** The signing key and the fingerprint of the published key set it belongs to. */
function signerOf(signer: SigningKey | BureauKeys): { key: SigningKey; keySetFingerprint: string } {
  const keys = 'signingKey' in signer ? [signer.signingKey, ...signer.retiredKeys] : [signer];
  return { key: keys[0] as SigningKey, keySetFingerprint: computeKeySetFingerprint(publicKeySetOf(keys), hash) };
}

function leafHashOf(recordHash: string): Uint8Array {
  const digest = /^[0-9a-f]{64}$/.test(recordHash) ? hexToBytes(recordHash) : undefined;
  if (!digest) throw new Error(`record hash ${JSON.stringify(recordHash)} is not 64 lowercase hex characters`);
  // The leaf is the record's raw 32-byte digest (spec section 9), not its hex text.
  return hashLeaf(digest, hash);
}

/**
 * Immutable complete subtrees read before, kept per process: a node never changes once
 * written, so the cache needs no invalidation. Give it only to reads of committed data
 * (not inside a transaction that may roll back an append).
 */
export class LogNodeCache {
  private readonly nodes = new Map<string, Uint8Array>();

  constructor(private readonly maxNodes = 1 << 20) {}

  get size(): number {
    return this.nodes.size;
  }

  get(node: NodeRef): Uint8Array | undefined {
    return this.nodes.get(nodeKey(node));
  }

  set(node: NodeRef, value: Uint8Array): void {
    // Proofs keep needing the same large subtrees; a full cache simply starts over.
    if (this.nodes.size >= this.maxNodes) this.nodes.clear();
    this.nodes.set(nodeKey(node), value);
  }
}

async function loadNodes(executor: Executor, nodes: readonly NodeRef[], cache: LogNodeCache | undefined): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  const missing: NodeRef[] = [];
  for (const node of nodes) {
    const cached = cache?.get(node);
    if (cached) found.set(nodeKey(node), cached);
    else missing.push(node);
  }
  for (const row of await findLogNodes(executor, missing)) {
    const value = hexToBytes(row.hash) as Uint8Array;
    found.set(nodeKey(row), value);
    cache?.set(row, value);
  }
  return found;
}

async function hashRanges(executor: Executor, ranges: readonly LeafRange[], cache?: LogNodeCache): Promise<string[]> {
  const nodes = await loadNodes(executor, nodesOfRanges(ranges), cache);
  return assembleRanges(ranges, (node) => nodes.get(nodeKey(node)), hash).map(bytesToHex);
}

/**
 * Appends a published record's digest to the log and signs the new tree head, inside the
 * caller's transaction when given one (the lock and the rows then commit or roll back with
 * it). Appending a digest that is already a leaf returns that leaf and appends nothing. The
 * head pins the fingerprint of the published key set: the bureau's keys (current and
 * retired), or a lone signing key's own one-key set.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await saveDrawRecord(tx, envelope);
 *   const { leafIndex, treeSize } = await appendRecordToLog(tx, { kind: 'draw_record', reference: task.code, recordHash: envelope.recordHash }, bureauKey);
 * });
 */
export async function appendRecordToLog(executor: Executor, entry: LogAppend, signer: SigningKey | BureauKeys, clock: () => Date = () => new Date()): Promise<LogAppendResult> {
  const leafHash = leafHashOf(entry.recordHash);
  const { key, keySetFingerprint } = signerOf(signer);
  // A nested transaction is a savepoint in the caller's; the advisory lock stays with the outer one.
  return executor.transaction(async (tx) => {
    await lockPublicationLog(tx);
    const latest = await findLatestTreeHead(tx);
    const existing = await findLeafByRecordHash(tx, entry.recordHash);
    if (existing) {
      if (!latest) throw new Error('the log has a leaf but no tree head');
      return { leafIndex: existing.leafIndex, treeSize: latest.treeSize, treeHead: toSignedTreeHead(latest), alreadyLogged: true };
    }
    const size = latest?.treeSize ?? 0;
    const frontierNodes = decomposeRange({ start: 0, end: size });
    const stored = await loadNodes(tx, frontierNodes, undefined);
    const frontier = frontierNodes.map((node) => {
      const value = stored.get(nodeKey(node));
      if (!value) throw new Error(`the log of ${size} leaves lacks its subtree ${nodeKey(node)}`);
      return value;
    });
    const appended = appendLeaf(frontier, leafHash, size, hash);
    // Heads never go back in time, even if the clock does.
    const timestamp = Math.max(clock().getTime(), latest?.timestamp ?? 0);
    const payload = treeHeadPayload({ treeSize: size + 1, rootHash: bytesToHex(appended.root), timestamp, keySetFingerprint });
    const { signature } = signRecord(payload, key);
    await insertLogAppend(tx, {
      leaf: { leafIndex: size, recordHash: entry.recordHash, kind: entry.kind, reference: entry.reference },
      nodes: appended.created.map((created) => ({ ...created.node, hash: bytesToHex(created.hash) })),
      treeHead: { treeSize: payload.treeSize, rootHash: payload.rootHash, timestamp, keyId: signature.keyId, signature: signature.value, keySetFingerprint },
    });
    return { leafIndex: size, treeSize: size + 1, treeHead: { ...payload, signature }, alreadyLogged: false };
  });
}

/**
 * The latest signed tree head, or undefined while the log is empty.
 *
 * @example await getLatestTreeHead(db) // { format: 'suiji.tree-head/1', treeSize: 42, rootHash, timestamp, signature }
 */
export async function getLatestTreeHead(executor: Executor): Promise<SignedTreeHead | undefined> {
  const row = await findLatestTreeHead(executor);
  return row && toSignedTreeHead(row);
}

/**
 * The signed tree head of a past (or the current) size.
 *
 * @example await getTreeHead(db, 17)
 */
export async function getTreeHead(executor: Executor, treeSize: number): Promise<SignedTreeHead | undefined> {
  const row = await findTreeHead(executor, treeSize);
  return row && toSignedTreeHead(row);
}

async function resolveTreeHead(executor: Executor, treeSize: number | undefined): Promise<Result<SignedTreeHead, LogProofIssue>> {
  const latest = await getLatestTreeHead(executor);
  if (!latest) return err({ code: 'empty_log' });
  if (treeSize === undefined || treeSize === latest.treeSize) return ok(latest);
  const head = Number.isSafeInteger(treeSize) && treeSize >= 1 && treeSize < latest.treeSize ? await getTreeHead(executor, treeSize) : undefined;
  if (!head) return err({ code: 'tree_size_out_of_range', treeSize, latestSize: latest.treeSize });
  return ok(head);
}

/**
 * The inclusion proof of a record (by its hash) or of a leaf (by index) in the tree of
 * `treeSize` leaves (default: the latest), with that tree's signed head, and the head signed
 * when the leaf was appended with the consistency proof from it (so a verifier sees when the
 * log first covered the leaf). The document is what `suiji verify RECORD --log-proof
 * PROOF.json` takes.
 *
 * @example await getInclusionProof(db, { recordHash: envelope.recordHash }) // ok({ leafIndex, treeSize, rootHash, proof, treeHead, appendedTreeHead, appendedConsistencyProof, recordHash })
 */
export async function getInclusionProof(
  executor: Executor,
  leaf: { readonly recordHash: string } | { readonly leafIndex: number },
  treeSize?: number,
  cache?: LogNodeCache,
): Promise<Result<LogInclusionProofDocument, LogProofIssue>> {
  const head = await resolveTreeHead(executor, treeSize);
  if (!head.ok) return head;
  const size = head.value.treeSize;
  const row = 'recordHash' in leaf ? await findLeafByRecordHash(executor, leaf.recordHash) : await findLeafByIndex(executor, leaf.leafIndex);
  if (!row) {
    if ('recordHash' in leaf) return err({ code: 'unknown_record', recordHash: leaf.recordHash });
    return err({ code: 'leaf_not_in_tree', leafIndex: leaf.leafIndex, treeSize: size });
  }
  if (row.leafIndex >= size) return err({ code: 'leaf_not_in_tree', leafIndex: row.leafIndex, treeSize: size });
  const proof = await hashRanges(executor, planInclusionProof(row.leafIndex, size), cache);
  const appendedSize = row.leafIndex + 1;
  const appendedTreeHead = appendedSize === size ? head.value : await getTreeHead(executor, appendedSize);
  if (!appendedTreeHead) throw new Error(`the log has no signed head of size ${appendedSize}`);
  const appendedConsistencyProof = await hashRanges(executor, planConsistencyProof(appendedSize, size), cache);
  return ok({ recordHash: row.recordHash, leafIndex: row.leafIndex, treeSize: size, rootHash: head.value.rootHash, proof, treeHead: head.value, appendedTreeHead, appendedConsistencyProof });
}

/**
 * The RFC 6962 consistency proof from the tree of `first` leaves to the tree of `second`
 * (1 ≤ first ≤ second ≤ latest), with both signed heads.
 *
 * @example await getConsistencyProof(db, 10, 42) // ok({ first: 10, second: 42, proof: ['…'], firstTreeHead, secondTreeHead })
 */
export async function getConsistencyProof(executor: Executor, first: number, second: number, cache?: LogNodeCache): Promise<Result<LogConsistencyProofDocument, LogProofIssue>> {
  if (first > second) return err({ code: 'sizes_out_of_order', first, second });
  const secondHead = await resolveTreeHead(executor, second);
  if (!secondHead.ok) return secondHead;
  const firstHead = await resolveTreeHead(executor, first);
  if (!firstHead.ok) return firstHead;
  const proof = await hashRanges(executor, planConsistencyProof(first, second), cache);
  return ok({ first, second, proof, firstTreeHead: firstHead.value, secondTreeHead: secondHead.value });
}

/**
 * Leaves `[start, end)` in order, at most `MAX_LEAVES_PER_PAGE` of them (the end is cut).
 *
 * @example await getLeaves(db, 0, 100) // [{ leafIndex: 0, recordHash, kind, reference, appendedAt }, …]
 */
export async function getLeaves(executor: Executor, start: number, end: number): Promise<LogLeaf[]> {
  const rows = await listLogLeaves(executor, start, Math.min(end, start + MAX_LEAVES_PER_PAGE));
  return rows.map((row) => ({ leafIndex: row.leafIndex, recordHash: row.recordHash, kind: row.kind, reference: row.reference, appendedAt: row.appendedAt.toISOString() }));
}

/** A one-line English reason for a proof issue. */
export function describeLogProofIssue(issue: LogProofIssue): string {
  switch (issue.code) {
    case 'empty_log':
      return 'the publication log is empty';
    case 'unknown_record':
      return `no record with hash ${issue.recordHash} is in the publication log`;
    case 'tree_size_out_of_range':
      return `tree size ${issue.treeSize} is outside 1..${issue.latestSize}`;
    case 'leaf_not_in_tree':
      return `leaf ${issue.leafIndex} is not in the tree of ${issue.treeSize} leaves`;
    case 'sizes_out_of_order':
      return `the first size ${issue.first} is larger than the second ${issue.second}`;
  }
}
