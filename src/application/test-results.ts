/**
 * Test results (检验检测结果) of a task: staff of one department enter a sample's result
 * once for an enterprise the draw selected, and every department of the task sees it, so a
 * joint task never tests the same sample twice. Published with the task's results batch.
 */
import { isCalendarDate } from '../core/calendar-date.ts';
import { normaliseCreditCode } from '../core/credit-code.ts';
import type { Department } from '../core/department.ts';
import { findPersonalData } from '../core/personal-data.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Executor } from '../persistence/database.ts';
import { insertTestResult, listTestResults, type TestResultRow } from '../persistence/department-repository.ts';
import { findTask } from '../persistence/inspection-repository.ts';
import { findSelectedCodes } from '../persistence/results-repository.ts';
import { checkTaskInScope, describeDepartmentIssue, statusOfDepartmentIssue, type DepartmentIssue } from './departments.ts';

/** 合格 / 不合格. */
export const TEST_CONCLUSIONS = ['qualified', 'unqualified'] as const;

/** A test result as staff enter it and the results batch publishes it. */
export interface TestResultInput {
  readonly creditCode: string;
  readonly sample: string;
  readonly laboratory: string;
  readonly reportNumber: string;
  /** One of `TEST_CONCLUSIONS`. */
  readonly conclusion: string;
  /** YYYY-MM-DD. */
  readonly testedOn: string;
}

export type TestResultIssue =
  | { readonly code: 'unknown_task'; readonly task: string }
  | { readonly code: 'task_not_drawn'; readonly task: string }
  | { readonly code: 'not_selected'; readonly task: string; readonly creditCode: string }
  | { readonly code: 'invalid_field'; readonly field: keyof TestResultInput; readonly value: string }
  | { readonly code: 'already_entered'; readonly task: string; readonly creditCode: string; readonly reportNumber: string }
  | DepartmentIssue;

function missingField(input: TestResultInput): keyof TestResultInput | undefined {
  const fields = ['sample', 'laboratory', 'reportNumber'] as const;
  return fields.find((field) => input[field].trim() === '' || input[field].length > 200);
}

/**
 * Enters a test result for an enterprise of a drawn task, once.
 *
 * @example await enterTestResult(db, '2026-ZH-01', { creditCode, sample: '散装大米', laboratory: '福州市食品检验所', reportNumber: 'FJ-2026-0183',
 *   conclusion: 'qualified', testedOn: '2026-11-10' }, scope) // ok({ id: 1, … })
 */
export async function enterTestResult(db: Executor, taskCode: string, input: TestResultInput, scope: Department | undefined): Promise<Result<TestResultRow, TestResultIssue>> {
  const task = await findTask(db, taskCode);
  if (!task) return err({ code: 'unknown_task', task: taskCode });
  const inScope = checkTaskInScope(task, scope);
  if (!inScope.ok) return inScope;
  if (task.status !== 'drawn') return err({ code: 'task_not_drawn', task: taskCode });
  const creditCode = normaliseCreditCode(input.creditCode);
  if (!(await findSelectedCodes(db, taskCode, [creditCode])).has(creditCode)) return err({ code: 'not_selected', task: taskCode, creditCode });
  const missing = missingField(input);
  if (missing) return err({ code: 'invalid_field', field: missing, value: input[missing] });
  if (!(TEST_CONCLUSIONS as readonly string[]).includes(input.conclusion)) return err({ code: 'invalid_field', field: 'conclusion', value: input.conclusion });
  if (!isCalendarDate(input.testedOn)) return err({ code: 'invalid_field', field: 'testedOn', value: input.testedOn });
  if (findPersonalData({ sample: input.sample, laboratory: input.laboratory, reportNumber: input.reportNumber }).length > 0) return err({ code: 'invalid_field', field: 'sample', value: input.sample });
  const values = {
    taskCode,
    creditCode,
    sample: input.sample.trim(),
    laboratory: input.laboratory.trim(),
    reportNumber: input.reportNumber.trim(),
    conclusion: input.conclusion,
    testedOn: input.testedOn,
    enteredByDepartment: scope?.code ?? null,
  };
  if (!(await insertTestResult(db, values))) return err({ code: 'already_entered', task: taskCode, creditCode, reportNumber: values.reportNumber });
  const [saved] = (await listTestResults(db, taskCode, [creditCode])).filter((row) => row.reportNumber === values.reportNumber);
  return ok(saved!);
}

/**
 * The test results of a task, for any of its departments.
 *
 * @example await listTaskTestResults(db, '2026-ZH-01', scope) // ok([{ creditCode, sample: '散装大米', … }])
 */
export async function listTaskTestResults(db: Executor, taskCode: string, scope: Department | undefined): Promise<Result<TestResultRow[], TestResultIssue>> {
  const task = await findTask(db, taskCode);
  if (!task) return err({ code: 'unknown_task', task: taskCode });
  const inScope = checkTaskInScope(task, scope);
  if (!inScope.ok) return inScope;
  return ok(await listTestResults(db, taskCode));
}

const FIELD_NAMES: Record<keyof TestResultInput, readonly [string, string]> = {
  creditCode: ['统一社会信用代码', 'credit code'],
  sample: ['样品（不得含个人信息）', 'sample (no personal data)'],
  laboratory: ['检验机构', 'laboratory'],
  reportNumber: ['报告编号', 'report number'],
  conclusion: ['结论', 'conclusion'],
  testedOn: ['检验日期', 'test date'],
};

/**
 * A test-result issue for people, in Chinese or English.
 *
 * @example describeTestResultIssue({ code: 'task_not_drawn', task: 'T' }, 'en') // 'task T has not been drawn'
 */
export function describeTestResultIssue(issue: TestResultIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'unknown_task':
      return zh ? `没有任务 ${issue.task}` : `there is no task ${issue.task}`;
    case 'task_not_drawn':
      return zh ? `任务 ${issue.task} 尚未抽取` : `task ${issue.task} has not been drawn`;
    case 'not_selected':
      return zh ? `${issue.creditCode} 未被任务 ${issue.task} 抽中` : `${issue.creditCode} was not selected by task ${issue.task}`;
    case 'invalid_field': {
      const [chinese, english] = FIELD_NAMES[issue.field];
      return zh ? `${chinese}无效：“${issue.value}”` : `the ${english} is invalid: "${issue.value}"`;
    }
    case 'already_entered':
      return zh
        ? `任务 ${issue.task} 已录入 ${issue.creditCode} 的检验报告 ${issue.reportNumber}：检验结果只录入一次，各部门共用`
        : `report ${issue.reportNumber} of ${issue.creditCode} is already entered for task ${issue.task}: a test result is entered once and shared by every department`;
    default:
      return describeDepartmentIssue(issue, lang);
  }
}

/**
 * The HTTP status of a test-result issue.
 *
 * @example statusOfTestResultIssue({ code: 'already_entered', task: 'T', creditCode: 'C', reportNumber: 'R' }) // 409
 */
export function statusOfTestResultIssue(issue: TestResultIssue): 400 | 403 | 404 | 409 {
  switch (issue.code) {
    case 'unknown_task':
      return 404;
    case 'task_not_drawn':
    case 'not_selected':
    case 'invalid_field':
      return 400;
    case 'already_entered':
      return 409;
    default:
      return statusOfDepartmentIssue(issue);
  }
}
