import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSampleSize, formatRatio, largestRatioForSampleSize, parseRatio, RATIO_SCALE } from '../../../src/core/policy/ratio.ts';

describe('parseRatio', () => {
  it('parses decimals with up to 4 places into basis points without floating point', () => {
    expect(parseRatio('0.0315')).toEqual({ ok: true, value: 315 });
    expect(parseRatio('0.03')).toEqual({ ok: true, value: 300 });
    expect(parseRatio('0.07')).toEqual({ ok: true, value: 700 });
    expect(parseRatio('0')).toEqual({ ok: true, value: 0 });
    expect(parseRatio('1')).toEqual({ ok: true, value: 10_000 });
    expect(parseRatio('1.0000')).toEqual({ ok: true, value: 10_000 });
  });

  it('rejects more than 4 decimals', () => {
    expect(parseRatio('0.00001')).toEqual({ ok: false, error: { code: 'too_many_decimals', text: '0.00001', decimals: 5 } });
  });

  it('rejects ratios above 1', () => {
    expect(parseRatio('1.0001')).toMatchObject({ ok: false, error: { code: 'above_one' } });
    expect(parseRatio('2')).toMatchObject({ ok: false, error: { code: 'above_one' } });
  });

  it.each(['', '-0.1', '+0.1', '.5', '00.5', '0.', '1e-2', ' 0.1', '0,1', 'NaN'])('rejects %j as not a decimal', (text) => {
    expect(parseRatio(text)).toMatchObject({ ok: false, error: { code: 'not_a_decimal' } });
  });
});

describe('formatRatio', () => {
  it('writes the shortest exact decimal', () => {
    expect(formatRatio(315)).toBe('0.0315');
    expect(formatRatio(300)).toBe('0.03');
    expect(formatRatio(5000)).toBe('0.5');
    expect(formatRatio(1)).toBe('0.0001');
    expect(formatRatio(0)).toBe('0');
    expect(formatRatio(10_000)).toBe('1');
  });

  it('round-trips through parseRatio for every basis point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: RATIO_SCALE }), (basisPoints) => {
        expect(parseRatio(formatRatio(basisPoints))).toEqual({ ok: true, value: basisPoints });
      }),
    );
  });

  it('throws on a value that is not a whole number of basis points', () => {
    expect(() => formatRatio(0.5)).toThrow(RangeError);
    expect(() => formatRatio(10_001)).toThrow(RangeError);
  });
});

describe('computeSampleSize (spec/draw-v1.md section 2)', () => {
  it('computes ceil(N × p / 10000) in integers, where floating point gets 7% of 100 wrong', () => {
    expect(Math.ceil(0.07 * 100)).toBe(8);
    expect(computeSampleSize(100, 700, 0)).toBe(7);
  });

  it('raises the sample to the minimum, but never above N', () => {
    expect(computeSampleSize(10, 300, 2)).toBe(2);
    expect(computeSampleSize(1, 300, 5)).toBe(1);
    expect(computeSampleSize(0, 10_000, 5)).toBe(0);
  });

  it('rounds any positive share up to a whole enterprise', () => {
    expect(computeSampleSize(1, 1, 0)).toBe(1);
    expect(computeSampleSize(10_001, 10_000, 0)).toBe(10_001);
  });

  it('agrees with exact BigInt arithmetic, also beyond the safe-integer product', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 50 }),
        fc.integer({ min: 0, max: RATIO_SCALE }),
        fc.integer({ min: 0, max: 1000 }),
        (members, basisPoints, minimum) => {
          const byRatio = (BigInt(members) * BigInt(basisPoints) + 9999n) / 10_000n;
          const expected = Math.max(Number(byRatio), Math.min(minimum, members));
          expect(computeSampleSize(members, basisPoints, minimum)).toBe(expected);
        },
      ),
    );
  });
});

describe('largestRatioForSampleSize', () => {
  it('finds the largest 4-decimal ratio whose sample is no larger than asked', () => {
    expect(largestRatioForSampleSize(3, 1, 10_000)).toBe(3333);
    expect(largestRatioForSampleSize(1000, 50, 10_000)).toBe(500);
    expect(largestRatioForSampleSize(1000, 50, 400)).toBe(400);
  });

  it('is the largest such ratio for any tier size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), (members, seed) => {
        const sample = seed % (members + 1);
        const ratio = largestRatioForSampleSize(members, sample, RATIO_SCALE);
        expect(computeSampleSize(members, ratio, 0)).toBeLessThanOrEqual(sample);
        if (ratio < RATIO_SCALE) expect(computeSampleSize(members, ratio + 1, 0)).toBeGreaterThan(sample);
      }),
    );
  });
});
