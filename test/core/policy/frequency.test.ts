import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRoundIncluded, roundsForFrequency } from '../../../src/core/policy/frequency.ts';

describe('roundsForFrequency', () => {
  it('spreads rounds evenly with the floor rule', () => {
    expect(roundsForFrequency(1, 2)).toEqual([2]);
    expect(roundsForFrequency(2, 4)).toEqual([2, 4]);
    expect(roundsForFrequency(3, 4)).toEqual([2, 3, 4]);
    expect(roundsForFrequency(4, 12)).toEqual([3, 6, 9, 12]);
    expect(roundsForFrequency(4, 4)).toEqual([1, 2, 3, 4]);
    expect(roundsForFrequency(0, 4)).toEqual([]);
  });

  it('includes a tier in exactly f rounds, and in at most ceil(f·n/R) of any n consecutive rounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.nat(), (roundsPerYear, seed) => {
        const frequency = seed % (roundsPerYear + 1);
        const rounds = roundsForFrequency(frequency, roundsPerYear);
        expect(rounds).toHaveLength(frequency);
        for (let start = 1; start <= roundsPerYear; start++) {
          for (let end = start; end <= roundsPerYear; end++) {
            const inWindow = rounds.filter((round) => round >= start && round <= end).length;
            const share = (frequency * (end - start + 1)) / roundsPerYear;
            expect(inWindow).toBeGreaterThanOrEqual(Math.floor(share));
            expect(inWindow).toBeLessThanOrEqual(Math.ceil(share));
          }
        }
      }),
    );
  });

  it('agrees with isRoundIncluded', () => {
    expect([1, 2, 3, 4].filter((round) => isRoundIncluded(round, 3, 4))).toEqual(roundsForFrequency(3, 4));
  });

  it('throws on a frequency above the rounds per year', () => {
    expect(() => roundsForFrequency(5, 4)).toThrow(RangeError);
    expect(() => roundsForFrequency(1, 0)).toThrow(RangeError);
  });
});
