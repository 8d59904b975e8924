/**
 * What an outsider can infer about tiers from a sealed draw's PUBLIC documents only (the
 * public record and the freeze commitment; draw/v1.1 section 7.1). It enumerates every split
 * of the published pool total into the published strata whose sample sizes (section 2, from
 * each stratum's ratio and minimum) add up to the published sample total, and collects the
 * strata that hold a selected enterprise in some split. Selected enterprises are
 * interchangeable in the public documents, so each of them could be in any collected stratum;
 * fewer than two means every selected enterprise's tier is certain.
 *
 * Exhaustive, so for small adversarial pools only (N ≤ a few hundred with four strata).
 */
import type { DrawCommitment } from '../../src/core/draw/commitment.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import { computeSampleSize } from '../../src/core/draw/sample-size.ts';

export interface TierInference {
  /** Every split [N per stratum] consistent with the public totals. */
  readonly splits: readonly (readonly number[])[];
  /** Labels of the strata that hold a selected enterprise in at least one split. */
  readonly possibleStrata: readonly string[];
}

/**
 * @example inferTiers(publicRecord, commitment).possibleStrata // ['C', 'D']
 */
export function inferTiers(record: DrawRecord, commitment: DrawCommitment): TierInference {
  const strata = commitment.strata;
  const poolSize = commitment.poolSize ?? record.poolSize;
  const sampleSize = record.selected.length;
  if (poolSize === undefined) throw new Error('the public documents give no pool total');
  const kOf = (index: number, size: number): number => {
    const k = computeSampleSize(size, strata[index] as DrawCommitment['strata'][number]);
    if (!k.ok) throw new Error('invalid policy');
    return k.value;
  };
  const splits: number[][] = [];
  const possible = new Set<string>();
  const walk = (index: number, left: number, split: number[]): void => {
    if (index === strata.length - 1) {
      const full = [...split, left];
      const ks = full.map((size, at) => kOf(at, size));
      if (ks.reduce((sum, k) => sum + k, 0) !== sampleSize) return;
      splits.push(full);
      ks.forEach((k, at) => {
        if (k > 0) possible.add((strata[at] as DrawCommitment['strata'][number]).label);
      });
      return;
    }
    for (let size = 0; size <= left; size++) walk(index + 1, left - size, [...split, size]);
  };
  if (strata.length > 0) walk(0, poolSize, []);
  return { splits, possibleStrata: [...possible].sort() };
}
