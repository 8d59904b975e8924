/**
 * Credit risk tiers (信用风险分类). Tiers are internal to the bureau: never published.
 */

/** The tiers, from lowest risk to highest. Iteration order everywhere follows this list. */
export const TIERS = ['A', 'B', 'C', 'D'] as const;

export type Tier = (typeof TIERS)[number];

/** The official Chinese names of the tiers. */
export const TIER_NAMES: Readonly<Record<Tier, string>> = {
  A: '信用风险低',
  B: '信用风险一般',
  C: '信用风险较高',
  D: '信用风险高',
};

/** One value per tier. */
export type PerTier<T> = Readonly<Record<Tier, T>>;

/**
 * Tells whether a string names a tier.
 *
 * @example isTier('C') // true
 */
export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

/**
 * Builds a per-tier record by calling `make` for each tier in order.
 *
 * @example mapTiers((tier) => tier === 'D') // { A: false, B: false, C: false, D: true }
 */
export function mapTiers<T>(make: (tier: Tier) => T): PerTier<T> {
  return { A: make('A'), B: make('B'), C: make('C'), D: make('D') };
}
