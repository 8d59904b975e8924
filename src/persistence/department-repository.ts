/**
 * Storage of departments, of the department a staff account works for, and of the test
 * results (检验检测结果) a task's departments share.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Department } from '../core/department.ts';
import type { Executor } from './database.ts';
import { departments, taskTestResults, users } from './schema/index.ts';

export type TestResultRow = typeof taskTestResults.$inferSelect;

const departmentColumns = { code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn };

/** @example await upsertDepartment(db, { code: 'CG', nameZh: '城管', nameEn: 'Urban management' }) */
export async function upsertDepartment(db: Executor, department: Department): Promise<void> {
  await db
    .insert(departments)
    .values(department)
    .onConflictDoUpdate({ target: departments.code, set: { nameZh: department.nameZh, nameEn: department.nameEn } });
}

/** Every department, by code. @example await listDepartments(db) */
export async function listDepartments(db: Executor): Promise<Department[]> {
  return db.select(departmentColumns).from(departments).orderBy(asc(departments.code));
}

/** The department a Chinese name already belongs to, other than `code` (names are unique). */
export async function findDepartmentByNameZh(db: Executor, nameZh: string): Promise<Department | undefined> {
  const [row] = await db.select(departmentColumns).from(departments).where(eq(departments.nameZh, nameZh));
  return row;
}

/** The department of a user account, or null (bureau-wide); undefined when there is no such user. */
export async function findUserDepartment(db: Executor, userId: number): Promise<string | null | undefined> {
  const [row] = await db.select({ department: users.department }).from(users).where(eq(users.id, userId));
  return row?.department;
}

/** @example await setUserDepartment(db, 'li.wei', 'CG') // true when the account exists */
export async function setUserDepartment(db: Executor, username: string, department: string | null): Promise<boolean> {
  const rows = await db.update(users).set({ department }).where(eq(users.username, username)).returning({ id: users.id });
  return rows.length > 0;
}

/** Usernames with their departments (only accounts that have one). */
export async function listUserDepartments(db: Executor): Promise<Map<string, string>> {
  const rows = await db.select({ username: users.username, department: users.department }).from(users);
  return new Map(rows.flatMap((row) => (row.department === null ? [] : [[row.username, row.department] as const])));
}

/** Inserts a test result; false when the task already has this report for this enterprise (entered once). */
export async function insertTestResult(db: Executor, values: Omit<typeof taskTestResults.$inferInsert, 'id' | 'enteredAt'>): Promise<boolean> {
  const rows = await db.insert(taskTestResults).values(values).onConflictDoNothing().returning({ id: taskTestResults.id });
  return rows.length > 0;
}

/** The test results of a task (optionally of some enterprises), by enterprise and report number. */
export async function listTestResults(db: Executor, taskCode: string, creditCodes?: readonly string[]): Promise<TestResultRow[]> {
  const where = creditCodes === undefined ? eq(taskTestResults.taskCode, taskCode) : and(eq(taskTestResults.taskCode, taskCode), inArray(taskTestResults.creditCode, [...creditCodes]));
  return db.select().from(taskTestResults).where(where).orderBy(asc(taskTestResults.creditCode), asc(taskTestResults.reportNumber));
}
