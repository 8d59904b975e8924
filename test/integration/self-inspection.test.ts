/**
 * Issue 17, self-inspection by commitment (自查 / 承诺式检查) on the draw world: a
 * self-inspection task for tier A is drawn like any task; only the enterprises it selected
 * submit reports, by the due date; staff accept or return them (every version kept); an
 * on-site follow-up task draws from the accepted reports with its own seed and verifies;
 * the results are published with the method 自查.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { findPublicEnvelopeText, verifyPublishedDraw } from '../../src/application/draw-publication.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { loadPlanFile, saveTask } from '../../src/application/inspection-plan.ts';
import { publishResults } from '../../src/application/inspection-results.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import {
  describeSelfInspectionIssue,
  findOwnReports,
  reviewSelfInspectionReport,
  selfInspectionOverview,
  submitSelfInspectionReport,
  type ReportSubmission,
} from '../../src/application/self-inspection.ts';
import { loadWorkingCalendar } from '../../src/application/working-calendar.ts';
import { reportContentHash, selfInspectionReportContent, type SelfInspectionFinding } from '../../src/core/self-inspection.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { listPublishedResults } from '../../src/persistence/results-repository.ts';
import { testDatabaseKind } from '../support/database.ts';
import { expectSignedAndLogged } from '../support/published-record.ts';
import { createWorldDatabase, loadTasks, publicEvent, WORLD_ADMIN, YEAR, type World } from './draw-world.ts';

const SELF_TASK = '2027-ZC-01';
const FOLLOW_UP = '2027-ZC-02';
const calendar = loadWorkingCalendar();
const chengguan = { code: 'CG', nameZh: '城管', nameEn: 'Urban management' };
const staff = { reviewedBy: 'zhang.staff' };
const tier = (ratio: string, minimum: number, frequency: number) => ({ ratio, minimum, frequency });

let database: DatabaseHandle;
let keys: BureauKeys;
let world: World;
let selected: string[];

const selfTask = {
  code: SELF_TASK,
  name: '信用承诺自查',
  year: YEAR,
  round: 1,
  items: ['ZC1'],
  departments: [{ department: '信用科', teamSize: 2 }],
  mode: 'self_inspection',
  reportDue: '2026-09-20',
  evaluationRunId: 0,
  qualification: '行政执法',
  entropySource: publicEvent('2026-09-01T09:30:00+08:00'),
};
const followUp = {
  code: FOLLOW_UP,
  name: '自查后现场核查',
  year: YEAR,
  round: 1,
  items: ['ZC1'],
  departments: [{ department: '信用科', teamSize: 2 }],
  qualification: '行政执法',
  conditions: { acceptedReportsOf: SELF_TASK },
  entropySource: publicEvent('2026-10-01T09:30:00+08:00'),
};

const compliant: SelfInspectionFinding[] = [{ itemCode: 'ZC1', checked: '营业执照悬挂、年报公示', finding: 'compliant' }];
const submission = (creditCode: string, findings: readonly SelfInspectionFinding[] = compliant): ReportSubmission => ({ taskCode: SELF_TASK, creditCode, findings, commitmentAccepted: true });
const inTime = new Date('2026-09-10T02:00:00Z');

async function selectedBy(taskCode: string): Promise<string[]> {
  return rowsOf<{ credit_code: string }>(await database.db.execute(sql`select credit_code from draw_selections where task_code = ${taskCode} order by credit_code`)).map((row) => row.credit_code);
}

async function acceptedReport(creditCode: string): Promise<void> {
  const submitted = await submitSelfInspectionReport(database, submission(creditCode), inTime);
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
  const accepted = await reviewSelfInspectionReport(database, calendar, submitted.value.id, { decision: 'accept' }, staff, inTime);
  if (!accepted.ok) throw new Error(JSON.stringify(accepted.error));
}

beforeEach(async () => {
  ({ database, seeded: world } = await createWorldDatabase());
  keys = createEphemeralBureauKeys();
  const loaded = await loadPlanFile(
    database,
    {
      items: [{ code: 'ZC1', name: '信用承诺履行', legalBasis: '优化营商环境条例', department: '信用科', category: 'commitment' }],
      // Tier A only (B, C and D never in a round); the untiered ratio is the follow-up's.
      policies: [{ itemCode: 'ZC1', year: YEAR, tiers: { A: tier('0.5', 1, 2), B: tier('0.5', 1, 0), C: tier('0.5', 1, 0), D: tier('0.5', 1, 0) }, untiered: tier('0.5', 1, 2), annualCap: 1 }],
    },
    { adoptPolicies: WORLD_ADMIN },
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  await loadTasks(database, [{ ...selfTask, evaluationRunId: world.runId }]);
  if (!(await freezeTask(database, keys, SELF_TASK, { now: new Date('2026-08-31T01:00:00Z') })).ok) throw new Error('freeze');
  if (!(await drawTask(database, keys, SELF_TASK, '3.6.1.5.2.4', { now: new Date('2026-09-01T02:00:00Z') })).ok) throw new Error('draw');
  selected = await selectedBy(SELF_TASK);
});

afterEach(async () => {
  await database.close();
});

describe(`self-inspection by commitment on ${testDatabaseKind}`, () => {
  it('draws a sealed self-inspection task for tier A only (its pool unpublished), and old plans load with the on-site mode', async () => {
    expect(selected.length).toBeGreaterThan(1);
    const record = (JSON.parse((await findPublicEnvelopeText(database.db, SELF_TASK))!) as { record: DrawRecord }).record;
    expect(record.visibility).toBe('sealed');
    expect(selected.every((code) => world.tierOf.get(code) === 'A')).toBe(true);
    const [row] = rowsOf<{ mode: string; report_due: string }>(await database.db.execute(sql`select mode, report_due::text from inspection_tasks where code = ${SELF_TASK}`));
    expect(row).toEqual({ mode: 'self_inspection', report_due: '2026-09-20' });
    const { mode: _mode, reportDue: _due, ...onSite } = selfTask;
    expect(await saveTask(database.db, { ...onSite, code: '2027-OLD-01', evaluationRunId: world.runId })).toMatchObject({ ok: true, value: { mode: 'on_site' } });
    expect(await saveTask(database.db, { ...selfTask, code: '2027-ZC-09', evaluationRunId: world.runId, reportDue: undefined })).toMatchObject({ ok: false, error: [{ path: 'reportDue' }] });
  });

  it('accepts a report only from an enterprise the task selected, and its receipt is the SHA-256 of the RFC 8785 canonical content', async () => {
    const notSelected = world.codes.find((code) => !selected.includes(code))!;
    const refused = await submitSelfInspectionReport(database, submission(notSelected), inTime);
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_selected', task: SELF_TASK } });
    if (refused.ok) throw new Error('unreachable');
    expect(describeSelfInspectionIssue(refused.error, 'zh')).toBe(`贵企业未被任务 ${SELF_TASK} 抽中，无须提交自查报告`);

    const submitted = await submitSelfInspectionReport(database, submission(selected[0]!), inTime);
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    expect(submitted.value).toMatchObject({ version: 1, status: 'submitted', commitmentVersion: 'commitment/1', submittedAt: '2026-09-10T10:00:00+08:00' });
    const content = selfInspectionReportContent({ task: SELF_TASK, creditCode: selected[0]!, version: 1, findings: compliant, commitmentVersion: 'commitment/1', submittedAt: '2026-09-10T10:00:00+08:00' });
    expect(submitted.value.contentHash).toBe(reportContentHash(content, nodeSha256));
    expect(submitted.value.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a report after the due date (the due date itself is in time), one without the commitment, and one missing what was corrected', async () => {
    const late = await submitSelfInspectionReport(database, submission(selected[0]!), new Date('2026-09-20T16:00:00Z'));
    expect(late).toMatchObject({ ok: false, error: { code: 'report_late', reportDue: '2026-09-20' } });
    if (late.ok) throw new Error('unreachable');
    expect(describeSelfInspectionIssue(late.error, 'zh')).toContain('已于 2026-09-20 截止');
    expect(describeSelfInspectionIssue(late.error, 'en')).toContain('due by 2026-09-20');
    expect(await submitSelfInspectionReport(database, { ...submission(selected[0]!), commitmentAccepted: false }, inTime)).toMatchObject({ ok: false, error: { code: 'commitment_required' } });
    expect(await submitSelfInspectionReport(database, submission(selected[0]!, [{ itemCode: 'ZC1', checked: '年报', finding: 'corrected' }]), inTime)).toMatchObject({
      ok: false,
      error: { code: 'invalid_findings', issues: [{ code: 'correction_required', itemCode: 'ZC1' }] },
    });
    expect(await submitSelfInspectionReport(database, submission(selected[0]!), new Date('2026-09-20T15:59:00Z'))).toMatchObject({ ok: true });
  });

  it('staff accept a report or return it with a reason; the enterprise resubmits after a return only, every version is kept, and staff see who has not submitted', async () => {
    const [first, second] = selected as [string, string];
    const submitted = await submitSelfInspectionReport(database, submission(first), inTime);
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    expect(await submitSelfInspectionReport(database, submission(first), inTime)).toMatchObject({ ok: false, error: { code: 'report_standing', status: 'submitted' } });
    expect(await reviewSelfInspectionReport(database, calendar, submitted.value.id, { decision: 'accept' }, { ...staff, department: chengguan }, inTime)).toMatchObject({ ok: false, error: { code: 'outside_department' } });
    expect(await reviewSelfInspectionReport(database, calendar, submitted.value.id, { decision: 'return', reason: ' ' }, staff, inTime)).toMatchObject({ ok: false, error: { code: 'return_reason_required' } });
    expect(await reviewSelfInspectionReport(database, calendar, submitted.value.id, { decision: 'return', reason: '未写明检查了哪些公示信息' }, staff, inTime)).toMatchObject({
      ok: true,
      value: { status: 'returned', returnReason: '未写明检查了哪些公示信息', reviewedBy: 'zhang.staff' },
    });
    expect(await reviewSelfInspectionReport(database, calendar, submitted.value.id, { decision: 'accept' }, staff, inTime)).toMatchObject({ ok: false, error: { code: 'report_reviewed' } });

    const overview = await selfInspectionOverview(database.db, SELF_TASK, '2026-09-21');
    if (!overview.ok) throw new Error(JSON.stringify(overview.error));
    expect(overview.value.pastDue).toBe(true);
    expect(overview.value.missing).toEqual(selected);

    const resubmitted = await submitSelfInspectionReport(database, submission(first, [{ itemCode: 'ZC1', checked: '年报公示、即时信息公示', finding: 'corrected', corrected: '补报了 2025 年度年报' }]), inTime);
    if (!resubmitted.ok) throw new Error(JSON.stringify(resubmitted.error));
    expect(resubmitted.value.version).toBe(2);
    expect(resubmitted.value.contentHash).not.toBe(submitted.value.contentHash);
    await reviewSelfInspectionReport(database, calendar, resubmitted.value.id, { decision: 'accept' }, staff, inTime);
    expect(await submitSelfInspectionReport(database, submission(first), inTime)).toMatchObject({ ok: false, error: { code: 'report_standing', status: 'accepted' } });
    expect((await findOwnReports(database.db, first)).map((report) => [report.version, report.status])).toEqual([
      [1, 'returned'],
      [2, 'accepted'],
    ]);
    const after = await selfInspectionOverview(database.db, SELF_TASK, '2026-09-15');
    expect(after).toMatchObject({ ok: true, value: { pastDue: false, missing: selected.filter((code) => code !== first) } });
    expect(second).toBeDefined();
  });

  it('draws the on-site follow-up from the accepted reports only, with its own seed, and its record verifies', async () => {
    const accepted = selected.slice(0, 3);
    for (const code of accepted) await acceptedReport(code);
    await submitSelfInspectionReport(database, submission(selected[3] ?? selected[selected.length - 1]!), inTime);
    await loadTasks(database, [followUp]);
    const frozen = await freezeTask(database, keys, FOLLOW_UP, { now: new Date('2026-09-30T01:00:00Z') });
    if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));
    // Self-inspection selections count against no annual cap (1 for ZC1): every accepted report is in the pool.
    expect(frozen.value.poolSize).toBe(accepted.length);
    const drawn = await drawTask(database, keys, FOLLOW_UP, '6.6.2.1.3.5', { now: new Date('2026-10-01T02:00:00Z') });
    if (!drawn.ok) throw new Error(JSON.stringify(drawn.error));
    const followed = (await selectedBy(FOLLOW_UP)).filter((code) => !accepted.includes(code));
    expect(followed).toEqual([]);

    const recordOf = async (task: string) => (JSON.parse((await findPublicEnvelopeText(database.db, task))!) as { record: DrawRecord }).record;
    expect((await recordOf(FOLLOW_UP)).seed).not.toBe((await recordOf(SELF_TASK)).seed);
    const report = await verifyPublishedDraw(database.db, keys, FOLLOW_UP);
    expect(report?.filter((check) => check.status === 'failed')).toEqual([]);
  });

  it('publishes the accepted reports as the results of the task, method 自查, outcome from the report, signed and logged', async () => {
    const [first, second] = selected as [string, string];
    await acceptedReport(first);
    const corrected = await submitSelfInspectionReport(database, submission(second, [{ itemCode: 'ZC1', checked: '年报公示', finding: 'corrected', corrected: '补报了 2025 年度年报' }]), inTime);
    if (!corrected.ok) throw new Error(JSON.stringify(corrected.error));
    await reviewSelfInspectionReport(database, calendar, corrected.value.id, { decision: 'accept' }, staff, inTime);
    const published = await publishResults(database, keys, SELF_TASK, () => new Date('2026-10-08T02:00:00Z'));
    if (!published.ok) throw new Error(JSON.stringify(published.error));
    expect(published.value.envelope.record.method).toBe('self_inspection');
    expect(published.value.envelope.record.results.map((result) => [result.creditCode, result.outcome, result.correctiveOrder, result.inspectors])).toEqual([
      [first, 'no_problem', undefined, []],
      [second, 'problem_corrected', '补报了 2025 年度年报', []],
    ]);
    await expectSignedAndLogged(database.db, keys, published.value.envelope);
    expect((await listPublishedResults(database.db, { taskCode: SELF_TASK, limit: 10 })).map((row) => row.method)).toEqual(['self_inspection', 'self_inspection']);
  });
});
