/**
 * drand quicknet rounds checked offline (draw/v1.1 section 3.1): BLS12-381 signatures on G1
 * with the RFC 9380 hash to curve (DST BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_) and the
 * compressed point encoding of the pairing-friendly-curves draft (appendix C) that drand uses.
 *
 * The rounds are REAL quicknet rounds, as the relays publish them at
 * https://api.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971/public/<round>:
 * - rounds 2 and 3: ChainSafe/forest, src/beacon/tests/drand.rs (quicknet signature_2, signature_3);
 * - round 1000: randa-mu/drand-client-rs (the drand team's Rust client), src/verify.rs
 *   `g2_rfc_verifies_a_beacon`; its relay JSON, with the randomness, as quoted in Ideal Labs'
 *   pallet-drand benchmarking.rs;
 * - round 657413 and its randomness: mcdcam/python-drand-verify, README.md (`verify_quicknet`).
 * The public key and chain hash are those of the chain's /info document (quoted by the same
 * sources). Randomness is checked against node:crypto's SHA-256, an independent implementation.
 */
import { createHash } from 'node:crypto';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import {
  DRAND_QUICKNET,
  describeBeaconIssue,
  firstQuicknetRoundAtOrAfter,
  formatDrandEntropy,
  parseBeaconPaste,
  parseDrandEntropy,
  quicknetRoundTime,
  verifyQuicknetRound,
  type BeaconIssue,
} from '../../../src/core/draw/beacon.ts';
import { SEED_MAX_LENGTH, composeSeed, validateEntropy } from '../../../src/core/draw/seed.ts';

const ROUND_2 = 'b6b6a585449b66eb12e875b64fcbab3799861a00e4dbf092d99e969a5eac57dd3f798acf61e705fe4f093db926626807';
const ROUND_3 = 'b3fab6df720b68cc47175f2c777e86d84187caab5770906f515ff1099cb01e4deaa027075d860823e49477b93c72bd64';
const ROUND_1000 = 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39';
const ROUND_1000_RANDOMNESS = 'fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd';
const ROUND_657413 = 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b';
const ROUND_657413_RANDOMNESS = 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587';
/** A 96-byte G2 signature of the League of Entropy's older default (chained) chain, round 72785 (noislabs/drand-verify). */
const DEFAULT_CHAIN_SIGNATURE =
  '82f5d3d2de4db19d40a6980e8aa37842a0e55d1df06bd68bddc8d60002e8e959eb9cfa368b3c1b77d18f02a54fe047b80f0989315f83b12a74fd8679c4f12aae86eaf6ab5690b34f1fddd50ee3cc6f6cdf59e95526d5a5d82aaa84fa6f181e42';

const sha256Hex = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');

/** The hex of a signature with one bit flipped (bit 0 is the top bit of the first byte). */
function flipBit(hex: string, bit: number): string {
  const bytes = Buffer.from(hex, 'hex');
  bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (0x80 >> (bit & 7));
  return bytes.toString('hex');
}

/** A compressed G1 encoding (compression flag set) of an x coordinate, with no sort flag. */
function compressedX(x: bigint): string {
  return (x | (1n << 383n)).toString(16).padStart(96, '0');
}

describe('quicknet chain facts', () => {
  it('pins the chain hash, the G2 public key, genesis 1692803367, a 3 s period and the G1 RFC 9380 scheme', () => {
    expect(DRAND_QUICKNET).toEqual({
      chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
      publicKey:
        '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
      genesisTime: 1692803367,
      period: 3,
      scheme: 'bls-unchained-g1-rfc9380',
    });
    expect(Object.isFrozen(DRAND_QUICKNET)).toBe(true);
  });
});

describe('verifyQuicknetRound on real rounds', () => {
  it.each([
    [2, ROUND_2],
    [3, ROUND_3],
    [1000, ROUND_1000],
    [657413, ROUND_657413],
  ])('verifies quicknet round %i and returns its time and sha256(signature) as randomness', (round, signature) => {
    expect(verifyQuicknetRound(round, signature)).toEqual({
      ok: true,
      value: { round, time: 1692803367 + (round - 1) * 3, randomness: sha256Hex(signature) },
    });
  });

  it('gives the randomness the relays publish for rounds 1000 and 657413', () => {
    const round1000 = verifyQuicknetRound(1000, ROUND_1000);
    const round657413 = verifyQuicknetRound(657413, ROUND_657413);
    expect(round1000.ok && round1000.value.randomness).toBe(ROUND_1000_RANDOMNESS);
    expect(round657413.ok && round657413.value.randomness).toBe(ROUND_657413_RANDOMNESS);
  });

  it('accepts the signature in upper case hex (the bytes are what is signed)', () => {
    expect(verifyQuicknetRound(1000, ROUND_1000.toUpperCase()).ok).toBe(true);
  });
});

describe('verifyQuicknetRound refuses what is not the round', () => {
  it.each([
    [1001, ROUND_1000],
    [999, ROUND_1000],
    [3, ROUND_2],
    [2, ROUND_3],
    [1000, ROUND_657413],
  ])('refuses for round %i a real signature of another round', (round, signature) => {
    expect(verifyQuicknetRound(round, signature)).toEqual({ ok: false, error: { code: 'signature_not_for_round', round } });
  });

  it('refuses the negated signature (sort flag flipped): a valid G1 point, but not the round', () => {
    expect(verifyQuicknetRound(1000, flipBit(ROUND_1000, 2))).toEqual({ ok: false, error: { code: 'signature_not_for_round', round: 1000 } });
  });

  it.each([3, 8, 200, 383])('refuses the round 1000 signature with bit %i flipped (no longer a point of the G1 subgroup)', (bit) => {
    expect(verifyQuicknetRound(1000, flipBit(ROUND_1000, bit))).toEqual({ ok: false, error: { code: 'invalid_signature_encoding' } });
  });

  it('refuses the signature without its compression flag', () => {
    expect(verifyQuicknetRound(1000, flipBit(ROUND_1000, 0))).toEqual({ ok: false, error: { code: 'invalid_signature_encoding' } });
  });

  it("refuses a G2-sized signature (the default chain's 96 bytes) by its length", () => {
    expect(verifyQuicknetRound(72785, DEFAULT_CHAIN_SIGNATURE)).toEqual({ ok: false, error: { code: 'signature_wrong_length', bytes: 96 } });
  });

  it.each([
    ['empty', ''],
    ['not hex', 'zz'.repeat(48)],
    ['odd length', ROUND_1000.slice(1)],
    ['0x prefix', `0x${ROUND_1000}`],
    ['spaces', ` ${ROUND_1000}`],
  ])('refuses a signature that is not hex (%s)', (_name, signature) => {
    expect(verifyQuicknetRound(1000, signature)).toEqual({ ok: false, error: { code: 'invalid_signature_encoding' } });
  });

  it('refuses 48 bytes that are not on the curve (x = 1)', () => {
    expect(verifyQuicknetRound(1000, compressedX(1n))).toEqual({ ok: false, error: { code: 'invalid_signature_encoding' } });
  });

  it('refuses a point on the curve outside the prime-order subgroup (x = 4)', () => {
    const { Fp } = bls12_381.fields;
    expect(Fp.sqrt(Fp.add(Fp.pow(4n, 3n), 4n))).toBeDefined(); // (4, y) is on y² = x³ + 4
    expect(verifyQuicknetRound(1000, compressedX(4n))).toEqual({ ok: false, error: { code: 'invalid_signature_encoding' } });
  });

  it('refuses the point at infinity', () => {
    expect(verifyQuicknetRound(1000, `c0${'00'.repeat(47)}`)).toEqual({ ok: false, error: { code: 'invalid_signature_encoding' } });
  });

  it('refuses a non-canonical spelling of a subgroup point (x + p), which would give a second E for one signature', () => {
    const { Fp } = bls12_381.fields;
    const coder = bls12_381.shortSignatures.Signature;
    let point = bls12_381.G1.Point.BASE;
    while (point.toAffine().x + Fp.ORDER >= 1n << 381n) point = point.add(bls12_381.G1.Point.BASE);
    const canonical = coder.toHex(point);
    const flags = BigInt.asUintN(384, BigInt(`0x${canonical}`)) >> 381n;
    const nonCanonical = ((flags << 381n) | (point.toAffine().x + Fp.ORDER)).toString(16).padStart(96, '0');
    expect(verifyQuicknetRound(1000, canonical)).toEqual({ ok: false, error: { code: 'signature_not_for_round', round: 1000 } });
    expect(verifyQuicknetRound(1000, nonCanonical)).toEqual({ ok: false, error: { code: 'invalid_signature_encoding' } });
  });

  it.each([0, -1, -1000, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses round %s', (round) => {
    expect(verifyQuicknetRound(round, ROUND_1000)).toEqual({ ok: false, error: { code: 'invalid_round', round } });
  });

  it('refuses a round that is not a number (from untyped JSON)', () => {
    expect(verifyQuicknetRound('1000' as unknown as number, ROUND_1000)).toEqual({ ok: false, error: { code: 'invalid_round', round: '1000' } });
  });
});

describe('round times', () => {
  it('publishes round 1 at genesis and each next round 3 s later', () => {
    expect(quicknetRoundTime(1)).toBe(1692803367);
    expect(quicknetRoundTime(2)).toBe(1692803370);
    expect(quicknetRoundTime(1000)).toBe(1692806364);
  });

  it.each([0, -1, 1.5, Number.NaN])('throws for round %s (callers check rounds first)', (round) => {
    expect(() => quicknetRoundTime(round)).toThrow(RangeError);
  });

  it('finds round 1 for any moment up to genesis', () => {
    expect(firstQuicknetRoundAtOrAfter(1692803367)).toBe(1);
    expect(firstQuicknetRoundAtOrAfter(0)).toBe(1);
  });

  it('finds the round published at a moment, or the next one between rounds', () => {
    expect(firstQuicknetRoundAtOrAfter(1692806364)).toBe(1000);
    expect(firstQuicknetRoundAtOrAfter(1692806364.001)).toBe(1001);
    expect(firstQuicknetRoundAtOrAfter(1692806365)).toBe(1001);
    expect(firstQuicknetRoundAtOrAfter(1692806367)).toBe(1001);
  });

  it('inverts quicknetRoundTime: the first round at the time of round R is R, a second later R + 1', () => {
    for (const round of [1, 2, 3, 1000, 657413, 25_000_000]) {
      expect(firstQuicknetRoundAtOrAfter(quicknetRoundTime(round))).toBe(round);
      expect(firstQuicknetRoundAtOrAfter(quicknetRoundTime(round) + 1)).toBe(round + 1);
    }
  });

  it('throws for a moment that is not a finite number', () => {
    expect(() => firstQuicknetRoundAtOrAfter(Number.NaN)).toThrow(RangeError);
  });
});

describe('the entropy string E', () => {
  it('formats E as drand-quicknet.<round>.<lowercase signature hex>', () => {
    expect(formatDrandEntropy(1000, ROUND_1000.toUpperCase())).toBe(`drand-quicknet.1000.${ROUND_1000}`);
  });

  it('round-trips format and parse', () => {
    for (const [round, signature] of [
      [2, ROUND_2],
      [1000, ROUND_1000],
      [657413, ROUND_657413],
    ] as const) {
      expect(parseDrandEntropy(formatDrandEntropy(round, signature))).toEqual({ ok: true, value: { round, signatureHex: signature } });
    }
  });

  it('throws when formatting a malformed round or signature (callers verify first)', () => {
    expect(() => formatDrandEntropy(0, ROUND_1000)).toThrow(RangeError);
    expect(() => formatDrandEntropy(1000, ROUND_1000.slice(2))).toThrow(RangeError);
    expect(() => formatDrandEntropy(1000, DEFAULT_CHAIN_SIGNATURE)).toThrow(RangeError);
  });

  it.each([
    ['upper case hex', `drand-quicknet.1000.${ROUND_1000.toUpperCase()}`],
    ['a leading zero', `drand-quicknet.01000.${ROUND_1000}`],
    ['a plus sign', `drand-quicknet.+1000.${ROUND_1000}`],
    ['round 0', `drand-quicknet.0.${ROUND_1000}`],
    ['0x', `drand-quicknet.1000.0x${ROUND_1000}`],
    ['a trailing space', `drand-quicknet.1000.${ROUND_1000} `],
    ['another chain', `drand-default.1000.${ROUND_1000}`],
    ['a G2 signature', `drand-quicknet.72785.${DEFAULT_CHAIN_SIGNATURE}`],
    ['no signature', 'drand-quicknet.1000.'],
    ['dice', '3.6.1.5.2.4'],
    ['a round beyond 2^53', `drand-quicknet.9007199254740993.${ROUND_1000}`],
  ])('accepts only the canonical spelling: refuses %s', (_name, text) => {
    expect(parseDrandEntropy(text)).toEqual({ ok: false, error: { code: 'invalid_beacon_entropy', text } });
  });

  it('fits the seed: E is valid entropy and nonce + "-" + E stays within 256 characters, for the largest round', () => {
    const entropy = formatDrandEntropy(Number.MAX_SAFE_INTEGER, ROUND_1000);
    expect(validateEntropy(entropy).ok).toBe(true);
    const seed = composeSeed('ab'.repeat(32), entropy);
    expect(seed.ok).toBe(true);
    expect(seed.ok && seed.value.length).toBe(64 + 1 + 'drand-quicknet.'.length + 16 + 1 + 96);
    expect(seed.ok && seed.value.length).toBeLessThanOrEqual(SEED_MAX_LENGTH);
  });
});

describe('parseBeaconPaste', () => {
  const relayJson = `{"round":1000,"randomness":"${ROUND_1000_RANDOMNESS}","signature":"${ROUND_1000}"}`;

  it("reads a relay's JSON for the round (api.drand.sh /public/1000)", () => {
    expect(parseBeaconPaste(relayJson)).toEqual({ ok: true, value: { round: 1000, signatureHex: ROUND_1000 } });
    expect(parseBeaconPaste(`\n  ${relayJson}\n`, 1000)).toEqual({ ok: true, value: { round: 1000, signatureHex: ROUND_1000 } });
  });

  it('reads the v2 relay JSON, which has no randomness', () => {
    expect(parseBeaconPaste(`{"round":657413,"signature":"${ROUND_657413}"}`, 657413)).toEqual({ ok: true, value: { round: 657413, signatureHex: ROUND_657413 } });
  });

  it('refuses relay JSON for another round than the expected one', () => {
    expect(parseBeaconPaste(relayJson, 1001)).toEqual({ ok: false, error: { code: 'beacon_round_mismatch', expected: 1001, pasted: 1000 } });
  });

  it('refuses relay JSON whose randomness is not sha256 of its signature', () => {
    const damaged = relayJson.replace(ROUND_1000_RANDOMNESS, ROUND_657413_RANDOMNESS);
    expect(parseBeaconPaste(damaged, 1000)).toEqual({ ok: false, error: { code: 'beacon_randomness_mismatch', round: 1000 } });
  });

  it("refuses relay JSON with a G2 signature (another chain's) by its length", () => {
    expect(parseBeaconPaste(`{"round":72785,"signature":"${DEFAULT_CHAIN_SIGNATURE}"}`)).toEqual({ ok: false, error: { code: 'signature_wrong_length', bytes: 96 } });
  });

  it('refuses relay JSON whose round is not a positive whole number', () => {
    expect(parseBeaconPaste(`{"round":"1000","signature":"${ROUND_1000}"}`)).toEqual({ ok: false, error: { code: 'invalid_round', round: '1000' } });
    expect(parseBeaconPaste(`{"round":0,"signature":"${ROUND_1000}"}`)).toEqual({ ok: false, error: { code: 'invalid_round', round: 0 } });
  });

  it('takes a bare signature for the expected round, tolerating 0x, upper case and wrapped lines', () => {
    const pasted = `  0x${ROUND_1000.slice(0, 48).toUpperCase()}\r\n${ROUND_1000.slice(48)}\n`;
    expect(parseBeaconPaste(pasted, 1000)).toEqual({ ok: true, value: { round: 1000, signatureHex: ROUND_1000 } });
  });

  it('refuses a bare signature without a round', () => {
    expect(parseBeaconPaste(ROUND_1000)).toEqual({ ok: false, error: { code: 'beacon_round_missing' } });
  });

  it('refuses a bare hex signature of the wrong size', () => {
    expect(parseBeaconPaste(DEFAULT_CHAIN_SIGNATURE, 72785)).toEqual({ ok: false, error: { code: 'signature_wrong_length', bytes: 96 } });
    expect(parseBeaconPaste(ROUND_1000.slice(1), 1000)).toEqual({ ok: false, error: { code: 'invalid_signature_encoding' } });
  });

  it('reads an E string and checks its round', () => {
    const entropy = formatDrandEntropy(1000, ROUND_1000);
    expect(parseBeaconPaste(entropy, 1000)).toEqual({ ok: true, value: { round: 1000, signatureHex: ROUND_1000 } });
    expect(parseBeaconPaste(entropy, 2)).toEqual({ ok: false, error: { code: 'beacon_round_mismatch', expected: 2, pasted: 1000 } });
  });

  it.each([
    ['empty', ''],
    ['prose', 'the signature of round 1000'],
    ['broken JSON', '{"round":1000,'],
    ['JSON without a signature', '{"round":1000}'],
    ['a JSON array', `[1000, "${ROUND_1000}"]`],
  ])('refuses a paste it cannot read (%s)', (_name, text) => {
    expect(parseBeaconPaste(text, 1000)).toEqual({ ok: false, error: { code: 'invalid_beacon_paste' } });
  });

  it('refuses an expected round that is not a round', () => {
    expect(parseBeaconPaste(relayJson, 0)).toEqual({ ok: false, error: { code: 'invalid_round', round: 0 } });
  });
});

describe('describeBeaconIssue', () => {
  const issues: BeaconIssue[] = [
    { code: 'invalid_round', round: -1 },
    { code: 'invalid_signature_encoding' },
    { code: 'signature_wrong_length', bytes: 96 },
    { code: 'signature_wrong_length', bytes: 10 },
    { code: 'signature_not_for_round', round: 1001 },
    { code: 'invalid_beacon_entropy', text: '3.6.1.5.2.4' },
    { code: 'invalid_beacon_paste' },
    { code: 'beacon_round_missing' },
    { code: 'beacon_round_mismatch', expected: 1001, pasted: 1000 },
    { code: 'beacon_randomness_mismatch', round: 1000 },
  ];

  it.each(issues.map((issue) => [issue.code, issue] as const))('describes %s in Chinese and in English', (_code, issue) => {
    const chinese = describeBeaconIssue(issue, 'zh');
    const english = describeBeaconIssue(issue, 'en');
    expect(chinese).toMatch(/[\u4e00-\u9fff]/);
    expect(english).not.toMatch(/[\u4e00-\u9fff]/);
    expect(english.length).toBeGreaterThan(10);
  });

  it('names the round a signature is not for, and both rounds of a mismatch', () => {
    expect(describeBeaconIssue({ code: 'signature_not_for_round', round: 1001 }, 'en')).toContain('round 1001');
    expect(describeBeaconIssue({ code: 'beacon_round_mismatch', expected: 1001, pasted: 1000 }, 'zh')).toBe('粘贴的是第 1000 轮，应为第 1001 轮');
  });

  it('says a 96-byte signature comes from another drand chain', () => {
    expect(describeBeaconIssue({ code: 'signature_wrong_length', bytes: 96 }, 'en')).toContain('another drand chain');
  });
});
