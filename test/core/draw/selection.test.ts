/** draw/v1 section 5: per stratum, the k smallest (ticket, code); invariants of the draw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../../src/application/node-hash.ts';
import { drawStrata, selectFromStratum } from '../../../src/core/draw/selection.ts';
import { compareTicketed, createTicketer } from '../../../src/core/draw/ticket.ts';
import { testCodes } from './codes.ts';

const seedArbitrary = fc.string({ minLength: 16, maxLength: 40 }).map((text) => text.replace(/[^\x21-\x7e]/g, 'x'));

describe('selection', () => {
  it('equals sorting every full ticket and taking the first k', () => {
    fc.assert(
      fc.property(seedArbitrary, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (seed, size, wanted) => {
        const codes = testCodes(size);
        const k = Math.min(wanted, size);
        const ticketer = createTicketer(seed, nodeSha256);
        const expected = codes.map((code) => ({ code, ticket: ticketer.ticket(code) })).sort(compareTicketed).slice(0, k);
        expect(selectFromStratum(codes, k, ticketer)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('never depends on the order of members', () => {
    fc.assert(
      fc.property(seedArbitrary, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 30 }), fc.integer(), (seed, size, wanted, shuffleSeed) => {
        const codes = testCodes(size);
        const shuffled = [...codes];
        let state = shuffleSeed >>> 0;
        for (let index = shuffled.length - 1; index > 0; index--) {
          state = (state * 1664525 + 1013904223) >>> 0;
          const other = state % (index + 1);
          [shuffled[index], shuffled[other]] = [shuffled[other] as string, shuffled[index] as string];
        }
        const k = Math.min(wanted, size);
        expect(drawStrata(seed, [{ label: 'A', codes: shuffled, k }], nodeSha256)).toEqual(drawStrata(seed, [{ label: 'A', codes, k }], nodeSha256));
      }),
      { numRuns: 60 },
    );
  });

  it('changes a stratum by at most one swap when one enterprise joins it (same k)', () => {
    fc.assert(
      fc.property(seedArbitrary, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 30 }), (seed, size, wanted) => {
        const codes = testCodes(size);
        const k = Math.min(wanted, size);
        const before = new Set(drawStrata(seed, [{ label: 'A', codes, k }], nodeSha256).selected.map((member) => member.code));
        const after = new Set(drawStrata(seed, [{ label: 'A', codes: [...codes, ...testCodes(1, 10_000)], k }], nodeSha256).selected.map((member) => member.code));
        const removed = [...before].filter((code) => !after.has(code));
        const added = [...after].filter((code) => !before.has(code));
        expect(removed.length).toBeLessThanOrEqual(1);
        expect(added.length).toBe(removed.length);
        if (added.length === 1) expect(added[0]).toBe(testCodes(1, 10_000)[0]);
      }),
      { numRuns: 80 },
    );
  });

  it('gives the identical draw twice', () => {
    const strata = [
      { label: 'A', codes: testCodes(500), k: 15 },
      { label: 'B', codes: testCodes(80, 500), k: 8 },
    ];
    expect(drawStrata('repeatable-seed-2027', strata, nodeSha256)).toEqual(drawStrata('repeatable-seed-2027', strata, nodeSha256));
  });

  it('sets each threshold to the k-th selected ticket and orders the union by (ticket, code)', () => {
    const draw = drawStrata(
      'threshold-seed-0001',
      [
        { label: 'A', codes: testCodes(50), k: 3 },
        { label: 'B', codes: testCodes(20, 50), k: 0 },
      ],
      nodeSha256,
    );
    const [a, b] = draw.strata;
    expect(a?.threshold).toBe(a?.selected[2]?.ticket);
    expect(a?.thresholdCode).toBe(a?.selected[2]?.code);
    expect(b?.threshold).toBeUndefined();
    expect(draw.selected.map((member) => member.ticket)).toEqual([...draw.selected.map((member) => member.ticket)].sort());
  });
});
