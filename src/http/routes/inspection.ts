/**
 * Staff routes of the inspection year: items, sampling policies, the annual plan,
 * inspectors, conflicts and tasks, and the two steps of a draw: freeze and draw.
 */
import type { RequestHandler, Router } from 'express';
import type { JobRunner } from '../../application/jobs.ts';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import { describeDrawIssue, drawTask } from '../../application/draw-task.ts';
import { describeFreezeIssue, freezeTask } from '../../application/freeze-task.ts';
import { saveAnnualPlan, saveConflict, saveInspectionItem, saveInspector, saveSamplingPolicy, saveTask, type PlanIssue } from '../../application/inspection-plan.ts';
import type { Result } from '../../core/result.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { findTask, listConflicts, listInspectionItems, listInspectors, listSamplingPolicies, listTasks, type TaskRow } from '../../persistence/inspection-repository.ts';
import { requireRole } from '../auth.ts';
import { answerOrEnqueue, defineOperationJob, jobAcceptedResponse, withChineseDetail, type Operation } from '../jobs.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { ConflictError, HttpError, NotFoundError, parseRequestPart, ValidationError } from '../problem.ts';
import { drawRequestSchema, drawSummarySchema, freezeRequestSchema, freezeSummarySchema, planDocumentListSchema, planDocumentSchema, policyListQuerySchema, taskCodeParamsSchema, taskListQuerySchema } from '../schemas/draw.ts';
import { requireBureauKeys } from '../bureau-key-guard.ts';

const staffOnly = [{ [BEARER_SECURITY_SCHEME]: [] }];

function rejectIssues<T>(result: Result<T, PlanIssue[]>): T {
  if (!result.ok) throw new ValidationError(result.error.map((issue) => ({ field: issue.path, reason: issue.reason, reasonZh: issue.reasonZh })));
  return result.value;
}

/** A task as staff see it: everything but the secret nonce. */
function toTaskResponse(task: TaskRow): Record<string, unknown> {
  const { nonce: _nonce, ...visible } = task;
  return visible;
}


export function registerInspectionRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  deps: { database: DatabaseHandle; bureauKeys?: BureauKeys | undefined; entropyNoticeSeconds?: number | undefined; now?: (() => Date) | undefined; jobs: JobRunner; publishedDraws: { changed(): void } },
): void {
  const { db } = deps.database;
  const staff = requireRole('staff');

  const freeze: Operation<{ code: string; tierListOverrideReason?: string }> = async ({ code, tierListOverrideReason }, actor) => {
    const result = await freezeTask(deps.database, requireBureauKeys(deps.bureauKeys, 'freeze_or_draw'), code, {
      ...(deps.now ? { now: deps.now() } : {}),
      ...(deps.entropyNoticeSeconds === undefined ? {} : { noticeSeconds: deps.entropyNoticeSeconds }),
      tierListOverrideReason,
      actor,
    });
    if (!result.ok) {
      const detail = describeFreezeIssue(result.error);
      const zh = describeFreezeIssue(result.error, 'zh');
      if (result.error.code === 'task_not_found') throw withChineseDetail(new NotFoundError(detail), zh);
      if (result.error.code === 'task_not_planned') throw withChineseDetail(new ConflictError(detail, { status: result.error.status }), zh);
      throw withChineseDetail(new HttpError(422, detail, { issue: result.error }), zh);
    }
    return { status: 200, body: result.value, counts: { poolSize: result.value.poolSize } };
  };
  // A freeze or draw commits in one transaction: an interrupted one either happened or left nothing, so staff decide.
  defineOperationJob(deps.jobs, 'freeze', 'fail', freeze, () => deps.publishedDraws.changed());

  const draw: Operation<{ code: string; entropy: string }> = async ({ code, entropy }) => {
    const result = await drawTask(deps.database, requireBureauKeys(deps.bureauKeys, 'freeze_or_draw'), code, entropy, deps.now ? { now: deps.now() } : {});
    if (!result.ok) {
      const detail = describeDrawIssue(result.error);
      const chinese = <E extends HttpError>(error: E): E => withChineseDetail(error, describeDrawIssue(result.error, 'zh'));
      switch (result.error.code) {
        case 'invalid_entropy':
        case 'beacon_rejected':
          throw chinese(new ValidationError([{ field: 'entropy', reason: detail }]));
        case 'entropy_not_yet':
          throw chinese(new ConflictError(detail, { reason: result.error.code, entropyAt: result.error.entropyAt }));
        case 'task_not_found':
          throw chinese(new NotFoundError(detail));
        case 'task_not_frozen':
        case 'task_already_drawn':
        case 'task_being_drawn':
          throw chinese(new ConflictError(detail, { reason: result.error.code }));
        case 'draw_failed':
          throw chinese(new HttpError(422, detail, { issue: result.error.issue }));
      }
    }
    return { status: 200, body: result.value };
  };
  defineOperationJob(deps.jobs, 'draw', 'fail', draw, () => deps.publishedDraws.changed());

  const listAndCreate = (
    path: string,
    what: string,
    list: RequestHandler,
    save: (body: unknown) => Promise<Result<unknown, PlanIssue[]>>,
  ): void => {
    addRoute(
      router,
      registry,
      {
        method: 'get',
        path,
        summary: `List ${what}`,
        tags: ['planning'],
        security: staffOnly,
        responses: { 200: { description: `The ${what}.`, content: { 'application/json': { schema: planDocumentListSchema } } }, ...authProblemResponses('staff') },
      },
      staff,
      list,
    );
    addRoute(
      router,
      registry,
      {
        method: 'post',
        path,
        summary: `Save one of the ${what}`,
        tags: ['planning'],
        security: staffOnly,
        request: { body: { required: true, content: { 'application/json': { schema: planDocumentSchema } } } },
        responses: {
          201: { description: 'Saved.', content: { 'application/json': { schema: planDocumentSchema } } },
          400: problemResponse('The document is invalid; `errors` names each field.'),
          ...authProblemResponses('staff'),
        },
      },
      staff,
      async (request, response) => {
        response.status(201).json(rejectIssues(await save(request.body)));
      },
    );
  };

  listAndCreate('/api/inspection-items', 'inspection items (抽查事项清单)', async (_request, response) => response.json(await listInspectionItems(db)), (body) => saveInspectionItem(db, body));
  listAndCreate(
    '/api/sampling-policies',
    'sampling policy versions (a save adds a version, never overwrites one)',
    async (request, response) => {
      const query = parseRequestPart(policyListQuerySchema, request.query);
      response.json(await listSamplingPolicies(db, { year: query.year, itemCode: query.item }));
    },
    (body) => saveSamplingPolicy(db, body),
  );
  listAndCreate('/api/inspectors', 'inspectors (执法人员)', async (_request, response) => response.json(await listInspectors(db)), (body) => saveInspector(db, body));
  listAndCreate('/api/inspector-conflicts', 'declared conflicts (回避)', async (_request, response) => response.json(await listConflicts(db)), (body) => saveConflict(db, body));

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/annual-plans',
      summary: 'Save the annual plan (年度抽查计划) of a year: its name and rounds per year',
      tags: ['planning'],
      security: staffOnly,
      request: { body: { required: true, content: { 'application/json': { schema: planDocumentSchema } } } },
      responses: { 201: { description: 'Saved.', content: { 'application/json': { schema: planDocumentSchema } } }, 400: problemResponse('Invalid plan.'), ...authProblemResponses('staff') },
    },
    staff,
    async (request, response) => {
      response.status(201).json(rejectIssues(await saveAnnualPlan(db, request.body)));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tasks',
      summary: 'List the tasks of the annual plans',
      tags: ['planning'],
      security: staffOnly,
      request: { query: taskListQuerySchema },
      responses: { 200: { description: 'The tasks (never their secret nonce).', content: { 'application/json': { schema: planDocumentListSchema } } }, ...authProblemResponses('staff') },
    },
    staff,
    async (request, response) => {
      const query = parseRequestPart(taskListQuerySchema, request.query);
      response.json((await listTasks(db, { year: query.year })).map(toTaskResponse));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks',
      summary: 'Save a task (replaces it while it is still planned)',
      tags: ['planning'],
      security: staffOnly,
      request: { body: { required: true, content: { 'application/json': { schema: planDocumentSchema } } } },
      responses: {
        201: { description: 'Saved.', content: { 'application/json': { schema: planDocumentSchema } } },
        400: problemResponse('Invalid task.'),
        ...authProblemResponses('staff'),
        409: problemResponse('The task is already frozen or drawn.'),
      },
    },
    staff,
    async (request, response) => {
      const saved = await saveTask(db, request.body);
      if (!saved.ok && !Array.isArray(saved.error)) throw new ConflictError(`Task ${saved.error.task} is already frozen or drawn and cannot change.`);
      if (!saved.ok) throw new ValidationError((saved.error as PlanIssue[]).map((issue) => ({ field: issue.path, reason: issue.reason, reasonZh: issue.reasonZh })));
      response.status(201).json(saved.value);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tasks/{code}',
      summary: 'One task, with its freeze results once frozen',
      tags: ['planning'],
      security: staffOnly,
      request: { params: taskCodeParamsSchema },
      responses: { 200: { description: 'The task.', content: { 'application/json': { schema: planDocumentSchema } } }, ...authProblemResponses('staff'), 404: problemResponse('No such task.') },
    },
    staff,
    async (request, response) => {
      const { code } = parseRequestPart(taskCodeParamsSchema, request.params);
      const task = await findTask(db, code);
      if (!task) throw new NotFoundError(`No task ${code}.`);
      response.json(toTaskResponse(task));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/{code}/freeze',
      summary: 'Freeze a task: build and store its pool, publish poolRoot and the nonce commitment',
      tags: ['draws'],
      security: staffOnly,
      request: { params: taskCodeParamsSchema, body: { required: false, content: { 'application/json': { schema: freezeRequestSchema } } } },
      responses: {
        ...jobAcceptedResponse,
        200: { description: 'Frozen.', content: { 'application/json': { schema: freezeSummarySchema } } },
        ...authProblemResponses('staff'),
        404: problemResponse('No such task.'),
        409: problemResponse('The task is already frozen or drawn.'),
        422: problemResponse('The task cannot be frozen yet (no plan, a missing policy, an unusable evaluation run, an entropy source without a time, entropy_too_soon: the entropy comes less than ENTROPY_NOTICE after now, or tier_list_run_mismatch: the year has an approved tier list and the task uses another run, with no tierListOverrideReason).'),
        503: problemResponse('No bureau key configured.'),
      },
    },
    staff,
    async (request, response) => {
      const { code } = parseRequestPart(taskCodeParamsSchema, request.params);
      const { tierListOverrideReason } = parseRequestPart(freezeRequestSchema, request.body ?? {});
      await answerOrEnqueue(request, response, deps.jobs, 'freeze', { code, ...(tierListOverrideReason === undefined ? {} : { tierListOverrideReason }) }, freeze);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/{code}/draw',
      summary: 'Draw a frozen task with the public entropy (once)',
      tags: ['draws'],
      security: staffOnly,
      request: { params: taskCodeParamsSchema, body: { required: true, content: { 'application/json': { schema: drawRequestSchema } } } },
      responses: {
        ...jobAcceptedResponse,
        200: { description: 'Drawn; the signed records and receipts are stored.', content: { 'application/json': { schema: drawSummarySchema } } },
        400: problemResponse('Invalid entropy, or for a drand task not the committed round\'s verified signature (beacon_rejected).'),
        ...authProblemResponses('staff'),
        404: problemResponse('No such task.'),
        409: problemResponse('The task is not frozen, has already been drawn, or its entropy time has not come (entropy_not_yet); nothing changed.'),
        422: problemResponse('The draw failed (e.g. not enough free inspectors for an enterprise and department); nothing was saved.'),
        503: problemResponse('No bureau key configured.'),
      },
    },
    staff,
    async (request, response) => {
      const { code } = parseRequestPart(taskCodeParamsSchema, request.params);
      const { entropy } = parseRequestPart(drawRequestSchema, request.body);
      await answerOrEnqueue(request, response, deps.jobs, 'draw', { code, entropy }, draw);
    },
  );
}
