/**
 * Inspection results (抽查检查结果, 一公开): staff enter the outcome per drawn enterprise and
 * item; each is due for publication 20 working days after the inspection (working
 * calendar); staff see what is overdue or still missing; publishing a task's unpublished
 * results makes one signed `suiji.results-batch/1` record, appends it to the publication log
 * and adds the outcomes to the credit records as `inspection_result` records, all in one
 * transaction.
 *
 * The batch carries enterprise data and inspectors' badge numbers (执法证号, the public
 * identifiers officials show when inspecting), never inspectors' names and never a tier.
 */
import { creditRecordNaturalKey, convertCreditRecordRow, recordEffectiveDate } from '../core/credit-record-row.ts';
import { outcomeSeverity, type InspectionResult } from '../core/credit-record.ts';
import type { Department } from '../core/department.ts';
import { bilingual, bilingualReason, type BilingualReason, type Language } from '../core/language.ts';
import { createHeadingTable } from '../core/column-headings.ts';
import { findPersonalData, publishableName, type PersonalDataFinding } from '../core/personal-data.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { SignedEnvelope } from '../core/signature.ts';
import { readableRows, readCsvTableRows, readJsonTableRows, type RejectedRow, type RowTally, type SourceRow } from '../core/tabular-rows.ts';
import { decodeText } from '../core/text-encoding.ts';
import { addWorkingDays, countWorkingDays, type WorkingCalendar } from '../core/working-days.ts';
import { upsertCreditRecords } from '../persistence/credit-record-store.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';
import { loadEnterpriseNames } from '../persistence/draw-repository.ts';
import { findInspectionItems, findTask } from '../persistence/inspection-repository.ts';
import {
  findKnownBadges,
  findSelectedCodes,
  insertResultsBatch,
  listMissingResults,
  listOverdueResults,
  lockUnpublishedResults,
  nextBatchNumber,
  saveUnpublishedResult,
  type InspectionResultRow,
  type OverdueResultRow,
} from '../persistence/results-repository.ts';
import { runRollbackableTransaction } from '../persistence/rollback-transaction.ts';
import type { BureauKeys } from './bureau-keys.ts';
import type { ImportFormat } from './import-directory.ts';
import { createCurrentTeamLookup, type CurrentTeamLookup } from './inspector-substitution.ts';
import { appendRecordToLog } from './publication-log.ts';
import { signRecord } from './record-signing.ts';
import { formatRecordTime } from './record-time.ts';
import { reachCommitPoint } from './commit-point.ts';
import { checkTaskInScope, describeDepartmentIssue } from './departments.ts';
import type { TestResultInput } from './test-results.ts';
import { listDepartments, listTestResults } from '../persistence/department-repository.ts';

export const RESULTS_BATCH_FORMAT = 'suiji.results-batch/1';
/** 《市场监督管理总局关于全面推进“双随机、一公开”监管工作的通知》: results public within 20 working days. */
export const RESULT_DUE_WORKING_DAYS = 20;
const MAX_SUMMARY_LENGTH = 500;
const MAX_ORDER_LENGTH = 200;

/** One result as staff enter it (fields as text or JSON values; dates as the imports accept them). */
export interface ResultInput {
  readonly taskCode: unknown;
  readonly creditCode: unknown;
  readonly itemCode: unknown;
  readonly outcome: unknown;
  readonly inspectionDate: unknown;
  /** Badge numbers, as an array or one text separated by `;`, `,`, `、` or spaces. */
  readonly inspectors: unknown;
  readonly summary: unknown;
  readonly correctiveOrder?: unknown;
}

export type ResultField = keyof ResultInput;

/** A problem with one result, its reason in both languages. */
export interface ResultIssue extends BilingualReason {
  readonly field?: ResultField;
  /** Set on issues a caller may act on by code (draw/v1.1: an inspector outside the assigned team). */
  readonly code?: 'inspector_not_on_team' | 'outside_department';
}


export interface SavedResult {
  readonly taskCode: string;
  readonly creditCode: string;
  readonly itemCode: string;
  readonly inspectionDate: string;
  readonly dueDate: string;
}

const noIdNumbers = { hashIdNumber: (): string => { throw new Error('an inspection result has no ID number'); } };

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function badgesOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.every((badge) => typeof badge === 'string') ? value.map((badge: string) => badge.trim()).filter(Boolean) : undefined;
  const joined = text(value);
  return joined === undefined ? undefined : joined.split(/[;,，；、\s]+/).filter(Boolean);
}

function describeFindings(findings: readonly PersonalDataFinding[], lang: Language): string {
  if (lang === 'zh') return findings.map((finding) => `${finding.path || '正文'}中有${finding.kind === 'id_number' ? '身份证号' : '手机号'}`).join('，');
  return findings.map((finding) => `${finding.kind === 'id_number' ? 'an ID number' : 'a mobile number'} in ${finding.path || 'the text'}`).join(', ');
}

/**
 * Validates and saves one result inside `tx`: the task must be drawn, the enterprise
 * selected by it, the item one of its items and every inspector on the enterprise's current
 * team (the draw's, with recorded substitutions); an already published result is not changed.
 */
async function saveResult(
  tx: Executor,
  calendar: WorkingCalendar,
  input: ResultInput,
  teamOf: CurrentTeamLookup,
  scope: Department | undefined,
): Promise<Result<SavedResult, ResultIssue[]>> {
  const issues: ResultIssue[] = [];
  const taskCode = text(input.taskCode);
  const converted = convertCreditRecordRow(
    'inspection_result',
    { creditCode: input.creditCode, source: 'inspection', date: input.inspectionDate, itemCode: input.itemCode, outcome: input.outcome },
    noIdNumbers,
  );
  if (!converted.ok) {
    const fieldOf: Record<string, ResultField> = { creditCode: 'creditCode', date: 'inspectionDate', itemCode: 'itemCode', outcome: 'outcome' };
    for (const issue of converted.error) issues.push({ field: fieldOf[issue.field] ?? 'creditCode', reason: issue.reason, reasonZh: issue.reasonZh });
  }
  const inspectors = badgesOf(input.inspectors);
  if (!inspectors || inspectors.length === 0) issues.push({ field: 'inspectors', ...bilingual('请至少填一名检查人员的执法证号', 'give at least one inspector badge number') });
  const summary = text(input.summary);
  if (!summary) issues.push({ field: 'summary', ...bilingual('必填：一段简短的公开摘要', 'is required: a short public summary') });
  else if (summary.length > MAX_SUMMARY_LENGTH) issues.push({ field: 'summary', ...bilingual(`超过 ${MAX_SUMMARY_LENGTH} 个字符`, `is longer than ${MAX_SUMMARY_LENGTH} characters`) });
  const correctiveOrder = input.correctiveOrder === undefined || input.correctiveOrder === null ? undefined : text(input.correctiveOrder) || undefined;
  if (correctiveOrder && correctiveOrder.length > MAX_ORDER_LENGTH) issues.push({ field: 'correctiveOrder', ...bilingual(`超过 ${MAX_ORDER_LENGTH} 个字符`, `is longer than ${MAX_ORDER_LENGTH} characters`) });
  if (!taskCode) issues.push({ field: 'taskCode', ...bilingual('必填', 'is required') });
  if (issues.length > 0 || !converted.ok || !taskCode || !inspectors || !summary) return err(issues);
  const record = converted.value as InspectionResult;
  if (record.outcome === 'problem_corrected' && !correctiveOrder) issues.push({ field: 'correctiveOrder', ...bilingual('责令改正时必填', 'is required when the problem was ordered corrected (责令改正)') });
  const findings = findPersonalData({ summary, correctiveOrder });
  if (findings.length > 0) issues.push({ field: 'summary', ...bilingualReason((lang) => (lang === 'zh' ? `不得含有个人信息：${describeFindings(findings, lang)}` : `must not contain personal data: ${describeFindings(findings, lang)}`)) });

  const task = await findTask(tx, taskCode);
  if (!task) return err([...issues, { field: 'taskCode', ...bilingual(`没有任务 ${taskCode}`, `no task ${taskCode}`) }]);
  const inScope = checkTaskInScope(task, scope);
  if (!inScope.ok) return err([{ field: 'taskCode', code: 'outside_department', ...bilingualReason((lang) => describeDepartmentIssue(inScope.error, lang)) }]);
  if (task.status !== 'drawn' || !task.drawnAt) return err([...issues, { field: 'taskCode', ...bilingual(`任务 ${taskCode} 尚未抽取`, `task ${taskCode} has not been drawn`) }]);
  if (!task.items.includes(record.itemCode)) issues.push({ field: 'itemCode', ...bilingual(`事项 ${record.itemCode} 不是任务 ${taskCode} 的事项（${task.items.join('、')}）`, `item ${record.itemCode} is not an item of task ${taskCode} (${task.items.join(', ')})`) });
  const selected = (await findSelectedCodes(tx, taskCode, [record.creditCode])).has(record.creditCode);
  if (!selected) issues.push({ field: 'creditCode', ...bilingual(`${record.creditCode} 未被任务 ${taskCode} 抽中`, `${record.creditCode} was not selected by the draw of task ${taskCode}`) });
  const drawnDate = task.drawnAt.slice(0, 10);
  if (record.date < drawnDate) issues.push({ field: 'inspectionDate', ...bilingual(`早于 ${drawnDate} 的抽取`, `is before the draw on ${drawnDate}`) });
  const known = await findKnownBadges(tx, inspectors);
  const unknown = inspectors.filter((badge) => !known.has(badge));
  if (unknown.length > 0) issues.push({ field: 'inspectors', ...bilingual(`没有执法证号 ${unknown.join('、')}`, `unknown badge number${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`) });
  const team = selected ? await teamOf(taskCode, record.creditCode) : undefined;
  const outsiders = team === undefined ? [] : inspectors.filter((badge) => known.has(badge) && !team.some((member) => member.badge === badge));
  if (team !== undefined && outsiders.length > 0) {
    const badges = outsiders.join(', ');
    const teamText = team.map((member) => member.badge).join(', ');
    issues.push({
      field: 'inspectors',
      code: 'inspector_not_on_team',
      ...bilingual(
        `${badges} 不在 ${record.creditCode} 的检查组（${teamText}）中，且未登记替换`,
        `${badges} ${outsiders.length > 1 ? 'are' : 'is'} not on the team assigned to ${record.creditCode} (${teamText}) and no substitution is recorded`,
      ),
    });
  }
  if (issues.length > 0) return err(issues);

  const dueDate = addWorkingDays(record.date, RESULT_DUE_WORKING_DAYS, calendar);
  const saved = await saveUnpublishedResult(tx, {
    taskCode,
    creditCode: record.creditCode,
    itemCode: record.itemCode,
    outcome: record.outcome,
    inspectionDate: record.date,
    dueDate,
    inspectors,
    summary,
    correctiveOrder: correctiveOrder ?? null,
    department: scope?.code ?? (await departmentOfFindings(tx, task.departments, record.itemCode)),
  });
  if (!saved) return err([
      bilingual(
        `${record.creditCode} 在任务 ${taskCode} 中事项 ${record.itemCode} 的结果已公示，不能再改`,
        `the result of ${record.creditCode} for item ${record.itemCode} in task ${taskCode} is already published and cannot change`,
      ),
    ]);
  return ok({ taskCode, creditCode: record.creditCode, itemCode: record.itemCode, inspectionDate: record.date, dueDate });
}

/**
 * Whose findings a result entered by a bureau-wide account are: the item's department when
 * it takes part in the task, else the task's only department, else nobody's in particular ('').
 */
async function departmentOfFindings(tx: Executor, taskDepartments: readonly { readonly department: string }[], itemCode: string): Promise<string> {
  const [item] = await findInspectionItems(tx, [itemCode]);
  if (item && taskDepartments.some((entry) => entry.department === item.department)) return item.department;
  return taskDepartments.length === 1 ? taskDepartments[0]!.department : '';
}

/** Who enters results: staff of one department enter them only for its tasks, as its findings. */
export interface ResultEntryOptions {
  /** The department of the signed-in account; absent for a bureau-wide account or an API token. */
  readonly department?: Department | undefined;
}

/**
 * Enters results, all or none: every issue is reported with the index of its result.
 *
 * @example await enterResults(database, calendar, [{ taskCode: '2026-ZH-01', creditCode, itemCode: 'G1', outcome: 'no_problem',
 *   inspectionDate: '2026-12-01', inspectors: ['XY-1', 'SP-2'], summary: '未发现问题' }]) // ok([{ …, dueDate: '2026-12-29' }])
 */
export async function enterResults(
  database: DatabaseHandle,
  calendar: WorkingCalendar,
  inputs: readonly ResultInput[],
  options: ResultEntryOptions = {},
): Promise<Result<SavedResult[], { index: number; issues: ResultIssue[] }[]>> {
  return runRollbackableTransaction<Result<SavedResult[], { index: number; issues: ResultIssue[] }[]>>(database, async (tx) => {
    const saved: SavedResult[] = [];
    const failures: { index: number; issues: ResultIssue[] }[] = [];
    const teamOf = createCurrentTeamLookup(tx);
    for (const [index, input] of inputs.entries()) {
      const result = await saveResult(tx, calendar, input, teamOf, options.department);
      if (result.ok) saved.push(result.value);
      else failures.push({ index, issues: result.error });
    }
    return failures.length === 0 ? { commit: true, value: ok(saved) } : { commit: false, value: err(failures) };
  });
}

const resultHeadings = createHeadingTable<ResultField>(
  {
    taskCode: ['task', 'task_code', 'taskCode', '任务编号', '抽查任务'],
    creditCode: ['credit_code', 'creditCode', '统一社会信用代码', '信用代码'],
    itemCode: ['item', 'item_code', 'itemCode', '抽查事项', '事项编码'],
    outcome: ['outcome', '检查结果', '结果'],
    inspectionDate: ['inspection_date', 'inspectionDate', 'date', '检查日期'],
    inspectors: ['inspectors', 'badges', '检查人员', '执法证号'],
    summary: ['summary', '结果摘要', '情况说明'],
    correctiveOrder: ['corrective_order', 'correctiveOrder', '责令改正', '责令改正通知书'],
  },
  ['taskCode', 'creditCode', 'itemCode', 'outcome', 'inspectionDate', 'inspectors', 'summary'],
);

export interface ResultsImportReport {
  readonly totalRows: number;
  readonly saved: number;
  readonly rejected: readonly RejectedRow[];
  readonly applied: boolean;
}

/**
 * Imports a results file (CSV with Chinese or English headings, or a JSON array), all rows
 * or none; every rejected row names its line, column and reason.
 *
 * @example await importResults(database, calendar, { content: fs.readFileSync('结果.csv'), format: 'csv' }) // { totalRows: 12, saved: 12, rejected: [], applied: true }
 */
export async function importResults(
  database: DatabaseHandle,
  calendar: WorkingCalendar,
  input: { readonly content: Uint8Array; readonly format: ImportFormat },
  options: ResultEntryOptions = {},
): Promise<ResultsImportReport> {
  const { text } = decodeText(input.content, 'auto');
  const rows: Iterable<SourceRow<ResultField, unknown>> = input.format === 'csv' ? readCsvTableRows(text, resultHeadings) : readJsonTableRows(text, resultHeadings, { zh: '结果对象', en: 'result objects' });
  return runRollbackableTransaction(database, async (tx) => {
    const tally: RowTally = { totalRows: 0, unreadable: false, rejected: [] };
    let saved = 0;
    const teamOf = createCurrentTeamLookup(tx);
    for (const row of readableRows(rows, tally)) {
      const result = await saveResult(tx, calendar, row.values as ResultInput, teamOf, options.department);
      if (result.ok) saved++;
      else for (const issue of result.error) tally.rejected.push({ line: row.line, ...(issue.field ? { field: row.headingOf(issue.field) } : {}), reason: issue.reason, reasonZh: issue.reasonZh, raw: row.raw });
    }
    tally.rejected.sort((left, right) => left.line - right.line);
    const applied = !tally.unreadable && tally.rejected.length === 0 && tally.totalRows > 0;
    return { commit: applied, value: { totalRows: tally.totalRows, saved: applied ? saved : 0, rejected: tally.rejected, applied } };
  });
}

export interface OverdueReport {
  /** Entered, unpublished, and past their due date. */
  readonly overdue: (OverdueResultRow & { readonly workingDaysLate: number })[];
  /** Selected enterprises and items of drawn tasks with no result entered yet. */
  readonly missing: { taskCode: string; creditCode: string; itemCode: string; drawnAt: string }[];
}

/**
 * What staff must chase as of `today`.
 *
 * @example await listOverdue(db, calendar, '2027-01-15') // { overdue: [{ …, dueDate: '2027-01-12', workingDaysLate: 3 }], missing: [...] }
 */
export async function listOverdue(db: Executor, calendar: WorkingCalendar, today: string, taskCode?: string): Promise<OverdueReport> {
  const overdue = (await listOverdueResults(db, today, taskCode)).map((row) => ({ ...row, workingDaysLate: countWorkingDays(row.dueDate, today, calendar) }));
  return { overdue, missing: await listMissingResults(db, taskCode) };
}

export interface ResultsBatchRecord {
  readonly format: typeof RESULTS_BATCH_FORMAT;
  readonly task: string;
  readonly taskName: string;
  readonly batch: number;
  readonly publishedAt: string;
  /**
   * Issue 17: `self_inspection` when the results come from the enterprises' accepted
   * self-inspection reports (自查); absent for on-site inspections (and in every batch before it).
   */
  readonly method?: 'self_inspection';
  readonly results: readonly {
    readonly creditCode: string;
    readonly name: string;
    readonly item: string;
    readonly itemName: string;
    readonly outcome: string;
    readonly inspectionDate: string;
    readonly inspectors: readonly string[];
    readonly summary: string;
    readonly correctiveOrder?: string;
    /** The department whose findings these are (joint tasks: each department its own), and its Chinese name. */
    readonly department?: string;
    readonly departmentName?: string;
  }[];
  /** Test results (检验检测结果) of the batch's enterprises, entered once and shared by the task's departments. */
  readonly testResults?: readonly TestResultInput[];
}

export type PublishResultsIssue =
  | { readonly code: 'unknown_task'; readonly taskCode: string }
  | { readonly code: 'nothing_to_publish'; readonly taskCode: string }
  | { readonly code: 'personal_data'; readonly findings: readonly PersonalDataFinding[] };

export interface PublishedBatch {
  readonly taskCode: string;
  readonly batch: number;
  readonly resultCount: number;
  readonly recordHash: string;
  readonly leafIndex: number;
  readonly envelope: SignedEnvelope<ResultsBatchRecord>;
}

/**
 * Publishes every unpublished result of a task as one signed batch, logged, and adds the
 * outcomes to the credit records (re-publishing them would change nothing: records are
 * upserted by natural key).
 *
 * @example await publishResults(database, keys, '2026-ZH-01') // ok({ batch: 1, resultCount: 40, recordHash, leafIndex })
 */
export async function publishResults(
  database: DatabaseHandle,
  keys: BureauKeys,
  taskCode: string,
  clock: () => Date = () => new Date(),
): Promise<Result<PublishedBatch, PublishResultsIssue>> {
  return runRollbackableTransaction<Result<PublishedBatch, PublishResultsIssue>>(database, async (tx) => {
    const task = await findTask(tx, taskCode);
    if (!task) return { commit: false, value: err({ code: 'unknown_task', taskCode }) };
    const rows = await lockUnpublishedResults(tx, taskCode);
    if (rows.length === 0) return { commit: false, value: err({ code: 'nothing_to_publish', taskCode }) };
    const batch = await nextBatchNumber(tx, taskCode);
    const names = await loadEnterpriseNames(tx, [...new Set(rows.map((row) => row.creditCode))]);
    const items = new Map((await findInspectionItems(tx, task.items)).map((item) => [item.code, item]));
    const departmentNames = new Map((await listDepartments(tx)).map((department) => [department.code, department.nameZh]));
    const testResults = await listTestResults(tx, taskCode, [...new Set(rows.map((row) => row.creditCode))]);
    const now = clock();
    const record: ResultsBatchRecord = {
      format: RESULTS_BATCH_FORMAT,
      task: task.code,
      taskName: task.name,
      batch,
      publishedAt: formatRecordTime(now),
      ...(task.mode === 'self_inspection' ? { method: 'self_inspection' as const } : {}),
      results: rows.map((row) => ({
        creditCode: row.creditCode,
        name: publishableName(names.get(row.creditCode)),
        item: row.itemCode,
        itemName: items.get(row.itemCode)?.name ?? '',
        outcome: row.outcome,
        inspectionDate: row.inspectionDate,
        inspectors: row.inspectors,
        summary: row.summary,
        ...(row.correctiveOrder ? { correctiveOrder: row.correctiveOrder } : {}),
        ...(row.department ? { department: row.department, departmentName: departmentNames.get(row.department) ?? row.department } : {}),
      })),
      ...(testResults.length > 0
        ? {
            testResults: testResults.map((test) => ({
              creditCode: test.creditCode,
              sample: test.sample,
              laboratory: test.laboratory,
              reportNumber: test.reportNumber,
              conclusion: test.conclusion,
              testedOn: test.testedOn,
            })),
          }
        : {}),
    };
    const findings = findPersonalData(record);
    if (findings.length > 0) return { commit: false, value: err({ code: 'personal_data', findings }) };
    const envelope = signRecord(record, keys.signingKey);
    await insertResultsBatch(tx, { taskCode, batch, envelope: JSON.stringify(envelope), recordHash: envelope.recordHash, resultCount: rows.length });
    const logged = await appendRecordToLog(tx, { kind: 'results_batch', reference: `${taskCode}#${batch}`, recordHash: envelope.recordHash }, keys, () => now);
    await upsertCreditRecords(
      tx,
      oneFindingPerItem(rows).map((row) => {
        const credit: InspectionResult = {
          kind: 'inspection_result',
          creditCode: row.creditCode,
          source: `随机抽查结果公示 ${taskCode} 第${batch}批`,
          ...(items.get(row.itemCode)?.legalBasis ? { legalBasis: items.get(row.itemCode)!.legalBasis } : {}),
          date: row.inspectionDate,
          itemCode: row.itemCode,
          outcome: row.outcome as InspectionResult['outcome'],
        };
        return { record: credit, naturalKey: creditRecordNaturalKey(credit), effectiveDate: recordEffectiveDate(credit) };
      }),
    );
    await reachCommitPoint('results');
    return { commit: true, value: ok({ taskCode, batch, resultCount: rows.length, recordHash: envelope.recordHash, leafIndex: logged.leafIndex, envelope }) };
  });
}

/**
 * One result per enterprise, item and inspection date, as the credit records hold them: in a
 * joint task every department records its own findings on an item, and the credit record of
 * that inspection takes the most serious of them (the later in `INSPECTION_OUTCOMES`, which
 * runs from 未发现问题 to 不配合检查).
 */
function oneFindingPerItem(rows: readonly InspectionResultRow[]): InspectionResultRow[] {
  const kept = new Map<string, InspectionResultRow>();
  for (const row of rows) {
    const key = `${row.creditCode}|${row.itemCode}|${row.inspectionDate}`;
    const held = kept.get(key);
    if (!held || outcomeSeverity(row.outcome) > outcomeSeverity(held.outcome)) kept.set(key, row);
  }
  return [...kept.values()];
}

/** @example describePublishResultsIssue({ code: 'nothing_to_publish', taskCode: 'T' }, 'zh') // '任务 T 没有未公示的结果' */
export function describePublishResultsIssue(issue: PublishResultsIssue, lang: Language): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'unknown_task':
      return zh ? `没有任务 ${issue.taskCode}` : `no task ${issue.taskCode}`;
    case 'nothing_to_publish':
      return zh ? `任务 ${issue.taskCode} 没有未公示的结果` : `task ${issue.taskCode} has no unpublished results`;
    case 'personal_data':
      return zh ? `这批结果会公开个人信息：${describeFindings(issue.findings, lang)}` : `the batch would publish personal data: ${describeFindings(issue.findings, lang)}`;
  }
}
