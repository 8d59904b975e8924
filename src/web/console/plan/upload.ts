/**
 * The plan page's plan-file section: loading a JSON plan file (as `suiji plan load` does),
 * uploaded or pasted, saved all or nothing. A multipart form, so its action carries the CSRF
 * token in the query (the body is not parsed before the check). Every problem names its line
 * in the JSON, as `suiji plan load` does.
 */
import type { Router } from 'express';
import multer from 'multer';
import { loadPlanFile, type PlanIssue } from '../../../application/inspection-plan.ts';
import { lineOfPath, locateJsonPaths, parseJsonText, type JsonSyntaxIssue } from '../../../core/json-locations.ts';
import { decodeText } from '../../../core/text-encoding.ts';
import { html, type SafeHtml } from '../../html.ts';
import { csrfField, pageContext, requirePageRole, tr, type PageContext } from '../../page.ts';
import { reasonIn } from '../../../core/language.ts';
import { errorsOf, errorSummary, formText, groupErrors, multipartAction, successNotice, textareaField, type FieldErrors } from '../cycle-forms.ts';
import { refusal, type PlanDeps, type PlanView, type RenderPlanPage } from './section.ts';

const PLAN_FILE_LIMIT_BYTES = 20 * 1024 * 1024;

/** The form that loads a plan file. */
export function renderUploadSection(view: PlanView): SafeHtml {
  const { context } = view;
  const form = view.form('load');
  const loadErrors = form.errors;
  return html`<section aria-labelledby="load-heading">
<h2 id="load-heading">${tr(context, '导入计划文件', 'Load a plan file')}</h2>
<p>${tr(
    context,
    '计划文件为 JSON，可包含 plan、items、policies、inspectors、conflicts、tasks（与命令行 suiji plan load 相同）。全部通过才保存，任何一处有误都不保存。',
    'A plan file is JSON with any of plan, items, policies, inspectors, conflicts, tasks (as for suiji plan load). It is saved all or nothing.',
  )}</p>
${errorSummary(context, loadErrors, tr(context, '未导入：', 'Not loaded:'))}
<form method="post" action="${multipartAction(context, '/console/plan/load')}" enctype="multipart/form-data" class="stack">
${csrfField(context)}
<div class="field"><label for="plan-file">${tr(context, '计划文件（.json）', 'Plan file (.json)')}</label>
<input type="file" id="plan-file" name="file" accept=".json,application/json"></div>
${textareaField({ name: 'document', id: 'plan-document', label: tr(context, '或粘贴 JSON', 'Or paste the JSON'), value: form.value('document'), rows: 6, errors: errorsOf(loadErrors, 'document') })}
<div><button type="submit">${tr(context, '导入', 'Load')}</button></div>
</form>
</section>`;
}

/**
 * Why the text is not JSON, at the line and column the parser stopped (the parser's own words
 * are English: they follow in brackets).
 *
 * @example syntaxErrors(context, { code: 'invalid_json', line: 3, column: 1, message: '…' }).get('document') // ['第 3 行第 1 列：不是有效的 JSON（…）']
 */
function syntaxErrors(context: PageContext, issue: JsonSyntaxIssue): FieldErrors {
  const reason =
    issue.line === undefined
      ? tr(context, `不是有效的 JSON（${issue.message}）`, `is not valid JSON (${issue.message})`)
      : tr(context, `第 ${issue.line} 行第 ${issue.column ?? 1} 列：不是有效的 JSON（${issue.message}）`, `line ${issue.line}, column ${issue.column ?? 1}: not valid JSON (${issue.message})`);
  return groupErrors([{ field: 'document', reason }]);
}

/**
 * Each problem of a plan file as `suiji plan load` prints it, `LINE: path: reason`, in the
 * order found: the line is the value's, or its nearest enclosing object's when it is missing.
 *
 * @example planFileErrors(context, text, [{ path: 'tasks[0].round', reason: 'too small', reasonZh: '过小' }]).get('') // ['第 12 行：tasks[0].round：过小']
 */
function planFileErrors(context: PageContext, text: string, issues: readonly PlanIssue[]): FieldErrors {
  const locations = locateJsonPaths(text);
  return groupErrors(
    issues.map((issue) => {
      const line = lineOfPath(locations, issue.path) ?? 1;
      return { field: '', reason: `${tr(context, `第 ${line} 行：`, `line ${line}: `)}${issue.path}${tr(context, '：', ': ')}${reasonIn(issue, context.lang)}` };
    }),
  );
}

/** POST /console/plan/load (staff): loads an uploaded or pasted plan file and shows what it saved. */
export function registerUploadRoutes(router: Router, deps: PlanDeps, renderPage: RenderPlanPage): void {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: PLAN_FILE_LIMIT_BYTES, files: 1 } });
  router.post('/console/plan/load', requirePageRole('staff'), upload.single('file'), async (request, response) => {
    const file = request.file;
    const text = file && file.size > 0 ? decodeText(new Uint8Array(file.buffer), 'auto').text : formText(request, 'document');
    const context = pageContext(request, response);
    if (text.trim() === '') return renderPage(request, response, refusal('load', request, groupErrors([{ field: 'document', reason: tr(context, '请选择文件或粘贴 JSON', 'choose a file or paste the JSON') }])));
    const parsed = parseJsonText(text);
    if (!parsed.ok) return renderPage(request, response, refusal('load', request, syntaxErrors(context, parsed.error)));
    const loaded = await loadPlanFile(deps.database, parsed.value);
    if (!loaded.ok) return renderPage(request, response, refusal('load', request, planFileErrors(context, text, loaded.error)));
    const summary = loaded.value;
    await renderPage(request, response, {
      notice: successNotice(
        tr(
          context,
          `计划文件已导入：年度计划 ${summary.plan ? 1 : 0}、事项 ${summary.items}、抽查比例 ${summary.policies}、检查人员 ${summary.inspectors}、回避 ${summary.conflicts}、任务 ${summary.tasks}。`,
          `The plan file is loaded: ${summary.plan ? 1 : 0} plan, ${summary.items} items, ${summary.policies} policies, ${summary.inspectors} inspectors, ${summary.conflicts} conflicts, ${summary.tasks} tasks.`,
        ),
      ),
    });
  });
}
