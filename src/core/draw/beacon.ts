/**
 * The League of Entropy's drand quicknet beacon as a draw's public entropy (draw/v1.1
 * section 3.1), checked offline. Every 3 seconds the network publishes, for round R, a
 * threshold BLS12-381 signature of `sha256(uint64_be(R))` (scheme
 * `bls-unchained-g1-rfc9380`: 48-byte signatures on G1, the 96-byte group key on G2, RFC 9380
 * hash-to-curve). A round's signature is unique and nobody knows it before its time, so a
 * round fixed at freeze gives entropy that no one, the bureau included, can choose.
 *
 * Staff paste a round's signature (or the JSON any drand relay returns); the draw uses
 * `E = "drand-quicknet.<round>.<signature hex>"`. Nothing here touches the network: the
 * public key below is all a verifier needs.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex, hexToBytes, nobleSha256 } from '../hash.ts';
import { err, ok, type Result } from '../result.ts';

/**
 * The quicknet chain as its relays publish it at
 * `https://api.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971/info`.
 */
export const DRAND_QUICKNET: {
  readonly chainHash: string;
  readonly publicKey: string;
  readonly genesisTime: 1692803367;
  readonly period: 3;
  readonly scheme: 'bls-unchained-g1-rfc9380';
} = Object.freeze({
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  genesisTime: 1692803367,
  period: 3,
  scheme: 'bls-unchained-g1-rfc9380',
});

/** RFC 9380 domain separation tag of the scheme: hash to G1, SHA-256, SSWU, random oracle. */
const HASH_TO_G1_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const SIGNATURE_BYTES = 48;
const ENTROPY_PREFIX = 'drand-quicknet.';
/**
 * The canonical E: round without leading zeros, signature in lowercase hex. Only one spelling
 * is accepted, or whoever enters E could try the 2^96 letter cases of one signature (each a
 * different seed) until the selection suited them.
 */
const entropyPattern = /^drand-quicknet\.([1-9][0-9]{0,15})\.([0-9a-f]{96})$/;

export type BeaconIssue =
  | { readonly code: 'invalid_round'; readonly round: unknown }
  /** Not hex, or not the compressed encoding of a point of the G1 subgroup. */
  | { readonly code: 'invalid_signature_encoding' }
  /** Hex of the wrong size; 96 bytes is a G2 signature, from another drand chain. */
  | { readonly code: 'signature_wrong_length'; readonly bytes: number }
  | { readonly code: 'signature_not_for_round'; readonly round: number }
  | { readonly code: 'invalid_beacon_entropy'; readonly text: string }
  /** A paste that is neither a signature, nor a relay's JSON for a round, nor an E string. */
  | { readonly code: 'invalid_beacon_paste' }
  /** A bare signature pasted with no round to check it for. */
  | { readonly code: 'beacon_round_missing' }
  | { readonly code: 'beacon_round_mismatch'; readonly expected: number; readonly pasted: number }
  /** The relay JSON's `randomness` is not sha256 of its `signature`: the paste is damaged. */
  | { readonly code: 'beacon_randomness_mismatch'; readonly round: number };

function isQuicknetRound(round: unknown): round is number {
  return typeof round === 'number' && Number.isSafeInteger(round) && round >= 1;
}

/**
 * Unix seconds at which a quicknet round is published: genesis + (round - 1) * 3. Throws for
 * a round that is not a whole number from 1 (check input with `verifyQuicknetRound` first).
 *
 * @example quicknetRoundTime(1) // 1692803367
 * @example quicknetRoundTime(1000) // 1692806364
 */
export function quicknetRoundTime(round: number): number {
  if (!isQuicknetRound(round)) throw new RangeError(`not a quicknet round: ${String(round)}`);
  return DRAND_QUICKNET.genesisTime + (round - 1) * DRAND_QUICKNET.period;
}

/**
 * The first round published at or after a moment (Unix seconds): the round a task can name
 * at freeze for entropy due no earlier than that moment. Round 1 for any moment up to genesis.
 *
 * @example firstQuicknetRoundAtOrAfter(1692806364) // 1000
 * @example firstQuicknetRoundAtOrAfter(1692806364.5) // 1001
 */
export function firstQuicknetRoundAtOrAfter(unixSeconds: number): number {
  if (!Number.isFinite(unixSeconds)) throw new RangeError(`not a time: ${String(unixSeconds)}`);
  const sinceGenesis = unixSeconds - DRAND_QUICKNET.genesisTime;
  return sinceGenesis <= 0 ? 1 : Math.ceil(sinceGenesis / DRAND_QUICKNET.period) + 1;
}

/** The message quicknet signs for a round: sha256 of the round as an 8-byte big-endian integer. */
function roundMessage(round: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(round));
  return nobleSha256.bytes(bytes);
}

let quicknetKey: ReturnType<typeof bls12_381.G2.Point.fromHex> | undefined;

/**
 * Checks, offline, that a signature is quicknet's signature for a round (BLS12-381, key on
 * G2, signature on G1, RFC 9380 hash to G1), and returns the round's time (Unix seconds) and
 * randomness (hex sha256 of the signature bytes). Takes ~20 ms (the first call ~150 ms).
 *
 * @example verifyQuicknetRound(1000, 'b44679b9…5e39') // ok({ round: 1000, time: 1692806364, randomness: 'fe290bec…4fdd' })
 * @example verifyQuicknetRound(1001, 'b44679b9…5e39') // err({ code: 'signature_not_for_round', round: 1001 })
 */
export function verifyQuicknetRound(
  round: number,
  signatureHex: string,
): Result<{ round: number; time: number; randomness: string }, BeaconIssue> {
  if (!isQuicknetRound(round)) return err({ code: 'invalid_round', round });
  const bytes = typeof signatureHex === 'string' ? hexToBytes(signatureHex) : undefined;
  if (bytes === undefined || bytes.length === 0) return err({ code: 'invalid_signature_encoding' });
  if (bytes.length !== SIGNATURE_BYTES) return err({ code: 'signature_wrong_length', bytes: bytes.length });
  const signature = decodeSignature(bytes);
  if (signature === undefined) return err({ code: 'invalid_signature_encoding' });
  quicknetKey ??= bls12_381.G2.Point.fromHex(DRAND_QUICKNET.publicKey);
  const signatures = bls12_381.shortSignatures;
  const message = signatures.hash(roundMessage(round), HASH_TO_G1_DST);
  if (!signatures.verify(signature, message, quicknetKey)) return err({ code: 'signature_not_for_round', round });
  return ok({ round, time: quicknetRoundTime(round), randomness: bytesToHex(nobleSha256.bytes(bytes)) });
}

/**
 * The G1 point of a compressed signature, or undefined when the bytes are not one: off the
 * curve, outside the prime-order subgroup, the point at infinity (which the library decodes),
 * or a non-canonical spelling of a point (x + p: the library refuses it today; re-encoding
 * keeps one signature from ever having two spellings, whatever a later version does).
 */
function decodeSignature(bytes: Uint8Array): ReturnType<typeof bls12_381.shortSignatures.Signature.fromBytes> | undefined {
  const coder = bls12_381.shortSignatures.Signature;
  let point: ReturnType<typeof coder.fromBytes>;
  try {
    point = coder.fromBytes(bytes);
  } catch {
    return undefined; // the library throws for every malformed encoding
  }
  if (point.is0()) return undefined;
  return bytesToHex(coder.toBytes(point)) === bytesToHex(bytes) ? point : undefined;
}

/**
 * The public entropy E of a quicknet round: `drand-quicknet.<round>.<signature hex>`, in the
 * one canonical spelling (lowercase hex). Throws for a malformed round or signature: check
 * them with `verifyQuicknetRound` first. E plus the nonce fits the seed's 256 characters.
 *
 * @example formatDrandEntropy(1000, 'B44679B9…5E39') // 'drand-quicknet.1000.b44679b9…5e39'
 */
export function formatDrandEntropy(round: number, signatureHex: string): string {
  const entropy = `${ENTROPY_PREFIX}${round}.${signatureHex.toLowerCase()}`;
  if (!isQuicknetRound(round) || !entropyPattern.test(entropy)) throw new RangeError(`not a quicknet round and signature: ${entropy}`);
  return entropy;
}

/**
 * The round and signature of a quicknet E string. Only the canonical spelling that
 * `formatDrandEntropy` writes is accepted (see `entropyPattern`). Does not check the
 * signature: `verifyQuicknetRound` does.
 *
 * @example parseDrandEntropy('drand-quicknet.1000.b44679b9…5e39') // ok({ round: 1000, signatureHex: 'b44679b9…5e39' })
 * @example parseDrandEntropy('3.6.1.5.2.4') // err({ code: 'invalid_beacon_entropy', text: '3.6.1.5.2.4' })
 */
export function parseDrandEntropy(entropy: string): Result<{ round: number; signatureHex: string }, BeaconIssue> {
  const match = typeof entropy === 'string' ? entropyPattern.exec(entropy) : null;
  const round = match ? Number(match[1]) : Number.NaN;
  if (!match || !isQuicknetRound(round)) return err({ code: 'invalid_beacon_entropy', text: String(entropy) });
  return ok({ round, signatureHex: match[2] as string });
}

/**
 * Accepts what staff paste: a bare signature hex, or the JSON any drand relay returns for a
 * round (`{round, signature, randomness?}`), or an E string; checks round match when both
 * given. Lenient on spelling (surrounding space, `0x`, upper case, a signature broken over
 * lines), strict on content: the signature must be 48 bytes of hex, and a relay's
 * `randomness` must be sha256 of its signature. Returns the signature in lowercase hex; it
 * does not check it (`verifyQuicknetRound` does).
 *
 * @example parseBeaconPaste('{"round":1000,"signature":"b44679b9…5e39"}') // ok({ round: 1000, signatureHex: 'b44679b9…5e39' })
 * @example parseBeaconPaste('b44679b9…5e39', 1000) // ok({ round: 1000, signatureHex: 'b44679b9…5e39' })
 * @example parseBeaconPaste('{"round":1000,"signature":"b44679b9…5e39"}', 1001) // err({ code: 'beacon_round_mismatch', expected: 1001, pasted: 1000 })
 */
export function parseBeaconPaste(text: string, expectedRound?: number): Result<{ round: number; signatureHex: string }, BeaconIssue> {
  if (expectedRound !== undefined && !isQuicknetRound(expectedRound)) return err({ code: 'invalid_round', round: expectedRound });
  const trimmed = text.trim();
  let pasted: Result<{ round: number | undefined; signatureHex: string }, BeaconIssue>;
  if (trimmed.startsWith('{')) pasted = parseRelayJson(trimmed);
  else if (trimmed.startsWith(ENTROPY_PREFIX)) pasted = parseDrandEntropy(trimmed);
  else if (/^(0x)?[0-9a-f\s]+$/i.test(trimmed)) pasted = parseSignatureText(trimmed);
  else return err({ code: 'invalid_beacon_paste' });
  if (!pasted.ok) return pasted;
  const round = pasted.value.round ?? expectedRound;
  if (round === undefined) return err({ code: 'beacon_round_missing' });
  if (expectedRound !== undefined && round !== expectedRound) return err({ code: 'beacon_round_mismatch', expected: expectedRound, pasted: round });
  return ok({ round, signatureHex: pasted.value.signatureHex });
}

/** A signature as pasted: optional `0x`, any case, white space anywhere (wrapped lines). */
function parseSignatureText(text: string): Result<{ round: undefined; signatureHex: string }, BeaconIssue> {
  const hex = text.replace(/\s+/g, '').replace(/^0x/i, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) return err({ code: 'invalid_signature_encoding' });
  if (hex.length !== SIGNATURE_BYTES * 2) return err(hex.length % 2 === 0 ? { code: 'signature_wrong_length', bytes: hex.length / 2 } : { code: 'invalid_signature_encoding' });
  return ok({ round: undefined, signatureHex: hex });
}

/** A relay's answer for one round, e.g. `GET /{chainHash}/public/{round}` or `/v2/beacons/quicknet/rounds/{round}`. */
function parseRelayJson(text: string): Result<{ round: number; signatureHex: string }, BeaconIssue> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err({ code: 'invalid_beacon_paste' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err({ code: 'invalid_beacon_paste' });
  const { round, signature, randomness } = value as Record<string, unknown>;
  if (round === undefined || typeof signature !== 'string') return err({ code: 'invalid_beacon_paste' });
  if (!isQuicknetRound(round)) return err({ code: 'invalid_round', round });
  const parsed = parseSignatureText(signature);
  if (!parsed.ok) return parsed;
  const signatureHex = parsed.value.signatureHex;
  if (randomness !== undefined) {
    const expected = bytesToHex(nobleSha256.bytes(hexToBytes(signatureHex) as Uint8Array));
    if (typeof randomness !== 'string' || randomness.toLowerCase() !== expected) return err({ code: 'beacon_randomness_mismatch', round });
  }
  return ok({ round, signatureHex });
}

/** At most 40 characters of a pasted text, so that one line of the message shows it. */
function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * A beacon issue in the reader's language.
 *
 * @example describeBeaconIssue({ code: 'signature_not_for_round', round: 1001 }, 'en') // 'the signature is not drand quicknet's signature for round 1001 …'
 */
export function describeBeaconIssue(issue: BeaconIssue, lang: 'zh' | 'en'): string {
  const say = (chinese: string, english: string) => (lang === 'zh' ? chinese : english);
  switch (issue.code) {
    case 'invalid_round': {
      const shown = excerpt(typeof issue.round === 'string' ? `"${issue.round}"` : String(issue.round));
      return say(`drand 轮次须为从 1 起的整数，收到 ${shown}`, `a drand round must be a whole number from 1 up, got ${shown}`);
    }
    case 'invalid_signature_encoding':
      return say(
        '签名不是 BLS12-381 G1 上有效点的压缩编码（quicknet 签名为 96 位十六进制，即 48 字节）',
        'the signature is not the compressed encoding of a valid BLS12-381 G1 point (a quicknet signature is 96 hex characters, 48 bytes)',
      );
    case 'signature_wrong_length':
      return issue.bytes === 96
        ? say(
            `签名为 96 字节，是另一条 drand 链（签名在 G2 上）的；quicknet 签名为 48 字节`,
            'the signature is 96 bytes, from another drand chain (signatures on G2); quicknet signatures are 48 bytes',
          )
        : say(`quicknet 签名为 48 字节（96 位十六进制），收到 ${issue.bytes} 字节`, `a quicknet signature is 48 bytes (96 hex characters), got ${issue.bytes}`);
    case 'signature_not_for_round':
      return say(
        `该签名不是 drand quicknet 第 ${issue.round} 轮的签名（BLS 验证未通过）`,
        `the signature is not drand quicknet's signature for round ${issue.round} (BLS verification failed)`,
      );
    case 'invalid_beacon_entropy':
      return say(
        `公开熵应为 "drand-quicknet.<轮次>.<96 位小写十六进制签名>"，收到 "${excerpt(issue.text)}"`,
        `the entropy must read "drand-quicknet.<round>.<96 lowercase hex signature>", got "${excerpt(issue.text)}"`,
      );
    case 'invalid_beacon_paste':
      return say(
        '无法识别粘贴的内容：应为签名的十六进制，或 drand 中继为该轮返回的 JSON（含 round 与 signature）',
        "cannot read the paste: give the signature's hex, or the JSON a drand relay returns for the round (with round and signature)",
      );
    case 'beacon_round_missing':
      return say('只有签名而没有轮次：请同时给出轮次', 'a signature without its round: give the round too');
    case 'beacon_round_mismatch':
      return say(
        `粘贴的是第 ${issue.pasted} 轮，应为第 ${issue.expected} 轮`,
        `the paste is round ${issue.pasted}, round ${issue.expected} is expected`,
      );
    case 'beacon_randomness_mismatch':
      return say(
        `第 ${issue.round} 轮粘贴内容中的 randomness 不是签名的 SHA-256：内容已损坏或被改动`,
        `the randomness in the paste for round ${issue.round} is not sha256 of its signature: the paste is damaged or altered`,
      );
  }
}
