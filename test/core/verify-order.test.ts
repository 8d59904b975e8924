/**
 * The order of events (spec draw/v1.1 section 3.1): `frozenAt + notice <= entropyAt <=
 * drawnAt`, entropyAt is the announced source's time, and a drand round's BLS signature
 * (bls-unchained-g1-rfc9380: RFC 9380 hash to G1, drand quicknet) verifies offline. A
 * record whose times are out of order fails even when every ticket recomputes.
 *
 * The drand vector is quicknet round 657413, published by the League of Entropy
 * (api.drand.sh/52db9ba7…/public/657413); its randomness is sha256(signature).
 */
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { formatDrandEntropy, parseBeaconPaste, verifyQuicknetRound } from '../../src/core/draw/beacon.ts';
import { checkEntropyNotice, entropyFieldsOf, entropyTimeOf, type EntropySource } from '../../src/core/draw/entropy-source.ts';
import { buildDrawRecord, toPublicRecord, type DrawRecord, type DrawRecordInput } from '../../src/core/draw/record.ts';
import { allChecksPassed, verifyRecord, type Check } from '../../src/core/verify/index.ts';
import { testCodes, testSalt } from './draw/codes.ts';
import { commitmentOfRecord } from '../support/draw-commitment.ts';

const ROUND = 657413;
const SIGNATURE = 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b';
const RANDOMNESS = 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587';
const dice: EntropySource = { kind: 'public-event', description: 'dice rolled at the public meeting', at: '2027-03-02T10:00:00+08:00' };
const codes = testCodes(60);

function record(overrides: Partial<DrawRecordInput> = {}): DrawRecord {
  const built = buildDrawRecord(
    {
      task: { code: '2027-JM-011' },
      visibility: 'open',
      frozenAt: '2027-03-01T09:00:00+08:00',
      ...entropyFieldsOf(dice, 86400),
      exclusions: [],
      nonce: '3c'.repeat(32),
      entropy: '3.6.1.5.2.4',
      drawnAt: '2027-03-02T10:15:00+08:00',
      strata: [{ label: 'ALL', ratio: '0.1', minimum: 1, members: codes.map((code, index) => ({ code, salt: testSalt(code, index) })) }],
      ...overrides,
    },
    nodeSha256,
  );
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  return built.value;
}

const checkOf = (checks: Check[], id: Check['id']) => checks.find((entry) => entry.id === id);

describe('entropy sources (draw/v1.1)', () => {
  it('gives a public event its time in +08:00 and a quicknet round genesis + (R - 1) * 3', () => {
    expect(entropyTimeOf({ kind: 'public-event', description: 'dice', at: '2027-03-02T02:00:00Z' })).toBe('2027-03-02T10:00:00+08:00');
    expect(entropyTimeOf({ kind: 'drand-quicknet', round: 1 })).toBe('2023-08-23T23:09:27+08:00');
    expect(entropyTimeOf({ kind: 'drand-quicknet', round: ROUND })).toBe('2023-09-15T19:00:03+08:00');
  });

  it('refuses a freeze less than the notice before the entropy, naming both times, and accepts exactly the notice', () => {
    expect(checkEntropyNotice(dice, '2027-03-01T10:00:00+08:00', 86400)).toEqual({ ok: true, value: '2027-03-02T10:00:00+08:00' });
    expect(checkEntropyNotice(dice, '2027-03-01T10:00:01+08:00', 86400)).toEqual({
      ok: false,
      error: { code: 'entropy_too_soon', frozenAt: '2027-03-01T10:00:01+08:00', entropyAt: '2027-03-02T10:00:00+08:00', earliest: '2027-03-02T10:00:01+08:00', notice: 86400 },
    });
  });
});

describe('drand quicknet rounds (bls-unchained-g1-rfc9380, RFC 9380)', () => {
  it('verifies a real round and gives sha256(signature) as its randomness', () => {
    expect(verifyQuicknetRound(ROUND, SIGNATURE)).toEqual({ ok: true, value: { round: ROUND, time: 1694775603, randomness: RANDOMNESS } });
  });

  it("refuses the signature for another round and a signature with one bit changed", () => {
    expect(verifyQuicknetRound(ROUND + 1, SIGNATURE)).toMatchObject({ ok: false, error: { code: 'signature_not_for_round', round: ROUND + 1 } });
    const flipped = `${SIGNATURE.slice(0, 95)}${SIGNATURE.endsWith('b') ? 'a' : 'b'}`;
    expect(verifyQuicknetRound(ROUND, flipped).ok).toBe(false);
  });

  it("reads a relay's JSON, a bare signature and E, and refuses another round than the committed one", () => {
    const relay = JSON.stringify({ round: ROUND, randomness: RANDOMNESS, signature: SIGNATURE });
    expect(parseBeaconPaste(relay, ROUND)).toEqual({ ok: true, value: { round: ROUND, signatureHex: SIGNATURE } });
    expect(parseBeaconPaste(` ${SIGNATURE}\n`, ROUND)).toEqual({ ok: true, value: { round: ROUND, signatureHex: SIGNATURE } });
    expect(parseBeaconPaste(formatDrandEntropy(ROUND, SIGNATURE), ROUND).ok).toBe(true);
    expect(parseBeaconPaste(relay, ROUND + 5)).toEqual({ ok: false, error: { code: 'beacon_round_mismatch', expected: ROUND + 5, pasted: ROUND } });
  });
});

describe('verifyRecord: order of events (draw/v1.1 section 3.1)', () => {
  it('passes a record frozen the notice before its entropy and drawn after it, with the beacon not applicable for a public event', () => {
    // A bare record: its signature is skipped on purpose (issue 19), the order is what is tested.
    const checks = verifyRecord({ record: record(), skipSignature: true });
    expect(checkOf(checks, 'order')?.status).toBe('passed');
    expect(checkOf(checks, 'beacon')?.status).toBe('not_applicable');
    expect(allChecksPassed(checks)).toBe(true);
  });

  it('fails a record drawn before its entropy time although every ticket recomputes', () => {
    const checks = verifyRecord({ record: record({ drawnAt: '2027-03-02T09:59:59+08:00' }) });
    expect(checkOf(checks, 'tickets')?.status).toBe('passed');
    expect(checkOf(checks, 'order')).toMatchObject({ status: 'failed', reason: expect.stringContaining('before entropyAt 2027-03-02T10:00:00+08:00') });
  });

  it('fails a record frozen less than its notice before the entropy', () => {
    const checks = verifyRecord({ record: record({ frozenAt: '2027-03-01T10:30:00+08:00' }) });
    expect(checkOf(checks, 'order')).toMatchObject({ status: 'failed', reason: expect.stringContaining('less than the notice of 86400 s') });
  });

  it("fails a record whose entropyAt is not its source's time", () => {
    const checks = verifyRecord({ record: { ...record(), entropyAt: '2027-03-02T08:00:00+08:00' } });
    expect(checkOf(checks, 'order')).toMatchObject({ status: 'failed', reason: expect.stringContaining("the announced source's time is 2027-03-02T10:00:00+08:00") });
  });

  it('fails a record made before v1.1 (text source, no entropyAt): its order cannot be proven', () => {
    const { entropyAt: _entropyAt, notice: _notice, ...old } = { ...record(), entropySource: 'dice rolled at the public meeting of 2027-03-02' };
    const checks = verifyRecord({ record: old });
    expect(checkOf(checks, 'format')?.status).toBe('passed');
    expect(checkOf(checks, 'order')).toMatchObject({ status: 'failed', reason: expect.stringContaining('cannot be proven') });
    expect(checkOf(checks, 'beacon')?.status).toBe('not_applicable');
  });

  it('does not apply to an offline record, which commits no nonce', () => {
    const { nonce: _nonce, nonceCommitment: _commitment, entropy: _entropy, entropySource: _source, entropyAt: _at, notice: _notice, poolRoot: _root, frozenAt: _frozen, drawnAt: _drawn, ...offline } = record();
    expect(checkOf(verifyRecord({ record: offline }), 'order')?.status).toBe('not_applicable');
  });

  it("fails a record whose entropy fields differ from the commitment's, in the order and commitment checks", () => {
    const drawn = record();
    const commitment = commitmentOfRecord(drawn, entropyFieldsOf(dice, 3600));
    const checks = verifyRecord({ record: drawn, commitment });
    expect(checkOf(checks, 'commitment')).toMatchObject({ status: 'failed', reason: expect.stringContaining('notice is 86400, the commitment says 3600') });
    expect(checkOf(checks, 'order')?.status).toBe('failed');
  });
});

describe('verifyRecord: drand beacon (draw/v1.1 section 3.1)', () => {
  const quicknet: EntropySource = { kind: 'drand-quicknet', round: ROUND };
  const beaconRecord = (entropy: string) =>
    record({ frozenAt: '2023-09-14T12:00:00+08:00', ...entropyFieldsOf(quicknet, 86400), entropy, drawnAt: '2023-09-15T19:05:00+08:00' });

  it("passes the committed round's verified signature in a sealed public record too", () => {
    const checks = verifyRecord({ record: toPublicRecord(beaconRecord(formatDrandEntropy(ROUND, SIGNATURE))) });
    expect(checkOf(checks, 'order')?.status).toBe('passed');
    expect(checkOf(checks, 'beacon')).toMatchObject({ status: 'passed', reason: expect.stringContaining(RANDOMNESS) });
  });

  it('fails E for another round than the committed one, and a signature that is not the round\'s', () => {
    expect(checkOf(verifyRecord({ record: beaconRecord(formatDrandEntropy(ROUND + 1, SIGNATURE)) }), 'beacon')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining(`committed round is ${ROUND}`),
    });
    const forged = `${SIGNATURE.slice(0, 95)}${SIGNATURE.endsWith('b') ? 'a' : 'b'}`;
    expect(checkOf(verifyRecord({ record: beaconRecord(formatDrandEntropy(ROUND, forged)) }), 'beacon')?.status).toBe('failed');
    expect(checkOf(verifyRecord({ record: beaconRecord('3.6.1.5.2.4') }), 'beacon')?.status).toBe('failed');
  });
});
