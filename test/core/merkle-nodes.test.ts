/**
 * Proofs assembled from stored complete subtrees (src/core/merkle-nodes.ts) equal RFC 6962's
 * audit paths and consistency proofs (sections 2.1.1 and 2.1.2) as `buildMerkleTree`
 * computes them, for every index and every pair of sizes up to 64, and the frontier append
 * gives RFC 6962's Merkle Tree Hash after every leaf.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, nobleSha256, utf8Bytes } from '../../src/core/hash.ts';
import { buildMerkleTree, hashLeaf, type MerkleTree } from '../../src/core/merkle.ts';
import {
  appendLeaf,
  assembleRanges,
  decomposeRange,
  nodeKey,
  nodesOfRanges,
  planConsistencyProof,
  planInclusionProof,
  type NodeRef,
} from '../../src/core/merkle-nodes.ts';

const hex = (values: readonly Uint8Array[]): string[] => values.map(bytesToHex);

/** A store of every complete subtree of `size` leaves, built by appending one leaf at a time. */
function buildStore(size: number): { store: Map<string, Uint8Array>; roots: string[]; tree: MerkleTree } {
  const leafHashes = Array.from({ length: size }, (_, index) => hashLeaf(utf8Bytes(`leaf ${index}`), nobleSha256));
  const store = new Map<string, Uint8Array>();
  const roots: string[] = [];
  for (const [index, leafHash] of leafHashes.entries()) {
    const frontier = decomposeRange({ start: 0, end: index }).map((node) => store.get(nodeKey(node)) as Uint8Array);
    const appended = appendLeaf(frontier, leafHash, index, nobleSha256);
    for (const entry of appended.created) store.set(nodeKey(entry.node), entry.hash);
    roots.push(bytesToHex(appended.root));
  }
  return { store, roots, tree: buildMerkleTree(leafHashes, nobleSha256) };
}

const N = 64;
const { store, roots, tree } = buildStore(N);
const lookup = (node: NodeRef): Uint8Array | undefined => store.get(nodeKey(node));

describe('merkle nodes', () => {
  it('splits a range into complete subtrees, largest first', () => {
    expect(decomposeRange({ start: 0, end: 7 })).toEqual([
      { level: 2, position: 0 },
      { level: 1, position: 2 },
      { level: 0, position: 6 },
    ]);
    expect(decomposeRange({ start: 8, end: 16 })).toEqual([{ level: 3, position: 1 }]);
    expect(decomposeRange({ start: 3, end: 3 })).toEqual([]);
  });

  it('appending leaf by leaf gives the RFC 6962 root of every size', () => {
    for (let size = 1; size <= N; size++) expect(roots[size - 1]).toBe(bytesToHex(tree.root(size)));
  });

  it('stores about two nodes per leaf', () => {
    expect(store.size).toBe(2 * N - 1);
  });

  it('computes the root of any size, including the empty tree, from stored nodes', () => {
    for (let size = 0; size <= N; size++) {
      const [root] = assembleRanges([{ start: 0, end: size }], lookup, nobleSha256);
      expect(bytesToHex(root as Uint8Array)).toBe(bytesToHex(tree.root(size)));
    }
  });

  it('assembles the RFC 6962 audit path of every leaf in every tree up to 64 leaves', () => {
    for (let size = 1; size <= N; size++) {
      for (let index = 0; index < size; index++) {
        const proof = assembleRanges(planInclusionProof(index, size), lookup, nobleSha256);
        expect(hex(proof)).toEqual(hex(tree.inclusionProof(index, size)));
      }
    }
  });

  it('assembles the RFC 6962 consistency proof between every pair of sizes up to 64', () => {
    for (let second = 0; second <= N; second++) {
      for (let first = 0; first <= second; first++) {
        const proof = assembleRanges(planConsistencyProof(first, second), lookup, nobleSha256);
        expect(hex(proof)).toEqual(hex(tree.consistencyProof(first, second)));
      }
    }
  });

  it('needs only logarithmically many stored nodes per proof', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (size, fraction) => {
        const index = Math.floor(fraction * size);
        const bound = 2 * Math.ceil(Math.log2(size + 1)) + 1;
        expect(nodesOfRanges(planInclusionProof(index, size)).length).toBeLessThanOrEqual(bound);
        expect(nodesOfRanges(planConsistencyProof(index, size)).length).toBeLessThanOrEqual(bound);
      }),
    );
  });

  it('refuses a frontier of the wrong length and indexes outside the tree', () => {
    expect(() => appendLeaf([], new Uint8Array(32), 3, nobleSha256)).toThrow(/frontier of 2 nodes/);
    expect(() => planInclusionProof(4, 4)).toThrow(/outside/);
    expect(() => planConsistencyProof(5, 4)).toThrow(/outside/);
    expect(() => assembleRanges([{ start: 0, end: 2 * N }], lookup, nobleSha256)).toThrow(/no stored node/);
  });
});
