/**
 * The freeze commitment `suiji.draw-commitment/1` (draw/v1 section 3 step 1): what the
 * bureau publishes at freeze time, before the seed can exist. It fixes the pool
 * (`poolRoot`), the secret nonce (`nonceCommitment`), the announced source of public
 * entropy with its time and the notice (`entropySource`, `entropyAt`, `notice`, draw/v1.1
 * section 3.1; commitments made before v1.1 carry the source as text only), and per stratum the label, N, ratio, minimum and k. It lists no members and no
 * thresholds, so nothing in it maps a credit code to a tier, for open and sealed tasks alike
 * (an open task's members appear in its draw record only). A sealed task (draw/v1.1 section
 * 7.1) publishes per stratum only the label, ratio, minimum and `sizeCommitment`, plus the
 * totals `poolSize` and `sampleSize`: counting a stratum could reveal its members' tier.
 *
 * A draw record must repeat these fields exactly; `compareWithCommitment` lists where it
 * does not.
 */
import { canonicalizeJson } from '../canonical-json.ts';
import { coreSha256, type Sha256 } from '../hash.ts';
import { ok, type Result } from '../result.ts';
import type { AnnouncedEntropySource } from './entropy-source.ts';
import { computeStratumSizeCommitment, computeTotals } from './stratum-commitment.ts';
import { compareSnapshotWithCommitment, type PublicInspectorSnapshot } from './inspector-snapshot.ts';
import { computeStratumSizes, DRAW_ALGORITHM, type DrawRecord, type PolicyIssue, type RecordTask, type Visibility } from './record.ts';

export const DRAW_COMMITMENT_FORMAT = 'suiji.draw-commitment/1';

export interface CommittedStratum {
  readonly label: string;
  /** Open tasks only; a sealed task commits to N and k in `sizeCommitment`. */
  readonly N?: number;
  readonly ratio: string;
  readonly minimum: number;
  readonly k?: number;
  /** Sealed tasks (draw/v1.1): sha256hex(canonical({label, N, k, salt})). */
  readonly sizeCommitment?: string;
}

export interface DrawCommitment {
  readonly format: typeof DRAW_COMMITMENT_FORMAT;
  readonly algorithm: typeof DRAW_ALGORITHM;
  readonly visibility: Visibility;
  readonly task: RecordTask;
  readonly frozenAt: string;
  readonly poolRoot: string;
  readonly nonceCommitment: string;
  readonly entropySource: AnnouncedEntropySource;
  /** draw/v1.1: the entropy's time (record time, +08:00); absent before v1.1. */
  readonly entropyAt?: string;
  /** draw/v1.1: the minimum seconds between frozenAt and entropyAt; absent before v1.1. */
  readonly notice?: number;
  /** Sealed tasks (draw/v1.1): N and k of the whole pool. */
  readonly poolSize?: number;
  readonly sampleSize?: number;
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
  readonly entropySource: AnnouncedEntropySource;
  readonly entropyAt?: string;
  readonly notice?: number;
  /** Strata in the task's order, each with its pool size N (and, for a sealed task, its secret salt). */
  readonly strata: readonly { readonly label: string; readonly N: number; readonly ratio: string; readonly minimum: number; readonly salt?: string }[];
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
export function buildDrawCommitment(input: DrawCommitmentInput, hash: Sha256 = coreSha256): Result<DrawCommitment, PolicyIssue> {
  const sizes = computeStratumSizes(input.strata.map((stratum) => ({ ...stratum, size: stratum.N })));
  if (!sizes.ok) return sizes;
  const opened = input.strata.map((stratum, index) => ({ label: stratum.label, N: stratum.N, ratio: stratum.ratio, minimum: stratum.minimum, k: sizes.value[index] as number }));
  const sealed = input.visibility === 'sealed';
  return ok({
    format: DRAW_COMMITMENT_FORMAT,
    algorithm: DRAW_ALGORITHM,
    visibility: input.visibility,
    task: input.task,
    frozenAt: input.frozenAt,
    poolRoot: input.poolRoot,
    nonceCommitment: input.nonceCommitment,
    entropySource: input.entropySource,
    ...(input.entropyAt === undefined ? {} : { entropyAt: input.entropyAt }),
    ...(input.notice === undefined ? {} : { notice: input.notice }),
    ...(sealed ? computeTotals(opened) : {}),
    strata: sealed ? input.strata.map((stratum, index) => sealedStratum(opened[index] as Required<CommittedStratum>, stratum.salt, hash)) : opened,
    exclusions: input.exclusions.map((entry) => ({ reason: entry.reason, count: entry.count })),
    ...(input.inspectorSnapshot ? { inspectorSnapshot: input.inspectorSnapshot } : {}),
    ...(input.conflictsCommitment ? { conflictsCommitment: input.conflictsCommitment } : {}),
  });
}

function sealedStratum(stratum: { label: string; N: number; ratio: string; minimum: number; k: number }, salt: string | undefined, hash: Sha256): CommittedStratum {
  if (salt === undefined) throw new Error(`sealed stratum ${stratum.label} needs its salt`);
  return { label: stratum.label, ratio: stratum.ratio, minimum: stratum.minimum, sizeCommitment: computeStratumSizeCommitment({ ...stratum, salt }, hash) };
}

/**
 * A stratum's committed fields as text. A sealed commitment carries no N and k, so they are
 * left out of the record's text too (an audit record has them; it is compared on the rest).
 */
const stratumText = (stratum: CommittedStratum, sealed: boolean): string =>
  [
    stratum.label,
    sealed ? '' : `N=${stratum.N}`,
    `ratio=${stratum.ratio}`,
    `minimum=${stratum.minimum}`,
    sealed ? '' : `k=${stratum.k}`,
    sealed ? `sizeCommitment=${stratum.sizeCommitment ?? 'absent'}` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
const exclusionsText = (entries: DrawCommitment['exclusions']): string => entries.map((entry) => `${entry.reason}=${entry.count}`).join(', ');

/**
 * Where a draw record departs from the commitment published at freeze (empty when it
 * repeats it exactly): task code, visibility, frozenAt, poolRoot, nonceCommitment,
 * entropySource, entropyAt, notice (`compareEntropyFields`), the totals of a sealed task, strata
 * (label, N, ratio, minimum, k, or for a sealed task label, ratio, minimum, sizeCommitment, in
 * order), exclusion counts, and the inspector snapshot and conflicts commitment.
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
  problems.push(...compareEntropyFields(record, commitment));
  if (record.poolSize !== undefined || commitment.poolSize !== undefined) field('poolSize', record.poolSize?.toString(), String(commitment.poolSize));
  if (record.sampleSize !== undefined || commitment.sampleSize !== undefined) field('sampleSize', record.sampleSize?.toString(), String(commitment.sampleSize));
  const sealed = commitment.strata.some((stratum) => stratum.sizeCommitment !== undefined);
  const recordStrata = record.strata.map((stratum) => stratumText(stratum, sealed)).join('; ');
  const committedStrata = commitment.strata.map((stratum) => stratumText(stratum, sealed)).join('; ');
  if (recordStrata !== committedStrata) problems.push(`strata are [${recordStrata}], the commitment says [${committedStrata}]`);
  if (record.exclusions !== undefined && exclusionsText(record.exclusions) !== exclusionsText(commitment.exclusions)) {
    problems.push(`exclusions are [${exclusionsText(record.exclusions)}], the commitment says [${exclusionsText(commitment.exclusions)}]`);
  }
  problems.push(...compareSnapshotWithCommitment(record, commitment));
  return problems;
}

const entropySourceText = (source: AnnouncedEntropySource | undefined): string | undefined => (source === undefined ? undefined : canonicalizeJson(source));

/**
 * Where a record's entropy fields (`entropySource`, `entropyAt`, `notice`) depart from the
 * commitment's; a field absent from both (a commitment made before v1.1) agrees.
 *
 * @example compareEntropyFields({ ...record, entropyAt: '2027-03-02T09:00:00+08:00' }, commitment) // ['entropyAt is 2027-03-02T09:00:00+08:00, the commitment says 2027-03-02T10:00:00+08:00']
 */
export function compareEntropyFields(
  record: Pick<DrawRecord, 'entropySource' | 'entropyAt' | 'notice'>,
  commitment: Pick<DrawCommitment, 'entropySource' | 'entropyAt' | 'notice'>,
): string[] {
  const problems: string[] = [];
  const compare = (name: string, actual: string | undefined, committed: string | undefined): void => {
    if (actual !== committed) problems.push(`${name} is ${actual ?? 'absent'}, the commitment says ${committed ?? 'nothing'}`);
  };
  compare('entropySource', entropySourceText(record.entropySource), entropySourceText(commitment.entropySource));
  compare('entropyAt', record.entropyAt, commitment.entropyAt);
  compare('notice', record.notice === undefined ? undefined : String(record.notice), commitment.notice === undefined ? undefined : String(commitment.notice));
  return problems;
}
