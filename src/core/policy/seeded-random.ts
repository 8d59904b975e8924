/**
 * A seeded random stream for simulations: seedrandom's Alea generator, which is fast and gives
 * the same stream in Node and in the browser. Alea reads every UTF-16 unit of the seed in
 * full, so unlike seedrandom's default generator it does not confuse `'中'` with `'-'`.
 * Never used for draws: those follow spec/draw-v1.md.
 */
import seedrandom from 'seedrandom';

export interface SeededRandom {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform integer in [0, count). */
  below(count: number): number;
}

/**
 * A random stream fixed by `seed`.
 *
 * @example
 * const random = createSeededRandom('what-if 2027');
 * random.below(6); // the same number on every run
 */
export function createSeededRandom(seed: string): SeededRandom {
  const next = seedrandom.alea(seed);
  return {
    uniform: () => next(),
    below: (count) => Math.floor(next() * count),
  };
}
