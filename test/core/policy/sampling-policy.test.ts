import { describe, expect, it } from 'vitest';
import { combineStratumPolicies, validateSamplingPolicy, type SamplingPolicy } from '../../../src/core/policy/sampling-policy.ts';

const tier = (ratio: string, minimum = 0, frequency = 1) => ({ ratio, minimum, frequency });
const policy = (overrides: Partial<SamplingPolicy> = {}): SamplingPolicy => ({
  tiers: { A: tier('0.02', 0, 0), B: tier('0.04', 1, 1), C: tier('0.08', 2, 2), D: tier('0.2', 3, 2) },
  annualCap: 2,
  ...overrides,
});

describe('validateSamplingPolicy', () => {
  it('accepts a county scheme whose ratios rise with risk', () => {
    expect(validateSamplingPolicy(policy(), 2).ok).toBe(true);
  });

  it('rejects ratios above 1, with more than 4 decimals, or not decimals', () => {
    const result = validateSamplingPolicy(policy({ tiers: { A: tier('1.5'), B: tier('0.00001'), C: tier('5%'), D: tier('1') } }));
    expect(!result.ok && result.error.map((issue) => issue.code === 'invalid_ratio' && [issue.stratum, issue.issue.code])).toEqual([
      ['A', 'above_one'],
      ['B', 'too_many_decimals'],
      ['C', 'not_a_decimal'],
    ]);
  });

  it('rejects negative or fractional minimums and frequencies, and frequencies above the rounds per year', () => {
    const result = validateSamplingPolicy(policy({ tiers: { A: tier('0', -1, 0), B: tier('0', 0, 1.5), C: tier('0', 0, 3), D: tier('0', 0, -1) } }), 2);
    expect(!result.ok && result.error.map((issue) => `${issue.code}:${'stratum' in issue ? issue.stratum : ''}`)).toEqual([
      'invalid_minimum:A',
      'invalid_frequency:B',
      'invalid_frequency:C',
      'invalid_frequency:D',
    ]);
  });

  it('requires D ≥ C ≥ B ≥ A unless an override reason is given', () => {
    const inverted = { A: tier('0.1'), B: tier('0.05'), C: tier('0.05'), D: tier('0.01') };
    const refused = validateSamplingPolicy(policy({ tiers: inverted }));
    expect(!refused.ok && refused.error).toEqual([
      { code: 'ratio_order', lower: 'A', higher: 'B', lowerRatio: '0.1', higherRatio: '0.05' },
      { code: 'ratio_order', lower: 'C', higher: 'D', lowerRatio: '0.05', higherRatio: '0.01' },
    ]);
    expect(validateSamplingPolicy(policy({ tiers: inverted, overrideReason: '   ' })).ok).toBe(false);
    expect(validateSamplingPolicy(policy({ tiers: inverted, overrideReason: '专项整治：A 类企业' })).ok).toBe(true);
  });

  it('rejects an annual cap below 1', () => {
    expect(validateSamplingPolicy(policy({ annualCap: 0 })).ok).toBe(false);
  });
});

describe('combineStratumPolicies', () => {
  it('includes in round r the tiers whose frequency covers it (isRoundIncluded), trigger tasks every tier', () => {
    const task = { tiered: true, trigger: 'planned', roundsPerYear: 2 };
    expect(combineStratumPolicies([policy()], { ...task, round: 1 })).toEqual({
      strata: [
        { label: 'C', ratio: '0.08', minimum: 2 },
        { label: 'D', ratio: '0.2', minimum: 3 },
      ],
      skipped: ['A', 'B'],
      annualCap: 2,
    });
    expect(combineStratumPolicies([policy()], { ...task, round: 2 }).skipped).toEqual(['A']);
    expect(combineStratumPolicies([policy()], { ...task, trigger: 'complaint', round: 1 }).skipped).toEqual([]);
  });

  it('takes the strictest of a joint task\'s items: largest ratio and minimum, smallest cap', () => {
    const other = policy({ tiers: { A: tier('0.05', 3, 1), B: tier('0.05', 0, 0), C: tier('0.07', 1, 0), D: tier('0.2', 0, 0) }, annualCap: 1 });
    const combined = combineStratumPolicies([policy(), other], { tiered: true, trigger: 'planned', round: 2, roundsPerYear: 2 });
    expect(combined.strata).toEqual([
      { label: 'A', ratio: '0.05', minimum: 3 },
      { label: 'B', ratio: '0.05', minimum: 1 },
      { label: 'C', ratio: '0.08', minimum: 2 },
      { label: 'D', ratio: '0.2', minimum: 3 },
    ]);
    expect(combined.annualCap).toBe(1);
  });

  it("gives an untiered task the single stratum ALL under the untiered policy, or tier B's", () => {
    const task = { tiered: false, trigger: 'planned', round: 1, roundsPerYear: 1 };
    expect(combineStratumPolicies([policy({ untiered: tier('0.03', 1, 1) })], task).strata).toEqual([{ label: 'ALL', ratio: '0.03', minimum: 1 }]);
    expect(combineStratumPolicies([policy()], task).strata).toEqual([{ label: 'ALL', ratio: '0.04', minimum: 1 }]);
  });
});
