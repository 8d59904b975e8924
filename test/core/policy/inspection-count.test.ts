/**
 * One scenario, three counts: the inspections a year the derivation plans, the simulation
 * plays and the pools of a two-round joint series draw must be the same number (issue 11
 * section 4: a C tier "twice a year" is two draws from the whole C stratum).
 */
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../../src/application/node-hash.ts';
import { buildPool, poolHistoryFor, type JointInspection, type JointRuleTask, type PoolCandidate, type YearHistory } from '../../../src/core/draw/pool.ts';
import { computeStratumSizes } from '../../../src/core/draw/record.ts';
import { drawStrata } from '../../../src/core/draw/selection.ts';
import { deriveRatios, type TierDerivation } from '../../../src/core/policy/derivation.ts';
import { combineStratumPolicies, type SamplingPolicy } from '../../../src/core/policy/sampling-policy.ts';
import { simulatePolicy } from '../../../src/core/policy/simulation.ts';
import { mapTiers, TIERS, type PerTier, type Tier } from '../../../src/core/policy/tier.ts';

const ROUNDS = 2;
const tierCounts: PerTier<number> = { A: 60, B: 200, C: 40, D: 12 };
const candidates: PoolCandidate[] = TIERS.flatMap((tier) =>
  Array.from({ length: tierCounts[tier] }, (_, index) => ({
    code: `${tier}${String(index).padStart(4, '0')}`,
    regionCode: '350102',
    industryCode: 'F5211',
    entityType: 'company',
    status: 'active',
    flags: [],
    registrationDate: '2015-01-01',
    evaluation: { tier, observation: false },
  })),
);
const series: JointRuleTask = { round: 1, trigger: 'planned', items: ['XY-01', 'XY-02'], departments: ['信用科', '食品科'], categories: ['registration'] };

function derive(): PerTier<TierDerivation> {
  const derived = deriveRatios({ tierCounts, roundsPerYear: ROUNDS, capacity: { per: 'year', inspections: 120 } });
  if (!derived.ok || !derived.value.feasible) throw new Error(`derivation failed: ${JSON.stringify(derived)}`);
  return derived.value.tiers;
}

function simulatedPerYear(policy: SamplingPolicy): PerTier<number> {
  const simulated = simulatePolicy({ policy: policy.tiers, tierCounts, roundsPerYear: ROUNDS, years: 1, seed: 'same-scenario', problemRates: mapTiers(() => 0.1), annualCap: policy.annualCap });
  if (!simulated.ok) throw new Error(JSON.stringify(simulated.error));
  return mapTiers((tier) => simulated.value.tiers[tier].inspectionsPerYear);
}

/** Freezes and draws every round of the series in order, each round's pool built from the draws before it. */
function drawnPerYear(policy: SamplingPolicy): PerTier<number> {
  const counts: Record<Tier, number> = { A: 0, B: 0, C: 0, D: 0 };
  const year: { jointInspections: JointInspection[]; plannedSelections: Map<string, number> } = { jointInspections: [], plannedSelections: new Map() };
  for (let round = 1; round <= ROUNDS; round++) {
    const task = { ...series, round };
    const combined = combineStratumPolicies([policy], { tiered: true, trigger: 'planned', round, roundsPerYear: ROUNDS });
    const history = poolHistoryFor(task, year as YearHistory);
    const pool = buildPool(candidates, { trigger: 'planned', tiered: true, includedStrata: combined.strata.map((stratum) => stratum.label), annualCap: combined.annualCap, asOf: '2027-03-01', conditions: {} }, history);
    const codes = combined.strata.map((stratum) => pool.members.filter((member) => member.stratum === stratum.label).map((member) => member.code));
    const sizes = computeStratumSizes(combined.strata.map((stratum, index) => ({ ...stratum, size: (codes[index] as string[]).length })));
    if (!sizes.ok) throw new Error(JSON.stringify(sizes.error));
    const drawn = drawStrata(`round-${round}`, combined.strata.map((stratum, index) => ({ label: stratum.label, codes: codes[index] as string[], k: sizes.value[index] as number })), nodeSha256);
    for (const member of drawn.selected) {
      counts[member.stratum as Tier]++;
      year.plannedSelections.set(member.code, (year.plannedSelections.get(member.code) ?? 0) + 1);
    }
    year.jointInspections.push({ ...task, task: `ZH-${round}`, selected: drawn.selected.map((member) => member.code) });
  }
  return counts;
}

describe('inspections a year: derivation, simulation and draws', () => {
  it('count the same for a two-round C tier drawn by a joint series, with the cap adoption gives (the largest frequency)', () => {
    const tiers = derive();
    expect(tiers.C.frequency).toBe(2);
    const policy: SamplingPolicy = { tiers: mapTiers((tier) => ({ ratio: tiers[tier].ratio, minimum: tiers[tier].minimum, frequency: tiers[tier].frequency })), annualCap: 2 };
    const planned = mapTiers((tier) => tiers[tier].expectedInspections);

    expect(planned.C).toBe(2 * tiers.C.sampleSize);
    expect(simulatedPerYear(policy)).toEqual(planned);
    expect(drawnPerYear(policy)).toEqual(planned);
  });

  it('count the same when a cap below the frequency keeps round 1 out of round 2, in the simulation and in the draws', () => {
    const tiers = derive();
    const policy: SamplingPolicy = { tiers: mapTiers((tier) => ({ ratio: tiers[tier].ratio, minimum: tiers[tier].minimum, frequency: tiers[tier].frequency })), annualCap: 1 };
    const simulated = simulatedPerYear(policy);
    expect(simulated.C).toBeLessThan(tiers.C.expectedInspections);
    expect(drawnPerYear(policy)).toEqual(simulated);
  });
});
