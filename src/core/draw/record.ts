/**
 * Draw records `suiji.draw-record/1` and receipts `suiji.receipt/1`, draw/v1 section 11.
 *
 * One draw yields:
 * - the **audit record** (`buildDrawRecord`): everything, including every member with its
 *   stratum and salt, and the declared conflicts (`conflictsOpening`); auditors only;
 * - the **public record** (`toPublicRecord`): for an `open` task the audit record without
 *   the conflicts (the inspector snapshot and `conflictsCommitment` stay, draw/v1.1); for a
 *   `sealed` task also without `strata[].members`,
 *   `strata[].threshold(Code)` and `selected[].stratum`, so nothing maps an enterprise to a
 *   tier (信用风险分类结果不公开);
 * - one **receipt** per member (`createReceiptIssuer`): its stratum, salt, ticket, the
 *   stratum's threshold and its RFC 6962 inclusion proof against `poolRoot`.
 *
 * The pool commitment (section 6) is the RFC 6962 root over leaves `code/stratum/salt` in
 * credit-code order (`computePoolRoot`), published at freeze time.
 *
 * Anyone can reproduce an open record's selection with Python's consistent_sampler; the
 * exact commands are in docs/verify-with-python.md:
 *
 *   pip install consistent_sampler
 *   python3 -c "…sampler([m['code'] for m in s['members']], seed=r['seed'], take=s['k'], with_replacement=False, output='id')…" RECORD.json
 */
import { bytesToHex, type Sha256 } from '../hash.ts';
import { buildTextLeafMerkleTree, type MerkleTree } from '../merkle.ts';
import { err, ok, type Result } from '../result.ts';
import { assignInspectors, describeAssignmentIssue, type AssignmentIssue, type Conflict, type DepartmentTeam, type Inspector } from './assignment.ts';
import type { AnnouncedEntropySource } from './entropy-source.ts';
import { buildInspectorSnapshot, computeConflictsCommitment, openConflicts, type ConflictsOpening } from './inspector-snapshot.ts';
import { computeSampleSize, describeSampleSizeIssue, type SampleSizeIssue } from './sample-size.ts';
import { composeSeed, computeNonceCommitment, describeSeedIssue, type SeedIssue } from './seed.ts';
import { drawStrata, type DrawSelection } from './selection.ts';
import { computeStratumCommitment, computeStratumSizeCommitment, computeTotals, type StratumOpening, type StratumThreshold } from './stratum-commitment.ts';
import { compareTicketed, createTicketer } from './ticket.ts';

export const DRAW_RECORD_FORMAT = 'suiji.draw-record/1';
export const RECEIPT_FORMAT = 'suiji.receipt/1';
export const DRAW_ALGORITHM = 'draw/v1';
export const ASSIGNMENT_ALGORITHM = 'assign/v1';

export type Visibility = 'open' | 'sealed';
export type TaskTrigger = 'planned' | 'complaint' | 'referral' | 'superior_assigned';

export interface RecordTask {
  readonly code: string;
  readonly name?: string;
  readonly year?: number;
  readonly round?: number;
  readonly items?: readonly string[];
  readonly departments?: readonly string[];
  readonly trigger?: TaskTrigger;
}

export interface RecordMember {
  readonly code: string;
  /** 32 lowercase hex characters; absent in offline records (no pool commitment). */
  readonly salt?: string;
}

export interface RecordStratum {
  readonly label: string;
  /** Absent in a sealed public record of draw/v1.1: only `sizeCommitment` and `commitment` are published. */
  readonly N?: number;
  readonly ratio: string;
  readonly minimum: number;
  readonly k?: number;
  readonly threshold?: string;
  readonly thresholdCode?: string;
  /** Sealed draws (draw/v1.1): the stratum's secret salt, in the audit record only. */
  readonly salt?: string;
  /** Sealed draws (draw/v1.1): sha256hex(canonical({label, N, k, salt})), as committed at freeze. */
  readonly sizeCommitment?: string;
  /** Sealed draws (draw/v1.1): sha256hex(canonical({label, N, k, threshold, thresholdCode, salt})). */
  readonly commitment?: string;
  readonly members?: readonly RecordMember[];
}

export interface RecordSelected {
  readonly code: string;
  readonly name?: string;
  readonly stratum?: string;
  readonly ticket: string;
}

export interface RecordAssignment {
  readonly code: string;
  readonly team: readonly { readonly department: string; readonly badge: string }[];
}

/**
 * What assign/v1 used (draw/v1.1 section 8.1): committed at freeze and published in every
 * record so anyone can re-run the assignment. Badges, never names: a natural person's data
 * stays out of records. Audit records made before draw/v1.1 carried `conflicts` here (and
 * the public record no snapshot); since v1.1 the conflicts are `conflictsOpening`.
 */
export interface InspectorSnapshot {
  readonly qualification: string;
  readonly departments: readonly DepartmentTeam[];
  readonly inspectors: readonly {
    readonly badge: string;
    readonly department: string;
    readonly qualifications: readonly string[];
    readonly active: boolean;
  }[];
  readonly conflicts?: readonly { readonly badge: string; readonly code: string }[];
}

export interface DrawRecord {
  readonly format: typeof DRAW_RECORD_FORMAT;
  readonly algorithm: typeof DRAW_ALGORITHM;
  readonly assignment?: typeof ASSIGNMENT_ALGORITHM;
  readonly visibility: Visibility;
  readonly task: RecordTask;
  readonly frozenAt?: string;
  readonly poolRoot?: string;
  readonly nonceCommitment?: string;
  /** The source announced at freeze: an object from draw/v1.1 on, free text before. */
  readonly entropySource?: AnnouncedEntropySource;
  /** draw/v1.1: the entropy's time (record time, +08:00), repeated from the commitment. */
  readonly entropyAt?: string;
  /** draw/v1.1: the minimum seconds between freeze and entropyAt, repeated from the commitment. */
  readonly notice?: number;
  readonly exclusions?: readonly { readonly reason: string; readonly count: number }[];
  readonly nonce?: string;
  readonly entropy?: string;
  readonly seed: string;
  readonly drawnAt?: string;
  /** Sealed draws (draw/v1.1): the whole pool's N and k, the only counts published. */
  readonly poolSize?: number;
  readonly sampleSize?: number;
  readonly strata: readonly RecordStratum[];
  readonly selected: readonly RecordSelected[];
  readonly assignments?: readonly RecordAssignment[];
  readonly inspectorSnapshot?: InspectorSnapshot;
  /** sha256hex(canonical(conflictsOpening)), committed at freeze (draw/v1.1). */
  readonly conflictsCommitment?: string;
  /** The declared conflicts and their salt: audit records only. */
  readonly conflictsOpening?: ConflictsOpening;
}

export interface Receipt {
  readonly format: typeof RECEIPT_FORMAT;
  readonly task: string;
  readonly code: string;
  readonly stratum: string;
  readonly salt: string;
  readonly ticket: string;
  /** Absent when the stratum's k is 0. */
  readonly threshold?: string;
  readonly thresholdCode?: string;
  /** Sealed draws (draw/v1.1): the stratum's N, k and salt, opening its commitments in the record. */
  readonly N?: number;
  readonly k?: number;
  readonly stratumSalt?: string;
  readonly selected: boolean;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly proof: readonly string[];
  readonly poolRoot: string;
}

export interface PoolMember {
  readonly code: string;
  readonly stratum: string;
  readonly salt: string;
}

/**
 * The leaf text of a pool member: `code/stratum/salt`.
 *
 * @example computePoolLeaf('91350100M000100Y43', 'A', '0123456789abcdef0123456789abcdef')
 */
export function computePoolLeaf(member: PoolMember): string {
  return `${member.code}/${member.stratum}/${member.salt}`;
}

/** Credit-code order (plain code-unit order; codes are upper-case ASCII). */
export function compareCodes(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

export interface PoolTree {
  /** Members in credit-code order: leaf i is sorted[i]. */
  readonly sorted: readonly PoolMember[];
  readonly tree: MerkleTree;
  /** Lowercase hex MTH. */
  readonly root: string;
}

/**
 * The RFC 6962 tree over a pool's leaves in credit-code order (any input order).
 *
 * @example buildPoolTree(members, nodeSha256).root // poolRoot
 */
export function buildPoolTree(members: readonly PoolMember[], hash: Sha256): PoolTree {
  const sorted = [...members].sort((left, right) => compareCodes(left.code, right.code));
  const tree = buildTextLeafMerkleTree(sorted.length, (index) => computePoolLeaf(sorted[index] as PoolMember), hash);
  return { sorted, tree, root: bytesToHex(tree.root()) };
}

/**
 * The pool commitment published at freeze time (spec section 6).
 *
 * @example computePoolRoot([{ code, stratum: 'A', salt }], nodeSha256) // 64 hex characters
 */
export function computePoolRoot(members: readonly PoolMember[], hash: Sha256): string {
  return buildPoolTree(members, hash).root;
}

const saltPattern = /^[0-9a-f]{32}$/;

export interface DrawRecordInput {
  readonly task: RecordTask;
  readonly visibility: Visibility;
  readonly frozenAt: string;
  readonly entropySource: AnnouncedEntropySource;
  /** Given with a scheduled source (draw/v1.1); absent for a task frozen before v1.1. */
  readonly entropyAt?: string;
  readonly notice?: number;
  readonly exclusions: readonly { readonly reason: string; readonly count: number }[];
  /** The nonce committed at freeze time (64 lowercase hex), revealed now. */
  readonly nonce: string;
  readonly entropy: string;
  readonly drawnAt: string;
  /** The frozen strata; members in any order, codes already validated. */
  readonly strata: readonly {
    readonly label: string;
    readonly ratio: string;
    readonly minimum: number;
    /** The stratum's secret salt (32 lowercase hex); required for a sealed task (draw/v1.1 section 7.1). */
    readonly salt?: string;
    readonly members: readonly { readonly code: string; readonly salt: string }[];
  }[];
  /** Enterprise names for the selected list (public information); optional. */
  readonly names?: ReadonlyMap<string, string>;
  /**
   * When present, assign/v1 runs on this snapshot (the one committed at freeze); every
   * record carries the snapshot and `conflictsCommitment`, the audit record the conflicts.
   */
  readonly assignment?: {
    readonly qualification: string;
    readonly departments: readonly DepartmentTeam[];
    readonly inspectors: readonly Inspector[];
    readonly conflicts: readonly Conflict[];
    /** 32 lowercase hex characters, from the server secret. */
    readonly conflictsSalt: string;
  };
  /** The poolRoot published at freeze; the draw refuses a pool that does not match it. */
  readonly expectedPoolRoot?: string;
}

export type DrawRecordIssue =
  | { readonly code: 'invalid_seed'; readonly issue: SeedIssue }
  | { readonly code: 'invalid_policy'; readonly stratum: string; readonly issue: SampleSizeIssue }
  | { readonly code: 'duplicate_stratum'; readonly stratum: string }
  | { readonly code: 'duplicate_member'; readonly enterprise: string; readonly strata: readonly string[] }
  | { readonly code: 'invalid_salt'; readonly enterprise: string }
  | { readonly code: 'pool_root_mismatch'; readonly expected: string; readonly actual: string }
  | { readonly code: 'assignment_failed'; readonly issue: AssignmentIssue };

export type PoolStructureIssue = Extract<DrawRecordIssue, { code: 'duplicate_stratum' | 'duplicate_member' }>;
export type PolicyIssue = Extract<DrawRecordIssue, { code: 'invalid_policy' }>;

/**
 * Rejects repeated labels and codes present twice (naming the code and both strata).
 *
 * @example findPoolStructureIssue([{ label: 'A', codes: [x] }, { label: 'B', codes: [x] }])
 * // { code: 'duplicate_member', enterprise: x, strata: ['A', 'B'] }
 */
export function findPoolStructureIssue(strata: readonly { readonly label: string; readonly codes: readonly string[] }[]): PoolStructureIssue | undefined {
  // A Map of a million fresh strings measured seconds; a sorted array of 53-bit fingerprints
  // takes a fraction of that. Equal codes have equal fingerprints, so only codes whose
  // fingerprint repeats (true duplicates and rare collisions) go through the exact pass.
  const total = strata.reduce((sum, stratum) => sum + stratum.codes.length, 0);
  const fingerprints = new Float64Array(total);
  let at = 0;
  for (const stratum of strata) for (const code of stratum.codes) fingerprints[at++] = fingerprintOf(code);
  const sorted = fingerprints.slice().sort();
  const repeated = new Set<number>();
  for (let index = 1; index < sorted.length; index++) if (sorted[index] === sorted[index - 1]) repeated.add(sorted[index] as number);
  const labels = new Set<string>();
  const stratumOf = new Map<string, string>();
  at = 0;
  for (const stratum of strata) {
    if (labels.has(stratum.label)) return { code: 'duplicate_stratum', stratum: stratum.label };
    labels.add(stratum.label);
    for (const code of stratum.codes) {
      if (!repeated.has(fingerprints[at++] as number)) continue;
      const previous = stratumOf.get(code);
      if (previous !== undefined) return { code: 'duplicate_member', enterprise: code, strata: [previous, stratum.label] };
      stratumOf.set(code, stratum.label);
    }
  }
  return undefined;
}

/** Two 32-bit FNV-1a style hashes of a string's code units, combined into 53 bits. */
function fingerprintOf(text: string): number {
  let first = 0x811c9dc5;
  let second = 0x01000193;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    first = Math.imul(first ^ unit, 0x01000193);
    second = Math.imul(second ^ unit, 0x5bd1e995) ^ (second >>> 15);
  }
  return (first >>> 0) * 0x200000 + (second >>> 11);
}

/**
 * Sample sizes per stratum, or the first policy issue.
 *
 * @example computeStratumSizes([{ label: 'A', ratio: '0.03', minimum: 1, size: 1000 }]) // ok([30])
 */
export function computeStratumSizes(
  strata: readonly { readonly label: string; readonly ratio: string; readonly minimum: number; readonly size: number }[],
): Result<number[], PolicyIssue> {
  const sizes: number[] = [];
  for (const stratum of strata) {
    const k = computeSampleSize(stratum.size, stratum);
    if (!k.ok) return err({ code: 'invalid_policy', stratum: stratum.label, issue: k.error });
    sizes.push(k.value);
  }
  return ok(sizes);
}

function selectedEntries(selection: DrawSelection, names: ReadonlyMap<string, string> | undefined): RecordSelected[] {
  return selection.selected.map((member) => {
    const name = names?.get(member.code);
    return name === undefined
      ? { code: member.code, stratum: member.stratum, ticket: member.ticket }
      : { code: member.code, name, stratum: member.stratum, ticket: member.ticket };
  });
}

function thresholdFields(selection: DrawSelection, index: number): { threshold?: string; thresholdCode?: string } {
  const stratum = selection.strata[index];
  return stratum?.threshold === undefined ? {} : { threshold: stratum.threshold, thresholdCode: stratum.thresholdCode as string };
}

/** A sealed stratum's salt and its two commitments (draw/v1.1 section 7.1); the salt stays in the audit record. */
function sealedStratumFields(opening: StratumOpening, threshold: StratumThreshold, hash: Sha256): Pick<RecordStratum, 'salt' | 'sizeCommitment' | 'commitment'> {
  return { salt: opening.salt, sizeCommitment: computeStratumSizeCommitment(opening, hash), commitment: computeStratumCommitment({ ...opening, ...threshold }, hash) };
}

/**
 * The audit record of a draw (everything; spec sections 2-8 and 11). The database layer
 * loads the frozen pool, calls this once, then stores `toPublicRecord(audit)`, the audit
 * record and the receipts in one transaction.
 *
 * @example
 * const audit = buildDrawRecord({ task, visibility: 'sealed', frozenAt, entropySource,
 *   exclusions, nonce, entropy: '3.6.1.5.2.4', drawnAt, strata, assignment, expectedPoolRoot }, nodeSha256);
 * if (!audit.ok) return audit; // e.g. { code: 'assignment_failed', issue: { code: 'not_enough_inspectors', enterprise, department, … } }
 */
export function buildDrawRecord(input: DrawRecordInput, hash: Sha256): Result<DrawRecord, DrawRecordIssue> {
  const seed = composeSeed(input.nonce, input.entropy);
  if (!seed.ok) return err({ code: 'invalid_seed', issue: seed.error });
  const structure = findPoolStructureIssue(input.strata.map((stratum) => ({ label: stratum.label, codes: stratum.members.map((member) => member.code) })));
  if (structure) return err(structure);
  for (const stratum of input.strata) {
    const bad = stratum.members.find((member) => !saltPattern.test(member.salt));
    if (bad) return err({ code: 'invalid_salt', enterprise: bad.code });
    if (input.visibility === 'sealed' && (stratum.salt === undefined || !saltPattern.test(stratum.salt))) throw new Error(`sealed stratum ${stratum.label} needs its 32-hex salt`);
  }
  const sizes = computeStratumSizes(input.strata.map((stratum) => ({ ...stratum, size: stratum.members.length })));
  if (!sizes.ok) return sizes;

  const pool = buildPoolTree(
    input.strata.flatMap((stratum) => stratum.members.map((member) => ({ code: member.code, stratum: stratum.label, salt: member.salt }))),
    hash,
  );
  if (input.expectedPoolRoot !== undefined && input.expectedPoolRoot !== pool.root) {
    return err({ code: 'pool_root_mismatch', expected: input.expectedPoolRoot, actual: pool.root });
  }

  const selection = drawStrata(
    seed.value,
    input.strata.map((stratum, index) => ({ label: stratum.label, codes: stratum.members.map((member) => member.code), k: sizes.value[index] as number })),
    hash,
  );

  let assignmentFields: Pick<DrawRecord, 'assignment' | 'assignments' | 'inspectorSnapshot' | 'conflictsCommitment' | 'conflictsOpening'> = {};
  if (input.assignment) {
    const assigned = assignInspectors({ seed: seed.value, selected: selection.selected.map((member) => member.code), ...input.assignment }, hash);
    if (!assigned.ok) return err({ code: 'assignment_failed', issue: assigned.error });
    const conflictsOpening = openConflicts(input.assignment.conflictsSalt, input.assignment.conflicts);
    assignmentFields = {
      assignment: ASSIGNMENT_ALGORITHM,
      assignments: assigned.value.map((entry) => ({
        code: entry.code,
        team: entry.team.map((member) => ({ department: member.department, badge: member.inspectorId })),
      })),
      inspectorSnapshot: buildInspectorSnapshot(input.assignment),
      conflictsCommitment: computeConflictsCommitment(conflictsOpening, hash),
      conflictsOpening,
    };
  }

  const strata: RecordStratum[] = input.strata.map((stratum, index) => {
    const opened = { label: stratum.label, N: stratum.members.length, k: sizes.value[index] as number };
    const threshold = thresholdFields(selection, index);
    return {
      label: stratum.label,
      N: opened.N,
      ratio: stratum.ratio,
      minimum: stratum.minimum,
      k: opened.k,
      ...threshold,
      ...(input.visibility === 'sealed' ? sealedStratumFields({ ...opened, salt: stratum.salt as string }, threshold, hash) : {}),
      members: stratum.members
        .map((member) => ({ code: member.code, salt: member.salt }))
        .sort((left, right) => compareCodes(left.code, right.code)),
    };
  });

  return ok({
    format: DRAW_RECORD_FORMAT,
    algorithm: DRAW_ALGORITHM,
    ...(assignmentFields.assignment ? { assignment: assignmentFields.assignment } : {}),
    visibility: input.visibility,
    task: input.task,
    frozenAt: input.frozenAt,
    poolRoot: pool.root,
    nonceCommitment: computeNonceCommitment(input.nonce, hash),
    entropySource: input.entropySource,
    ...(input.entropyAt === undefined ? {} : { entropyAt: input.entropyAt }),
    ...(input.notice === undefined ? {} : { notice: input.notice }),
    exclusions: input.exclusions,
    nonce: input.nonce,
    entropy: input.entropy,
    seed: seed.value,
    drawnAt: input.drawnAt,
    ...(input.visibility === 'sealed' ? computeTotals(strata as { N: number; k: number }[]) : {}),
    strata,
    selected: selectedEntries(selection, input.names),
    ...(assignmentFields.assignments ? { assignments: assignmentFields.assignments, inspectorSnapshot: assignmentFields.inspectorSnapshot, conflictsCommitment: assignmentFields.conflictsCommitment, conflictsOpening: assignmentFields.conflictsOpening } : {}),
  });
}

/**
 * The record the public sees (spec sections 7 and 11): open → the audit record without the
 * declared conflicts (the snapshot and `conflictsCommitment` stay: draw/v1.1); sealed →
 * also without members, thresholds, selected strata, and per-stratum N, k and salt, leaving
 * the stratum commitments and the totals.
 *
 * @example toPublicRecord(audit).strata[0] // sealed: { label, ratio, minimum, sizeCommitment, commitment }
 */
export function toPublicRecord(record: DrawRecord): DrawRecord {
  const { conflictsOpening: _conflicts, inspectorSnapshot, ...withoutConflicts } = record;
  // A pre-v1.1 audit snapshot holds the conflicts themselves: then it stays out entirely.
  const withoutSnapshot = inspectorSnapshot === undefined || inspectorSnapshot.conflicts !== undefined ? withoutConflicts : { ...withoutConflicts, inspectorSnapshot };
  if (record.visibility === 'open') return withoutSnapshot;
  return {
    ...withoutSnapshot,
    strata: record.strata.map((stratum) =>
      stratum.commitment === undefined
        ? { label: stratum.label, N: stratum.N, ratio: stratum.ratio, minimum: stratum.minimum, k: stratum.k }
        : { label: stratum.label, ratio: stratum.ratio, minimum: stratum.minimum, sizeCommitment: stratum.sizeCommitment, commitment: stratum.commitment },
    ),
    selected: record.selected.map((member) => (member.name === undefined ? { code: member.code, ticket: member.ticket } : { code: member.code, name: member.name, ticket: member.ticket })),
  };
}

/** What a receipt is made of: the member, its stratum's published draw fields, its ticket and its inclusion proof. */
export interface ReceiptParts {
  readonly task: string;
  readonly member: PoolMember;
  readonly stratum: Pick<RecordStratum, 'threshold' | 'thresholdCode' | 'salt' | 'N' | 'k'>;
  readonly ticket: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** Lowercase hex siblings, bottom-up. */
  readonly proof: readonly string[];
  readonly poolRoot: string;
}

/**
 * A receipt `suiji.receipt/1` from its parts, fields in the one order every receipt has
 * (issued at the draw or built on request: the same JSON text).
 *
 * @example assembleReceipt({ task: '2027-JM-003', member, stratum, ticket, leafIndex: 4, treeSize: 9, proof, poolRoot }).selected
 */
export function assembleReceipt(parts: ReceiptParts): Receipt {
  const { member, stratum, ticket } = parts;
  const threshold = stratum.threshold === undefined || stratum.thresholdCode === undefined ? undefined : { ticket: stratum.threshold, code: stratum.thresholdCode };
  return {
    format: RECEIPT_FORMAT,
    task: parts.task,
    code: member.code,
    stratum: member.stratum,
    salt: member.salt,
    ticket,
    ...(threshold ? { threshold: threshold.ticket, thresholdCode: threshold.code } : {}),
    ...(stratum.salt === undefined ? {} : { N: stratum.N as number, k: stratum.k as number, stratumSalt: stratum.salt }),
    selected: threshold !== undefined && compareTicketed({ code: member.code, ticket }, threshold) <= 0,
    leafIndex: parts.leafIndex,
    treeSize: parts.treeSize,
    proof: parts.proof,
    poolRoot: parts.poolRoot,
  };
}

export interface ReceiptIssuer {
  /** The receipt of one pool member, or undefined when the code is not in the pool. */
  receiptFor(code: string): Receipt | undefined;
  /** Every member's receipt, in credit-code order, one at a time. */
  receipts(): Generator<Receipt>;
}

/**
 * Receipts from an audit (or open) record carrying members, salts and `poolRoot`. Builds
 * the pool tree once (≈ 64 MB per million members), then each receipt costs one ticket and
 * a lookup of ⌈log2 N⌉ stored nodes.
 *
 * @example createReceiptIssuer(audit, nodeSha256).receiptFor('91350100M000100Y43')?.selected
 */
export function createReceiptIssuer(record: DrawRecord, hash: Sha256): ReceiptIssuer {
  if (record.poolRoot === undefined) throw new Error('receipts need a record with a poolRoot');
  const members: PoolMember[] = [];
  for (const stratum of record.strata) {
    if (!stratum.members) throw new Error(`stratum ${stratum.label} lists no members: receipts need the audit record`);
    for (const member of stratum.members) {
      if (member.salt === undefined) throw new Error(`member ${member.code} has no salt`);
      members.push({ code: member.code, stratum: stratum.label, salt: member.salt });
    }
  }
  const pool = buildPoolTree(members, hash);
  if (pool.root !== record.poolRoot) throw new Error(`record's members give pool root ${pool.root}, not ${record.poolRoot}`);
  const poolRoot = pool.root;
  const indexOf = new Map(pool.sorted.map((member, index) => [member.code, index]));
  const strata = new Map(record.strata.map((stratum) => [stratum.label, stratum]));
  const ticketer = createTicketer(record.seed, hash);

  const receiptAt = (leafIndex: number): Receipt => {
    const member = pool.sorted[leafIndex] as PoolMember;
    return assembleReceipt({
      task: record.task.code,
      member,
      stratum: strata.get(member.stratum) as RecordStratum,
      ticket: ticketer.ticket(member.code),
      leafIndex,
      treeSize: pool.tree.size,
      proof: pool.tree.inclusionProofHex(leafIndex),
      poolRoot,
    });
  };

  return {
    receiptFor(code) {
      const index = indexOf.get(code);
      return index === undefined ? undefined : receiptAt(index);
    },
    *receipts() {
      for (let index = 0; index < pool.sorted.length; index++) yield receiptAt(index);
    },
  };
}

/** A one-line English reason for a record-building issue. */
export function describeDrawRecordIssue(issue: DrawRecordIssue): string {
  switch (issue.code) {
    case 'invalid_seed':
      return describeSeedIssue(issue.issue);
    case 'invalid_policy':
      return `stratum ${issue.stratum}: ${describeSampleSizeIssue(issue.issue)}`;
    case 'duplicate_stratum':
      return `stratum ${issue.stratum} is listed twice`;
    case 'duplicate_member':
      return new Set(issue.strata).size === 1
        ? `enterprise ${issue.enterprise} is listed twice in stratum ${issue.strata[0] ?? ''}; every member is listed once`
        : `enterprise ${issue.enterprise} is in strata ${issue.strata.join(' and ')}; every member is in exactly one stratum`;
    case 'invalid_salt':
      return `enterprise ${issue.enterprise} has a salt that is not 32 lowercase hex characters`;
    case 'pool_root_mismatch':
      return `the pool gives root ${issue.actual}, but ${issue.expected} was published at freeze time`;
    case 'assignment_failed':
      return `inspector assignment failed: ${describeAssignmentIssue(issue.issue)}`;
  }
}
