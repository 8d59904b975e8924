/**
 * Sample size of a stratum, draw/v1 section 2 (抽查比例与最低抽查数), in integers only:
 * with ratio = p / 10000,
 *
 *   k = max(ceil(N · p / 10000), min(minimum, N)),  ceil(a / b) = floor((a + b - 1) / b)
 *
 * Floating point is never involved: `Math.ceil(0.07 * 100)` is 8, not 7.
 */
import { err, ok, type Result } from '../result.ts';

/** Ratios are decimal strings in [0, 1] with at most four decimals: "0", "0.03", "1.0000". */
const ratioPattern = /^(?:0(?:\.[0-9]{1,4})?|1(?:\.0{1,4})?)$/;

export type SampleSizeIssue =
  | { readonly code: 'invalid_ratio'; readonly ratio: unknown }
  | { readonly code: 'invalid_minimum'; readonly minimum: unknown }
  | { readonly code: 'invalid_size'; readonly size: unknown };

/**
 * Parses a ratio into ten-thousandths without floating point.
 *
 * @example parseRatio('0.07') // ok(700)
 * @example parseRatio('0.12345') // err({ code: 'invalid_ratio', ratio: '0.12345' })
 */
export function parseRatio(ratio: unknown): Result<number, SampleSizeIssue> {
  if (typeof ratio !== 'string' || !ratioPattern.test(ratio)) return err({ code: 'invalid_ratio', ratio });
  const [whole, fraction = ''] = ratio.split('.');
  return ok(Number(whole) * 10000 + Number(fraction.padEnd(4, '0')));
}

export interface StratumPolicy {
  /** Exact decimal string, 0 ≤ ratio ≤ 1, at most four decimals. */
  readonly ratio: string;
  /** Integer ≥ 0. */
  readonly minimum: number;
}

/**
 * k for a stratum of `size` members under a policy (spec section 2).
 *
 * @example computeSampleSize(100, { ratio: '0.07', minimum: 0 }) // ok(7)
 * @example computeSampleSize(10, { ratio: '0.03', minimum: 2 }) // ok(2)
 */
export function computeSampleSize(size: number, policy: StratumPolicy): Result<number, SampleSizeIssue> {
  if (!Number.isSafeInteger(size) || size < 0) return err({ code: 'invalid_size', size });
  if (!Number.isSafeInteger(policy.minimum) || policy.minimum < 0) return err({ code: 'invalid_minimum', minimum: policy.minimum });
  const parsed = parseRatio(policy.ratio);
  if (!parsed.ok) return parsed;
  // BigInt keeps N · p exact for any safe N.
  const proportional = Number((BigInt(size) * BigInt(parsed.value) + 9999n) / 10000n);
  return ok(Math.max(proportional, Math.min(policy.minimum, size)));
}

/** A one-line English reason for a sample-size issue. */
export function describeSampleSizeIssue(issue: SampleSizeIssue): string {
  switch (issue.code) {
    case 'invalid_ratio':
      return `ratio ${JSON.stringify(issue.ratio)} must be a decimal string between "0" and "1" with at most 4 decimals, e.g. "0.03"`;
    case 'invalid_minimum':
      return `minimum ${JSON.stringify(issue.minimum)} must be an integer ≥ 0`;
    case 'invalid_size':
      return `stratum size ${JSON.stringify(issue.size)} must be an integer ≥ 0`;
  }
}
