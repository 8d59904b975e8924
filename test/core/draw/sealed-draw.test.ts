/**
 * Sealed draws of draw/v1.1 (spec section 7.1 and 7.2): per-stratum commitments instead of N
 * and k, the disclosure rule, and signed receipts that prove their own stratum's threshold.
 * Commitments are SHA-256 over RFC 8785 canonical JSON; the pool is an RFC 6962 tree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../../src/application/node-hash.ts';
import { generateSigningKey, publicKeySetOf, signRecord } from '../../../src/application/record-signing.ts';
import { createReceiptIssuer, type Receipt } from '../../../src/core/draw/record.ts';
import { computeStratumCommitment, computeStratumSizeCommitment } from '../../../src/core/draw/stratum-commitment.ts';
import { findTierDisclosure } from '../../../src/core/draw/tier-disclosure.ts';
import { compareTicketed } from '../../../src/core/draw/ticket.ts';
import { allChecksPassed, verifyRecord, type Check } from '../../../src/core/verify/index.ts';
import { sealedDraw, tiers } from '../../support/sealed-draw.ts';
import { inferTiers } from '../../support/tier-inference.ts';

const { key } = generateSigningKey();
const keys = publicKeySetOf([key]);
const statusOf = (checks: Check[], id: Check['id']) => checks.find((entry) => entry.id === id);

describe('a sealed record of draw/v1.1', () => {
  const { audit, record, commitment } = sealedDraw(tiers([30, 20, 6, 3]));

  it('publishes per stratum only label, ratio, minimum and the two commitments, and the totals', () => {
    for (const stratum of record.strata) expect(Object.keys(stratum).sort()).toEqual(['commitment', 'label', 'minimum', 'ratio', 'sizeCommitment']);
    for (const stratum of commitment.strata) expect(Object.keys(stratum).sort()).toEqual(['label', 'minimum', 'ratio', 'sizeCommitment']);
    expect([record.poolSize, record.sampleSize]).toEqual([59, record.selected.length]);
    expect([commitment.poolSize, commitment.sampleSize]).toEqual([59, record.selected.length]);
    expect(record.selected.every((member) => member.stratum === undefined)).toBe(true);
  });

  it('commits with SHA-256 over the RFC 8785 canonical {label, N, k, salt}, and {…, threshold, thresholdCode} at the draw', () => {
    const stratum = audit.strata[2]!;
    const salt = stratum.salt as string;
    expect(stratum.sizeCommitment).toBe(nodeSha256.hex(`{"N":6,"k":2,"label":"C","salt":"${salt}"}`));
    expect(stratum.commitment).toBe(nodeSha256.hex(`{"N":6,"k":2,"label":"C","salt":"${salt}","threshold":"${stratum.threshold}","thresholdCode":"${stratum.thresholdCode}"}`));
    expect(computeStratumSizeCommitment({ label: 'C', N: 6, k: 2, salt }, nodeSha256)).toBe(stratum.sizeCommitment);
    expect(computeStratumCommitment({ label: 'C', N: 6, k: 2, salt, threshold: stratum.threshold, thresholdCode: stratum.thresholdCode }, nodeSha256)).toBe(stratum.commitment);
  });

  it("matches the spec's test vectors of section 7.1 (RFC 8785 canonical JSON, SHA-256)", () => {
    const salt = '00112233445566778899aabbccddeeff';
    expect(computeStratumSizeCommitment({ label: 'C', N: 6, k: 2, salt }, nodeSha256)).toBe('9d2e3c0f62513bcd940afa900be25e5e22190a608be627cad705dba9ea58e9d7');
    const threshold = '0.26299714122838008416507544297546663599715395525154425586041245287750224561854';
    expect(computeStratumCommitment({ label: 'C', N: 6, k: 2, salt, threshold, thresholdCode: '91350100M000100Y43' }, nodeSha256)).toBe('387360fc8d34664ea9ca38302fef4a549b25cc64b5df0ba9b0ae927ba833c7b6');
    expect(computeStratumCommitment({ label: 'A', N: 0, k: 0, salt }, nodeSha256)).toBe('85191f53a280bf1db3c3cfa225edc0b57a004c7e5bf081ff742b83c08c79bd52');
  });

  it('verifies with its commitment (public and audit record), and fails a public record that publishes a stratum N', () => {
    const signedCommitment = signRecord(commitment, key);
    for (const document of [record, audit]) {
      const checks = verifyRecord({ record: signRecord(document, key), commitment: signedCommitment, keys, requireSignature: true, hash: nodeSha256 });
      expect(checks.filter((entry) => entry.status === 'failed')).toEqual([]);
    }
    const leaking = { ...record, strata: record.strata.map((stratum, index) => (index === 2 ? { ...stratum, N: 6, k: 2 } : stratum)) };
    expect(statusOf(verifyRecord({ record: leaking, hash: nodeSha256 }), 'sample-size')?.status).toBe('failed');
  });

  it('fails an audit record whose stratum N was changed (it no longer opens the commitment)', () => {
    const edited = { ...audit, strata: audit.strata.map((stratum, index) => (index === 0 ? { ...stratum, N: 31 } : stratum)) };
    const check = statusOf(verifyRecord({ record: edited, hash: nodeSha256 }), 'sample-size');
    expect(check?.status).toBe('failed');
    expect(check?.reason).toContain('do not open sizeCommitment');
  });

  it('fails a public record whose sampleSize differs from the number selected', () => {
    expect(statusOf(verifyRecord({ record: { ...record, sampleSize: (record.sampleSize as number) + 1 }, hash: nodeSha256 }), 'selection')?.status).toBe('failed');
  });
});

describe('signed receipts of a sealed draw (draw/v1.1 section 7.2)', () => {
  const { audit, record } = sealedDraw(tiers([30, 20, 6, 3]));
  const issuer = createReceiptIssuer(audit, nodeSha256);
  const receipts = [...issuer.receipts()];

  it("carry their stratum's N, k and salt, and every member's signed receipt verifies", () => {
    for (const receipt of receipts) {
      const stratum = audit.strata.find((entry) => entry.label === receipt.stratum)!;
      expect([receipt.N, receipt.k, receipt.stratumSalt]).toEqual([stratum.N, stratum.k, stratum.salt]);
      const check = statusOf(verifyRecord({ record: signRecord(record, key), receipt: signRecord(receipt, key), keys, requireSignature: true, hash: nodeSha256 }), 'receipt');
      expect(check?.status, `${receipt.code}: ${check?.reason}`).toBe('passed');
    }
  });

  it("fails the forged receipt of issue 19: a stratum-A receipt whose threshold is another stratum's selected enterprise, even signed by the bureau", () => {
    const selectedA = receipts.filter((receipt) => receipt.stratum === 'A' && receipt.selected);
    const otherSelected = audit.selected.filter((member) => member.stratum !== 'A');
    // A selected A member, and a selected enterprise of another stratum with a larger ticket: the forgery still says "had to be selected".
    const pair = selectedA.flatMap((receipt) => otherSelected.filter((member) => compareTicketed({ code: receipt.code, ticket: receipt.ticket }, member) < 0).map((member) => ({ receipt, member })))[0];
    if (!pair) throw new Error('no forgery possible in this pool');
    const forged: Receipt = { ...pair.receipt, threshold: pair.member.ticket, thresholdCode: pair.member.code };
    const check = statusOf(verifyRecord({ record, receipt: signRecord(forged, key), keys, hash: nodeSha256 }), 'receipt');
    expect(check?.status).toBe('failed');
    expect(check?.reason).toContain("the threshold is not stratum A's");
  });

  it('fails a receipt edited after signing, an unsigned receipt and a signed one without keys, unless signatures are explicitly given up', () => {
    const receipt = receipts[0]!;
    const signed = signRecord(receipt, key);
    const edited = { ...signed, record: { ...receipt, N: (receipt.N as number) + 1 } };
    expect(statusOf(verifyRecord({ record, receipt: edited, keys, hash: nodeSha256 }), 'receipt')?.reason).toContain('hashes to');
    const resigned = { ...edited, recordHash: nodeSha256.hex(JSON.stringify(edited.record)) };
    expect(statusOf(verifyRecord({ record, receipt: resigned, keys, hash: nodeSha256 }), 'receipt')?.status).toBe('failed');
    const otherKey = generateSigningKey().key;
    expect(statusOf(verifyRecord({ record, receipt: signRecord(receipt, otherKey), keys, hash: nodeSha256 }), 'receipt')?.reason).toContain('no public key');
    expect(statusOf(verifyRecord({ record, receipt, keys, hash: nodeSha256 }), 'receipt')?.reason).toContain('not in its signed envelope');
    expect(statusOf(verifyRecord({ record, receipt: signed, hash: nodeSha256 }), 'receipt')?.reason).toContain('no key set');
    expect(statusOf(verifyRecord({ record, receipt, skipSignature: true, hash: nodeSha256 }), 'receipt')?.status).toBe('passed');
    expect(statusOf(verifyRecord({ record, receipt: signed, skipSignature: true, hash: nodeSha256 }), 'receipt')?.status).toBe('passed');
  });

  it("fails a receipt whose k is not the one N, ratio and minimum give, or whose N does not open the stratum's commitment", () => {
    const receipt = receipts.find((entry) => entry.stratum === 'C')!;
    const wrongK = statusOf(verifyRecord({ record, receipt: signRecord({ ...receipt, k: 1 }, key), keys, hash: nodeSha256 }), 'receipt');
    expect(wrongK?.reason).toContain('give k = 2, the receipt says 1');
    const wrongN = statusOf(verifyRecord({ record, receipt: signRecord({ ...receipt, N: 5 }, key), keys, hash: nodeSha256 }), 'receipt');
    expect(wrongN?.reason).toContain("do not open stratum C's sizeCommitment");
  });

  it('accepts the notification that suiji receipt --notification prints, as it is', () => {
    const notification = { receiptCode: 'K7QD-3M9X-PA2F-8HZT', readAt: '/api/public/draws/2027-SEALED-01/receipts/…', receipt: signRecord(receipts[3]!, key) };
    expect(allChecksPassed(verifyRecord({ record: signRecord(record, key), receipt: notification, keys, requireSignature: true, hash: nodeSha256 }))).toBe(true);
  });
});

describe('the disclosure rule: no selected enterprise has a certain tier (draw/v1.1 section 7.1)', () => {
  it('reveals no tier with one stratum empty, with one stratum of 1, or with every stratum drawn from (exact inference from the public documents)', () => {
    for (const sizes of [
      [0, 0, 4, 0],
      [0, 0, 1, 5],
      [0, 1, 0, 0],
      [3, 0, 0, 0],
      [30, 20, 6, 3],
    ]) {
      const pools = tiers(sizes);
      expect(findTierDisclosure(pools, sizes), sizes.join(',')).toBeUndefined();
      const { record, commitment } = sealedDraw(pools);
      const inferred = inferTiers(record, commitment);
      expect(inferred.possibleStrata.length, `${sizes.join(',')}: ${inferred.possibleStrata.join(',')}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('names a task that can select from one stratum only, whatever its pool', () => {
    const pools = [
      { label: 'A', ratio: '0', minimum: 0 },
      { label: 'B', ratio: '0', minimum: 0 },
      { label: 'C', ratio: '0.3', minimum: 2 },
    ];
    expect(findTierDisclosure(pools, [40, 30, 5])).toEqual({ code: 'single_selectable_stratum', stratum: 'C' });
  });

  it('names totals that allow only one stratum (A at 0.5 and B at 1, N = 2, k = 1), which two selectable strata do not prevent', () => {
    const pools = [
      { label: 'A', ratio: '0.5', minimum: 0, size: 2 },
      { label: 'B', ratio: '1', minimum: 0, size: 0 },
    ];
    expect(findTierDisclosure(pools, [2, 0])).toEqual({ code: 'totals_reveal_stratum', stratum: 'A' });
    const { record, commitment } = sealedDraw(pools);
    expect(inferTiers(record, commitment).possibleStrata).toEqual(['A']);
  });

  it('never lets a disclosing pool through: when it finds none, the exact inference from the public documents finds two strata or more', () => {
    const policy = fc.record({ ratio: fc.constantFrom('0', '0.05', '0.3', '0.5', '1'), minimum: fc.integer({ min: 0, max: 3 }), size: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.array(policy, { minLength: 2, maxLength: 4 }), (entries) => {
        const pools = entries.map((entry, index) => ({ ...entry, label: 'ABCD'[index] as string }));
        const sizes = pools.map((pool) => pool.size);
        if (findTierDisclosure(pools, sizes) !== undefined) return;
        const { record, commitment } = sealedDraw(pools);
        if (record.selected.length === 0) return;
        expect(inferTiers(record, commitment).possibleStrata.length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 150 },
    );
  });
});
