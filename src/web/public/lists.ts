/**
 * Red and black lists (守信红榜 / 失信黑榜): GET /lists (both, with their current editions) and
 * GET /lists/:list (the current list, searchable by name or credit code, paged, with the CSV
 * of the API and the exit notices). Only what the signed editions publish is shown.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { searchCurrentList } from '../../application/public-portal.ts';
import { LIST_KINDS, listExitNotices, type ListKind } from '../../application/red-black-lists.ts';
import type { AppDependencies } from '../../http/app.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { NotFoundError, ValidationError } from '../../http/problem.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatNumber, pageContext, sendPage, tr, type PageContext } from '../page.ts';
import { formatTime, pageUrl, pager } from './format.ts';
import { labelOf, LIST_NAMES } from './labels.ts';

const PAGE_SIZE = 50;
const querySchema = z.object({ q: z.string().max(100).optional().catch(undefined), cursor: z.string().max(200).optional().catch(undefined) });

function listName(context: PageContext, list: ListKind): string {
  return labelOf(LIST_NAMES, list, context.lang);
}

function csvUrl(list: ListKind): string {
  return `/api/public/lists/${list}?format=csv`;
}

async function listsIndexPage(request: Request, response: Response, deps: AppDependencies): Promise<void> {
  const context = pageContext(request, response);
  const cards: SafeHtml[] = [];
  for (const list of LIST_KINDS) {
    const page = await deps.database.readPublic((db) => searchCurrentList(db, list, { limit: 1 }));
    cards.push(html`<section class="card" data-list="${list}"><h2><a href="/lists/${list}">${listName(context, list)}</a></h2>
${
  page.edition
    ? html`<p>${tr(context, `当前版本 ${page.edition.code}，期间 ${page.edition.period.from} 至 ${page.edition.period.to}，发布于 ${formatTime(page.edition.publishedAt)}。`, `Current edition ${page.edition.code}, for ${page.edition.period.from} to ${page.edition.period.to}, published ${formatTime(page.edition.publishedAt)}.`)}</p>`
    : html`<p>${tr(context, '尚未发布。', 'Not published yet.')}</p>`
}
<p><a href="/lists/${list}">${tr(context, '查看与搜索', 'View and search')}</a> · <a href="${csvUrl(list)}">${tr(context, '下载 CSV', 'Download CSV')}</a></p></section>`);
  }
  const title = tr(context, '红黑榜', 'Red and black lists');
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '红黑榜按公布的标准计算，经审核后签名发布并写入公示日志。只公布企业信息，不公布任何自然人信息。',
      'The lists are computed from published criteria, reviewed, signed and written to the publication log. Only enterprise data is published, never anything about a natural person.',
    )}</p>
<div class="cards">${cards}</div>`,
  });
}

async function listPage(request: Request, response: Response, deps: AppDependencies): Promise<void> {
  const context = pageContext(request, response);
  const list = request.params.list as string;
  if (!(LIST_KINDS as readonly string[]).includes(list)) throw new NotFoundError(tr(context, `没有名单 ${list}。`, `No list ${list}.`));
  const kind = list as ListKind;
  const query = querySchema.parse(request.query);
  const search = query.q?.trim() ?? '';
  let after: string | undefined;
  if (query.cursor !== undefined) {
    after = decodeCursor(query.cursor, /^[0-9A-Z]{18}$/);
    if (after === undefined) throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor from this page' }]);
  }
  const { page, notices } = await deps.database.readPublic(async (db) => ({
    page: await searchCurrentList(db, kind, { query: search, after, limit: PAGE_SIZE }),
    notices: await listExitNotices(db, kind, { limit: 20 }),
  }));
  const base = `/lists/${kind}`;
  const next = page.nextAfter ? pageUrl(base, { q: search, cursor: encodeCursor(page.nextAfter) }) : undefined;
  const title = listName(context, kind);
  const heading = {
    name: tr(context, '企业名称', 'Name'),
    code: tr(context, '统一社会信用代码', 'Credit code'),
    reason: tr(context, '列入事由', 'Reason'),
    legalBasis: tr(context, '设定依据', 'Legal basis'),
    entered: tr(context, '列入日期', 'Entered'),
    expires: tr(context, '有效期至', 'Expires'),
    exitDate: tr(context, '移出日期', 'Exit date'),
    cause: tr(context, '移出原因', 'Cause'),
  };
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
${
  page.edition
    ? html`<p id="edition" data-edition="${page.edition.code}">${tr(context, `当前版本 ${page.edition.code}（${page.edition.period.from} 至 ${page.edition.period.to}），发布于 ${formatTime(page.edition.publishedAt)}。已由移出公告结束的条目不再列出。`, `Current edition ${page.edition.code} (${page.edition.period.from} to ${page.edition.period.to}), published ${formatTime(page.edition.publishedAt)}. Entries ended by an exit notice are left out.`)}</p>`
    : html`<p>${tr(context, '尚未发布。', 'Not published yet.')}</p>`
}
<p><a href="${csvUrl(kind)}" id="csv-link">${tr(context, '下载完整名单（CSV，可用 Excel 打开）', 'Download the whole list (CSV, opens in Excel)')}</a> · <a href="/api/public/lists/${kind}/editions">${tr(context, '历次版本（签名 JSON）', 'All editions (signed JSON)')}</a></p>
<form class="search" method="get" action="${base}" role="search">
<div><label for="q">${tr(context, '按企业名称或统一社会信用代码搜索', 'Search by name or credit code')}</label><input type="search" id="q" name="q" value="${search}" maxlength="100"></div>
<button type="submit">${tr(context, '搜索', 'Search')}</button>
</form>
${
  page.entries.length === 0
    ? html`<p id="no-entries">${search ? tr(context, '没有符合条件的企业。', 'No enterprise matches.') : tr(context, '名单为空。', 'The list is empty.')}</p>`
    : html`<div class="table-scroll"><table id="list-table" class="stacked"><thead><tr><th scope="col">${heading.name}</th><th scope="col">${heading.code}</th><th scope="col">${heading.reason}</th><th scope="col">${heading.legalBasis}</th><th scope="col">${heading.entered}</th><th scope="col">${heading.expires}</th></tr></thead>
<tbody>${page.entries.map((entry) => html`<tr data-code="${entry.creditCode}"><td data-label="${heading.name}">${entry.name}</td><td data-label="${heading.code}"><code class="credit-code">${entry.creditCode}</code></td><td data-label="${heading.reason}">${entry.reason}</td><td data-label="${heading.legalBasis}">${entry.legalBasis}</td><td data-label="${heading.entered}">${entry.entryDate}</td><td data-label="${heading.expires}">${entry.expiry}</td></tr>`)}</tbody></table></div>`
}
${pager(context, pageUrl(base, { q: search }), next, after === undefined)}
<h2 id="exit-notices">${tr(context, '移出公告', 'Exit notices')}</h2>
${
  notices.length === 0
    ? html`<p>${tr(context, '暂无移出公告。', 'No exit notice yet.')}</p>`
    : html`<div class="table-scroll"><table id="exit-table" class="stacked"><thead><tr><th scope="col">${heading.name}</th><th scope="col">${heading.code}</th><th scope="col">${heading.entered}</th><th scope="col">${heading.exitDate}</th><th scope="col">${heading.cause}</th></tr></thead>
<tbody>${notices.map(({ envelope: { record } }) => html`<tr><td data-label="${heading.name}">${record.name}</td><td data-label="${heading.code}"><code class="credit-code">${record.creditCode}</code></td><td data-label="${heading.entered}">${record.entryDate}</td><td data-label="${heading.exitDate}">${record.exitDate}</td><td data-label="${heading.cause}">${record.cause === 'expiry' ? tr(context, '期满', 'Expired') : tr(context, '信用修复', 'Credit repair')}${record.repairDecision ? html` (${record.repairDecision})` : ''}</td></tr>`)}</tbody></table></div>
<p class="hint">${tr(context, `共显示最近 ${formatNumber(context, notices.length)} 条；全部见 `, `The latest ${formatNumber(context, notices.length)} shown; all at `)}<a href="/api/public/exit-notices?list=${kind}">/api/public/exit-notices</a></p>`
}`,
  });
}

export function registerListPages(router: Router, deps: AppDependencies): void {
  router.get('/lists', (request, response) => listsIndexPage(request, response, deps));
  router.get('/lists/:list', (request, response) => listPage(request, response, deps));
}
