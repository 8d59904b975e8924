/**
 * Imports from the console (导入): staff upload a directory export or a credit-record file
 * and see what happened: how many rows were inserted, updated, left unchanged or rejected,
 * and every rejected row with its line, field and reason. An upload is imported by an import
 * job, as the API's `Prefer: respond-async` does: the form answers with the job's page, which
 * shows the progress (rows read, applied, rejected) and then this report.
 *
 * Uploads are multipart forms written to a temporary file by multer (up to the import limit),
 * never held in memory; the job reads the file. The global CSRF check runs before multer has
 * read the body, so each form's action carries the token in its query (`?_csrf=`), besides
 * the usual hidden field.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import multer from 'multer';
import { actorOf } from '../../application/activity-log.ts';
import type { ImportEncoding, ImportFormat, ImportReport } from '../../application/import-directory.ts';
import type { CreditRecordKind } from '../../core/credit-record.ts';
import { CREDIT_RECORD_KIND_NAMES, CREDIT_RECORD_KINDS, parseCreditRecordKind } from '../../core/credit-record-row.ts';
import type { ServedDependencies } from '../../http/app.ts';
import { principalOf } from '../../http/auth.ts';
import { importJobInput, type ImportRequest } from '../../http/import-jobs.ts';
import { PayloadTooLargeError, ValidationError } from '../../http/problem.ts';
import { DEFAULT_IMPORT_BODY_LIMIT_BYTES, keepFileForJob, removeUploadedFile, uploadedFileHead } from '../../http/import-upload.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatNumber, requirePageRole, sendPage, tr, pageContext, type PageContext } from '../page.ts';
import { reasonIn } from '../../core/language.ts';

/** Rejected rows listed on the page; a file worse than this is the wrong file. */
const shownRejectedRows = 10_000;

type ImportTarget = 'enterprises' | 'records';

interface UploadForm {
  readonly target: ImportTarget;
  readonly partial: boolean;
  readonly encoding: ImportEncoding;
  readonly kind?: string;
  /** Problems with the fields, by field name, shown next to each. */
  readonly errors?: Readonly<Partial<Record<'file' | 'kind', string>>>;
}

const encodings: readonly ImportEncoding[] = ['auto', 'utf-8', 'gb18030'];

function encodingLabel(context: PageContext, encoding: ImportEncoding): string {
  switch (encoding) {
    case 'auto':
      return tr(context, '自动识别（UTF-8 或 GB18030）', 'Detect (UTF-8 or GB18030)');
    case 'utf-8':
      return 'UTF-8';
    case 'gb18030':
      return tr(context, 'GB18030（Excel 中文默认）', 'GB18030 (Chinese Excel default)');
  }
}

function kindLabel(context: PageContext, kind: CreditRecordKind): string {
  return context.lang === 'zh' ? CREDIT_RECORD_KIND_NAMES[kind] : `${kind.replaceAll('_', ' ')} (${CREDIT_RECORD_KIND_NAMES[kind]})`;
}

/** The form action: the CSRF token rides in the query, since multipart bodies are read after the check. */
function formAction(context: PageContext, target: ImportTarget): string {
  const path = `/console/imports/${target}`;
  return context.csrfToken === undefined ? path : `${path}?_csrf=${encodeURIComponent(context.csrfToken)}`;
}

function uploadForm(context: PageContext, form: UploadForm): SafeHtml {
  const id = (name: string) => `${form.target}-${name}`;
  const errors = form.errors ?? {};
  const fieldError = (name: 'file' | 'kind') =>
    errors[name] === undefined ? '' : html`<p class="field-error" id="${id(`${name}-error`)}">${errors[name]}</p>`;
  const described = (name: 'file' | 'kind', hint: string) =>
    errors[name] === undefined ? id(hint) : `${id(hint)} ${id(`${name}-error`)}`;
  const heading =
    form.target === 'enterprises' ? tr(context, '导入检查对象名录', 'Import the directory') : tr(context, '导入信用记录', 'Import credit records');
  return html`<section class="card import-form" aria-labelledby="${id('heading')}">
<h2 id="${id('heading')}">${heading}</h2>
<form class="stack" method="post" action="${formAction(context, form.target)}" enctype="multipart/form-data">
${csrfField(context)}
<div>
<label for="${id('file')}">${tr(context, '文件（CSV 或 JSON）', 'File (CSV or JSON)')}</label>
<input type="file" id="${id('file')}" name="file" required accept=".csv,.json,.txt,text/csv,application/json" aria-describedby="${described('file', 'file-hint')}"${errors.file ? html` aria-invalid="true"` : ''}>
<p class="hint" id="${id('file-hint')}">${
    form.target === 'enterprises'
      ? tr(context, '表头可用中文或英文，如 统一社会信用代码、企业名称、所属行政区划、行业代码、成立日期、企业类型、登记状态。', 'Chinese or English headers, e.g. 统一社会信用代码 (creditCode), 企业名称 (name), region, industry, registration date, entity type, status.')
      : tr(context, 'CSV 每个文件一类记录；JSON 数组中每个对象带 kind。身份证号只保存其密钥哈希。', 'A CSV holds one kind of record; in a JSON array each object names its kind. ID numbers are kept only as a keyed hash.')
  }</p>
${fieldError('file')}
</div>
${
  form.target === 'records'
    ? html`<div>
<label for="${id('kind')}">${tr(context, '记录类别（CSV 必选）', 'Record kind (required for CSV)')}</label>
<select id="${id('kind')}" name="kind" aria-describedby="${described('kind', 'kind-hint')}"${errors.kind ? html` aria-invalid="true"` : ''}>
<option value="">${tr(context, '由 JSON 文件中的 kind 决定', 'Given by each JSON element’s kind')}</option>
${CREDIT_RECORD_KINDS.map((kind) => html`<option value="${kind}"${form.kind === kind ? html` selected` : ''}>${kindLabel(context, kind)}</option>`)}
</select>
<p class="hint" id="${id('kind-hint')}">${tr(context, '例如行政处罚、经营异常名录、年度报告。', 'E.g. penalties, abnormal-operations listings, annual reports.')}</p>
${fieldError('kind')}
</div>`
    : ''
}
<fieldset>
<legend>${tr(context, '有错误行时', 'When some rows are invalid')}</legend>
<div class="choice"><input type="radio" id="${id('mode-all')}" name="mode" value="all"${form.partial ? '' : html` checked`}>
<label for="${id('mode-all')}">${tr(context, '全部不导入（默认）：先修正文件', 'Import nothing (default): fix the file first')}</label></div>
<div class="choice"><input type="radio" id="${id('mode-partial')}" name="mode" value="partial"${form.partial ? html` checked` : ''}>
<label for="${id('mode-partial')}">${tr(context, '只导入正确的行，列出错误行', 'Import the valid rows and list the others')}</label></div>
</fieldset>
<div>
<label for="${id('encoding')}">${tr(context, '文字编码', 'Text encoding')}</label>
<select id="${id('encoding')}" name="encoding">
${encodings.map((encoding) => html`<option value="${encoding}"${form.encoding === encoding ? html` selected` : ''}>${encodingLabel(context, encoding)}</option>`)}
</select>
</div>
<div><button type="submit">${tr(context, '上传并导入', 'Upload and import')}</button></div>
</form>
</section>`;
}

function importPage(context: PageContext, forms: { enterprises: UploadForm; records: UploadForm }, before: SafeHtml = html``): SafeHtml {
  const title = tr(context, '导入', 'Imports');
  return html`<h1>${title}</h1>
${before}
<p class="lead">${tr(
    context,
    '上传登记系统导出的名录或信用记录。每个被拒绝的行都会列出行号、字段和原因。',
    'Upload a directory or credit-record export from a registration system. Every rejected row is listed with its line, field and reason.',
  )}</p>
<div class="cards">
${uploadForm(context, forms.enterprises)}
${uploadForm(context, forms.records)}
</div>`;
}

/** The file's format: by its name, else by its first character (`[` is JSON). */
function formatOf(file: Express.Multer.File): ImportFormat {
  const name = file.originalname.toLowerCase();
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv') || name.endsWith('.txt')) return 'csv';
  if (file.mimetype === 'application/json') return 'json';
  const head = uploadedFileHead(file.path, 64).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  return head.startsWith('[') ? 'json' : 'csv';
}

function fieldText(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

function readForm(target: ImportTarget, body: unknown): UploadForm {
  const encoding = fieldText(body, 'encoding');
  const kind = fieldText(body, 'kind');
  return {
    target,
    partial: fieldText(body, 'mode') === 'partial',
    encoding: encodings.includes(encoding as ImportEncoding) ? (encoding as ImportEncoding) : 'auto',
    ...(kind ? { kind } : {}),
  };
}

/** multer as a promise, its errors turned into our HTTP errors. */
function uploadMiddleware(limitBytes: number): RequestHandler {
  const upload = multer({
    // Written to the temporary directory as it arrives (multer's disk storage), never in memory.
    storage: multer.diskStorage({}),
    limits: { fileSize: limitBytes, files: 1, fields: 10, fieldSize: 4096 },
    // File names from Chinese desktops are UTF-8; busboy's default would mangle them.
    defParamCharset: 'utf8',
  }).single('file');
  return (request, response, next) => {
    upload(request, response, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') {
          next(new PayloadTooLargeError(`The file is larger than the import limit of ${Math.round(limitBytes / 1024 / 1024)} MB.`));
          return;
        }
        next(new ValidationError([{ field: error.field ?? 'file', reason: error.message }]));
        return;
      }
      next(error);
    });
  };
}

/**
 * An import's report as the console shows it (the import job's page shows it when the job ended).
 *
 * @example importReportSection(context, '名录.csv', 'csv', report)
 */
export function importReportSection(context: PageContext, fileName: string, format: ImportFormat, report: ImportReport): SafeHtml {
  const rejectedLines = report.rejectedRowCount;
  const unchanged = report.applied ? Math.max(0, report.totalRows - rejectedLines - report.inserted - report.updated) : 0;
  const outcome = report.applied
    ? rejectedLines === 0
      ? html`<p class="notice success" role="status">${tr(context, `已导入全部 ${report.totalRows} 行。`, `All ${report.totalRows} rows were imported.`)}</p>`
      : html`<p class="notice error" role="alert">${tr(
          context,
          `已导入正确的行；${rejectedLines} 行被拒绝，见下表。`,
          `The valid rows were imported; ${rejectedLines} rows were rejected, listed below.`,
        )}</p>`
    : html`<p class="notice error" role="alert" id="nothing-imported"><strong>${tr(context, '没有导入任何行。', 'Nothing was imported.')}</strong> ${tr(
        context,
        `${report.totalRows} 行中有 ${rejectedLines} 行被拒绝。请修正后重新上传，或选择“只导入正确的行”。`,
        `${rejectedLines} of ${report.totalRows} rows were rejected. Fix them and upload again, or choose “Import the valid rows”.`,
      )}</p>`;
  const shown = report.rejected.slice(0, shownRejectedRows);
  return html`<section aria-labelledby="report-heading" class="import-report">
<h2 id="report-heading">${tr(context, '概况', 'Summary')}</h2>
${outcome}
<dl class="facts">
<dt>${tr(context, '文件', 'File')}</dt><dd>${fileName} (${format.toUpperCase()}, ${report.encoding.toUpperCase()})</dd>
${
  report.ignoredColumns
    ? html`<dt>${tr(context, '未保存的列', 'Columns not kept')}</dt><dd id="ignored-columns">${report.ignoredColumns.join('、')} <span class="hint">${tr(
        context,
        '（本系统不使用这些列，已跳过，不会保存）',
        '(Suiji does not use these columns: skipped, never stored)',
      )}</span></dd>`
    : ''
}
</dl>
<div class="table-scroll"><table class="import-counts" id="import-counts">
<thead><tr>
<th scope="col" class="number">${tr(context, '总行数', 'Rows')}</th>
<th scope="col" class="number">${tr(context, '新增', 'Inserted')}</th>
<th scope="col" class="number">${tr(context, '更新', 'Updated')}</th>
<th scope="col" class="number">${tr(context, '未变', 'Unchanged')}</th>
<th scope="col" class="number">${tr(context, '拒绝', 'Rejected')}</th>
</tr></thead>
<tbody><tr>
<td class="number" data-count="total">${formatNumber(context, report.totalRows)}</td>
<td class="number" data-count="inserted">${formatNumber(context, report.inserted)}</td>
<td class="number" data-count="updated">${formatNumber(context, report.updated)}</td>
<td class="number" data-count="unchanged">${formatNumber(context, unchanged)}</td>
<td class="number" data-count="rejected">${formatNumber(context, rejectedLines)}</td>
</tr></tbody>
</table></div>
${
  report.rejected.length === 0
    ? ''
    : html`<h3 id="rejected-heading">${tr(context, '被拒绝的行', 'Rejected rows')}</h3>
<div class="table-scroll"><table id="rejected-rows" aria-labelledby="rejected-heading">
<thead><tr><th scope="col" class="number">${tr(context, '行号', 'Line')}</th><th scope="col">${tr(context, '字段', 'Field')}</th><th scope="col">${tr(context, '原因', 'Reason')}</th><th scope="col">${tr(context, '原始内容（不保存的列已清空）', 'Row as read (columns never kept are blank)')}</th></tr></thead>
<tbody>${shown.map(
        (row) => html`<tr data-line="${row.line}"><td class="number">${row.line}</td><td>${row.field ?? '—'}</td><td>${reasonIn(row, context.lang)}</td><td><code class="raw-row">${row.raw ?? ''}</code></td></tr>`,
      )}</tbody>
</table></div>
${
  report.rejected.length > shown.length
    ? html`<p class="notice">${tr(
        context,
        `另有 ${report.rejected.length - shown.length} 个问题未列出：请先修正以上各行（文件可能选错了）。`,
        `${report.rejected.length - shown.length} more problems are not listed: fix the rows above first (is it the right file?).`,
      )}</p>`
    : ''
}`
}
</section>`;
}

export function registerConsoleImportPages(router: Router, deps: ServedDependencies): void {
  const upload = uploadMiddleware(deps.importBodyLimitBytes ?? DEFAULT_IMPORT_BODY_LIMIT_BYTES);
  const blankForms = {
    enterprises: { target: 'enterprises', partial: false, encoding: 'auto' } satisfies UploadForm,
    records: { target: 'records', partial: false, encoding: 'auto' } satisfies UploadForm,
  };

  router.get('/console/imports', requirePageRole('staff'), (request, response) => {
    const context = pageContext(request, response);
    sendPage(response, context, { title: tr(context, '导入', 'Imports'), body: importPage(context, blankForms) });
  });

  const sendFormAgain = (request: Request, response: Response, form: UploadForm) => {
    const context = pageContext(request, response);
    const forms = { ...blankForms, [form.target]: form };
    sendPage(response, context, {
      status: 400,
      title: tr(context, '导入', 'Imports'),
      body: importPage(context, forms, html`<p class="notice error" role="alert">${tr(context, '表单有误，请看标出的字段。', 'The form has a problem: see the marked field.')}</p>`),
    });
  };

  /** Starts the import job of a received file and answers with its page (303), in the reader's language. */
  const startImportJob = async (request: Request, response: Response, file: Express.Multer.File, importRequest: ImportRequest) => {
    const job = await deps.jobs.enqueue('import', importJobInput(importRequest, keepFileForJob(file.path)), actorOf(principalOf(response)));
    const lang = request.query['lang'];
    response.redirect(303, `/console/jobs/${job.id}${lang === 'zh' || lang === 'en' ? `?lang=${lang}` : ''}`);
  };
  /** Sends the form back with its problem; the file it came with is not kept. */
  const refuseForm = (request: Request, response: Response, form: UploadForm, file: Express.Multer.File | undefined) => {
    if (file) removeUploadedFile(file.path);
    sendFormAgain(request, response, form);
  };

  router.post('/console/imports/enterprises', requirePageRole('staff'), upload, async (request, response) => {
    const form = readForm('enterprises', request.body);
    const file = request.file;
    const context = pageContext(request, response);
    if (!file || file.size === 0) {
      refuseForm(request, response, { ...form, errors: { file: tr(context, '请选择一个非空的 CSV 或 JSON 文件。', 'Choose a CSV or JSON file that is not empty.') } }, file);
      return;
    }
    await startImportJob(request, response, file, { target: 'enterprises', format: formatOf(file), encoding: form.encoding, partial: form.partial, sourceName: file.originalname });
  });

  router.post('/console/imports/records', requirePageRole('staff'), upload, async (request, response) => {
    const form = readForm('records', request.body);
    const file = request.file;
    const context = pageContext(request, response);
    const kind = form.kind === undefined ? undefined : parseCreditRecordKind(form.kind);
    if (!file || file.size === 0) {
      refuseForm(request, response, { ...form, errors: { file: tr(context, '请选择一个非空的 CSV 或 JSON 文件。', 'Choose a CSV or JSON file that is not empty.') } }, file);
      return;
    }
    const format = formatOf(file);
    if (form.kind !== undefined && !kind) {
      refuseForm(request, response, { ...form, errors: { kind: tr(context, '未知的记录类别。', 'Unknown record kind.') } }, file);
      return;
    }
    if (format === 'csv' && !kind) {
      refuseForm(request, response, { ...form, errors: { kind: tr(context, 'CSV 文件只含一类记录：请选择类别。', 'A CSV file holds one kind of record: choose the kind.') } }, file);
      return;
    }
    await startImportJob(request, response, file, { target: 'records', format, kind, encoding: form.encoding, partial: form.partial, sourceName: file.originalname });
  });
}
