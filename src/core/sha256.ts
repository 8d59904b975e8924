/**
 * SHA-256 (FIPS 180-4) over 32-bit words in typed arrays, pure TypeScript, for the core's hot paths
 * in Node and in the browser alike.
 *
 * Why our own: a draw hashes `seedHash + code` for every member, and `seedHash` is 64 hex
 * characters, exactly one block. The state after that block (the midstate) is the same for
 * every member, so each ticket costs one compression of the final block while the code is at
 * most 55 bytes. node:crypto cannot resume from a midstate cheaply (a copied hash object per
 * call costs more than the block), and a general-purpose library allocates per call; this
 * file allocates nothing per message on the short path. Measured in scripts/bench/draw.ts.
 */

const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL_STATE = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Bytes in one block; a message of at most 55 bytes fits one block with its padding. */
const SHA256_BLOCK_BYTES = 64;
const LAST_BLOCK_ROOM = SHA256_BLOCK_BYTES - 9;

// One message schedule shared by every call: JavaScript is single-threaded and compress never yields.
const schedule = new Int32Array(64);

/**
 * One SHA-256 compression: folds the 16 big-endian words of `block` into `state` (8 words).
 * Words are kept as signed 32-bit integers (Int32Array), which V8 holds unboxed; eight
 * rounds per loop turn with the working variables renamed instead of shifted (rounds k..k+7
 * are FIPS 180-4's, with Ch and Maj in their cheaper equivalent forms), measured about 1.5x
 * the plain one-round loop.
 *
 * @example const state = Int32Array.from(INITIAL_STATE); compressBlock(state, blockWords)
 */
function compressBlock(state: Int32Array, block: Int32Array): void {
  const w = schedule;
  const k = ROUND_CONSTANTS;
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
  for (let index = 0; index < 64; index += 8) {
    let t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + (k[index + 0] as number) + (w[index + 0] as number)) | 0;
    d = (d + t1) | 0;
    h = (t1 + (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0;
    t1 = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + (k[index + 1] as number) + (w[index + 1] as number)) | 0;
    c = (c + t1) | 0;
    g = (t1 + (((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) | (b & (h | a)))) | 0;
    t1 = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + (k[index + 2] as number) + (w[index + 2] as number)) | 0;
    b = (b + t1) | 0;
    f = (t1 + (((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) | (a & (g | h)))) | 0;
    t1 = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + (k[index + 3] as number) + (w[index + 3] as number)) | 0;
    a = (a + t1) | 0;
    e = (t1 + (((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) | (h & (f | g)))) | 0;
    t1 = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + (k[index + 4] as number) + (w[index + 4] as number)) | 0;
    h = (h + t1) | 0;
    d = (t1 + (((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) | (g & (e | f)))) | 0;
    t1 = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + (k[index + 5] as number) + (w[index + 5] as number)) | 0;
    g = (g + t1) | 0;
    c = (t1 + (((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) | (f & (d | e)))) | 0;
    t1 = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + (k[index + 6] as number) + (w[index + 6] as number)) | 0;
    f = (f + t1) | 0;
    b = (t1 + (((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) | (e & (c | d)))) | 0;
    t1 = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + (k[index + 7] as number) + (w[index + 7] as number)) | 0;
    e = (e + t1) | 0;
    a = (t1 + (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) | (d & (b | c)))) | 0;
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

const blockWords = new Int32Array(16);
// The state being finished, copied to the caller's words at the end.
const working = new Int32Array(8);

/** Compresses `data[offset .. offset + 64)` into `state`. */
function compressBytes(state: Int32Array, data: Uint8Array, offset: number): void {
  for (let word = 0; word < 16; word++) {
    const at = offset + word * 4;
    blockWords[word] = ((data[at] as number) << 24) | ((data[at + 1] as number) << 16) | ((data[at + 2] as number) << 8) | (data[at + 3] as number);
  }
  compressBlock(state, blockWords);
}

/** Appends the padding and the message's bit length to `blockWords` (which holds `rest` bytes) and compresses. */
function padAndCompress(state: Int32Array, rest: number, messageBytes: number): void {
  blockWords[rest >> 2] = (blockWords[rest >> 2] as number) | (0x80 << (24 - 8 * (rest & 3)));
  if (rest > LAST_BLOCK_ROOM) {
    compressBlock(state, blockWords);
    blockWords.fill(0);
  }
  // Bit lengths up to 2^53 − 1: the high word holds what exceeds 32 bits.
  const bitLength = messageBytes * 8;
  blockWords[14] = Math.floor(bitLength / 0x1_0000_0000);
  blockWords[15] = bitLength | 0;
  compressBlock(state, blockWords);
}

/**
 * Hashes `tail[tailOffset .. tailOffset + tailLength)` (the bytes after `prefixBytes` bytes
 * of whole blocks already folded into `start`) into `working`. The short path builds one
 * padded block in place; longer tails compress their whole blocks first.
 */
function finish(start: Int32Array, prefixBytes: number, tail: Uint8Array, tailOffset: number, tailLength: number): void {
  working.set(start);
  let offset = tailOffset;
  const end = tailOffset + tailLength;
  while (end - offset >= SHA256_BLOCK_BYTES) {
    compressBytes(working, tail, offset);
    offset += SHA256_BLOCK_BYTES;
  }
  const rest = end - offset;
  blockWords.fill(0);
  for (let index = 0; index < rest; index++) {
    blockWords[index >> 2] = (blockWords[index >> 2] as number) | ((tail[offset + index] as number) << (24 - 8 * (index & 3)));
  }
  padAndCompress(working, rest, prefixBytes + tailLength);
}

/** Writes the eight words of `words` as 32 big-endian bytes into `out` at `outOffset`. */
function writeWordBytes(words: Int32Array | Uint32Array, out: Uint8Array, outOffset: number): void {
  for (let word = 0; word < 8; word++) {
    const value = words[word] as number;
    const at = outOffset + word * 4;
    out[at] = value >>> 24;
    out[at + 1] = value >>> 16;
    out[at + 2] = value >>> 8;
    out[at + 3] = value;
  }
}

/**
 * The digest's eight big-endian words as 32 bytes.
 *
 * @example wordsToBytes(new Uint32Array([0xba7816bf, …])) // Uint8Array [0xba, 0x78, …]
 */
export function wordsToBytes(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(32);
  writeWordBytes(words, bytes, 0);
  return bytes;
}

/**
 * SHA-256 of bytes.
 *
 * @example sha256Bytes(new TextEncoder().encode('abc')) // ba7816bf…f20015ad as bytes
 */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  const digest = new Uint8Array(32);
  sha256Into(data, 0, data.length, digest, 0);
  return digest;
}

/**
 * SHA-256 of `data[offset .. offset + length)`, written as 32 bytes into `out` at
 * `outOffset`, allocating nothing: Merkle levels hash their nodes from one flat array into
 * the next.
 *
 * @example sha256Into(level, 0, 65, parent, 0) // parent[0..32) = SHA-256(level[0..65))
 */
export function sha256Into(data: Uint8Array, offset: number, length: number, out: Uint8Array, outOffset: number): void {
  finish(INITIAL_STATE, 0, data, offset, length);
  writeWordBytes(working, out, outOffset);
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

/**
 * The short path: the prefix's leftover bytes and an ASCII text, together at most 55 bytes,
 * go straight (the text from its code units) into the one padded block. False (nothing
 * done) otherwise.
 */
function finishShortAscii(midstate: Int32Array, prefixBytes: number, leftover: Uint8Array, text: string): boolean {
  const start = leftover.length;
  const length = start + text.length;
  if (length > LAST_BLOCK_ROOM) return false;
  blockWords.fill(0);
  for (let index = 0; index < start; index++) blockWords[index >> 2] = (blockWords[index >> 2] as number) | ((leftover[index] as number) << (24 - 8 * (index & 3)));
  for (let index = start; index < length; index++) {
    const unit = text.charCodeAt(index - start);
    if (unit >= 0x80) return false;
    blockWords[index >> 2] = (blockWords[index >> 2] as number) | (unit << (24 - 8 * (index & 3)));
  }
  working.set(midstate);
  padAndCompress(working, length, prefixBytes + length);
  return true;
}

/**
 * The short path from bytes: the prefix's leftover bytes and `data[offset .. offset + length)`,
 * together at most 55 bytes, packed into the one padded block. False (nothing done) otherwise.
 */
function finishShortBytes(midstate: Int32Array, prefixBytes: number, leftover: Uint8Array, data: Uint8Array, offset: number, length: number): boolean {
  const start = leftover.length;
  const total = start + length;
  if (total > LAST_BLOCK_ROOM) return false;
  blockWords.fill(0);
  for (let index = 0; index < start; index++) blockWords[index >> 2] = (blockWords[index >> 2] as number) | ((leftover[index] as number) << (24 - 8 * (index & 3)));
  for (let index = start; index < total; index++) blockWords[index >> 2] = (blockWords[index >> 2] as number) | ((data[offset + index - start] as number) << (24 - 8 * (index & 3)));
  working.set(midstate);
  padAndCompress(working, total, prefixBytes + total);
  return true;
}

/** A hash of `prefix + text` for many texts, the prefix's whole blocks compressed once. */
export interface PrefixedSha256 {
  /** Writes the digest of `prefix + text` (UTF-8) as eight words into `out` (no allocation). */
  readonly wordsInto: (text: string, out: Uint32Array) => void;
  /**
   * Writes the digest of `prefix + data[offset .. offset + length)` as eight words into `out`:
   * a code read straight from a file's bytes, without a string (no allocation).
   */
  readonly bytesWordsInto: (data: Uint8Array, offset: number, length: number, out: Uint32Array) => void;
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
  const midstate = Int32Array.from(INITIAL_STATE);
  const wholeBytes = prefix.length - (prefix.length % SHA256_BLOCK_BYTES);
  for (let offset = 0; offset < wholeBytes; offset += SHA256_BLOCK_BYTES) compressBytes(midstate, prefix, offset);
  const leftover = prefix.slice(wholeBytes);
  const finishText = (text: string): void => {
    if (finishShortAscii(midstate, wholeBytes, leftover, text)) return;
    // The length first: tailToScratch may replace the scratch with a larger one.
    const tailLength = tailToScratch(leftover, text);
    finish(midstate, wholeBytes, tailScratch, 0, tailLength);
  };
  return {
    wordsInto(text, out) {
      finishText(text);
      out.set(working);
    },
    bytesWordsInto(data, offset, length, out) {
      if (!finishShortBytes(midstate, wholeBytes, leftover, data, offset, length)) {
        const tailLength = leftover.length + length;
        if (tailLength > tailScratch.length) tailScratch = new Uint8Array(tailLength);
        tailScratch.set(leftover, 0);
        tailScratch.set(data.subarray(offset, offset + length), leftover.length);
        finish(midstate, wholeBytes, tailScratch, 0, tailLength);
      }
      out.set(working);
    },
    digest(text) {
      finishText(text);
      const digest = new Uint8Array(32);
      writeWordBytes(working, digest, 0);
      return digest;
    },
  };
}
