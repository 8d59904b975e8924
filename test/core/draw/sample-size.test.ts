/** draw/v1 section 2: k = max(ceil(N·p/10000), min(minimum, N)) in integers only. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSampleSize, parseRatio } from '../../../src/core/draw/sample-size.ts';

function ratioText(p: number, decimals: number): string {
  if (p === 10000) return decimals === 0 ? '1' : `1.${'0'.repeat(decimals)}`;
  const fraction = String(p).padStart(4, '0');
  return `0.${fraction.slice(0, Math.max(decimals, fraction.replace(/0+$/, '').length) || 1)}`;
}

describe('sample size', () => {
  it('computes 7 for 7% of 100, where floating point gives 8', () => {
    expect(Math.ceil(0.07 * 100)).toBe(8);
    expect(computeSampleSize(100, { ratio: '0.07', minimum: 0 })).toEqual({ ok: true, value: 7 });
  });

  it('rounds up and applies the minimum, capped at N', () => {
    expect(computeSampleSize(1000, { ratio: '0.03', minimum: 1 })).toEqual({ ok: true, value: 30 });
    expect(computeSampleSize(40, { ratio: '0.03', minimum: 1 })).toEqual({ ok: true, value: 2 });
    expect(computeSampleSize(10, { ratio: '0', minimum: 2 })).toEqual({ ok: true, value: 2 });
    expect(computeSampleSize(1, { ratio: '0', minimum: 5 })).toEqual({ ok: true, value: 1 });
    expect(computeSampleSize(0, { ratio: '0.5', minimum: 5 })).toEqual({ ok: true, value: 0 });
    expect(computeSampleSize(7, { ratio: '1.0000', minimum: 0 })).toEqual({ ok: true, value: 7 });
  });

  it.each(['0.12345', '1.1', '2', '-0.1', '.5', '0.', ' 0.1', '0,1', '1e-2', '', '01'])('rejects the ratio %j', (ratio) => {
    expect(parseRatio(ratio)).toEqual({ ok: false, error: { code: 'invalid_ratio', ratio } });
  });

  it('rejects a number instead of a decimal string, and a negative or fractional minimum', () => {
    expect(parseRatio(0.03).ok).toBe(false);
    expect(computeSampleSize(10, { ratio: '0.1', minimum: -1 })).toEqual({ ok: false, error: { code: 'invalid_minimum', minimum: -1 } });
    expect(computeSampleSize(10, { ratio: '0.1', minimum: 1.5 }).ok).toBe(false);
  });

  it('matches the BigInt formula for random N, ratio and minimum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 1000 }), (size, p, decimals, minimum) => {
        const ratio = ratioText(p, decimals);
        expect(parseRatio(ratio)).toEqual({ ok: true, value: p });
        const proportional = (BigInt(size) * BigInt(p) + 9999n) / 10000n;
        const floor = BigInt(Math.min(minimum, size));
        const expected = Number(proportional > floor ? proportional : floor);
        expect(computeSampleSize(size, { ratio, minimum })).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 3000 },
    );
  });
});
