/**
 * The assignment check (draw/v1.1 section 10 item 5): re-runs assign/v1 on the inspector
 * snapshot a record carries.
 *
 * - With the declared conflicts (an audit record's `conflictsOpening`, or a pre-v1.1 audit
 *   snapshot's `conflicts`) the teams must be exactly assign/v1's, and the opening must hash
 *   to `conflictsCommitment`.
 * - Without them (a public record) the conflicts are unknown, so a recorded team may skip
 *   a candidate only as a recusal: per enterprise in draw order and per department, the
 *   candidates sorted by (load, pairTicket, badge), the team must be the first `teamSize`
 *   of them after skipping some; each skip is an implied recusal (badge, code), counted
 *   for auditors to hold against `conflictsCommitment`. Loads follow the recorded teams.
 *   Anything else (an inspector who is not an eligible candidate, a team out of candidate
 *   order, a wrong team size or department, a missing enterprise) fails.
 */
import type { Sha256 } from '../hash.ts';
import type { Inspector } from '../draw/assignment.ts';
import { computeConflictsCommitment, snapshotInspectors } from '../draw/inspector-snapshot.ts';
import type { DrawRecord } from '../draw/record.ts';
import { computeTicketFromDigest } from '../draw/ticket.ts';

export interface AssignmentCheckOutcome {
  readonly status: 'passed' | 'failed' | 'not_applicable';
  readonly reason: string;
}

export interface ImpliedRecusal {
  readonly badge: string;
  readonly code: string;
}

/** A candidate of one department for one enterprise, in assign/v1 order. */
export interface RankedCandidate {
  readonly badge: string;
  readonly load: number;
  readonly ticket: string;
}

const byText = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);

/**
 * Candidates in assign/v1 order: (load, ticket, badge) ascending.
 *
 * @example rankCandidates([{ badge: 'B', load: 0, ticket: '0.2' }, { badge: 'A', load: 1, ticket: '0.1' }]) // B first
 */
export function rankCandidates(candidates: readonly RankedCandidate[]): RankedCandidate[] {
  return [...candidates].sort((left, right) => left.load - right.load || byText(left.ticket, right.ticket) || byText(left.badge, right.badge));
}

/**
 * Walks ranked candidates taking `chosen` in order: the skipped ones before each taken one
 * are returned; undefined when a chosen badge is not a later candidate (not eligible, or out
 * of order).
 *
 * @example takeInOrder([a, b, c], ['a', 'c']) // ['b']
 */
export function takeInOrder(ranked: readonly RankedCandidate[], chosen: readonly string[]): string[] | undefined {
  const skipped: string[] = [];
  let position = 0;
  for (const badge of chosen) {
    let found = position;
    while (found < ranked.length && (ranked[found] as RankedCandidate).badge !== badge) found++;
    if (found === ranked.length) return undefined;
    for (let index = position; index < found; index++) skipped.push((ranked[index] as RankedCandidate).badge);
    position = found + 1;
  }
  return skipped;
}

/**
 * Checks a record's assignment; see the module comment.
 *
 * @example checkAssignment(publicRecord, nobleSha256) // { status: 'passed', reason: 'all 12 teams follow assign/v1 on the inspector snapshot; 1 recusal assumed; …' }
 */
export function checkAssignment(record: DrawRecord, hash: Sha256): AssignmentCheckOutcome {
  const snapshot = record.inspectorSnapshot;
  if (!snapshot) {
    return record.assignments
      ? { status: 'not_applicable', reason: 'the inspector snapshot is only in the audit record (a record made before draw/v1.1); auditors verify the assignment there' }
      : { status: 'not_applicable', reason: 'the record has no inspector assignment' };
  }
  if (!record.assignments) return { status: 'failed', reason: 'the record has an inspector snapshot but no assignments' };

  let conflicts: readonly { badge: string; code: string }[] | undefined = snapshot.conflicts;
  let conflictsNote = 'the declared conflicts of this audit record';
  if (record.conflictsOpening) {
    if (record.conflictsCommitment === undefined) return { status: 'failed', reason: 'the record carries conflicts but no conflictsCommitment' };
    const computed = computeConflictsCommitment(record.conflictsOpening, hash);
    if (computed !== record.conflictsCommitment) return { status: 'failed', reason: `the declared conflicts hash to ${computed}, not to conflictsCommitment ${record.conflictsCommitment}` };
    conflicts = record.conflictsOpening.conflicts;
    conflictsNote = `the ${conflicts.length} declared conflict(s), which match conflictsCommitment`;
  }

  const replay = replayAssignment(record, snapshotInspectors(snapshot), conflicts, hash);
  if (typeof replay === 'string') return { status: 'failed', reason: replay };
  const teams = `all ${record.assignments.length} teams`;
  if (conflicts !== undefined) {
    if (replay.length > 0) {
      const first = replay[0] as ImpliedRecusal;
      return { status: 'failed', reason: `the teams differ from assign/v1's: for ${first.code}, ${first.badge} was passed over without a declared conflict (${replay.length} such skip(s))` };
    }
    return { status: 'passed', reason: `${teams} are exactly assign/v1's on the inspector snapshot with ${conflictsNote}` };
  }
  const commitmentNote = record.conflictsCommitment === undefined ? 'the record has no conflictsCommitment to check them against' : 'auditors check them against conflictsCommitment';
  return { status: 'passed', reason: `${teams} follow assign/v1 on the inspector snapshot; ${replay.length} recusal(s) assumed; ${commitmentNote}` };
}

/**
 * Re-runs assign/v1 along the recorded teams. Returns the skipped candidates (implied
 * recusals, not counting declared conflicts when `conflicts` is given) or the first
 * deviation as a reason.
 */
function replayAssignment(
  record: DrawRecord,
  inspectors: readonly Inspector[],
  conflicts: readonly { badge: string; code: string }[] | undefined,
  hash: Sha256,
): ImpliedRecusal[] | string {
  const snapshot = record.inspectorSnapshot as NonNullable<DrawRecord['inspectorSnapshot']>;
  const assignments = record.assignments as NonNullable<DrawRecord['assignments']>;
  if (assignments.length !== record.selected.length) return `${assignments.length} teams for ${record.selected.length} selected enterprises`;
  const eligible = new Map(
    snapshot.departments.map(({ department }) => [
      department,
      inspectors.filter((inspector) => inspector.active && inspector.department === department && inspector.qualifications.includes(snapshot.qualification)).map((inspector) => inspector.inspectorId),
    ]),
  );
  const declared = new Set((conflicts ?? []).map((conflict) => `${conflict.badge}\u0000${conflict.code}`));
  const pairDigest = hash.prefixed(hash.hex(`${record.seed}/assign`));
  const load = new Map<string, number>();
  const implied: ImpliedRecusal[] = [];
  for (const [index, assignment] of assignments.entries()) {
    const code = (record.selected[index] as DrawRecord['selected'][number]).code;
    if (assignment.code !== code) return `team ${index + 1} is for ${assignment.code}, but the enterprise drawn in that place is ${code}`;
    let offset = 0;
    for (const { department, teamSize } of snapshot.departments) {
      const members = assignment.team.slice(offset, offset + teamSize);
      offset += teamSize;
      if (members.length !== teamSize || members.some((member) => member.department !== department)) {
        return `the team of ${code} does not have ${teamSize} inspector(s) of ${department} in the snapshot's department order`;
      }
      const ranked = rankCandidates(
        (eligible.get(department) ?? [])
          .filter((badge) => !declared.has(`${badge}\u0000${code}`))
          .map((badge) => ({ badge, load: load.get(badge) ?? 0, ticket: computeTicketFromDigest(pairDigest(`${code}/${badge}`)) })),
      );
      const skipped = takeInOrder(
        ranked,
        members.map((member) => member.badge),
      );
      if (skipped === undefined) {
        return `the ${department} inspectors of ${code} (${members.map((member) => member.badge).join(', ')}) are not eligible candidates in assign/v1 order (active, qualified, of the department, free of declared conflicts, sorted by load, pair ticket, badge)`;
      }
      for (const badge of skipped) implied.push({ badge, code });
      for (const member of members) load.set(member.badge, (load.get(member.badge) ?? 0) + 1);
    }
    if (offset !== assignment.team.length) return `the team of ${code} has ${assignment.team.length} inspectors, the snapshot's team sizes add up to ${offset}`;
  }
  return implied;
}
