/**
 * /setup/:token: a one-time link (24 hours) that creates an account or sets a new
 * password. The person chooses the username when the link leaves it open, types the
 * password twice, and is signed in. The token is in the path, so the page is never cached
 * and sends no Referer (helmet's Referrer-Policy: no-referrer).
 */
import type { Request, Response, Router } from 'express';
import { completeSetup, createSession, describePasswordIssue, findSetupLink, PASSWORD_MIN_LENGTH, type CompleteSetupIssue } from '../../application/accounts.ts';
import { actorOf, recordActivity } from '../../application/activity-log.ts';
import { assertNever } from '../../core/result.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { NotFoundError } from '../../http/problem.ts';
import { setSessionCookie } from '../../http/session-cookie.ts';
import { revokeSession } from '../../application/accounts.ts';
import type { Database } from '../../persistence/database.ts';
import { html } from '../html.ts';
import { csrfField, pageContext, roleName, sendPage, tr, type PageContext } from '../page.ts';
import { formAlert, formField, input, landingPath, newPasswordHint, noStore } from './form.ts';
import { siteSettingsOf } from '../../http/site-settings.ts';

type FieldErrors = Partial<Record<'username' | 'password' | 'passwordAgain', string>>;

function unusableLink(context: PageContext): NotFoundError {
  return new NotFoundError(
    tr(
      context,
      '此设置链接不存在、已使用或已过期（24 小时）。请向管理员索取新链接。',
      'This setup link is unknown, already used or expired (links last 24 hours). Ask an administrator for a new one.',
    ),
  );
}

function issueMessage(context: PageContext, issue: CompleteSetupIssue): { field: keyof FieldErrors; message: string } | undefined {
  switch (issue.code) {
    case 'link_unusable':
      return undefined;
    case 'username_required':
      return { field: 'username', message: tr(context, '请填写用户名。', 'Choose a username.') };
    case 'username_invalid':
      return {
        field: 'username',
        message: tr(context, '用户名须为 2–40 位小写字母、数字、点、下划线或连字符。', 'A username is 2–40 lower-case letters, digits, dots, underscores or hyphens.'),
      };
    case 'username_taken':
      return { field: 'username', message: tr(context, '此用户名已被使用。', 'This username is taken.') };
    case 'password_too_short':
    case 'password_too_long':
    case 'password_contains_username':
    case 'password_too_weak':
      return { field: 'password', message: describePasswordIssue(issue, context.lang) };
    default:
      return assertNever(issue, 'setup issue');
  }
}

export function registerSetupPages(router: Router, db: Database): void {
  async function render(request: Request, response: Response, errors: FieldErrors = {}, status = 200): Promise<void> {
    const context = pageContext(request, response);
    const token = String(request.params.token);
    const link = await findSetupLink(db, token);
    if (!link) throw unusableLink(context);
    noStore(response);
    const creating = link.purpose === 'create_user';
    const title = creating ? tr(context, '创建账户', 'Create your account') : tr(context, '设置新密码', 'Set a new password');
    const firstError = Object.values(errors)[0];
    sendPage(response, context, {
      status,
      title,
      body: html`<h1>${title}</h1>
<p class="lead">${
        creating
          ? tr(context, `此链接创建一个${roleName(context, link.role ?? '')}账户，只能使用一次。`, `This link creates one ${roleName(context, link.role ?? '')} account and works once.`)
          : tr(context, `为账户 ${link.targetUsername ?? ''} 设置新密码；其他已登录的会话将结束。`, `Set a new password for ${link.targetUsername ?? ''}; its other sessions end.`)
      }</p>
${formAlert(firstError)}
<form method="post" action="/setup/${token}" class="stack">
${csrfField(context)}
${
  creating && link.targetUsername === null
    ? input({
        name: 'username',
        label: tr(context, '用户名', 'Username'),
        value: formField(request, 'username'),
        autocomplete: 'username',
        required: true,
        autofocus: true,
        hint: tr(context, '2–40 位小写字母、数字、点、下划线或连字符', '2–40 lower-case letters, digits, dots, underscores or hyphens'),
        error: errors.username,
      })
    : html`<p>${tr(context, '用户名：', 'Username: ')}<strong>${link.targetUsername ?? ''}</strong></p>`
}
${creating ? input({ name: 'displayName', label: tr(context, '显示名称（可选）', 'Display name (optional)'), value: formField(request, 'displayName'), autocomplete: 'name' }) : ''}
${input({
  name: 'password',
  label: tr(context, '密码', 'Password'),
  type: 'password',
  autocomplete: 'new-password',
  required: true,
  minlength: PASSWORD_MIN_LENGTH,
  hint: newPasswordHint(context),
  error: errors.password,
})}
${input({ name: 'passwordAgain', label: tr(context, '再次输入密码', 'Password again'), type: 'password', autocomplete: 'new-password', required: true, error: errors.passwordAgain })}
<div><button type="submit">${creating ? tr(context, '创建并登录', 'Create and sign in') : tr(context, '保存并登录', 'Save and sign in')}</button></div>
</form>`,
    });
  }

  router.get('/setup/:token', async (request, response) => {
    await render(request, response);
  });

  router.post('/setup/:token', async (request, response) => {
    const context = pageContext(request, response);
    const token = String(request.params.token);
    const password = formField(request, 'password');
    if (password !== formField(request, 'passwordAgain')) {
      await render(request, response, { passwordAgain: tr(context, '两次输入的密码不一致。', 'The two passwords differ.') }, 400);
      return;
    }
    const result = await completeSetup(
      db,
      token,
      { username: formField(request, 'username'), displayName: formField(request, 'displayName'), password },
      siteSettingsOf(request).passwordParameters,
    );
    if (!result.ok) {
      const problem = issueMessage(context, result.error);
      if (!problem) throw unusableLink(context);
      await render(request, response, { [problem.field]: problem.message }, 400);
      return;
    }
    const { user, purpose } = result.value;
    const actor = actorOf({ role: user.role, userId: user.id, username: user.username });
    markActivityRecorded(response);
    await recordActivity(db, actor, { action: 'setup_link_used', method: 'POST', path: '/setup', status: 303, subject: user.username, details: { purpose } });
    if (purpose === 'create_user') await recordActivity(db, actor, { action: 'user_created', subject: user.username, details: { role: user.role } });
    const { sessionId } = principalOf(response);
    if (sessionId !== undefined) await revokeSession(db, Number(sessionId));
    const session = await createSession(db, { userId: user.id, role: user.role }, siteSettingsOf(request).sessionLimits);
    setSessionCookie(request, response, session);
    response.redirect(303, landingPath(user.role));
  });
}
