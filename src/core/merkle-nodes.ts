/**
 * RFC 6962 proofs from stored subtree hashes, for a log that keeps its tree in a database.
 *
 * A log only ever appends, so a complete subtree, the node `(level, position)` covering
 * leaves `[position·2^level, (position+1)·2^level)`, never changes once its last leaf exists.
 * Storing those nodes (about 2n in all, at most 1 + log2(n) new per append) lets a server
 * answer any inclusion or consistency proof, and compute any root, from O(log n) stored
 * nodes instead of all n leaves:
 *
 * - every range RFC 6962's recursion visits starts at a multiple of a power of two at least
 *   as large as the range, so it splits, largest first, into complete subtrees (the binary
 *   digits of its length), and its hash is those nodes folded from the right:
 *   MTH = node(S1, node(S2, … node(Sk-1, Sk)));
 * - `planInclusionProof` / `planConsistencyProof` list those ranges exactly as
 *   `buildMerkleTree` in merkle.ts walks them, and `assembleRanges` turns them into hashes.
 */
import { hashChildren } from './merkle.ts';
import type { Sha256 } from './hash.ts';

/** A complete subtree: leaves `[position·2^level, (position+1)·2^level)`. Level 0 is a leaf hash. */
export interface NodeRef {
  readonly level: number;
  readonly position: number;
}

/** A half-open leaf range `[start, end)`. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/** Largest power of two strictly smaller than n (n ≥ 2), as in RFC 6962's split. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees that make up a range, largest first.
 *
 * @example decomposeRange({ start: 0, end: 6 }) // [{ level: 2, position: 0 }, { level: 1, position: 2 }]
 */
export function decomposeRange(range: LeafRange): NodeRef[] {
  const nodes: NodeRef[] = [];
  let start = range.start;
  while (start < range.end) {
    let width = 1;
    while (start % (width * 2) === 0 && start + width * 2 <= range.end) width *= 2;
    nodes.push({ level: Math.log2(width), position: start / width });
    start += width;
  }
  return nodes;
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`tree size ${size} is not a non-negative integer`);
}

/**
 * The ranges whose hashes form PATH(index, D[size]), bottom-up (RFC 6962 section 2.1.1).
 *
 * @example planInclusionProof(2, 3) // [{ start: 0, end: 2 }]
 */
export function planInclusionProof(index: number, size: number): LeafRange[] {
  checkSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new Error(`leaf index ${index} outside 0..${size - 1}`);
  const topDown: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      topDown.push({ start: start + k, end });
      end = start + k;
    } else {
      topDown.push({ start, end: start + k });
      start += k;
    }
  }
  return topDown.reverse();
}

/**
 * The ranges whose hashes form PROOF(oldSize, D[newSize]) (RFC 6962 section 2.1.2).
 *
 * @example planConsistencyProof(3, 4) // [{ start: 2, end: 3 }, { start: 3, end: 4 }, { start: 0, end: 2 }]
 */
export function planConsistencyProof(oldSize: number, newSize: number): LeafRange[] {
  checkSize(newSize);
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > newSize) throw new Error(`old size ${oldSize} outside 0..${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const tailTopDown: LeafRange[] = [];
  let start = 0;
  let end = newSize;
  let m = oldSize;
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      tailTopDown.push({ start: start + k, end });
      end = start + k;
    } else {
      tailTopDown.push({ start, end: start + k });
      start += k;
      m -= k;
      whole = false;
    }
  }
  // The subproof's own node is left out when the old tree is the left edge (RFC 6962's b = true).
  const head = whole ? [] : [{ start, end }];
  return [...head, ...tailTopDown.reverse()];
}

/**
 * Every stored node the ranges need, each once, in a stable order (for one database read).
 *
 * @example nodesOfRanges([{ start: 0, end: 3 }]) // [{ level: 1, position: 0 }, { level: 0, position: 2 }]
 */
export function nodesOfRanges(ranges: readonly LeafRange[]): NodeRef[] {
  const seen = new Map<string, NodeRef>();
  for (const range of ranges) for (const node of decomposeRange(range)) seen.set(nodeKey(node), node);
  return [...seen.values()];
}

/** `"level/position"`, a map key for a node. */
export function nodeKey(node: NodeRef): string {
  return `${node.level}/${node.position}`;
}

/**
 * The hash of each range from the stored nodes; `lookup` throws or returns undefined for a
 * node it does not have (a bug or a damaged store: this throws).
 *
 * @example assembleRanges(planInclusionProof(5, 8), (node) => stored.get(nodeKey(node)), nobleSha256)
 */
export function assembleRanges(ranges: readonly LeafRange[], lookup: (node: NodeRef) => Uint8Array | undefined, hash: Sha256): Uint8Array[] {
  return ranges.map((range) => {
    const nodes = decomposeRange(range);
    if (nodes.length === 0) return hash.bytes(new Uint8Array());
    const hashes = nodes.map((node) => {
      const value = lookup(node);
      if (!value) throw new Error(`the log has no stored node ${nodeKey(node)}`);
      return value;
    });
    let running = hashes[hashes.length - 1] as Uint8Array;
    for (let index = hashes.length - 2; index >= 0; index--) running = hashChildren(hashes[index] as Uint8Array, running, hash);
    return running;
  });
}

export interface AppendedNodes {
  /** The nodes completed by the new leaf: the leaf itself and each parent it completes. */
  readonly created: readonly { readonly node: NodeRef; readonly hash: Uint8Array }[];
  /** MTH of the tree with the new leaf. */
  readonly root: Uint8Array;
}

/**
 * Appends leaf `size` (0-based) to a tree of `size` leaves given that tree's frontier, the
 * hashes of `decomposeRange({start: 0, end: size})` in order: returns the new complete nodes
 * to store and the new root, in O(log n) hashes.
 *
 * @example appendLeaf([], leafHash, 0, nobleSha256) // { created: [{ node: {level: 0, position: 0}, hash: leafHash }], root: leafHash }
 */
export function appendLeaf(frontier: readonly Uint8Array[], leafHash: Uint8Array, size: number, hash: Sha256): AppendedNodes {
  checkSize(size);
  const expected = decomposeRange({ start: 0, end: size });
  if (expected.length !== frontier.length) throw new Error(`a tree of ${size} leaves has a frontier of ${expected.length} nodes, got ${frontier.length}`);
  const remaining = [...frontier];
  const created: { node: NodeRef; hash: Uint8Array }[] = [{ node: { level: 0, position: size }, hash: leafHash }];
  let carry = leafHash;
  let level = 0;
  let position = size;
  // Like adding one to a binary counter: each trailing one of `size` merges a left sibling.
  while (position % 2 === 1) {
    const left = remaining.pop() as Uint8Array;
    carry = hashChildren(left, carry, hash);
    level += 1;
    position = (position - 1) / 2;
    created.push({ node: { level, position }, hash: carry });
  }
  remaining.push(carry);
  let root = remaining[remaining.length - 1] as Uint8Array;
  for (let index = remaining.length - 2; index >= 0; index--) root = hashChildren(remaining[index] as Uint8Array, root, hash);
  return { created, root };
}
