/**
 * Stratum commitments of sealed draws (draw/v1.1, spec section 7.1): a sealed task publishes
 * per stratum only its label, policy (ratio, minimum) and two hiding commitments, so that no
 * one can count a stratum and infer the tier of the enterprises selected from it
 * (信用风险分类结果不公开).
 *
 * - `sizeCommitment = sha256hex(canonical({label, N, k, salt}))`, in the freeze commitment
 *   and the record: fixes N and k before the seed exists.
 * - `commitment = sha256hex(canonical({label, N, k, threshold, thresholdCode, salt}))`, in
 *   the record: binds the threshold to its stratum (threshold and thresholdCode are left out
 *   of the object when k = 0).
 *
 * `salt` is the stratum's secret (32 lowercase hex, derived from the server secret), given
 * to auditors in the audit record and to each member of the stratum in its receipt, so a
 * receipt proves its stratum's N, k and threshold and nothing else. Canonical is RFC 8785.
 */
import { canonicalizeJson } from '../canonical-json.ts';
import type { Sha256 } from '../hash.ts';

export interface StratumOpening {
  readonly label: string;
  readonly N: number;
  readonly k: number;
  /** The stratum's secret salt, 32 lowercase hex characters. */
  readonly salt: string;
}

export interface StratumThreshold {
  /** Ticket and code of the stratum's k-th selected member; absent together when k = 0. */
  readonly threshold?: string | undefined;
  readonly thresholdCode?: string | undefined;
}

/**
 * The commitment to a stratum's size, published at freeze.
 *
 * @example computeStratumSizeCommitment({ label: 'C', N: 4, k: 2, salt: '00112233445566778899aabbccddeeff' }, nobleSha256)
 * // sha256hex('{"N":4,"k":2,"label":"C","salt":"00112233445566778899aabbccddeeff"}')
 */
export function computeStratumSizeCommitment(opening: StratumOpening, hash: Sha256): string {
  return hash.hex(canonicalizeJson({ label: opening.label, N: opening.N, k: opening.k, salt: opening.salt }));
}

/**
 * The commitment to a stratum's size and threshold, published with the record.
 *
 * @example computeStratumCommitment({ label: 'C', N: 4, k: 2, salt, threshold: '0.12…', thresholdCode: '91…' }, nobleSha256)
 * // sha256hex('{"N":4,"k":2,"label":"C","salt":"…","threshold":"0.12…","thresholdCode":"91…"}')
 */
export function computeStratumCommitment(opening: StratumOpening & StratumThreshold, hash: Sha256): string {
  const thresholdFields = opening.threshold === undefined || opening.thresholdCode === undefined ? {} : { threshold: opening.threshold, thresholdCode: opening.thresholdCode };
  return hash.hex(canonicalizeJson({ label: opening.label, N: opening.N, k: opening.k, ...thresholdFields, salt: opening.salt }));
}

/**
 * Pool and sample totals, the only counts a sealed task publishes.
 *
 * @example computeTotals([{ N: 4, k: 2 }, { N: 0, k: 0 }]) // { poolSize: 4, sampleSize: 2 }
 */
export function computeTotals(strata: readonly { readonly N: number; readonly k: number }[]): { poolSize: number; sampleSize: number } {
  return { poolSize: strata.reduce((sum, stratum) => sum + stratum.N, 0), sampleSize: strata.reduce((sum, stratum) => sum + stratum.k, 0) };
}

/**
 * The totals a published document states: `poolSize` and `sampleSize` of a sealed one, or
 * the sums of its strata's N and k.
 *
 * @example publishedTotals({ poolSize: 4, sampleSize: 2, strata: [{ label: 'C' }, { label: 'D' }] }) // { poolSize: 4, sampleSize: 2 }
 */
export function publishedTotals(document: {
  readonly poolSize?: number | undefined;
  readonly sampleSize?: number | undefined;
  readonly strata: readonly { readonly N?: number | undefined; readonly k?: number | undefined }[];
}): { poolSize: number; sampleSize: number } {
  return {
    poolSize: document.poolSize ?? document.strata.reduce((sum, stratum) => sum + (stratum.N ?? 0), 0),
    sampleSize: document.sampleSize ?? document.strata.reduce((sum, stratum) => sum + (stratum.k ?? 0), 0),
  };
}
