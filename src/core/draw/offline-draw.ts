/**
 * Offline draws (`suiji draw --pool POOL.json --seed SEED`): no database, no nonce, no
 * salts. The pool file is
 *
 *   {"task": "2027-JM-003", "strata": [{"label": "A", "ratio": "0.03", "minimum": 1,
 *     "members": ["<credit code>", …]}, …]}
 *
 * and the result is a bare, unsigned open record (spec sections 9 and 11): `format`,
 * `algorithm`, `visibility: "open"`, `task` (code only), `seed`, `strata` with members and
 * `selected`; fields an offline draw cannot know (poolRoot, nonce, salts…) are absent.
 */
import { describeCreditCodeIssue, validateCreditCode, type CreditCodeIssue } from '../credit-code.ts';
import type { Sha256 } from '../hash.ts';
import { err, ok, type Result } from '../result.ts';
import { describeDrawRecordIssue, compareCodes, computeStratumSizes, DRAW_ALGORITHM, DRAW_RECORD_FORMAT, findPoolStructureIssue, type DrawRecord, type RecordStratum } from './record.ts';
import { describeSampleSizeIssue, parseRatio, type SampleSizeIssue } from './sample-size.ts';
import { describeSeedIssue, validateSeed, type SeedIssue } from './seed.ts';
import { drawStrata, type DrawSelection } from './selection.ts';

export interface OfflinePool {
  readonly task: string;
  readonly strata: readonly {
    readonly label: string;
    readonly ratio: string;
    readonly minimum: number;
    /** Normalised credit codes (upper case, trimmed). */
    readonly members: readonly string[];
  }[];
}

export type PoolIssue =
  | { readonly code: 'invalid_shape'; readonly path: string; readonly expected: string }
  | { readonly code: 'invalid_policy'; readonly stratum: string; readonly issue: SampleSizeIssue }
  | { readonly code: 'invalid_credit_code'; readonly stratum: string; readonly index: number; readonly value: string; readonly issue: CreditCodeIssue }
  | { readonly code: 'duplicate_stratum'; readonly stratum: string }
  | { readonly code: 'duplicate_member'; readonly enterprise: string; readonly strata: readonly string[] }
  | { readonly code: 'invalid_seed'; readonly issue: SeedIssue };

const labelPattern = /^[\x21-\x7e]{1,32}$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates a parsed pool file. Every problem is reported, each naming the stratum and,
 * for members, the offending code and its index.
 *
 * @example parseOfflinePool(JSON.parse(text)) // ok({ task, strata }) or err([{ code: 'invalid_credit_code', … }])
 */
export function parseOfflinePool(value: unknown): Result<OfflinePool, PoolIssue[]> {
  const issues: PoolIssue[] = [];
  if (!isRecord(value)) return err([{ code: 'invalid_shape', path: '$', expected: 'an object {"task": …, "strata": […]}' }]);
  if (typeof value.task !== 'string' || value.task.length === 0) issues.push({ code: 'invalid_shape', path: '$.task', expected: 'a non-empty string' });
  if (!Array.isArray(value.strata) || value.strata.length === 0) {
    issues.push({ code: 'invalid_shape', path: '$.strata', expected: 'a non-empty array of strata' });
    return err(issues);
  }
  const strata: OfflinePool['strata'][number][] = [];
  value.strata.forEach((stratum: unknown, stratumIndex: number) => {
    const path = `$.strata[${stratumIndex}]`;
    if (!isRecord(stratum)) {
      issues.push({ code: 'invalid_shape', path, expected: 'an object {"label", "ratio", "minimum", "members"}' });
      return;
    }
    const label = typeof stratum.label === 'string' && labelPattern.test(stratum.label) ? stratum.label : undefined;
    if (label === undefined) issues.push({ code: 'invalid_shape', path: `${path}.label`, expected: 'a label of 1-32 printable ASCII characters without spaces' });
    const name = label ?? `#${stratumIndex + 1}`;
    const ratio = parseRatio(stratum.ratio);
    if (!ratio.ok) issues.push({ code: 'invalid_policy', stratum: name, issue: ratio.error });
    const minimum = stratum.minimum ?? 0;
    if (typeof minimum !== 'number' || !Number.isSafeInteger(minimum) || minimum < 0) {
      issues.push({ code: 'invalid_policy', stratum: name, issue: { code: 'invalid_minimum', minimum } });
    }
    if (!Array.isArray(stratum.members)) {
      issues.push({ code: 'invalid_shape', path: `${path}.members`, expected: 'an array of credit codes' });
      return;
    }
    const given: unknown[] = stratum.members;
    const members: string[] = [];
    for (let index = 0; index < given.length; index++) {
      const member = given[index];
      if (typeof member !== 'string') {
        issues.push({ code: 'invalid_shape', path: `${path}.members[${index}]`, expected: 'a credit code string' });
        continue;
      }
      const parsed = validateCreditCode(member);
      if (parsed.ok) members.push(parsed.value);
      else issues.push({ code: 'invalid_credit_code', stratum: name, index, value: member, issue: parsed.error });
    }
    if (label !== undefined && ratio.ok && typeof minimum === 'number') strata.push({ label, ratio: stratum.ratio as string, minimum, members });
  });
  if (issues.length > 0) return err(issues);
  const structure = findPoolStructureIssue(strata.map((stratum) => ({ label: stratum.label, codes: stratum.members })));
  if (structure) return err([structure]);
  const pool = { task: value.task as string, strata };
  structurallyChecked.add(pool);
  return ok(pool);
}

// Pools parseOfflinePool returned: their duplicate check (a pass over every member) is not repeated by drawOfflinePool.
const structurallyChecked = new WeakSet<OfflinePool>();

/** The codes in credit-code order: the same array when already sorted (pool files usually are), else a sorted copy. */
function inCodeOrder(codes: readonly string[]): readonly string[] {
  for (let index = 1; index < codes.length; index++) {
    if ((codes[index - 1] as string) >= (codes[index] as string)) return [...codes].sort(compareCodes);
  }
  return codes;
}

/**
 * Draws an offline pool with a seed and returns the bare open record.
 *
 * @example drawOfflinePool(pool, '01382438112797316654', nodeSha256) // ok({ format: 'suiji.draw-record/1', … })
 */
export function drawOfflinePool(pool: OfflinePool, seed: string, hash: Sha256): Result<DrawRecord, PoolIssue> {
  const checkedSeed = validateSeed(seed);
  if (!checkedSeed.ok) return err({ code: 'invalid_seed', issue: checkedSeed.error });
  const structure = structurallyChecked.has(pool) ? undefined : findPoolStructureIssue(pool.strata.map((stratum) => ({ label: stratum.label, codes: stratum.members })));
  if (structure) return err(structure);
  const sizes = computeStratumSizes(pool.strata.map((stratum) => ({ ...stratum, size: stratum.members.length })));
  if (!sizes.ok) return sizes;
  const selection = drawStrata(
    seed,
    pool.strata.map((stratum, index) => ({ label: stratum.label, codes: stratum.members, k: sizes.value[index] as number })),
    hash,
  );
  return ok(assembleOfflineRecord(pool, seed, sizes.value, selection, (index) => inCodeOrder(pool.strata[index]?.members ?? []).map((code) => ({ code }))));
}

/** An offline record whose strata list their members as `M` (objects, or codes still in a file's bytes). */
export type OfflineRecordOf<M> = Omit<DrawRecord, 'strata'> & { readonly strata: readonly (Omit<RecordStratum, 'members'> & { readonly members: M })[] };

/**
 * The bare open record of a drawn offline pool, fields in the record's order; `membersOf`
 * gives stratum i's members in credit-code order.
 *
 * @example assembleOfflineRecord(pool, seed, [2, 5], drawStrata(seed, strata, coreSha256), (index) => sortedMembers[index])
 */
export function assembleOfflineRecord<M>(
  pool: { readonly task: string; readonly strata: readonly { readonly label: string; readonly ratio: string; readonly minimum: number; readonly members: { readonly length: number } }[] },
  seed: string,
  sizes: readonly number[],
  selection: DrawSelection,
  membersOf: (index: number) => M,
): OfflineRecordOf<M> {
  return {
    format: DRAW_RECORD_FORMAT,
    algorithm: DRAW_ALGORITHM,
    visibility: 'open',
    task: { code: pool.task },
    seed,
    strata: pool.strata.map((stratum, index) => {
      const drawn = selection.strata[index];
      return {
        label: stratum.label,
        N: stratum.members.length,
        ratio: stratum.ratio,
        minimum: stratum.minimum,
        k: sizes[index] as number,
        ...(drawn?.threshold === undefined ? {} : { threshold: drawn.threshold, thresholdCode: drawn.thresholdCode as string }),
        members: membersOf(index),
      };
    }),
    selected: selection.selected.map((member) => ({ code: member.code, stratum: member.stratum, ticket: member.ticket })),
  };
}

/** A one-line English reason for a pool issue. */
export function describePoolIssue(issue: PoolIssue): string {
  switch (issue.code) {
    case 'invalid_shape':
      return `${issue.path} must be ${issue.expected}`;
    case 'invalid_policy':
      return `stratum ${issue.stratum}: ${describeSampleSizeIssue(issue.issue)}`;
    case 'invalid_credit_code':
      return `stratum ${issue.stratum}, member ${issue.index + 1}: ${JSON.stringify(issue.value)} is not a valid credit code: ${describeCreditCodeIssue(issue.issue)}`;
    case 'duplicate_stratum':
    case 'duplicate_member':
      return describeDrawRecordIssue(issue);
    case 'invalid_seed':
      return describeSeedIssue(issue.issue);
  }
}
