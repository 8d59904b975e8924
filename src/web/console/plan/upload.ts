/**
 * The plan page's plan-file section: loading a JSON plan file (as `suiji plan load` does),
 * uploaded or pasted, saved all or nothing. A multipart form, so its action carries the CSRF
 * token in the query (the body is not parsed before the check).
 */
import type { Router } from 'express';
import multer from 'multer';
import { loadPlanFile } from '../../../application/inspection-plan.ts';
import { decodeText } from '../../../core/text-encoding.ts';
import { html, type SafeHtml } from '../../html.ts';
import { csrfField, pageContext, requirePageRole, tr } from '../../page.ts';
import { errorsOf, errorSummary, formText, groupErrors, multipartAction, successNotice, textareaField } from '../cycle-forms.ts';
import { fromPlanIssues, refusal, type PlanDeps, type PlanView, type RenderPlanPage } from './section.ts';

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

/** POST /console/plan/load (staff): loads an uploaded or pasted plan file and shows what it saved. */
export function registerUploadRoutes(router: Router, deps: PlanDeps, renderPage: RenderPlanPage): void {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: PLAN_FILE_LIMIT_BYTES, files: 1 } });
  router.post('/console/plan/load', requirePageRole('staff'), upload.single('file'), async (request, response) => {
    const file = request.file;
    const text = file && file.size > 0 ? decodeText(new Uint8Array(file.buffer), 'auto').text : formText(request, 'document');
    if (text.trim() === '') return renderPage(request, response, refusal('load', request, groupErrors([{ field: 'document', reason: 'choose a file or paste the JSON' }])));
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return renderPage(request, response, refusal('load', request, groupErrors([{ field: 'document', reason: `is not JSON: ${error instanceof Error ? error.message : String(error)}` }])));
    }
    const loaded = await loadPlanFile(deps.database, document);
    if (!loaded.ok) return renderPage(request, response, refusal('load', request, fromPlanIssues(loaded.error)));
    const summary = loaded.value;
    const context = pageContext(request, response);
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
