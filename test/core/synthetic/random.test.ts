import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandomSource, createWeightedTable } from '../../../src/core/synthetic/random.ts';

describe('createRandomSource', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const draw = (seed: string) => {
      const random = createRandomSource(seed);
      return Array.from({ length: 50 }, () => random.uniform());
    };
    expect(draw('county')).toEqual(draw('county'));
    expect(draw('county')).not.toEqual(draw('county-2'));
  });

  it('keeps uniform draws in [0, 1) and integers within their inclusive bounds', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seed, min, span) => {
        const random = createRandomSource(seed);
        for (let draw = 0; draw < 20; draw++) {
          const value = random.uniform();
          expect(value >= 0 && value < 1).toBe(true);
          const integer = random.integer(min, min + span);
          expect(Number.isInteger(integer) && integer >= min && integer <= min + span).toBe(true);
        }
      }),
    );
  });

  it('reaches both ends of an integer range', () => {
    const random = createRandomSource('ends');
    const seen = new Set(Array.from({ length: 200 }, () => random.integer(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('rejects an empty or inverted range and an empty list', () => {
    const random = createRandomSource('errors');
    expect(() => random.integer(3, 2)).toThrow(/range/);
    expect(() => random.choose([])).toThrow(/empty/);
  });

  it('honours Bernoulli probabilities 0 and 1 exactly and others roughly', () => {
    const random = createRandomSource('coin');
    const draws = Array.from({ length: 10_000 }, () => random.bernoulli(0.3));
    expect(draws.filter(Boolean).length / draws.length).toBeGreaterThan(0.27);
    expect(draws.filter(Boolean).length / draws.length).toBeLessThan(0.33);
    expect(Array.from({ length: 100 }, () => random.bernoulli(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => random.bernoulli(1)).every(Boolean)).toBe(true);
  });
});

describe('createWeightedTable', () => {
  it('picks values in proportion to their weights and never one of weight 0', () => {
    const table = createWeightedTable([['rare', 1], ['never', 0], ['common', 9]] as const);
    const random = createRandomSource('weights');
    const counts = new Map<string, number>();
    for (let draw = 0; draw < 20_000; draw++) {
      const value = random.pick(table);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect(counts.has('never')).toBe(false);
    expect((counts.get('rare') ?? 0) / 20_000).toBeGreaterThan(0.08);
    expect((counts.get('rare') ?? 0) / 20_000).toBeLessThan(0.12);
  });

  it('rejects a table without a positive weight or with a negative one', () => {
    expect(() => createWeightedTable([['a', 0]])).toThrow(/positive/);
    expect(() => createWeightedTable([['a', 1], ['b', -1]])).toThrow(/invalid weight/);
  });
});
