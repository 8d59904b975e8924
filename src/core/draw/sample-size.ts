/**
 * Sample size of a stratum, draw/v1 section 2 (抽查比例与最低抽查数), in integers only:
 * with ratio = p / 10000,
 *
 *   k = max(ceil(N · p / 10000), min(minimum, N)),  ceil(a / b) = floor((a + b - 1) / b)
 *
 * Floating point is never involved: `Math.ceil(0.07 * 100)` is 8, not 7.
 */
import { err, ok, type Result } from '../result.ts';
import { computeSampleSize as computeSampleSizeFromBasisPoints, parseRatio as parseRatioToBasisPoints } from '../policy/ratio.ts';

export type SampleSizeIssue =
  | { readonly code: 'invalid_ratio'; readonly ratio: unknown }
  | { readonly code: 'invalid_minimum'; readonly minimum: unknown }
  | { readonly code: 'invalid_size'; readonly size: unknown };

/**
 * Parses a ratio as a record states it (any JSON value) into ten-thousandths, without
 * floating point; the arithmetic itself lives in src/core/policy/ratio.ts.
 *
 * @example parseRatio('0.07') // ok(700)
 * @example parseRatio('0.12345') // err({ code: 'invalid_ratio', ratio: '0.12345' })
 */
export function parseRatio(ratio: unknown): Result<number, SampleSizeIssue> {
  if (typeof ratio !== 'string') return err({ code: 'invalid_ratio', ratio });
  const parsed = parseRatioToBasisPoints(ratio);
  return parsed.ok ? parsed : err({ code: 'invalid_ratio', ratio });
}

export interface StratumPolicy {
  /** Exact decimal string, 0 ≤ ratio ≤ 1, at most four decimals. */
  readonly ratio: string;
  /** Integer ≥ 0. */
  readonly minimum: number;
}

/**
 * k for a stratum of `size` members under a policy (spec section 2), validating the
 * policy as a verifier must (a record's fields are untrusted input).
 *
 * @example computeSampleSize(100, { ratio: '0.07', minimum: 0 }) // ok(7)
 * @example computeSampleSize(10, { ratio: '0.03', minimum: 2 }) // ok(2)
 */
export function computeSampleSize(size: number, policy: StratumPolicy): Result<number, SampleSizeIssue> {
  if (!Number.isSafeInteger(size) || size < 0) return err({ code: 'invalid_size', size });
  if (!Number.isSafeInteger(policy.minimum) || policy.minimum < 0) return err({ code: 'invalid_minimum', minimum: policy.minimum });
  const parsed = parseRatio(policy.ratio);
  if (!parsed.ok) return parsed;
  return ok(computeSampleSizeFromBasisPoints(size, parsed.value, policy.minimum));
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
