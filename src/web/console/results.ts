/**
 * Staff console: inspection results (抽查检查结果). Drawn tasks with what they owe, entered,
 * published and overdue (due 20 working days after the inspection); the results still
 * missing; a form to enter one result for an enterprise the draw selected (validated by the
 * same `enterResults` as the API; only the enterprise's current team may enter it); an
 * inspector substitution (`substituteInspector`: assign/v1 draws the replacement); a results
 * file upload (`importResults`, all or none); and publishing a task's results as one signed
 * batch (`publishResults`).
 */
import type { Request, Response, Router } from 'express';
import multer from 'multer';
import { findPublicEnvelopeText } from '../../application/draw-publication.ts';
import type { ImportFormat } from '../../application/import-directory.ts';
import { describeSubstitutionEntryIssue, listSubstitutionEnvelopeTexts, substituteInspector } from '../../application/inspector-substitution.ts';
import { describePublishResultsIssue, enterResults, importResults, listOverdue, publishResults, type ResultsImportReport } from '../../application/inspection-results.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import { loadWorkingCalendar } from '../../application/working-calendar.ts';
import { INSPECTION_OUTCOMES, type InspectionOutcome } from '../../core/credit-record.ts';
import { reasonIn } from '../../core/language.ts';
import type { DrawRecord } from '../../core/draw/record.ts';
import { applySubstitutions, SUBSTITUTION_REASONS, type SubstitutionRecord } from '../../core/draw/substitution.ts';
import type { SignedEnvelope } from '../../core/signature.ts';
import type { WorkingCalendar } from '../../core/working-days.ts';
import type { AppDependencies } from '../../http/app.ts';
import { NotFoundError } from '../../http/problem.ts';
import { listDrawnTaskProgress } from '../../persistence/console-cycle-queries.ts';
import { findInspectionItems, findTask } from '../../persistence/inspection-repository.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatNumber, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { errorsOf, errorSummary, formText, groupErrors, inputField, keysMissingNotice, multipartAction, NO_ERRORS, selectField, successNotice, textareaField, type FieldErrors } from './cycle-forms.ts';
import { requireReauthentication } from '../../http/reauthentication.ts';
import { checkTaskInScope, departmentScopeOf } from '../../application/departments.ts';
import { describeTestResultIssue, enterTestResult, statusOfTestResultIssue } from '../../application/test-results.ts';
import { listDepartments, listTestResults } from '../../persistence/department-repository.ts';
import { listTasks } from '../../persistence/inspection-repository.ts';
import { testResultsSection } from './test-results.ts';
import { downloadLinks } from '../table-downloads.ts';
import { OVERDUE_EXPORT_PATH, RESULTS_EXPORT_PATH } from './exports.ts';
import { assertBureauKeys } from '../../http/bureau-key-guard.ts';

type Deps = Pick<AppDependencies, 'database' | 'bureauKeys'>;

const RESULTS_FILE_LIMIT_BYTES = 50 * 1024 * 1024;
/** Rows of the missing-results table shown; the count says how many there are in all. */
const MISSING_ROWS_SHOWN = 200;

export function outcomeLabel(context: Pick<PageContext, 'lang'>, outcome: InspectionOutcome | string): string {
  switch (outcome) {
    case 'no_problem':
      return tr(context, '未发现问题', 'no problem found');
    case 'not_disclosed_as_required':
      return tr(context, '未按规定公示应当公示的信息', 'required information not disclosed');
    case 'unreachable':
      return tr(context, '通过登记的住所（经营场所）无法联系', 'unreachable at the registered address');
    case 'problem_corrected':
      return tr(context, '发现问题已责令改正', 'problem found, ordered corrected');
    case 'problem_penalised':
      return tr(context, '发现问题依法处置', 'problem found, dealt with by law');
    case 'refused_inspection':
      return tr(context, '不配合检查情节严重', 'seriously refused the inspection');
    default:
      return outcome;
  }
}

interface ResultsPageState {
  readonly status?: number;
  readonly errors?: FieldErrors;
  readonly values?: Readonly<Record<string, string>>;
  readonly notice?: SafeHtml;
  readonly report?: ResultsImportReport;
}

function selectedOf(text: string | undefined): DrawRecord | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as SignedEnvelope<DrawRecord>).record;
}

function importReport(context: PageContext, report: ResultsImportReport): SafeHtml {
  if (report.applied) {
    return successNotice(tr(context, `结果文件已导入：${report.saved} 条。`, `The results file is imported: ${report.saved} results.`));
  }
  return html`<div class="notice error" role="alert"><p><strong>${tr(
    context,
    `结果文件未导入（全部或全不）：${report.totalRows} 行中 ${report.rejected.length} 处问题。`,
    `The results file was not imported (all or none): ${report.rejected.length} problem(s) in ${report.totalRows} rows.`,
  )}</strong></p></div>
<div class="table-scroll"><table id="rejected-rows">
<thead><tr><th scope="col" class="number">${tr(context, '行', 'Line')}</th><th scope="col">${tr(context, '列', 'Column')}</th><th scope="col">${tr(context, '原因', 'Reason')}</th></tr></thead>
<tbody>${report.rejected.map((row) => html`<tr><td class="number">${row.line}</td><td>${row.field ?? ''}</td><td>${reasonIn(row, context.lang)}</td></tr>`)}</tbody></table></div>`;
}

async function renderResultsPage(deps: Deps, calendar: WorkingCalendar, calendarToday: string, request: Request, response: Response, state: ResultsPageState = {}): Promise<void> {
  const context = pageContext(request, response);
  const { db } = deps.database;
  // Staff of a department see only its tasks.
  const scope = await departmentScopeOf(db, context.principal.userId);
  const inScope = new Set((await listTasks(db, {})).filter((entry) => checkTaskInScope(entry, scope).ok).map((entry) => entry.code));
  const progress = (await listDrawnTaskProgress(db, calendarToday)).filter((entry) => inScope.has(entry.taskCode));
  const askedTask = state.values?.taskCode ?? (typeof request.query.task === 'string' ? request.query.task : undefined);
  const chosen = progress.find((entry) => entry.taskCode === askedTask) ?? progress[0];
  const task = chosen && (await findTask(db, chosen.taskCode));
  const record = task && selectedOf(await findPublicEnvelopeText(db, task.code));
  const items = task ? await findInspectionItems(db, task.items) : [];
  // Current teams: the draw's, with the task's substitutions applied.
  const substitutions = task ? (await listSubstitutionEnvelopeTexts(db, task.code)).map((text) => (JSON.parse(text) as SignedEnvelope<SubstitutionRecord>).record) : [];
  const teams = new Map((record?.assignments ?? []).map((assignment) => [assignment.code, applySubstitutions(assignment.team, substitutions, assignment.code).map((member) => member.badge)]));
  const errors = state.errors ?? NO_ERRORS;
  const value = (name: string, fallback = ''): string => state.values?.[name] ?? fallback;
  let notice = state.notice;
  if (!notice && request.query.done === 'substituted') {
    notice = successNotice(tr(context, `已替换检查人员：${String(request.query.replacement ?? '')} 加入检查组，替换记录已签名并写入公示日志。`, `Inspector substituted: ${String(request.query.replacement ?? '')} joins the team; the substitution is signed and in the publication log.`));
  }
  if (!notice && request.query.done === 'tested') notice = successNotice(tr(context, '检验检测结果已保存，本任务各部门均可查看。', 'The test result is saved; every department of the task sees it.'));
  if (!notice && request.query.done === 'entered') notice = successNotice(tr(context, '结果已保存（尚未公示）。', 'The result is saved (not yet published).'));
  if (!notice && request.query.done === 'published') {
    notice = successNotice(tr(context, `已公示第 ${String(request.query.batch ?? '')} 批结果：已签名并写入公示日志。`, `Batch ${String(request.query.batch ?? '')} is published: signed and in the publication log.`));
  }
  const overdueReport = await listOverdue(db, calendar, calendarToday);

  const progressSection = html`<section aria-labelledby="progress-heading">
<h2 id="progress-heading">${tr(context, '已抽取任务', 'Drawn tasks')}</h2>
${downloadLinks(context, RESULTS_EXPORT_PATH, 'results')}
${deps.bureauKeys ? '' : keysMissingNotice(context)}
${
  progress.length === 0
    ? html`<p>${tr(context, '还没有已抽取的任务。', 'No task has been drawn yet.')}</p>`
    : html`<div class="table-scroll"><table id="drawn-tasks">
<thead><tr><th scope="col">${tr(context, '任务', 'Task')}</th><th scope="col">${tr(context, '抽取日期', 'Drawn')}</th><th scope="col" class="number">${tr(context, '应录', 'Owed')}</th><th scope="col" class="number">${tr(context, '已录', 'Entered')}</th><th scope="col" class="number">${tr(context, '已公示', 'Published')}</th><th scope="col" class="number">${tr(context, '逾期', 'Overdue')}</th><th scope="col">${tr(context, '最早到期', 'Next due')}</th><th scope="col">${tr(context, '公示', 'Publish')}</th></tr></thead>
<tbody>${progress.map((entry) => {
        const unpublished = entry.entered - entry.published;
        return html`<tr><td><a href="/console/results?task=${encodeURIComponent(entry.taskCode)}"><code>${entry.taskCode}</code> ${entry.name}</a></td><td>${entry.drawnAt.slice(0, 10)}</td><td class="number">${formatNumber(context, entry.expected)}</td><td class="number">${formatNumber(context, entry.entered)}</td><td class="number">${formatNumber(context, entry.published)}</td><td class="number">${
          entry.overdue > 0 ? html`<strong>${formatNumber(context, entry.overdue)} ${tr(context, '逾期', 'overdue')}</strong>` : '0'
        }</td><td>${entry.nextDue ?? '—'}</td><td>${
          unpublished > 0
            ? html`<form method="post" action="/console/results/${encodeURIComponent(entry.taskCode)}/publish" class="inline">${csrfField(context)}<button type="submit"${deps.bureauKeys ? '' : html` disabled`}>${tr(
                context,
                `公示 ${unpublished} 条`,
                `Publish ${unpublished}`,
              )}</button></form>`
            : html`<span class="hint">${tr(context, '无待公示', 'nothing to publish')}</span>`
        }</td></tr>`;
      })}</tbody></table></div>`
}
</section>`;

  const entrySection =
    task && record
      ? html`<section aria-labelledby="entry-heading">
<h2 id="entry-heading">${tr(context, '录入检查结果', 'Enter a result')}</h2>
<form method="get" action="/console/results" class="search">
<div><label for="task-select">${tr(context, '任务', 'Task')}</label><select id="task-select" name="task">${progress.map(
          (entry) => html`<option value="${entry.taskCode}"${entry.taskCode === task.code ? html` selected` : ''}>${entry.taskCode} ${entry.name}</option>`,
        )}</select></div>
<div><button type="submit" class="secondary">${tr(context, '选择', 'Choose')}</button></div>
</form>
${errorSummary(context, errors)}
<form method="post" action="/console/results" class="stack" id="result-form">
${csrfField(context)}
<input type="hidden" name="taskCode" value="${task.code}">
<p>${tr(context, '任务：', 'Task: ')}<code>${task.code}</code> ${task.name}</p>
${selectField({
  name: 'creditCode',
  id: 'result-enterprise',
  label: tr(context, '抽中企业', 'Selected enterprise'),
  value: value('creditCode'),
  hint: tr(context, '只能录入本次抽中的企业；括号内为分配的检查人员执法证号', 'Only enterprises this draw selected; the assigned inspectors\' badges in brackets'),
  choices: record.selected.map((member) => ({ value: member.code, label: `${member.code} ${member.name ?? ''}（${(teams.get(member.code) ?? []).join(', ')}）` })),
  errors: errorsOf(errors, 'creditCode'),
})}
${selectField({ name: 'itemCode', id: 'result-item', label: tr(context, '抽查事项', 'Item'), value: value('itemCode'), choices: items.map((item) => ({ value: item.code, label: `${item.code} ${item.name}` })), errors: errorsOf(errors, 'itemCode') })}
${selectField({
  name: 'outcome',
  id: 'result-outcome',
  label: tr(context, '检查结果', 'Outcome'),
  value: value('outcome', 'no_problem'),
  choices: INSPECTION_OUTCOMES.map((outcome) => ({ value: outcome, label: outcomeLabel(context, outcome) })),
  errors: errorsOf(errors, 'outcome'),
})}
${inputField({ name: 'inspectionDate', id: 'result-date', type: 'date', label: tr(context, '检查日期', 'Inspection date'), value: value('inspectionDate', calendarToday), required: true, errors: errorsOf(errors, 'inspectionDate') })}
${inputField({ name: 'inspectors', id: 'result-inspectors', label: tr(context, '检查人员执法证号', 'Inspectors\' badge numbers'), value: value('inspectors'), required: true, hint: tr(context, '用逗号或顿号分隔', 'Separated by commas'), errors: errorsOf(errors, 'inspectors') })}
${textareaField({ name: 'summary', id: 'result-summary', label: tr(context, '结果摘要（公开）', 'Summary (public)'), value: value('summary'), required: true, rows: 3, hint: tr(context, '不得包含身份证号、手机号等个人信息', 'No ID numbers, phone numbers or other personal data'), errors: errorsOf(errors, 'summary') })}
${inputField({ name: 'correctiveOrder', id: 'result-order', label: tr(context, '责令改正通知书文号（责令改正时必填）', 'Corrective order reference (required when ordered corrected)'), value: value('correctiveOrder'), errors: errorsOf(errors, 'correctiveOrder') })}
<div><button type="submit" id="save-result">${tr(context, '保存结果', 'Save the result')}</button></div>
</form>
<h3 id="substitution-heading">${tr(context, '替换检查人员', 'Substitute an inspector')}</h3>
<p class="hint">${tr(
          context,
          '检查人员因病假、回避等原因不能参加时，由系统按 assign/v1 从快照中重新随机抽取替换人员，替换记录签名后公示。',
          'When an inspector cannot take part (illness, recusal, …), assign/v1 draws the replacement from the committed snapshot; the substitution is signed and published.',
        )}</p>
<form method="post" action="/console/results/substitutions" class="stack" id="substitution-form">
${csrfField(context)}
<input type="hidden" name="taskCode" value="${task.code}">
${selectField({
  name: 'creditCode',
  id: 'substitution-enterprise',
  label: tr(context, '抽中企业', 'Selected enterprise'),
  value: value('creditCode'),
  choices: record.selected.map((member) => ({ value: member.code, label: `${member.code}（${(teams.get(member.code) ?? []).join(', ')}）` })),
})}
${inputField({ name: 'leaving', id: 'substitution-leaving', label: tr(context, '不能参加的检查人员执法证号', "Badge of the inspector leaving"), value: value('leaving'), required: true })}
${selectField({
  name: 'reason',
  id: 'substitution-reason',
  label: tr(context, '原因', 'Reason'),
  value: value('reason', 'illness'),
  choices: SUBSTITUTION_REASONS.map((reason) => ({ value: reason, label: { illness: tr(context, '病假', 'Illness'), recusal: tr(context, '回避', 'Recusal'), other: tr(context, '其他（请说明）', 'Other (say what)') }[reason] })),
})}
${inputField({ name: 'reasonText', id: 'substitution-note', label: tr(context, '说明（公开，“其他”时必填）', 'Explanation (public; required for other)'), value: value('reasonText') })}
<div><button type="submit" id="substitute"${deps.bureauKeys ? '' : html` disabled`}>${tr(context, '抽取替换人员', 'Draw the replacement')}</button></div>
</form>
</section>`
      : html``;

  const missingShown = overdueReport.missing.slice(0, MISSING_ROWS_SHOWN);
  const chaseSection = html`<section aria-labelledby="overdue-heading">
<h2 id="overdue-heading">${tr(context, '逾期未公示', 'Overdue, not published')} (${overdueReport.overdue.length})</h2>
<p class="hint">${tr(context, '检查结果应在检查后 20 个工作日内公示。', 'Results are due for publication within 20 working days of the inspection.')}</p>
${downloadLinks(context, OVERDUE_EXPORT_PATH, 'overdue')}
${
  overdueReport.overdue.length === 0
    ? html`<p>${tr(context, '没有逾期结果。', 'Nothing is overdue.')}</p>`
    : html`<div class="table-scroll"><table id="overdue">
<thead><tr><th scope="col">${tr(context, '任务', 'Task')}</th><th scope="col">${tr(context, '统一社会信用代码', 'Credit code')}</th><th scope="col">${tr(context, '事项', 'Item')}</th><th scope="col">${tr(context, '检查日期', 'Inspected')}</th><th scope="col">${tr(context, '到期日', 'Due')}</th><th scope="col" class="number">${tr(context, '逾期工作日', 'Working days late')}</th></tr></thead>
<tbody>${overdueReport.overdue.map(
        (row) =>
          html`<tr><td><code>${row.taskCode}</code></td><td><code>${row.creditCode}</code></td><td>${row.itemCode}</td><td>${row.inspectionDate}</td><td>${row.dueDate}</td><td class="number">${row.workingDaysLate}</td></tr>`,
      )}</tbody></table></div>`
}
<h2 id="missing-heading">${tr(context, '尚未录入', 'Not entered yet')} (${formatNumber(context, overdueReport.missing.length)})</h2>
${
  overdueReport.missing.length === 0
    ? html`<p>${tr(context, '所有抽中企业均已录入结果。', 'Every selected enterprise has its results.')}</p>`
    : html`<div class="table-scroll"><table id="missing">
<thead><tr><th scope="col">${tr(context, '任务', 'Task')}</th><th scope="col">${tr(context, '统一社会信用代码', 'Credit code')}</th><th scope="col">${tr(context, '事项', 'Item')}</th><th scope="col">${tr(context, '抽取时间', 'Drawn')}</th></tr></thead>
<tbody>${missingShown.map((row) => html`<tr><td><code>${row.taskCode}</code></td><td><code>${row.creditCode}</code></td><td>${row.itemCode}</td><td>${row.drawnAt.slice(0, 10)}</td></tr>`)}</tbody></table></div>
${overdueReport.missing.length > missingShown.length ? html`<p class="hint">${tr(context, `仅显示前 ${MISSING_ROWS_SHOWN} 条。`, `Showing the first ${MISSING_ROWS_SHOWN}.`)}</p>` : ''}`
}
</section>`;

  const uploadSection = html`<section aria-labelledby="upload-heading">
<h2 id="upload-heading">${tr(context, '上传结果文件', 'Upload a results file')}</h2>
<p>${tr(
    context,
    'CSV（中文或英文表头：任务编号、统一社会信用代码、抽查事项、检查结果、检查日期、执法证号、结果摘要、责令改正）或 JSON 数组。全部通过才保存，并列出每个问题所在的行和列。',
    'CSV (Chinese or English headings: task, credit code, item, outcome, inspection date, badges, summary, corrective order) or a JSON array. Saved all or nothing; every problem is listed with its line and column.',
  )}</p>
${state.report ? importReport(context, state.report) : ''}
<form method="post" action="${multipartAction(context, '/console/results/import')}" enctype="multipart/form-data" class="stack">
${csrfField(context)}
<div class="field"><label for="results-file">${tr(context, '结果文件（.csv 或 .json）', 'Results file (.csv or .json)')}</label>
<input type="file" id="results-file" name="file" accept=".csv,.json,text/csv,application/json" required></div>
<div><button type="submit">${tr(context, '上传', 'Upload')}</button></div>
</form>
</section>`;

  sendPage(response, context, {
    status: state.status ?? 200,
    title: tr(context, '检查结果录入', 'Results entry'),
    body: html`<h1>${tr(context, '检查结果录入与公示', 'Inspection results: entry and publication')}</h1>
${notice ?? ''}
${progressSection}
${entrySection}
${task && record ? testResultsSection(context, task, record, await listTestResults(db, task.code), await listDepartments(db)) : ''}
${chaseSection}
${uploadSection}`,
  });
}

function formatOf(file: Express.Multer.File): ImportFormat {
  return /\.json$/i.test(file.originalname) || file.mimetype === 'application/json' ? 'json' : 'csv';
}

/** GET /console/results, POST /console/results, …/import and /console/results/:code/publish (staff). */
export function registerResultPages(router: Router, deps: Deps): void {
  const staff = requirePageRole('staff');
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: RESULTS_FILE_LIMIT_BYTES, files: 1 } });
  const today = () => shanghaiDate(new Date());
  const calendar = loadWorkingCalendar();

  router.get('/console/results', staff, async (request, response) => {
    await renderResultsPage(deps, calendar, today(), request, response);
  });

  router.post('/console/results', staff, async (request, response) => {
    const fields = ['taskCode', 'creditCode', 'itemCode', 'outcome', 'inspectionDate', 'inspectors', 'summary', 'correctiveOrder'] as const;
    const values = Object.fromEntries(fields.map((field) => [field, formText(request, field)])) as Record<(typeof fields)[number], string>;
    const department = await departmentScopeOf(deps.database.db, pageContext(request, response).principal.userId);
    const entered = await enterResults(deps.database, calendar, [{ ...values, correctiveOrder: values.correctiveOrder === '' ? undefined : values.correctiveOrder }], { department });
    if (!entered.ok) {
      const outside = entered.error.some((failure) => failure.issues.some((issue) => issue.code === 'outside_department'));
      const errors = groupErrors(entered.error.flatMap((failure) => failure.issues.map((issue) => ({ field: issue.field, reason: reasonIn(issue, pageContext(request, response).lang) }))));
      await renderResultsPage(deps, calendar, today(), request, response, { status: outside ? 403 : 400, errors, values });
      return;
    }
    response.redirect(303, `/console/results?task=${encodeURIComponent(values.taskCode)}&done=entered`);
  });

  router.post('/console/results/test-results', staff, async (request, response) => {
    const context = pageContext(request, response);
    const taskCode = formText(request, 'taskCode');
    const input = {
      creditCode: formText(request, 'creditCode'),
      sample: formText(request, 'sample'),
      laboratory: formText(request, 'laboratory'),
      reportNumber: formText(request, 'reportNumber'),
      conclusion: formText(request, 'conclusion'),
      testedOn: formText(request, 'testedOn'),
    };
    const entered = await enterTestResult(deps.database.db, taskCode, input, await departmentScopeOf(deps.database.db, context.principal.userId));
    if (!entered.ok) {
      const notice = html`<div class="notice error" role="alert"><p>${tr(context, '检验检测结果未保存：', 'The test result is not saved: ')}${describeTestResultIssue(entered.error, context.lang)}</p></div>`;
      await renderResultsPage(deps, calendar, today(), request, response, { status: statusOfTestResultIssue(entered.error), notice, values: { taskCode } });
      return;
    }
    response.redirect(303, `/console/results?task=${encodeURIComponent(taskCode)}&done=tested`);
  });

  router.post('/console/results/substitutions', staff, async (request, response) => {
    const fields = ['taskCode', 'creditCode', 'leaving', 'reason', 'reasonText'] as const;
    const values = Object.fromEntries(fields.map((field) => [field, formText(request, field)])) as Record<(typeof fields)[number], string>;
    assertBureauKeys(deps.bureauKeys, 'publish');
    const substituted = await substituteInspector(deps.database, deps.bureauKeys, values);
    if (!substituted.ok) {
      const context = pageContext(request, response);
      const notice = html`<div class="notice error" role="alert"><p>${describeSubstitutionEntryIssue(substituted.error, context.lang)}</p></div>`;
      await renderResultsPage(deps, calendar, today(), request, response, { status: 400, values, notice });
      return;
    }
    response.redirect(303, `/console/results?task=${encodeURIComponent(values.taskCode)}&done=substituted&replacement=${encodeURIComponent(substituted.value.record.replacement)}`);
  });

  router.post('/console/results/import', staff, upload.single('file'), async (request, response) => {
    const file = request.file;
    if (!file || file.size === 0) {
      const context = pageContext(request, response);
      await renderResultsPage(deps, calendar, today(), request, response, {
        status: 400,
        notice: html`<div class="notice error" role="alert"><p>${tr(context, '请选择一个结果文件。', 'Choose a results file.')}</p></div>`,
      });
      return;
    }
    const department = await departmentScopeOf(deps.database.db, pageContext(request, response).principal.userId);
    const report = await importResults(deps.database, calendar, { content: new Uint8Array(file.buffer), format: formatOf(file) }, { department });
    await renderResultsPage(deps, calendar, today(), request, response, { status: report.applied ? 200 : 400, report });
  });

  router.post('/console/results/:code/publish', staff, requireReauthentication(deps.database.db), async (request, response) => {
    const code = String(request.params.code ?? '');
    assertBureauKeys(deps.bureauKeys, 'publish');
    const published = await publishResults(deps.database, deps.bureauKeys, code);
    if (published.ok) {
      response.redirect(303, `/console/results?task=${encodeURIComponent(code)}&done=published&batch=${published.value.batch}`);
      return;
    }
    const context = pageContext(request, response);
    const detail = describePublishResultsIssue(published.error, context.lang);
    if (published.error.code === 'unknown_task') throw new NotFoundError(detail);
    await renderResultsPage(deps, calendar, today(), request, response, {
      status: 409,
      notice: html`<div class="notice error" role="alert"><p>${tr(context, '未公示：', 'Not published: ')}${detail}</p></div>`,
    });
  });
}
