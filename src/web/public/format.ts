/** Small formatting helpers shared by the public pages. */
import { html, type SafeHtml } from '../html.ts';
import { tr, type PageContext } from '../page.ts';

const shanghai = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/**
 * A moment as Beijing time to the minute, from a record time ("2026-11-29T03:00:31+08:00"),
 * an ISO UTC text or milliseconds; text that is not a time is returned as it is.
 *
 * @example formatTime('2026-11-28T19:00:31.469Z') // '2026-11-29 03:00'
 */
export function formatTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : shanghai.format(date);
}

/** A long hex value in a `<code>` that wraps anywhere. */
export function hexCode(value: string | undefined): SafeHtml {
  return value === undefined ? html`` : html`<code class="mono">${value}</code>`;
}

/** Path + query from `base` and the non-empty `params`. */
export function pageUrl(base: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return text === '' ? base : `${base}?${text}`;
}

/** "Next page" link (or nothing) and a "first page" link when not on the first page. */
export function pager(context: PageContext, first: string, next: string | undefined, onFirstPage: boolean): SafeHtml {
  if (!next && onFirstPage) return html``;
  return html`<nav class="pager" aria-label="${tr(context, '翻页', 'Pages')}">${onFirstPage ? '' : html`<a href="${first}">${tr(context, '« 第一页', '« First page')}</a>`}${
    next ? html`<a href="${next}" rel="next">${tr(context, '下一页 »', 'Next page »')}</a>` : ''
  }</nav>`;
}

