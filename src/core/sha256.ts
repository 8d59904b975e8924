/**
 * SHA-256 (FIPS 180-4) over `Uint32Array` words, pure TypeScript, for the core's hot paths
 * in Node and in the browser alike.
 *
 * Why our own: a draw hashes `seedHash + code` for every member, and `seedHash` is 64 hex
 * characters, exactly one block. The state after that block (the midstate) is the same for
 * every member, so each ticket costs one compression of the final block while the code is at
 * most 55 bytes. node:crypto cannot resume from a midstate cheaply (a copied hash object per
 * call costs more than the block), and a general-purpose library allocates per call; this
 * file allocates nothing per message on the short path. Measured in scripts/bench/draw.ts.
 */

const ROUND_CONSTANTS = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL_STATE = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Bytes in one block; a message of at most 55 bytes fits one block with its padding. */
const SHA256_BLOCK_BYTES = 64;
const LAST_BLOCK_ROOM = SHA256_BLOCK_BYTES - 9;

// One message schedule shared by every call: JavaScript is single-threaded and compress never yields.
const schedule = new Uint32Array(64);

/**
 * One SHA-256 compression: folds the 16 big-endian words of `block` into `state` (8 words).
 *
 * @example const state = Uint32Array.from(initial); compressBlock(state, blockWords)
 */
function compressBlock(state: Uint32Array, block: Uint32Array): void {
  const w = schedule;
  for (let index = 0; index < 16; index++) w[index] = block[index] as number;
  for (let index = 16; index < 64; index++) {
    const w15 = w[index - 15] as number;
    const w2 = w[index - 2] as number;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    w[index] = ((w[index - 16] as number) + s0 + (w[index - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let index = 0; index < 64; index++) {
    const sigma1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const choice = (e & f) ^ (~e & g);
    const t1 = (h + sigma1 + choice + (ROUND_CONSTANTS[index] as number) + (w[index] as number)) | 0;
    const sigma0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (sigma0 + majority) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
  state[5] = ((state[5] as number) + f) | 0;
  state[6] = ((state[6] as number) + g) | 0;
  state[7] = ((state[7] as number) + h) | 0;
}

const blockWords = new Uint32Array(16);

/** Compresses `data[offset .. offset + 64)` into `state`. */
function compressBytes(state: Uint32Array, data: Uint8Array, offset: number): void {
  for (let word = 0; word < 16; word++) {
    const at = offset + word * 4;
    blockWords[word] = ((data[at] as number) << 24) | ((data[at + 1] as number) << 16) | ((data[at + 2] as number) << 8) | (data[at + 3] as number);
  }
  compressBlock(state, blockWords);
}

/**
 * Hashes `tail` (the bytes after `prefixBlocks` whole blocks already folded into `start`) and
 * writes the digest's eight words into `out`. The short path builds one padded block in
 * place; longer tails take the general path.
 */
function finishInto(start: Uint32Array, prefixBytes: number, tail: Uint8Array, tailLength: number, out: Uint32Array): void {
  out.set(start);
  let offset = 0;
  while (tailLength - offset >= SHA256_BLOCK_BYTES) {
    compressBytes(out, tail, offset);
    offset += SHA256_BLOCK_BYTES;
  }
  const rest = tailLength - offset;
  const bitLength = (prefixBytes + tailLength) * 8;
  blockWords.fill(0);
  for (let index = 0; index < rest; index++) {
    blockWords[index >> 2] = (blockWords[index >> 2] as number) | ((tail[offset + index] as number) << (24 - 8 * (index & 3)));
  }
  blockWords[rest >> 2] = (blockWords[rest >> 2] as number) | (0x80 << (24 - 8 * (rest & 3)));
  if (rest > LAST_BLOCK_ROOM) {
    compressBlock(out, blockWords);
    blockWords.fill(0);
  }
  // Bit lengths up to 2^53 − 1: the high word holds what exceeds 32 bits.
  blockWords[14] = Math.floor(bitLength / 0x1_0000_0000);
  blockWords[15] = bitLength >>> 0;
  compressBlock(out, blockWords);
}

/**
 * The digest's eight big-endian words as 32 bytes.
 *
 * @example wordsToBytes(new Uint32Array([0xba7816bf, …])) // Uint8Array [0xba, 0x78, …]
 */
export function wordsToBytes(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(32);
  for (let word = 0; word < 8; word++) {
    const value = words[word] as number;
    bytes[word * 4] = value >>> 24;
    bytes[word * 4 + 1] = value >>> 16;
    bytes[word * 4 + 2] = value >>> 8;
    bytes[word * 4 + 3] = value;
  }
  return bytes;
}

// The digest's words before they become the caller's bytes (one allocation per digest, not two).
const digestScratch = new Uint32Array(8);

/**
 * SHA-256 of bytes.
 *
 * @example sha256Bytes(new TextEncoder().encode('abc')) // ba7816bf…f20015ad as bytes
 */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  finishInto(INITIAL_STATE, 0, data, data.length, digestScratch);
  return wordsToBytes(digestScratch);
}


/** Scratch for a message's tail (the prefix's leftover bytes, then the text); grows as needed. */
let tailScratch = new Uint8Array(256);
const encoder = new TextEncoder();

/**
 * Writes `leftover` then the UTF-8 bytes of `text` into the scratch; returns the tail length.
 * ASCII text is copied unit by unit, skipping the encoder's call overhead.
 */
function tailToScratch(leftover: Uint8Array, text: string): number {
  const start = leftover.length;
  const needed = start + text.length * 3;
  if (needed > tailScratch.length) tailScratch = new Uint8Array(needed);
  if (start > 0) tailScratch.set(leftover, 0);
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0x80) return start + encoder.encodeInto(text, tailScratch.subarray(start)).written;
    tailScratch[start + index] = unit;
  }
  return start + text.length;
}

/** A hash of `prefix + text` for many texts, the prefix's whole blocks compressed once. */
export interface PrefixedSha256 {
  /** Writes the digest of `prefix + text` (UTF-8) as eight words into `out` (no allocation). */
  readonly wordsInto: (text: string, out: Uint32Array) => void;
  /** The digest of `prefix + text` (UTF-8) as 32 bytes. */
  readonly digest: (text: string) => Uint8Array;
}

/**
 * Hashes `prefix`'s whole 64-byte blocks once (the midstate); every text then costs only its
 * final block(s): one compression for a 64-character seed hash before a code of up to 55 bytes.
 *
 * @example createPrefixedSha256(utf8Bytes(seedHash)).digest('91350100M000100Y43')
 */
export function createPrefixedSha256(prefix: Uint8Array): PrefixedSha256 {
  const midstate = Uint32Array.from(INITIAL_STATE);
  const wholeBytes = prefix.length - (prefix.length % SHA256_BLOCK_BYTES);
  for (let offset = 0; offset < wholeBytes; offset += SHA256_BLOCK_BYTES) compressBytes(midstate, prefix, offset);
  const leftover = prefix.slice(wholeBytes);
  const wordsInto = (text: string, out: Uint32Array): void => {
    const tailLength = tailToScratch(leftover, text);
    finishInto(midstate, wholeBytes, tailScratch, tailLength, out);
  };
  return {
    wordsInto,
    digest: (text) => {
      wordsInto(text, digestScratch);
      return wordsToBytes(digestScratch);
    },
  };
}
