/**
 * What every page shares: who is asking and in which language (`PageContext`), the page
 * shell (header, navigation, language switch, footer), role guards that redirect to the login
 * page, and the CSRF field for forms. Pages are rendered on the server and readable without
 * JavaScript; scripts are separate files under /assets (the CSP forbids inline scripts and
 * inline styles).
 */
import type { Request, RequestHandler, Response } from 'express';
import { roleSatisfies, type CredentialRole } from '../application/api-tokens.ts';
import { principalOf, type Principal } from '../http/auth.ts';
import { sendDocument } from '../http/cacheable.ts';
import type { PublicContentCache } from '../http/public-cache.ts';
import { ForbiddenError } from '../http/problem.ts';
import { html, type HtmlValue, type SafeHtml } from './html.ts';

export type Language = 'zh' | 'en';
export const LANGUAGE_COOKIE = 'suiji_lang';

export interface PageContext {
  readonly lang: Language;
  readonly principal: Principal;
  /** The session's CSRF token; present only for a browser session (cookie login). */
  readonly csrfToken?: string;
  /** Path and query of this request, for the language switch and `?next=` after login. */
  readonly url: string;
  readonly path: string;
}

/**
 * Chooses the language: `?lang=` (remembered in a cookie for a year), else the cookie, else
 * Chinese. Chinese first: the portal is for a Chinese bureau and its public.
 */
export function languageMiddleware(): RequestHandler {
  return (request, response, next) => {
    const asked = request.query.lang;
    let lang: Language;
    if (asked === 'zh' || asked === 'en') {
      lang = asked;
      response.cookie(LANGUAGE_COOKIE, lang, { maxAge: 365 * 24 * 3600 * 1000, sameSite: 'lax', httpOnly: true, path: '/' });
    } else {
      const remembered = (request.cookies as Record<string, unknown> | undefined)?.[LANGUAGE_COOKIE];
      lang = remembered === 'en' ? 'en' : 'zh';
    }
    response.locals.lang = lang;
    next();
  };
}

/** The page context of a request (after `authenticate` and `languageMiddleware`). */
export function pageContext(request: Request, response: Response): PageContext {
  const lang = (response.locals.lang as Language | undefined) ?? 'zh';
  const csrfToken = response.locals.csrfToken as string | undefined;
  return {
    lang,
    principal: principalOf(response),
    ...(csrfToken === undefined ? {} : { csrfToken }),
    url: request.originalUrl,
    path: request.path,
  };
}

/**
 * Picks the text for the page's language. Each page keeps its own pairs next to its markup,
 * so there is no shared catalogue to keep in step.
 *
 * @example tr(context, '抽查结果', 'Draws')
 */
export function tr(context: Pick<PageContext, 'lang'>, chinese: string, english: string): string {
  return context.lang === 'zh' ? chinese : english;
}

/** A role as people call it. */
export function roleName(context: Pick<PageContext, 'lang'>, role: string): string {
  switch (role) {
    case 'admin':
      return tr(context, '管理员', 'administrator');
    case 'staff':
      return tr(context, '工作人员', 'staff');
    case 'auditor':
      return tr(context, '监督人员', 'auditor');
    case 'enterprise':
      return tr(context, '企业', 'enterprise');
    case 'public':
      return tr(context, '公众', 'public');
    case 'cli':
      return tr(context, '命令行', 'command line');
    case 'system':
      return tr(context, '系统', 'system');
    default:
      return role;
  }
}

/** The hidden CSRF field every state-changing form carries. */
export function csrfField(context: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${context.csrfToken ?? ''}">`;
}

/** `url` with `lang` set, keeping the rest of the query. */
export function withLanguage(url: string, lang: Language): string {
  const [rawPath, query = ''] = url.split('?', 2) as [string, string?];
  // A request for `//evil.example/x` must not become a link to another site: one leading
  // slash, no backslashes (browsers read a backslash as a slash).
  const path = `/${rawPath.replace(/\\/g, '/').replace(/^\/+/, '')}`;
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

interface NavigationLink {
  readonly href: string;
  readonly label: string;
}

function publicLinks(context: PageContext): NavigationLink[] {
  return [
    { href: '/draws', label: tr(context, '抽查公示', 'Draws') },
    { href: '/verify', label: tr(context, '核验抽取', 'Verify a draw') },
    { href: '/receipt', label: tr(context, '我被公平抽取了吗', 'Was I drawn fairly?') },
    { href: '/lists', label: tr(context, '红黑榜', 'Red & black lists') },
    { href: '/lists/leniency', label: tr(context, '三张清单', 'Three lists') },
    { href: '/results', label: tr(context, '检查结果', 'Results') },
    { href: '/plan', label: tr(context, '抽查计划', 'Plans') },
    { href: '/log', label: tr(context, '公示日志', 'Publication log') },
  ];
}

function consoleLinks(context: PageContext): NavigationLink[] {
  const role = context.principal.role;
  const links: NavigationLink[] = [];
  if (roleSatisfies(role, 'staff')) {
    links.push(
      { href: '/console', label: tr(context, '工作台', 'Console') },
      { href: '/console/imports', label: tr(context, '导入', 'Imports') },
      { href: '/console/evaluations', label: tr(context, '信用评价', 'Evaluations') },
      { href: '/console/tier-lists', label: tr(context, '分级分类清单', 'Tier lists') },
      { href: '/console/observation', label: tr(context, '观察期', 'Observation') },
      { href: '/console/plan', label: tr(context, '抽查计划', 'Plan') },
      { href: '/console/tasks', label: tr(context, '抽查任务', 'Tasks') },
      { href: '/console/results', label: tr(context, '结果录入', 'Results entry') },
      { href: '/console/self-inspection', label: tr(context, '自查报告', 'Self-inspection') },
      { href: '/console/lists', label: tr(context, '名单审核', 'List review') },
      { href: '/console/statements', label: tr(context, '陈述申辩', 'Statements') },
    );
  }
  if (role === 'admin') {
    links.push(
      { href: '/console/models', label: tr(context, '评分模型', 'Scoring models') },
      { href: '/console/approvals', label: tr(context, '待批准', 'Pending approvals') },
      { href: '/console/corrections', label: tr(context, '结果更正', 'Corrections') },
      { href: '/console/leniency-lists', label: tr(context, '三张清单', 'Three lists') },
      { href: '/console/admin/users', label: tr(context, '用户', 'Users') },
      { href: '/console/admin/departments', label: tr(context, '执法部门', 'Departments') },
    );
  }
  if (role === 'auditor') {
    links.push({ href: '/console/evaluations', label: tr(context, '信用评价', 'Evaluations') });
  }
  if (role === 'admin' || role === 'auditor') {
    links.push({ href: '/console/activity', label: tr(context, '操作日志', 'Activity log') });
  }
  if (role === 'enterprise') links.push({ href: '/enterprise', label: tr(context, '本企业', 'My enterprise') });
  return links;
}

function navigation(links: readonly NavigationLink[], context: PageContext, label: string): SafeHtml {
  if (links.length === 0) return html``;
  return html`<nav aria-label="${label}"><ul>${links.map(
    (link) =>
      html`<li><a href="${link.href}"${context.path === link.href ? html` aria-current="page"` : ''}>${link.label}</a></li>`,
  )}</ul></nav>`;
}

function accountArea(context: PageContext): SafeHtml {
  const { principal } = context;
  if (principal.role === 'public') {
    return html`<a href="/login">${tr(context, '登录', 'Log in')}</a>`;
  }
  const who = principal.username ?? principal.enterpriseCode ?? principal.role;
  // A token-authenticated script has no session to end.
  const logout =
    principal.sessionId === undefined
      ? html``
      : html`<form method="post" action="/logout" class="inline">${csrfField(context)}<button type="submit">${tr(context, '退出', 'Log out')}</button></form>`;
  // Only a person's account has a password to change (not an enterprise, not a token).
  const password =
    principal.sessionId === undefined || principal.userId === undefined ? html`` : html`<a href="/account/password">${tr(context, '修改密码', 'Change password')}</a>`;
  return html`<span class="who">${who} (${roleName(context, principal.role)})</span> ${password} ${logout}`;
}

export interface PageOptions {
  readonly title: string;
  readonly body: HtmlValue;
  /** Script names under /assets (e.g. 'verify' → /assets/verify.js), loaded as modules. */
  readonly scripts?: readonly string[];
  readonly status?: number;
}

/** The whole HTML document for a page. */
export function renderPage(context: PageContext, options: PageOptions): SafeHtml {
  const other: Language = context.lang === 'zh' ? 'en' : 'zh';
  const siteName = tr(context, '随机 · 双随机一公开抽查', 'Suiji · double-random inspections');
  return html`<!doctype html>
<html lang="${context.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${siteName}</title>
<link rel="stylesheet" href="/assets/suiji.css">
<link rel="icon" href="data:,">
${context.csrfToken === undefined ? '' : html`<meta name="csrf-token" content="${context.csrfToken}">`}
${(options.scripts ?? []).map((name) => html`<script type="module" src="/assets/${name}.js"></script>`)}
</head>
<body>
<a class="skip" href="#main">${tr(context, '跳到正文', 'Skip to content')}</a>
<header class="site">
<div class="bar">
<a class="brand" href="/">${siteName}</a>
<div class="account">
<a href="${withLanguage(context.url, other)}" lang="${other === 'zh' ? 'zh-CN' : 'en'}" hreflang="${other === 'zh' ? 'zh-CN' : 'en'}">${other === 'zh' ? '中文' : 'English'}</a>
${accountArea(context)}
</div>
</div>
${navigation(publicLinks(context), context, tr(context, '公示', 'Public'))}
${navigation(consoleLinks(context), context, tr(context, '工作台', 'Console'))}
</header>
<main id="main" tabindex="-1">
${options.body}
</main>
<footer class="site">
<p>${tr(
    context,
    '抽取记录公开种子与承诺，任何人都可以重算核验。',
    'Every draw is published with its seed and commitment, so anyone can re-run it.',
  )} <a href="/openapi.json">OpenAPI</a> · <a href="/.well-known/suiji-keys.json">${tr(context, '公钥', 'Public keys')}</a></p>
</footer>
</body>
</html>`;
}

/**
 * Whether this request's page is the same bytes for every anonymous visitor in its language:
 * nobody signed in (the header would name them) and no query but `lang` (the language
 * switch links to the same place either way).
 */
function isSharedPage(context: PageContext): boolean {
  return context.principal.role === 'public' && context.csrfToken === undefined && (context.url === context.path || context.url === `${context.path}?lang=${context.lang}`);
}

/**
 * Sends a public page that depends only on what `key` names and the language: for anonymous
 * visitors rendered once and kept whole in `cache` (gzip-coded, strong ETag, revalidated with
 * `no-cache`, since a key names no immutable content); a signed-in visitor's page is rendered
 * for them. `render` may throw (404).
 *
 * @example await sendSharedPage(request, response, context, deps.publicCache, `draw-page:${id}:${record.etag}:${names.version}`, () => drawDetailContent(…))
 */
export async function sendSharedPage(
  request: Request,
  response: Response,
  context: PageContext,
  cache: PublicContentCache,
  key: string | undefined,
  render: () => PageOptions | Promise<PageOptions>,
): Promise<void> {
  const name = key !== undefined && isSharedPage(context) ? `page:${context.lang}:${key}` : undefined;
  const kept = name === undefined ? undefined : cache.get(name);
  if (kept) {
    sendDocument(request, response, kept, 'no-cache');
    return;
  }
  const options = await render();
  if (name === undefined || (options.status ?? 200) !== 200) {
    sendPage(response, context, options);
    return;
  }
  sendDocument(request, response, cache.put(name, renderPage(context, options).toString(), 'text/html; charset=utf-8'), 'no-cache');
}

/** Renders and sends a page as HTML. */
export function sendPage(response: Response, context: PageContext, options: PageOptions): void {
  response
    .status(options.status ?? 200)
    .type('html')
    .send(renderPage(context, options).toString());
}

/**
 * Guards a page: the public is sent to the login page (and back afterwards); a signed-in
 * user without the role gets 403. The API's role checks stay the real boundary; this keeps
 * people from landing on forms they cannot submit.
 *
 * @example router.get('/console/models', requirePageRole('admin'), modelsPage)
 */
export function requirePageRole(...roles: CredentialRole[]): RequestHandler {
  return (request, response, next) => {
    const principal = principalOf(response);
    if (principal.role === 'public') {
      response.redirect(303, `/login?next=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    if (!roles.some((role) => roleSatisfies(principal.role, role))) {
      throw new ForbiddenError(`This page needs the ${roles.join(' or ')} role; you are signed in as ${principal.role}.`);
    }
    next();
  };
}

/** Formats a number for the page's language (thousands separators). */
export function formatNumber(context: Pick<PageContext, 'lang'>, value: number): string {
  return value.toLocaleString(context.lang === 'zh' ? 'zh-CN' : 'en-US');
}
