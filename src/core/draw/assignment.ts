/**
 * Inspector assignment `assign/v1`, draw/v1 section 8 (执法人员随机匹配, with recusal 回避 for
 * declared conflicts and balanced load).
 *
 *   pairTicket(code, inspectorId) = ticket of sha256hex(sha256hex(seed + "/assign") + code + "/" + inspectorId)
 *
 * For each selected enterprise in draw order, for each department in the task's order, the
 * candidates are that department's active inspectors holding the qualification, without a
 * declared conflict with the enterprise and not already on its team; the `teamSize` with
 * the smallest (load, pairTicket, inspectorId) join the team and their load grows by one.
 */
import type { Sha256 } from '../hash.ts';
import { err, ok, type Result } from '../result.ts';
import { computeTicketFromDigest } from './ticket.ts';

export interface Inspector {
  /** Badge number (执法证号): the inspector's identity in draws. */
  readonly inspectorId: string;
  readonly department: string;
  readonly qualifications: readonly string[];
  readonly active: boolean;
}

export interface Conflict {
  readonly inspectorId: string;
  readonly code: string;
}

export interface DepartmentTeam {
  readonly department: string;
  readonly teamSize: number;
}

export interface AssignmentInput {
  readonly seed: string;
  /** Selected credit codes in draw order. */
  readonly selected: readonly string[];
  readonly inspectors: readonly Inspector[];
  readonly conflicts: readonly Conflict[];
  /** The task's departments in its listed order, each with its team size. */
  readonly departments: readonly DepartmentTeam[];
  readonly qualification: string;
}

export interface TeamMember {
  readonly department: string;
  readonly inspectorId: string;
}

export interface Assignment {
  readonly code: string;
  readonly team: readonly TeamMember[];
}

export type AssignmentIssue =
  | { readonly code: 'team_too_small'; readonly total: number }
  | { readonly code: 'invalid_team_size'; readonly department: string; readonly teamSize: number }
  | { readonly code: 'duplicate_department'; readonly department: string }
  | {
      readonly code: 'not_enough_inspectors';
      /** The enterprise's credit code. */
      readonly enterprise: string;
      readonly department: string;
      readonly needed: number;
      readonly available: number;
    };

/**
 * The pair ticket ordering inspectors for one enterprise (same form as a draw ticket).
 *
 * @example computePairTicket(seed, '91350100M000100Y43', 'FJ-0001', nobleSha256) // '0.…'
 */
export function computePairTicket(seed: string, code: string, inspectorId: string, hash: Sha256): string {
  return computeTicketFromDigest(hash.prefixed(hash.hex(`${seed}/assign`))(`${code}/${inspectorId}`));
}

/**
 * Assigns a team to every selected enterprise (assign/v1). Fails, naming the enterprise and
 * the department, when a department has fewer eligible inspectors than its team size.
 *
 * @example
 * assignInspectors({ seed, selected: ['91…'], inspectors, conflicts: [], qualification: 'food',
 *   departments: [{ department: '食品安全科', teamSize: 2 }] }, nobleSha256)
 * // ok([{ code: '91…', team: [{ department: '食品安全科', inspectorId: 'FJ-0003' }, …] }])
 */
export function assignInspectors(input: AssignmentInput, hash: Sha256): Result<Assignment[], AssignmentIssue> {
  const seen = new Set<string>();
  let total = 0;
  for (const { department, teamSize } of input.departments) {
    if (seen.has(department)) return err({ code: 'duplicate_department', department });
    seen.add(department);
    if (!Number.isSafeInteger(teamSize) || teamSize < 1) return err({ code: 'invalid_team_size', department, teamSize });
    total += teamSize;
  }
  if (total < 2) return err({ code: 'team_too_small', total });

  const pairDigest = hash.prefixed(hash.hex(`${input.seed}/assign`));
  const eligibleByDepartment = new Map<string, Inspector[]>();
  for (const { department } of input.departments) {
    eligibleByDepartment.set(
      department,
      input.inspectors.filter((inspector) => inspector.active && inspector.department === department && inspector.qualifications.includes(input.qualification)),
    );
  }
  const conflicts = new Set(input.conflicts.map((conflict) => `${conflict.inspectorId}\u0000${conflict.code}`));
  const load = new Map<string, number>();

  const assignments: Assignment[] = [];
  for (const code of input.selected) {
    const team: TeamMember[] = [];
    const onTeam = new Set<string>();
    for (const { department, teamSize } of input.departments) {
      const candidates = (eligibleByDepartment.get(department) ?? [])
        .filter((inspector) => !onTeam.has(inspector.inspectorId) && !conflicts.has(`${inspector.inspectorId}\u0000${code}`))
        .map((inspector) => ({
          inspectorId: inspector.inspectorId,
          load: load.get(inspector.inspectorId) ?? 0,
          pairTicket: computeTicketFromDigest(pairDigest(`${code}/${inspector.inspectorId}`)),
        }));
      if (candidates.length < teamSize) {
        return err({ code: 'not_enough_inspectors', enterprise: code, department, needed: teamSize, available: candidates.length });
      }
      candidates.sort(
        (left, right) =>
          left.load - right.load ||
          (left.pairTicket < right.pairTicket ? -1 : left.pairTicket > right.pairTicket ? 1 : 0) ||
          (left.inspectorId < right.inspectorId ? -1 : left.inspectorId > right.inspectorId ? 1 : 0),
      );
      for (const chosen of candidates.slice(0, teamSize)) {
        team.push({ department, inspectorId: chosen.inspectorId });
        onTeam.add(chosen.inspectorId);
        load.set(chosen.inspectorId, chosen.load + 1);
      }
    }
    assignments.push({ code, team });
  }
  return ok(assignments);
}

/** A one-line English reason for an assignment issue. */
export function describeAssignmentIssue(issue: AssignmentIssue): string {
  switch (issue.code) {
    case 'team_too_small':
      return `a team needs at least 2 inspectors in total, the task asks for ${issue.total}`;
    case 'invalid_team_size':
      return `team size ${issue.teamSize} for department ${issue.department} must be an integer ≥ 1`;
    case 'duplicate_department':
      return `department ${issue.department} is listed twice`;
    case 'not_enough_inspectors':
      return `enterprise ${issue.enterprise} needs ${issue.needed} inspector(s) from department ${issue.department}, but only ${issue.available} are active, qualified and free of declared conflicts`;
  }
}
