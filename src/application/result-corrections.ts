/**
 * Corrections of published inspection results (issue 17, 撤销 / 补正 / 变更): a published
 * result is never edited. An admin asks for a correction (with four eyes, another admin
 * approves it: `requestAct` with `{ kind: 'result_correction' }`); carrying it out signs a
 * `suiji.result-correction/1` record that names the corrected batch by hash, appends it to
 * the publication log, and brings the enterprise's credit records in line: a revoked result
 * no longer counts, a changed one counts with its new outcome. All in the approval's
 * transaction.
 */
import { creditRecordNaturalKey, recordEffectiveDate } from '../core/credit-record-row.ts';
import { INSPECTION_OUTCOMES, outcomeSeverity, type InspectionOutcome, type InspectionResult } from '../core/credit-record.ts';
import type { ApprovalMark } from '../core/four-eyes.ts';
import { findPersonalData, type PersonalDataFinding } from '../core/personal-data.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import { RESULT_CORRECTION_FORMAT, type CorrectedResult, type CorrectionKind, type ResultCorrectionRecord } from '../core/result-correction.ts';
import type { SignedEnvelope } from '../core/signature.ts';
import {
  deleteCreditRecord,
  findCorrection,
  findPublishedResults,
  insertCorrection,
  listCorrections,
  listCorrectionsOf,
  listCorrectionsOfResults,
  nextCorrectionNumber,
  type PublishedResultWithBatch,
  type ResultKey,
} from '../persistence/corrections-repository.ts';
import { listPublishedResults } from '../persistence/results-repository.ts';
import { upsertCreditRecords } from '../persistence/credit-record-store.ts';
import type { Executor } from '../persistence/database.ts';
import { lockPublicationLog } from '../persistence/publication-log-repository.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { appendRecordToLog } from './publication-log.ts';
import { signRecord } from './record-signing.ts';
import { formatRecordTime } from './record-time.ts';

const MAX_REASON_LENGTH = 500;
const MAX_SUMMARY_LENGTH = 500;
const MAX_ORDER_LENGTH = 200;

/** What an admin asks for: which result, which kind of correction, why, and (unless revoked) what it says now. */
export interface CorrectionRequest extends ResultKey {
  readonly kind: CorrectionKind;
  readonly reason: string;
  readonly corrected?: { readonly outcome: string; readonly summary: string; readonly correctiveOrder?: string | undefined } | undefined;
}

export type CorrectionIssue =
  | { readonly code: 'result_not_published'; readonly result: ResultKey }
  /** A joint task's item has a result per department: the request must say whose. */
  | { readonly code: 'department_required'; readonly result: ResultKey; readonly departments: readonly string[] }
  | { readonly code: 'result_revoked'; readonly number: number }
  | { readonly code: 'reason_required' }
  | { readonly code: 'text_too_long'; readonly field: 'reason' | 'summary' | 'correctiveOrder'; readonly maxLength: number }
  | { readonly code: 'corrected_result_required'; readonly kind: CorrectionKind }
  | { readonly code: 'revocation_has_no_result' }
  | { readonly code: 'unknown_outcome'; readonly outcome: string }
  | { readonly code: 'summary_required' }
  | { readonly code: 'corrective_order_required' }
  | { readonly code: 'personal_data'; readonly findings: readonly PersonalDataFinding[] };

export interface PublishedCorrection {
  readonly number: number;
  readonly leafIndex: number;
  readonly envelope: SignedEnvelope<ResultCorrectionRecord>;
}

/**
 * What a correction of `result` is about, e.g. `2026-ZH-01/91350100M000100Y43/G1` (an
 * approval's subject), with the department after the item when the result is one
 * department's findings.
 *
 * @example correctionSubject({ taskCode: '2026-ZH-01', creditCode: '91350100M000100Y43', itemCode: 'G1' }) // '2026-ZH-01/91350100M000100Y43/G1'
 * @example correctionSubject({ taskCode: '2026-ZH-01', creditCode: '91350100M000100Y43', itemCode: 'G1', department: 'CGZF' }) // '2026-ZH-01/91350100M000100Y43/G1/CGZF'
 */
export function correctionSubject(result: ResultKey): string {
  return `${result.taskCode}/${result.creditCode}/${result.itemCode}${result.department ? `/${result.department}` : ''}`;
}

function checkCorrectedResult(request: CorrectionRequest): Result<CorrectedResult | undefined, CorrectionIssue> {
  const reason = request.reason.trim();
  if (reason === '') return err({ code: 'reason_required' });
  if (reason.length > MAX_REASON_LENGTH) return err({ code: 'text_too_long', field: 'reason', maxLength: MAX_REASON_LENGTH });
  if (request.kind === 'revocation') return request.corrected === undefined ? ok(undefined) : err({ code: 'revocation_has_no_result' });
  if (!request.corrected) return err({ code: 'corrected_result_required', kind: request.kind });
  const { outcome, summary: rawSummary, correctiveOrder: rawOrder } = request.corrected;
  if (!(INSPECTION_OUTCOMES as readonly string[]).includes(outcome)) return err({ code: 'unknown_outcome', outcome });
  const summary = rawSummary.trim();
  if (summary === '') return err({ code: 'summary_required' });
  if (summary.length > MAX_SUMMARY_LENGTH) return err({ code: 'text_too_long', field: 'summary', maxLength: MAX_SUMMARY_LENGTH });
  const correctiveOrder = rawOrder?.trim() || undefined;
  if (correctiveOrder && correctiveOrder.length > MAX_ORDER_LENGTH) return err({ code: 'text_too_long', field: 'correctiveOrder', maxLength: MAX_ORDER_LENGTH });
  if (outcome === 'problem_corrected' && !correctiveOrder) return err({ code: 'corrective_order_required' });
  return ok({ outcome: outcome as InspectionOutcome, summary, ...(correctiveOrder ? { correctiveOrder } : {}) });
}

/**
 * Checks a correction request against what is published: the result must be published and
 * not revoked already; a revocation carries no result, a supplement or change carries the
 * result as it now reads (outcome, summary, corrective order when ordered corrected), and
 * nothing of it may be personal data.
 *
 * @example await checkCorrection(db, { taskCode: '2026-ZH-01', creditCode, itemCode: 'G1', kind: 'revocation', reason: '检查对象错误' }) // ok(…)
 */
export async function checkCorrection(
  db: Executor,
  request: CorrectionRequest,
): Promise<Result<{ readonly published: PublishedResultWithBatch; readonly corrected: CorrectedResult | undefined }, CorrectionIssue>> {
  const corrected = checkCorrectedResult(request);
  if (!corrected.ok) return corrected;
  const findings = findPersonalData({ reason: request.reason, corrected: corrected.value });
  if (findings.length > 0) return err({ code: 'personal_data', findings });
  const key: ResultKey = { taskCode: request.taskCode, creditCode: request.creditCode, itemCode: request.itemCode, department: request.department };
  const found = await findPublishedResults(db, key);
  const [published] = found;
  if (!published) return err({ code: 'result_not_published', result: key });
  if (found.length > 1) return err({ code: 'department_required', result: key, departments: found.map((result) => result.department) });
  const revoked = (await listCorrectionsOf(db, { ...key, department: published.department })).find((correction) => correction.kind === 'revocation');
  if (revoked) return err({ code: 'result_revoked', number: revoked.number });
  return ok({ published, corrected: corrected.value });
}

/**
 * Carries a correction out inside `transaction` (an approval's, or the lone admin's):
 * signs the record, stores it, logs it and updates the credit records.
 *
 * @example await correctResultWithin(tx, keys, request, approvedByTwo('li.admin', 'wang.admin'), now) // ok({ number: 1, leafIndex: 12, envelope })
 */
export async function correctResultWithin(
  transaction: Executor,
  keys: BureauKeys,
  request: CorrectionRequest,
  approval: ApprovalMark,
  now: Date,
): Promise<Result<PublishedCorrection, CorrectionIssue>> {
  // Numbers follow the log's order: the append lock is held from here to the commit.
  await lockPublicationLog(transaction);
  const checked = await checkCorrection(transaction, request);
  if (!checked.ok) return checked;
  const { published, corrected } = checked.value;
  const number = await nextCorrectionNumber(transaction);
  const record: ResultCorrectionRecord = {
    format: RESULT_CORRECTION_FORMAT,
    number,
    kind: request.kind,
    original: {
      task: published.taskCode,
      batch: published.batch,
      recordHash: published.batchRecordHash,
      creditCode: published.creditCode,
      item: published.itemCode,
      ...(published.department ? { department: published.department } : {}),
    },
    ...(corrected ? { corrected } : {}),
    reason: request.reason.trim(),
    approvedBy: approval.approvedBy,
    fourEyes: approval.fourEyes,
    publishedAt: formatRecordTime(now),
  };
  const envelope = signRecord(record, keys.signingKey);
  await insertCorrection(transaction, {
    number,
    taskCode: published.taskCode,
    creditCode: published.creditCode,
    itemCode: published.itemCode,
    department: published.department,
    kind: request.kind,
    envelope: JSON.stringify(envelope),
    recordHash: envelope.recordHash,
  });
  const logged = await appendRecordToLog(transaction, { kind: 'result_correction', reference: `${number}:${correctionSubject(published)}`, recordHash: envelope.recordHash }, keys, () => now);
  // The inspection's credit record holds the most serious finding still standing, of every
  // department that checked this item on that day (this correction included); none left, none.
  const standing = await standingOutcomeOf(transaction, published);
  const credit: InspectionResult = {
    kind: 'inspection_result',
    creditCode: published.creditCode,
    source: `检查结果更正 第${number}号`,
    date: published.inspectionDate,
    itemCode: published.itemCode,
    outcome: standing ?? (published.outcome as InspectionOutcome),
  };
  if (standing) await upsertCreditRecords(transaction, [{ record: credit, naturalKey: creditRecordNaturalKey(credit), effectiveDate: recordEffectiveDate(credit) }]);
  else await deleteCreditRecord(transaction, { creditCode: credit.creditCode, kind: credit.kind, naturalKey: creditRecordNaturalKey(credit) });
  return ok({ number, leafIndex: logged.leafIndex, envelope });
}

/**
 * The most serious finding that stands among the published results of one inspection (the
 * enterprise, item and day of `inspection`), each as its latest correction leaves it: a
 * revoked result stands no more, a changed or supplemented one stands with its new outcome.
 */
async function standingOutcomeOf(
  transaction: Executor,
  inspection: { readonly creditCode: string; readonly itemCode: string; readonly inspectionDate: string },
): Promise<InspectionOutcome | undefined> {
  const results = (await listPublishedResults(transaction, { creditCode: inspection.creditCode, limit: MAX_RESULTS_OF_ONE_INSPECTION })).filter(
    (result) => result.itemCode === inspection.itemCode && result.inspectionDate === inspection.inspectionDate,
  );
  let worst: InspectionOutcome | undefined;
  for (const result of results) {
    const latest = (await listCorrectionsOf(transaction, { taskCode: result.taskCode, creditCode: result.creditCode, itemCode: result.itemCode, department: result.department })).at(-1);
    if (latest?.kind === 'revocation') continue;
    const outcome = latest ? ((JSON.parse(latest.envelope) as SignedEnvelope<ResultCorrectionRecord>).record.corrected?.outcome ?? result.outcome) : result.outcome;
    if (worst === undefined || outcomeSeverity(outcome) > outcomeSeverity(worst)) worst = outcome as InspectionOutcome;
  }
  return worst;
}

/** More published results of one enterprise than any county holds; the look-up reads them all. */
const MAX_RESULTS_OF_ONE_INSPECTION = 100_000;

/** A correction as a corrected result lists it (issue 17): number, kind and the signed record's hash (its log leaf's). */
export interface CorrectionMark {
  readonly number: number;
  readonly kind: CorrectionKind;
  readonly recordHash: string;
}

/**
 * The corrections of each of these published results, oldest first (the last one stands),
 * keyed as `publishedResultKey` keys them; a result never corrected has no entry.
 *
 * @example await findCorrectionMarksOf(db, [{ taskCode: '2026-ZH-01', creditCode, itemCode: 'G1', department: 'SCJG' }]) // Map { '2026-ZH-01|91…|G1|SCJG' => [{ number: 1, kind: 'change', recordHash }] }
 */
export async function findCorrectionMarksOf(db: Executor, results: readonly ResultKey[]): Promise<Map<string, CorrectionMark[]>> {
  return listCorrectionsOfResults(db, results);
}

/**
 * A published correction's signed envelope (as stored, for the API) and its record, or undefined.
 *
 * @example await findPublishedCorrection(db, 1) // { text: '{"record":…}', envelope: { record: { format: 'suiji.result-correction/1', … }, … } }
 */
export async function findPublishedCorrection(db: Executor, number: number): Promise<{ readonly text: string; readonly envelope: SignedEnvelope<ResultCorrectionRecord> } | undefined> {
  const row = await findCorrection(db, number);
  return row && { text: row.envelope, envelope: JSON.parse(row.envelope) as SignedEnvelope<ResultCorrectionRecord> };
}

/**
 * Every correction of one result, oldest first, with its record.
 *
 * @example await findCorrectionsOf(db, { taskCode, creditCode, itemCode }) // [{ number: 1, kind: 'change', record }]
 */
export async function findCorrectionsOf(db: Executor, result: ResultKey): Promise<{ readonly number: number; readonly record: ResultCorrectionRecord }[]> {
  return (await listCorrectionsOf(db, result)).map((row) => ({ number: row.number, record: (JSON.parse(row.envelope) as SignedEnvelope<ResultCorrectionRecord>).record }));
}

/**
 * Published corrections, newest first, of one task and/or enterprise (or all), with their records.
 *
 * @example await findCorrections(db, { taskCode: '2026-ZH-01' }, 50) // [{ number: 2, recordHash, record: { kind: 'revocation', … } }, …]
 */
export async function findCorrections(
  db: Executor,
  filter: { readonly taskCode?: string | undefined; readonly creditCode?: string | undefined },
  limit: number,
): Promise<{ readonly number: number; readonly recordHash: string; readonly record: ResultCorrectionRecord }[]> {
  return (await listCorrections(db, filter, limit)).map((row) => ({ number: row.number, recordHash: row.recordHash, record: (JSON.parse(row.envelope) as SignedEnvelope<ResultCorrectionRecord>).record }));
}

/**
 * A correction issue for people, in Chinese or English.
 *
 * @example describeCorrectionIssue({ code: 'reason_required' }, 'zh') // '请写明更正理由'
 */
export function describeCorrectionIssue(issue: CorrectionIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'result_not_published':
      return zh ? `${correctionSubject(issue.result)} 没有已公示的检查结果` : `${correctionSubject(issue.result)} has no published result`;
    case 'department_required':
      return zh
        ? `${correctionSubject(issue.result)} 有多个部门的检查结果（${issue.departments.join('、')}），请写明更正哪个部门的结果`
        : `${correctionSubject(issue.result)} has results of several departments (${issue.departments.join(', ')}): say which department's result to correct`;
    case 'result_revoked':
      return zh ? `该结果已由第 ${issue.number} 号更正撤销，不能再更正` : `correction ${issue.number} revoked this result: it cannot be corrected again`;
    case 'reason_required':
      return zh ? '请写明更正理由' : 'give the reason for the correction';
    case 'text_too_long':
      return zh ? `${issue.field} 超过 ${issue.maxLength} 个字符` : `${issue.field} is longer than ${issue.maxLength} characters`;
    case 'corrected_result_required':
      return zh ? '补正或变更须写明更正后的检查结果和说明' : `a ${issue.kind} must give the corrected outcome and summary`;
    case 'revocation_has_no_result':
      return zh ? '撤销不附更正后的结果' : 'a revocation carries no corrected result';
    case 'unknown_outcome':
      return zh ? `未知的检查结果 ${issue.outcome}` : `unknown outcome ${issue.outcome}`;
    case 'summary_required':
      return zh ? '请填写更正后的结果说明' : 'give the corrected summary';
    case 'corrective_order_required':
      return zh ? '“发现问题已责令改正”须填写责令改正内容' : 'an outcome of problem_corrected needs the corrective order (责令改正)';
    case 'personal_data':
      return zh ? `更正内容含个人信息：${issue.findings.map((finding) => finding.path).join('、')}` : `the correction contains personal data: ${issue.findings.map((finding) => `${finding.kind} in ${finding.path}`).join(', ')}`;
    default:
      return assertNever(issue, 'correction issue');
  }
}

/**
 * The HTTP status of a correction issue: 404 when nothing published is there, 409 when the
 * result is revoked already, 422 for a request that cannot be carried out as written.
 *
 * @example statusOfCorrectionIssue({ code: 'result_revoked', number: 2 }) // 409
 */
export function statusOfCorrectionIssue(issue: CorrectionIssue): 404 | 409 | 422 {
  switch (issue.code) {
    case 'result_not_published':
      return 404;
    case 'result_revoked':
      return 409;
    case 'department_required':
    case 'reason_required':
    case 'text_too_long':
    case 'corrected_result_required':
    case 'revocation_has_no_result':
    case 'unknown_outcome':
    case 'summary_required':
    case 'corrective_order_required':
    case 'personal_data':
      return 422;
    default:
      return assertNever(issue, 'correction issue');
  }
}
