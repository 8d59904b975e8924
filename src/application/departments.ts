/**
 * Departments (执法部门): admins keep the records and say which department a staff account
 * works for; staff of a department see and enter results only for tasks their department
 * takes part in. An account without a department (admins, and accounts from before
 * departments) is bureau-wide.
 */
import { departmentSchema, isSameDepartment, resolveDepartmentReference, type Department } from '../core/department.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import type { Executor } from '../persistence/database.ts';
import { findDepartmentByNameZh, findUserDepartment, listDepartments, setUserDepartment, upsertDepartment } from '../persistence/department-repository.ts';

export type DepartmentIssue =
  | { readonly code: 'invalid_department'; readonly problems: readonly { readonly field: string; readonly reason: string }[] }
  | { readonly code: 'department_name_taken'; readonly nameZh: string; readonly department: string }
  | { readonly code: 'unknown_department'; readonly department: string }
  | { readonly code: 'unknown_user'; readonly username: string }
  | { readonly code: 'outside_department'; readonly department: Department; readonly task: string; readonly taskDepartments: readonly string[] };

/**
 * Adds a department or renames one (by code).
 *
 * @example await saveDepartment(db, { code: 'CG', nameZh: '城管', nameEn: 'Urban management' }) // ok({ code: 'CG', … })
 */
export async function saveDepartment(db: Executor, value: unknown): Promise<Result<Department, DepartmentIssue>> {
  const parsed = departmentSchema.safeParse(value);
  if (!parsed.success) return err({ code: 'invalid_department', problems: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(root)', reason: issue.message })) });
  const holder = await findDepartmentByNameZh(db, parsed.data.nameZh);
  if (holder && holder.code !== parsed.data.code) return err({ code: 'department_name_taken', nameZh: parsed.data.nameZh, department: holder.code });
  await upsertDepartment(db, parsed.data);
  return ok(parsed.data);
}

export { listDepartments };

/**
 * Says which department a staff account works for (`null`: bureau-wide).
 *
 * @example await assignUserDepartment(db, 'li.wei', '城管') // ok({ code: 'CG', … })
 */
export async function assignUserDepartment(db: Executor, username: string, reference: string | null): Promise<Result<Department | null, DepartmentIssue>> {
  const department = reference === null ? null : resolveDepartmentReference(reference, await listDepartments(db));
  if (department === undefined) return err({ code: 'unknown_department', department: reference ?? '' });
  if (!(await setUserDepartment(db, username, department?.code ?? null))) return err({ code: 'unknown_user', username });
  return ok(department);
}

/**
 * The department a signed-in user works for; undefined for a bureau-wide account, an API
 * token (no user) or a department text with no record.
 *
 * @example await departmentScopeOf(db, 7) // { code: 'CG', nameZh: '城管', nameEn: 'Urban management' }
 */
export async function departmentScopeOf(db: Executor, userId: number | undefined): Promise<Department | undefined> {
  if (userId === undefined) return undefined;
  const code = await findUserDepartment(db, userId);
  if (code === null || code === undefined) return undefined;
  return (await listDepartments(db)).find((department) => department.code === code);
}

/**
 * Whether staff of `scope` may see and enter results of a task with these departments
 * (bureau-wide accounts may always).
 *
 * @example checkTaskInScope({ code: 'T', departments: [{ department: 'SCJG' }] }, chengguan) // err({ code: 'outside_department', … })
 */
export function checkTaskInScope(task: { readonly code: string; readonly departments: readonly { readonly department: string }[] }, scope: Department | undefined): Result<void, DepartmentIssue> {
  if (scope === undefined || task.departments.some((entry) => isSameDepartment(entry.department, scope))) return ok(undefined);
  return err({ code: 'outside_department', department: scope, task: task.code, taskDepartments: task.departments.map((entry) => entry.department) });
}

/**
 * A department issue for people, in Chinese or English.
 *
 * @example describeDepartmentIssue({ code: 'unknown_department', department: 'X' }, 'zh') // '没有部门 X'
 */
export function describeDepartmentIssue(issue: DepartmentIssue, lang: 'zh' | 'en'): string {
  switch (issue.code) {
    case 'invalid_department':
      return issue.problems.map((problem) => `${problem.field}: ${problem.reason}`).join('; ');
    case 'department_name_taken':
      return lang === 'zh' ? `部门名称“${issue.nameZh}”已属于部门 ${issue.department}` : `the name ${issue.nameZh} already belongs to department ${issue.department}`;
    case 'unknown_department':
      return lang === 'zh' ? `没有部门 ${issue.department}` : `there is no department ${issue.department}`;
    case 'unknown_user':
      return lang === 'zh' ? `没有账户 ${issue.username}` : `there is no account ${issue.username}`;
    case 'outside_department':
      return lang === 'zh'
        ? `任务 ${issue.task} 的参与部门（${issue.taskDepartments.join('、')}）不含您的部门“${issue.department.nameZh}”：只能查看和录入本部门任务的结果`
        : `task ${issue.task} is not a task of your department (${issue.department.nameEn}; its departments: ${issue.taskDepartments.join(', ')}): you see and enter results only for your department's tasks`;
    default:
      return assertNever(issue, 'department issue');
  }
}

/**
 * The HTTP status of a department issue.
 *
 * @example statusOfDepartmentIssue({ code: 'unknown_user', username: 'x' }) // 404
 */
export function statusOfDepartmentIssue(issue: DepartmentIssue): 400 | 403 | 404 | 409 {
  switch (issue.code) {
    case 'invalid_department':
    case 'unknown_department':
      return 400;
    case 'department_name_taken':
      return 409;
    case 'unknown_user':
      return 404;
    case 'outside_department':
      return 403;
    default:
      return assertNever(issue, 'department issue');
  }
}
