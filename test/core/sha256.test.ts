/**
 * The core's own SHA-256 (FIPS 180-4) against node:crypto: every length 0..200, the padding
 * boundaries (55 bytes fit one block with the padding, 56 need a second; 64 is a whole
 * block), the midstate path behind a 64-byte seed hash, non-ASCII text, and the FIPS 180-4
 * example messages.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { bytesToHex, coreSha256, nobleSha256, utf8Bytes } from '../../src/core/hash.ts';
import { createPrefixedSha256, sha256Bytes, wordsToBytes } from '../../src/core/sha256.ts';

const nativeHex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');
const seedHash = 'd2a84f4b8b650937ec8f73cd8be2c74add5a911ba64df27458ed8229da804a26';

describe('core SHA-256 (FIPS 180-4) equals node:crypto', () => {
  it('hashes the FIPS 180-4 examples "abc", the empty message and the 56-byte two-block message', () => {
    expect(bytesToHex(sha256Bytes(utf8Bytes('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(bytesToHex(sha256Bytes(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(bytesToHex(sha256Bytes(utf8Bytes('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('hashes random bytes of every length 0..200 like node:crypto', () => {
    for (let length = 0; length <= 200; length++) {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: length, maxLength: length }), (data) => {
          expect(bytesToHex(sha256Bytes(data))).toBe(nativeHex(data));
        }),
        { numRuns: 5 },
      );
    }
  });

  it.each([55, 56, 63, 64, 65, 119, 120, 128])('hashes %i bytes (padding boundary) like node:crypto', (length) => {
    const data = Uint8Array.from({ length }, (_, index) => (index * 37 + 11) & 0xff);
    expect(bytesToHex(sha256Bytes(data))).toBe(nativeHex(data));
  });

  it('hashes seedHash + text from the midstate like node:crypto for texts of every length 0..200', () => {
    const prefixed = createPrefixedSha256(utf8Bytes(seedHash));
    for (let length = 0; length <= 200; length++) {
      const text = Array.from({ length }, (_, index) => String.fromCharCode(33 + ((index * 7 + length) % 94))).join('');
      expect(bytesToHex(prefixed.digest(text))).toBe(nativeHex(seedHash + text));
    }
  });

  it.each([55, 56, 64])('hashes seedHash + a %i-byte code (one compression up to 55) like node:crypto', (length) => {
    const code = '9'.repeat(length);
    const words = new Uint32Array(8);
    createPrefixedSha256(utf8Bytes(seedHash)).wordsInto(code, words);
    expect(bytesToHex(wordsToBytes(words))).toBe(nativeHex(seedHash + code));
  });

  it('hashes a short prefix (the RFC 6962 leaf byte 0x00) + texts across the one-block boundary (54, 55, 56 bytes in all) like node:crypto', () => {
    const prefixed = createPrefixedSha256(new Uint8Array([0x00]));
    for (let length = 0; length <= 70; length++) {
      const text = 'A9/'.repeat(30).slice(0, length);
      expect(bytesToHex(prefixed.digest(text))).toBe(nativeHex(`\u0000${text}`));
    }
  });

  it('hashes any prefix and any text, non-ASCII and astral characters included, like node:crypto', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 150 }), fc.string({ unit: 'binary', maxLength: 150 }), (prefix, text) => {
        expect(bytesToHex(coreSha256.prefixed(prefix)(text))).toBe(nativeHex(prefix + text));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same digests through every Sha256 of the project (core, node, noble) for every method', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.string({ maxLength: 100 }), fc.uint8Array({ maxLength: 700 }), (prefix, text, data) => {
        const expected = nativeHex(prefix + text);
        for (const hash of [coreSha256, nodeSha256, nobleSha256]) {
          expect(hash.hex(prefix + text)).toBe(expected);
          expect(bytesToHex(hash.prefixed(prefix)(text))).toBe(expected);
          const words = new Uint32Array(8);
          hash.prefixedWords(prefix)(text, words);
          expect(bytesToHex(wordsToBytes(words))).toBe(expected);
          expect(bytesToHex(hash.bytes(data))).toBe(nativeHex(data));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps one prefixed hasher independent of another used in between (shared scratch)', () => {
    const first = createPrefixedSha256(utf8Bytes('\u0000'));
    const second = createPrefixedSha256(utf8Bytes(seedHash));
    const before = bytesToHex(first.digest('91350100M000100Y43/A/00'));
    second.digest('x'.repeat(300));
    expect(bytesToHex(first.digest('91350100M000100Y43/A/00'))).toBe(before);
    expect(before).toBe(nativeHex('\u000091350100M000100Y43/A/00'));
  });
});
