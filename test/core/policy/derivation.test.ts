import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deriveRatios,
  type Derivation,
  type DerivationInput,
  type TierBounds,
} from '../../../src/core/policy/derivation.ts';
import { explainDerivation } from '../../../src/core/policy/derivation-explanation.ts';
import { computeSampleSize, formatRatio, parseRatio } from '../../../src/core/policy/ratio.ts';
import { TIERS, type PerTier } from '../../../src/core/policy/tier.ts';

function derive(input: DerivationInput): Derivation {
  const result = deriveRatios(input);
  if (!result.ok) throw new Error(`unexpected input issues: ${JSON.stringify(result.error)}`);
  return result.value;
}

function basisPoints(ratio: string): number {
  const parsed = parseRatio(ratio);
  if (!parsed.ok) throw new Error(`not a ratio: ${ratio}`);
  return parsed.value;
}

const county = { A: 400, B: 3000, C: 500, D: 100 } as const;

const boundsArbitrary: fc.Arbitrary<TierBounds> = fc
  .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }))
  .map(([left, right]) => ({ minRatio: formatRatio(Math.min(left, right)), maxRatio: formatRatio(Math.max(left, right)) }));

function perTier<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<PerTier<T>> {
  return fc.record({ A: arbitrary, B: arbitrary, C: arbitrary, D: arbitrary });
}

const inputArbitrary: fc.Arbitrary<DerivationInput> = fc
  .record({
    tierCounts: perTier(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 200_000 }))),
    roundsPerYear: fc.integer({ min: 1, max: 6 }),
    inspections: fc.integer({ min: 0, max: 300_000 }),
    bounds: perTier(boundsArbitrary),
    floorRatio: fc.integer({ min: 0, max: 2000 }).map(formatRatio),
    minimums: perTier(fc.integer({ min: 0, max: 20 })),
    frequencyLimits: perTier(fc.integer({ min: 0, max: 6 })),
    fallbackWeights: perTier(fc.integer({ min: 0, max: 100 }).map((percent) => formatRatio(percent * 100))),
  })
  .map(({ inspections, ...rest }) => ({ ...rest, capacity: { per: 'year' as const, inspections } }));

function totalInspections(derivation: Derivation): number {
  return TIERS.reduce((sum, tier) => {
    const policy = derivation.tiers[tier];
    return sum + computeSampleSize(policy.members, basisPoints(policy.ratio), policy.minimum) * policy.frequency;
  }, 0);
}

describe('deriveRatios', () => {
  it('meets the lower bounds first, then fills the riskiest tier up to its upper bound, then the next', () => {
    const derivation = derive({
      tierCounts: county,
      roundsPerYear: 2,
      capacity: { per: 'year', inspections: 900 },
      history: { B: { inspected: 400, problemsFound: 36 }, C: { inspected: 120, problemsFound: 30 }, D: { inspected: 50, problemsFound: 20 } },
    });
    expect(derivation.feasible).toBe(true);
    expect(TIERS.map((tier) => derivation.tiers[tier].ratio)).toEqual(['0', '0.05', '0.55', '1']);
    expect(TIERS.map((tier) => derivation.tiers[tier].decisions.ratio)).toEqual(['lower_bound', 'lower_bound', 'capacity', 'upper_bound']);
    expect(TIERS.map((tier) => derivation.tiers[tier].expectedInspections)).toEqual([0, 150, 550, 200]);
    expect(derivation.totals).toMatchObject({ capacityGiven: 900, capacityUsed: 900, lowerBoundInspections: 482, inspectionsPerRound: [375, 525] });
  });

  it('gives spare capacity by observed problem rate, not by tier letter', () => {
    const derivation = derive({
      tierCounts: county,
      roundsPerYear: 1,
      capacity: { per: 'year', inspections: 700 },
      history: { B: { inspected: 100, problemsFound: 50 }, C: { inspected: 100, problemsFound: 10 }, D: { inspected: 100, problemsFound: 40 } },
    });
    expect(TIERS.map((tier) => derivation.tiers[tier].priority)).toEqual([4, 1, 3, 2]);
    expect(derivation.tiers.B.decisions.ratio).toBe('capacity');
    expect(derivation.tiers.C.ratio).toBe('0.21');
  });

  it('falls back to configured weights when a tier has fewer results than required', () => {
    const derivation = derive({
      tierCounts: county,
      roundsPerYear: 1,
      capacity: { per: 'year', inspections: 700 },
      history: { B: { inspected: 29, problemsFound: 29 } },
      minimumResults: 30,
    });
    expect(derivation.tiers.B.weight).toEqual({ numerator: 5, denominator: 100, source: 'configured', results: 29 });
    expect(derivation.tiers.D.priority).toBe(1);
  });

  it('reports infeasible lower bounds with the exact shortfall and the least policy the bounds allow', () => {
    const derivation = derive({ tierCounts: county, roundsPerYear: 2, capacity: { per: 'round', inspections: 200 } });
    // B 150×1 + C ceil(500×0.21)=105 ×2 + D 61×2 = 482 needed, 400 given.
    expect(derivation).toMatchObject({ feasible: false, reason: 'capacity_below_required', shortfall: 82 });
    expect(derivation.totals).toMatchObject({ capacityGiven: 400, requiredInspections: 482 });
    expect(TIERS.map((tier) => derivation.tiers[tier].ratio)).toEqual(['0', '0.05', '0.21', '0.61']);
  });

  it('raises tiers to meet the overall floor, and counts the floor into what is required', () => {
    const derivation = derive({
      tierCounts: { A: 9000, B: 1000, C: 0, D: 0 },
      roundsPerYear: 1,
      capacity: { per: 'year', inspections: 10_000 },
      floorRatio: '0.03',
      fallbackWeights: { A: '0.01', B: '0.05', C: '0.1', D: '0.2' },
    });
    // Lower bounds: A 0, B 50; the floor needs 300, so B (higher weight) rises to its 0.2 (200), then A gives 100.
    expect(derivation.totals).toMatchObject({ lowerBoundInspections: 50, floorInspections: 300, requiredInspections: 300 });
    expect(derivation.tiers.B.decisions.ratio).toBe('upper_bound');
    expect(derivation.tiers.A.ratio).toBe('0.05');

    const short = derive({ ...inputOf(derivation), capacity: { per: 'year', inspections: 299 } });
    expect(short).toMatchObject({ feasible: false, reason: 'capacity_below_required', shortfall: 1 });
    expect(short.tiers.A.decisions.ratio).toBe('floor');
    expect(short.tiers.A.ratio).toBe('0.0111');
  });

  it('reports a floor that even the upper bounds cannot reach', () => {
    const derivation = derive({
      tierCounts: { A: 1000, B: 0, C: 0, D: 0 },
      roundsPerYear: 1,
      capacity: { per: 'year', inspections: 1000 },
      floorRatio: '0.1',
    });
    expect(derivation).toMatchObject({ feasible: false, reason: 'floor_above_upper_bounds', shortfall: 50 });
  });

  it('derives capacity from the inspector directory', () => {
    const derivation = derive({
      tierCounts: county,
      roundsPerYear: 2,
      capacity: { per: 'inspectors', inspectors: 25, inspectionsPerInspectorPerRound: 21, teamSize: 2 },
    });
    expect(derivation.totals.capacityGiven).toBe(524);
    expect(derivation.explanation[0]).toContain('floor(25 inspectors × 21 inspections each ÷ teams of 2) = 262 per round');
  });

  it('keeps a frequency-0 tier at its lower bound and out of the capacity', () => {
    const derivation = derive({
      tierCounts: county,
      roundsPerYear: 2,
      capacity: { per: 'year', inspections: 100_000 },
      frequencyLimits: { A: 0, B: 1, C: 2, D: 2 },
    });
    expect(derivation.tiers.A).toMatchObject({ ratio: '0', frequency: 0, rounds: [], expectedInspections: 0, priority: null });
    expect(derivation.tiers.A.decisions.ratio).toBe('triggers_only');
    expect(derivation.tiers.B.ratio).toBe('0.2');
  });

  it('reports the minimum when it decides the sample size', () => {
    const derivation = derive({
      tierCounts: { A: 10, B: 0, C: 0, D: 0 },
      roundsPerYear: 1,
      capacity: { per: 'year', inspections: 0 },
      minimums: { A: 2, B: 0, C: 0, D: 0 },
      floorRatio: '0',
      bounds: { A: { minRatio: '0.01', maxRatio: '0.05' }, B: { minRatio: '0', maxRatio: '0' }, C: { minRatio: '0', maxRatio: '0' }, D: { minRatio: '0', maxRatio: '0' } },
    });
    expect(derivation).toMatchObject({ feasible: false, shortfall: 2 });
    expect(derivation.tiers.A).toMatchObject({ sampleSize: 2, decisions: { sampleSize: 'minimum' } });
  });

  it('returns every input issue at once', () => {
    const result = deriveRatios({
      tierCounts: { A: -1, B: 1.5, C: 0, D: 0 },
      roundsPerYear: 0,
      capacity: { per: 'inspectors', inspectors: 3, inspectionsPerInspectorPerRound: 4, teamSize: 0 },
      bounds: { A: { minRatio: '0.3', maxRatio: '0.2' }, B: { minRatio: '0.05', maxRatio: '0.00001' }, C: { minRatio: '0', maxRatio: '1' }, D: { minRatio: '0', maxRatio: '1' } },
      fallbackWeights: { A: 'high', B: '0.1', C: '0.1', D: '0.1' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((issue) => issue.code).sort()).toEqual(
      ['bounds_reversed', 'invalid_ratio', 'invalid_weight', 'not_a_count', 'not_a_count', 'not_positive', 'not_positive'].sort(),
    );
  });

  it('respects every bound, and never uses more capacity than given (property)', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const derivation = derive(input);
        for (const tier of TIERS) {
          const policy = derivation.tiers[tier];
          const bounds = input.bounds?.[tier] as TierBounds;
          expect(basisPoints(policy.ratio)).toBeGreaterThanOrEqual(basisPoints(bounds.minRatio));
          expect(basisPoints(policy.ratio)).toBeLessThanOrEqual(basisPoints(bounds.maxRatio));
          expect(policy.ratio).toMatch(/^(0|1|0\.[0-9]{0,3}[1-9])$/);
          expect(policy.frequency).toBe(Math.min(input.frequencyLimits?.[tier] as number, input.roundsPerYear));
        }
        const used = totalInspections(derivation);
        if (derivation.feasible) {
          expect(derivation.totals.capacityUsed).toBe(used);
          expect(used).toBeLessThanOrEqual(derivation.totals.capacityGiven);
          expect(used).toBeGreaterThanOrEqual(derivation.totals.floorInspections);
        } else if (derivation.reason === 'capacity_below_required') {
          expect(derivation.totals.requiredInspections).toBe(used);
          expect(derivation.shortfall).toBe(used - derivation.totals.capacityGiven);
          expect(derivation.shortfall).toBeGreaterThan(0);
        } else {
          expect(derivation.shortfall).toBe(derivation.totals.floorInspections - used);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('becomes feasible exactly when the capacity reaches the shortfall (property)', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const derivation = derive(input);
        if (derivation.feasible || derivation.reason !== 'capacity_below_required') return;
        const capacity = { per: 'year' as const, inspections: derivation.totals.capacityGiven + derivation.shortfall };
        expect(derive({ ...input, capacity }).feasible).toBe(true);
        expect(derive({ ...input, capacity: { ...capacity, inspections: capacity.inspections - 1 } }).feasible).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves unused only less than the next ratio step of the tier where capacity ran out (property)', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const derivation = derive(input);
        if (!derivation.feasible || derivation.totals.capacityUnused === 0) return;
        const blocked = TIERS.map((tier) => derivation.tiers[tier])
          .filter((policy) => policy.priority !== null && policy.ratio !== policy.bounds.maxRatio)
          .sort((left, right) => (left.priority as number) - (right.priority as number))[0];
        if (blocked === undefined) return;
        const next = computeSampleSize(blocked.members, basisPoints(blocked.ratio) + 1, blocked.minimum);
        expect((next - blocked.sampleSize) * blocked.frequency).toBeGreaterThan(derivation.totals.capacityUnused);
      }),
      { numRuns: 500 },
    );
  });

  it('never lowers a ratio when capacity grows, with equal risk weights (property)', () => {
    const equalWeights = { A: '0.1', B: '0.1', C: '0.1', D: '0.1' };
    fc.assert(
      fc.property(inputArbitrary, fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 50_000 }), (input, capacity, extra) => {
        const smaller = derive({ ...input, fallbackWeights: equalWeights, capacity: { per: 'year', inspections: capacity } });
        const larger = derive({ ...input, fallbackWeights: equalWeights, capacity: { per: 'year', inspections: capacity + extra } });
        for (const tier of TIERS) {
          expect(basisPoints(larger.tiers[tier].ratio)).toBeGreaterThanOrEqual(basisPoints(smaller.tiers[tier].ratio));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is monotone in capacity step by step across a whole range', () => {
    let previous: Derivation | null = null;
    for (let inspections = 0; inspections <= 1500; inspections++) {
      const derivation = derive({ tierCounts: { A: 401, B: 2999, C: 503, D: 97 }, roundsPerYear: 3, capacity: { per: 'year', inspections } });
      if (previous) {
        for (const tier of TIERS) {
          expect(basisPoints(derivation.tiers[tier].ratio)).toBeGreaterThanOrEqual(basisPoints(previous.tiers[tier].ratio));
        }
      }
      previous = derivation;
    }
  });

  it('gives identical output for identical input (property)', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        expect(JSON.stringify(derive(structuredClone(input)))).toBe(JSON.stringify(derive(input)));
      }),
      { numRuns: 200 },
    );
  });
});

function inputOf(derivation: Derivation): DerivationInput {
  return {
    tierCounts: { A: derivation.tiers.A.members, B: derivation.tiers.B.members, C: derivation.tiers.C.members, D: derivation.tiers.D.members },
    roundsPerYear: derivation.totals.roundsPerYear,
    capacity: { per: 'year', inspections: derivation.totals.capacityGiven },
    floorRatio: '0.03',
    fallbackWeights: { A: '0.01', B: '0.05', C: '0.1', D: '0.2' },
  };
}

describe('explainDerivation: the explanation in the reader language (issue 18: no English in a Chinese page)', () => {
  const hasChinese = (line: string) => /[\u4e00-\u9fff]/.test(line);

  it('tells the county example in Chinese, line for line with the English of the derivation', () => {
    const derivation = derive({
      tierCounts: county,
      roundsPerYear: 2,
      capacity: { per: 'year', inspections: 900 },
      history: { B: { inspected: 400, problemsFound: 36 }, C: { inspected: 120, problemsFound: 30 }, D: { inspected: 50, problemsFound: 20 } },
    });
    const english = explainDerivation(derivation, 'en');
    const chinese = explainDerivation(derivation, 'zh');
    expect(english).toEqual([...derivation.explanation, ...TIERS.flatMap((tier) => derivation.tiers[tier].explanation)]);
    expect(chinese).toHaveLength(english.length);
    expect(english[1]).toMatch(/needs 120; upper bounds allow at most 1420\.$/);
    expect(chinese.slice(0, 3)).toEqual([
      '检查力量：每年 900 户次。',
      '各等级取比例下限需每年 482 户次；全池 4000 户的总体下限需 120 户次；各等级取比例上限每年最多 1420 户次。',
      '检查力量已全部用完。',
    ]);
    expect(chinese).toContain('C 级（信用风险较高）：比例由下限 0.21 提高到 0.55，检查力量至此用完（上限 0.6）。');
    expect(chinese).toContain('D 级（信用风险高）：比例 1 已达上限（范围 0.61–1）。');
    expect(chinese).toContain('每年预计检查 275 × 2 = 550 户次。');
    expect(chinese.filter((line) => line.includes('以往 120 条检查结果中发现问题的比率'))).toHaveLength(1);
  });

  it('says why a derivation is infeasible, for either reason, in Chinese', () => {
    const short = derive({ tierCounts: county, roundsPerYear: 2, capacity: { per: 'round', inspections: 200 } });
    expect(explainDerivation(short, 'zh')).toContain('不可行：比例下限和总体下限共需每年 482 户次，而检查力量只有 400 户次，缺 82 户次。下表为比例下限允许的最小方案。');
    const unreachable = derive({ tierCounts: { A: 1000, B: 0, C: 0, D: 0 }, roundsPerYear: 1, capacity: { per: 'year', inspections: 1000 }, floorRatio: '0.1' });
    expect(explainDerivation(unreachable, 'zh')).toContain('不可行：即使各等级都取比例上限，全年也只有 50 户次，比总体下限少 50 户次。请提高比例上限或降低总体下限。');
  });

  it('gives every line of every derivation in Chinese, as many lines as the English', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const derivation = derive(input);
        const chinese = explainDerivation(derivation, 'zh');
        expect(chinese).toHaveLength(explainDerivation(derivation, 'en').length);
        expect(chinese.filter((line) => !hasChinese(line))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
