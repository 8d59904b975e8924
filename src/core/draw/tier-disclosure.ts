/**
 * The disclosure rule of sealed draws (draw/v1.1 section 7.1): what a sealed task publishes
 * (each stratum's label, ratio and minimum, the totals N and k, and the selected list) must
 * never let anyone infer with certainty the stratum, that is the tier, of a selected
 * enterprise. Selected enterprises are interchangeable in the public documents, so this
 * holds exactly when at least two strata can have a selected member in some split of the
 * published total N into strata that gives the published total k.
 *
 * Freeze refuses a sealed task that breaks it, in two cases:
 * - only one stratum can be selected from at all (ratio > 0 or minimum > 0), whatever the
 *   pool: every selected enterprise is in it;
 * - the actual split selects from one stratum only and no other split with the same totals
 *   selects from another one (e.g. A at ratio 0.5 and B at ratio 1 with N = 2, k = 1: only
 *   N_A = 2 gives k = 1).
 *
 * The search for another split is exact in its conclusion "another stratum is possible" and
 * may miss one only in contrived policies, so freeze errs on the side of refusing. It uses
 * that k of a stratum grows by 0 or 1 when N grows by 1: moving one member between strata
 * changes the total k by at most 1, so every total between two splits' totals is reached by
 * a split in between (both with a member in the stratum looked at).
 */
import { computeSampleSize } from './sample-size.ts';

export interface PublishedStratumPolicy {
  readonly label: string;
  readonly ratio: string;
  readonly minimum: number;
}

export type TierDisclosure =
  | { readonly code: 'single_selectable_stratum'; readonly stratum: string }
  | { readonly code: 'totals_reveal_stratum'; readonly stratum: string };

/** k of a stratum of `size` members; the policy was validated when the commitment was built. */
function sampleSizeOf(policy: PublishedStratumPolicy, size: number): number {
  const k = computeSampleSize(size, policy);
  if (!k.ok) throw new Error(`stratum ${policy.label} has an invalid policy`);
  return k.value;
}

/**
 * Whether a stratum can be selected from at all (k ≥ 1 for one member).
 *
 * @example isSelectable({ label: 'A', ratio: '0', minimum: 0 }) // false
 */
export function isSelectable(policy: PublishedStratumPolicy): boolean {
  return sampleSizeOf(policy, 1) > 0;
}

/** True when some split of `poolSize` with a member in `stratum` gives `sampleSize` in all. */
function canSelectFrom(strata: readonly PublishedStratumPolicy[], sizes: readonly number[], stratum: number, sampleSize: number): boolean {
  const poolSize = sizes.reduce((sum, size) => sum + size, 0);
  if (poolSize === 0) return false;
  const totalOf = (split: readonly number[]): number => split.reduce((sum, size, index) => sum + sampleSizeOf(strata[index] as PublishedStratumPolicy, size), 0);
  const totals: number[] = [];
  // Everyone in the stratum; one member in it and the rest in one other stratum; the actual split with one member moved into it.
  totals.push(totalOf(strata.map((_, index) => (index === stratum ? poolSize : 0))));
  for (let other = 0; other < strata.length; other++) {
    if (other === stratum) continue;
    totals.push(totalOf(strata.map((_, index) => (index === stratum ? 1 : index === other ? poolSize - 1 : 0))));
    if ((sizes[other] as number) > 0) totals.push(totalOf(sizes.map((size, index) => (index === stratum ? size + 1 : index === other ? size - 1 : size))));
  }
  return Math.min(...totals) <= sampleSize && sampleSize <= Math.max(...totals);
}

/**
 * The disclosure a sealed task's published totals would make, or undefined when every
 * selected enterprise could be in at least two strata.
 *
 * @example findTierDisclosure([{ label: 'C', ratio: '0.3', minimum: 2 }, { label: 'D', ratio: '0.5', minimum: 2 }], [4, 0]) // undefined
 * @example findTierDisclosure([{ label: 'A', ratio: '0', minimum: 0 }, { label: 'D', ratio: '0.5', minimum: 2 }], [10, 3])
 * // { code: 'single_selectable_stratum', stratum: 'D' }
 */
export function findTierDisclosure(strata: readonly PublishedStratumPolicy[], sizes: readonly number[]): TierDisclosure | undefined {
  const selectable = strata.filter(isSelectable);
  if (selectable.length === 0) return undefined;
  if (selectable.length === 1) return { code: 'single_selectable_stratum', stratum: (selectable[0] as PublishedStratumPolicy).label };
  const k = strata.map((policy, index) => sampleSizeOf(policy, sizes[index] as number));
  const sampleSize = k.reduce((sum, value) => sum + value, 0);
  const drawnFrom = strata.filter((_, index) => (k[index] as number) > 0);
  if (sampleSize === 0 || drawnFrom.length >= 2) return undefined;
  const only = drawnFrom[0] as PublishedStratumPolicy;
  const another = strata.some((policy, index) => policy !== only && isSelectable(policy) && canSelectFrom(strata, sizes, index, sampleSize));
  return another ? undefined : { code: 'totals_reveal_stratum', stratum: only.label };
}
