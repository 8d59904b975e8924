/**
 * /console/admin/departments (admin): the departments (执法部门) with their Chinese and
 * English names, a form to add or rename one, and which department each staff account
 * works for (staff of a department see and enter results only for its tasks).
 */
import type { Request, Response, Router } from 'express';
import { assignUserDepartment, describeDepartmentIssue, listDepartments, saveDepartment, statusOfDepartmentIssue, type DepartmentIssue } from '../../application/departments.ts';
import { listUsers } from '../../application/accounts.ts';
import type { AppDependencies } from '../../http/app.ts';
import { listUserDepartments } from '../../persistence/department-repository.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, pageContext, requirePageRole, roleName, sendPage, tr } from '../page.ts';
import { formText, inputField, selectField, successNotice } from './cycle-forms.ts';
import { departmentLabel } from './test-results.ts';

const DEPARTMENTS_PATH = '/console/admin/departments';

async function departmentsPage(request: Request, response: Response, deps: Pick<AppDependencies, 'database'>, state: { status?: number; notice?: SafeHtml } = {}): Promise<void> {
  const context = pageContext(request, response);
  const { db } = deps.database;
  const departments = await listDepartments(db);
  const users = (await listUsers(db)).filter((user) => user.disabledAt === null);
  const assigned = await listUserDepartments(db);
  const done = request.query.done === 'saved' ? successNotice(tr(context, '已保存。', 'Saved.')) : '';
  const title = tr(context, '执法部门', 'Departments');
  const departmentChoices = [{ value: '', label: tr(context, '（全局：不限部门）', '(bureau-wide: any department)') }, ...departments.map((department) => ({ value: department.code, label: tr(context, department.nameZh, department.nameEn) }))];
  sendPage(response, context, {
    status: state.status ?? 200,
    title,
    body: html`<h1>${title}</h1>
${state.notice ?? done}
<div class="table-scroll"><table id="departments">
<thead><tr><th scope="col">${tr(context, '代码', 'Code')}</th><th scope="col">${tr(context, '中文名称', 'Chinese name')}</th><th scope="col">${tr(context, '英文名称', 'English name')}</th></tr></thead>
<tbody>${departments.map((department) => html`<tr><td><code>${department.code}</code></td><td>${department.nameZh}</td><td lang="en">${department.nameEn}</td></tr>`)}</tbody></table></div>
<h2 id="save-heading">${tr(context, '新增或更名', 'Add or rename')}</h2>
<form method="post" action="${DEPARTMENTS_PATH}" class="stack">
${csrfField(context)}
${inputField({ name: 'code', id: 'department-code', label: tr(context, '代码（字母、数字）', 'Code (letters, digits)'), required: true })}
${inputField({ name: 'nameZh', id: 'department-name-zh', label: tr(context, '中文名称', 'Chinese name'), required: true })}
${inputField({ name: 'nameEn', id: 'department-name-en', label: tr(context, '英文名称', 'English name'), required: true })}
<div><button type="submit">${tr(context, '保存', 'Save')}</button></div>
</form>
<h2 id="accounts-heading">${tr(context, '账户所属部门', "Accounts' departments")}</h2>
<p class="hint">${tr(context, '有部门的工作人员只能查看和录入本部门任务的结果；无部门的账户不受限。', "Staff of a department see and enter results only for its tasks; an account without one is bureau-wide.")}</p>
<div class="table-scroll"><table id="account-departments">
<thead><tr><th scope="col">${tr(context, '账户', 'Account')}</th><th scope="col">${tr(context, '角色', 'Role')}</th><th scope="col">${tr(context, '部门', 'Department')}</th></tr></thead>
<tbody>${users.map((user) => html`<tr><td>${user.username}</td><td>${roleName(context, user.role)}</td><td>${departmentLabel(context, assigned.get(user.username) ?? null, departments)}</td></tr>`)}</tbody></table></div>
<form method="post" action="${DEPARTMENTS_PATH}/accounts" class="stack">
${csrfField(context)}
${selectField({ name: 'username', id: 'account-username', label: tr(context, '账户', 'Account'), choices: users.map((user) => ({ value: user.username, label: user.username })) })}
${selectField({ name: 'department', id: 'account-department', label: tr(context, '部门', 'Department'), choices: departmentChoices })}
<div><button type="submit">${tr(context, '保存', 'Save')}</button></div>
</form>`,
  });
}

function issueNotice(request: Request, response: Response, issue: DepartmentIssue): SafeHtml {
  const context = pageContext(request, response);
  return html`<div class="notice error" role="alert"><p>${tr(context, '未保存：', 'Not saved: ')}${describeDepartmentIssue(issue, context.lang)}</p></div>`;
}

/** GET/POST /console/admin/departments and POST …/accounts (admin). */
export function registerDepartmentPages(router: Router, deps: Pick<AppDependencies, 'database'>): void {
  const adminOnly = requirePageRole('admin');
  router.get(DEPARTMENTS_PATH, adminOnly, (request, response) => departmentsPage(request, response, deps));
  router.post(DEPARTMENTS_PATH, adminOnly, async (request, response) => {
    const saved = await saveDepartment(deps.database.db, { code: formText(request, 'code'), nameZh: formText(request, 'nameZh'), nameEn: formText(request, 'nameEn') });
    if (!saved.ok) return departmentsPage(request, response, deps, { status: statusOfDepartmentIssue(saved.error), notice: issueNotice(request, response, saved.error) });
    response.redirect(303, `${DEPARTMENTS_PATH}?done=saved`);
  });
  router.post(`${DEPARTMENTS_PATH}/accounts`, adminOnly, async (request, response) => {
    const department = formText(request, 'department');
    const assigned = await assignUserDepartment(deps.database.db, formText(request, 'username'), department === '' ? null : department);
    if (!assigned.ok) return departmentsPage(request, response, deps, { status: statusOfDepartmentIssue(assigned.error), notice: issueNotice(request, response, assigned.error) });
    response.redirect(303, `${DEPARTMENTS_PATH}?done=saved`);
  });
}
