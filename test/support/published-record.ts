/** Checks a signed record the way the public does: signature against the key set, inclusion in the log. */
import { expect } from 'vitest';
import type { BureauKeys } from '../../src/application/bureau-keys.ts';
import { bureauKeySet } from '../../src/application/draw-publication.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { getInclusionProof } from '../../src/application/publication-log.ts';
import { hexToBytes } from '../../src/core/hash.ts';
import { hashLeaf, verifyInclusion } from '../../src/core/merkle.ts';
import { computeRecordHash, verifyEnvelopeSignature, type SignedEnvelope } from '../../src/core/signature.ts';
import type { Executor } from '../../src/persistence/database.ts';

export async function expectSignedAndLogged(db: Executor, keys: BureauKeys, envelope: SignedEnvelope): Promise<void> {
  expect(computeRecordHash(envelope.record, nodeSha256)).toBe(envelope.recordHash);
  expect(verifyEnvelopeSignature(envelope, bureauKeySet(keys)).ok).toBe(true);
  const proof = await getInclusionProof(db, { recordHash: envelope.recordHash });
  if (!proof.ok) throw new Error(`not in the log: ${JSON.stringify(proof.error)}`);
  const included = verifyInclusion(
    {
      leafHash: hashLeaf(hexToBytes(envelope.recordHash) as Uint8Array, nodeSha256),
      leafIndex: proof.value.leafIndex,
      treeSize: proof.value.treeSize,
      proof: proof.value.proof.map((node) => hexToBytes(node) as Uint8Array),
      root: hexToBytes(proof.value.treeHead.rootHash) as Uint8Array,
    },
    nodeSha256,
  );
  expect(included).toBe(true);
}
