/**
 * Tickets, draw/v1 section 4: identical to Rivest's `consistent_sampler` 1.0.x (generation
 * 1), so anyone can re-run a draw with that independent tool.
 *
 *   seedHash     = sha256hex(seed)
 *   ticket(code) = "0." + reverse(decimal(int(sha256hex(seedHash + code), 16)).padStart(64, "0"))
 *
 * Tickets compare as strings (code-unit order); equal tickets order by code.
 *
 * Speed: the full ticket needs a 256-bit decimal conversion. Its leading digits are the
 * digest's value modulo powers of ten, reversed, so `ticketPrefixKey` gives the first nine
 * digits from the raw digest in sixteen small steps; selection ranks everyone by that key
 * and computes full tickets only for the members at or below the k-th key, which is exactly
 * the spec's order (see selection.ts). The key comes straight from the digest's words
 * (`Ticketer.prefixKey`): one SHA-256 compression after the seed hash's midstate, no
 * allocation, no big number, no string per member.
 */
import type { Sha256 } from '../hash.ts';

/** Digits of a ticket's fraction that `ticketPrefixKey` yields (10^9 < 2^53 / 2^16 keeps it exact). */
const TICKET_PREFIX_DIGITS = 9;
const prefixModulus = 10 ** TICKET_PREFIX_DIGITS;

/**
 * The spec's ticket string from a raw SHA-256 digest of `seedHash + code`.
 *
 * @example computeTicketFromDigest(nobleSha256.bytes(utf8Bytes('abc'))) // '0.5699807186…86324348'
 */
export function computeTicketFromDigest(digest: Uint8Array): string {
  // The value's decimal digits, least significant first, are the ticket's fraction: base 10^9
  // by long division over sixteen 16-bit limbs (every step below 2^46), no BigInt, no hex text.
  const limbs = ticketLimbs;
  for (let index = 0; index < 16; index++) limbs[index] = (digest[2 * index] as number) * 256 + (digest[2 * index + 1] as number);
  const units = ticketUnits;
  let length = 0;
  let significant = 0;
  for (let group = 0; group < TICKET_DECIMAL_GROUPS; group++) {
    let remainder = 0;
    for (let index = 0; index < 16; index++) {
      const current = remainder * 65536 + (limbs[index] as number);
      const quotient = Math.floor(current / prefixModulus);
      limbs[index] = quotient;
      remainder = current - quotient * prefixModulus;
    }
    for (let digit = 0; digit < TICKET_PREFIX_DIGITS; digit++) {
      const quotient = (remainder / 10) | 0;
      const value = remainder - quotient * 10;
      units[length++] = 0x30 + value;
      if (value !== 0) significant = length;
      remainder = quotient;
    }
  }
  // decimal(value).padStart(64, "0") reversed: the significant digits, then zeros up to 64.
  // One flat string (a character-by-character concatenation is an 80-deep rope that every comparison flattens).
  return `0.${String.fromCharCode.apply(null, units.subarray(0, Math.max(64, significant)) as unknown as number[])}`;
}

/** Nine groups of nine digits cover 2^256 (78 digits). */
const TICKET_DECIMAL_GROUPS = 9;
const ticketLimbs = new Float64Array(16);
const ticketUnits = new Uint16Array(TICKET_DECIMAL_GROUPS * TICKET_PREFIX_DIGITS);

/**
 * The first nine digits after "0." of the ticket, as an integer, straight from the digest:
 * value mod 10^9 (Horner over 16-bit words), digits reversed. Ordering by this key agrees
 * with ordering by ticket string wherever the keys differ.
 *
 * @example ticketPrefixKey(digest) // 569980718 for sha256("abc")
 */
export function ticketPrefixKey(digest: Uint8Array): number {
  let remainder = 0;
  for (let index = 0; index < digest.length; index += 2) {
    remainder = (remainder * 65536 + (digest[index] as number) * 256 + (digest[index + 1] as number)) % prefixModulus;
  }
  return reversedDigits(remainder);
}

/** 2^(16·i) mod 10^9 for the digest's sixteen 16-bit limbs, least significant first. */
const limbWeights = (() => {
  const weights = new Float64Array(16);
  let weight = 1;
  for (let index = 0; index < 16; index++) {
    weights[index] = weight;
    weight = (weight * 65536) % prefixModulus;
  }
  return weights;
})();

/**
 * `ticketPrefixKey` from the digest's eight big-endian 32-bit words (as `Sha256.prefixedWords`
 * writes them): the value mod 10^9 as a sum of limb × (2^(16·i) mod 10^9), each product
 * below 2^46 and their sum below 2^53, so one division instead of sixteen.
 *
 * @example ticketPrefixKeyOfWords(new Uint32Array([0xba7816bf, …])) // 569980718 for sha256("abc")
 */
export function ticketPrefixKeyOfWords(words: Uint32Array): number {
  let sum = 0;
  for (let index = 0; index < 8; index++) {
    const word = words[7 - index] as number;
    sum += (word & 0xffff) * (limbWeights[2 * index] as number) + (word >>> 16) * (limbWeights[2 * index + 1] as number);
  }
  return reversedDigits(sum % prefixModulus);
}

/** The nine decimal digits of `remainder` (< 10^9, zero-padded), reversed, as an integer. */
function reversedDigits(remainder: number): number {
  // Below 10^9 < 2^31 everything is a small integer: `| 0` keeps V8 on integer division.
  let rest = remainder | 0;
  let key = 0;
  for (let digit = 0; digit < TICKET_PREFIX_DIGITS; digit++) {
    const quotient = (rest / 10) | 0;
    key = key * 10 + (rest - quotient * 10);
    rest = quotient;
  }
  return key;
}

export interface Ticketer {
  readonly seed: string;
  /** sha256hex(seed). */
  readonly seedHash: string;
  /** Raw digest of seedHash + code. */
  digest(code: string): Uint8Array;
  /** The full ticket string of a code. */
  ticket(code: string): string;
  /** `ticketPrefixKey` of the code's digest, without allocating (the selection's hot loop). */
  prefixKey(code: string): number;
  /** The digest of seedHash + code as eight big-endian words into `out` (`ticketPrefixKeyOfWords` gives its key). */
  digestWords(code: string, out: Uint32Array): void;
  /**
   * The digest of seedHash + the code whose UTF-8 bytes are `data[offset .. offset + length)`,
   * as eight big-endian words into `out` (`ticketPrefixKeyOfWords` gives its key): a code
   * scanned from a file's bytes, never made a string.
   */
  digestWordsOfBytes(data: Uint8Array, offset: number, length: number, out: Uint32Array): void;
}

// ignoreBOM: a leading U+FEFF is part of the code, as in the string it would have been.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Ticket computation for one seed (hashes the seed once).
 *
 * @example createTicketer('01382438112797316654', nobleSha256).ticket('AB-130') // '0.2629971412…561854'
 */
export function createTicketer(seed: string, hash: Sha256): Ticketer {
  const seedHash = hash.hex(seed);
  const digest = hash.prefixed(seedHash);
  const digestWords = hash.prefixedWords(seedHash);
  const words = new Uint32Array(8);
  const bytesWords = hash.prefixedBytesWords?.(seedHash);
  return {
    seed,
    seedHash,
    digest,
    ticket: (code) => computeTicketFromDigest(digest(code)),
    prefixKey(code) {
      digestWords(code, words);
      return ticketPrefixKeyOfWords(words);
    },
    digestWords,
    digestWordsOfBytes:
      bytesWords ?? ((data, offset, length, out) => digestWords(utf8Decoder.decode(data.subarray(offset, offset + length)), out)),
  };
}

/**
 * One code's ticket under a seed.
 *
 * @example computeTicket('xy()134!g2n', 'cat', nobleSha256) // '0.2486641389…309555'
 */
export function computeTicket(seed: string, code: string, hash: Sha256): string {
  return createTicketer(seed, hash).ticket(code);
}

export interface Ticketed {
  readonly code: string;
  readonly ticket: string;
}

/**
 * The spec's order: by ticket string, then by code (plain code-unit comparison, never locale).
 *
 * @example [b, a].sort(compareTicketed)
 */
export function compareTicketed(left: Ticketed, right: Ticketed): number {
  if (left.ticket !== right.ticket) return left.ticket < right.ticket ? -1 : 1;
  if (left.code !== right.code) return left.code < right.code ? -1 : 1;
  return 0;
}
