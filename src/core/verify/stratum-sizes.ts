/**
 * How a record states its strata's sizes, for the verifier's sample-size check (draw/v1
 * section 10 item 2, draw/v1.1 section 7.1): open, offline and draw/v1 sealed records give
 * N and k per stratum; a sealed record of draw/v1.1 gives only `sizeCommitment` and
 * `commitment` per stratum and the totals `poolSize` and `sampleSize`, and its audit record
 * adds N, k and the stratum salt that open both commitments.
 */
import type { Sha256 } from '../hash.ts';
import type { DrawRecord } from '../draw/record.ts';
import { computeStratumCommitment, computeStratumSizeCommitment } from '../draw/stratum-commitment.ts';

/** True when the record commits to its strata's sizes instead of publishing them (draw/v1.1 sealed). */
export function hasStratumCommitments(record: DrawRecord): boolean {
  return record.strata.some((stratum) => stratum.sizeCommitment !== undefined || stratum.commitment !== undefined);
}

/**
 * Where a record's stratum sizes, commitments and totals are missing, leak or disagree.
 *
 * @example findStratumSizeProblems(sealedPublicRecord, nobleSha256) // []
 * @example findStratumSizeProblems({ ...sealedPublicRecord, strata: [{ ...s, N: 4 }] }, nobleSha256)
 * // ['stratum C: a sealed public record publishes only the commitments to N and k']
 */
export function findStratumSizeProblems(record: DrawRecord, hash: Sha256): string[] {
  if (!hasStratumCommitments(record)) {
    return record.strata.filter((stratum) => stratum.N === undefined || stratum.k === undefined).map((stratum) => `stratum ${stratum.label} gives neither N and k nor a commitment to them`);
  }
  const problems: string[] = [];
  if (record.visibility !== 'sealed') problems.push('only a sealed record commits to its strata instead of listing them');
  if (record.poolSize === undefined || record.sampleSize === undefined) problems.push('a sealed record with stratum commitments must give poolSize and sampleSize');
  let openedN = 0;
  let openedK = 0;
  let opened = 0;
  for (const stratum of record.strata) {
    if (stratum.sizeCommitment === undefined || stratum.commitment === undefined) {
      problems.push(`stratum ${stratum.label} lacks its sizeCommitment or commitment`);
      continue;
    }
    if (stratum.salt === undefined) {
      if (stratum.N !== undefined || stratum.k !== undefined || stratum.threshold !== undefined) problems.push(`stratum ${stratum.label}: a sealed public record publishes only the commitments to N, k and the threshold`);
      continue;
    }
    if (stratum.N === undefined || stratum.k === undefined) {
      problems.push(`stratum ${stratum.label}: the audit record gives its salt but not N and k`);
      continue;
    }
    const opening = { label: stratum.label, N: stratum.N, k: stratum.k, salt: stratum.salt };
    if (computeStratumSizeCommitment(opening, hash) !== stratum.sizeCommitment) problems.push(`stratum ${stratum.label}: N, k and salt do not open sizeCommitment`);
    if (computeStratumCommitment({ ...opening, threshold: stratum.threshold, thresholdCode: stratum.thresholdCode }, hash) !== stratum.commitment) {
      problems.push(`stratum ${stratum.label}: N, k, threshold and salt do not open commitment`);
    }
    openedN += stratum.N;
    openedK += stratum.k;
    opened++;
  }
  if (opened === record.strata.length && opened > 0) {
    if (record.poolSize !== undefined && openedN !== record.poolSize) problems.push(`the strata's N add up to ${openedN}, the record's poolSize is ${record.poolSize}`);
    if (record.sampleSize !== undefined && openedK !== record.sampleSize) problems.push(`the strata's k add up to ${openedK}, the record's sampleSize is ${record.sampleSize}`);
  }
  return problems;
}
