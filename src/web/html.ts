/**
 * HTML built from tagged templates that escape every interpolated value, so a business name
 * or a query parameter can never become markup. Only `SafeHtml` passes through unescaped.
 */

/** Markup that is already safe to emit (built by `html` or vouched for with `trustedHtml`). */
export class SafeHtml {
  readonly #markup: string;
  constructor(markup: string) {
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

/** What may appear inside `${...}` in an `html` template. Arrays are concatenated. */
export type HtmlValue = SafeHtml | string | number | bigint | boolean | null | undefined | readonly HtmlValue[];

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** @example escapeHtml('<b>"A&B"</b>') // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;' */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character] as string);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  // null, undefined and false render as nothing so `${condition && html`...`}` reads naturally.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * @example html`<p title="${name}">${name}</p>` // name = '<x>' → <p title="&lt;x&gt;">&lt;x&gt;</p>
 * @example html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}


/** Markup from a source we control (e.g. a page body this server rendered and cached). */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
