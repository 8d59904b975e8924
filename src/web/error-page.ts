/**
 * Errors on pages are answered as pages, in the visitor's language; the API keeps its
 * problem+json. The status and the detail are the same either way.
 */
import type { Request, Response } from 'express';
import type { HttpError } from '../http/problem.ts';
import { REAUTHENTICATION_FIELD, ReauthenticationError } from '../http/reauthentication.ts';
import { input } from './accounts/form.ts';
import { html, type SafeHtml } from './html.ts';
import { csrfField, sendPage, tr, type Language, type PageContext } from './page.ts';

const machinePaths = /^\/(api|\.well-known|assets)\/|^\/(healthz|openapi\.json)$/;

/** Whether a failed request came from a person's browser on a page, not from a script. */
export function wantsHtmlPage(request: Request): boolean {
  if (machinePaths.test(request.path)) return false;
  return request.accepts(['json', 'html']) === 'html';
}

function headline(context: Pick<PageContext, 'lang'>, status: number): string {
  switch (status) {
    case 401:
      return tr(context, '需要登录', 'Please log in');
    case 403:
      return tr(context, '无权访问', 'Not allowed');
    case 404:
      return tr(context, '页面不存在', 'Page not found');
    case 429:
      return tr(context, '请求过于频繁', 'Too many attempts');
    default:
      return status >= 500 ? tr(context, '服务器出错', 'Server error') : tr(context, '请求有误', 'The request could not be done');
  }
}

/** Sends `error` as an HTML page when the request wants one; returns whether it did. */
export function sendErrorPage(request: Request, response: Response, error: HttpError): boolean {
  if (!wantsHtmlPage(request)) return false;
  const context: PageContext = {
    lang: (response.locals.lang as Language | undefined) ?? 'zh',
    // The error may have come from authentication itself, before a principal was set.
    principal: response.locals.principal ?? { role: 'public' },
    ...(typeof response.locals.csrfToken === 'string' ? { csrfToken: response.locals.csrfToken } : {}),
    url: request.originalUrl,
    path: request.path,
  };
  if (error instanceof ReauthenticationError && request.method === 'POST' && request.is('urlencoded')) {
    sendReauthenticationPage(request, response, context, error);
    return true;
  }
  const title = headline(context, error.status);
  response.set(error.headers);
  sendPage(response, context, {
    status: error.status,
    title,
    body: html`<h1>${title}</h1>
<p class="notice error" role="alert">${error.detail}</p>
<p><a href="/">${tr(context, '返回首页', 'Back to the home page')}</a></p>`,
  });
  return true;
}

/** The fields of the refused form, to send again unchanged (the CSRF field comes fresh). */
function repeatedFields(request: Request): SafeHtml[] {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.entries(body).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value])
      .filter((item): item is string => typeof item === 'string')
      .map((item) => html`<input type="hidden" name="${name}" value="${item}">`),
  );
}

/**
 * A sensitive act asked for the password again: a form that asks for it and posts the very
 * same request (its fields kept) back to where it went, so nothing typed is lost.
 */
function sendReauthenticationPage(request: Request, response: Response, context: PageContext, error: ReauthenticationError): void {
  const title = tr(context, '请再次输入密码', 'Confirm your password');
  response.set('Cache-Control', 'no-store');
  sendPage(response, context, {
    status: error.status,
    title,
    body: html`<h1>${title}</h1>
${
  error.code === 'reauthentication_failed'
    ? html`<p class="notice error" role="alert">${tr(context, '密码不正确，操作未执行。', 'The password is wrong; nothing was done.')}</p>`
    : html`<p class="lead">${tr(
        context,
        '采纳抽查比例、公示名单或结果、管理用户和保存评分模型前，需要再次确认密码（几分钟内有效）。',
        'Adopting a policy, publishing a list or results, managing users and saving a scoring model need your password again (it holds for a few minutes).',
      )}</p>`
}
<form method="post" action="${request.originalUrl}" class="stack">
${csrfField(context)}
${repeatedFields(request)}
${input({ name: REAUTHENTICATION_FIELD, label: tr(context, '您的密码', 'Your password'), type: 'password', autocomplete: 'current-password', required: true, autofocus: true })}
<div><button type="submit">${tr(context, '确认并继续', 'Confirm and continue')}</button></div>
</form>`,
  });
}
