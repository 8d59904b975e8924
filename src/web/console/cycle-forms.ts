/**
 * Form pieces shared by the console pages of the inspection year (plan, tasks, results,
 * lists): labelled fields with their error next to them, the error summary (role="alert"),
 * reading urlencoded bodies, and the notices after a redirect. Every field has a
 * `<label for>`; an invalid one is `aria-invalid` and points at its message.
 */
import type { Request } from 'express';
import { html, type HtmlValue, type SafeHtml } from '../html.ts';
import { tr, type PageContext } from '../page.ts';

/** Messages per form field name (`tiers`, `departments[0].department`, …). */
export type FieldErrors = ReadonlyMap<string, readonly string[]>;

export const NO_ERRORS: FieldErrors = new Map();

/** Groups `{ field, reason }` issues by field; issues without a field go under `''`. */
export function groupErrors(issues: readonly { readonly field?: string | undefined; readonly reason: string }[]): FieldErrors {
  const grouped = new Map<string, string[]>();
  for (const issue of issues) {
    const key = issue.field ?? '';
    const list = grouped.get(key) ?? [];
    list.push(issue.reason);
    grouped.set(key, list);
  }
  return grouped;
}

/** The messages of `name` and of every path below it (`departments` collects `departments[1].teamSize`). */
export function errorsOf(errors: FieldErrors, name: string): string[] {
  const found: string[] = [];
  for (const [field, messages] of errors) {
    if (field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`)) {
      for (const message of messages) found.push(field === name ? message : `${field}: ${message}`);
    }
  }
  return found;
}

/** The error line under a field (nothing when the field is fine). */
export function fieldError(id: string, messages: readonly string[]): SafeHtml {
  if (messages.length === 0) return html``;
  return html`<p class="field-error" id="${id}-error">${messages.join('; ')}</p>`;
}

/** `aria-invalid` and `aria-describedby` for a field, pointing at its error or hint. */
export function describedBy(id: string, messages: readonly string[], hint: boolean): SafeHtml {
  const ids = [...(hint ? [`${id}-hint`] : []), ...(messages.length > 0 ? [`${id}-error`] : [])];
  return html`${messages.length > 0 ? html` aria-invalid="true"` : ''}${ids.length > 0 ? html` aria-describedby="${ids.join(' ')}"` : ''}`;
}

export interface FieldOptions {
  readonly name: string;
  readonly label: string;
  /** Defaults to `name`. Ids must be unique on the page. */
  readonly id?: string;
  readonly value?: string;
  readonly type?: 'text' | 'number' | 'date' | 'search';
  readonly hint?: HtmlValue;
  readonly required?: boolean;
  readonly errors?: readonly string[];
  /** Extra attributes, e.g. html` min="1"`. */
  readonly attributes?: SafeHtml;
}

/** A labelled input with its hint and error. */
export function inputField(options: FieldOptions): SafeHtml {
  const id = options.id ?? options.name;
  const errors = options.errors ?? [];
  const hasHint = options.hint !== undefined && options.hint !== '';
  return html`<div class="field">
<label for="${id}">${options.label}</label>
${hasHint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
<input type="${options.type ?? 'text'}" id="${id}" name="${options.name}" value="${options.value ?? ''}"${options.required ? html` required` : ''}${describedBy(id, errors, hasHint)}${options.attributes ?? ''}>
${fieldError(id, errors)}
</div>`;
}

/** A labelled select; `options` are value/label pairs. */
export function selectField(options: {
  readonly name: string;
  readonly label: string;
  readonly id?: string;
  readonly value?: string;
  readonly choices: readonly { readonly value: string; readonly label: string }[];
  readonly hint?: HtmlValue;
  readonly errors?: readonly string[];
  readonly required?: boolean;
}): SafeHtml {
  const id = options.id ?? options.name;
  const errors = options.errors ?? [];
  const hasHint = options.hint !== undefined && options.hint !== '';
  return html`<div class="field">
<label for="${id}">${options.label}</label>
${hasHint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
<select id="${id}" name="${options.name}"${options.required ? html` required` : ''}${describedBy(id, errors, hasHint)}>
${options.choices.map((choice) => html`<option value="${choice.value}"${choice.value === options.value ? html` selected` : ''}>${choice.label}</option>`)}
</select>
${fieldError(id, errors)}
</div>`;
}

/** A labelled textarea. */
export function textareaField(options: FieldOptions & { readonly rows?: number }): SafeHtml {
  const id = options.id ?? options.name;
  const errors = options.errors ?? [];
  const hasHint = options.hint !== undefined && options.hint !== '';
  return html`<div class="field">
<label for="${id}">${options.label}</label>
${hasHint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
<textarea id="${id}" name="${options.name}" rows="${options.rows ?? 4}"${options.required ? html` required` : ''}${describedBy(id, errors, hasHint)}>${options.value ?? ''}</textarea>
${fieldError(id, errors)}
</div>`;
}

/**
 * The summary above a form that was refused: what went wrong, announced to screen readers.
 * Messages without a field (`''`) are listed here only.
 */
export function errorSummary(context: PageContext, errors: FieldErrors, headline?: string): SafeHtml {
  if (errors.size === 0) return html``;
  // The field's own error, beside its label, says which field: no property name shows on the page.
  const lines = [...errors].flatMap(([, messages]) => messages);
  return html`<div class="notice error" role="alert"><p><strong>${headline ?? tr(context, '未保存：请更正以下问题。', 'Not saved: please correct the following.')}</strong></p>
<ul>${lines.map((line) => html`<li>${line}</li>`)}</ul></div>`;
}

/** A success notice (after a redirect), announced politely. */
export function successNotice(message: HtmlValue): SafeHtml {
  return html`<div class="notice success" role="status"><p>${message}</p></div>`;
}

/** The trimmed text of a urlencoded form field ('' when absent; the first of repeated ones). */
export function formText(request: Request, name: string): string {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const value = body[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0].trim() : '';
  return typeof value === 'string' ? value.trim() : '';
}

/** Every value of a repeated field (checkboxes), trimmed, blanks dropped. */
export function formValues(request: Request, name: string): string[] {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const value = body[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((entry): entry is string => typeof entry === 'string').map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** A whole number from a form field, or the text itself so validation reports it as given. */
export function formInteger(text: string): number | string | undefined {
  if (text === '') return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** A comma, semicolon or space separated list. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;，；、\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * The action of a multipart form: the CSRF middleware runs before the route parses the
 * upload, so a multipart form carries its session's token in the query (`_csrf`).
 */
export function multipartAction(context: PageContext, path: string): string {
  return context.csrfToken === undefined ? path : `${path}?_csrf=${encodeURIComponent(context.csrfToken)}`;
}

/** The notice shown where freezing, drawing or publishing needs the bureau's signing key. */
export function keysMissingNotice(context: PageContext): SafeHtml {
  return html`<div class="notice error" role="alert"><p>${tr(
    context,
    '本服务器未配置机关签名密钥，不能冻结、抽取或公示（接口返回 503）。请管理员配置密钥后再试。',
    'This server has no bureau signing key configured, so it cannot freeze, draw or publish (the API answers 503). Ask an administrator to configure the key.',
  )}</p></div>`;
}
