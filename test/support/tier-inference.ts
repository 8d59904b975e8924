/**
 * What an outsider can infer about tiers from a sealed draw's PUBLIC documents only (the
 * public record and the freeze commitment; draw/v1.1 section 7.1). A stratum can hold a
 * selected enterprise when some split of the published pool total into the published strata
 * gives it k ≥ 1 while the sample sizes (section 2, from each stratum's ratio and minimum)
 * add up to the published sample total. Selected enterprises are interchangeable in the
 * public documents, so each of them could be in any such stratum; fewer than two means every
 * selected enterprise's tier is certain.
 *
 * Exact, by dynamic programming over the strata: for each pool size n, the set of sample
 * totals some split of n reaches (a bit mask), so the demo's pools take milliseconds.
 */
import type { DrawCommitment } from '../../src/core/draw/commitment.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import { computeSampleSize } from '../../src/core/draw/sample-size.ts';

export interface TierInference {
  /** Labels of the strata that hold a selected enterprise in at least one consistent split. */
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
  const table = strata.map((stratum) =>
    Array.from({ length: poolSize + 1 }, (_, size) => {
      const k = computeSampleSize(size, stratum);
      if (!k.ok) throw new Error('invalid policy');
      return k.value;
    }),
  );
  const within = (1n << BigInt(sampleSize + 1)) - 1n;
  /** Whether some split reaches the published totals with stratum `forced` drawn from. */
  const consistentWith = (forced: number): boolean => {
    // reach[n]: bit t set when the strata so far can hold n members with sample total t.
    let reach: bigint[] = Array.from({ length: poolSize + 1 }, (_, n) => (n === 0 ? 1n : 0n));
    table.forEach((sizes, index) => {
      const next: bigint[] = Array.from({ length: poolSize + 1 }, () => 0n);
      for (let n = 0; n <= poolSize; n++) {
        if (reach[n] === 0n) continue;
        for (let size = 0; n + size <= poolSize; size++) {
          const k = sizes[size] as number;
          if (index === forced && k === 0) continue;
          if (k > sampleSize) break;
          next[n + size] = (next[n + size] as bigint) | (((reach[n] as bigint) << BigInt(k)) & within);
        }
      }
      reach = next;
    });
    return (((reach[poolSize] as bigint) >> BigInt(sampleSize)) & 1n) === 1n;
  };
  const possible = strata.filter((_, index) => sampleSize > 0 && consistentWith(index)).map((stratum) => stratum.label);
  return { possibleStrata: possible.sort() };
}
