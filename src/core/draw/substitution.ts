/**
 * Inspector substitution (执法人员替换), draw/v1.1 section 8.2: after the draw, an inspector
 * leaves one enterprise's team (illness 病假, recusal 回避, or another stated reason) and
 * assign/v1 draws the replacement from the committed snapshot with the same seed and the
 * task's substitution counter n (1, 2, … over the task):
 *
 *   substitutionTicket(n, code, badge) = ticket of sha256hex(sha256hex(seed + "/assign/substitution/" + n) + code + "/" + badge)
 *
 * Candidates: the leaving inspector's department's active inspectors holding the task's
 * qualification, not on the team before the substitution, not the leaving one, without a
 * declared conflict with the enterprise; the one with the smallest (load, substitutionTicket,
 * badge) replaces the leaving inspector in place. `load` is the number of teams of the
 * draw record an inspector is on (substitutions do not change it, so any substitution is
 * checkable from the draw record and the team it changes).
 */
import type { Sha256 } from '../hash.ts';
import { err, ok, type Result } from '../result.ts';
import type { ConflictsOpening, PublicInspectorSnapshot } from './inspector-snapshot.ts';
import type { RecordAssignment } from './record.ts';
import { computeTicketFromDigest } from './ticket.ts';

export const SUBSTITUTION_FORMAT = 'suiji.inspector-substitution/1';
export const SUBSTITUTION_REASONS = ['illness', 'recusal', 'other'] as const;
export type SubstitutionReason = (typeof SUBSTITUTION_REASONS)[number];

export type TeamMemberBadge = RecordAssignment['team'][number];

/** A signed, logged record of one substitution (the public and the auditors' alike). */
export interface SubstitutionRecord {
  readonly format: typeof SUBSTITUTION_FORMAT;
  readonly algorithm: 'assign/v1';
  readonly task: string;
  /** recordHash of the task's public draw record. */
  readonly drawRecordHash: string;
  /** The task's substitution counter n. */
  readonly number: number;
  readonly code: string;
  readonly department: string;
  readonly leaving: string;
  readonly replacement: string;
  readonly reason: SubstitutionReason;
  /** Required for `other`, optional otherwise; never a person's private data. */
  readonly reasonText?: string;
  readonly substitutedAt: string;
  /** The team before this substitution (the draw's, with earlier substitutions applied). */
  readonly teamBefore: readonly TeamMemberBadge[];
}

export interface SubstituteInput {
  readonly seed: string;
  readonly snapshot: PublicInspectorSnapshot;
  /** Declared conflicts when known (the bureau, auditors); the public omits them. */
  readonly conflicts?: ConflictsOpening['conflicts'];
  /** The draw record's teams, for loads. */
  readonly assignments: readonly RecordAssignment[];
  readonly number: number;
  readonly code: string;
  readonly leaving: string;
  readonly teamBefore: readonly TeamMemberBadge[];
}

export type SubstitutionIssue =
  | { readonly code: 'not_on_team'; readonly enterprise: string; readonly badge: string }
  | { readonly code: 'no_substitute_available'; readonly enterprise: string; readonly department: string };

/** Substitution candidates of one department in assign/v1 order. */
export interface SubstitutionCandidates {
  readonly department: string;
  /** Badges by (load, substitutionTicket, badge). */
  readonly ranked: readonly string[];
}

const byText = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);

/**
 * The ranked candidates to replace `leaving` (see the module comment).
 *
 * @example rankSubstitutes({ seed, snapshot, assignments, number: 1, code, leaving: 'SP-2', teamBefore }, nobleSha256)
 * // ok({ department: '食品科', ranked: ['SP-5', 'SP-3', …] })
 */
export function rankSubstitutes(input: SubstituteInput, hash: Sha256): Result<SubstitutionCandidates, SubstitutionIssue> {
  const leavingMember = input.teamBefore.find((member) => member.badge === input.leaving);
  if (!leavingMember) return err({ code: 'not_on_team', enterprise: input.code, badge: input.leaving });
  const department = leavingMember.department;
  const load = new Map<string, number>();
  for (const assignment of input.assignments) for (const member of assignment.team) load.set(member.badge, (load.get(member.badge) ?? 0) + 1);
  const onTeam = new Set(input.teamBefore.map((member) => member.badge));
  const declared = new Set((input.conflicts ?? []).filter((conflict) => conflict.code === input.code).map((conflict) => conflict.badge));
  const digest = hash.prefixed(hash.hex(`${input.seed}/assign/substitution/${input.number}`));
  const ranked = input.snapshot.inspectors
    .filter(
      (inspector) =>
        inspector.active &&
        inspector.department === department &&
        inspector.qualifications.includes(input.snapshot.qualification) &&
        !onTeam.has(inspector.badge) &&
        !declared.has(inspector.badge),
    )
    .map((inspector) => ({ badge: inspector.badge, load: load.get(inspector.badge) ?? 0, ticket: computeTicketFromDigest(digest(`${input.code}/${inspector.badge}`)) }))
    .sort((left, right) => left.load - right.load || byText(left.ticket, right.ticket) || byText(left.badge, right.badge))
    .map((candidate) => candidate.badge);
  if (ranked.length === 0) return err({ code: 'no_substitute_available', enterprise: input.code, department });
  return ok({ department, ranked });
}

/**
 * The team after a substitution: the replacement takes the leaving inspector's place.
 *
 * @example replaceInTeam([{ department: 'd', badge: 'A' }, { department: 'd', badge: 'B' }], 'A', 'C') // [C, B]
 */
export function replaceInTeam(team: readonly TeamMemberBadge[], leaving: string, replacement: string): TeamMemberBadge[] {
  return team.map((member) => (member.badge === leaving ? { department: member.department, badge: replacement } : member));
}

/**
 * An enterprise's team now: the draw's team with its substitutions applied in number order.
 *
 * @example applySubstitutions(team, [{ number: 1, code, leaving: 'A', replacement: 'C' }], code)
 */
export function applySubstitutions(
  team: readonly TeamMemberBadge[],
  substitutions: readonly { readonly number: number; readonly code: string; readonly leaving: string; readonly replacement: string }[],
  code: string,
): TeamMemberBadge[] {
  return [...substitutions]
    .filter((substitution) => substitution.code === code)
    .sort((left, right) => left.number - right.number)
    .reduce((current, substitution) => replaceInTeam(current, substitution.leaving, substitution.replacement), [...team]);
}

/** A one-line English reason for a substitution issue. */
export function describeSubstitutionIssue(issue: SubstitutionIssue): string {
  switch (issue.code) {
    case 'not_on_team':
      return `${issue.badge} is not on the team of ${issue.enterprise}`;
    case 'no_substitute_available':
      return `no other active, qualified inspector of ${issue.department} free of declared conflicts can join the team of ${issue.enterprise}`;
  }
}
