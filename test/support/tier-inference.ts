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
  /** How many splits [N per stratum] consistent with the public totals were seen (the search stops once every stratum is possible). */
  readonly splitsSeen: number;
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
  // k of every stratum for every size, once: the walk below visits O(N^(strata-1)) splits.
  const table = strata.map((stratum) =>
    Array.from({ length: poolSize + 1 }, (_, size) => {
      const k = computeSampleSize(size, stratum);
      if (!k.ok) throw new Error('invalid policy');
      return k.value;
    }),
  );
  const possible = new Set<string>();
  let splitsSeen = 0;
  const split: number[] = [];
  const walk = (index: number, left: number, kSoFar: number): void => {
    if (possible.size === strata.length || kSoFar > sampleSize) return;
    if (index === strata.length - 1) {
      if (kSoFar + (table[index]![left] as number) !== sampleSize) return;
      splitsSeen++;
      [...split, left].forEach((size, at) => {
        if ((table[at]![size] as number) > 0) possible.add((strata[at] as DrawCommitment['strata'][number]).label);
      });
      return;
    }
    for (let size = 0; size <= left; size++) {
      split.push(size);
      walk(index + 1, left - size, kSoFar + (table[index]![size] as number));
      split.pop();
    }
  };
  if (strata.length > 0) walk(0, poolSize, 0);
  return { splitsSeen, possibleStrata: [...possible].sort() };
}
