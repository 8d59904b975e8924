/** Small formatting helpers shared by the public pages. */
import type { Department } from '../../core/department.ts';
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

/**
 * Departments by their names in the page's language (a legacy free-text department: its text).
 *
 * @example departmentNames(zhContext, [{ code: 'SCJG', nameZh: '市场监管', nameEn: 'Market regulation' }, { code: 'NY', nameZh: '农业农村', nameEn: 'Agriculture' }]) // '市场监管、农业农村'
 */
export function departmentNames(context: PageContext, departments: readonly Department[]): string {
  return departments.map((department) => tr(context, department.nameZh, department.nameEn)).join(tr(context, '、', ', '));
}

/**
 * Items by name, for a table cell or a fact.
 *
 * @example itemNames(zhContext, [{ code: 'ZH-01', name: '营业执照（登记证）规范使用情况检查' }, { code: 'ZH-02', name: '企业年度报告公示信息情况检查' }]) // '营业执照（登记证）规范使用情况检查；企业年度报告公示信息情况检查'
 */
export function itemNames(context: PageContext, items: readonly { readonly name: string }[]): string {
  return items.map((item) => item.name).join(tr(context, '；', '; '));
}

/** Digits of a ticket shown before the rest is folded away. */
const TICKET_SHOWN_DIGITS = 12;

/**
 * A ticket (78 decimal digits) shortened to its first digits, the full value one click away
 * without JavaScript (a `<details>`, so it is in the page to find and copy) and in the
 * shortened value's title.
 *
 * @example ticketCode(zhContext, '1234567890123456…') // <details class="ticket"><summary><code title="1234…">123456789012…</code>…</summary><code class="mono ticket">1234…</code></details>
 */
export function ticketCode(context: PageContext, ticket: string): SafeHtml {
  if (ticket.length <= TICKET_SHOWN_DIGITS + 4) return html`<code class="mono ticket">${ticket}</code>`;
  return html`<details class="ticket"><summary><code class="mono" title="${ticket}">${ticket.slice(0, TICKET_SHOWN_DIGITS)}…</code><span class="visually-hidden">${tr(context, '（展开查看完整签号）', ' (show the full ticket)')}</span></summary><code class="mono ticket">${ticket}</code></details>`;
}
