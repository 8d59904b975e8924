/**
 * Staff console: a task's test results (检验检测结果), on the results page. Entered once by
 * any department of the task and listed for all of them, with the department that entered
 * each, so a joint task never tests the same sample twice.
 */
import type { Department } from '../../core/department.ts';
import type { DrawRecord } from '../../core/draw/record.ts';
import type { TestResultRow } from '../../persistence/department-repository.ts';
import { TEST_CONCLUSIONS } from '../../application/test-results.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, tr, type PageContext } from '../page.ts';
import { inputField, selectField } from './cycle-forms.ts';

/**
 * 合格 / 不合格 in the reader's language.
 *
 * @example conclusionLabel(context, 'qualified') // '合格'
 */
export function conclusionLabel(context: Pick<PageContext, 'lang'>, conclusion: string): string {
  if (conclusion === 'qualified') return tr(context, '合格', 'qualified');
  if (conclusion === 'unqualified') return tr(context, '不合格', 'unqualified');
  return conclusion;
}

/**
 * A department code as people read it: its name in the reader's language, or the code
 * (legacy free text) when no record has it.
 *
 * @example departmentLabel(context, 'CG', departments) // '城管'
 */
export function departmentLabel(context: Pick<PageContext, 'lang'>, code: string | null, departments: readonly Department[]): string {
  if (code === null) return tr(context, '（全局账户）', '(bureau-wide account)');
  const department = departments.find((entry) => entry.code === code);
  return department ? tr(context, department.nameZh, department.nameEn) : code;
}

/**
 * The test-results section of a drawn task: the shared results, and a form to enter one.
 *
 * @example testResultsSection(context, task, record, rows, departments)
 */
export function testResultsSection(
  context: PageContext,
  task: { readonly code: string; readonly departments: readonly { readonly department: string }[] },
  record: DrawRecord,
  rows: readonly TestResultRow[],
  departments: readonly Department[],
): SafeHtml {
  const taskDepartments = task.departments.map((entry) => departmentLabel(context, entry.department, departments)).join(tr(context, '、', ', '));
  return html`<section aria-labelledby="test-results-heading">
<h2 id="test-results-heading">${tr(context, '检验检测结果（各部门共用）', 'Test results (shared by every department)')}</h2>
<p class="hint">${tr(context, `一次录入，本任务各部门（${taskDepartments}）均可查看，不重复检测。`, `Entered once; every department of this task (${taskDepartments}) sees it, so no test is repeated.`)}</p>
${
  rows.length === 0
    ? html`<p>${tr(context, '本任务还没有检验检测结果。', 'This task has no test results yet.')}</p>`
    : html`<div class="table-scroll"><table id="test-results">
<thead><tr><th scope="col">${tr(context, '企业', 'Enterprise')}</th><th scope="col">${tr(context, '样品', 'Sample')}</th><th scope="col">${tr(context, '检验机构', 'Laboratory')}</th><th scope="col">${tr(context, '报告编号', 'Report number')}</th><th scope="col">${tr(context, '结论', 'Conclusion')}</th><th scope="col">${tr(context, '检验日期', 'Tested on')}</th><th scope="col">${tr(context, '录入部门', 'Entered by')}</th></tr></thead>
<tbody>${rows.map(
        (row) =>
          html`<tr><td><code>${row.creditCode}</code></td><td>${row.sample}</td><td>${row.laboratory}</td><td>${row.reportNumber}</td><td>${conclusionLabel(context, row.conclusion)}</td><td>${row.testedOn}</td><td>${departmentLabel(context, row.enteredByDepartment, departments)}</td></tr>`,
      )}</tbody></table></div>`
}
<form method="post" action="/console/results/test-results" class="stack" id="test-result-form">
${csrfField(context)}
<input type="hidden" name="taskCode" value="${task.code}">
${selectField({ name: 'creditCode', id: 'test-enterprise', label: tr(context, '抽中企业', 'Selected enterprise'), choices: record.selected.map((member) => ({ value: member.code, label: `${member.code} ${member.name ?? ''}` })) })}
${inputField({ name: 'sample', id: 'test-sample', label: tr(context, '样品', 'Sample'), required: true })}
${inputField({ name: 'laboratory', id: 'test-laboratory', label: tr(context, '检验机构', 'Laboratory'), required: true })}
${inputField({ name: 'reportNumber', id: 'test-report', label: tr(context, '报告编号', 'Report number'), required: true })}
${selectField({ name: 'conclusion', id: 'test-conclusion', label: tr(context, '结论', 'Conclusion'), choices: TEST_CONCLUSIONS.map((conclusion) => ({ value: conclusion, label: conclusionLabel(context, conclusion) })) })}
${inputField({ name: 'testedOn', id: 'test-date', type: 'date', label: tr(context, '检验日期', 'Tested on'), required: true })}
<div><button type="submit">${tr(context, '录入检验检测结果', 'Enter the test result')}</button></div>
</form>
</section>`;
}
