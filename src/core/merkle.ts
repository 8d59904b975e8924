/**
 * RFC 6962 section 2.1 Merkle Tree Hash over byte-array leaves, with audit paths
 * (inclusion proofs, 2.1.1), consistency proofs (2.1.2) and their verification
 * (RFC 9162 sections 2.1.3.2 and 2.1.4.2).
 *
 *   MTH({})       = SHA-256()
 *   leaf hash     = SHA-256(0x00 || leaf)
 *   node hash     = SHA-256(0x01 || left || right)
 *   MTH(D[n])     = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
 *
 * The tree is stored as one flat byte array per level (32 bytes per node), built bottom-up:
 * pairing neighbours and promoting a lone last node unchanged gives exactly RFC 6962's
 * left-balanced tree, so level h, index j holds MTH(D[j·2^h : min((j+1)·2^h, n)]).
 * A million leaves take ~64 MB and no recursion over arrays.
 */
import { bytesToHex, type Sha256 } from './hash.ts';

export const HASH_SIZE = 32;

const leafPrefix = new Uint8Array([0x00]);

/**
 * RFC 6962 leaf hash, SHA-256(0x00 || leaf).
 *
 * @example hashLeaf(new Uint8Array(), nobleSha256) // 6e340b9c…afa01d
 */
export function hashLeaf(leaf: Uint8Array, hash: Sha256): Uint8Array {
  const input = new Uint8Array(1 + leaf.length);
  input.set(leafPrefix, 0);
  input.set(leaf, 1);
  return hash.bytes(input);
}

/**
 * A function hashing UTF-8 text leaves (RFC 6962 leaf hash of the text's bytes); the fast
 * path for pool leaves `code/stratum/salt`.
 *
 * @example createTextLeafHasher(nobleSha256)('91350100M000100Y43/A/00…')
 */
export function createTextLeafHasher(hash: Sha256): (text: string) => Uint8Array {
  // U+0000 encodes to the single byte 0x00 in UTF-8: the leaf prefix.
  return hash.prefixed('\u0000');
}

/**
 * RFC 6962 interior node hash, SHA-256(0x01 || left || right).
 *
 * @example hashChildren(leftHash, rightHash, nobleSha256)
 */
export function hashChildren(left: Uint8Array, right: Uint8Array, hash: Sha256): Uint8Array {
  const input = new Uint8Array(1 + 2 * HASH_SIZE);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + HASH_SIZE);
  return hash.bytes(input);
}

/** A half-open leaf range `[start, end)`. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

export function checkTreeSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`tree size ${size} is not a non-negative integer`);
}

/**
 * The ranges whose hashes form PATH(index, D[size]), bottom-up (RFC 6962 section 2.1.1).
 *
 * @example planInclusionProof(2, 3) // [{ start: 0, end: 2 }]
 */
export function planInclusionProof(index: number, size: number): LeafRange[] {
  checkTreeSize(size);
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
  checkTreeSize(newSize);
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

/** Largest power of two strictly smaller than n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export interface MerkleTree {
  readonly size: number;
  /** MTH of the first `size` leaves (default: all). */
  root(size?: number): Uint8Array;
  /** RFC 6962 audit path PATH(index, D[size]), bottom-up. */
  inclusionProof(index: number, size?: number): Uint8Array[];
  /**
   * PATH(index, D[size]) at the full size as lowercase hex, bottom-up: one stored node per
   * level, with the hex of the upper levels (shared by many paths) cached. For issuing many
   * receipts from one tree.
   */
  inclusionProofHex(index: number): string[];
  /** RFC 6962 PROOF(oldSize, D[newSize]). */
  consistencyProof(oldSize: number, newSize?: number): Uint8Array[];
}

/**
 * Builds the tree over leaf hashes (already `hashLeaf`ed) so that roots and proofs for
 * this size or any earlier size are cheap.
 *
 * @example
 * const tree = buildMerkleTree(leaves.map((leaf) => hashLeaf(leaf, nobleSha256)), nobleSha256);
 * bytesToHex(tree.root()); tree.inclusionProof(3);
 */
export function buildMerkleTree(leafHashes: readonly Uint8Array[], hash: Sha256): MerkleTree {
  const level = new Uint8Array(leafHashes.length * HASH_SIZE);
  leafHashes.forEach((leafHash, index) => {
    if (leafHash.length !== HASH_SIZE) throw new Error(`leaf hash ${index} has ${leafHash.length} bytes, expected ${HASH_SIZE}`);
    level.set(leafHash, index * HASH_SIZE);
  });
  return buildFromLeafLevel(level, leafHashes.length, hash);
}

/**
 * The tree over UTF-8 text leaves, leaf `i` being `leafText(i)`: each RFC 6962 leaf hash,
 * SHA-256(0x00 || text), is written straight into the packed leaf level (no digest, text
 * bytes or hex per leaf). For pool trees of a million members.
 *
 * @example buildTextLeafMerkleTree(members.length, (index) => `${members[index].code}/A/${salt}`, coreSha256).root()
 */
export function buildTextLeafMerkleTree(size: number, leafText: (index: number) => string, hash: Sha256): MerkleTree {
  checkTreeSize(size);
  const level = new Uint8Array(size * HASH_SIZE);
  // U+0000 encodes to the single byte 0x00 in UTF-8: the leaf prefix.
  const leafWords = hash.prefixedWords('\u0000');
  const words = new Uint32Array(8);
  for (let index = 0; index < size; index++) {
    leafWords(leafText(index), words);
    const at = index * HASH_SIZE;
    for (let word = 0; word < 8; word++) {
      const value = words[word] as number;
      level[at + word * 4] = value >>> 24;
      level[at + word * 4 + 1] = value >>> 16;
      level[at + word * 4 + 2] = value >>> 8;
      level[at + word * 4 + 3] = value;
    }
  }
  return buildFromLeafLevel(level, size, hash);
}

/** Builds every level above the packed leaf hashes and answers roots and proofs from them. */
function buildFromLeafLevel(leafLevel: Uint8Array, size: number, hash: Sha256): MerkleTree {
  const levels: Uint8Array[] = [leafLevel];
  let level = leafLevel;
  // Each pair is copied once behind the 0x01 prefix and hashed into the parent level in place.
  const input = new Uint8Array(1 + 2 * HASH_SIZE);
  input[0] = 0x01;
  const hashNodeInto = hash.bytesInto ?? ((data: Uint8Array, offset: number, length: number, out: Uint8Array, outOffset: number) => out.set(hash.bytes(data.subarray(offset, offset + length)), outOffset));
  let count = size;
  while (count > 1) {
    const parentCount = Math.ceil(count / 2);
    const parent = new Uint8Array(parentCount * HASH_SIZE);
    for (let index = 0; index + 1 < count; index += 2) {
      // Byte by byte: a subarray per node would be a million views.
      const from = index * HASH_SIZE;
      for (let byte = 0; byte < 2 * HASH_SIZE; byte++) input[1 + byte] = level[from + byte] as number;
      hashNodeInto(input, 0, input.length, parent, (index / 2) * HASH_SIZE);
    }
    if (count % 2 === 1) parent.set(level.subarray((count - 1) * HASH_SIZE, count * HASH_SIZE), (parentCount - 1) * HASH_SIZE);
    levels.push(parent);
    level = parent;
    count = parentCount;
  }

  const node = (height: number, index: number): Uint8Array =>
    (levels[height] as Uint8Array).slice(index * HASH_SIZE, (index + 1) * HASH_SIZE);

  /** MTH(D[start:end]) for the ranges RFC 6962's recursion visits (start aligned). */
  const rangeHash = (start: number, end: number): Uint8Array => {
    const length = end - start;
    let height = 0;
    while (2 ** height < length) height++;
    // A stored node covers [start, min(start + 2^h, size)): exact when the range is complete or reaches the end.
    if (start % 2 ** height === 0 && (end === start + 2 ** height || end === size)) return node(height, start / 2 ** height);
    const k = splitPoint(length);
    return hashChildren(rangeHash(start, start + k), rangeHash(start + k, end), hash);
  };

  /** At the full size every sibling on the path is a stored node: j ^ 1 at each level where it exists (a lone last node is promoted, so it has none there). */
  const fullPathNodes = (index: number): [number, number][] => {
    const nodes: [number, number][] = [];
    let position = index;
    for (let height = 0; height + 1 < levels.length; height++) {
      const sibling = position ^ 1;
      if (sibling * HASH_SIZE < (levels[height] as Uint8Array).length) nodes.push([height, sibling]);
      position >>= 1;
    }
    return nodes;
  };

  // Levels below this are each read by at most a few paths; caching their hex costs more memory than it saves.
  const CACHED_FROM_HEIGHT = 3;
  const hexCache: (string | undefined)[][] = [];
  const nodeHex = (height: number, index: number): string => {
    if (height < CACHED_FROM_HEIGHT) return bytesToHex((levels[height] as Uint8Array).subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE));
    const cache = (hexCache[height] ??= []);
    return (cache[index] ??= bytesToHex((levels[height] as Uint8Array).subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE)));
  };

  const checkSize = (value: number): number => {
    if (!Number.isInteger(value) || value < 0 || value > size) throw new Error(`tree size ${value} outside 0..${size}`);
    return value;
  };

  return {
    size,
    root(treeSize = size) {
      checkSize(treeSize);
      if (treeSize === 0) return hash.bytes(new Uint8Array());
      return rangeHash(0, treeSize);
    },
    inclusionProof(index, treeSize = size) {
      checkSize(treeSize);
      if (!Number.isInteger(index) || index < 0 || index >= treeSize) throw new Error(`leaf index ${index} outside 0..${treeSize - 1}`);
      if (treeSize === size) return fullPathNodes(index).map(([height, position]) => node(height, position));
      return planInclusionProof(index, treeSize).map((range) => rangeHash(range.start, range.end));
    },
    inclusionProofHex(index) {
      if (!Number.isInteger(index) || index < 0 || index >= size) throw new Error(`leaf index ${index} outside 0..${size - 1}`);
      return fullPathNodes(index).map(([height, position]) => nodeHex(height, position));
    },
    consistencyProof(oldSize, newSize = size) {
      checkSize(newSize);
      if (!Number.isInteger(oldSize) || oldSize < 0 || oldSize > newSize) throw new Error(`old size ${oldSize} outside 0..${newSize}`);
      return planConsistencyProof(oldSize, newSize).map((range) => rangeHash(range.start, range.end));
    },
  };
}

function isPowerOfTwo(value: number): boolean {
  let power = 1;
  while (power < value) power *= 2;
  return power === value;
}

const isOdd = (value: number): boolean => value % 2 === 1;
const half = (value: number): number => Math.floor(value / 2);

export interface InclusionProofInput {
  readonly leafHash: Uint8Array;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

/**
 * RFC 9162 section 2.1.3.2: does the audit path lead from the leaf hash to the root?
 *
 * @example verifyInclusion({ leafHash, leafIndex: 5, treeSize: 8, proof, root }, nobleSha256) // true
 */
export function verifyInclusion(input: InclusionProofInput, hash: Sha256): boolean {
  const { leafIndex, treeSize, proof } = input;
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let running = input.leafHash;
  for (const sibling of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      running = hashChildren(sibling, running, hash);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      running = hashChildren(running, sibling, hash);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesToHex(running) === bytesToHex(input.root);
}

export interface ConsistencyProofInput {
  readonly oldSize: number;
  readonly newSize: number;
  readonly oldRoot: Uint8Array;
  readonly newRoot: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/**
 * RFC 9162 section 2.1.4.2: is the tree of `oldSize` a prefix of the tree of `newSize`?
 *
 * @example verifyConsistency({ oldSize: 2, newSize: 8, oldRoot, newRoot, proof }, nobleSha256) // true
 */
export function verifyConsistency(input: ConsistencyProofInput, hash: Sha256): boolean {
  const { oldSize, newSize } = input;
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) return false;
  const same = (left: Uint8Array, right: Uint8Array): boolean => bytesToHex(left) === bytesToHex(right);
  // Every tree extends the empty tree, and a tree is consistent only with itself at its own size.
  if (oldSize === 0) return input.proof.length === 0;
  if (oldSize === newSize) return input.proof.length === 0 && same(input.oldRoot, input.newRoot);
  if (input.proof.length === 0) return false;
  // When the old tree is a complete subtree, its root is the proof's implicit first node.
  const path = isPowerOfTwo(oldSize) ? [input.oldRoot, ...input.proof] : [...input.proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = path[0] as Uint8Array;
  for (const node of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(node, fr, hash);
      sr = hashChildren(node, sr, hash);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, node, hash);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return same(fr, input.oldRoot) && same(sr, input.newRoot) && sn === 0;
}
