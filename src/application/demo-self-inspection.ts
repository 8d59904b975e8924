/**
 * The demo's self-inspection by commitment (自查 / 承诺式检查, issue 17): a self-inspection
 * task for tier A, frozen after the joint task's draw and drawn at the next public meeting; a few selected
 * enterprises report and commit, staff accept their reports (one is returned first, then
 * resubmitted); the on-site follow-up task, whose pool is the accepted reports, is planned,
 * frozen and drawn with its own entropy; the 自查 results are published. Every step has its
 * time on the demo's simulated calendar, after the joint task's draw, so the publication
 * log's tree heads (which never go back in time) keep each commitment before its entropy:
 * it runs right after the joint draw, before the demo's parts that publish on the real clock.
 * Running it again adds nothing.
 */
import { BASIC_QUALIFICATION, DEMO_DEPARTMENTS } from '../core/synthetic/inspection-plan.ts';
import type { SelfInspectionFinding } from '../core/self-inspection.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { findTask } from '../persistence/inspection-repository.ts';
import { findSelectedCodes } from '../persistence/results-repository.ts';
import { listReports } from '../persistence/self-inspection-repository.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { DEMO_ADMIN } from './demo-draw.ts';
import { describeDrawIssue, drawTask } from './draw-task.ts';
import { describeFreezeIssue, freezeTask } from './freeze-task.ts';
import { publishResults } from './inspection-results.ts';
import { loadPlanFile } from './inspection-plan.ts';
import { describeSelfInspectionIssue, reviewSelfInspectionReport, submitSelfInspectionReport } from './self-inspection.ts';
import { loadWorkingCalendar } from './working-calendar.ts';
import { loadPoolMembers } from '../persistence/draw-repository.ts';

const SIMULATED = '（演示县模拟日程 / demo county, simulated calendar）';
const ITEM = 'ZC-01';

/** The self-inspection task's and the follow-up's dates on the demo's simulated calendar. */
export function demoSelfInspectionCalendar(year: number) {
  return {
    frozenAt: `${year}-11-05T11:00:00+08:00`,
    entropyAt: `${year}-11-09T10:00:00+08:00`,
    drawnAt: `${year}-11-09T10:30:00+08:00`,
    reportDue: `${year}-11-20`,
    submittedAt: `${year}-11-10T15:00:00+08:00`,
    returnedAt: `${year}-11-12T10:00:00+08:00`,
    resubmittedAt: `${year}-11-14T16:00:00+08:00`,
    acceptedAt: `${year}-11-16T10:00:00+08:00`,
    followUpFrozenAt: `${year}-11-23T09:00:00+08:00`,
    followUpEntropyAt: `${year}-11-26T10:00:00+08:00`,
    followUpDrawnAt: `${year}-11-26T10:30:00+08:00`,
    publishedAt: `${year}-11-27T10:00:00+08:00`,
  } as const;
}

/** The demo's follow-up draws with these dice (its own entropy, so its own seed). */
const FOLLOW_UP_ENTROPY = '2.5.5.1.6.3';
const SELF_INSPECTION_ENTROPY = '4.2.6.1.3.5';
/** How many selected enterprises report in the demo; the rest have not (yet). */
const REPORTING = 4;

export interface DemoSelfInspectionResult {
  readonly taskCode: string;
  readonly followUpCode: string;
  /** The enterprises whose reports were accepted (the follow-up's pool). */
  readonly accepted: readonly string[];
  /** The enterprise whose first report was returned, then resubmitted. */
  readonly returned?: string;
  /** Selected enterprises that have not reported: the browser test submits for one. */
  readonly notReported: readonly string[];
}

function plan(year: number, evaluationRunId: number | null) {
  const calendar = demoSelfInspectionCalendar(year);
  const tier = (ratio: string, minimum: number, frequency: number) => ({ ratio, minimum, frequency });
  const task = {
    year,
    round: 2,
    items: [ITEM],
    departments: [{ department: DEMO_DEPARTMENTS.credit, teamSize: 2 }],
    qualification: BASIC_QUALIFICATION,
  };
  return {
    items: [{ code: ITEM, name: '信用承诺履行情况', legalBasis: '《优化营商环境条例》第五十六条；《企业信息公示暂行条例》', department: DEMO_DEPARTMENTS.credit, category: '信用承诺' }],
    // Self-inspection reaches tier A only (B, C and D are in no round); the follow-up, untiered, samples half the accepted reports.
    policies: [{ itemCode: ITEM, year, tiers: { A: tier('0.01', 6, 2), B: tier('0.01', 6, 0), C: tier('0.01', 6, 0), D: tier('0.01', 6, 0) }, untiered: tier('0.5', 1, 2), annualCap: 2 }],
    tasks: [
      {
        ...task,
        code: `${year}-ZC-01`,
        name: `${year}年度守信企业信用承诺自查（承诺式检查）`,
        mode: 'self_inspection',
        reportDue: calendar.reportDue,
        ...(evaluationRunId === null ? {} : { evaluationRunId }),
        // Sealed (the default with tiers): the pool, every tier-A enterprise, stays unpublished; being selected says only that the enterprise is low risk.
        entropySource: { kind: 'public-event', description: `公开抽取会现场掷六颗骰子的点数，用“.”连接 / the six dice rolled at the bureau's public draw meeting, joined by "."${SIMULATED}`, at: calendar.entropyAt },
      },
    ],
    followUp: {
      ...task,
      code: `${year}-ZC-02`,
      name: `${year}年度信用承诺自查后现场核查`,
      conditions: { acceptedReportsOf: `${year}-ZC-01` },
      entropySource: { kind: 'public-event', description: `现场核查抽取会掷六颗骰子的点数 / the six dice rolled at the follow-up's public draw${SIMULATED}`, at: calendar.followUpEntropyAt },
    },
  };
}

const findings = (index: number): SelfInspectionFinding[] => [
  index % 2 === 0
    ? { itemCode: ITEM, checked: '对照信用承诺逐项核对：营业执照悬挂、年度报告和即时信息公示、经营范围', finding: 'compliant' }
    : { itemCode: ITEM, checked: '核对年度报告公示信息与实际经营情况', finding: 'corrected', corrected: '年度报告中的联系电话已变更未及时更新，已通过公示系统更正' },
];

/**
 * Runs the demo's self-inspection year: task, reports, reviews, follow-up draw, 自查 results.
 *
 * @example await runDemoSelfInspection(database, keys, { year: 2026, evaluationRunId: 1 }) // { taskCode: '2026-ZC-01', followUpCode: '2026-ZC-02', accepted: […], … }
 */
export async function runDemoSelfInspection(database: DatabaseHandle, keys: BureauKeys, options: { readonly year: number; readonly evaluationRunId: number | null }): Promise<DemoSelfInspectionResult> {
  const calendar = demoSelfInspectionCalendar(options.year);
  const { followUp, ...file } = plan(options.year, options.evaluationRunId);
  const taskCode = file.tasks[0]!.code;
  if (!(await findTask(database.db, taskCode))) {
    const loaded = await loadPlanFile(database, file, { adoptPolicies: DEMO_ADMIN, now: new Date(calendar.frozenAt) });
    if (!loaded.ok) throw new Error(`the demo self-inspection plan was rejected: ${loaded.error.slice(0, 3).map((issue) => `${issue.path}: ${issue.reason}`).join('; ')}`);
  }
  if ((await findTask(database.db, taskCode))?.status === 'planned') {
    const frozen = await freezeTask(database, keys, taskCode, { now: new Date(calendar.frozenAt) });
    if (!frozen.ok) throw new Error(`the demo self-inspection task could not be frozen: ${describeFreezeIssue(frozen.error)}`);
  }
  if ((await findTask(database.db, taskCode))?.status === 'frozen') {
    const drawn = await drawTask(database, keys, taskCode, SELF_INSPECTION_ENTROPY, { now: new Date(calendar.drawnAt) });
    if (!drawn.ok) throw new Error(`the demo self-inspection task could not be drawn: ${describeDrawIssue(drawn.error)}`);
  }
  const members = (await loadPoolMembers(database.db, taskCode)).map((member) => member.code).sort();
  const selected = [...(await findSelectedCodes(database.db, taskCode, members))].sort();
  const reporting = selected.slice(0, REPORTING);
  const returned = reporting[1];
  const calendarOfWork = loadWorkingCalendar();
  const staff = { reviewedBy: 'demo.staff' };
  if ((await listReports(database.db, { taskCode })).length === 0) {
    for (const [index, creditCode] of reporting.entries()) {
      const submitted = await submitSelfInspectionReport(database, { taskCode, creditCode, findings: findings(index), commitmentAccepted: true }, new Date(calendar.submittedAt));
      if (!submitted.ok) throw new Error(`the demo report was refused: ${describeSelfInspectionIssue(submitted.error, 'en')}`);
      let accepted = submitted.value.id;
      if (creditCode === returned) {
        await reviewSelfInspectionReport(database, calendarOfWork, submitted.value.id, { decision: 'return', reason: '自查内容过于笼统，请写明核对了哪些公示信息。' }, staff, new Date(calendar.returnedAt));
        const again = await submitSelfInspectionReport(database, { taskCode, creditCode, findings: findings(index + 1), commitmentAccepted: true }, new Date(calendar.resubmittedAt));
        if (!again.ok) throw new Error(`the demo resubmission was refused: ${describeSelfInspectionIssue(again.error, 'en')}`);
        accepted = again.value.id;
      }
      const reviewed = await reviewSelfInspectionReport(database, calendarOfWork, accepted, { decision: 'accept' }, staff, new Date(calendar.acceptedAt));
      if (!reviewed.ok) throw new Error(`the demo review failed: ${describeSelfInspectionIssue(reviewed.error, 'en')}`);
    }
  }
  if (!(await findTask(database.db, followUp.code))) {
    const loaded = await loadPlanFile(database, { tasks: [followUp] });
    if (!loaded.ok) throw new Error(`the demo follow-up was rejected: ${loaded.error.slice(0, 3).map((issue) => `${issue.path}: ${issue.reason}`).join('; ')}`);
    const frozen = await freezeTask(database, keys, followUp.code, { now: new Date(calendar.followUpFrozenAt) });
    if (!frozen.ok) throw new Error(`the demo follow-up could not be frozen: ${describeFreezeIssue(frozen.error)}`);
    const drawn = await drawTask(database, keys, followUp.code, FOLLOW_UP_ENTROPY, { now: new Date(calendar.followUpDrawnAt) });
    if (!drawn.ok) throw new Error(`the demo follow-up could not be drawn: ${describeDrawIssue(drawn.error)}`);
    const published = await publishResults(database, keys, taskCode, () => new Date(calendar.publishedAt));
    if (!published.ok) throw new Error(`the demo self-inspection results were not published: ${published.error.code}`);
  }
  return { taskCode, followUpCode: followUp.code, accepted: reporting, ...(returned ? { returned } : {}), notReported: selected.slice(REPORTING) };
}
