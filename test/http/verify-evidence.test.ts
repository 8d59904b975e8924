/**
 * The server's side of issue 19: the draw's log proofs (record and commitment in one signed
 * tree), and POST /api/public/verify, which fails every forged case of the audit and passes
 * the real files.
 */
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { computeKeySetFingerprint } from '../../src/core/key-set-fingerprint.ts';
import type { PublicKeySet } from '../../src/core/signature.ts';
import { verifyTreeHeadSignature } from '../../src/core/tree-head.ts';
import { testDatabaseKind } from '../support/database.ts';
import { forgedCases, publishDrawOverHttp, type PublishedDraw } from '../support/forged-evidence.ts';

interface ProofDocument {
  leafIndex: number;
  treeSize: number;
  rootHash: string;
  treeHead: { treeSize: number; rootHash: string; timestamp: number; keySetFingerprint?: string };
  appendedTreeHead: { treeSize: number; timestamp: number };
  appendedConsistencyProof: string[];
}

describe(`the server's verification of forged evidence on ${testDatabaseKind}`, () => {
  let draw: PublishedDraw;
  beforeAll(async () => {
    draw = await publishDrawOverHttp();
  }, 120_000);
  afterAll(async () => {
    await draw?.database.close();
  });

  it("serves the record's and the commitment's proofs in one signed tree, the commitment first, each with the head signed at its append", () => {
    const { record, commitment } = draw.logProofs as unknown as { record: ProofDocument; commitment: ProofDocument };
    expect(commitment.treeHead).toEqual(record.treeHead);
    expect(commitment.leafIndex).toBeLessThan(record.leafIndex);
    expect(commitment.appendedTreeHead.treeSize).toBe(commitment.leafIndex + 1);
    expect(commitment.appendedTreeHead.timestamp).toBeLessThanOrEqual(record.treeHead.timestamp);
    expect(verifyTreeHeadSignature(record.treeHead as never, draw.keySet as PublicKeySet).ok).toBe(true);
    // The head pins the fingerprint of the key set the server publishes.
    expect(record.treeHead.keySetFingerprint).toBe(computeKeySetFingerprint(draw.keySet as PublicKeySet, nodeSha256));
  });

  it('gives the latest tree head with its key set fingerprint', async () => {
    const head = await supertest(draw.app).get('/api/public/log/tree-head');
    expect(head.body.keySetFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('passes the real record and log proof sent to POST /api/public/verify, with the bureau key set when none is sent', async () => {
    const response = await supertest(draw.app).post('/api/public/verify').send({ record: draw.envelope, logProof: draw.logProofs.record, requireSignature: true });
    expect(response.status).toBe(200);
    expect(response.body.keysFrom).toBe('bureau');
    expect(response.body.checks.filter((check: { status: string }) => check.status === 'failed')).toEqual([]);
    expect(response.body.passed).toBe(true);
  });

  it('fails every forged case of the audit sent to POST /api/public/verify', async () => {
    for (const forged of forgedCases({ ...draw, realHead: draw.logProofs.record.treeHead })) {
      const response = await supertest(draw.app)
        .post('/api/public/verify')
        .send({
          record: forged.record,
          ...(forged.withKeys ? { keys: draw.keySet } : {}),
          ...(forged.logProof === undefined ? {} : { logProof: forged.logProof, requireLog: true }),
          ...(forged.treeHead === undefined ? {} : { treeHead: forged.treeHead }),
        });
      expect(response.status, forged.name).toBe(200);
      expect(response.body.passed, forged.name).toBe(false);
      expect(response.body.checks.find((check: { id: string }) => check.id === forged.failing).status, forged.name).toBe('failed');
    }
  });

  it('reports a published record sent without a key set and without the server keys as not verified', async () => {
    const response = await supertest(draw.app).post('/api/public/verify').send({ record: draw.envelope, keys: { keys: [] } });
    expect(response.body.passed).toBe(false);
    expect(response.body.checks.find((check: { id: string }) => check.id === 'signature').status).toBe('failed');
  });
});
