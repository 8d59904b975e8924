/**
 * /account/password: a signed-in person changes their own password: the current one, then
 * the new one twice. Their other sessions and unused reset links end; this session stays.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import { changeOwnPassword, describeChangeOwnPasswordIssue, PASSWORD_MIN_LENGTH } from '../../application/accounts.ts';
import { actorOf, recordActivity } from '../../application/activity-log.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { countWrongCurrentPassword } from '../../http/login-rate-limit.ts';
import { ForbiddenError } from '../../http/problem.ts';
import type { Database } from '../../persistence/database.ts';
import { html } from '../html.ts';
import { csrfField, pageContext, requirePageRole, sendPage, tr, type PageContext } from '../page.ts';
import { formAlert, formField, input, newPasswordHint, noStore } from './form.ts';

const OWN_PASSWORD_PATH = '/account/password';

type FieldErrors = Partial<Record<'currentPassword' | 'newPassword' | 'newPasswordAgain', string>>;

function render(request: Request, response: Response, state: { errors?: FieldErrors; status?: number; done?: boolean } = {}): void {
  const context: PageContext = pageContext(request, response);
  const errors = state.errors ?? {};
  const title = tr(context, '修改密码', 'Change password');
  noStore(response);
  sendPage(response, context, {
    status: state.status ?? 200,
    title,
    body: html`<h1>${title}</h1>
${state.done ? html`<p class="notice success" role="status">${tr(context, '密码已修改。您在其他地方的会话已结束。', 'Your password is changed. Your sessions elsewhere have ended.')}</p>` : ''}
<p class="lead">${tr(context, `账户：${context.principal.username ?? ''}。修改后，其他已登录的会话和未使用的重置链接都将失效。`, `Account: ${context.principal.username ?? ''}. Changing it ends your other sessions and any unused reset links.`)}</p>
${formAlert(Object.values(errors)[0])}
<form method="post" action="${OWN_PASSWORD_PATH}" class="stack">
${csrfField(context)}
${input({ name: 'currentPassword', label: tr(context, '当前密码', 'Current password'), type: 'password', autocomplete: 'current-password', required: true, autofocus: true, error: errors.currentPassword })}
${input({ name: 'newPassword', label: tr(context, '新密码', 'New password'), type: 'password', autocomplete: 'new-password', required: true, minlength: PASSWORD_MIN_LENGTH, hint: newPasswordHint(context), error: errors.newPassword })}
${input({ name: 'newPasswordAgain', label: tr(context, '再次输入新密码', 'New password again'), type: 'password', autocomplete: 'new-password', required: true, error: errors.newPasswordAgain })}
<div><button type="submit">${tr(context, '修改密码', 'Change password')}</button></div>
</form>`,
  });
}

/** The signed-in person's session and account, or 403 for an enterprise or an API token. */
function ownSession(request: Request, response: Response): { userId: number; sessionId: number } {
  const principal = principalOf(response);
  if (principal.userId === undefined || principal.sessionId === undefined) {
    throw new ForbiddenError(tr(pageContext(request, response), '只有登录的工作人员账户有密码。', 'Only a signed-in staff, admin or auditor account has a password.'));
  }
  return { userId: principal.userId, sessionId: Number(principal.sessionId) };
}

/** `limiters`: the app's `ownPasswordRateLimiters()`, shared with `POST /api/account/password`. */
export function registerOwnPasswordPage(router: Router, db: Database, limiters: readonly RequestHandler[]): void {
  const signedIn = requirePageRole('staff', 'auditor');

  router.get(OWN_PASSWORD_PATH, signedIn, (request, response) => {
    ownSession(request, response);
    render(request, response, { done: request.query.done === '1' });
  });

  router.post(OWN_PASSWORD_PATH, signedIn, ...limiters, async (request, response) => {
    const context = pageContext(request, response);
    const session = ownSession(request, response);
    const newPassword = formField(request, 'newPassword');
    if (newPassword !== formField(request, 'newPasswordAgain')) {
      render(request, response, { status: 400, errors: { newPasswordAgain: tr(context, '两次输入的新密码不一致。', 'The two new passwords differ.') } });
      return;
    }
    const changed = await changeOwnPassword(db, { ...session, currentPassword: formField(request, 'currentPassword'), newPassword });
    if (!changed.ok) {
      if (changed.error.code === 'current_password_wrong') countWrongCurrentPassword(response);
      const field = changed.error.code === 'current_password_wrong' ? 'currentPassword' : 'newPassword';
      render(request, response, { status: 400, errors: { [field]: describeChangeOwnPasswordIssue(changed.error, context.lang) } });
      return;
    }
    markActivityRecorded(response);
    await recordActivity(db, actorOf(principalOf(response)), { action: 'password_changed', method: 'POST', path: OWN_PASSWORD_PATH, status: 303 });
    response.redirect(303, `${OWN_PASSWORD_PATH}?done=1`);
  });
}
