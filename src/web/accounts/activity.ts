/**
 * /console/activity (admin and auditor): the activity log, newest first, filtered by actor
 * or action, paged by "older entries" links (keyset: `before` = the last id shown).
 */
import type { Request, Response, Router } from 'express';
import { listActivity, type ActivityEntryRecord } from '../../application/activity-log.ts';
import { formatRecordTime } from '../../application/record-time.ts';
import { ACTIVITY_ACTION_LABELS, describeActivityDetail, type LabelPair } from '../../core/activity-vocabulary.ts';
import { column, type TableColumn } from '../../core/table-columns.ts';
import type { Database } from '../../persistence/database.ts';
import { html } from '../html.ts';
import { pageContext, requirePageRole, roleName, sendPage, tr, type PageContext } from '../page.ts';
import { downloadLinks, registerTableDownload } from '../table-downloads.ts';

const ACTIVITY_PATH = '/console/activity';
const PAGE_SIZE = 50;
const ACTIVITY_EXPORT_PATH = '/console/activity/export';


/** An activity action in the page's language (the code itself when it has no words yet). */
export function actionLabel(context: Pick<PageContext, 'lang'>, action: string): string {
  const pair = (ACTIVITY_ACTION_LABELS as Record<string, LabelPair>)[action];
  return pair ? tr(context, pair[0], pair[1]) : action;
}

/** Who acted, as a kind: a person's account, an enterprise, the command line, the server itself or nobody signed in. */
function actorKindName(context: Pick<PageContext, 'lang'>, kind: string): string {
  const names: Record<string, LabelPair> = {
    user: ['账号', 'account'],
    enterprise: ['企业', 'enterprise'],
    token: ['接口令牌', 'API token'],
    cli: ['命令行', 'command line'],
    system: ['系统', 'system'],
    anonymous: ['未登录', 'not signed in'],
  };
  const pair = names[kind];
  return pair ? tr(context, pair[0], pair[1]) : kind;
}

const chinese = { lang: 'zh' } as const;

/** The log's columns in Excel and CSV downloads (changes, newest first). */
const ACTIVITY_COLUMNS: readonly TableColumn<ActivityEntryRecord>[] = [
  column('时间', 20, (entry) => formatRecordTime(entry.at), 'datetime'),
  column('操作者', 20, (entry) => entry.actorLabel ?? ''),
  column('操作者类型', 10, (entry) => actorKindName(chinese, entry.actorKind)),
  column('角色', 10, (entry) => roleName(chinese, entry.role)),
  column('动作', 20, (entry) => actionLabel(chinese, entry.action)),
  column('请求', 40, (entry) => (entry.method === null ? '' : `${entry.method} ${entry.path ?? ''}`)),
  column('状态', 8, (entry) => entry.status, 'number'),
  column('对象', 30, (entry) => entry.subject ?? ''),
  column('详情', 40, (entry) => (entry.details ? Object.entries(entry.details).map(([key, value]) => describeActivityDetail(key, value, 'zh')).join('；') : '')),
];

async function* activityPages(db: Database): AsyncGenerator<ActivityEntryRecord[]> {
  let before: number | undefined;
  for (;;) {
    const page = await listActivity(db, { limit: 1000, before, section: 'changes' });
    if (page.items.length > 0) yield page.items;
    if (page.nextBefore === undefined) return;
    before = page.nextBefore;
  }
}

function queryText(request: Request, name: string): string | undefined {
  const value = request.query[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > 200 ? undefined : trimmed;
}

function pageUrl(filter: { actor?: string | undefined; action?: string | undefined; before?: number; security?: boolean }): string {
  const params = new URLSearchParams();
  if (filter.security) params.set('section', 'security');
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.action) params.set('action', filter.action);
  if (filter.before !== undefined) params.set('before', String(filter.before));
  const query = params.toString();
  return query === '' ? ACTIVITY_PATH : `${ACTIVITY_PATH}?${query}`;
}

async function activityPage(request: Request, response: Response, db: Database): Promise<void> {
  const context = pageContext(request, response);
  const actor = queryText(request, 'actor');
  const action = queryText(request, 'action');
  const beforeText = queryText(request, 'before');
  const before = beforeText !== undefined && /^[1-9]\d{0,15}$/.test(beforeText) ? Number(beforeText) : undefined;
  // The security section (refused requests, with addresses) is for admins.
  const security = queryText(request, 'section') === 'security' && context.principal.role === 'admin';
  const page = await listActivity(db, { limit: PAGE_SIZE, before, actor, action, section: security ? 'security' : 'changes' });
  const title = security ? tr(context, '操作日志：安全', 'Activity log: security') : tr(context, '操作日志', 'Activity log');
  const time = (at: Date) => at.toLocaleString(context.lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' });
  sendPage(response, context, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${tr(
      context,
      '谁在何时做了什么：每次成功的修改、登录与退出、设置链接与用户管理。日志只能追加，不能修改。',
      'Who did what and when: every successful change, sign-ins and sign-outs, setup links and user management. The log is append-only.',
    )}</p>
${
  context.principal.role === 'admin'
    ? html`<p><a href="${pageUrl({})}"${security ? '' : html` aria-current="page"`}>${tr(context, '操作', 'Changes')}</a> · <a id="security-section" href="${pageUrl({ security: true })}"${security ? html` aria-current="page"` : ''}>${tr(context, '安全：被拒绝的请求（401、403、CSRF），含地址', 'Security: refused requests (401, 403, CSRF) with addresses')}</a></p>`
    : ''
}
${security ? '' : downloadLinks(context, ACTIVITY_EXPORT_PATH, 'activity')}
<form method="get" action="${ACTIVITY_PATH}" class="search" role="search">
${security ? html`<input type="hidden" name="section" value="security">` : ''}
<div><label for="actor">${tr(context, '操作者', 'Actor')}</label><input type="search" id="actor" name="actor" value="${actor ?? ''}"></div>
<div><label for="action">${tr(context, '动作', 'Action')}</label><select id="action" name="action"><option value="">${tr(context, '全部', 'All')}</option>${Object.keys(ACTIVITY_ACTION_LABELS).map(
      (key) => html`<option value="${key}"${key === action ? ' selected' : ''}>${actionLabel(context, key)}</option>`,
    )}</select></div>
<div><button type="submit">${tr(context, '筛选', 'Filter')}</button></div>
</form>
${
  page.items.length === 0
    ? html`<p>${tr(context, '没有符合条件的记录。', 'No entries match.')}</p>`
    : html`<div class="table-scroll"><table class="activity">
<thead><tr><th scope="col">${tr(context, '时间', 'Time')}</th><th scope="col">${tr(context, '操作者', 'Actor')}</th><th scope="col">${tr(context, '角色', 'Role')}</th><th scope="col">${tr(context, '动作', 'Action')}</th><th scope="col">${tr(context, '请求', 'Request')}</th><th scope="col">${tr(context, '对象', 'Subject')}</th></tr></thead>
<tbody>${page.items.map(
        (entry) => html`<tr>
<td>${time(entry.at)}</td>
<td>${entry.actorLabel === null ? html`<span class="hint">${actorKindName(context, entry.actorKind)}</span>` : html`<a href="${pageUrl({ actor: entry.actorLabel })}">${entry.actorLabel}</a>`} <span class="tag">${actorKindName(context, entry.actorKind)}</span></td>
<td>${roleName(context, entry.role)}</td>
<td>${actionLabel(context, entry.action)}</td>
<td>${entry.method === null ? '' : html`<code>${entry.method} ${entry.path ?? ''}</code> → ${entry.status ?? ''}`}</td>
<td>${entry.subject ?? ''}${entry.details ? html` <span class="hint">${Object.entries(entry.details).map(([key, value]) => describeActivityDetail(key, value, context.lang)).join(tr(context, '；', '; '))}</span>` : ''}</td>
</tr>`,
      )}</tbody></table></div>`
}
<nav class="pager" aria-label="${tr(context, '翻页', 'Pages')}">
${before === undefined ? '' : html`<a href="${pageUrl({ actor, action, security })}">${tr(context, '最新', 'Newest')}</a>`}
${page.nextBefore === undefined ? '' : html`<a href="${pageUrl({ actor, action, before: page.nextBefore, security })}" rel="next">${tr(context, '更早的记录', 'Older entries')}</a>`}
</nav>`,
  });
}

export function registerActivityPage(router: Router, db: Database): void {
  router.get(ACTIVITY_PATH, requirePageRole('admin', 'auditor'), (request, response) => activityPage(request, response, db));
  registerTableDownload(router, db, ACTIVITY_EXPORT_PATH, ['admin', 'auditor'], () => ({ filename: 'activity-log', sheetName: '操作日志', columns: ACTIVITY_COLUMNS, pages: activityPages(db) }));
}
