/**
 * Derives the sampling policy of one inspection item (抽查事项) for a year: per credit tier a
 * ratio, a minimum and a frequency, from the tier counts of the item's candidate pool, the
 * inspection capacity, the province's bounds and the tiers' risk weights. docs/derivation.md
 * explains the rule with a worked example.
 *
 * The rule, in integers only:
 * 1. Every tier starts at its lower bound (最低抽查比例). Frequency is the tier's frequency
 *    limit, capped at the rounds per year; frequency 0 means inspections only on triggers.
 * 2. If the tiers' lower bounds give fewer inspections a year than the overall floor
 *    (e.g. 3% of all enterprises), tiers are raised in priority order until the floor is met.
 * 3. The capacity left over goes to tiers in priority order (highest risk weight, i.e.
 *    expected problems found per inspection, first; ties to the riskier tier), each up to
 *    its upper bound before the next receives anything.
 * 4. If the capacity cannot pay for steps 1 and 2, the derivation is infeasible: it says by
 *    how many inspections, and shows the least policy the bounds allow. A bound is never broken.
 *
 * Every count is the exact sample size a draw will use (spec/draw-v1.md section 2), so the
 * capacity used is what the draws will really cost. A tier being filled keeps any remainder
 * smaller than its next sample step rather than passing it on to a lower-priority tier: that
 * is what makes every ratio monotone in capacity.
 */
import { err, ok, type Result } from '../result.ts';
import { isRoundIncluded } from './frequency.ts';
import {
  computeSampleSize,
  formatRatio,
  largestRatioForSampleSize,
  parseRatio,
  RATIO_SCALE,
  type RatioIssue,
} from './ratio.ts';
import { mapTiers, TIER_NAMES, TIERS, type PerTier, type Tier } from './tier.ts';

/** Minimum and maximum ratio of a tier, as exact decimal strings. */
export interface TierBounds {
  readonly minRatio: string;
  readonly maxRatio: string;
}

/** Past inspection results of a tier: how many inspections, how many found a problem. */
export interface InspectionHistory {
  readonly inspected: number;
  readonly problemsFound: number;
}

/** Inspections a year the departments can perform, given one of three ways. */
export type CapacityInput =
  | { readonly per: 'year'; readonly inspections: number }
  /** Multiplied by the rounds per year. */
  | { readonly per: 'round'; readonly inspections: number }
  /** From the inspector directory: floor(inspectors × inspections each ÷ team size) per round, × rounds. */
  | {
      readonly per: 'inspectors';
      readonly inspectors: number;
      readonly inspectionsPerInspectorPerRound: number;
      readonly teamSize: number;
    };

export interface DerivationInput {
  /** Members of each tier in the item's candidate pool, after exclusions. */
  readonly tierCounts: PerTier<number>;
  /** Rounds (批次) in the year, at least 1. */
  readonly roundsPerYear: number;
  readonly capacity: CapacityInput;
  /** Defaults to `DEFAULT_TIER_BOUNDS`. */
  readonly bounds?: PerTier<TierBounds>;
  /** Yearly inspections must be at least this share of the whole pool. Defaults to `DEFAULT_FLOOR_RATIO`. */
  readonly floorRatio?: string;
  /** Minimum sample size per tier and round (spec section 2). Defaults to 0. */
  readonly minimums?: PerTier<number>;
  /** Most rounds a tier may be inspected in per year. Defaults to `DEFAULT_FREQUENCY_LIMITS`. */
  readonly frequencyLimits?: PerTier<number>;
  /** Past results per tier; a tier with enough of them is weighted by its observed problem rate. */
  readonly history?: Partial<Record<Tier, InspectionHistory>>;
  /** Weights (non-negative decimal strings) for tiers with too few results. Defaults to `DEFAULT_FALLBACK_WEIGHTS`. */
  readonly fallbackWeights?: PerTier<string>;
  /** Results a tier needs before its observed rate is trusted. Defaults to `DEFAULT_MINIMUM_RESULTS`. */
  readonly minimumResults?: number;
}

/** The common county scheme: A ≤ 5%, B 5-20%, C 21-60%, D 61-100%. */
export const DEFAULT_TIER_BOUNDS: PerTier<TierBounds> = {
  A: { minRatio: '0', maxRatio: '0.05' },
  B: { minRatio: '0.05', maxRatio: '0.2' },
  C: { minRatio: '0.21', maxRatio: '0.6' },
  D: { minRatio: '0.61', maxRatio: '1' },
};

/** At least 3% of all enterprises a year. */
export const DEFAULT_FLOOR_RATIO = '0.03';

/** A starting point, not a rule from the guidance: riskier tiers in more rounds. */
export const DEFAULT_FREQUENCY_LIMITS: PerTier<number> = { A: 1, B: 1, C: 2, D: 3 };

/** Plausible problem rates per inspection, used until a tier has enough results of its own. */
export const DEFAULT_FALLBACK_WEIGHTS: PerTier<string> = { A: '0.02', B: '0.05', C: '0.15', D: '0.3' };

export const DEFAULT_MINIMUM_RESULTS = 30;

/** A tier's risk weight, an exact fraction: expected problems found per inspection. */
export interface RiskWeight {
  readonly numerator: number;
  readonly denominator: number;
  readonly source: 'observed' | 'configured';
  /** Results the tier had; `observed` needs at least `minimumResults`. */
  readonly results: number;
}

/** What decided a tier's ratio. */
export type RatioDecision =
  /** At its lower bound: no capacity reached it beyond the bounds. */
  | 'lower_bound'
  /** At its upper bound. */
  | 'upper_bound'
  /** Raised above its lower bound only as far as the overall floor required. */
  | 'floor'
  /** Raised above its lower bound until the capacity ran out. */
  | 'capacity'
  /** No members now: kept at its lower bound. */
  | 'empty_tier'
  /** Frequency 0, inspected only on triggers: kept at its lower bound. */
  | 'triggers_only';

export interface TierDerivation {
  readonly tier: Tier;
  readonly members: number;
  /** Exact decimal string, at most 4 decimals. */
  readonly ratio: string;
  readonly minimum: number;
  /** Rounds per year that include the tier. */
  readonly frequency: number;
  /** The rounds (1-based) that include the tier, see `roundsForFrequency`. */
  readonly rounds: readonly number[];
  /** Enterprises drawn in each round that includes the tier (spec section 2). */
  readonly sampleSize: number;
  /** sampleSize × frequency. */
  readonly expectedInspections: number;
  readonly bounds: TierBounds;
  readonly weight: RiskWeight;
  /** 1 = first to receive spare capacity; null when the tier takes no capacity (empty or triggers only). */
  readonly priority: number | null;
  readonly decisions: {
    readonly ratio: RatioDecision;
    readonly frequency: 'frequency_limit' | 'rounds_per_year';
    readonly sampleSize: 'ratio' | 'minimum';
  };
  /** One sentence per number, for staff. */
  readonly explanation: readonly string[];
}

export interface DerivationTotals {
  readonly members: number;
  readonly roundsPerYear: number;
  /** Yearly inspections available. */
  readonly capacityGiven: number;
  /** Yearly inspections with every tier at its lower bound. */
  readonly lowerBoundInspections: number;
  /** Yearly inspections the overall floor demands: ceil(floor × members). */
  readonly floorInspections: number;
  /** Yearly inspections the lower bounds and the floor together demand. */
  readonly requiredInspections: number;
  /** Yearly inspections with every tier at its upper bound. */
  readonly maximumInspections: number;
  /** Inspections in each round of the policy shown. */
  readonly inspectionsPerRound: readonly number[];
}

export type Derivation =
  | {
      readonly feasible: true;
      readonly tiers: PerTier<TierDerivation>;
      readonly totals: DerivationTotals & {
        /** Never more than `capacityGiven`. */
        readonly capacityUsed: number;
        readonly capacityUnused: number;
      };
      readonly explanation: readonly string[];
    }
  | {
      readonly feasible: false;
      /**
       * `capacity_below_required`: the capacity cannot pay for the lower bounds and the floor;
       * the tiers show the least policy that meets them.
       * `floor_above_upper_bounds`: even every tier at its upper bound misses the floor; the
       * tiers show every tier at its upper bound.
       */
      readonly reason: 'capacity_below_required' | 'floor_above_upper_bounds';
      /** Inspections a year missing. */
      readonly shortfall: number;
      readonly tiers: PerTier<TierDerivation>;
      readonly totals: DerivationTotals;
      readonly explanation: readonly string[];
    };

export type DerivationInputIssue =
  | { readonly code: 'invalid_ratio'; readonly path: string; readonly issue: RatioIssue }
  | { readonly code: 'bounds_reversed'; readonly tier: Tier; readonly minRatio: string; readonly maxRatio: string }
  | { readonly code: 'not_a_count'; readonly path: string; readonly value: number }
  | { readonly code: 'not_positive'; readonly path: string; readonly value: number }
  | { readonly code: 'invalid_weight'; readonly path: string; readonly text: string };

/** Everything about a tier the allocation needs, in integers. */
interface Stratum {
  readonly tier: Tier;
  readonly members: number;
  readonly minimum: number;
  readonly frequency: number;
  /** The configured limit, before capping at the rounds per year. */
  readonly frequencyLimit: number;
  readonly lowBasisPoints: number;
  readonly highBasisPoints: number;
  readonly lowSample: number;
  readonly highSample: number;
  readonly weight: RiskWeight;
  /** Takes part in the allocation: has members and at least one round. */
  readonly competes: boolean;
}

interface Allocation {
  readonly basisPoints: PerTier<number>;
  /** Inspections spent above the lower bounds. */
  readonly spent: number;
}

const WEIGHT_PATTERN = /^(0|[1-9][0-9]{0,5})(?:\.([0-9]{1,6}))?$/;

/**
 * Derives ratios, minimums and frequencies per tier for one item (see the module comment for
 * the rule). Invalid input is an error value; infeasible bounds are a derivation with
 * `feasible: false` and the shortfall.
 *
 * @example
 * const result = deriveRatios({
 *   tierCounts: { A: 400, B: 3000, C: 500, D: 100 },
 *   roundsPerYear: 2,
 *   capacity: { per: 'year', inspections: 900 },
 * });
 * // result.ok && result.value.feasible → result.value.tiers.D.ratio, .explanation, ...
 */
export function deriveRatios(input: DerivationInput): Result<Derivation, readonly DerivationInputIssue[]> {
  const validated = validateInput(input);
  if (!validated.ok) return validated;
  const { strata, capacityGiven, capacityText, floorBasisPoints } = validated.value;
  const roundsPerYear = input.roundsPerYear;

  const order = strata.filter((stratum) => stratum.competes).sort(comparePriority);
  const members = strata.reduce((sum, stratum) => sum + stratum.members, 0);
  const lowerBoundInspections = sumCompeting(strata, (stratum) => stratum.lowSample * stratum.frequency);
  const maximumInspections = sumCompeting(strata, (stratum) => stratum.highSample * stratum.frequency);
  const floorInspections = computeSampleSize(members, floorBasisPoints, 0);
  const floorBudget = budgetToReach(order, Math.max(0, floorInspections - lowerBoundInspections));

  const context = { strata, order, roundsPerYear, floorInspections };
  const baseTotals = {
    members,
    roundsPerYear,
    capacityGiven,
    lowerBoundInspections,
    floorInspections,
    maximumInspections,
  };
  const header = [
    `Capacity: ${capacityText}.`,
    `Lower bounds need ${lowerBoundInspections} inspections a year; the floor of ${formatRatio(floorBasisPoints)} of ${members} enterprises needs ${floorInspections}; upper bounds allow at most ${maximumInspections}.`,
  ];

  if (floorBudget === null) {
    const allocation = allocate(strata, order, Number.POSITIVE_INFINITY);
    const floorAllocation = allocation;
    const shortfall = floorInspections - maximumInspections;
    const tiers = describeTiers(context, allocation, floorAllocation);
    return ok({
      feasible: false,
      reason: 'floor_above_upper_bounds',
      shortfall,
      tiers,
      totals: { ...baseTotals, requiredInspections: floorInspections, inspectionsPerRound: countPerRound(tiers, roundsPerYear) },
      explanation: [
        ...header,
        `Infeasible: even with every tier at its upper bound the year has ${maximumInspections} inspections, ${shortfall} short of the floor. Raise upper bounds or lower the floor.`,
      ],
    });
  }

  const floorAllocation = allocate(strata, order, floorBudget);
  const requiredInspections = lowerBoundInspections + floorAllocation.spent;
  if (capacityGiven < requiredInspections) {
    const shortfall = requiredInspections - capacityGiven;
    const tiers = describeTiers(context, floorAllocation, floorAllocation);
    return ok({
      feasible: false,
      reason: 'capacity_below_required',
      shortfall,
      tiers,
      totals: { ...baseTotals, requiredInspections, inspectionsPerRound: countPerRound(tiers, roundsPerYear) },
      explanation: [
        ...header,
        `Infeasible: the bounds and the floor need ${requiredInspections} inspections a year but the capacity is ${capacityGiven}: ${shortfall} short. The tiers show the least policy the bounds allow.`,
      ],
    });
  }

  const allocation = allocate(strata, order, capacityGiven - lowerBoundInspections);
  const capacityUsed = lowerBoundInspections + allocation.spent;
  const tiers = describeTiers(context, allocation, floorAllocation);
  return ok({
    feasible: true,
    tiers,
    totals: {
      ...baseTotals,
      requiredInspections,
      inspectionsPerRound: countPerRound(tiers, roundsPerYear),
      capacityUsed,
      capacityUnused: capacityGiven - capacityUsed,
    },
    explanation: [...header, describeLeftover(order, allocation, capacityGiven - capacityUsed)],
  });
}

/**
 * Raises tiers in priority order, each up to its upper bound before the next gets anything.
 * The tier where the budget runs out takes the largest ratio whose sample the budget pays
 * for; the remainder stays unspent. Costs are the exact sample sizes of spec section 2: with
 * more than 10,000 members one basis point can add more than one enterprise.
 */
function allocate(strata: readonly Stratum[], order: readonly Stratum[], budget: number): Allocation {
  const basisPoints: Record<Tier, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const stratum of strata) basisPoints[stratum.tier] = stratum.lowBasisPoints;
  let remaining = budget;
  let spent = 0;
  for (const stratum of order) {
    const fullCost = (stratum.highSample - stratum.lowSample) * stratum.frequency;
    if (remaining >= fullCost) {
      basisPoints[stratum.tier] = stratum.highBasisPoints;
      remaining -= fullCost;
      spent += fullCost;
      continue;
    }
    if (remaining > 0) {
      const affordable = stratum.lowSample + Math.floor(remaining / stratum.frequency);
      const ratio = Math.max(stratum.lowBasisPoints, largestRatioForSampleSize(stratum.members, affordable, stratum.highBasisPoints));
      basisPoints[stratum.tier] = ratio;
      spent += (computeSampleSize(stratum.members, ratio, stratum.minimum) - stratum.lowSample) * stratum.frequency;
    }
    break;
  }
  return { basisPoints: mapTiers((tier) => basisPoints[tier]), spent };
}

/**
 * The least budget whose allocation spends at least `needed`, or null if the upper bounds
 * cannot. The tier where `needed` is reached takes the smallest ratio whose sample covers it.
 */
function budgetToReach(order: readonly Stratum[], needed: number): number | null {
  if (needed === 0) return 0;
  let spent = 0;
  let missing = needed;
  for (const stratum of order) {
    const fullCost = (stratum.highSample - stratum.lowSample) * stratum.frequency;
    if (missing <= fullCost) {
      const target = stratum.lowSample + Math.ceil(missing / stratum.frequency);
      // The smallest p with ceil(N p / S) >= target is floor(S (target - 1) / N) + 1.
      const ratio = Math.min(stratum.highBasisPoints, Math.floor((RATIO_SCALE * (target - 1)) / stratum.members) + 1);
      const sample = computeSampleSize(stratum.members, Math.max(ratio, stratum.lowBasisPoints), stratum.minimum);
      return spent + (sample - stratum.lowSample) * stratum.frequency;
    }
    spent += fullCost;
    missing -= fullCost;
  }
  return null;
}

/** Higher weight first; equal weights go to the riskier tier first. */
function comparePriority(left: Stratum, right: Stratum): number {
  const byWeight = compareFractions(right.weight, left.weight);
  return byWeight !== 0 ? byWeight : TIERS.indexOf(right.tier) - TIERS.indexOf(left.tier);
}

function compareFractions(left: RiskWeight, right: RiskWeight): number {
  const difference = BigInt(left.numerator) * BigInt(right.denominator) - BigInt(right.numerator) * BigInt(left.denominator);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

function sumCompeting(strata: readonly Stratum[], value: (stratum: Stratum) => number): number {
  return strata.reduce((sum, stratum) => sum + (stratum.competes ? value(stratum) : 0), 0);
}

interface DescribeContext {
  readonly strata: readonly Stratum[];
  readonly order: readonly Stratum[];
  readonly roundsPerYear: number;
  readonly floorInspections: number;
}

function describeTiers(context: DescribeContext, allocation: Allocation, floorAllocation: Allocation): PerTier<TierDerivation> {
  return mapTiers((tier) => {
    const stratum = context.strata[TIERS.indexOf(tier)] as Stratum;
    const basisPoints = allocation.basisPoints[tier];
    const ratio = formatRatio(basisPoints);
    const byRatio = computeSampleSize(stratum.members, basisPoints, 0);
    const sampleSize = computeSampleSize(stratum.members, basisPoints, stratum.minimum);
    const rank = context.order.indexOf(stratum);
    const priority = rank < 0 ? null : rank + 1;
    const rounds = Array.from({ length: context.roundsPerYear }, (_, index) => index + 1).filter((round) =>
      isRoundIncluded(round, stratum.frequency, context.roundsPerYear),
    );
    const bounds = { minRatio: formatRatio(stratum.lowBasisPoints), maxRatio: formatRatio(stratum.highBasisPoints) };
    const ratioDecision = decideRatio(stratum, basisPoints, floorAllocation.basisPoints[tier]);
    const frequencyDecision = stratum.frequency === context.roundsPerYear && stratum.frequencyLimit > context.roundsPerYear
      ? 'rounds_per_year'
      : 'frequency_limit';
    const sampleDecision = sampleSize > byRatio ? 'minimum' : 'ratio';
    const name = `Tier ${tier} (${TIER_NAMES[tier]})`;
    const explanation = [
      `${name}: ${explainRatio(ratioDecision, ratio, bounds, context.floorInspections)}`,
      explainFrequency(stratum, frequencyDecision, rounds, context.roundsPerYear),
      sampleDecision === 'minimum'
        ? `Draws ${sampleSize} of ${stratum.members} per round: the minimum ${stratum.minimum} raises ceil(${stratum.members} × ${ratio}) = ${byRatio}.`
        : `Draws ${sampleSize} of ${stratum.members} per round: ceil(${stratum.members} × ${ratio}) = ${byRatio}${stratum.minimum > 0 ? `, at least the minimum ${Math.min(stratum.minimum, stratum.members)}` : ''}.`,
      `Expected inspections a year: ${sampleSize} × ${stratum.frequency} = ${sampleSize * stratum.frequency}.`,
      explainPriority(stratum, priority),
    ];
    return {
      tier,
      members: stratum.members,
      ratio,
      minimum: stratum.minimum,
      frequency: stratum.frequency,
      rounds,
      sampleSize,
      expectedInspections: sampleSize * stratum.frequency,
      bounds,
      weight: stratum.weight,
      priority,
      decisions: { ratio: ratioDecision, frequency: frequencyDecision, sampleSize: sampleDecision },
      explanation,
    };
  });
}

function decideRatio(stratum: Stratum, basisPoints: number, floorBasisPoints: number): RatioDecision {
  if (stratum.frequency === 0) return 'triggers_only';
  if (stratum.members === 0) return 'empty_tier';
  if (basisPoints === stratum.highBasisPoints) return 'upper_bound';
  if (basisPoints === stratum.lowBasisPoints) return 'lower_bound';
  if (basisPoints === floorBasisPoints) return 'floor';
  return 'capacity';
}

function explainRatio(decision: RatioDecision, ratio: string, bounds: TierBounds, floorInspections: number): string {
  switch (decision) {
    case 'triggers_only':
      return `frequency 0, inspected only on triggers (无事不扰); ratio kept at its lower bound ${ratio} for triggered draws.`;
    case 'empty_tier':
      return `no members in this pool; ratio kept at its lower bound ${ratio}.`;
    case 'upper_bound':
      return `ratio ${ratio} is its upper bound (bounds ${bounds.minRatio}–${bounds.maxRatio}).`;
    case 'lower_bound':
      return `ratio ${ratio} is its lower bound (bounds ${bounds.minRatio}–${bounds.maxRatio}): no capacity was left for it after tiers of higher priority.`;
    case 'floor':
      return `ratio raised from its lower bound ${bounds.minRatio} to ${ratio} to meet the overall floor of ${floorInspections} inspections a year.`;
    case 'capacity':
      return `ratio raised from its lower bound ${bounds.minRatio} to ${ratio}, where the capacity ran out (upper bound ${bounds.maxRatio}).`;
  }
}

function explainFrequency(
  stratum: Stratum,
  decision: 'frequency_limit' | 'rounds_per_year',
  rounds: readonly number[],
  roundsPerYear: number,
): string {
  if (stratum.frequency === 0) return `Frequency 0 of ${roundsPerYear} rounds: its frequency limit is 0.`;
  const where = `round${rounds.length > 1 ? 's' : ''} ${rounds.join(', ')}`;
  return decision === 'rounds_per_year'
    ? `Frequency ${stratum.frequency} (${where}): its limit ${stratum.frequencyLimit} is capped at the ${roundsPerYear} rounds of the year.`
    : `Frequency ${stratum.frequency} of ${roundsPerYear} rounds (${where}): its frequency limit.`;
}

function explainPriority(stratum: Stratum, priority: number | null): string {
  const { weight } = stratum;
  const value = `${weight.numerator}/${weight.denominator}`;
  const source =
    weight.source === 'observed'
      ? `problem rate observed in ${weight.results} past results`
      : `configured weight, since ${weight.results} past results are too few`;
  if (priority === null) return `Risk weight ${value} (${source}); takes no planned capacity.`;
  return `Priority ${priority} for spare capacity: risk weight ${value} (${source}).`;
}

function describeLeftover(order: readonly Stratum[], allocation: Allocation, unused: number): string {
  if (unused === 0) return 'All of the capacity is used.';
  const blocked = order.find((stratum) => allocation.basisPoints[stratum.tier] !== stratum.highBasisPoints);
  if (blocked === undefined) return `Every tier is at its upper bound; ${unused} inspections a year are left unused.`;
  return `${unused} inspections a year are left unused: less than the next step of tier ${blocked.tier} (one more basis point of ratio, in each of its ${blocked.frequency} rounds), and lower-priority tiers never skip ahead of it.`;
}

function countPerRound(tiers: PerTier<TierDerivation>, roundsPerYear: number): number[] {
  const perRound = new Array<number>(roundsPerYear).fill(0);
  for (const tier of TIERS) {
    for (const round of tiers[tier].rounds) perRound[round - 1] = (perRound[round - 1] as number) + tiers[tier].sampleSize;
  }
  return perRound;
}

interface ValidatedInput {
  readonly strata: readonly Stratum[];
  readonly capacityGiven: number;
  readonly capacityText: string;
  readonly floorBasisPoints: number;
}

function validateInput(input: DerivationInput): Result<ValidatedInput, readonly DerivationInputIssue[]> {
  const issues: DerivationInputIssue[] = [];
  const count = (value: number, path: string): number => {
    if (!Number.isSafeInteger(value) || value < 0) issues.push({ code: 'not_a_count', path, value });
    return value;
  };
  const positive = (value: number, path: string): number => {
    if (!Number.isSafeInteger(value) || value < 1) issues.push({ code: 'not_positive', path, value });
    return value;
  };
  const ratio = (text: string, path: string): number | null => {
    const parsed = parseRatio(text);
    if (parsed.ok) return parsed.value;
    issues.push({ code: 'invalid_ratio', path, issue: parsed.error });
    return null;
  };

  const roundsPerYear = positive(input.roundsPerYear, 'roundsPerYear');
  const floorBasisPoints = ratio(input.floorRatio ?? DEFAULT_FLOOR_RATIO, 'floorRatio') ?? 0;
  const minimumResults = count(input.minimumResults ?? DEFAULT_MINIMUM_RESULTS, 'minimumResults');
  const capacity = readCapacity(input.capacity, roundsPerYear, count, positive);

  const strata = TIERS.map((tier): Stratum => {
    const members = count(input.tierCounts[tier], `tierCounts.${tier}`);
    const minimum = count(input.minimums?.[tier] ?? 0, `minimums.${tier}`);
    const limit = count((input.frequencyLimits ?? DEFAULT_FREQUENCY_LIMITS)[tier], `frequencyLimits.${tier}`);
    const bounds = (input.bounds ?? DEFAULT_TIER_BOUNDS)[tier];
    const lowBasisPoints = ratio(bounds.minRatio, `bounds.${tier}.minRatio`) ?? 0;
    const highBasisPoints = ratio(bounds.maxRatio, `bounds.${tier}.maxRatio`) ?? lowBasisPoints;
    if (lowBasisPoints > highBasisPoints) {
      issues.push({ code: 'bounds_reversed', tier, minRatio: bounds.minRatio, maxRatio: bounds.maxRatio });
    }
    const history = input.history?.[tier];
    const inspected = history ? count(history.inspected, `history.${tier}.inspected`) : 0;
    const problemsFound = history ? count(history.problemsFound, `history.${tier}.problemsFound`) : 0;
    const fallbackText = (input.fallbackWeights ?? DEFAULT_FALLBACK_WEIGHTS)[tier];
    const weight =
      inspected > 0 && inspected >= minimumResults
        ? { numerator: problemsFound, denominator: inspected, source: 'observed' as const, results: inspected }
        : { ...parseWeight(fallbackText, `fallbackWeights.${tier}`, issues), source: 'configured' as const, results: inspected };
    const valid = issues.length === 0;
    const frequency = valid ? Math.min(limit, roundsPerYear) : 0;
    return {
      tier,
      members,
      minimum,
      frequency,
      frequencyLimit: limit,
      lowBasisPoints,
      highBasisPoints,
      lowSample: valid ? computeSampleSize(members, lowBasisPoints, minimum) : 0,
      highSample: valid ? computeSampleSize(members, highBasisPoints, minimum) : 0,
      weight,
      competes: members > 0 && frequency > 0,
    };
  });

  if (issues.length > 0) return err(issues);
  return ok({ strata, capacityGiven: capacity.inspections, capacityText: capacity.text, floorBasisPoints });
}

function readCapacity(
  capacity: CapacityInput,
  roundsPerYear: number,
  count: (value: number, path: string) => number,
  positive: (value: number, path: string) => number,
): { inspections: number; text: string } {
  switch (capacity.per) {
    case 'year': {
      const inspections = count(capacity.inspections, 'capacity.inspections');
      return { inspections, text: `${inspections} inspections a year` };
    }
    case 'round': {
      const perRound = count(capacity.inspections, 'capacity.inspections');
      const inspections = perRound * roundsPerYear;
      return { inspections, text: `${perRound} per round × ${roundsPerYear} rounds = ${inspections} inspections a year` };
    }
    case 'inspectors': {
      const inspectors = count(capacity.inspectors, 'capacity.inspectors');
      const each = count(capacity.inspectionsPerInspectorPerRound, 'capacity.inspectionsPerInspectorPerRound');
      const teamSize = positive(capacity.teamSize, 'capacity.teamSize');
      const perRound = teamSize >= 1 ? Math.floor((inspectors * each) / teamSize) : 0;
      const inspections = perRound * roundsPerYear;
      return {
        inspections,
        text: `floor(${inspectors} inspectors × ${each} inspections each ÷ teams of ${teamSize}) = ${perRound} per round × ${roundsPerYear} rounds = ${inspections} inspections a year`,
      };
    }
  }
}

function parseWeight(text: string, path: string, issues: DerivationInputIssue[]): { numerator: number; denominator: number } {
  const match = WEIGHT_PATTERN.exec(text);
  if (!match) {
    issues.push({ code: 'invalid_weight', path, text });
    return { numerator: 0, denominator: 1 };
  }
  const fraction = match[2] ?? '';
  return { numerator: Number((match[1] as string) + fraction), denominator: 10 ** fraction.length };
}
