/**
 * Self-inspection by commitment (自查自纠 / 承诺式检查, issue 17). A self-inspection task is
 * planned, frozen and drawn like any task; each enterprise it selected, signed in with its
 * enterprise account, reports per item what it checked and found and accepts the commitment
 * (承诺书) by the report due date; staff of the task's department accept the report or return
 * it with a reason (the enterprise resubmits; every version is kept). An accepted report
 * becomes the enterprise's results of the task (published like others, method 自查); an
 * on-site follow-up task whose condition is `acceptedReportsOf` draws a sample of the
 * accepted reports with draw/v1 and its own seed.
 */
import type { Department } from '../core/department.ts';
import type { TaskConditions } from '../core/draw/pool.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import {
  checkFindings,
  CURRENT_COMMITMENT_VERSION,
  isReportLate,
  reportContentHash,
  selfInspectionReportContent,
  type FindingIssue,
  type SelfInspectionFinding,
} from '../core/self-inspection.ts';
import { addWorkingDays, type WorkingCalendar } from '../core/working-days.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';
import { findTask, type TaskRow } from '../persistence/inspection-repository.ts';
import { findSelectedCodes, saveUnpublishedResult } from '../persistence/results-repository.ts';
import {
  findLatestReport,
  findReport,
  insertReport,
  listMissingReports,
  listReports,
  listSelfInspectionTasks,
  reviewReportRow,
  type SelfInspectionReportRow,
  type SelfInspectionTaskRow,
} from '../persistence/self-inspection-repository.ts';
import { checkTaskInScope, describeDepartmentIssue, type DepartmentIssue } from './departments.ts';
import { RESULT_DUE_WORKING_DAYS } from './inspection-results.ts';
import { nodeSha256 } from './node-hash.ts';
import { formatRecordTime, shanghaiDate } from './record-time.ts';

export type { SelfInspectionReportRow, SelfInspectionTaskRow };

export type SelfInspectionIssue =
  | { readonly code: 'task_not_found'; readonly task: string }
  | { readonly code: 'not_self_inspection'; readonly task: string }
  | { readonly code: 'task_not_drawn'; readonly task: string }
  | { readonly code: 'not_selected'; readonly task: string }
  | { readonly code: 'report_late'; readonly task: string; readonly reportDue: string }
  | { readonly code: 'commitment_required' }
  | { readonly code: 'invalid_findings'; readonly issues: readonly FindingIssue[] }
  /** The newest version waits for review, or was accepted: nothing to resubmit. */
  | { readonly code: 'report_standing'; readonly task: string; readonly status: 'submitted' | 'accepted' }
  | { readonly code: 'report_not_found'; readonly id: number }
  | { readonly code: 'report_reviewed'; readonly id: number }
  | { readonly code: 'return_reason_required' }
  | DepartmentIssue;

/** What the enterprise's form sends. */
export interface ReportSubmission {
  readonly taskCode: string;
  /** From the enterprise's sign-in, never from the form. */
  readonly creditCode: string;
  readonly findings: readonly SelfInspectionFinding[];
  /** Whether it ticked "we accept the commitment". */
  readonly commitmentAccepted: boolean;
}

async function selfInspectionTask(db: Executor, taskCode: string): Promise<Result<TaskRow, SelfInspectionIssue>> {
  const task = await findTask(db, taskCode);
  if (!task) return err({ code: 'task_not_found', task: taskCode });
  if (task.mode !== 'self_inspection') return err({ code: 'not_self_inspection', task: taskCode });
  if (task.status !== 'drawn') return err({ code: 'task_not_drawn', task: taskCode });
  return ok(task);
}

/**
 * An enterprise submits its self-inspection report with the commitment, by the due date;
 * only an enterprise the task selected may, and a new version only after a return. The
 * stored `contentHash` is its receipt of submission.
 *
 * @example await submitSelfInspectionReport(database, { taskCode: '2026-ZC-01', creditCode: signedIn, findings, commitmentAccepted: true }, now) // ok({ version: 1, contentHash: '3f1c…', … })
 */
export async function submitSelfInspectionReport(database: DatabaseHandle, submission: ReportSubmission, now: Date): Promise<Result<SelfInspectionReportRow, SelfInspectionIssue>> {
  return database.db.transaction(async (transaction): Promise<Result<SelfInspectionReportRow, SelfInspectionIssue>> => {
    const task = await selfInspectionTask(transaction, submission.taskCode);
    if (!task.ok) return task;
    if (!(await findSelectedCodes(transaction, task.value.code, [submission.creditCode])).has(submission.creditCode)) return err({ code: 'not_selected', task: task.value.code });
    const reportDue = task.value.reportDue as string;
    if (isReportLate(reportDue, shanghaiDate(now))) return err({ code: 'report_late', task: task.value.code, reportDue });
    if (!submission.commitmentAccepted) return err({ code: 'commitment_required' });
    const findings = submission.findings.map((finding) => ({ ...finding, checked: finding.checked.trim(), ...(finding.corrected === undefined ? {} : { corrected: finding.corrected.trim() }) }));
    const issues = checkFindings(findings, task.value.items);
    if (issues.length > 0) return err({ code: 'invalid_findings', issues });
    const latest = await findLatestReport(transaction, task.value.code, submission.creditCode);
    if (latest && latest.status !== 'returned') return err({ code: 'report_standing', task: task.value.code, status: latest.status });
    const content = selfInspectionReportContent({
      task: task.value.code,
      creditCode: submission.creditCode,
      version: (latest?.version ?? 0) + 1,
      findings,
      commitmentVersion: CURRENT_COMMITMENT_VERSION,
      submittedAt: formatRecordTime(now),
    });
    return ok(
      await insertReport(transaction, {
        taskCode: content.task,
        creditCode: content.creditCode,
        version: content.version,
        findings: [...content.findings],
        commitmentVersion: content.commitment.version,
        contentHash: reportContentHash(content, nodeSha256),
        submittedAt: content.submittedAt,
      }),
    );
  });
}

/** A staff decision on a submitted report. */
export type ReportDecision = { readonly decision: 'accept' } | { readonly decision: 'return'; readonly reason: string };

/**
 * Staff of the task's department (bureau-wide accounts too) accept a submitted report, which
 * becomes the enterprise's unpublished results of the task (符合 → no problem found;
 * 发现问题已整改 → problem found, corrected), or return it with a reason.
 *
 * @example await reviewSelfInspectionReport(database, calendar, 3, { decision: 'return', reason: '未写明整改措施' }, { reviewedBy: 'zhang', department }, now)
 */
export async function reviewSelfInspectionReport(
  database: DatabaseHandle,
  calendar: WorkingCalendar,
  id: number,
  decision: ReportDecision,
  reviewer: { readonly reviewedBy: string; readonly department?: Department | undefined },
  now: Date,
): Promise<Result<SelfInspectionReportRow, SelfInspectionIssue>> {
  const reason = decision.decision === 'return' ? decision.reason.trim() : null;
  if (reason === '') return err({ code: 'return_reason_required' });
  return database.db.transaction(async (transaction): Promise<Result<SelfInspectionReportRow, SelfInspectionIssue>> => {
    const report = await findReport(transaction, id);
    if (!report) return err({ code: 'report_not_found', id });
    const task = await findTask(transaction, report.taskCode);
    if (!task) return err({ code: 'task_not_found', task: report.taskCode });
    const inScope = checkTaskInScope(task, reviewer.department);
    if (!inScope.ok) return inScope;
    const reviewed = await reviewReportRow(transaction, id, { status: reason === null ? 'accepted' : 'returned', reviewedBy: reviewer.reviewedBy, reviewedAt: now, returnReason: reason });
    if (!reviewed) return err({ code: 'report_reviewed', id });
    if (reviewed.status === 'accepted') await saveResultsOfReport(transaction, calendar, task, reviewed, reviewer.department);
    return ok(reviewed);
  });
}

/** The accepted report as the task's results: dated the day of submission, no inspectors (the enterprise checked itself). */
async function saveResultsOfReport(db: Executor, calendar: WorkingCalendar, task: TaskRow, report: SelfInspectionReportRow, department: Department | undefined): Promise<void> {
  const inspectionDate = report.submittedAt.slice(0, 10);
  const dueDate = addWorkingDays(inspectionDate, RESULT_DUE_WORKING_DAYS, calendar);
  const departmentCode = department?.code ?? (task.departments.length === 1 ? task.departments[0]!.department : '');
  for (const finding of report.findings) {
    await saveUnpublishedResult(db, {
      taskCode: task.code,
      creditCode: report.creditCode,
      itemCode: finding.itemCode,
      outcome: finding.finding === 'compliant' ? 'no_problem' : 'problem_corrected',
      inspectionDate,
      dueDate,
      inspectors: [],
      summary: `企业自查：${finding.checked}`,
      correctiveOrder: finding.finding === 'corrected' ? (finding.corrected ?? null) : null,
      department: departmentCode,
    });
  }
}

export interface SelfInspectionOverview {
  readonly task: TaskRow;
  /** Every version of every report, by enterprise then version. */
  readonly reports: readonly SelfInspectionReportRow[];
  /** Selected enterprises with no report standing (none, or the newest returned). */
  readonly missing: readonly string[];
  /** Whether the due date has passed (`missing` are then late). */
  readonly pastDue: boolean;
}

/**
 * What staff review: a self-inspection task's reports and who has not submitted.
 *
 * @example await selfInspectionOverview(db, '2026-ZC-01', '2026-12-20', department) // ok({ reports: […], missing: ['9135…'], pastDue: true })
 */
export async function selfInspectionOverview(db: Executor, taskCode: string, today: string, department?: Department): Promise<Result<SelfInspectionOverview, SelfInspectionIssue>> {
  const task = await selfInspectionTask(db, taskCode);
  if (!task.ok) return task;
  const inScope = checkTaskInScope(task.value, department);
  if (!inScope.ok) return inScope;
  return ok({
    task: task.value,
    reports: await listReports(db, { taskCode }),
    missing: await listMissingReports(db, taskCode),
    pastDue: isReportLate(task.value.reportDue as string, today),
  });
}

/**
 * An enterprise's reports (every version), for its own page.
 *
 * @example await findOwnReports(db, '91350100M000100Y43') // [{ taskCode: '2026-ZC-01', version: 1, status: 'returned', … }, …]
 */
export async function findOwnReports(db: Executor, creditCode: string): Promise<SelfInspectionReportRow[]> {
  return listReports(db, { creditCode });
}

/** A self-inspection task that selected the enterprise, with its reports there (oldest version first). */
export interface OwnSelfInspection extends SelfInspectionTaskRow {
  readonly reports: readonly SelfInspectionReportRow[];
  /** Whether the enterprise may submit now: in time, and no version waiting for review or accepted. */
  readonly open: boolean;
}

/**
 * The self-inspection tasks that selected an enterprise, with its reports, for its own page.
 *
 * @example await findOwnSelfInspections(db, '91350100M000100Y43', '2026-12-01') // [{ code: '2026-ZC-01', open: true, reports: [], … }]
 */
export async function findOwnSelfInspections(db: Executor, creditCode: string, today: string): Promise<OwnSelfInspection[]> {
  const reports = await listReports(db, { creditCode });
  return (await listSelfInspectionTasks(db, { creditCode })).map((task) => {
    const own = reports.filter((report) => report.taskCode === task.code);
    const latest = own[own.length - 1];
    return { ...task, reports: own, open: !isReportLate(task.reportDue, today) && (latest === undefined || latest.status === 'returned') };
  });
}

/**
 * The drawn self-inspection tasks staff of `department` review (every one for a bureau-wide account).
 *
 * @example await findReviewableSelfInspections(db, chengguan) // [{ code: '2026-ZC-01', … }]
 */
export async function findReviewableSelfInspections(db: Executor, department: Department | undefined): Promise<SelfInspectionTaskRow[]> {
  return (await listSelfInspectionTasks(db)).filter((task) => checkTaskInScope(task, department).ok);
}

function describeFindingIssue(issue: FindingIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'item_missing':
      return zh ? `事项 ${issue.itemCode} 未填写自查情况` : `item ${issue.itemCode} has no report`;
    case 'item_unknown':
      return zh ? `${issue.itemCode} 不是本任务的检查事项` : `${issue.itemCode} is not an item of this task`;
    case 'checked_required':
      return zh ? `请填写事项 ${issue.itemCode} 的自查内容` : `say what you checked for item ${issue.itemCode}`;
    case 'correction_required':
      return zh ? `事项 ${issue.itemCode} 发现问题，请写明整改情况` : `item ${issue.itemCode}: say what was corrected`;
    case 'finding_too_long':
      return zh ? `事项 ${issue.itemCode} 的内容超过 ${issue.maxLength} 个字符` : `item ${issue.itemCode}: the text is longer than ${issue.maxLength} characters`;
    default:
      return assertNever(issue, 'finding issue');
  }
}

/**
 * A self-inspection issue for people, in Chinese or English.
 *
 * @example describeSelfInspectionIssue({ code: 'report_late', task: '2026-ZC-01', reportDue: '2026-12-10' }, 'zh') // '任务 2026-ZC-01 的自查报告已于 2026-12-10 截止，不能再提交'
 */
export function describeSelfInspectionIssue(issue: SelfInspectionIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'task_not_found':
      return zh ? `没有任务 ${issue.task}` : `there is no task ${issue.task}`;
    case 'not_self_inspection':
      return zh ? `任务 ${issue.task} 不是自查任务` : `task ${issue.task} is not a self-inspection task`;
    case 'task_not_drawn':
      return zh ? `任务 ${issue.task} 尚未抽取` : `task ${issue.task} has not been drawn`;
    case 'not_selected':
      return zh ? `贵企业未被任务 ${issue.task} 抽中，无须提交自查报告` : `your enterprise was not selected by task ${issue.task} and has no report to submit`;
    case 'report_late':
      return zh ? `任务 ${issue.task} 的自查报告已于 ${issue.reportDue} 截止，不能再提交` : `reports for task ${issue.task} were due by ${issue.reportDue}; it is too late to submit`;
    case 'commitment_required':
      return zh ? '请阅读并勾选承诺书后提交' : 'read and accept the commitment before submitting';
    case 'invalid_findings':
      return issue.issues.map((finding) => describeFindingIssue(finding, lang)).join(zh ? '；' : '; ');
    case 'report_standing':
      return issue.status === 'accepted'
        ? zh
          ? `贵企业在任务 ${issue.task} 中的自查报告已受理`
          : `your report for task ${issue.task} has been accepted`
        : zh
          ? `贵企业在任务 ${issue.task} 中的自查报告正在审核，退回后才能重新提交`
          : `your report for task ${issue.task} is being reviewed; you can resubmit only after it is returned`;
    case 'report_not_found':
      return zh ? `没有第 ${issue.id} 号自查报告` : `there is no self-inspection report ${issue.id}`;
    case 'report_reviewed':
      return zh ? `第 ${issue.id} 号自查报告已审核` : `self-inspection report ${issue.id} has been reviewed already`;
    case 'return_reason_required':
      return zh ? '退回时请写明理由' : 'give the reason for returning the report';
    case 'invalid_department':
    case 'department_name_taken':
    case 'unknown_department':
    case 'unknown_user':
    case 'outside_department':
      return describeDepartmentIssue(issue, lang);
    default:
      return assertNever(issue, 'self-inspection issue');
  }
}

/**
 * The HTTP status of a self-inspection issue.
 *
 * @example statusOfSelfInspectionIssue({ code: 'report_late', task: 'T', reportDue: '2026-12-10' }) // 409
 */
export function statusOfSelfInspectionIssue(issue: SelfInspectionIssue): 400 | 403 | 404 | 409 | 422 {
  switch (issue.code) {
    case 'task_not_found':
    case 'report_not_found':
    case 'unknown_department':
    case 'unknown_user':
      return 404;
    case 'not_selected':
    case 'outside_department':
      return 403;
    case 'not_self_inspection':
    case 'task_not_drawn':
    case 'report_late':
    case 'report_standing':
    case 'report_reviewed':
    case 'department_name_taken':
      return 409;
    case 'commitment_required':
    case 'invalid_findings':
    case 'return_reason_required':
      return 422;
    case 'invalid_department':
      return 400;
    default:
      return assertNever(issue, 'self-inspection issue');
  }
}

/** How a task checks, for public pages: its mode, and the self-inspection task whose accepted reports an on-site follow-up draws from. */
export interface TaskMethod {
  readonly mode: TaskRow['mode'];
  readonly follows?: { readonly code: string; readonly name: string };
}

/**
 * The method of a task (undefined for no task): fixed once the task is frozen, so pages
 * built from its published records may show it.
 *
 * @example await findTaskMethod(db, '2026-ZC-02') // { mode: 'on_site', follows: { code: '2026-ZC-01', name: '…自查' } }
 */
export async function findTaskMethod(db: Executor, taskCode: string): Promise<TaskMethod | undefined> {
  const task = await findTask(db, taskCode);
  return task && taskMethodOf(db, task);
}

/**
 * The method of a task row (`findTaskMethod`).
 *
 * @example await taskMethodOf(db, task) // { mode: 'self_inspection' }
 */
export async function taskMethodOf(db: Executor, task: Pick<TaskRow, 'mode' | 'conditions'>): Promise<TaskMethod> {
  const code = (task.conditions as TaskConditions).acceptedReportsOf;
  if (code === undefined) return { mode: task.mode };
  return { mode: task.mode, follows: { code, name: (await findTask(db, code))?.name ?? code } };
}
