/** Small helpers the account pages share: reading form fields, labelled inputs with errors, landing pages. */
import type { Request, Response } from 'express';
import { PASSWORD_MIN_LENGTH } from '../../application/accounts.ts';
import type { Role } from '../../application/api-tokens.ts';
import { html, type SafeHtml } from '../html.ts';
import { tr, type PageContext } from '../page.ts';

/** A text field of a urlencoded form body ('' when absent). */
export function formField(request: Request, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export interface InputOptions {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'password';
  readonly value?: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly autocomplete?: string;
  readonly required?: boolean;
  readonly minlength?: number;
  readonly autofocus?: boolean;
}

/** A labelled input; its error (if any) sits next to it and is tied to it by aria-describedby. */
export function input(options: InputOptions): SafeHtml {
  const id = `field-${options.name}`;
  const described = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div>
<label for="${id}">${options.label}</label>
${options.hint ? html`<span class="hint" id="${id}-hint">${options.hint}</span>` : ''}
<input type="${options.type ?? 'text'}" id="${id}" name="${options.name}"${options.type === 'password' ? '' : html` value="${options.value ?? ''}"`}${
    options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''
  }${options.required ? html` required` : ''}${options.minlength ? html` minlength="${options.minlength}"` : ''}${
    options.autofocus ? html` autofocus` : ''
  }${options.error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}>
${options.error ? html`<p class="field-error" id="${id}-error">${options.error}</p>` : ''}
</div>`;
}

/** The alert at the top of a form that failed. */
export function formAlert(message: string | undefined): SafeHtml {
  return message ? html`<p class="notice error" role="alert">${message}</p>` : html``;
}

/**
 * `next` when it is a path on this site (not `//other.example`, not a URL), else undefined:
 * a login link cannot send someone elsewhere after they sign in.
 *
 * @example safeNextPath('/console/tasks?year=2027') // '/console/tasks?year=2027'
 * @example safeNextPath('//evil.example/') // undefined
 */
export function safeNextPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length > 2000) return undefined;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return undefined;
  return next;
}

/** Where a role lands after signing in. */
export function landingPath(role: Role): string {
  switch (role) {
    case 'enterprise':
      return '/enterprise';
    case 'auditor':
      return '/console/activity';
    case 'staff':
    case 'admin':
      return '/console';
    default:
      return '/';
  }
}

/** Pages with secrets or personal forms must not be kept by the browser or proxies. */
export function noStore(response: Response): void {
  response.set('Cache-Control', 'no-store');
}


/** The hint under every new-password field: what the strength check wants. */
export function newPasswordHint(context: PageContext): string {
  return tr(
    context,
    `至少 ${PASSWORD_MIN_LENGTH} 个字符，不含用户名，不能是常用密码或容易猜到的词；一句只有自己知道的话最好记`,
    `At least ${PASSWORD_MIN_LENGTH} characters, without your username, not a common password or easily guessed words; a sentence only you would write is easiest to remember`,
  );
}
