/**
 * RFC 6962 section 2.1 (Merkle Tree Hash, audit paths, consistency proofs) and RFC 9162
 * sections 2.1.3.2 / 2.1.4.2 (their verification), checked against the certificate-
 * transparency reference vectors (merkle_tree_test: leaves "", 00, 10, 2021, 3031,
 * 40414243, 5051525354555657, 606162636465666768696a6b6c6d6e6f) and against a direct
 * recursive transcription of RFC 6962's definitions written here.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex, coreSha256, hexToBytes, nobleSha256, utf8Bytes, type Sha256 } from '../../src/core/hash.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { buildMerkleTree, buildTextLeafMerkleTree, hashChildren, hashLeaf, verifyConsistency, verifyInclusion } from '../../src/core/merkle.ts';

const fromHex = (hex: string): Uint8Array => {
  const bytes = hexToBytes(hex);
  if (!bytes) throw new Error(`not hex: ${hex}`);
  return bytes;
};

const ctLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(fromHex);
const ctEmptyRoot = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ctRoots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const ctInclusionProofs: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const ctConsistencyProofs: { oldSize: number; newSize: number; proof: string[] }[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'],
  },
];

/** RFC 6962 section 2.1, transcribed literally (recursive, over slices) as an independent reference. */
function referenceRoot(leaves: Uint8Array[], hash: Sha256): Uint8Array {
  if (leaves.length === 0) return hash.bytes(new Uint8Array());
  if (leaves.length === 1) return hashLeaf(leaves[0] as Uint8Array, hash);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashChildren(referenceRoot(leaves.slice(0, k), hash), referenceRoot(leaves.slice(k), hash), hash);
}
function referencePath(m: number, leaves: Uint8Array[], hash: Sha256): Uint8Array[] {
  if (leaves.length === 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k
    ? [...referencePath(m, leaves.slice(0, k), hash), referenceRoot(leaves.slice(k), hash)]
    : [...referencePath(m - k, leaves.slice(k), hash), referenceRoot(leaves.slice(0, k), hash)];
}
function referenceSubproof(m: number, leaves: Uint8Array[], whole: boolean, hash: Sha256): Uint8Array[] {
  if (m === leaves.length) return whole ? [] : [referenceRoot(leaves, hash)];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m <= k
    ? [...referenceSubproof(m, leaves.slice(0, k), whole, hash), referenceRoot(leaves.slice(k), hash)]
    : [...referenceSubproof(m - k, leaves.slice(k), false, hash), referenceRoot(leaves.slice(0, k), hash)];
}

const hexes = (list: Uint8Array[]): string[] => list.map(bytesToHex);

describe('RFC 6962 Merkle tree', () => {
  it.each([
    ['noble', nobleSha256],
    ['node:crypto', nodeSha256],
    ['core, nodes hashed in place (bytesInto)', coreSha256],
  ])('reproduces the certificate-transparency roots for sizes 0..8 (%s)', (_name, hash) => {
    const tree = buildMerkleTree(ctLeaves.map((leaf) => hashLeaf(leaf, hash)), hash);
    expect(bytesToHex(tree.root(0))).toBe(ctEmptyRoot);
    for (let size = 1; size <= 8; size++) expect(bytesToHex(tree.root(size))).toBe(ctRoots[size - 1]);
  });

  it('reproduces the certificate-transparency audit paths and verifies them', () => {
    const tree = buildMerkleTree(ctLeaves.map((leaf) => hashLeaf(leaf, nobleSha256)), nobleSha256);
    for (const vector of ctInclusionProofs) {
      expect(hexes(tree.inclusionProof(vector.index, vector.size))).toEqual(vector.proof);
      const leafHash = hashLeaf(ctLeaves[vector.index] as Uint8Array, nobleSha256);
      const root = fromHex(ctRoots[vector.size - 1] as string);
      expect(verifyInclusion({ leafHash, leafIndex: vector.index, treeSize: vector.size, proof: vector.proof.map(fromHex), root }, nobleSha256)).toBe(true);
    }
  });

  it('reproduces the certificate-transparency consistency proofs and verifies them', () => {
    const tree = buildMerkleTree(ctLeaves.map((leaf) => hashLeaf(leaf, nobleSha256)), nobleSha256);
    for (const vector of ctConsistencyProofs) {
      expect(hexes(tree.consistencyProof(vector.oldSize, vector.newSize))).toEqual(vector.proof);
      const input = {
        oldSize: vector.oldSize,
        newSize: vector.newSize,
        oldRoot: fromHex(ctRoots[vector.oldSize - 1] as string),
        newRoot: fromHex(ctRoots[vector.newSize - 1] as string),
        proof: vector.proof.map(fromHex),
      };
      expect(verifyConsistency(input, nobleSha256)).toBe(true);
    }
  });

  const leaves64 = Array.from({ length: 64 }, (_, index) => new TextEncoder().encode(`leaf-${index}`));
  const tree64 = buildMerkleTree(leaves64.map((leaf) => hashLeaf(leaf, nodeSha256)), nodeSha256);

  it('agrees with a literal recursive RFC 6962 implementation on roots, paths and consistency proofs up to 64 leaves', () => {
    for (let size = 0; size <= 64; size++) {
      const prefix = leaves64.slice(0, size);
      expect(bytesToHex(tree64.root(size))).toBe(bytesToHex(referenceRoot(prefix, nodeSha256)));
      for (let index = 0; index < size; index++) expect(hexes(tree64.inclusionProof(index, size))).toEqual(hexes(referencePath(index, prefix, nodeSha256)));
      for (let oldSize = 1; oldSize < size; oldSize++) expect(hexes(tree64.consistencyProof(oldSize, size))).toEqual(hexes(referenceSubproof(oldSize, prefix, true, nodeSha256)));
    }
  });

  it('verifies every inclusion proof for every leaf of every size up to 64, and rejects tampered ones', () => {
    for (let size = 1; size <= 64; size++) {
      const root = tree64.root(size);
      for (let index = 0; index < size; index++) {
        const leafHash = hashLeaf(leaves64[index] as Uint8Array, nodeSha256);
        const proof = tree64.inclusionProof(index, size);
        expect(verifyInclusion({ leafHash, leafIndex: index, treeSize: size, proof, root }, nodeSha256)).toBe(true);
        const otherLeaf = hashLeaf(new TextEncoder().encode('other'), nodeSha256);
        expect(verifyInclusion({ leafHash: otherLeaf, leafIndex: index, treeSize: size, proof, root }, nodeSha256)).toBe(false);
        if (size > 1) expect(verifyInclusion({ leafHash, leafIndex: (index + 1) % size, treeSize: size, proof, root }, nodeSha256)).toBe(false);
        expect(verifyInclusion({ leafHash, leafIndex: index, treeSize: size, proof: [...proof, root], root }, nodeSha256)).toBe(false);
        for (let position = 0; position < proof.length; position++) {
          const tampered = proof.map((node) => node.slice());
          const node = tampered[position] as Uint8Array;
          node[0] = (node[0] as number) ^ 1;
          expect(verifyInclusion({ leafHash, leafIndex: index, treeSize: size, proof: tampered, root }, nodeSha256)).toBe(false);
        }
        if (proof.length > 0) expect(verifyInclusion({ leafHash, leafIndex: index, treeSize: size, proof: proof.slice(0, -1), root }, nodeSha256)).toBe(false);
      }
    }
  });

  it('verifies every consistency proof for every pair of sizes up to 64, and rejects tampered ones', () => {
    for (let newSize = 1; newSize <= 64; newSize++) {
      const newRoot = tree64.root(newSize);
      for (let oldSize = 1; oldSize <= newSize; oldSize++) {
        const oldRoot = tree64.root(oldSize);
        const proof = tree64.consistencyProof(oldSize, newSize);
        expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof }, nodeSha256)).toBe(true);
        if (oldSize === newSize) continue;
        for (let position = 0; position < proof.length; position++) {
          const tampered = proof.map((node) => node.slice());
          const node = tampered[position] as Uint8Array;
          node[31] = (node[31] as number) ^ 0x80;
          expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof: tampered }, nodeSha256)).toBe(false);
        }
        const wrongOld = tree64.root(oldSize === 1 ? 2 : oldSize - 1);
        expect(verifyConsistency({ oldSize, newSize, oldRoot: wrongOld, newRoot, proof }, nodeSha256)).toBe(false);
        expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot: oldRoot, proof }, nodeSha256)).toBe(false);
        expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof: proof.slice(1) }, nodeSha256)).toBe(false);
      }
    }
  });

  it('refuses proofs for leaf indices outside the tree', () => {
    const root = tree64.root(8);
    const leafHash = hashLeaf(leaves64[0] as Uint8Array, nodeSha256);
    expect(verifyInclusion({ leafHash, leafIndex: 8, treeSize: 8, proof: tree64.inclusionProof(0, 8), root }, nodeSha256)).toBe(false);
    expect(() => tree64.inclusionProof(8, 8)).toThrow();
  });
});

describe('RFC 6962 audit paths at the full tree size (the receipt fast path)', () => {
  it('gives, as bytes and as hex, the literal recursive PATH(m, D[n]) for every leaf of every size up to 70', () => {
    const leaves = Array.from({ length: 70 }, (_, index) => new TextEncoder().encode(`member-${index}`));
    for (let size = 1; size <= 70; size++) {
      const prefix = leaves.slice(0, size);
      const tree = buildMerkleTree(prefix.map((leaf) => hashLeaf(leaf, nodeSha256)), nodeSha256);
      for (let index = 0; index < size; index++) {
        const expected = hexes(referencePath(index, prefix, nodeSha256));
        expect(hexes(tree.inclusionProof(index))).toEqual(expected);
        expect(tree.inclusionProofHex(index)).toEqual(expected);
      }
    }
  });
});

describe('RFC 6962 trees over text leaves hashed straight into the leaf level', () => {
  it('gives the roots and audit paths of hashLeaf + buildMerkleTree, with and without a byte-offset SHA-256 (bytesInto)', () => {
    const texts = Array.from({ length: 70 }, (_, index) => `91350100M${String(index).padStart(8, '0')}X/${'ABCD'[index % 4]}/${index.toString(16).padStart(32, '0')}`);
    for (const hash of [coreSha256, nobleSha256]) {
      for (const size of [0, 1, 2, 3, 7, 8, 9, 70]) {
        const reference = buildMerkleTree(texts.slice(0, size).map((text) => hashLeaf(utf8Bytes(text), nobleSha256)), nobleSha256);
        const tree = buildTextLeafMerkleTree(size, (index) => texts[index] as string, hash);
        expect(bytesToHex(tree.root())).toBe(bytesToHex(reference.root()));
        for (let index = 0; index < size; index++) expect(tree.inclusionProofHex(index)).toEqual(reference.inclusionProofHex(index));
      }
    }
  });

  it('reproduces the certificate-transparency roots for text leaves (RFC 6962 section 2.1: leaf "" and leaf 0x00)', () => {
    expect(bytesToHex(buildTextLeafMerkleTree(1, () => '', coreSha256).root())).toBe(ctRoots[0]);
    expect(bytesToHex(buildTextLeafMerkleTree(2, (index) => (index === 0 ? '' : '\u0000'), coreSha256).root())).toBe(ctRoots[1]);
  });
});
