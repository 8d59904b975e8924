/**
 * The freeze commitment `suiji.draw-commitment/1` (draw/v1 section 3 step 1): what the
 * bureau publishes at freeze time, before the seed can exist. It fixes the pool
 * (`poolRoot`), the secret nonce (`nonceCommitment`), the announced source of public
 * entropy, and per stratum the label, N, ratio, minimum and k. It lists no members and no
 * thresholds, so nothing in it maps a credit code to a tier, for open and sealed tasks alike
 * (an open task's members appear in its draw record only).
 *
 * A draw record must repeat these fields exactly; `compareWithCommitment` lists where it
 * does not.
 */
import { ok, type Result } from '../result.ts';
import { compareSnapshotWithCommitment, type PublicInspectorSnapshot } from './inspector-snapshot.ts';
import { computeStratumSizes, DRAW_ALGORITHM, type DrawRecord, type PolicyIssue, type RecordTask, type Visibility } from './record.ts';

export const DRAW_COMMITMENT_FORMAT = 'suiji.draw-commitment/1';

export interface CommittedStratum {
  readonly label: string;
  readonly N: number;
  readonly ratio: string;
  readonly minimum: number;
  readonly k: number;
}

export interface DrawCommitment {
  readonly format: typeof DRAW_COMMITMENT_FORMAT;
  readonly algorithm: typeof DRAW_ALGORITHM;
  readonly visibility: Visibility;
  readonly task: RecordTask;
  readonly frozenAt: string;
  readonly poolRoot: string;
  readonly nonceCommitment: string;
  readonly entropySource: string;
  readonly strata: readonly CommittedStratum[];
  readonly exclusions: readonly { readonly reason: string; readonly count: number }[];
  /** draw/v1.1 section 8.1: the inspectors assign/v1 will use, and the hidden conflicts. */
  readonly inspectorSnapshot?: PublicInspectorSnapshot;
  readonly conflictsCommitment?: string;
}

export interface DrawCommitmentInput {
  readonly visibility: Visibility;
  readonly task: RecordTask;
  readonly frozenAt: string;
  readonly poolRoot: string;
  readonly nonceCommitment: string;
  readonly entropySource: string;
  /** Strata in the task's order, each with its pool size N. */
  readonly strata: readonly { readonly label: string; readonly N: number; readonly ratio: string; readonly minimum: number }[];
  readonly exclusions: readonly { readonly reason: string; readonly count: number }[];
  readonly inspectorSnapshot?: PublicInspectorSnapshot;
  readonly conflictsCommitment?: string;
}

/**
 * The commitment of a freeze, k computed from N, ratio and minimum (section 2).
 *
 * @example
 * buildDrawCommitment({ visibility: 'sealed', task: { code: '2027-JM-003' }, frozenAt, poolRoot,
 *   nonceCommitment, entropySource, strata: [{ label: 'A', N: 1000, ratio: '0.03', minimum: 1 }], exclusions: [] })
 * // ok({ format: 'suiji.draw-commitment/1', …, strata: [{ label: 'A', N: 1000, ratio: '0.03', minimum: 1, k: 30 }] })
 */
export function buildDrawCommitment(input: DrawCommitmentInput): Result<DrawCommitment, PolicyIssue> {
  const sizes = computeStratumSizes(input.strata.map((stratum) => ({ ...stratum, size: stratum.N })));
  if (!sizes.ok) return sizes;
  return ok({
    format: DRAW_COMMITMENT_FORMAT,
    algorithm: DRAW_ALGORITHM,
    visibility: input.visibility,
    task: input.task,
    frozenAt: input.frozenAt,
    poolRoot: input.poolRoot,
    nonceCommitment: input.nonceCommitment,
    entropySource: input.entropySource,
    strata: input.strata.map((stratum, index) => ({ label: stratum.label, N: stratum.N, ratio: stratum.ratio, minimum: stratum.minimum, k: sizes.value[index] as number })),
    exclusions: input.exclusions.map((entry) => ({ reason: entry.reason, count: entry.count })),
    ...(input.inspectorSnapshot ? { inspectorSnapshot: input.inspectorSnapshot } : {}),
    ...(input.conflictsCommitment ? { conflictsCommitment: input.conflictsCommitment } : {}),
  });
}

const stratumText = (stratum: CommittedStratum): string => `${stratum.label} N=${stratum.N} ratio=${stratum.ratio} minimum=${stratum.minimum} k=${stratum.k}`;
const exclusionsText = (entries: DrawCommitment['exclusions']): string => entries.map((entry) => `${entry.reason}=${entry.count}`).join(', ');

/**
 * Where a draw record departs from the commitment published at freeze (empty when it
 * repeats it exactly): task code, visibility, frozenAt, poolRoot, nonceCommitment,
 * entropySource, strata (label, N, ratio, minimum, k, in order), exclusion counts, and
 * (draw/v1.1) the inspector snapshot and conflicts commitment.
 *
 * @example compareWithCommitment(record, commitment) // ['poolRoot is 3f…, the commitment says 9a…']
 */
export function compareWithCommitment(record: DrawRecord, commitment: DrawCommitment): string[] {
  const problems: string[] = [];
  const field = (name: string, actual: string | undefined, committed: string): void => {
    if (actual !== committed) problems.push(`${name} is ${actual === undefined ? 'absent' : actual}, the commitment says ${committed}`);
  };
  field('task', record.task.code, commitment.task.code);
  field('visibility', record.visibility, commitment.visibility);
  field('frozenAt', record.frozenAt, commitment.frozenAt);
  field('poolRoot', record.poolRoot, commitment.poolRoot);
  field('nonceCommitment', record.nonceCommitment, commitment.nonceCommitment);
  field('entropySource', record.entropySource, commitment.entropySource);
  const recordStrata = record.strata.map((stratum) => stratumText(stratum)).join('; ');
  const committedStrata = commitment.strata.map(stratumText).join('; ');
  if (recordStrata !== committedStrata) problems.push(`strata are [${recordStrata}], the commitment says [${committedStrata}]`);
  if (record.exclusions !== undefined && exclusionsText(record.exclusions) !== exclusionsText(commitment.exclusions)) {
    problems.push(`exclusions are [${exclusionsText(record.exclusions)}], the commitment says [${exclusionsText(commitment.exclusions)}]`);
  }
  problems.push(...compareSnapshotWithCommitment(record, commitment));
  return problems;
}
