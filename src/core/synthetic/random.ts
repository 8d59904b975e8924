/**
 * A small seeded random source for synthetic data (the demo county, benchmark populations,
 * simulations). Built on seedrandom's Alea generator: fast, and the same seed gives the same
 * stream in Node and in the browser. Never used for anything the public verifies: draws
 * follow spec/draw-v1.md instead.
 */
import seedrandom from 'seedrandom';

export interface RandomSource {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform integer in [min, max], both inclusive. */
  integer(min: number, max: number): number;
  /** True with probability `probability`. */
  bernoulli(probability: number): boolean;
  /** One element, each equally likely. */
  choose<T>(items: readonly T[]): T;
  /** One value of a weighted table built by `createWeightedTable`. */
  pick<T>(table: WeightedTable<T>): T;
}

/** Values with cumulative weights, prepared once so each pick is a binary search. */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  /** Cumulative weights divided by the total; the last is exactly 1. */
  readonly cumulative: Float64Array;
}

/**
 * Prepares a weighted choice. Entries with weight 0 are never picked.
 *
 * @example createWeightedTable([['company', 55], ['sole_trader', 35]])
 */
export function createWeightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const kept = entries.filter(([, weight]) => weight > 0);
  if (kept.length === 0) throw new Error('a weighted table needs at least one positive weight');
  for (const [value, weight] of entries) {
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`invalid weight ${weight} for ${String(value)}`);
  }
  const total = kept.reduce((sum, [, weight]) => sum + weight, 0);
  const cumulative = new Float64Array(kept.length);
  let running = 0;
  kept.forEach(([, weight], index) => {
    running += weight;
    cumulative[index] = running / total;
  });
  // Rounding could leave the last bound a hair below 1 and make a draw fall off the end.
  cumulative[kept.length - 1] = 1;
  return { values: kept.map(([value]) => value), cumulative };
}

/**
 * A random source whose whole stream is fixed by `seed`.
 *
 * @example
 * const random = createRandomSource('demo-county');
 * random.integer(1, 6); // the same number on every run
 */
export function createRandomSource(seed: string): RandomSource {
  const next = seedrandom.alea(seed);
  return {
    uniform: () => next(),
    integer(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new Error(`invalid integer range [${min}, ${max}]`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    bernoulli: (probability) => next() < probability,
    choose(items) {
      if (items.length === 0) throw new Error('cannot choose from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    pick(table) {
      const target = next();
      const { cumulative } = table;
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (target < (cumulative[middle] as number)) high = middle;
        else low = middle + 1;
      }
      return table.values[low] as (typeof table.values)[number];
    },
  };
}
