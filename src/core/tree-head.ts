/**
 * Signed tree heads of the publication log (RFC 6962 section 3.5, in JSON): the log's size,
 * its Merkle Tree Hash and the time, signed with the bureau's Ed25519 key. The signature is
 * over the UTF-8 bytes of the RFC 8785 canonical form of the head without its `signature`:
 * `{"format":"suiji.tree-head/1","keySetFingerprint":…,"rootHash":…,"timestamp":…,"treeSize":…}`
 * (`keySetFingerprint` only in heads signed since it was added). The `format` field keeps a
 * tree-head signature from ever reading as a record signature.
 *
 * A mirror that saved an old head checks a new one with `checkTreeHeadConsistency`: both
 * signatures, and the RFC 6962 consistency proof between them. A bureau that rewrote any old
 * entry cannot produce that proof.
 */
import { hexToBytes, type Sha256 } from './hash.ts';
import { verifyConsistency } from './merkle.ts';
import { err, ok, type Result } from './result.ts';
import { describeSignatureIssue, verifyEnvelopeSignature, type PublicKeySet, type RecordSignature, type SignatureIssue } from './signature.ts';

export const TREE_HEAD_FORMAT = 'suiji.tree-head/1';

/** What a tree-head signature covers. */
export interface TreeHeadPayload {
  readonly format: typeof TREE_HEAD_FORMAT;
  readonly treeSize: number;
  /** MTH of the first `treeSize` leaves, 64 lowercase hex characters. */
  readonly rootHash: string;
  /** Milliseconds since 1970-01-01T00:00:00Z, as RFC 6962's timestamp. */
  readonly timestamp: number;
  /**
   * The fingerprint of the key set the bureau published when it signed this head
   * (src/core/key-set-fingerprint.ts), so a verifier sees which key set was pinned. Heads
   * signed before it existed have none, and still verify.
   */
  readonly keySetFingerprint?: string;
}

export interface SignedTreeHead extends TreeHeadPayload {
  readonly signature: RecordSignature;
}

/**
 * The signed part of a tree head, in a fixed shape (extra fields of the input are dropped).
 *
 * @example treeHeadPayload(head) // { format: 'suiji.tree-head/1', treeSize: 3, rootHash: '…', timestamp: 1767225600000 }
 */
export function treeHeadPayload(head: Omit<TreeHeadPayload, 'format'>): TreeHeadPayload {
  const payload = { format: TREE_HEAD_FORMAT, treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp } as const;
  return head.keySetFingerprint === undefined ? payload : { ...payload, keySetFingerprint: head.keySetFingerprint };
}

export type TreeHeadIssue =
  | { readonly code: 'malformed_tree_head'; readonly which: 'old' | 'new'; readonly reason: string }
  | { readonly code: 'tree_head_signature'; readonly which: 'old' | 'new'; readonly issue: SignatureIssue }
  | { readonly code: 'tree_shrank'; readonly oldSize: number; readonly newSize: number }
  | { readonly code: 'malformed_proof'; readonly reason: string }
  | { readonly code: 'inconsistent'; readonly oldSize: number; readonly newSize: number };

function isHex64(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/**
 * A signed tree head from parsed JSON, or the reason it is not one.
 *
 * @example parseSignedTreeHead(JSON.parse(text)) // ok({ format, treeSize, rootHash, timestamp, signature })
 */
export function parseSignedTreeHead(value: unknown): Result<SignedTreeHead, string> {
  if (typeof value !== 'object' || value === null) return err('expected a JSON object');
  const head = value as Record<string, unknown>;
  if (head.format !== TREE_HEAD_FORMAT) return err(`format: expected "${TREE_HEAD_FORMAT}"`);
  if (!Number.isSafeInteger(head.treeSize) || (head.treeSize as number) < 0) return err('treeSize: expected a non-negative integer');
  if (!isHex64(head.rootHash)) return err('rootHash: expected 64 lowercase hex characters');
  if (!Number.isSafeInteger(head.timestamp) || (head.timestamp as number) < 0) return err('timestamp: expected milliseconds since 1970 as an integer');
  if (head.keySetFingerprint !== undefined && !isHex64(head.keySetFingerprint)) return err('keySetFingerprint: expected 64 lowercase hex characters');
  const signature = head.signature as Record<string, unknown> | undefined;
  if (typeof signature !== 'object' || signature === null || typeof signature.keyId !== 'string' || signature.algorithm !== 'Ed25519' || typeof signature.value !== 'string') {
    return err('signature: expected {"keyId": string, "algorithm": "Ed25519", "value": base64}');
  }
  return ok({
    ...treeHeadPayload(head as unknown as TreeHeadPayload),
    signature: { keyId: signature.keyId, algorithm: 'Ed25519', value: signature.value },
  });
}

/**
 * Checks a tree head's Ed25519 signature against the bureau's key set.
 *
 * @example verifyTreeHeadSignature(head, keys) // ok(keyEntry) or err({ code: 'bad_signature', keyId })
 */
export function verifyTreeHeadSignature(head: SignedTreeHead, keys: PublicKeySet): Result<unknown, SignatureIssue> {
  return verifyEnvelopeSignature({ record: treeHeadPayload(head), recordHash: '', signature: head.signature }, keys);
}

/**
 * Does the new signed tree head extend the old one? Both signatures must verify, the tree
 * must not have shrunk, and the RFC 6962 consistency proof (hex nodes) must lead from the
 * old root to the new (RFC 9162 section 2.1.4.2).
 *
 * @example checkTreeHeadConsistency(oldHead, newHead, proof.proof, keys, nobleSha256) // ok(undefined)
 */
export function checkTreeHeadConsistency(
  oldHead: SignedTreeHead,
  newHead: SignedTreeHead,
  proof: readonly string[],
  keys: PublicKeySet,
  hash: Sha256,
): Result<undefined, TreeHeadIssue> {
  for (const [which, head] of [['old', oldHead], ['new', newHead]] as const) {
    const signed = verifyTreeHeadSignature(head, keys);
    if (!signed.ok) return err({ code: 'tree_head_signature', which, issue: signed.error });
  }
  if (newHead.treeSize < oldHead.treeSize) return err({ code: 'tree_shrank', oldSize: oldHead.treeSize, newSize: newHead.treeSize });
  const nodes = proof.map((node) => (isHex64(node) ? hexToBytes(node) : undefined));
  const badIndex = nodes.findIndex((node) => node === undefined);
  if (badIndex >= 0) return err({ code: 'malformed_proof', reason: `proof[${badIndex}] is not 64 lowercase hex characters` });
  const consistent = verifyConsistency(
    {
      oldSize: oldHead.treeSize,
      newSize: newHead.treeSize,
      oldRoot: hexToBytes(oldHead.rootHash) as Uint8Array,
      newRoot: hexToBytes(newHead.rootHash) as Uint8Array,
      proof: nodes as Uint8Array[],
    },
    hash,
  );
  return consistent ? ok(undefined) : err({ code: 'inconsistent', oldSize: oldHead.treeSize, newSize: newHead.treeSize });
}

/** A one-line English reason for a tree-head issue. */
export function describeTreeHeadIssue(issue: TreeHeadIssue): string {
  switch (issue.code) {
    case 'malformed_tree_head':
      return `the ${issue.which} tree head is not a ${TREE_HEAD_FORMAT}: ${issue.reason}`;
    case 'tree_head_signature':
      return `the ${issue.which} tree head's signature: ${describeSignatureIssue(issue.issue)}`;
    case 'tree_shrank':
      return `the log shrank from ${issue.oldSize} to ${issue.newSize} leaves`;
    case 'malformed_proof':
      return `the consistency proof is malformed: ${issue.reason}`;
    case 'inconsistent':
      return `the tree of ${issue.newSize} leaves does not extend the tree of ${issue.oldSize}: an old entry was changed, or the proof is wrong`;
  }
}
