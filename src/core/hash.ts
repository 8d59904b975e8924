/**
 * SHA-256 for the core. The core runs in Node and in the browser, so it cannot import
 * `node:crypto`; it takes a `Sha256` as a parameter instead. `coreSha256` (our own
 * compression over `Uint32Array`, sha256.ts) works everywhere and is the fastest on the bulk
 * paths, where many texts share a prefix (one compression per member after the midstate:
 * ≈ 0.7 µs against ≈ 2.8 µs for a node:crypto hash object and ≈ 4.5 µs for @noble/hashes, one
 * loaded 2-core run; see scripts/bench/draw.ts). `nobleSha256` (audited) stays as the
 * independent reference the tests compare against; Node's adapter in
 * `src/application/node-hash.ts` hashes long single texts natively.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { createPrefixedSha256, sha256Bytes, sha256Into } from './sha256.ts';

export interface Sha256 {
  /** Lowercase hex digest of the UTF-8 bytes of `text`: the spec's `sha256hex(text)`. */
  hex(text: string): string;
  /** Raw 32-byte digest of `data`. */
  bytes(data: Uint8Array): Uint8Array;
  /**
   * A function returning the raw digest of the UTF-8 bytes of `prefix + text`. Many
   * texts share one prefix on the hot paths (a 64-character seed hash before every code is
   * exactly one SHA-256 block), so an implementation may hash the prefix once and clone.
   */
  prefixed(prefix: string): (text: string) => Uint8Array;
  /**
   * Like `prefixed`, but writes the digest's eight big-endian 32-bit words into `out` and
   * allocates nothing: the per-member loop of a draw (ticket prefix keys) and of a pool root.
   */
  prefixedWords(prefix: string): (text: string, out: Uint32Array) => void;
  /**
   * Optional: like `prefixedWords`, for a text given as its UTF-8 bytes
   * `data[offset .. offset + length)` (a code scanned from a file, never made a string).
   * Without it, callers decode the bytes and use `prefixedWords`.
   */
  readonly prefixedBytesWords?: (prefix: string) => (data: Uint8Array, offset: number, length: number, out: Uint32Array) => void;
  /**
   * Optional: the digest of `data[offset .. offset + length)` written as 32 bytes into `out`
   * at `outOffset`, allocating nothing (Merkle levels hash from one flat array into the next).
   * Without it, callers fall back to `bytes`.
   */
  readonly bytesInto?: (data: Uint8Array, offset: number, length: number, out: Uint8Array, outOffset: number) => void;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. @example utf8Bytes('ab') // Uint8Array [97, 98] */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

const hexDigits = Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0'));

/** Lowercase hex of bytes. @example bytesToHex(new Uint8Array([0xca, 0xfe])) // 'cafe' */
export function bytesToHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += hexDigits[byte] as string;
  return text;
}

/**
 * Bytes of an even-length hex string, or undefined when it is not hex.
 *
 * @example hexToBytes('cafe') // Uint8Array [0xca, 0xfe]
 */
export function hexToBytes(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

/**
 * The pure-JS SHA-256 that runs in every environment.
 *
 * @example nobleSha256.hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export const nobleSha256: Sha256 = {
  hex: (text) => bytesToHex(sha256(encoder.encode(text))),
  bytes: (data) => sha256(data),
  prefixed(prefix) {
    const start = sha256.create().update(encoder.encode(prefix));
    return (text) => start.clone().update(encoder.encode(text)).digest();
  },
  prefixedWords(prefix) {
    const digest = nobleSha256.prefixed(prefix);
    return (text, out) => bytesToWords(digest(text), out);
  },
};

/** The 32 digest bytes as eight big-endian words, into `out`. */
function bytesToWords(bytes: Uint8Array, out: Uint32Array): void {
  for (let word = 0; word < 8; word++) {
    out[word] = ((bytes[word * 4] as number) << 24) | ((bytes[word * 4 + 1] as number) << 16) | ((bytes[word * 4 + 2] as number) << 8) | (bytes[word * 4 + 3] as number);
  }
}

/**
 * The core's own SHA-256 (sha256.ts): a midstate per prefix, one compression per short text.
 * The default everywhere a `Sha256` is not given, and the browser verifier's.
 *
 * @example coreSha256.hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export const coreSha256: Sha256 = {
  hex: (text) => bytesToHex(sha256Bytes(encoder.encode(text))),
  bytes: (data) => sha256Bytes(data),
  prefixed: (prefix) => createPrefixedSha256(encoder.encode(prefix)).digest,
  prefixedWords: (prefix) => createPrefixedSha256(encoder.encode(prefix)).wordsInto,
  prefixedBytesWords: (prefix) => createPrefixedSha256(encoder.encode(prefix)).bytesWordsInto,
  bytesInto: sha256Into,
};
