/**
 * Sampling policies (抽查比例与频次) of an inspection item for a year: per credit tier a
 * ratio (exact decimal string), a minimum count and a frequency (rounds per year; 0 = only
 * on triggers, 无事不扰), plus an annual cap of planned inspections per enterprise.
 *
 * Rules checked here: every ratio in [0, 1] with at most 4 decimals, minimums and
 * frequencies integers ≥ 0 (frequency at most the plan's rounds per year), a cap ≥ 1, and
 * risk order D ≥ C ≥ B ≥ A of the ratios unless the policy gives an override reason.
 *
 * A task with several items (综合查一次) draws each stratum once under the strictest of its
 * items' policies: the largest ratio, the largest minimum, every round any item's frequency
 * covers, and the smallest annual cap (`combineStratumPolicies`).
 */
import { err, ok, type Result } from '../result.ts';
import { isRoundIncluded } from './frequency.ts';
import type { Language } from '../language.ts';
import { describeRatioIssue, formatRatio, parseRatio, type RatioIssue } from './ratio.ts';
import { TIERS, type PerTier, type Tier } from './tier.ts';

export interface TierPolicy {
  /** Exact decimal string, e.g. "0.03". */
  readonly ratio: string;
  readonly minimum: number;
  /** Rounds per year that include the tier; 0 = only trigger tasks reach it. */
  readonly frequency: number;
}

export interface SamplingPolicy {
  readonly tiers: PerTier<TierPolicy>;
  /** The policy of a task without tiers (single stratum `ALL`); tier B's when absent. */
  readonly untiered?: TierPolicy;
  /** Planned inspections per enterprise per year at most (integer ≥ 1). */
  readonly annualCap: number;
  /** Why the ratios may break the order D ≥ C ≥ B ≥ A; absent when they keep it. */
  readonly overrideReason?: string;
}

export type SamplingPolicyIssue =
  | { readonly code: 'invalid_ratio'; readonly stratum: string; readonly issue: RatioIssue }
  | { readonly code: 'invalid_minimum'; readonly stratum: string; readonly minimum: unknown }
  | { readonly code: 'invalid_frequency'; readonly stratum: string; readonly frequency: unknown; readonly roundsPerYear?: number }
  | { readonly code: 'invalid_annual_cap'; readonly annualCap: unknown }
  | { readonly code: 'ratio_order'; readonly lower: Tier; readonly higher: Tier; readonly lowerRatio: string; readonly higherRatio: string };

function checkTierPolicy(stratum: string, policy: TierPolicy, roundsPerYear: number | undefined, issues: SamplingPolicyIssue[]): void {
  const ratio = typeof policy.ratio === 'string' ? parseRatio(policy.ratio) : err<RatioIssue>({ code: 'not_a_decimal', text: String(policy.ratio) });
  if (!ratio.ok) issues.push({ code: 'invalid_ratio', stratum, issue: ratio.error });
  if (!Number.isSafeInteger(policy.minimum) || policy.minimum < 0) issues.push({ code: 'invalid_minimum', stratum, minimum: policy.minimum });
  const frequencyValid = Number.isSafeInteger(policy.frequency) && policy.frequency >= 0 && (roundsPerYear === undefined || policy.frequency <= roundsPerYear);
  if (!frequencyValid) {
    issues.push(
      roundsPerYear === undefined
        ? { code: 'invalid_frequency', stratum, frequency: policy.frequency }
        : { code: 'invalid_frequency', stratum, frequency: policy.frequency, roundsPerYear },
    );
  }
}

/**
 * Checks a policy; every problem is reported. `roundsPerYear`, when known, bounds frequencies.
 *
 * @example validateSamplingPolicy({ tiers: { A: { ratio: '0.05', … }, B: { ratio: '0.03', … }, … }, annualCap: 2 })
 * // err([{ code: 'ratio_order', lower: 'A', higher: 'B', lowerRatio: '0.05', higherRatio: '0.03' }])
 */
export function validateSamplingPolicy(policy: SamplingPolicy, roundsPerYear?: number): Result<SamplingPolicy, SamplingPolicyIssue[]> {
  const issues: SamplingPolicyIssue[] = [];
  for (const tier of TIERS) checkTierPolicy(tier, policy.tiers[tier], roundsPerYear, issues);
  if (policy.untiered) checkTierPolicy('ALL', policy.untiered, roundsPerYear, issues);
  if (!Number.isSafeInteger(policy.annualCap) || policy.annualCap < 1) issues.push({ code: 'invalid_annual_cap', annualCap: policy.annualCap });
  const overridden = policy.overrideReason !== undefined && policy.overrideReason.trim() !== '';
  if (!overridden && issues.length === 0) {
    for (let index = 1; index < TIERS.length; index++) {
      const lower = TIERS[index - 1] as Tier;
      const higher = TIERS[index] as Tier;
      const lowerPoints = parseRatio(policy.tiers[lower].ratio);
      const higherPoints = parseRatio(policy.tiers[higher].ratio);
      if (lowerPoints.ok && higherPoints.ok && higherPoints.value < lowerPoints.value) {
        issues.push({ code: 'ratio_order', lower, higher, lowerRatio: policy.tiers[lower].ratio, higherRatio: policy.tiers[higher].ratio });
      }
    }
  }
  return issues.length > 0 ? err(issues) : ok(policy);
}

/**
 * A one-line reason for a policy issue, in Chinese or English.
 *
 * @example describeSamplingPolicyIssue({ code: 'invalid_annual_cap', annualCap: 0 }, 'zh') // '年度上限 0 应为不小于 1 的整数'
 */
export function describeSamplingPolicyIssue(issue: SamplingPolicyIssue, lang: Language): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'invalid_ratio':
      return zh ? `${issue.stratum} 层：${describeRatioIssue(issue.issue, lang)}` : `stratum ${issue.stratum}: ${describeRatioIssue(issue.issue, lang)}`;
    case 'invalid_minimum':
      return zh ? `${issue.stratum} 层：最少抽取数 ${JSON.stringify(issue.minimum)} 应为不小于 0 的整数` : `stratum ${issue.stratum}: minimum ${JSON.stringify(issue.minimum)} must be an integer ≥ 0`;
    case 'invalid_frequency':
      return zh
        ? `${issue.stratum} 层：轮数 ${JSON.stringify(issue.frequency)} 应为 0 到 ${issue.roundsPerYear ?? '年度轮数'} 的整数`
        : `stratum ${issue.stratum}: frequency ${JSON.stringify(issue.frequency)} must be an integer from 0 to ${issue.roundsPerYear ?? 'the rounds per year'}`;
    case 'invalid_annual_cap':
      return zh ? `年度上限 ${JSON.stringify(issue.annualCap)} 应为不小于 1 的整数` : `annual cap ${JSON.stringify(issue.annualCap)} must be an integer ≥ 1`;
    case 'ratio_order':
      return zh
        ? `${issue.higher} 类的比例 ${issue.higherRatio} 低于 ${issue.lower} 类的 ${issue.lowerRatio}；风险越高抽查应不越少（D ≥ C ≥ B ≥ A），否则须写明理由`
        : `tier ${issue.higher}'s ratio ${issue.higherRatio} is below tier ${issue.lower}'s ${issue.lowerRatio}; higher risk must be sampled at least as often (D ≥ C ≥ B ≥ A) unless an override reason is given`;
  }
}

export interface StratumPolicy {
  readonly label: string;
  readonly ratio: string;
  readonly minimum: number;
}

function basisPointsOf(ratio: string): number {
  const parsed = parseRatio(ratio);
  if (!parsed.ok) throw new Error(`policy ratio ${ratio} was not validated`);
  return parsed.value;
}

/** The stratum label of a task without tiers. */
export const UNTIERED_STRATUM = 'ALL';

function tierPolicyOf(policy: SamplingPolicy, stratum: string): TierPolicy {
  if (stratum === UNTIERED_STRATUM) return policy.untiered ?? policy.tiers.B;
  const tiers = policy.tiers as Readonly<Record<string, TierPolicy>>;
  const found = tiers[stratum];
  if (!found) throw new Error(`no policy for stratum ${stratum}`);
  return found;
}

export interface CombinedStrata {
  /** The strata the round includes, in tier order, with the combined ratio and minimum. */
  readonly strata: readonly StratumPolicy[];
  /** Strata whose frequency does not cover this round (planned tasks only). */
  readonly skipped: readonly string[];
  /** The smallest annual cap of the task's items. */
  readonly annualCap: number;
}

/**
 * The strata of a task under the policies of its items (validated; at least one): for a
 * planned task, round `round` of `roundsPerYear` includes a stratum when any item's
 * frequency covers it (`isRoundIncluded`); trigger tasks include every stratum.
 *
 * @example combineStratumPolicies([food, equipment], { tiered: true, trigger: 'planned', round: 1, roundsPerYear: 2 })
 * // { strata: [{ label: 'C', ratio: '0.1', minimum: 2 }, { label: 'D', … }], skipped: ['A', 'B'], annualCap: 2 }
 */
export function combineStratumPolicies(
  policies: readonly SamplingPolicy[],
  task: { readonly tiered: boolean; readonly trigger: string; readonly round: number; readonly roundsPerYear: number },
): CombinedStrata {
  if (policies.length === 0) throw new Error('a task needs at least one item policy');
  const labels: readonly string[] = task.tiered ? TIERS : [UNTIERED_STRATUM];
  const strata: StratumPolicy[] = [];
  const skipped: string[] = [];
  for (const label of labels) {
    const perItem = policies.map((policy) => tierPolicyOf(policy, label));
    const included = task.trigger !== 'planned' || perItem.some((entry) => isRoundIncluded(task.round, entry.frequency, task.roundsPerYear));
    if (!included) {
      skipped.push(label);
      continue;
    }
    const ratioPoints = Math.max(...perItem.map((entry) => basisPointsOf(entry.ratio)));
    strata.push({ label, ratio: formatRatio(ratioPoints), minimum: Math.max(...perItem.map((entry) => entry.minimum)) });
  }
  return { strata, skipped, annualCap: Math.min(...policies.map((policy) => policy.annualCap)) };
}
