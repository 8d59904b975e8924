/**
 * The verifier accepts nothing about the publication log it cannot prove (issue 19): log
 * proofs are checked against signed tree heads (RFC 6962 section 3.5), a saved head must be
 * extended (RFC 6962 section 2.1.2 consistency), the freeze commitment must be logged before
 * the record and under a head older than entropyAt (draw/v1.1 section 3.1), and a published
 * record's signature is never "verified" without a key set.
 */
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { generateSigningKey, publicKeySetOf, signRecord } from '../../src/application/record-signing.ts';
import { buildDrawRecord, toPublicRecord } from '../../src/core/draw/record.ts';
import { bytesToHex, hexToBytes } from '../../src/core/hash.ts';
import { computeKeySetFingerprint } from '../../src/core/key-set-fingerprint.ts';
import { buildMerkleTree, hashLeaf } from '../../src/core/merkle.ts';
import { treeHeadPayload, type SignedTreeHead } from '../../src/core/tree-head.ts';
import { allChecksPassed, verifyRecord, type Check, type VerifyInput } from '../../src/core/verify/index.ts';
import { testCodes, testSalt } from './draw/codes.ts';
import { entropyFieldsOf } from '../../src/core/draw/entropy-source.ts';
import { commitmentOfRecord } from '../support/draw-commitment.ts';

const { key } = generateSigningKey();
const keys = publicKeySetOf([key]);
const fingerprint = computeKeySetFingerprint(keys, nodeSha256);
const statusOf = (checks: Check[], id: Check['id']) => checks.find((entry) => entry.id === id)?.status;
const reasonOf = (checks: Check[], id: Check['id']) => checks.find((entry) => entry.id === id)?.reason ?? '';

const entropyAt = '2027-03-02T10:00:00+08:00';
const entropyMilliseconds = Date.parse(entropyAt);

function drawDocuments() {
  const codes = testCodes(40);
  const built = buildDrawRecord(
    {
      task: { code: '2027-JM-019' },
      visibility: 'sealed',
      frozenAt: '2027-02-27T09:00:00+08:00',
      ...entropyFieldsOf({ kind: 'public-event', description: 'dice rolled at the public meeting', at: '2027-03-02T10:00:00+08:00' }, 86400),
      exclusions: [],
      nonce: '3c'.repeat(32),
      entropy: '3.6.1.5.2.4',
      drawnAt: '2027-03-02T10:15:00+08:00',
      strata: [
        { label: 'A', ratio: '0.1', minimum: 1, salt: testSalt('stratum-A', 0), members: codes.slice(0, 25).map((code, index) => ({ code, salt: testSalt(code, index) })) },
        { label: 'B', ratio: '0.2', minimum: 1, salt: testSalt('stratum-B', 1), members: codes.slice(25).map((code, index) => ({ code, salt: testSalt(code, index + 25) })) },
      ],
    },
    nodeSha256,
  );
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  const record = toPublicRecord(built.value);
  const commitment = commitmentOfRecord(built.value);
  // entropyAt is the draw/v1.1 field (issue 11); the verifier reads it from the record as published.
  return { record: signRecord({ ...record, entropyAt }, key), commitment: signRecord(commitment, key) };
}

function signHead(treeSize: number, rootHash: string, timestamp: number, withFingerprint = true): SignedTreeHead {
  const payload = treeHeadPayload({ treeSize, rootHash, timestamp, ...(withFingerprint ? { keySetFingerprint: fingerprint } : {}) });
  return { ...payload, signature: signRecord(payload, key).signature };
}

/**
 * A log of five leaves: something, the commitment (leaf 1), something, the record (leaf 3),
 * something; one signed head per size, an hour apart, the commitment's head at `commitmentTime`.
 */
function publicationLog(commitmentHash: string, recordHash: string, commitmentTime = entropyMilliseconds - 3 * 86_400_000) {
  const digests = [nodeSha256.hex('other 0'), commitmentHash, nodeSha256.hex('other 2'), recordHash, nodeSha256.hex('other 4')];
  const tree = buildMerkleTree(
    digests.map((digest) => hashLeaf(hexToBytes(digest) as Uint8Array, nodeSha256)),
    nodeSha256,
  );
  const heads = digests.map((_, index) => signHead(index + 1, bytesToHex(tree.root(index + 1)), commitmentTime + (index - 1) * 3_600_000));
  const proofOf = (leafIndex: number, treeSize = 5) => ({
    recordHash: digests[leafIndex],
    leafIndex,
    treeSize,
    rootHash: bytesToHex(tree.root(treeSize)),
    proof: tree.inclusionProof(leafIndex, treeSize).map(bytesToHex),
    treeHead: heads[treeSize - 1],
    appendedTreeHead: heads[leafIndex],
    appendedConsistencyProof: tree.consistencyProof(leafIndex + 1, treeSize).map(bytesToHex),
  });
  return { tree, heads, proofOf };
}

const documents = drawDocuments();
const log = publicationLog(documents.commitment.recordHash, documents.record.recordHash);
const complete: VerifyInput = {
  record: documents.record,
  commitment: documents.commitment,
  keys,
  logInclusion: log.proofOf(3),
  commitmentLogInclusion: log.proofOf(1),
  requireSignature: true,
  requireLogInclusion: true,
  hash: nodeSha256,
};

/** The audit's forged proof: a one-leaf "log" holding only this record. */
function forgedProof(recordHash: string) {
  return { leafIndex: 0, treeSize: 1, proof: [], rootHash: bytesToHex(hashLeaf(hexToBytes(recordHash) as Uint8Array, nodeSha256)) };
}

describe('log proofs against signed tree heads', () => {
  it('passes a record and its commitment proven in the same signed tree, the commitment first and covered before entropyAt', () => {
    const checks = verifyRecord(complete);
    expect(checks.filter((entry) => entry.status === 'failed')).toEqual([]);
    expect(statusOf(checks, 'log-inclusion')).toBe('passed');
    expect(statusOf(checks, 'commitment-log')).toBe('passed');
    expect(reasonOf(checks, 'log-inclusion')).toContain(fingerprint.slice(0, 16));
  });

  it('fails a made-up one-leaf proof without a tree head, even when the log is not required', () => {
    for (const requireLogInclusion of [true, false]) {
      const checks = verifyRecord({ ...complete, logInclusion: forgedProof(documents.record.recordHash), requireLogInclusion });
      expect(statusOf(checks, 'log-inclusion')).toBe('failed');
      expect(reasonOf(checks, 'log-inclusion')).toContain('without a signed tree head');
      expect(allChecksPassed(checks)).toBe(false);
    }
  });

  it('fails a made-up proof with the real signed tree head beside it, inside the proof or given separately', () => {
    const forged = forgedProof(documents.record.recordHash);
    const inside = verifyRecord({ ...complete, logInclusion: { ...forged, treeHead: log.heads[4] } });
    const beside = verifyRecord({ ...complete, logInclusion: forged, treeHead: log.heads[4] });
    for (const checks of [inside, beside]) {
      expect(statusOf(checks, 'log-inclusion')).toBe('failed');
      expect(reasonOf(checks, 'log-inclusion')).toContain('but the signed tree head has 5 leaves');
    }
  });

  it('fails a proof whose head claims the forged root but is not signed by a key of the key set', () => {
    const forged = forgedProof(documents.record.recordHash);
    const other = generateSigningKey().key;
    const payload = treeHeadPayload({ treeSize: 1, rootHash: forged.rootHash, timestamp: 0 });
    const checks = verifyRecord({ ...complete, logInclusion: { ...forged, treeHead: { ...payload, signature: signRecord(payload, other).signature } } });
    expect(statusOf(checks, 'log-inclusion')).toBe('failed');
    expect(reasonOf(checks, 'log-inclusion')).toContain(`no public key with keyId ${other.keyId}`);
  });

  it('fails a real proof when no key set is given to check its tree head with', () => {
    const checks = verifyRecord({ ...complete, keys: undefined, skipSignature: true });
    expect(statusOf(checks, 'log-inclusion')).toBe('failed');
    expect(reasonOf(checks, 'log-inclusion')).toContain('no key set');
  });

  it('fails a head that pins another key set than the one given', () => {
    const otherKeys = publicKeySetOf([key, generateSigningKey().key]);
    const checks = verifyRecord({ ...complete, keys: otherKeys });
    expect(statusOf(checks, 'log-inclusion')).toBe('failed');
    expect(reasonOf(checks, 'log-inclusion')).toContain('pins key set');
  });

  it('still verifies a proof under an old tree head signed before key-set fingerprints existed', () => {
    const oldHead = signHead(5, bytesToHex(log.tree.root(5)), 1_700_000_000_000, false);
    const checks = verifyRecord({ ...complete, logInclusion: { ...log.proofOf(3), treeHead: oldHead } });
    expect(statusOf(checks, 'log-inclusion')).toBe('passed');
  });
});

describe('a saved tree head (RFC 6962 consistency)', () => {
  it('passes when the signed tree extends the saved head, with the proof from the log', () => {
    const checks = verifyRecord({ ...complete, oldTreeHead: log.heads[1], consistencyProof: { proof: log.tree.consistencyProof(2, 5).map(bytesToHex) } });
    expect(statusOf(checks, 'log-consistency')).toBe('passed');
  });

  it('fails when the saved head is of a rewritten log', () => {
    const rewritten = buildMerkleTree([hashLeaf(new Uint8Array(32).fill(9), nodeSha256), hashLeaf(new Uint8Array(32).fill(8), nodeSha256)], nodeSha256);
    const saved = signHead(2, bytesToHex(rewritten.root()), 1_800_000_000_000);
    const checks = verifyRecord({ ...complete, oldTreeHead: saved, consistencyProof: log.tree.consistencyProof(2, 5).map(bytesToHex) });
    expect(statusOf(checks, 'log-consistency')).toBe('failed');
    expect(reasonOf(checks, 'log-consistency')).toContain('does not extend');
  });

  it('fails without a consistency proof, and is not applicable without a saved head', () => {
    expect(statusOf(verifyRecord({ ...complete, oldTreeHead: log.heads[1] }), 'log-consistency')).toBe('failed');
    expect(statusOf(verifyRecord(complete), 'log-consistency')).toBe('not_applicable');
  });
});

describe('the freeze commitment is logged before the record and before entropyAt (draw/v1.1 section 3.1)', () => {
  it('fails when the commitment is after the record in the log', () => {
    const swapped = publicationLog(documents.record.recordHash, documents.commitment.recordHash);
    const checks = verifyRecord({ ...complete, logInclusion: swapped.proofOf(1), commitmentLogInclusion: swapped.proofOf(3) });
    expect(statusOf(checks, 'log-inclusion')).toBe('passed');
    expect(statusOf(checks, 'commitment-log')).toBe('failed');
    expect(reasonOf(checks, 'commitment-log')).toContain('not before the record');
  });

  it('fails when the first head covering the commitment was signed after entropyAt', () => {
    const late = publicationLog(documents.commitment.recordHash, documents.record.recordHash, entropyMilliseconds + 60_000);
    const checks = verifyRecord({ ...complete, logInclusion: late.proofOf(3), commitmentLogInclusion: late.proofOf(1) });
    expect(statusOf(checks, 'commitment-log')).toBe('failed');
    expect(reasonOf(checks, 'commitment-log')).toContain('not before entropyAt');
  });

  it('fails a record without entropyAt, saying so', () => {
    const { entropyAt: _omitted, ...withoutTime } = documents.record.record as Record<string, unknown>;
    const record = signRecord(withoutTime, key);
    const bare = publicationLog(documents.commitment.recordHash, record.recordHash);
    const checks = verifyRecord({ ...complete, record, logInclusion: bare.proofOf(3), commitmentLogInclusion: bare.proofOf(1) });
    expect(statusOf(checks, 'commitment-log')).toBe('failed');
    expect(reasonOf(checks, 'commitment-log')).toContain('no entropyAt');
  });

  it('fails a commitment proof in another tree than the record proof, and a missing one when the log is required', () => {
    expect(reasonOf(verifyRecord({ ...complete, commitmentLogInclusion: log.proofOf(1, 4) }), 'commitment-log')).toContain('same tree size');
    expect(statusOf(verifyRecord({ ...complete, commitmentLogInclusion: undefined }), 'commitment-log')).toBe('failed');
    expect(statusOf(verifyRecord({ ...complete, commitmentLogInclusion: undefined, requireLogInclusion: false }), 'commitment-log')).toBe('not_applicable');
  });
});

describe('no "verified" without keys', () => {
  it('fails a garbage signature when no key set is given, unless signatures are skipped on purpose', () => {
    const garbage = { ...documents.record, signature: { ...documents.record.signature, value: 'A'.repeat(86) + '==' } };
    const input: VerifyInput = { record: garbage, hash: nodeSha256 };
    const checks = verifyRecord(input);
    expect(statusOf(checks, 'signature')).toBe('failed');
    expect(reasonOf(checks, 'signature')).toContain('signature not checked');
    expect(allChecksPassed(checks)).toBe(false);
    expect(statusOf(verifyRecord({ ...input, skipSignature: true }), 'signature')).toBe('not_applicable');
  });

  it('fails a published record that comes without its envelope', () => {
    const checks = verifyRecord({ record: documents.record.record, hash: nodeSha256 });
    expect(statusOf(checks, 'signature')).toBe('failed');
    expect(reasonOf(checks, 'signature')).toContain('without its signed envelope');
    expect(allChecksPassed(checks)).toBe(false);
  });

  it('fails a signed commitment checked without a key set', () => {
    const checks = verifyRecord({ record: documents.record, commitment: documents.commitment, skipSignature: false, hash: nodeSha256 });
    expect(statusOf(checks, 'commitment')).toBe('failed');
  });
});
