/**
 * Credit evaluation over HTTP, for staff (auditors may read): record import and listing,
 * scoring models, evaluation runs with their tier distribution, one enterprise's explained
 * evaluation, and tier changes between runs. Tiers are internal: nothing here is public.
 *
 * `POST /api/evaluations` claims the run and answers 202 with a `Location` at once, the run
 * going on in the background in short chunked statements (the embedded database's one
 * connection stays usable); `wait: true` answers when it has completed, for small
 * directories and scripts. A completed run of the same date and model is answered with 200.
 */
import type { Request, Router } from 'express';
import { z } from 'zod';
import { jobSchema } from '../schemas/jobs.ts';
import { beginEvaluationRun, EvaluationRunFailedError, explainEvaluation, type BegunRun, type EvaluateAllIssue } from '../../application/evaluate-all.ts';
import type { JobRunner } from '../../application/jobs.ts';
import { prefersRespondAsync } from '../../core/jobs.ts';
import { addScoringModel, findScoringModel, listScoringModels } from '../../application/scoring-models.ts';
import { parseCreditRecordKind, CREDIT_RECORD_KINDS } from '../../core/credit-record-row.ts';
import type { Logger } from '../../logger.ts';
import { findKnownCreditCodes, listEnterpriseRecords } from '../../persistence/credit-record-store.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { countTierChanges, findEvaluation, findEvaluationRun, listEvaluationRuns, type RunRow } from '../../persistence/evaluation-store.ts';
import { requireRole } from '../auth.ts';
import { answerImportOrEnqueue } from '../import-jobs.ts';
import { DEFAULT_IMPORT_BODY_LIMIT_BYTES, importFileBody, importResponses, readImportBody, uploadedFile } from '../import-upload.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { ConflictError, HttpError, NotFoundError, parseRequestPart, ValidationError } from '../problem.ts';
import { requireAnyRole } from '../role-access.ts';
import { enterpriseCodeParamsSchema } from '../schemas/enterprise.ts';
import {
  changesQuerySchema,
  creditRecordListSchema,
  evaluationRunListSchema,
  evaluationRunSchema,
  evaluationStartSchema,
  explainedEvaluationSchema,
  modelAddedSchema,
  modelListSchema,
  modelParamsSchema,
  recordImportQuerySchema,
  runListQuerySchema,
  runParamsSchema,
  tierChangesSchema,
} from '../schemas/credit.ts';
import { requireReauthentication } from '../reauthentication.ts';
import { answerOrEnqueue, defineOperationJob, type Operation } from '../jobs.ts';

/** The record import reads its file-sized body itself, after authentication (readImportBody). */
export const RECORD_IMPORT_PATH = '/api/records/import';

const tokenNeeded = [{ [BEARER_SECURITY_SCHEME]: [] }];

function evaluationStartError(issue: EvaluateAllIssue): HttpError {
  if (issue.code === 'invalid_date' || issue.code === 'as_of_in_future') return new ValidationError([{ field: 'asOf', reason: issue.message }]);
  if (issue.code === 'bad_reference') return new ValidationError([{ field: 'model', reason: issue.message }]);
  if (issue.code === 'unknown_model') return new NotFoundError(issue.message);
  return new ConflictError(issue.message, { runId: issue.run.id });
}

function runResponse(run: RunRow): RunRow {
  return {
    id: run.id,
    asOf: run.asOf,
    modelKey: run.modelKey,
    status: run.status,
    evaluated: run.evaluated,
    counts: run.counts,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    error: run.error,
  };
}

export function registerCreditRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; logger: Logger; importBodyLimitBytes?: number; now?: (() => Date) | undefined; jobs: JobRunner }): void {
  const { db } = deps.database;

  const findRun = async (request: Request): Promise<RunRow> => {
    const { runId } = parseRequestPart(runParamsSchema, { runId: request.params['runId'] });
    const run = await findEvaluationRun(db, runId);
    if (!run) throw new NotFoundError(`No evaluation run ${runId}.`);
    return run;
  };

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: RECORD_IMPORT_PATH,
      summary: 'Import credit records (insert or update by natural key)',
      description:
        'The body is the file: CSV of one `kind` (UTF-8 or GB18030, Chinese or English headers) or a JSON array whose elements each have a `kind`. ' +
        'All-or-nothing unless `partial=true`. With `Prefer: respond-async` (RFC 7240) the import is a job: 202, `Location: /api/jobs/{id}`. ID numbers are replaced by a keyed hash and never stored.',
      tags: ['credit'],
      security: tokenNeeded,
      request: {
        query: recordImportQuerySchema,
        body: importFileBody,
      },
      responses: importResponses('Invalid query parameters, a missing kind for CSV, or an empty body.'),
    },
    requireRole('staff'),
    ...readImportBody(deps.importBodyLimitBytes ?? DEFAULT_IMPORT_BODY_LIMIT_BYTES),
    async (request, response) => {
      const { format, content } = uploadedFile(request, response, 'the records');
      const query = parseRequestPart(recordImportQuerySchema, request.query);
      const kind = query.kind === undefined ? undefined : parseCreditRecordKind(query.kind);
      if (query.kind !== undefined && !kind) throw new ValidationError([{ field: 'kind', reason: `must be one of ${CREDIT_RECORD_KINDS.join(', ')}` }]);
      if (format === 'csv' && !kind) throw new ValidationError([{ field: 'kind', reason: 'is required for CSV: a CSV file holds one kind of record' }]);
      await answerImportOrEnqueue(request, response, deps, { target: 'records', format, kind, encoding: query.encoding, partial: query.partial }, content);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/enterprises/{code}/records',
      summary: "An enterprise's credit records, oldest first",
      tags: ['credit'],
      security: tokenNeeded,
      request: { params: enterpriseCodeParamsSchema },
      responses: {
        200: { description: 'The records.', content: { 'application/json': { schema: creditRecordListSchema } } },
        400: problemResponse('The code is not a valid unified social credit code.'),
        ...authProblemResponses('staff or auditor'),
        404: problemResponse('No enterprise in the directory has this code.'),
      },
    },
    requireAnyRole('staff', 'auditor'),
    async (request, response) => {
      const { code } = parseRequestPart(enterpriseCodeParamsSchema, request.params);
      if (!(await findKnownCreditCodes(db, [code])).has(code)) throw new NotFoundError(`No enterprise with credit code ${code} is in the directory.`);
      response.json({ items: await listEnterpriseRecords(db, code) });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/models',
      summary: 'Save a scoring model version (validated; saved versions never change)',
      tags: ['credit'],
      security: tokenNeeded,
      request: { body: { required: true, content: { 'application/json': { schema: { type: 'object' } } } } },
      responses: {
        200: { description: 'This exact definition was already saved: nothing changed.', content: { 'application/json': { schema: modelAddedSchema } } },
        201: { description: 'Saved.', content: { 'application/json': { schema: modelAddedSchema } } },
        ...authProblemResponses('admin'),
        409: problemResponse('This id and version are saved with another definition: save a new version.'),
        422: problemResponse('The model is invalid; `errors` names each formula and what is wrong.'),
      },
    },
    requireRole('admin'),
    requireReauthentication(db),
    async (request, response) => {
      const added = await addScoringModel(db, request.body);
      if (!added.ok) {
        if (added.error.code === 'version_exists') throw new ConflictError(added.error.message, { key: added.error.key });
        throw new HttpError(422, `The model has ${added.error.issues.length} problem${added.error.issues.length === 1 ? '' : 's'}.`, {
          errors: added.error.issues.map((issue) => ({ field: issue.path, reason: issue.message, reasonZh: issue.messageZh, ...(issue.formula ? { formula: issue.formula } : {}) })),
        });
      }
      response
        .status(added.value.created ? 201 : 200)
        .location(`/api/models/${added.value.model.id}/${added.value.model.version}`)
        .json({ key: added.value.key, created: added.value.created });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/models',
      summary: 'Saved scoring model versions',
      tags: ['credit'],
      security: tokenNeeded,
      responses: { 200: { description: 'The versions.', content: { 'application/json': { schema: modelListSchema } } }, ...authProblemResponses('staff or auditor') },
    },
    requireAnyRole('staff', 'auditor'),
    async (_request, response) => {
      response.json({ items: await listScoringModels(db) });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/models/{id}/{version}',
      summary: 'One scoring model version: its full definition',
      tags: ['credit'],
      security: tokenNeeded,
      request: { params: modelParamsSchema },
      responses: {
        200: { description: 'The model JSON.', content: { 'application/json': { schema: { type: 'object' } } } },
        400: problemResponse('Invalid id or version.'),
        ...authProblemResponses('staff or auditor'),
        404: problemResponse('No such model version.'),
      },
    },
    requireAnyRole('staff', 'auditor'),
    async (request, response) => {
      const { id, version } = parseRequestPart(modelParamsSchema, request.params);
      const found = await findScoringModel(db, `${id}/${version}`);
      if (!found.ok) throw new NotFoundError(found.error.message);
      response.json(found.value);
    },
  );

  // As a job the run executes in the runner (one at a time on PGlite) and reports its progress.
  const evaluate: Operation<{ asOf: string; model?: string }> = async ({ asOf, model }, _actor, context) => {
    const begun = await beginEvaluationRun(deps.database, { asOf, ...(model ? { model } : {}), ...(deps.now ? { now: deps.now() } : {}) });
    if (!begun.ok) throw evaluationStartError(begun.error);
    let run: RunRow = begun.value.run;
    if (begun.value.execute) {
      try {
        run = await begun.value.execute({ onProgress: ({ evaluated, total }) => context?.reportProgress({ done: evaluated, total }) });
      } catch (error) {
        if (error instanceof EvaluationRunFailedError) throw new HttpError(500, error.message, { runId: run.id });
        throw error;
      }
    }
    return { status: 200, body: runResponse(run), location: `/api/evaluations/${run.id}`, counts: { evaluated: run.evaluated, ...run.counts } };
  };
  // A run is claimed again and redone from scratch, and a completed one is answered untouched.
  defineOperationJob(deps.jobs, 'evaluation', 'resume', evaluate);

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/evaluations',
      summary: 'Start an evaluation run of every enterprise as of a date',
      description: 'Answers 202 with the running run and its Location; the run continues in the background. `wait: true` answers when it has completed. A completed run of the same date and model is answered with 200.',
      tags: ['credit'],
      security: tokenNeeded,
      request: { body: { required: true, content: { 'application/json': { schema: evaluationStartSchema } } } },
      responses: {
        200: { description: 'The completed run.', content: { 'application/json': { schema: evaluationRunSchema } } },
        202: {
          description: 'Started; poll the Location (`/api/evaluations/{runId}`). With `Prefer: respond-async` (RFC 7240) the run is a job instead: the body is the job and Location is `/api/jobs/{id}`.',
          content: { 'application/json': { schema: z.union([evaluationRunSchema, jobSchema]) } },
        },
        400: problemResponse('Invalid date or body, or a date after today (as_of_in_future).'),
        ...authProblemResponses('staff'),
        404: problemResponse('No such model.'),
        409: problemResponse('This run is in progress; `runId` names it.'),
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const body = parseRequestPart(evaluationStartSchema, request.body);
      if (prefersRespondAsync(request.get('prefer'))) {
        await answerOrEnqueue(request, response, deps.jobs, 'evaluation', { asOf: body.asOf, ...(body.model ? { model: body.model } : {}) }, evaluate);
        return;
      }
      const begun = await beginEvaluationRun(deps.database, { asOf: body.asOf, ...(body.model ? { model: body.model } : {}), ...(deps.now ? { now: deps.now() } : {}) });
      if (!begun.ok) throw evaluationStartError(begun.error);
      const location = `/api/evaluations/${begun.value.run.id}`;
      const execute: BegunRun['execute'] = begun.value.execute;
      if (!execute) {
        response.location(location).json(runResponse(begun.value.run));
        return;
      }
      if (body.wait) {
        response.location(location).json(runResponse(await execute()));
        return;
      }
      execute().catch((error: unknown) => deps.logger.error({ err: error, runId: begun.value.run.id }, 'evaluation run failed'));
      response.status(202).location(location).json(runResponse(begun.value.run));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/evaluations',
      summary: 'Evaluation runs, newest first',
      tags: ['credit'],
      security: tokenNeeded,
      request: { query: runListQuerySchema },
      responses: { 200: { description: 'The runs.', content: { 'application/json': { schema: evaluationRunListSchema } } }, 400: problemResponse('Invalid limit.'), ...authProblemResponses('staff or auditor') },
    },
    requireAnyRole('staff', 'auditor'),
    async (request, response) => {
      const { limit } = parseRequestPart(runListQuerySchema, request.query);
      response.json({ items: (await listEvaluationRuns(db, limit)).map(runResponse) });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/evaluations/{runId}',
      summary: 'One run with its tier distribution',
      tags: ['credit'],
      security: tokenNeeded,
      request: { params: runParamsSchema },
      responses: {
        200: { description: 'The run.', content: { 'application/json': { schema: evaluationRunSchema } } },
        400: problemResponse('Invalid run id.'),
        ...authProblemResponses('staff or auditor'),
        404: problemResponse('No such run.'),
      },
    },
    requireAnyRole('staff', 'auditor'),
    async (request, response) => {
      response.json(runResponse(await findRun(request)));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/evaluations/{runId}/enterprises/{code}',
      summary: "One enterprise's evaluation in a run, explained",
      tags: ['credit'],
      security: tokenNeeded,
      request: { params: runParamsSchema.extend(enterpriseCodeParamsSchema.shape) },
      responses: {
        200: { description: 'Indicators with values and contributions, formulas, rules fired, model version.', content: { 'application/json': { schema: explainedEvaluationSchema } } },
        400: problemResponse('Invalid run id or credit code.'),
        ...authProblemResponses('staff or auditor'),
        404: problemResponse('No such run, or the enterprise is not in it.'),
      },
    },
    requireAnyRole('staff', 'auditor'),
    async (request, response) => {
      const run = await findRun(request);
      const { code } = parseRequestPart(enterpriseCodeParamsSchema, { code: request.params['code'] });
      const stored = await findEvaluation(db, run.id, code);
      if (!stored) throw new NotFoundError(`Run ${run.id} has no evaluation of ${code}.`);
      const model = await findScoringModel(db, run.modelKey);
      if (!model.ok) throw new Error(`run ${run.id} names model ${run.modelKey}, which is not stored`);
      response.json({ runId: run.id, ...explainEvaluation(model.value, run, stored) });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/evaluations/{runId}/changes',
      summary: 'Tier changes since another run: counts per (earlier tier, tier)',
      tags: ['credit'],
      security: tokenNeeded,
      request: { params: runParamsSchema, query: changesQuerySchema },
      responses: {
        200: { description: 'Counts only.', content: { 'application/json': { schema: tierChangesSchema } } },
        400: problemResponse('Invalid run ids.'),
        ...authProblemResponses('staff or auditor'),
        404: problemResponse('No such run.'),
      },
    },
    requireAnyRole('staff', 'auditor'),
    async (request, response) => {
      const run = await findRun(request);
      const { since } = parseRequestPart(changesQuerySchema, request.query);
      const earlier = await findEvaluationRun(db, since);
      if (!earlier) throw new NotFoundError(`No evaluation run ${since}.`);
      response.json({ runId: run.id, sinceRunId: earlier.id, changes: await countTierChanges(db, run.id, earlier.id) });
    },
  );
}
