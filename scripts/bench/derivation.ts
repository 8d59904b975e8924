/**
 * Policy derivation and what-if simulation (issue 7).
 *
 * - `deriveRatios` for 1,000 items (goal: under a second), against a baseline of the sample
 *   sizes alone (four `computeSampleSize` calls per item at the lower bounds).
 * - `simulatePolicy` for a 100,000-enterprise county over 10 years with 2 rounds and tier
 *   transitions, against a baseline that only draws the same stream length of random numbers
 *   per enterprise-year (problem and transition draws) without any sampling.
 *
 *   npm run bench -- derivation [--quick]     (--quick: 100 items; 10,000 enterprises × 3 years)
 */
import { deriveRatios, type DerivationInput } from '../../src/core/policy/derivation.ts';
import { computeSampleSize } from '../../src/core/policy/ratio.ts';
import { createRandomSource } from '../../src/core/synthetic/random.ts';
import { simulatePolicy, type TransitionMatrix } from '../../src/core/policy/simulation.ts';
import { TIERS } from '../../src/core/policy/tier.ts';

const quick = process.argv.includes('--quick');
const itemCount = quick ? 100 : 1_000;
const enterprises = quick ? 10_000 : 100_000;
const years = quick ? 3 : 10;
const repeats = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

const random = createRandomSource('bench-derivation');
const items: DerivationInput[] = Array.from({ length: itemCount }, () => {
  const pool = 200 + random.integer(0, 49_999);
  const tierCounts = { A: Math.floor(pool * 0.4), B: Math.floor(pool * 0.45), C: Math.floor(pool * 0.12), D: Math.floor(pool * 0.03) };
  return {
    tierCounts,
    roundsPerYear: 1 + random.integer(0, 3),
    capacity: { per: 'year', inspections: random.integer(0, Math.floor(pool * 0.4)) },
    history: { B: { inspected: 200, problemsFound: random.integer(0, 39) }, C: { inspected: 80, problemsFound: random.integer(0, 29) } },
  };
});

let feasible = 0;
const derivationTimes: number[] = [];
const baselineTimes: number[] = [];
for (let repeat = 0; repeat < repeats; repeat++) {
  baselineTimes.push(
    time(() => {
      for (const item of items) for (const tier of TIERS) computeSampleSize(item.tierCounts[tier], 500, 0);
    }),
  );
  derivationTimes.push(
    time(() => {
      feasible = 0;
      for (const item of items) {
        const result = deriveRatios(item);
        if (result.ok && result.value.feasible) feasible++;
      }
    }),
  );
}

const tierCounts = { A: Math.floor(enterprises * 0.4), B: Math.floor(enterprises * 0.45), C: Math.floor(enterprises * 0.12), D: 0 };
const county = { ...tierCounts, D: enterprises - tierCounts.A - tierCounts.B - tierCounts.C };
const transitions: TransitionMatrix = {
  A: { A: 0.9, B: 0.1, C: 0, D: 0 },
  B: { A: 0.08, B: 0.85, C: 0.06, D: 0.01 },
  C: { A: 0, B: 0.2, C: 0.7, D: 0.1 },
  D: { A: 0, B: 0.05, C: 0.25, D: 0.7 },
};
const derived = deriveRatios({ tierCounts: county, roundsPerYear: 2, capacity: { per: 'year', inspections: Math.floor(enterprises * 0.12) } });
if (!derived.ok) throw new Error('the county derivation must be valid');
const policy = derived.value.tiers;

let report: ReturnType<typeof simulatePolicy> | null = null;
const simulationTimes: number[] = [];
const streamTimes: number[] = [];
for (let repeat = 0; repeat < 3; repeat++) {
  streamTimes.push(
    time(() => {
      const stream = createRandomSource(`baseline-${repeat}`);
      let sum = 0;
      for (let index = 0; index < enterprises * years * 2; index++) sum += stream.uniform();
      if (sum < 0) throw new Error('unreachable');
    }),
  );
  simulationTimes.push(
    time(() => {
      report = simulatePolicy({
        policy,
        tierCounts: county,
        roundsPerYear: 2,
        years,
        seed: `bench-${repeat}`,
        transitions,
        problemRates: { A: 0.02, B: 0.05, C: 0.15, D: 0.3 },
        inspectors: { inspectors: 120, teamSize: 2 },
      });
    }),
  );
}
const simulated = report as ReturnType<typeof simulatePolicy> | null;
if (!simulated?.ok) throw new Error('the simulation must be valid');

const derivationMs = median(derivationTimes);
const baselineMs = median(baselineTimes);
const simulationMs = median(simulationTimes);
const streamMs = median(streamTimes);
const format = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
console.log(`| measurement | size | median ms | ratio to baseline |`);
console.log(`|---|---|---:|---:|`);
console.log(`| baseline: 4 sample sizes per item | ${itemCount} items | ${format(baselineMs)} | 1 |`);
console.log(`| deriveRatios (goal < 1000 ms) | ${itemCount} items (${feasible} feasible) | ${format(derivationMs)} | ${(derivationMs / baselineMs).toFixed(0)}x |`);
console.log(`| baseline: 2 uniform draws per enterprise-year | ${enterprises.toLocaleString('en')} × ${years} years | ${format(streamMs)} | 1 |`);
console.log(`| simulatePolicy, 2 rounds, transitions | ${enterprises.toLocaleString('en')} × ${years} years | ${format(simulationMs)} | ${(simulationMs / streamMs).toFixed(1)}x |`);
console.log('');
console.log(`Per item: ${((derivationMs * 1000) / itemCount).toFixed(1)} µs. Simulation: ${((simulationMs * 1e6) / (enterprises * years)).toFixed(0)} ns per enterprise-year; ${format(simulated.value.rounds.meanInspections)} inspections per round on average, D uninspected for a year ${(100 * (simulated.value.tiers.D.uninspectedForYear ?? 0)).toFixed(1)}%.`);
