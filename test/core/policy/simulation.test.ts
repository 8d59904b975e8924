import { describe, expect, it } from 'vitest';
import { computeSampleSize, parseRatio } from '../../../src/core/policy/ratio.ts';
import {
  estimateTransitionMatrix,
  simulatePolicy,
  type SimulationInput,
  type SimulationReport,
  type TransitionMatrix,
} from '../../../src/core/policy/simulation.ts';
import { mapTiers, TIERS, type Tier } from '../../../src/core/policy/tier.ts';

function simulate(input: SimulationInput): SimulationReport {
  const result = simulatePolicy(input);
  if (!result.ok) throw new Error(`unexpected input issues: ${JSON.stringify(result.error)}`);
  return result.value;
}

const policy = {
  A: { ratio: '0.03', minimum: 0, frequency: 1 },
  B: { ratio: '0.1', minimum: 0, frequency: 1 },
  C: { ratio: '0.3', minimum: 0, frequency: 2 },
  D: { ratio: '0.8', minimum: 1, frequency: 2 },
};
const tierCounts = { A: 40_000, B: 40_000, C: 15_000, D: 5_000 };
const problemRates = { A: 0.02, B: 0.05, C: 0.15, D: 0.3 };
const base: SimulationInput = { policy, tierCounts, roundsPerYear: 2, years: 10, seed: 'simulation-test', problemRates };

/** Everyone re-tiered by the initial shares with probability 0.2 a year: the initial counts stay the stationary distribution. */
const stationary: TransitionMatrix = mapTiers((from) =>
  mapTiers((to) => 0.2 * (tierCounts[to] / 100_000) + (from === to ? 0.8 : 0)),
);

function perRoundShare(tier: Tier): number {
  const ratio = parseRatio(policy[tier].ratio);
  if (!ratio.ok) throw new Error('bad ratio');
  return computeSampleSize(tierCounts[tier], ratio.value, policy[tier].minimum) / tierCounts[tier];
}

describe('simulatePolicy', () => {
  it('gives an identical report for the same seed', () => {
    const input = { ...base, transitions: stationary, inspectors: { inspectors: 60, teamSize: 2 } };
    expect(simulate(input)).toEqual(simulate(structuredClone(input)));
  });

  it('gives a different report for a different seed', () => {
    const input = { ...base, transitions: stationary };
    expect(simulate(input)).not.toEqual(simulate({ ...input, seed: 'another-seed' }));
  });

  it('inspects exactly frequency × sample size a year when tiers do not change', () => {
    const report = simulate(base);
    for (const tier of TIERS) {
      expect(report.tiers[tier].inspectionsPerYear).toBe(report.tiers[tier].plannedInspectionsPerYear);
    }
    expect(report.tiers.D.plannedInspectionsPerYear).toBe(2 * 4000);
  });

  it('leaves enterprises at the annual cap out of later rounds, as the pools do, and a cap of the frequency changes nothing', () => {
    const capped = simulate({ ...base, years: 1, annualCap: 1 });
    const ratio = parseRatio(policy.C.ratio);
    if (!ratio.ok) throw new Error('bad ratio');
    const first = computeSampleSize(tierCounts.C, ratio.value, 0);
    expect(capped.annualCap).toBe(1);
    expect(capped.tiers.C.inspectionsPerYear).toBe(first + computeSampleSize(tierCounts.C - first, ratio.value, 0));
    // Nobody is inspected twice: the share uninspected is what the inspections leave.
    expect(capped.tiers.C.uninspectedForYear).toBeCloseTo(1 - capped.tiers.C.inspectionsPerYear / tierCounts.C, 12);
    const uncapped = simulate(base);
    expect({ ...simulate({ ...base, annualCap: 2 }), annualCap: null }).toEqual(uncapped);
    expect(simulatePolicy({ ...base, annualCap: 0 })).toMatchObject({ ok: false, error: [{ code: 'not_positive', path: 'annualCap', value: 0 }] });
  });

  it('matches the analytic expectation (ratio × frequency × tier count) within 2% when tiers move but stay stationary', () => {
    const report = simulate({ ...base, transitions: stationary });
    for (const tier of TIERS) {
      const { inspectionsPerYear, plannedInspectionsPerYear } = report.tiers[tier];
      expect(Math.abs(inspectionsPerYear - plannedInspectionsPerYear) / plannedInspectionsPerYear).toBeLessThan(0.02);
    }
  });

  it('matches the analytic per-enterprise probabilities within 0.01 on 100,000 enterprises over 10 years', () => {
    const report = simulate(base);
    for (const tier of TIERS) {
      const missed = (1 - perRoundShare(tier)) ** policy[tier].frequency;
      const stats = report.tiers[tier];
      expect(Math.abs((stats.uninspectedForYear as number) - missed)).toBeLessThan(0.01);
      expect(Math.abs((stats.inspectedInConsecutiveYears as number) - (1 - missed) ** 2)).toBeLessThan(0.01);
      expect(Math.abs((stats.shareOfProblemsFound as number) - (1 - missed))).toBeLessThan(0.02);
      expect(Math.abs(stats.problems / (tierCounts[tier] * 10) - problemRates[tier])).toBeLessThan(0.005);
    }
    expect(Math.abs((report.tiers.D.uninspectedForYear as number) - 0.04)).toBeLessThan(0.01);
  });

  it('reports the load per round and per inspector', () => {
    const report = simulate({ ...base, inspectors: { inspectors: 100, teamSize: 2 } });
    // Round 1 has C and D (4500 + 4000), round 2 has every tier (1200 + 4000 + 4500 + 4000).
    expect(report.rounds.peakInspections).toBe(13_700);
    expect(report.rounds.meanInspections).toBe((8500 + 13_700) / 2);
    expect(report.rounds.peakLoadPerInspector).toBe(274);
    expect(report.tiers.D.meanInspectionsPerRound).toBe(4000);
    expect(report.tiers.D.inspectorLoadPerRound).toBe(80);
  });

  it('moves enterprises between tiers by the matrix', () => {
    const allToD: TransitionMatrix = mapTiers(() => ({ A: 0, B: 0, C: 0, D: 1 }));
    const report = simulate({ ...base, years: 2, transitions: allToD });
    expect(report.tiers.D.meanMembers).toBe((5000 + 100_000) / 2);
    expect(report.tiers.A.meanMembers).toBe(40_000 / 2);
  });

  it('rejects invalid input with every issue at once', () => {
    const result = simulatePolicy({
      ...base,
      policy: { ...policy, A: { ratio: '0.123456', minimum: -1, frequency: 3 } },
      problemRates: { ...problemRates, D: 1.5 },
      transitions: { ...stationary, B: { A: 0.5, B: 0.6, C: 0, D: 0 } },
      seed: '',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((issue) => issue.code).sort()).toEqual(
      ['empty_seed', 'frequency_above_rounds', 'invalid_ratio', 'not_a_count', 'not_a_probability', 'row_not_summing_to_one'].sort(),
    );
  });
});

describe('estimateTransitionMatrix', () => {
  it('estimates each row from the enterprises seen in both snapshots', () => {
    const earlier = new Map<string, Tier>([['1', 'B'], ['2', 'B'], ['3', 'B'], ['4', 'D'], ['5', 'C']]);
    const later = new Map<string, Tier>([['1', 'B'], ['2', 'B'], ['3', 'C'], ['4', 'C'], ['6', 'A']]);
    const estimate = estimateTransitionMatrix([{ earlier, later }]);
    expect(estimate.matrix.B).toEqual({ A: 0, B: 2 / 3, C: 1 / 3, D: 0 });
    expect(estimate.matrix.D).toEqual({ A: 0, B: 0, C: 1, D: 0 });
    expect(estimate.counts.B).toEqual({ A: 0, B: 2, C: 1, D: 0 });
    expect(estimate.unobserved).toEqual(['A', 'C']);
    expect(estimate.matrix.A).toEqual({ A: 1, B: 0, C: 0, D: 0 });
  });

  it('pools several pairs of snapshots', () => {
    const pair = (from: Tier, to: Tier) => ({ earlier: new Map([['X', from]]), later: new Map([['X', to]]) });
    const estimate = estimateTransitionMatrix([pair('C', 'C'), pair('C', 'D'), pair('C', 'D'), pair('C', 'B')]);
    expect(estimate.matrix.C).toEqual({ A: 0, B: 0.25, C: 0.25, D: 0.5 });
  });

  it('gives a matrix the simulator accepts', () => {
    const estimate = estimateTransitionMatrix([{ earlier: new Map([['X', 'A']]), later: new Map([['X', 'B']]) }]);
    expect(simulatePolicy({ ...base, years: 1, transitions: estimate.matrix }).ok).toBe(true);
  });
});
