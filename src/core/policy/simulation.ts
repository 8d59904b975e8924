/**
 * What-if simulator: plays a sampling policy forward for a number of years, enterprise by
 * enterprise, so staff see what a policy does before adopting it.
 *
 * The model, per simulated year:
 * 1. Every enterprise has a tier for the whole year. In each round, each tier the round
 *    includes (see `roundsForFrequency`) gets a uniform random sample of the spec's sample
 *    size `computeSampleSize(members, ratio, minimum)`, drawn afresh from the whole tier, as
 *    the round's pool holds it: an enterprise can be inspected in several rounds of a year.
 *    With an annual cap, an enterprise inspected that many times this year is out of the
 *    later rounds' pools (the pool's `annual_cap` exclusion) and the sample is taken from
 *    the rest; a cap of at least the frequency never binds, and every tier is then inspected
 *    exactly frequency × sample size a year, the derivation's `expectedInspections`.
 * 2. Each enterprise has a problem that year with its tier's problem rate, independently of
 *    the draws; the problem is found when the enterprise is inspected at least once that year.
 * 3. At the end of the year each enterprise moves to a new tier by the transition matrix (one
 *    step of the matrix is one year, like the January evaluations of consecutive years).
 *
 * A uniform sample stands in for the draw's SHA-256 tickets, which select a uniformly random
 * subset for a seed nobody can steer; the simulator needs the distribution, not the tickets.
 * The random stream (seedrandom's Alea, `createRandomSource`) comes from the seed alone, so the
 * same input gives the same report.
 */
import { err, ok, type Result } from '../result.ts';
import { isRoundIncluded } from './frequency.ts';
import { computeSampleSize, parseRatio, type RatioIssue } from './ratio.ts';
import { createRandomSource } from '../synthetic/random.ts';
import { mapTiers, TIERS, type PerTier, type Tier } from './tier.ts';

/** The part of a policy the simulator needs, per tier; a `TierDerivation` has these fields. */
export interface TierPolicy {
  readonly ratio: string;
  readonly minimum: number;
  readonly frequency: number;
}

/** `matrix[from][to]`: probability of moving from one tier to another in a year; rows sum to 1. */
export type TransitionMatrix = PerTier<PerTier<number>>;

export interface SimulationInput {
  readonly policy: PerTier<TierPolicy>;
  /** Enterprises per tier at the start. */
  readonly tierCounts: PerTier<number>;
  readonly roundsPerYear: number;
  readonly years: number;
  readonly seed: string;
  /** Defaults to every enterprise keeping its tier. */
  readonly transitions?: TransitionMatrix;
  /** Probability that an enterprise of the tier has a problem in a year, in [0, 1]. */
  readonly problemRates: PerTier<number>;
  /** For the load per inspector: each inspection takes a team of `teamSize`. */
  readonly inspectors?: { readonly inspectors: number; readonly teamSize: number };
  /** Planned inspections per enterprise per year at most (the policy's `annualCap`); absent = no cap. */
  readonly annualCap?: number;
}

export interface TierSimulation {
  readonly tier: Tier;
  /** Members at the start of the first year. */
  readonly initialMembers: number;
  /** Mean members over the simulated years. */
  readonly meanMembers: number;
  /** frequency × sample size for the initial members: what the policy plans. */
  readonly plannedInspectionsPerYear: number;
  /** Simulated mean inspections of the tier's enterprises per year. */
  readonly inspectionsPerYear: number;
  /** Of the enterprises in the tier in a year, the share inspected both that year and the next (null with one year). */
  readonly inspectedInConsecutiveYears: number | null;
  /** Of the enterprises in the tier in a year, the share not inspected at all that year (null if never populated). */
  readonly uninspectedForYear: number | null;
  readonly meanInspectionsPerRound: number;
  readonly peakInspectionsPerRound: number;
  /** meanInspectionsPerRound × teamSize ÷ inspectors (null without inspectors). */
  readonly inspectorLoadPerRound: number | null;
  readonly problems: number;
  readonly problemsFound: number;
  /** problemsFound ÷ problems (null when there were none). */
  readonly shareOfProblemsFound: number | null;
}

export interface SimulationReport {
  readonly seed: string;
  readonly years: number;
  readonly roundsPerYear: number;
  /** The annual cap applied, or null for none. */
  readonly annualCap: number | null;
  readonly enterprises: number;
  readonly tiers: PerTier<TierSimulation>;
  readonly rounds: {
    readonly meanInspections: number;
    readonly peakInspections: number;
    /** Inspections an inspector takes part in per round (null without inspectors). */
    readonly meanLoadPerInspector: number | null;
    readonly peakLoadPerInspector: number | null;
  };
  readonly shareOfProblemsFound: number | null;
}

export type SimulationInputIssue =
  | { readonly code: 'invalid_ratio'; readonly path: string; readonly issue: RatioIssue }
  | { readonly code: 'not_a_count'; readonly path: string; readonly value: number }
  | { readonly code: 'not_positive'; readonly path: string; readonly value: number }
  | { readonly code: 'frequency_above_rounds'; readonly tier: Tier; readonly frequency: number; readonly roundsPerYear: number }
  | { readonly code: 'not_a_probability'; readonly path: string; readonly value: number }
  | { readonly code: 'row_not_summing_to_one'; readonly tier: Tier; readonly sum: number }
  | { readonly code: 'empty_seed' };

const ROW_SUM_TOLERANCE = 1e-9;

/**
 * Simulates `years` years of draws under a policy and reports, per tier, the inspections per
 * year, the chance of being inspected in consecutive years, the chance of going a whole year
 * uninspected (the D-tier figure matters most), the load per round and the share of problems
 * found. 100,000 enterprises over 10 years take well under a second.
 *
 * @example
 * simulatePolicy({
 *   policy: { A: { ratio: '0.03', minimum: 0, frequency: 1 }, B: ..., C: ..., D: { ratio: '0.8', minimum: 1, frequency: 2 } },
 *   tierCounts: { A: 40000, B: 45000, C: 12000, D: 3000 },
 *   roundsPerYear: 2, years: 10, seed: 'what-if-2027',
 *   problemRates: { A: 0.02, B: 0.05, C: 0.15, D: 0.3 },
 * }); // ok(report): report.tiers.D.uninspectedForYear ≈ 0.04
 */
export function simulatePolicy(input: SimulationInput): Result<SimulationReport, readonly SimulationInputIssue[]> {
  const validated = validateInput(input);
  if (!validated.ok) return validated;
  const { basisPoints, cumulative } = validated.value;
  const { roundsPerYear, years, policy, problemRates, annualCap } = input;
  const random = createRandomSource(input.seed);

  const enterprises = TIERS.reduce((sum, tier) => sum + input.tierCounts[tier], 0);
  let tierOf = new Uint8Array(enterprises);
  let previousTierOf = new Uint8Array(enterprises);
  let offset = 0;
  TIERS.forEach((tier, index) => {
    tierOf.fill(index, offset, offset + input.tierCounts[tier]);
    offset += input.tierCounts[tier];
  });
  let inspected = new Uint8Array(enterprises);
  let previousInspected = new Uint8Array(enterprises);
  const members = new Int32Array(enterprises);
  const start = new Int32Array(TIERS.length + 1);

  const tally = TIERS.map(() => ({
    memberYears: 0,
    inspections: 0,
    uninspected: 0,
    pairYears: 0,
    consecutive: 0,
    peakPerRound: 0,
    problems: 0,
    problemsFound: 0,
  }));
  let peakRound = 0;
  let totalInspections = 0;

  for (let year = 0; year < years; year++) {
    groupByTier(tierOf, members, start);
    inspected.fill(0);
    for (let round = 1; round <= roundsPerYear; round++) {
      let roundInspections = 0;
      TIERS.forEach((tier, index) => {
        if (!isRoundIncluded(round, policy[tier].frequency, roundsPerYear)) return;
        const first = start[index] as number;
        const count = (start[index + 1] as number) - first;
        const eligible = annualCap === undefined ? count : moveEligibleFirst(members, first, count, inspected, annualCap);
        const sample = computeSampleSize(eligible, basisPoints[tier], policy[tier].minimum);
        // Partial Fisher-Yates: the first `sample` places of the eligible part of the tier's segment become a uniform sample.
        for (let place = 0; place < sample; place++) {
          const chosen = first + place + random.integer(0, eligible - place - 1);
          const enterprise = members[chosen] as number;
          members[chosen] = members[first + place] as number;
          members[first + place] = enterprise;
          if ((inspected[enterprise] as number) < 255) inspected[enterprise] = (inspected[enterprise] as number) + 1;
        }
        const counts = tally[index] as (typeof tally)[number];
        counts.inspections += sample;
        counts.peakPerRound = Math.max(counts.peakPerRound, sample);
        roundInspections += sample;
      });
      totalInspections += roundInspections;
      peakRound = Math.max(peakRound, roundInspections);
    }

    for (let enterprise = 0; enterprise < enterprises; enterprise++) {
      const index = tierOf[enterprise] as number;
      const counts = tally[index] as (typeof tally)[number];
      const wasInspected = (inspected[enterprise] as number) > 0;
      counts.memberYears++;
      if (!wasInspected) counts.uninspected++;
      if (random.uniform() < problemRates[TIERS[index] as Tier]) {
        counts.problems++;
        if (wasInspected) counts.problemsFound++;
      }
      if (year > 0) {
        const earlier = tally[previousTierOf[enterprise] as number] as (typeof tally)[number];
        earlier.pairYears++;
        if (wasInspected && (previousInspected[enterprise] as number) > 0) earlier.consecutive++;
      }
    }

    [previousTierOf, tierOf] = [tierOf, previousTierOf];
    [previousInspected, inspected] = [inspected, previousInspected];
    if (year < years - 1) moveTiers(previousTierOf, tierOf, cumulative, random.uniform);
  }

  const rounds = years * roundsPerYear;
  const perInspector = (inspections: number): number | null =>
    input.inspectors ? (inspections * input.inspectors.teamSize) / input.inspectors.inspectors : null;
  const tiers = mapTiers((tier): TierSimulation => {
    const counts = tally[TIERS.indexOf(tier)] as (typeof tally)[number];
    const meanInspectionsPerRound = counts.inspections / rounds;
    return {
      tier,
      initialMembers: input.tierCounts[tier],
      meanMembers: counts.memberYears / years,
      plannedInspectionsPerYear: computeSampleSize(input.tierCounts[tier], basisPoints[tier], policy[tier].minimum) * policy[tier].frequency,
      inspectionsPerYear: counts.inspections / years,
      inspectedInConsecutiveYears: counts.pairYears > 0 ? counts.consecutive / counts.pairYears : null,
      uninspectedForYear: counts.memberYears > 0 ? counts.uninspected / counts.memberYears : null,
      meanInspectionsPerRound,
      peakInspectionsPerRound: counts.peakPerRound,
      inspectorLoadPerRound: perInspector(meanInspectionsPerRound),
      problems: counts.problems,
      problemsFound: counts.problemsFound,
      shareOfProblemsFound: counts.problems > 0 ? counts.problemsFound / counts.problems : null,
    };
  });
  const problems = tally.reduce((sum, counts) => sum + counts.problems, 0);
  const found = tally.reduce((sum, counts) => sum + counts.problemsFound, 0);
  return ok({
    seed: input.seed,
    years,
    roundsPerYear,
    annualCap: annualCap ?? null,
    enterprises,
    tiers,
    rounds: {
      meanInspections: totalInspections / rounds,
      peakInspections: peakRound,
      meanLoadPerInspector: perInspector(totalInspections / rounds),
      peakLoadPerInspector: perInspector(peakRound),
    },
    shareOfProblemsFound: problems > 0 ? found / problems : null,
  });
}

/**
 * Moves the enterprises of `members[first .. first + count)` still under the annual cap to the
 * front of that segment and returns how many there are: the tier's part of the round's pool.
 */
function moveEligibleFirst(members: Int32Array, first: number, count: number, inspected: Uint8Array, annualCap: number): number {
  let eligible = 0;
  for (let place = first; place < first + count; place++) {
    const enterprise = members[place] as number;
    if ((inspected[enterprise] as number) >= annualCap) continue;
    members[place] = members[first + eligible] as number;
    members[first + eligible] = enterprise;
    eligible++;
  }
  return eligible;
}

/** Counting sort of enterprise indexes by tier: tier i's members are `members[start[i] .. start[i+1])`. */
function groupByTier(tierOf: Uint8Array, members: Int32Array, start: Int32Array): void {
  start.fill(0);
  for (const index of tierOf) start[index + 1] = (start[index + 1] as number) + 1;
  for (let index = 1; index < start.length; index++) start[index] = (start[index] as number) + (start[index - 1] as number);
  const next = start.slice(0, TIERS.length);
  for (let enterprise = 0; enterprise < tierOf.length; enterprise++) {
    const index = tierOf[enterprise] as number;
    members[next[index] as number] = enterprise;
    next[index] = (next[index] as number) + 1;
  }
}

/** One year of tier transitions; a row that keeps every enterprise in place draws nothing. */
function moveTiers(from: Uint8Array, to: Uint8Array, cumulative: readonly (Float64Array | null)[], uniform: () => number): void {
  for (let enterprise = 0; enterprise < from.length; enterprise++) {
    const index = from[enterprise] as number;
    const row = cumulative[index];
    if (!row) {
      to[enterprise] = index;
      continue;
    }
    const target = uniform();
    let next = 0;
    while (next < row.length - 1 && target >= (row[next] as number)) next++;
    to[enterprise] = next;
  }
}

/** Pairs of tier snapshots (credit code → tier) taken one year apart, e.g. two January evaluations. */
export interface TierSnapshotPair {
  readonly earlier: ReadonlyMap<string, Tier>;
  readonly later: ReadonlyMap<string, Tier>;
}

export interface TransitionEstimate {
  readonly matrix: TransitionMatrix;
  /** `counts[from][to]`: enterprises seen moving from one tier to another. */
  readonly counts: PerTier<PerTier<number>>;
  /** Tiers with no enterprise observed in an earlier snapshot: their row keeps everyone in place. */
  readonly unobserved: readonly Tier[];
}

/**
 * Estimates the yearly transition matrix from pairs of consecutive snapshots: the share of
 * each tier's enterprises found in each tier a year later. Enterprises missing from either
 * snapshot of a pair (new, deregistered) are left out.
 *
 * @example
 * estimateTransitionMatrix([{ earlier: new Map([['X', 'B'], ['Y', 'B']]), later: new Map([['X', 'B'], ['Y', 'C']]) }])
 * // matrix.B = { A: 0, B: 0.5, C: 0.5, D: 0 }; unobserved: ['A', 'C', 'D']
 */
export function estimateTransitionMatrix(pairs: readonly TierSnapshotPair[]): TransitionEstimate {
  const counts: Record<Tier, Record<Tier, number>> = {
    A: { A: 0, B: 0, C: 0, D: 0 },
    B: { A: 0, B: 0, C: 0, D: 0 },
    C: { A: 0, B: 0, C: 0, D: 0 },
    D: { A: 0, B: 0, C: 0, D: 0 },
  };
  for (const { earlier, later } of pairs) {
    for (const [code, from] of earlier) {
      const to = later.get(code);
      if (to !== undefined) counts[from][to]++;
    }
  }
  const unobserved = TIERS.filter((from) => TIERS.every((to) => counts[from][to] === 0));
  const matrix = mapTiers((from) => {
    const total = TIERS.reduce((sum, to) => sum + counts[from][to], 0);
    return mapTiers((to) => (total === 0 ? (to === from ? 1 : 0) : counts[from][to] / total));
  });
  return { matrix, counts: mapTiers((from) => mapTiers((to) => counts[from][to])), unobserved };
}

interface ValidatedInput {
  readonly basisPoints: PerTier<number>;
  /** Cumulative rows; null for a row that keeps everyone in place. */
  readonly cumulative: readonly (Float64Array | null)[];
}

function validateInput(input: SimulationInput): Result<ValidatedInput, readonly SimulationInputIssue[]> {
  const issues: SimulationInputIssue[] = [];
  const count = (value: number, path: string): void => {
    if (!Number.isSafeInteger(value) || value < 0) issues.push({ code: 'not_a_count', path, value });
  };
  const positive = (value: number, path: string): void => {
    if (!Number.isSafeInteger(value) || value < 1) issues.push({ code: 'not_positive', path, value });
  };
  const probability = (value: number, path: string): void => {
    if (!(value >= 0 && value <= 1)) issues.push({ code: 'not_a_probability', path, value });
  };
  positive(input.roundsPerYear, 'roundsPerYear');
  positive(input.years, 'years');
  if (input.seed.length === 0) issues.push({ code: 'empty_seed' });
  if (input.annualCap !== undefined) positive(input.annualCap, 'annualCap');
  if (input.inspectors) {
    positive(input.inspectors.inspectors, 'inspectors.inspectors');
    positive(input.inspectors.teamSize, 'inspectors.teamSize');
  }
  const basisPoints = mapTiers((tier) => {
    count(input.tierCounts[tier], `tierCounts.${tier}`);
    count(input.policy[tier].minimum, `policy.${tier}.minimum`);
    count(input.policy[tier].frequency, `policy.${tier}.frequency`);
    if (input.policy[tier].frequency > input.roundsPerYear) {
      issues.push({ code: 'frequency_above_rounds', tier, frequency: input.policy[tier].frequency, roundsPerYear: input.roundsPerYear });
    }
    probability(input.problemRates[tier], `problemRates.${tier}`);
    const parsed = parseRatio(input.policy[tier].ratio);
    if (parsed.ok) return parsed.value;
    issues.push({ code: 'invalid_ratio', path: `policy.${tier}.ratio`, issue: parsed.error });
    return 0;
  });
  if (TIERS.reduce((sum, tier) => sum + input.tierCounts[tier], 0) > 2 ** 31 - 1) {
    issues.push({ code: 'not_a_count', path: 'tierCounts', value: TIERS.reduce((sum, tier) => sum + input.tierCounts[tier], 0) });
  }
  const cumulative = TIERS.map((from) => {
    const row = input.transitions?.[from];
    if (!row) return null;
    TIERS.forEach((to) => probability(row[to], `transitions.${from}.${to}`));
    const sum = TIERS.reduce((total, to) => total + row[to], 0);
    if (!(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) issues.push({ code: 'row_not_summing_to_one', tier: from, sum });
    return row[from] === 1 ? null : cumulativeRow(TIERS.map((to) => row[to]));
  });
  if (issues.length > 0) return err(issues);
  return ok({ basisPoints, cumulative });
}

/** Running sums of a probability row, ending in exactly 1 at the last tier that can be reached. */
function cumulativeRow(probabilities: readonly number[]): Float64Array {
  const bounds = new Float64Array(probabilities.length);
  let running = 0;
  probabilities.forEach((value, column) => {
    running += value;
    bounds[column] = running;
  });
  // Rounding could leave the sum a hair below 1: a draw must never land past the last reachable tier.
  const lastReachable = probabilities.findLastIndex((value) => value > 0);
  bounds.fill(1, Math.max(0, lastReachable));
  return bounds;
}
