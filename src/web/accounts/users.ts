/**
 * /console/admin/users (admin): the accounts; a new account is a one-time setup link the
 * admin hands to the person (shown once, valid 24 hours), so the admin never knows anyone's
 * password; a forgotten password is a new link for the same account; leaving staff are
 * disabled (their sessions end at once). Accounts are never deleted: the activity log names them.
 */
import type { Request, Response, Router } from 'express';
import {
  createSetupLink,
  disableUser,
  findUser,
  isUserRole,
  listUsers,
  setupPath,
  USER_ROLES,
  type CreatedSetupLink,
  type SetupLinkIssue,
} from '../../application/accounts.ts';
import { actorOf, recordActivity } from '../../application/activity-log.ts';
import { markActivityRecorded } from '../../http/activity.ts';
import { principalOf } from '../../http/auth.ts';
import { ConflictError, NotFoundError } from '../../http/problem.ts';
import type { Database } from '../../persistence/database.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, pageContext, requirePageRole, roleName, sendPage, tr, type PageContext } from '../page.ts';
import { formAlert, formField, input, noStore } from './form.ts';
import { siteOrigin } from '../../http/site-settings.ts';
import { requireReauthentication } from '../../http/reauthentication.ts';

const USERS_PATH = '/console/admin/users';

function formatTime(context: PageContext, time: Date): string {
  return time.toLocaleString(context.lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
}

function userId(request: Request): number {
  const id = Number(request.params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('No such user.');
  return id;
}

function issueText(context: PageContext, issue: SetupLinkIssue): string {
  switch (issue.code) {
    case 'username_invalid':
      return tr(context, '用户名须为 2–40 位小写字母、数字、点、下划线或连字符。', 'A username is 2–40 lower-case letters, digits, dots, underscores or hyphens.');
    case 'username_taken':
      return tr(context, '此用户名已被使用。', 'This username is taken.');
    case 'unknown_user':
      return tr(context, '没有这个用户。', 'No such user.');
  }
}

function linkNotice(context: PageContext, request: Request, created: CreatedSetupLink, forWhom: string): SafeHtml {
  const url = `${siteOrigin(request)}${setupPath(created.token)}`;
  return html`<div class="notice success" role="status">
<p><strong>${tr(context, `${forWhom}的一次性设置链接：`, `One-time setup link for ${forWhom}:`)}</strong></p>
<p><code id="setup-link">${url}</code></p>
<p class="hint">${tr(
    context,
    `请当面或通过可靠渠道交给本人。链接只显示这一次，只能使用一次，${formatTime(context, created.link.expiresAt)} 前有效。`,
    `Hand it to the person in person or over a trusted channel. It is shown only now, works once, and expires ${formatTime(context, created.link.expiresAt)}.`,
  )}</p>
</div>`;
}

async function usersPage(request: Request, response: Response, db: Database, extra: { notice?: SafeHtml; error?: string; status?: number } = {}): Promise<void> {
  const context = pageContext(request, response);
  const me = principalOf(response).userId;
  const users = await listUsers(db);
  noStore(response);
  const title = tr(context, '用户', 'Users');
  sendPage(response, context, {
    status: extra.status ?? 200,
    title,
    body: html`<h1>${title}</h1>
${extra.notice ?? ''}
${formAlert(extra.error)}
<div class="table-scroll"><table>
<thead><tr><th scope="col">${tr(context, '用户名', 'Username')}</th><th scope="col">${tr(context, '显示名称', 'Display name')}</th><th scope="col">${tr(context, '角色', 'Role')}</th><th scope="col">${tr(context, '创建时间', 'Created')}</th><th scope="col">${tr(context, '状态', 'Status')}</th><th scope="col">${tr(context, '操作', 'Actions')}</th></tr></thead>
<tbody>${users.map(
      (user) => html`<tr>
<td><code>${user.username}</code></td>
<td>${user.displayName}</td>
<td>${roleName(context, user.role)}</td>
<td>${formatTime(context, user.createdAt)}</td>
<td>${user.disabledAt === null ? tr(context, '启用', 'Active') : html`<strong>${tr(context, '已停用', 'Disabled')}</strong> <span class="hint">${formatTime(context, user.disabledAt)}</span>`}</td>
<td>${
        user.disabledAt === null
          ? html`<form method="post" action="${USERS_PATH}/${user.id}/setup-link" class="inline">${csrfField(context)}<button type="submit" class="secondary" aria-label="${tr(context, '重置密码链接', 'Password reset link')} ${user.username}">${tr(
              context,
              '重置密码链接',
              'Password reset link',
            )}</button></form>
${
  user.id === me
    ? ''
    : html`<form method="post" action="${USERS_PATH}/${user.id}/disable" class="inline">${csrfField(context)}<button type="submit" class="secondary" aria-label="${tr(context, '停用', 'Disable')} ${user.username}">${tr(context, '停用', 'Disable')}</button></form>`
}`
          : ''
      }</td>
</tr>`,
    )}</tbody></table></div>
<h2 id="new-user">${tr(context, '新建用户', 'New user')}</h2>
<p class="hint">${tr(
      context,
      '新建用户会得到一条一次性设置链接；本人打开链接后自己设置密码。用户名可留空，由本人选择。',
      'A new user gets a one-time setup link; the person sets their own password with it. Leave the username empty to let them choose one.',
    )}</p>
<form method="post" action="${USERS_PATH}" class="stack" aria-labelledby="new-user">
${csrfField(context)}
${input({ name: 'username', label: tr(context, '用户名（可选）', 'Username (optional)'), value: formField(request, 'username'), autocomplete: 'off' })}
<div><label for="field-role">${tr(context, '角色', 'Role')}</label>
<select id="field-role" name="role" required>${USER_ROLES.map(
      (role) => html`<option value="${role}"${formField(request, 'role') === role ? ' selected' : ''}>${roleName(context, role)}</option>`,
    )}</select></div>
<div><button type="submit">${tr(context, '生成设置链接', 'Make setup link')}</button></div>
</form>`,
  });
}

export function registerUserPages(router: Router, db: Database): void {
  const adminOnly = requirePageRole('admin');
  // Every change to accounts needs the admin's password proved within minutes.
  const reauthenticated = requireReauthentication(db);

  router.get(USERS_PATH, adminOnly, (request, response) => usersPage(request, response, db));

  router.post(USERS_PATH, adminOnly, reauthenticated, async (request, response) => {
    const context = pageContext(request, response);
    const principal = principalOf(response);
    const role = formField(request, 'role');
    if (!isUserRole(role)) {
      await usersPage(request, response, db, { status: 400, error: tr(context, '请选择角色。', 'Choose a role.') });
      return;
    }
    const username = formField(request, 'username');
    const created = await createSetupLink(db, { purpose: 'create_user', role, username, createdByUserId: principal.userId });
    if (!created.ok) {
      await usersPage(request, response, db, { status: 400, error: issueText(context, created.error) });
      return;
    }
    markActivityRecorded(response);
    await recordActivity(db, actorOf(principal), {
      action: 'setup_link_created',
      method: 'POST',
      path: USERS_PATH,
      status: 201,
      subject: created.value.link.username,
      details: { purpose: 'create_user', role },
    });
    const forWhom = created.value.link.username ?? tr(context, `新${roleName(context, role)}`, `a new ${roleName(context, role)}`);
    await usersPage(request, response, db, { status: 201, notice: linkNotice(context, request, created.value, forWhom) });
  });

  router.post(`${USERS_PATH}/:id/setup-link`, adminOnly, reauthenticated, async (request, response) => {
    const context = pageContext(request, response);
    const principal = principalOf(response);
    const user = await findUser(db, userId(request));
    if (!user) throw new NotFoundError(tr(context, '没有这个用户。', 'No such user.'));
    if (user.disabledAt !== null) throw new ConflictError(tr(context, '该用户已停用。', 'This user is disabled.'));
    const created = await createSetupLink(db, { purpose: 'reset_password', userId: user.id, createdByUserId: principal.userId });
    if (!created.ok) throw new NotFoundError(issueText(context, created.error));
    markActivityRecorded(response);
    await recordActivity(db, actorOf(principal), {
      action: 'setup_link_created',
      method: 'POST',
      path: `${USERS_PATH}/${user.id}/setup-link`,
      status: 201,
      subject: user.username,
      details: { purpose: 'reset_password' },
    });
    await usersPage(request, response, db, { status: 201, notice: linkNotice(context, request, created.value, user.username) });
  });

  router.post(`${USERS_PATH}/:id/disable`, adminOnly, reauthenticated, async (request, response) => {
    const context = pageContext(request, response);
    const principal = principalOf(response);
    const id = userId(request);
    if (id === principal.userId) throw new ConflictError(tr(context, '不能停用自己的账户。', 'You cannot disable your own account.'));
    const disabled = await disableUser(db, id);
    if (!disabled.ok) throw new NotFoundError(tr(context, '没有这个启用的用户。', 'No such active user.'));
    markActivityRecorded(response);
    await recordActivity(db, actorOf(principal), {
      action: 'user_disabled',
      method: 'POST',
      path: `${USERS_PATH}/${id}/disable`,
      status: 303,
      subject: disabled.value.username,
    });
    response.redirect(303, USERS_PATH);
  });
}
