/** draw/v1 section 4: tickets identical to consistent_sampler 1.0.x, with its published vectors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../../src/application/node-hash.ts';
import { coreSha256, nobleSha256, utf8Bytes } from '../../../src/core/hash.ts';
import { selectFromStratum } from '../../../src/core/draw/selection.ts';
import { computeTicket, computeTicketFromDigest, createTicketer, ticketPrefixKey, ticketPrefixKeyOfWords } from '../../../src/core/draw/ticket.ts';

/** A digest's eight big-endian words. */
const wordsOf = (digest: Uint8Array): Uint32Array => {
  const view = new DataView(digest.buffer, digest.byteOffset);
  return Uint32Array.from({ length: 8 }, (_, index) => view.getUint32(index * 4));
};

describe('tickets (consistent_sampler vectors, spec section 4)', () => {
  it('turns sha256("abc") into the published uniform fraction', () => {
    expect(computeTicketFromDigest(nobleSha256.bytes(utf8Bytes('abc')))).toBe(
      '0.56998071861792858926477341561059638840106636224182943832566300809078486324348',
    );
  });

  it.each([
    ['noble', nobleSha256],
    ['node', nodeSha256],
    ['core', coreSha256],
  ])('gives id AB-130 with seed 01382438112797316654 its published ticket (%s)', (_name, hash) => {
    expect(computeTicket('01382438112797316654', 'AB-130', hash)).toBe('0.26299714122838008416507544297546663599715395525154425586041245287750224561854');
  });

  it.each([
    ['noble', nobleSha256],
    ['core', coreSha256],
  ])('orders A-1..B-3 with seed 314159 as B-2 B-3 A-3 A-2 for the four smallest (%s)', (_name, hash) => {
    const selected = selectFromStratum(['A-1', 'A-2', 'A-3', 'B-1', 'B-2', 'B-3'], 4, createTicketer('314159', hash));
    expect(selected.map((member) => member.code)).toEqual(['B-2', 'B-3', 'A-3', 'A-2']);
  });

  it.each([
    ['noble', nobleSha256],
    ['core', coreSha256],
  ])('gives dog, cat, fish and goat with seed xy()134!g2n their published tickets (%s)', (_name, hash) => {
    const ticketer = createTicketer('xy()134!g2n', hash);
    expect(selectFromStratum(['dog', 'cat', 'fish', 'goat'], 4, ticketer)).toEqual([
      { code: 'cat', ticket: '0.24866413894129579898796850445568128508290132707747976039848637531569373309555' },
      { code: 'dog', ticket: '0.33886035615681875183111698317327684455682722683976874746986356932751818935066' },
      { code: 'goat', ticket: '0.49599842072022713663423753308080171636735689997237236247068925068573448764387' },
      { code: 'fish', ticket: '0.74685932088827950509145941729789143204056041958068799542050396198792954500593' },
    ]);
  });

  it('has a prefix key equal to the first nine digits of the full ticket', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (digest) => {
        expect(ticketPrefixKey(digest)).toBe(Number(computeTicketFromDigest(digest).slice(2, 11)));
      }),
      { numRuns: 2000 },
    );
  });

  it('has the same prefix key from the digest words as from the digest bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (digest) => {
        const view = new DataView(digest.buffer, digest.byteOffset);
        const words = Uint32Array.from({ length: 8 }, (_, index) => view.getUint32(index * 4));
        expect(ticketPrefixKeyOfWords(words)).toBe(ticketPrefixKey(digest));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives each code a ticketer prefix key equal to the first nine digits of its ticket', () => {
    const ticketer = createTicketer('01382438112797316654', coreSha256);
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (code) => {
        expect(ticketer.prefixKey(code)).toBe(Number(ticketer.ticket(code).slice(2, 11)));
      }),
      { numRuns: 1000 },
    );
  });

  it('builds the ticket without BigInt exactly as the spec formula with BigInt does, for random, small and extreme digests', () => {
    const specTicket = (digest: Uint8Array): string =>
      `0.${[...BigInt(`0x${Buffer.from(digest).toString('hex')}`).toString().padStart(64, '0')].reverse().join('')}`;
    const edges = [new Uint8Array(32), new Uint8Array(32).fill(0xff), Uint8Array.from({ length: 32 }, (_, index) => (index === 0 ? 0x80 : 0)), Uint8Array.from({ length: 32 }, (_, index) => (index < 5 ? 0 : 0xab))];
    for (const digest of edges) expect(computeTicketFromDigest(digest)).toBe(specTicket(digest));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat({ max: 31 }), (digest, zeros) => {
        digest.fill(0, 0, zeros);
        expect(computeTicketFromDigest(digest)).toBe(specTicket(digest));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the digest words of a code's bytes (at every length across the 55/56-byte boundary) equal to those of the code as text, with or without the hash's bytes path", () => {
    const withBytes = createTicketer('01382438112797316654', coreSha256);
    const { prefixedBytesWords: _omitted, ...withoutBytesPath } = coreSha256;
    const withoutBytes = createTicketer('01382438112797316654', withoutBytesPath);
    const fromBytes = new Uint32Array(8);
    const fromText = new Uint32Array(8);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.nat({ max: 7 }), (code, offset) => {
        const bytes = new Uint8Array([...new Uint8Array(offset), ...utf8Bytes(code), 0x22]);
        const length = bytes.length - offset - 1;
        withBytes.digestWordsOfBytes(bytes, offset, length, fromBytes);
        expect(ticketPrefixKeyOfWords(fromBytes)).toBe(withBytes.prefixKey(code));
        expect([...fromBytes]).toEqual([...wordsOf(withBytes.digest(code))]);
        withoutBytes.digestWordsOfBytes(bytes, offset, length, fromText);
        expect([...fromText]).toEqual([...fromBytes]);
      }),
      { numRuns: 1000 },
    );
  });

  it('has a prefix key equal to the ticket digits for digests of small values (leading zero padding)', () => {
    const digest = new Uint8Array(32);
    digest[31] = 7;
    expect(computeTicketFromDigest(digest)).toBe(`0.7${'0'.repeat(63)}`);
    expect(ticketPrefixKey(digest)).toBe(700000000);
  });
});
