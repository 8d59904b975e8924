/**
 * The demo's publications after its draw: a result for every selected enterprise and item
 * of the drawn task (mostly 未发现问题, a few problems ordered corrected), published as one
 * signed batch with the joint task's shared test result (检验检测结果, entered once by its
 * first department); then one black and one red list edition for the half year to the demo's
 * date, computed and published as staff and an admin would. Running it again publishes
 * nothing new.
 */
import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '../core/working-days.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { findEdition } from '../persistence/list-repository.ts';
import { findTask } from '../persistence/inspection-repository.ts';
import { listMissingResults } from '../persistence/results-repository.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { DEMO_ADMIN } from './demo-draw.ts';
import { enterResults, publishResults, type ResultInput } from './inspection-results.ts';
import { createCurrentTeamLookup } from './inspector-substitution.ts';
import { computeCandidateEdition, editionCode, publishEdition, type ListKind } from './red-black-lists.ts';
import { loadWorkingCalendar } from './working-calendar.ts';
import { listDepartments } from '../persistence/department-repository.ts';
import { enterTestResult } from './test-results.ts';

export interface DemoPublicationResult {
  readonly resultsPublished: number;
  /** The test result the joint task's departments share (entered by the first, seen by both), when this run entered it. */
  readonly sharedTestResult?: { readonly creditCode: string; readonly reportNumber: string; readonly enteredBy: string };
  readonly editions: { readonly edition: string; readonly entries: number }[];
}

function demoResult(taskCode: string, creditCode: string, itemCode: string, date: string, badges: string[]): ResultInput {
  // A fixed share of problems, chosen by the code's hash so every run agrees.
  const roll = createHash('sha256').update(`${taskCode}/${creditCode}/${itemCode}`).digest()[0]!;
  const corrected = roll < 26;
  return {
    taskCode,
    creditCode,
    itemCode,
    outcome: corrected ? 'problem_corrected' : 'no_problem',
    inspectionDate: date,
    inspectors: badges,
    summary: corrected ? '发现问题，已责令限期改正。' : '经检查，未发现问题。',
    ...(corrected ? { correctiveOrder: `责改〔${date.slice(0, 4)}〕${roll + 1}号` } : {}),
  };
}

/**
 * Enters and publishes the demo task's results, then the black and red list editions as of `asOf`.
 *
 * @example await runDemoPublication(database, keys, { taskCode: '2026-ZH-01', asOf: '2026-11-01' })
 */
export async function runDemoPublication(
  database: DatabaseHandle,
  keys: BureauKeys,
  options: { readonly taskCode: string; readonly asOf: string; readonly calendar?: WorkingCalendar },
): Promise<DemoPublicationResult> {
  const task = await findTask(database.db, options.taskCode);
  if (!task?.drawnAt) throw new Error(`the demo task ${options.taskCode} has not been drawn`);
  const missing = await listMissingResults(database.db, task.code);
  const date = task.drawnAt.slice(0, 10);
  // Each result is entered by the team assign/v1 gave the enterprise, as results entry requires.
  const teamOf = createCurrentTeamLookup(database.db);
  const inputs: ResultInput[] = [];
  for (const row of missing) {
    const team = (await teamOf(task.code, row.creditCode)) ?? [];
    inputs.push(demoResult(task.code, row.creditCode, row.itemCode, date, team.map((member) => member.badge)));
  }
  let resultsPublished = 0;
  let sharedTestResult: DemoPublicationResult['sharedTestResult'];
  const [firstDepartment] = task.departments;
  const tested = missing[0];
  if (task.departments.length > 1 && firstDepartment && tested) {
    // One sample, tested once by the lead department's laboratory; every department of the joint task sees the report.
    const scope = (await listDepartments(database.db)).find((department) => department.code === firstDepartment.department);
    const reportNumber = `JD-${date.slice(0, 4)}-0001`;
    const entered = await enterTestResult(
      database.db,
      task.code,
      { creditCode: tested.creditCode, sample: '经营场所使用的电子计价秤', laboratory: '福州市计量检定测试所', reportNumber, conclusion: 'qualified', testedOn: date },
      scope,
    );
    if (!entered.ok) throw new Error(`the demo test result was rejected: ${entered.error.code}`);
    sharedTestResult = { creditCode: tested.creditCode, reportNumber, enteredBy: firstDepartment.department };
  }
  if (missing.length > 0) {
    const entered = await enterResults(database, options.calendar ?? loadWorkingCalendar(), inputs);
    if (!entered.ok) throw new Error(`the demo results were rejected: ${JSON.stringify(entered.error.slice(0, 3))}`);
    const published = await publishResults(database, keys, task.code);
    if (!published.ok) throw new Error(`the demo results could not be published: ${published.error.code}`);
    resultsPublished = published.value.resultCount;
  }
  const editions: { edition: string; entries: number }[] = [];
  // The editions cover the year to the demo's date.
  const from = `${options.asOf.slice(0, 4)}-01-01`;
  for (const list of ['black', 'red'] as const satisfies readonly ListKind[]) {
    const code = editionCode(list, options.asOf);
    if ((await findEdition(database.db, code))?.status === 'published') continue;
    const computed = await computeCandidateEdition(database, { list, from, to: options.asOf });
    if (!computed.ok) throw new Error(`the demo ${list} list could not be computed: ${computed.error.code}`);
    const published = await publishEdition(database, keys, code, DEMO_ADMIN);
    if (!published.ok) throw new Error(`the demo ${list} list could not be published: ${published.error.code}`);
    editions.push(computed.value);
  }
  return { resultsPublished, editions, ...(sharedTestResult ? { sharedTestResult } : {}) };
}
