/**
 * The inspector snapshot of a task (draw/v1.1 section 8.1): what assign/v1 will use, fixed
 * and published at freeze, before the seed exists. The snapshot (departments with team
 * sizes, qualification, and per inspector the badge number 执法证号, department,
 * qualifications and active flag; never a name) is public; the declared conflicts (回避) stay
 * private and are published only as
 *
 *   conflictsCommitment = sha256hex(canonical({"conflicts": [{badge, code}, …], "salt": "<32 hex>"}))
 *
 * with the conflicts sorted by (badge, code). The audit record carries that object (the
 * opening) so auditors can check the commitment and re-run the assignment exactly.
 */
import { canonicalizeJson } from '../canonical-json.ts';
import type { Sha256 } from '../hash.ts';
import type { Conflict, DepartmentTeam, Inspector } from './assignment.ts';

export interface SnapshotInspector {
  readonly badge: string;
  readonly department: string;
  readonly qualifications: readonly string[];
  readonly active: boolean;
}

/** The public inspector snapshot, identical in the freeze commitment and the draw records. */
export interface PublicInspectorSnapshot {
  readonly qualification: string;
  readonly departments: readonly DepartmentTeam[];
  /** In badge order. */
  readonly inspectors: readonly SnapshotInspector[];
}

export interface RecordConflict {
  readonly badge: string;
  readonly code: string;
}

/** What `conflictsCommitment` commits to; carried by audit records only. */
export interface ConflictsOpening {
  readonly salt: string;
  /** Sorted by (badge, code), no repeats. */
  readonly conflicts: readonly RecordConflict[];
}

const byText = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);

/**
 * The public snapshot in its canonical order (inspectors by badge, qualifications as given).
 *
 * @example buildInspectorSnapshot({ qualification: 'food', departments: [{ department: '食品科', teamSize: 2 }], inspectors })
 * // { qualification: 'food', departments: [...], inspectors: [{ badge: 'SP-1', department: '食品科', qualifications: ['food'], active: true }, …] }
 */
export function buildInspectorSnapshot(input: {
  readonly qualification: string;
  readonly departments: readonly DepartmentTeam[];
  readonly inspectors: readonly Inspector[];
}): PublicInspectorSnapshot {
  return {
    qualification: input.qualification,
    departments: input.departments.map((team) => ({ department: team.department, teamSize: team.teamSize })),
    inspectors: input.inspectors
      .map((inspector) => ({ badge: inspector.inspectorId, department: inspector.department, qualifications: [...inspector.qualifications], active: inspector.active }))
      .sort((left, right) => byText(left.badge, right.badge)),
  };
}

/**
 * The opening of the conflicts commitment: the salt and the conflicts sorted by (badge, code).
 *
 * @example openConflicts('00'.repeat(16), [{ inspectorId: 'SP-2', code: 'B' }, { inspectorId: 'SP-1', code: 'A' }])
 * // { salt: '0000…', conflicts: [{ badge: 'SP-1', code: 'A' }, { badge: 'SP-2', code: 'B' }] }
 */
export function openConflicts(salt: string, conflicts: readonly Conflict[]): ConflictsOpening {
  const unique = new Map(conflicts.map((conflict) => [`${conflict.inspectorId}\u0000${conflict.code}`, { badge: conflict.inspectorId, code: conflict.code }]));
  return { salt, conflicts: [...unique.values()].sort((left, right) => byText(left.badge, right.badge) || byText(left.code, right.code)) };
}

/**
 * `sha256hex(canonical(opening))` (RFC 8785).
 *
 * @example computeConflictsCommitment({ salt, conflicts: [] }, nobleSha256) // 64 hex characters
 */
export function computeConflictsCommitment(opening: ConflictsOpening, hash: Sha256): string {
  return hash.hex(canonicalizeJson({ conflicts: opening.conflicts.map((conflict) => ({ badge: conflict.badge, code: conflict.code })), salt: opening.salt }));
}

/** The snapshot's inspectors in the shape assign/v1 takes. */
export function snapshotInspectors(snapshot: { readonly inspectors: readonly SnapshotInspector[] }): Inspector[] {
  return snapshot.inspectors.map((inspector) => ({ inspectorId: inspector.badge, department: inspector.department, qualifications: inspector.qualifications, active: inspector.active }));
}

/**
 * Where a record's inspector snapshot and conflicts commitment depart from those committed
 * at freeze (empty when the commitment has none: commitments before draw/v1.1).
 *
 * @example compareSnapshotWithCommitment(record, commitment) // ['inspectorSnapshot differs from the one committed at freeze']
 */
export function compareSnapshotWithCommitment(
  record: { readonly inspectorSnapshot?: PublicInspectorSnapshot; readonly conflictsCommitment?: string },
  commitment: { readonly inspectorSnapshot?: PublicInspectorSnapshot; readonly conflictsCommitment?: string },
): string[] {
  const problems: string[] = [];
  if (commitment.inspectorSnapshot !== undefined) {
    const committed = canonicalizeJson(buildPublicPart(commitment.inspectorSnapshot));
    const recorded = record.inspectorSnapshot === undefined ? undefined : canonicalizeJson(buildPublicPart(record.inspectorSnapshot));
    if (recorded !== committed) problems.push(`inspectorSnapshot ${recorded === undefined ? 'is absent' : 'differs from the one committed at freeze'}`);
  }
  if (commitment.conflictsCommitment !== undefined && record.conflictsCommitment !== commitment.conflictsCommitment) {
    problems.push(`conflictsCommitment is ${record.conflictsCommitment ?? 'absent'}, the commitment says ${commitment.conflictsCommitment}`);
  }
  return problems;
}

function buildPublicPart(snapshot: PublicInspectorSnapshot): PublicInspectorSnapshot {
  return { qualification: snapshot.qualification, departments: snapshot.departments, inspectors: snapshot.inspectors };
}
