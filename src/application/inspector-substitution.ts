/**
 * Inspector substitution (执法人员替换, draw/v1.1 section 8.2): after a draw, staff record that
 * an inspector leaves an enterprise's team (illness 病假, recusal 回避, or another stated
 * reason); assign/v1 draws the replacement from the snapshot committed at freeze with the
 * draw's seed and the task's substitution counter; the signed
 * `suiji.inspector-substitution/1` record is stored and appended to the publication log in
 * one transaction. Results entry accepts only the current team: the draw's, with the
 * substitutions applied.
 */
import { applySubstitutions, rankSubstitutes, SUBSTITUTION_FORMAT, SUBSTITUTION_REASONS, type SubstitutionReason, type SubstitutionRecord, type TeamMemberBadge } from '../core/draw/substitution.ts';
import type { DrawRecord } from '../core/draw/record.ts';
import { findPersonalData } from '../core/personal-data.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import type { SignedEnvelope } from '../core/signature.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';
import { findDrawRecord } from '../persistence/draw-repository.ts';
import { findTask } from '../persistence/inspection-repository.ts';
import { insertSubstitution, listAssignedTeams, listSubstitutions, lockDrawRecordForSubstitution } from '../persistence/inspector-snapshot-repository.ts';
import { runRollbackableTransaction } from '../persistence/rollback-transaction.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { findCommittedInspectorSnapshot } from './inspector-snapshot.ts';
import { nodeSha256 } from './node-hash.ts';
import { appendRecordToLog } from './publication-log.ts';
import { signRecord } from './record-signing.ts';
import { formatRecordTime } from './record-time.ts';

const MAX_REASON_TEXT_LENGTH = 200;

export interface SubstitutionRequest {
  readonly taskCode: string;
  readonly creditCode: string;
  /** Badge number of the inspector leaving the team. */
  readonly leaving: string;
  readonly reason: string;
  /** Required for `other`. */
  readonly reasonText?: string;
}

export type SubstitutionEntryIssue =
  | { readonly code: 'task_not_found'; readonly task: string }
  | { readonly code: 'task_not_drawn'; readonly task: string }
  | { readonly code: 'snapshot_missing'; readonly task: string }
  | { readonly code: 'not_selected'; readonly task: string; readonly enterprise: string }
  | { readonly code: 'invalid_reason'; readonly reason: string }
  | { readonly code: 'reason_text_required' }
  | { readonly code: 'reason_text_invalid'; readonly problem: 'too_long' | 'personal_data' }
  | { readonly code: 'not_on_team'; readonly enterprise: string; readonly badge: string }
  | { readonly code: 'no_substitute_available'; readonly enterprise: string; readonly department: string };

export interface RecordedSubstitution {
  readonly record: SubstitutionRecord;
  readonly envelope: SignedEnvelope<SubstitutionRecord>;
  readonly leafIndex: number;
}

const isReason = (value: string): value is SubstitutionReason => (SUBSTITUTION_REASONS as readonly string[]).includes(value);

/** The substitution records of a task, in number order. */
async function loadSubstitutionRecords(db: Executor, taskCode: string): Promise<SubstitutionRecord[]> {
  return (await listSubstitutions(db, taskCode)).map((row) => (JSON.parse(row.envelope) as SignedEnvelope<SubstitutionRecord>).record);
}

/**
 * Records a substitution and draws the replacement.
 *
 * @example await substituteInspector(database, keys, { taskCode: '2027-SP-01', creditCode, leaving: 'SP-2', reason: 'illness' })
 * // ok({ record: { number: 1, replacement: 'SP-4', … }, envelope, leafIndex })
 */
export async function substituteInspector(
  database: DatabaseHandle,
  keys: BureauKeys,
  request: SubstitutionRequest,
  clock: () => Date = () => new Date(),
): Promise<Result<RecordedSubstitution, SubstitutionEntryIssue>> {
  const reasonText = request.reasonText?.trim() || undefined;
  if (!isReason(request.reason)) return err({ code: 'invalid_reason', reason: request.reason });
  if (request.reason === 'other' && !reasonText) return err({ code: 'reason_text_required' });
  if (reasonText && reasonText.length > MAX_REASON_TEXT_LENGTH) return err({ code: 'reason_text_invalid', problem: 'too_long' });
  if (reasonText && findPersonalData({ reasonText }).length > 0) return err({ code: 'reason_text_invalid', problem: 'personal_data' });
  const reason = request.reason;
  const refuse = (issue: SubstitutionEntryIssue) => ({ commit: false, value: err(issue) });

  return runRollbackableTransaction<Result<RecordedSubstitution, SubstitutionEntryIssue>>(database, async (tx) => {
    const task = await findTask(tx, request.taskCode);
    if (!task) return refuse({ code: 'task_not_found', task: request.taskCode });
    // Concurrent substitutions of one task wait here, so each sees the one before and takes the next counter.
    await lockDrawRecordForSubstitution(tx, task.code);
    const drawn = task.status === 'drawn' ? await findDrawRecord(tx, task.code) : undefined;
    if (!drawn) return refuse({ code: 'task_not_drawn', task: task.code });
    const draw = (JSON.parse(drawn.publicEnvelope) as SignedEnvelope<DrawRecord>).record;
    const committed = await findCommittedInspectorSnapshot(tx, task.code);
    if (!draw.inspectorSnapshot || !draw.assignments || !committed) return refuse({ code: 'snapshot_missing', task: task.code });
    const drawnTeam = draw.assignments.find((assignment) => assignment.code === request.creditCode);
    if (!drawnTeam) return refuse({ code: 'not_selected', task: task.code, enterprise: request.creditCode });

    const earlier = await loadSubstitutionRecords(tx, task.code);
    const number = earlier.length + 1;
    const teamBefore = applySubstitutions(drawnTeam.team, earlier, request.creditCode);
    const ranked = rankSubstitutes(
      { seed: draw.seed, snapshot: committed.snapshot, conflicts: committed.conflictsOpening.conflicts, assignments: draw.assignments, number, code: request.creditCode, leaving: request.leaving, teamBefore },
      nodeSha256,
    );
    if (!ranked.ok) return refuse(ranked.error);

    const now = clock();
    const record: SubstitutionRecord = {
      format: SUBSTITUTION_FORMAT,
      algorithm: 'assign/v1',
      task: task.code,
      drawRecordHash: drawn.publicRecordHash,
      number,
      code: request.creditCode,
      department: ranked.value.department,
      leaving: request.leaving,
      replacement: ranked.value.ranked[0] as string,
      reason,
      ...(reasonText ? { reasonText } : {}),
      substitutedAt: formatRecordTime(now),
      teamBefore,
    };
    const envelope = signRecord(record, keys.signingKey);
    await insertSubstitution(tx, {
      taskCode: task.code,
      number,
      creditCode: record.code,
      leavingBadge: record.leaving,
      replacementBadge: record.replacement,
      envelope: JSON.stringify(envelope),
      recordHash: envelope.recordHash,
    });
    const logged = await appendRecordToLog(tx, { kind: 'inspector_substitution', reference: `${task.code}#${number}`, recordHash: envelope.recordHash }, keys, () => now);
    return { commit: true, value: ok({ record, envelope, leafIndex: logged.leafIndex }) };
  });
}

/**
 * The signed substitution envelopes of a task (JSON texts, number order): public, like the draw record.
 *
 * @example await listSubstitutionEnvelopeTexts(db, '2027-SP-01') // ['{"record":{"format":"suiji.inspector-substitution/1",…},…}']
 */
export async function listSubstitutionEnvelopeTexts(db: Executor, taskCode: string): Promise<string[]> {
  return (await listSubstitutions(db, taskCode)).map((row) => row.envelope);
}

/** The current team of an enterprise in a drawn task, or undefined when the draw assigned no teams. */
export type CurrentTeamLookup = (taskCode: string, creditCode: string) => Promise<readonly TeamMemberBadge[] | undefined>;

/**
 * Looks up current teams (the draw's, with the task's substitutions applied), loading each
 * task's teams once per lookup object: one per results import.
 *
 * @example const teamOf = createCurrentTeamLookup(tx); await teamOf('2027-SP-01', code) // [{ department: '食品科', badge: 'SP-3' }, …]
 */
export function createCurrentTeamLookup(db: Executor): CurrentTeamLookup {
  const tasks = new Map<string, Promise<{ teams: Map<string, TeamMemberBadge[]> | undefined; substitutions: SubstitutionRecord[] }>>();
  return async (taskCode, creditCode) => {
    let loaded = tasks.get(taskCode);
    if (!loaded) {
      loaded = (async () => ({ teams: await listAssignedTeams(db, taskCode), substitutions: await loadSubstitutionRecords(db, taskCode) }))();
      tasks.set(taskCode, loaded);
    }
    const { teams, substitutions } = await loaded;
    if (!teams) return undefined;
    return applySubstitutions(teams.get(creditCode) ?? [], substitutions, creditCode);
  };
}

/**
 * A substitution issue for people, in Chinese or English.
 *
 * @example describeSubstitutionEntryIssue({ code: 'reason_text_required' }, 'zh') // '原因为“其他”时须说明原因'
 */
export function describeSubstitutionEntryIssue(issue: SubstitutionEntryIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'task_not_found':
      return zh ? `没有任务 ${issue.task}` : `no task ${issue.task}`;
    case 'task_not_drawn':
      return zh ? `任务 ${issue.task} 尚未抽取` : `task ${issue.task} has not been drawn`;
    case 'snapshot_missing':
      return zh ? `任务 ${issue.task} 的抽取记录没有执法人员快照，无法按 assign/v1 替换` : `the draw record of task ${issue.task} has no inspector snapshot to draw a substitute from`;
    case 'not_selected':
      return zh ? `${issue.enterprise} 未被任务 ${issue.task} 抽中` : `${issue.enterprise} was not selected by task ${issue.task}`;
    case 'invalid_reason':
      return zh ? `替换原因 ${issue.reason} 无效：应为 illness（病假）、recusal（回避）或 other（其他）` : `reason ${issue.reason} is not illness, recusal or other`;
    case 'reason_text_required':
      return zh ? '原因为“其他”时须说明原因' : 'a substitution for another reason must say what it is';
    case 'reason_text_invalid':
      return issue.problem === 'too_long'
        ? zh
          ? `原因说明超过 ${MAX_REASON_TEXT_LENGTH} 字`
          : `the reason is longer than ${MAX_REASON_TEXT_LENGTH} characters`
        : zh
          ? '原因说明不得含有个人信息（身份证号、手机号）'
          : 'the reason must not contain personal data (ID or mobile numbers)';
    case 'not_on_team':
      return zh ? `${issue.badge} 不在 ${issue.enterprise} 的检查组中` : `${issue.badge} is not on the team of ${issue.enterprise}`;
    case 'no_substitute_available':
      return zh ? `${issue.department} 没有其他在岗、具备资格且无回避事由的执法人员可替换 ${issue.enterprise} 的检查组成员` : `no other active, qualified inspector of ${issue.department} free of declared conflicts can join the team of ${issue.enterprise}`;
    default:
      return assertNever(issue, 'substitution issue');
  }
}

/**
 * The HTTP status of a substitution issue: 404 unknown, 409 not in a state to substitute,
 * 400 a bad request, 422 when assign/v1 has no one to draw.
 *
 * @example statusOfSubstitutionIssue({ code: 'no_substitute_available', enterprise, department }) // 422
 */
export function statusOfSubstitutionIssue(issue: SubstitutionEntryIssue): 400 | 404 | 409 | 422 {
  switch (issue.code) {
    case 'task_not_found':
      return 404;
    case 'task_not_drawn':
    case 'snapshot_missing':
      return 409;
    case 'not_selected':
    case 'invalid_reason':
    case 'reason_text_required':
    case 'reason_text_invalid':
    case 'not_on_team':
      return 400;
    case 'no_substitute_available':
      return 422;
    default:
      return assertNever(issue, 'substitution issue');
  }
}
