/**
 * `suiji verify` on a really published draw and on the audit's forged evidence (issue 19):
 * every forged case exits 1 naming the check it fails; the real files pass.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeKeySetFingerprint, formatFingerprint } from '../../src/core/key-set-fingerprint.ts';
import type { PublicKeySet } from '../../src/core/signature.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { testDatabaseKind } from '../support/database.ts';
import { runSuiji } from '../support/cli.ts';
import { forgedCases, publishDrawOverHttp, type PublishedDraw } from '../support/forged-evidence.ts';

describe(`suiji verify against forged evidence on ${testDatabaseKind}`, () => {
  let draw: PublishedDraw;
  let directory: string;
  const file = (name: string, content: unknown): string => {
    const target = path.join(directory, name);
    fs.writeFileSync(target, JSON.stringify(content, null, 2));
    return target;
  };

  beforeAll(async () => {
    draw = await publishDrawOverHttp();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-evidence-'));
  }, 120_000);
  afterAll(async () => {
    await draw?.database.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('passes the published record with the keys and its log proof, printing the key set fingerprint', async () => {
    const result = await runSuiji('verify', file('record.json', draw.envelope), '--keys', file('keys.json', draw.keySet), '--log-proof', file('proof.json', draw.logProofs.record));
    expect(result.stdout).toContain(`key set fingerprint: ${formatFingerprint(computeKeySetFingerprint(draw.keySet as PublicKeySet, nodeSha256))}`);
    expect(result.stdout).toContain('PASS log-inclusion:');
    expect(result.stdout).toContain('PASS signature:');
    expect(result.exitCode).toBe(0);
  });

  it("checks the README's command: the published commitment and the draw's log proofs, every log check required", async () => {
    const result = await runSuiji(
      'verify',
      file('record.json', draw.envelope),
      '--commitment',
      file('commitment.json', draw.commitment),
      '--keys',
      file('keys.json', draw.keySet),
      '--log-proof',
      file('log-proof.json', draw.logProofs),
      '--require-signature',
      '--require-log',
    );
    expect(result.stdout).toContain('PASS commitment:');
    expect(result.stdout).toContain('PASS log-inclusion:');
    // Records carry entropyAt from draw/v1.1 (issue 11) on; a record without it cannot show
    // that its commitment was logged before the entropy existed, and says so.
    const hasEntropyAt = 'entropyAt' in draw.envelope.record;
    expect(result.stdout).toMatch(hasEntropyAt ? /PASS commitment-log: the freeze commitment is leaf \d+, before the record/ : /FAIL commitment-log: the record has no entropyAt/);
    expect(result.exitCode).toBe(hasEntropyAt ? 0 : 1);
  });

  it('fails every forged case of the audit with exit 1, naming the check', async () => {
    for (const forged of forgedCases({ ...draw, realHead: draw.logProofs.record.treeHead })) {
      const args = ['verify', file('forged.json', forged.record)];
      if (forged.withKeys) args.push('--keys', file('keys.json', draw.keySet));
      if (forged.logProof !== undefined) args.push('--log-proof', file('forged-proof.json', forged.logProof), '--require-log');
      if (forged.treeHead !== undefined) args.push('--tree-head', file('head.json', forged.treeHead));
      const result = await runSuiji(...args);
      expect(result.stdout, forged.name).toContain(`FAIL ${forged.failing}:`);
      expect(result.stdout, forged.name).toContain('VERIFICATION FAILED');
      expect(result.exitCode, forged.name).toBe(1);
    }
  });

  it('reports "signature not checked" as a failure without --keys, and as not applicable with --no-signature', async () => {
    const record = file('record.json', draw.envelope);
    const unchecked = await runSuiji('verify', record);
    expect(unchecked.stdout).toMatch(/FAIL signature: signature not checked/);
    expect(unchecked.exitCode).toBe(1);
    const skipped = await runSuiji('verify', record, '--no-signature');
    expect(skipped.stdout).toContain('N/A  signature:');
    expect(skipped.exitCode).toBe(0);
    expect((await runSuiji('verify', record, '--no-signature', '--require-signature')).exitCode).toBe(2);
  });

  it('checks that the signed tree extends a tree head saved earlier, with the consistency proof from the log', async () => {
    const { treeHead } = draw.logProofs.record;
    const consistency = (await (await import('supertest')).default(draw.app).get(`/api/public/log/proof/consistency?first=1&second=${treeHead.treeSize}`)).body as { firstTreeHead: unknown };
    const result = await runSuiji(
      'verify',
      file('record.json', draw.envelope),
      '--keys',
      file('keys.json', draw.keySet),
      '--log-proof',
      file('proof.json', draw.logProofs.record),
      '--old-tree-head',
      file('old-head.json', consistency.firstTreeHead),
      '--consistency-proof',
      file('consistency.json', consistency),
    );
    expect(result.stdout).toContain(`PASS log-consistency: the signed tree of ${treeHead.treeSize} leaves extends the saved tree of 1 leaves`);
    expect(result.exitCode).toBe(0);
  });
});
