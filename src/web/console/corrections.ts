/**
 * Issue 17 in the console: staff answer enterprises' statements (/console/statements);
 * admins ask for the correction of a published result (/console/corrections, four eyes:
 * another admin approves it at /console/approvals) and load the three lists
 * (/console/leniency-lists: one entry, or a pasted CSV or JSON file checked line by line).
 */
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../application/activity-log.ts';
import { approverNameOf, describeApprovalIssue, requestAct, statusOfApprovalIssue } from '../../application/approvals.ts';
import { describeLeniencyFieldIssue, findLeniencyLists, importLeniencyLists, saveLeniencyEntry } from '../../application/leniency-lists.ts';
import { answerStatement, describeStatementIssue, findStatements, statusOfStatementIssue } from '../../application/result-statements.ts';
import { INSPECTION_OUTCOMES } from '../../core/credit-record.ts';
import type { LeniencyField } from '../../core/leniency-list.ts';
import { reasonIn } from '../../core/language.ts';
import { CORRECTION_KINDS, type CorrectionKind } from '../../core/result-correction.ts';
import type { AppDependencies } from '../../http/app.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { requireReauthentication } from '../../http/reauthentication.ts';
import { html, type HtmlValue } from '../html.ts';
import { csrfField, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { CORRECTION_KIND_LABELS, labelOf, LENIENCY_LIST_LABELS, RESULT_OUTCOMES } from '../public/labels.ts';
import { formText, inputField, selectField, successNotice, textareaField } from './cycle-forms.ts';
import { formatLocalTime } from './shared.ts';
import { assertBureauKeys } from '../../http/bureau-key-guard.ts';

const STATEMENTS_PATH = '/console/statements';
const CORRECTIONS_PATH = '/console/corrections';
const LENIENCY_PATH = '/console/leniency-lists';

type Deps = Pick<AppDependencies, 'database' | 'bureauKeys' | 'fourEyes' | 'now'>;

const nameOf = (response: Response) => approverNameOf(actorOf(principalOf(response)));
const errorNotice = (message: string | undefined) => (message ? html`<div class="notice error" role="alert"><p>${message}</p></div>` : '');

/** A console form page of this file: its heading, its lead in both languages, a notice after a redirect, an error, then the body. */
function sendFormPage(
  response: Response,
  context: PageContext,
  page: { readonly status?: number | undefined; readonly title: string; readonly lead: string; readonly notice?: HtmlValue; readonly error?: string | undefined; readonly body: HtmlValue },
): void {
  sendPage(response, context, {
    ...(page.status ? { status: page.status } : {}),
    title: page.title,
    body: html`<h1>${page.title}</h1>
<p class="lead">${page.lead}</p>
${page.notice ?? ''}
${errorNotice(page.error)}
${page.body}`,
  });
}

async function statementsPage(deps: Deps, request: Request, response: Response, state: { status?: number; error?: string } = {}): Promise<void> {
  const context = pageContext(request, response);
  const open = await findStatements(deps.database.db, { unanswered: true });
  sendFormPage(response, context, {
    status: state.status,
    title: tr(context, '陈述申辩', 'Statements and defence'),
    lead: tr(
      context,
      '企业对已公示的检查结果提出的陈述申辩。答复后企业可在“本企业”页面看到；陈述申辩和答复都不公开。需要更正结果的，请管理员提出更正。',
      'Statements enterprises made on their published results. The enterprise sees your answer on its page; neither is published. Where a result must be corrected, an admin asks for the correction.',
    ),
    notice: request.query.done === 'answered' ? successNotice(tr(context, '已答复。', 'Answered.')) : '',
    error: state.error,
    body:
      open.length === 0
        ? html`<p id="no-statements">${tr(context, '没有待答复的陈述申辩。', 'No statement is waiting for an answer.')}</p>`
        : open.map(
            (statement) => html`<section class="statement" id="statement-${String(statement.id)}">
<h2>${tr(context, `第 ${statement.id} 号`, `No. ${statement.id}`)}: ${statement.taskCode} · <code class="credit-code">${statement.creditCode}</code> · ${statement.itemCode}</h2>
<p class="hint">${tr(context, '提交时间：', 'Submitted: ')}${formatLocalTime(context, statement.submittedAt)}</p>
<blockquote>${statement.statement}</blockquote>
<form method="post" action="${STATEMENTS_PATH}/${String(statement.id)}/answer">${csrfField(context)}
${textareaField({ name: 'answer', id: `answer-${String(statement.id)}`, label: tr(context, '答复', 'Answer'), required: true })}
<button type="submit">${tr(context, '答复', 'Send the answer')}</button></form>
</section>`,
          ),
  });
}

interface CorrectionFormState {
  readonly status?: number;
  readonly error?: string;
  readonly values?: Readonly<Record<string, string>>;
}

async function correctionsPage(request: Request, response: Response, state: CorrectionFormState = {}): Promise<void> {
  const context = pageContext(request, response);
  const value = (name: string) => state.values?.[name] ?? (typeof request.query[name] === 'string' ? (request.query[name] as string) : '');
  const done = request.query.done;
  sendFormPage(response, context, {
    status: state.status,
    title: tr(context, '更正检查结果', 'Correct a published result'),
    lead: tr(
      context,
      '已公示的结果不作修改：更正（撤销、补正、变更）是一份新的签名记录，写入公示日志，门户将原结果标为已更正并链接到更正。四眼原则开启时，须由另一位管理员批准。',
      'A published result is never edited: a correction (revocation, supplement, change) is a new signed record in the publication log; the portal marks the original as corrected and links to it. With four eyes on, another admin approves it.',
    ),
    notice:
      done === 'proposed'
        ? successNotice(html`${tr(context, '已提出，等待另一位管理员批准：', 'Proposed; another admin must approve it: ')}<a href="/console/approvals">${tr(context, '待批准', 'Pending approvals')}</a>`)
        : typeof done === 'string' && /^\d+$/.test(done)
          ? successNotice(html`${tr(context, '已更正并公示：', 'Corrected and published: ')}<a href="/results/corrections/${done}">${tr(context, `第 ${done} 号更正`, `Correction ${done}`)}</a>`)
          : '',
    error: state.error,
    body: html`<form method="post" action="${CORRECTIONS_PATH}" id="correction-form">${csrfField(context)}
${inputField({ name: 'taskCode', label: tr(context, '抽查任务', 'Task'), value: value('taskCode'), required: true })}
${inputField({ name: 'creditCode', label: tr(context, '统一社会信用代码', 'Credit code'), value: value('creditCode'), required: true })}
${inputField({ name: 'itemCode', label: tr(context, '抽查事项', 'Item'), value: value('itemCode'), required: true })}
${inputField({ name: 'department', label: tr(context, '检查部门（联合检查中多个部门都有结果时填写其代码）', "Department (its code, when several departments of a joint task have results on the item)"), value: value('department') })}
${selectField({ name: 'kind', label: tr(context, '更正方式', 'Kind'), value: value('kind'), choices: CORRECTION_KINDS.map((kind) => ({ value: kind, label: labelOf(CORRECTION_KIND_LABELS, kind, context.lang) })) })}
${textareaField({ name: 'reason', label: tr(context, '理由（公开）', 'Reason (public)'), value: value('reason'), required: true })}
<fieldset><legend>${tr(context, '更正后的结果（补正、变更时填写；撤销不填）', 'The result as corrected (supplement or change; not for a revocation)')}</legend>
${selectField({ name: 'outcome', label: tr(context, '检查结果', 'Outcome'), value: value('outcome'), choices: [{ value: '', label: '—' }, ...INSPECTION_OUTCOMES.map((outcome) => ({ value: outcome, label: labelOf(RESULT_OUTCOMES, outcome, context.lang) }))] })}
${textareaField({ name: 'summary', label: tr(context, '结果说明', 'Summary'), value: value('summary') })}
${inputField({ name: 'correctiveOrder', label: tr(context, '责令改正', 'Corrective order'), value: value('correctiveOrder') })}
</fieldset>
<button type="submit">${tr(context, '提出更正', 'Ask for the correction')}</button>
</form>`,
  });
}

const LENIENCY_FIELDS: readonly LeniencyField[] = ['code', 'list', 'item', 'legalBasis', 'conditions', 'firstViolation'];

async function leniencyPage(deps: Deps, request: Request, response: Response, state: { status?: number; error?: string; rejected?: readonly string[] } = {}): Promise<void> {
  const context = pageContext(request, response);
  const entries = await findLeniencyLists(deps.database.db);
  sendFormPage(response, context, {
    status: state.status,
    title: tr(context, '三张清单', 'The three lists'),
    lead: tr(
      context,
      '从轻处罚、减轻处罚、免予处罚清单。载入后在门户公开；行政处罚记录可在“适用清单事项”列引用编号。',
      'The lighter-penalty, mitigated-penalty and no-penalty lists. Once loaded they are public on the portal; penalty records cite an entry by its code (column leniency_entry / 适用清单事项).',
    ),
    notice: request.query.done === 'saved' ? successNotice(tr(context, '已保存。', 'Saved.')) : '',
    error: state.error,
    body: html`${state.rejected && state.rejected.length > 0 ? html`<ul class="notice error" id="rejected-rows">${state.rejected.map((line) => html`<li>${line}</li>`)}</ul>` : ''}
<div class="table-scroll"><table id="leniency-entries"><thead><tr><th scope="col">${tr(context, '编号', 'Code')}</th><th scope="col">${tr(context, '清单', 'List')}</th><th scope="col">${tr(context, '违法行为', 'Violation')}</th><th scope="col">${tr(context, '法律依据', 'Legal basis')}</th><th scope="col">${tr(context, '适用条件', 'Conditions')}</th></tr></thead>
<tbody>${entries.map(
      (entry) =>
        html`<tr data-code="${entry.code}"><td><code>${entry.code}</code></td><td>${labelOf(LENIENCY_LIST_LABELS, entry.list, context.lang)}${entry.firstViolation ? tr(context, '（首违不罚）', ' (first violation)') : ''}</td><td>${entry.item}</td><td>${entry.legalBasis}</td><td>${entry.conditions}</td></tr>`,
    )}</tbody></table></div>
<h2>${tr(context, '添加或修改一项', 'Add or change one entry')}</h2>
<form method="post" action="${LENIENCY_PATH}/entry" id="leniency-entry-form">${csrfField(context)}
${inputField({ name: 'code', label: tr(context, '编号', 'Code'), required: true })}
${selectField({ name: 'list', label: tr(context, '清单', 'List'), choices: (['lighter', 'mitigated', 'exempt'] as const).map((list) => ({ value: list, label: labelOf(LENIENCY_LIST_LABELS, list, context.lang) })) })}
${inputField({ name: 'item', label: tr(context, '违法行为', 'Violation'), required: true })}
${inputField({ name: 'legalBasis', label: tr(context, '法律依据', 'Legal basis'), required: true })}
${textareaField({ name: 'conditions', label: tr(context, '适用条件', 'Conditions'), required: true })}
${selectField({ name: 'firstViolation', label: tr(context, '首违不罚', 'First violation, no penalty'), choices: [{ value: 'no', label: tr(context, '否', 'No') }, { value: 'yes', label: tr(context, '是（仅免予处罚清单）', 'Yes (no-penalty list only)') }] })}
<button type="submit">${tr(context, '保存', 'Save')}</button>
</form>
<h2>${tr(context, '导入文件内容', 'Import a file')}</h2>
<p class="hint">${tr(
      context,
      '粘贴 CSV（表头：编号, 清单, 违法行为, 法律依据, 适用条件, 首违不罚）或 JSON 数组；全部通过才保存，否则逐行列出问题。',
      'Paste a CSV (headings code, list, item, legal_basis, conditions, first_violation, or the Chinese ones) or a JSON array; all rows are saved or none, and each problem names its line.',
    )}</p>
<form method="post" action="${LENIENCY_PATH}/import" id="leniency-import-form">${csrfField(context)}
${selectField({ name: 'format', label: tr(context, '格式', 'Format'), choices: [{ value: 'csv', label: 'CSV' }, { value: 'json', label: 'JSON' }] })}
${textareaField({ name: 'content', label: tr(context, '内容', 'Content'), rows: 10, required: true })}
<button type="submit">${tr(context, '导入', 'Import')}</button>
</form>`,
  });
}

export function registerCorrectionPages(router: Router, deps: Deps): void {
  const staff = requirePageRole('staff');
  const admin = requirePageRole('admin');
  const now = () => deps.now?.() ?? new Date();

  router.get(STATEMENTS_PATH, staff, (request, response) => statementsPage(deps, request, response));
  router.post(`${STATEMENTS_PATH}/:id/answer`, staff, async (request, response) => {
    const id = Number(request.params.id);
    const answered = Number.isSafeInteger(id) && id >= 1 && id <= 2147483647 ? await answerStatement(deps.database, id, { answer: formText(request, 'answer'), answeredBy: nameOf(response) }, now()) : undefined;
    if (answered?.ok) {
      markActivityRecorded(response);
      response.redirect(303, `${STATEMENTS_PATH}?done=answered`);
      return;
    }
    const issue = answered?.error ?? { code: 'statement_not_found' as const, id };
    await statementsPage(deps, request, response, { status: statusOfStatementIssue(issue), error: describeStatementIssue(issue, pageContext(request, response).lang) });
  });

  router.get(CORRECTIONS_PATH, admin, (request, response) => correctionsPage(request, response));
  router.post(CORRECTIONS_PATH, admin, requireReauthentication(deps.database.db), async (request, response) => {
    assertBureauKeys(deps.bureauKeys, 'publish');
    const values = Object.fromEntries(['taskCode', 'creditCode', 'itemCode', 'department', 'kind', 'reason', 'outcome', 'summary', 'correctiveOrder'].map((name) => [name, formText(request, name)]));
    const kind = (CORRECTION_KINDS as readonly string[]).includes(values.kind ?? '') ? (values.kind as CorrectionKind) : 'change';
    const correction = {
      taskCode: values.taskCode ?? '',
      creditCode: values.creditCode ?? '',
      itemCode: values.itemCode ?? '',
      ...(values.department ? { department: values.department } : {}),
      kind,
      reason: values.reason ?? '',
      ...(kind === 'revocation' ? {} : { corrected: { outcome: values.outcome ?? '', summary: values.summary ?? '', correctiveOrder: values.correctiveOrder } }),
    };
    const requested = await requestAct(deps.database, deps.bureauKeys, { kind: 'result_correction', correction }, actorOf(principalOf(response)), { fourEyes: deps.fourEyes ?? true, now: now() });
    if (!requested.ok) {
      await correctionsPage(request, response, { status: statusOfApprovalIssue(requested.error), error: describeApprovalIssue(requested.error, pageContext(request, response).lang), values });
      return;
    }
    markActivityRecorded(response);
    const done = requested.value.status === 'proposed' ? 'proposed' : requested.value.outcome.kind === 'result_correction' ? String(requested.value.outcome.number) : 'proposed';
    response.redirect(303, `${CORRECTIONS_PATH}?done=${done}`);
  });

  router.get(LENIENCY_PATH, admin, (request, response) => leniencyPage(deps, request, response));
  router.post(`${LENIENCY_PATH}/entry`, admin, async (request, response) => {
    const values = Object.fromEntries(LENIENCY_FIELDS.map((field) => [field, formText(request, field)]));
    const saved = await saveLeniencyEntry(deps.database, values, nameOf(response));
    if (saved.ok) {
      markActivityRecorded(response);
      response.redirect(303, `${LENIENCY_PATH}?done=saved`);
      return;
    }
    const lang = pageContext(request, response).lang;
    await leniencyPage(deps, request, response, { status: 422, rejected: saved.error.map((issue) => `${issue.field}: ${describeLeniencyFieldIssue(issue, lang)}`) });
  });
  router.post(`${LENIENCY_PATH}/import`, admin, async (request, response) => {
    const format = formText(request, 'format') === 'json' ? 'json' : 'csv';
    const report = await importLeniencyLists(deps.database, { content: new TextEncoder().encode(formText(request, 'content')), format }, nameOf(response));
    if (report.applied) {
      markActivityRecorded(response);
      response.redirect(303, `${LENIENCY_PATH}?done=saved`);
      return;
    }
    const context = pageContext(request, response);
    await leniencyPage(deps, request, response, {
      status: 422,
      error: tr(context, `未导入：${report.rejected.length} 个问题。`, `Nothing imported: ${report.rejected.length} problems.`),
      rejected: report.rejected.map((row) => `${tr(context, `第 ${row.line} 行`, `Line ${row.line}`)}${row.field ? ` (${row.field})` : ''}: ${reasonIn(row, context.lang)}`),
    });
  });
}
