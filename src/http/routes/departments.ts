/**
 * Departments (执法部门): admins keep the records and say which department a staff account
 * works for; staff of a task's departments enter and read its shared test results
 * (检验检测结果).
 */
import type { Response, Router } from 'express';
import { z } from 'zod';
import { assignUserDepartment, departmentScopeOf, describeDepartmentIssue, listDepartments, saveDepartment, statusOfDepartmentIssue, type DepartmentIssue } from '../../application/departments.ts';
import { describeTestResultIssue, enterTestResult, listTaskTestResults, statusOfTestResultIssue, TEST_CONCLUSIONS, type TestResultIssue } from '../../application/test-results.ts';
import type { Department } from '../../core/department.ts';
import type { Database, DatabaseHandle } from '../../persistence/database.ts';
import type { TestResultRow } from '../../persistence/department-repository.ts';
import { principalOf, requireRole } from '../auth.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { HttpError, parseRequestPart } from '../problem.ts';
import { calendarDateSchema } from '../schemas/calendar-date.ts';

const departmentSchema = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() });
const departmentBodySchema = z.object({ nameZh: z.string(), nameEn: z.string() }).strict();
const codeParamsSchema = z.object({ code: z.string().min(1) });
const userParamsSchema = z.object({ username: z.string().min(1) });
const userDepartmentBodySchema = z.object({ department: z.string().min(1).nullable() }).strict();
const testResultBodySchema = z
  .object({
    creditCode: z.string(),
    sample: z.string(),
    laboratory: z.string(),
    reportNumber: z.string(),
    conclusion: z.enum(TEST_CONCLUSIONS),
    testedOn: calendarDateSchema,
  })
  .strict();
const testResultSchema = testResultBodySchema.extend({ taskCode: z.string(), enteredByDepartment: z.string().nullable() });
/** A staff route's 403: the role is not staff, or (code `outside_department`) the task is not one of the account's department. */
export const STAFF_OR_DEPARTMENT_403 = problemResponse(
  "Code outside_department: the task is not one of the account's department; otherwise the caller's role (of the session or the API token) does not allow this: its role is not staff.",
);
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

/** The problem+json of an issue: its status, "中文 / English" detail and its code. */
function issueError(status: number, issue: { readonly code: string }, describe: (lang: 'zh' | 'en') => string): HttpError {
  return new HttpError(status, `${describe('zh')} / ${describe('en')}`, { code: issue.code });
}

function departmentError(issue: DepartmentIssue): HttpError {
  return issueError(statusOfDepartmentIssue(issue), issue, (lang) => describeDepartmentIssue(issue, lang));
}

function testResultError(issue: TestResultIssue): HttpError {
  return issueError(statusOfTestResultIssue(issue), issue, (lang) => describeTestResultIssue(issue, lang));
}

/**
 * The department the caller works for (undefined: bureau-wide). Routes that scope by
 * department call this once per request.
 *
 * @example const scope = await callerDepartment(db, response)
 */
export async function callerDepartment(db: Database, response: Response): Promise<Department | undefined> {
  return departmentScopeOf(db, principalOf(response).userId);
}

function toTestResultResponse(row: TestResultRow) {
  return {
    taskCode: row.taskCode,
    creditCode: row.creditCode,
    sample: row.sample,
    laboratory: row.laboratory,
    reportNumber: row.reportNumber,
    conclusion: row.conclusion,
    testedOn: row.testedOn,
    enteredByDepartment: row.enteredByDepartment,
  };
}

export function registerDepartmentRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle }): void {
  const { database } = deps;
  const secured = { security: [{ [BEARER_SECURITY_SCHEME]: [] }] };

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/departments',
      summary: 'The departments (执法部门): code, Chinese and English name',
      tags: ['departments'],
      ...secured,
      responses: { 200: json(z.object({ departments: z.array(departmentSchema) }), 'By code.'), ...authProblemResponses('staff') },
    },
    requireRole('staff'),
    async (_request, response) => {
      response.json({ departments: await listDepartments(database.db) });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/departments/{code}',
      summary: 'Add a department or rename it (admins)',
      tags: ['departments'],
      ...secured,
      request: { params: codeParamsSchema, body: { content: { 'application/json': { schema: departmentBodySchema } } } },
      responses: { 200: json(departmentSchema, 'Saved.'), 400: problemResponse('invalid_department'), 409: problemResponse('department_name_taken'), ...authProblemResponses('admin') },
    },
    requireRole('admin'),
    async (request, response) => {
      const { code } = parseRequestPart(codeParamsSchema, request.params);
      const body = parseRequestPart(departmentBodySchema, request.body);
      const saved = await saveDepartment(database.db, { code, ...body });
      if (!saved.ok) throw departmentError(saved.error);
      response.json(saved.value);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/users/{username}/department',
      summary: "Say which department a staff account works for (a code or name; null: bureau-wide); it then sees and enters results only for that department's tasks",
      tags: ['departments'],
      ...secured,
      request: { params: userParamsSchema, body: { content: { 'application/json': { schema: userDepartmentBodySchema } } } },
      responses: {
        200: json(z.object({ username: z.string(), department: departmentSchema.nullable() }), 'Saved.'),
        400: problemResponse('unknown_department'),
        404: problemResponse('unknown_user'),
        ...authProblemResponses('admin'),
      },
    },
    requireRole('admin'),
    async (request, response) => {
      const { username } = parseRequestPart(userParamsSchema, request.params);
      const body = parseRequestPart(userDepartmentBodySchema, request.body);
      const assigned = await assignUserDepartment(database.db, username, body.department);
      if (!assigned.ok) throw departmentError(assigned.error);
      response.json({ username, department: assigned.value });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/{code}/test-results',
      summary: 'Enter a test result (检验检测结果) of a selected enterprise once; every department of the task sees it',
      tags: ['inspection results'],
      ...secured,
      request: { params: codeParamsSchema, body: { content: { 'application/json': { schema: testResultBodySchema } } } },
      responses: {
        201: json(testResultSchema, 'Saved.'),
        400: problemResponse('task_not_drawn, not_selected or invalid_field'),
        404: problemResponse('unknown_task'),
        409: problemResponse('already_entered'),
        ...authProblemResponses('staff'),
        403: STAFF_OR_DEPARTMENT_403,
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const { code } = parseRequestPart(codeParamsSchema, request.params);
      const body = parseRequestPart(testResultBodySchema, request.body);
      const entered = await enterTestResult(database.db, code, body, await callerDepartment(database.db, response));
      if (!entered.ok) throw testResultError(entered.error);
      response.status(201).json(toTestResultResponse(entered.value));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tasks/{code}/test-results',
      summary: "The task's test results, shown to every department of the task",
      tags: ['inspection results'],
      ...secured,
      request: { params: codeParamsSchema },
      responses: {
        200: json(z.object({ testResults: z.array(testResultSchema) }), 'By enterprise and report number.'),
        404: problemResponse('unknown_task'),
        ...authProblemResponses('staff'),
        403: STAFF_OR_DEPARTMENT_403,
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const { code } = parseRequestPart(codeParamsSchema, request.params);
      const listed = await listTaskTestResults(database.db, code, await callerDepartment(database.db, response));
      if (!listed.ok) throw testResultError(listed.error);
      response.json({ testResults: listed.value.map(toTestResultResponse) });
    },
  );
}
