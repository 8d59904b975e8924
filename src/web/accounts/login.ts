/**
 * Signing in and out: staff, admins and auditors with username and password (/login), an
 * enterprise with its credit code and the receipt code on its notification
 * (/enterprise/login). Failed attempts are rate limited and logged (username or credit code
 * only); a successful one starts a fresh session (never reusing a cookie the browser
 * brought, so a planted session id is worthless).
 */
import type { Request, Response, Router } from 'express';
import { createSession, revokeSession, verifyEnterpriseLogin, verifyLogin, normaliseUsername } from '../../application/accounts.ts';
import { actorOf, recordActivity } from '../../application/activity-log.ts';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import { err } from '../../core/result.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { loginRateLimiters } from '../../http/login-rate-limit.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.ts';
import type { Database } from '../../persistence/database.ts';
import { html } from '../html.ts';
import { csrfField, pageContext, sendPage, tr, type PageContext } from '../page.ts';
import { formAlert, formField, input, landingPath, noStore, safeNextPath } from './form.ts';
import { siteSettingsOf } from '../../http/site-settings.ts';
import { normaliseCreditCode } from '../../core/credit-code.ts';

const anonymous = { actorKind: 'anonymous', actorId: null, actorLabel: null, role: 'public' } as const;

function renderLogin(request: Request, response: Response, state: { username?: string; error?: string; status?: number } = {}): void {
  const context = pageContext(request, response);
  const next = safeNextPath(request.method === 'GET' ? request.query.next : formField(request, 'next'));
  noStore(response);
  sendPage(response, context, {
    status: state.status ?? 200,
    title: tr(context, '登录', 'Log in'),
    body: html`<h1>${tr(context, '工作人员登录', 'Staff log in')}</h1>
${signedInNote(context)}
${formAlert(state.error)}
<form method="post" action="/login" class="stack">
${csrfField(context)}
${next === undefined ? '' : html`<input type="hidden" name="next" value="${next}">`}
${input({ name: 'username', label: tr(context, '用户名', 'Username'), value: state.username ?? '', autocomplete: 'username', required: true, autofocus: true })}
${input({ name: 'password', label: tr(context, '密码', 'Password'), type: 'password', autocomplete: 'current-password', required: true })}
<div><button type="submit">${tr(context, '登录', 'Log in')}</button></div>
</form>
<p>${tr(context, '企业请用信用代码和回执码登录：', 'Enterprises sign in with their credit code and receipt code: ')}<a href="/enterprise/login">${tr(context, '企业登录', 'Enterprise sign-in')}</a></p>
<p class="hint">${tr(
      context,
      '没有账户？请向管理员索取一次性设置链接。本系统没有默认密码。',
      'No account? Ask an administrator for a one-time setup link. There is no default password.',
    )}</p>`,
  });
}

function signedInNote(context: PageContext): ReturnType<typeof html> {
  const { principal } = context;
  if (principal.sessionId === undefined) return html``;
  const who = principal.username ?? principal.enterpriseCode ?? principal.role;
  return html`<p class="notice">${tr(context, `您已以 ${who} 身份登录；再次登录将结束当前会话。`, `You are signed in as ${who}; signing in again ends this session.`)}</p>`;
}

function renderEnterpriseLogin(request: Request, response: Response, state: { creditCode?: string; error?: string; status?: number } = {}): void {
  const context = pageContext(request, response);
  noStore(response);
  sendPage(response, context, {
    status: state.status ?? 200,
    title: tr(context, '企业登录', 'Enterprise sign-in'),
    body: html`<h1>${tr(context, '企业登录', 'Enterprise sign-in')}</h1>
<p class="lead">${tr(
      context,
      '输入统一社会信用代码和抽查通知书上的回执码，查看本企业的抽取回执和已公示的检查结果。',
      'Enter your unified social credit code and the receipt code printed on your inspection notification to see your receipts and published results.',
    )}</p>
${signedInNote(context)}
${formAlert(state.error)}
<form method="post" action="/enterprise/login" class="stack">
${csrfField(context)}
${input({ name: 'creditCode', label: tr(context, '统一社会信用代码', 'Unified social credit code'), value: state.creditCode ?? '', autocomplete: 'off', required: true, autofocus: true, hint: tr(context, '18 位', '18 characters') })}
${input({ name: 'receiptCode', label: tr(context, '回执码', 'Receipt code'), type: 'password', autocomplete: 'off', required: true, hint: tr(context, '如 K7QD-3M9X-PA2F-8HZT', 'e.g. K7QD-3M9X-PA2F-8HZT') })}
<div><button type="submit">${tr(context, '登录', 'Sign in')}</button></div>
</form>
<p>${tr(context, '只想核验一次抽取？', 'Just checking one draw? ')}<a href="/receipt">${tr(context, '我被公平抽取了吗', 'Was I drawn fairly?')}</a></p>`,
  });
}

/** Ends the session the browser came with, if any (before a new sign-in or on logout). */
async function endCurrentSession(db: Database, response: Response): Promise<void> {
  const { sessionId } = principalOf(response);
  if (sessionId !== undefined) await revokeSession(db, Number(sessionId));
}

export function registerLoginPages(router: Router, db: Database, keys: BureauKeys | undefined): void {
  router.get('/login', (request, response) => renderLogin(request, response));

  router.post('/login', ...loginRateLimiters('username'), async (request, response) => {
    const context = pageContext(request, response);
    const username = formField(request, 'username');
    const result = await verifyLogin(db, username, formField(request, 'password'), siteSettingsOf(request).passwordParameters);
    markActivityRecorded(response);
    if (!result.ok) {
      await recordActivity(db, anonymous, { action: 'login_failed', method: 'POST', path: '/login', status: 401, subject: normaliseUsername(username).slice(0, 100) });
      renderLogin(request, response, {
        username,
        status: 401,
        error: tr(context, '用户名或密码不正确，或账户已停用。', 'The username or password is wrong, or the account is disabled.'),
      });
      return;
    }
    const user = result.value;
    await endCurrentSession(db, response);
    const session = await createSession(db, { userId: user.id, role: user.role }, siteSettingsOf(request).sessionLimits);
    setSessionCookie(request, response, session);
    await recordActivity(db, actorOf({ role: user.role, userId: user.id, username: user.username }), { action: 'login', method: 'POST', path: '/login', status: 303 });
    response.redirect(303, safeNextPath(formField(request, 'next')) ?? landingPath(user.role));
  });

  router.post('/logout', async (request, response) => {
    const principal = principalOf(response);
    if (principal.sessionId !== undefined) {
      await revokeSession(db, Number(principal.sessionId));
      markActivityRecorded(response);
      await recordActivity(db, actorOf(principal), { action: 'logout', method: 'POST', path: '/logout', status: 303 });
    }
    clearSessionCookie(request, response);
    response.redirect(303, '/');
  });

  router.get('/enterprise/login', (request, response) => renderEnterpriseLogin(request, response));

  router.post('/enterprise/login', ...loginRateLimiters('creditCode'), async (request, response) => {
    const context = pageContext(request, response);
    const creditCode = formField(request, 'creditCode');
    // Receipt codes derive from the bureau's server secret: without it no enterprise can sign in.
    const result = keys ? await verifyEnterpriseLogin(db, keys, creditCode, formField(request, 'receiptCode')) : err({ code: 'login_failed' as const });
    markActivityRecorded(response);
    if (!result.ok) {
      await recordActivity(db, anonymous, {
        action: 'enterprise_login_failed',
        method: 'POST',
        path: '/enterprise/login',
        status: 401,
        subject: normaliseCreditCode(creditCode).slice(0, 18),
      });
      renderEnterpriseLogin(request, response, {
        creditCode,
        status: 401,
        error: tr(
          context,
          '信用代码与回执码不匹配任何已完成的抽取。请核对通知书上的回执码。',
          'The credit code and receipt code match no completed draw. Check the receipt code on your notification.',
        ),
      });
      return;
    }
    await endCurrentSession(db, response);
    const session = await createSession(db, { enterpriseCode: result.value }, siteSettingsOf(request).sessionLimits);
    setSessionCookie(request, response, session);
    await recordActivity(db, actorOf({ role: 'enterprise', enterpriseCode: result.value }), { action: 'enterprise_login', method: 'POST', path: '/enterprise/login', status: 303 });
    response.redirect(303, '/enterprise');
  });
}
