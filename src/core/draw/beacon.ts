/**
 * The League of Entropy's drand quicknet beacon (spec draw/v1.1 section 3.1), checked
 * offline: scheme `bls-unchained-g1-rfc9380` (BLS12-381, signatures on G1 hashed to the
 * curve by RFC 9380, public key on G2), genesis 1692803367, period 3 s. Round R is
 * published at `genesis + (R - 1) * 3`; its signature signs `sha256(uint64_be(R))` and its
 * randomness is `sha256(signature)`. Nothing here fetches: staff paste a round's signature
 * (or a relay's JSON) and anyone verifies it against the network's public key.
 *
 * Placeholder written by the `order` helper so the draw and the verifier compile; the
 * `beacon` helper's module, with the same exports, replaces it.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '../hash.ts';
import { err, ok, type Result } from '../result.ts';

/** Public facts of the quicknet chain (https://api.drand.sh/52db9ba7…/info). */
export const QUICKNET = {
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  scheme: 'bls-unchained-g1-rfc9380',
  genesisTime: 1692803367,
  period: 3,
} as const;

/** RFC 9380 domain separation tag of BLS signatures on G1 (drand's `bls-unchained-g1-rfc9380`). */
const signatureDst = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const signaturePattern = /^[0-9a-f]{96}$/;
const entropyPattern = /^drand-quicknet\.([1-9][0-9]{0,15})\.([0-9a-f]{96})$/;

export type BeaconIssue =
  | { readonly code: 'beacon_round_invalid'; readonly round: number }
  | { readonly code: 'beacon_signature_malformed' }
  | { readonly code: 'beacon_signature_invalid'; readonly round: number }
  | { readonly code: 'beacon_entropy_malformed' }
  | { readonly code: 'beacon_round_mismatch'; readonly expected: number; readonly actual: number }
  | { readonly code: 'beacon_paste_unreadable' };

export interface BeaconRound {
  readonly round: number;
  /** Unix seconds at which the round is published. */
  readonly time: number;
  /** sha256(signature), lowercase hex. */
  readonly randomness: string;
}

const validRound = (round: number): boolean => Number.isSafeInteger(round) && round >= 1;

/**
 * The Unix time (seconds) of a quicknet round.
 *
 * @example quicknetRoundTime(1) // 1692803367
 */
export function quicknetRoundTime(round: number): number {
  return QUICKNET.genesisTime + (round - 1) * QUICKNET.period;
}

/**
 * Verifies a round's signature against the quicknet public key.
 *
 * @example verifyQuicknetRound(657413, 'b713718a…cd97b') // ok({ round: 657413, time: 1694775603, randomness: 'fc1873a1…' })
 */
export function verifyQuicknetRound(round: number, signatureHex: string): Result<BeaconRound, BeaconIssue> {
  if (!validRound(round)) return err({ code: 'beacon_round_invalid', round });
  if (!signaturePattern.test(signatureHex)) return err({ code: 'beacon_signature_malformed' });
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt(round));
  const signature = hexToBytes(signatureHex) as Uint8Array;
  let valid: boolean;
  try {
    valid = bls12_381.shortSignatures.verify(signature, bls12_381.shortSignatures.hash(sha256(message), signatureDst), hexToBytes(QUICKNET.publicKey) as Uint8Array);
  } catch {
    // Bytes that are not a point of G1 at all.
    return err({ code: 'beacon_signature_malformed' });
  }
  if (!valid) return err({ code: 'beacon_signature_invalid', round });
  return ok({ round, time: quicknetRoundTime(round), randomness: bytesToHex(sha256(signature)) });
}

/**
 * The public entropy E of a drand draw.
 *
 * @example formatDrandEntropy(657413, 'b713…97b') // 'drand-quicknet.657413.b713…97b'
 */
export function formatDrandEntropy(round: number, signatureHex: string): string {
  return `drand-quicknet.${round}.${signatureHex}`;
}

/**
 * Splits E = `drand-quicknet.<round>.<signature hex>` (the signature is not verified here).
 *
 * @example parseDrandEntropy('drand-quicknet.657413.b713…97b') // ok({ round: 657413, signatureHex: 'b713…97b' })
 */
export function parseDrandEntropy(entropy: string): Result<{ round: number; signatureHex: string }, BeaconIssue> {
  const match = entropyPattern.exec(entropy);
  if (!match) return err({ code: 'beacon_entropy_malformed' });
  const round = Number(match[1]);
  if (!validRound(round)) return err({ code: 'beacon_round_invalid', round });
  return ok({ round, signatureHex: match[2] as string });
}

/**
 * What staff paste for a round: the signature's hex alone (the round is the expected one),
 * the E text, or a relay's JSON `{"round": R, "signature": "…"}` (e.g. from
 * `/52db9ba7…/public/R`). A round other than `expectedRound` is refused.
 *
 * @example parseBeaconPaste('{"round":657413,"signature":"b713…97b"}', 657413) // ok({ round: 657413, signatureHex: 'b713…97b' })
 */
export function parseBeaconPaste(text: string, expectedRound?: number): Result<{ round: number; signatureHex: string }, BeaconIssue> {
  const trimmed = text.trim();
  let found: Result<{ round: number; signatureHex: string }, BeaconIssue>;
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return err({ code: 'beacon_paste_unreadable' });
    }
    const { round, signature } = (typeof value === 'object' && value !== null ? value : {}) as { round?: unknown; signature?: unknown };
    if (typeof round !== 'number' || typeof signature !== 'string') return err({ code: 'beacon_paste_unreadable' });
    found = ok({ round, signatureHex: signature.toLowerCase() });
  } else if (trimmed.startsWith('drand-quicknet.')) {
    found = parseDrandEntropy(trimmed);
  } else if (expectedRound !== undefined && /^[0-9a-fA-F]+$/.test(trimmed)) {
    found = ok({ round: expectedRound, signatureHex: trimmed.toLowerCase() });
  } else {
    return err({ code: 'beacon_paste_unreadable' });
  }
  if (!found.ok) return found;
  if (!validRound(found.value.round)) return err({ code: 'beacon_round_invalid', round: found.value.round });
  if (!signaturePattern.test(found.value.signatureHex)) return err({ code: 'beacon_signature_malformed' });
  if (expectedRound !== undefined && found.value.round !== expectedRound) return err({ code: 'beacon_round_mismatch', expected: expectedRound, actual: found.value.round });
  return found;
}

/** A beacon issue in Chinese or English. */
export function describeBeaconIssue(issue: BeaconIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'beacon_round_invalid':
      return zh ? `drand 轮次 ${issue.round} 无效（应为正整数）` : `drand round ${issue.round} is not a positive integer`;
    case 'beacon_signature_malformed':
      return zh ? 'drand 签名应为 96 个十六进制字符（48 字节压缩的 G1 点）' : 'a drand signature is 96 hex characters (a 48-byte compressed G1 point)';
    case 'beacon_signature_invalid':
      return zh ? `该签名不是 quicknet 第 ${issue.round} 轮的签名（BLS 验证未通过）` : `the signature is not quicknet round ${issue.round}'s (the BLS check failed)`;
    case 'beacon_entropy_malformed':
      return zh ? '公开随机数应为 drand-quicknet.<轮次>.<签名十六进制>' : 'the entropy must be drand-quicknet.<round>.<signature hex>';
    case 'beacon_round_mismatch':
      return zh ? `粘贴的是第 ${issue.actual} 轮，冻结时公布的是第 ${issue.expected} 轮` : `this is round ${issue.actual}, the round announced at freeze is ${issue.expected}`;
    case 'beacon_paste_unreadable':
      return zh ? '无法识别：请粘贴该轮签名的十六进制、drand 中继返回的 JSON，或 drand-quicknet.<轮次>.<签名>' : "unreadable: paste the round's signature hex, a drand relay's JSON, or drand-quicknet.<round>.<signature>";
  }
}
