/**
 * SHA-256 for the core. The core runs in Node and in the browser, so it cannot import
 * `node:crypto`; it takes a `Sha256` as a parameter instead. `nobleSha256` (pure JS,
 * audited, synchronous) works everywhere; Node callers pass the native adapter from
 * `src/application/node-hash.ts` on bulk paths (measured: native ≈ 2.0-2.3 µs per short
 * input, noble ≈ 3.1 µs; see scripts/bench/draw.ts).
 */
import { sha256 } from '@noble/hashes/sha2.js';

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
};
