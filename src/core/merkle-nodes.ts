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
import { checkTreeSize, hashChildren, type LeafRange } from './merkle.ts';

export { planConsistencyProof, planInclusionProof, type LeafRange } from './merkle.ts';
import type { Sha256 } from './hash.ts';

/** A complete subtree: leaves `[position·2^level, (position+1)·2^level)`. Level 0 is a leaf hash. */
export interface NodeRef {
  readonly level: number;
  readonly position: number;
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
  checkTreeSize(size);
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
