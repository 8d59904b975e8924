/**
 * The inspector snapshot of a task (draw/v1.1 section 8.1): taken from the inspector
 * directory at freeze, committed in the freeze commitment, and the only input assign/v1
 * uses at the draw and for substitutions, whatever the directory says by then.
 */
import { buildInspectorSnapshot, computeConflictsCommitment, openConflicts, type ConflictsOpening, type PublicInspectorSnapshot } from '../core/draw/inspector-snapshot.ts';
import { departmentCodeOf, resolveDepartmentReference } from '../core/department.ts';
import type { Executor } from '../persistence/database.ts';
import { listDepartments } from '../persistence/department-repository.ts';
import { listConflictsOfInspectors, listInspectorsOfDepartments } from '../persistence/inspection-repository.ts';
import { findInspectorSnapshot } from '../persistence/inspector-snapshot-repository.ts';
import { deriveSalt, type BureauKeys } from './bureau-keys.ts';
import { nodeSha256 } from './node-hash.ts';

export interface TaskInspectorSnapshot {
  readonly snapshot: PublicInspectorSnapshot;
  readonly conflictsOpening: ConflictsOpening;
  readonly conflictsCommitment: string;
}

/**
 * The salt of a task's conflicts commitment: HMAC of the server secret like the pool salts,
 * under a name no credit code can take (`inspector-conflicts` is not 18 characters).
 *
 * @example conflictsSaltOf(keys, '2027-JM-003') // 32 hex characters
 */
export function conflictsSaltOf(keys: BureauKeys, taskCode: string): string {
  return deriveSalt(keys, taskCode, 'inspector-conflicts');
}

/**
 * The snapshot of the directory now: the task's departments' inspectors, and their declared
 * conflicts with members of the pool.
 *
 * @example await takeInspectorSnapshot(db, keys, task, new Set(poolCodes)) // { snapshot, conflictsOpening, conflictsCommitment }
 */
export async function takeInspectorSnapshot(
  db: Executor,
  keys: BureauKeys,
  task: { readonly code: string; readonly qualification: string; readonly departments: readonly { department: string; teamSize: number }[] },
  poolCodes: ReadonlySet<string>,
): Promise<TaskInspectorSnapshot> {
  // A department may be named by its code in the task and by its name in older inspector rows (src/core/department.ts): both sides become the code.
  const departments = await listDepartments(db);
  const taskDepartments = task.departments.map((entry) => ({ ...entry, department: departmentCodeOf(entry.department, departments) }));
  const references = taskDepartments.flatMap((entry) => {
    const record = resolveDepartmentReference(entry.department, departments);
    return record ? [record.code, record.nameZh, record.nameEn] : [entry.department];
  });
  const inspectorRows = (await listInspectorsOfDepartments(db, references)).map((row) => ({ ...row, department: departmentCodeOf(row.department, departments) }));
  const conflicts = (await listConflictsOfInspectors(db, inspectorRows.map((row) => row.badge))).filter((row) => poolCodes.has(row.creditCode));
  const snapshot = buildInspectorSnapshot({
    qualification: task.qualification,
    departments: taskDepartments,
    inspectors: inspectorRows.map((row) => ({ inspectorId: row.badge, department: row.department, qualifications: row.qualifications, active: row.active })),
  });
  const conflictsOpening = openConflicts(
    conflictsSaltOf(keys, task.code),
    conflicts.map((row) => ({ inspectorId: row.badge, code: row.creditCode })),
  );
  return { snapshot, conflictsOpening, conflictsCommitment: computeConflictsCommitment(conflictsOpening, nodeSha256) };
}

/**
 * The snapshot committed at freeze, or undefined for a task frozen before draw/v1.1.
 *
 * @example await findCommittedInspectorSnapshot(db, '2027-JM-003')
 */
export async function findCommittedInspectorSnapshot(db: Executor, taskCode: string): Promise<TaskInspectorSnapshot | undefined> {
  const stored = await findInspectorSnapshot(db, taskCode);
  if (!stored) return undefined;
  const conflictsOpening = stored.conflictsOpening as ConflictsOpening;
  return { snapshot: stored.snapshot as PublicInspectorSnapshot, conflictsOpening, conflictsCommitment: computeConflictsCommitment(conflictsOpening, nodeSha256) };
}
