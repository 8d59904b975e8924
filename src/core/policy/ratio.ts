/**
 * Sampling ratios as exact decimals (spec/draw-v1.md sections 1 and 2). A ratio is a decimal
 * string with at most 4 decimals, held in code as an integer number of basis points
 * (万分之一): `'0.0315'` is 315. Nothing here touches floating point, because
 * `Math.ceil(0.07 * 100)` is 8.
 */
import type { Language } from '../language.ts';
import { err, ok, type Result } from '../result.ts';

/** Basis points in a ratio of 1. */
export const RATIO_SCALE = 10_000;

const RATIO_DECIMALS = 4;

export type RatioIssue =
  | { readonly code: 'not_a_decimal'; readonly text: string }
  | { readonly code: 'too_many_decimals'; readonly text: string; readonly decimals: number }
  | { readonly code: 'above_one'; readonly text: string };

/**
 * Parses a ratio such as `'0.0315'` into basis points (315), without floating point.
 * Accepts `0`, `1`, and `0.` or `1.` followed by 1 to 4 digits; rejects signs, exponents,
 * leading zeros like `00.5`, a bare `.5`, and anything above 1.
 *
 * @example parseRatio('0.03') // ok(300)
 * @example parseRatio('0.00001') // err({ code: 'too_many_decimals', ... })
 */
export function parseRatio(text: string): Result<number, RatioIssue> {
  const match = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/.exec(text);
  if (!match) return err({ code: 'not_a_decimal', text });
  const whole = match[1] as string;
  const fraction = match[2] ?? '';
  if (fraction.length > RATIO_DECIMALS) return err({ code: 'too_many_decimals', text, decimals: fraction.length });
  if (whole.length > 1) return err({ code: 'above_one', text });
  const basisPoints = Number(whole) * RATIO_SCALE + Number(fraction.padEnd(RATIO_DECIMALS, '0'));
  if (basisPoints > RATIO_SCALE) return err({ code: 'above_one', text });
  return ok(basisPoints);
}

/**
 * Formats basis points as the shortest exact decimal string: 300 → `'0.03'`, 0 → `'0'`,
 * 10000 → `'1'`. `parseRatio(formatRatio(p))` is `p` for every valid `p`.
 *
 * @example formatRatio(315) // '0.0315'
 */
export function formatRatio(basisPoints: number): string {
  assertBasisPoints(basisPoints);
  if (basisPoints === RATIO_SCALE) return '1';
  if (basisPoints === 0) return '0';
  const digits = String(basisPoints).padStart(RATIO_DECIMALS, '0').replace(/0+$/, '');
  return `0.${digits}`;
}

/**
 * Describes a ratio issue in one sentence for staff.
 *
 * @example describeRatioIssue({ code: 'above_one', text: '1.5' }, 'en') // 'ratio "1.5" is above 1'
 */
export function describeRatioIssue(issue: RatioIssue, lang: Language): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'not_a_decimal':
      return zh ? `比例“${issue.text}”不是 0.05 这样的小数` : `ratio "${issue.text}" is not a decimal like 0.05`;
    case 'too_many_decimals':
      return zh ? `比例“${issue.text}”有 ${issue.decimals} 位小数，最多 ${RATIO_DECIMALS} 位` : `ratio "${issue.text}" has ${issue.decimals} decimals; at most ${RATIO_DECIMALS} are allowed`;
    case 'above_one':
      return zh ? `比例“${issue.text}”大于 1` : `ratio "${issue.text}" is above 1`;
  }
}

/**
 * Sample size of a stratum, exactly as spec/draw-v1.md section 2:
 * `k = max(ceil(N * p / 10000), min(minimum, N))`, in integers only.
 *
 * @param memberCount N, the stratum's members
 * @param ratioBasisPoints p, the ratio in basis points (see `parseRatio`)
 * @param minimum the stratum's minimum sample size
 * @example computeSampleSize(100, 700, 0) // 7 (Math.ceil(0.07 * 100) would say 8)
 * @example computeSampleSize(10, 300, 2) // 2: ceil(0.3) = 1 is raised to the minimum
 */
export function computeSampleSize(memberCount: number, ratioBasisPoints: number, minimum: number): number {
  assertCount(memberCount, 'member count');
  assertCount(minimum, 'minimum');
  assertBasisPoints(ratioBasisPoints);
  const product = memberCount * ratioBasisPoints + (RATIO_SCALE - 1);
  const byRatio = Number.isSafeInteger(product)
    ? Math.floor(product / RATIO_SCALE)
    : Number((BigInt(memberCount) * BigInt(ratioBasisPoints) + BigInt(RATIO_SCALE - 1)) / BigInt(RATIO_SCALE));
  return Math.max(byRatio, Math.min(minimum, memberCount));
}

/**
 * The largest ratio (in basis points, at most `ceilingBasisPoints`) whose sample size from the
 * ratio alone is at most `sampleSize`: the ratio that claims no more than the sample it pays for.
 *
 * @example largestRatioForSampleSize(3, 1, 10000) // 3333: ceil(3 * 0.3333) = 1
 */
export function largestRatioForSampleSize(memberCount: number, sampleSize: number, ceilingBasisPoints: number): number {
  assertCount(memberCount, 'member count');
  assertCount(sampleSize, 'sample size');
  assertBasisPoints(ceilingBasisPoints);
  if (memberCount === 0 || sampleSize >= memberCount) return ceilingBasisPoints;
  // ceil(N p / S) <= k  ⟺  N p / S <= k  ⟺  p <= floor(S k / N); S k < S N stays a safe integer here.
  return Math.min(ceilingBasisPoints, Math.floor((RATIO_SCALE * sampleSize) / memberCount));
}

function assertBasisPoints(value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > RATIO_SCALE) {
    throw new RangeError(`a ratio in basis points must be an integer in [0, ${RATIO_SCALE}], got ${value}`);
  }
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
}
