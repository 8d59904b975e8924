/**
 * Errors on pages are answered as pages, in the visitor's language; the API keeps its
 * problem+json. The status and the detail are the same either way.
 */
import type { Request, Response } from 'express';
import type { HttpError } from '../http/problem.ts';
import { html } from './html.ts';
import { sendPage, tr, type Language, type PageContext } from './page.ts';

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
