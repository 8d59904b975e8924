/**
 * Inspection results: staff enter them, see what is overdue and publish a task's batch;
 * anyone reads published results by enterprise or by task, and each signed batch.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import type { JobRunner } from '../../application/jobs.ts';
import { describePublishResultsIssue, enterResults, listOverdue, publishResults } from '../../application/inspection-results.ts';
import { shanghaiDate } from '../../application/record-time.ts';
import { loadWorkingCalendar } from '../../application/working-calendar.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { findPublicResults } from '../../application/public-portal.ts';
import type { CorrectionMark } from '../../application/result-corrections.ts';
import { CORRECTION_KIND_NAMES, CORRECTION_KINDS } from '../../core/result-correction.ts';
import { findResultsBatch, PUBLISHED_RESULT_KEY } from '../../persistence/results-repository.ts';
import { TASK_MODES } from '../../core/inspection-plan.ts';
import { requireRole } from '../auth.ts';
import { sendDocument, sendWithEtag } from '../cacheable.ts';
import { IMMUTABLE_CACHE_CONTROL, JSON_TYPE, type PublicContentCache } from '../public-cache.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { ConflictError, HttpError, NotFoundError, parseRequestPart, ValidationError } from '../problem.ts';
import { calendarDateSchema } from '../schemas/calendar-date.ts';
import { normaliseCreditCode } from '../../core/credit-code.ts';
import { bothLanguages } from '../../core/language.ts';
import { requireReauthentication } from '../reauthentication.ts';
import { callerDepartment, STAFF_OR_DEPARTMENT_403 } from './departments.ts';
import { answerOrEnqueue, defineOperationJob, jobAcceptedResponse, withChineseDetail, type Operation } from '../jobs.ts';
import { assertBureauKeys } from '../bureau-key-guard.ts';

const resultInputSchema = z.object({
  taskCode: z.string(),
  creditCode: z.string(),
  itemCode: z.string(),
  outcome: z.string(),
  inspectionDate: calendarDateSchema,
  inspectors: z.array(z.string()),
  summary: z.string(),
  correctiveOrder: z.string().optional(),
});
const enterBodySchema = z.object({ results: z.array(resultInputSchema).min(1).max(5000) }).strict();
const overdueQuerySchema = z.object({ today: calendarDateSchema.optional(), task: z.string().optional() }).strict();
const taskParamsSchema = z.object({ code: z.string().min(1) });
const batchParamsSchema = z.object({ task: z.string().min(1), batch: z.coerce.number().int().min(1) });
const publicQuerySchema = z
  .object({ code: z.string().optional(), task: z.string().optional(), cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) })
  .strict()
  .refine((query) => query.code !== undefined || query.task !== undefined, { message: 'give code (an enterprise) or task', path: ['code'] });
const publishedResultSchema = z.object({
  taskCode: z.string(),
  batch: z.number(),
  creditCode: z.string(),
  name: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  outcome: z.string(),
  inspectionDate: z.string(),
  inspectors: z.array(z.string()),
  summary: z.string(),
  correctiveOrder: z.string().nullable(),
  department: z
    .object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })
    .optional()
    .describe("The department whose findings these are (检查部门). A joint task (综合查一次) has a result per department for an item, each its department's own findings; absent for a result of no department in particular"),
  corrections: z
    .array(
      z.object({
        number: z.number().int().describe('The correction number (第 N 号更正)'),
        kind: z.enum(CORRECTION_KINDS).describe('revocation (撤销), supplement (补正) or change (变更)'),
        label: z.object({ zh: z.string(), en: z.string() }).describe("The kind's name in Chinese and English, e.g. {\"zh\": \"变更\", \"en\": \"Changed\"}"),
        recordHash: z.string().describe("The signed suiji.result-correction/1 record's hash: its publication log leaf (inclusion proof at /api/public/log/proof/inclusion?hash=)"),
        url: z.string().describe('The signed correction record (JSON)'),
        page: z.string().describe("The correction's page on the portal"),
      }),
    )
    .optional()
    .describe('Corrections of a corrected result (撤销 / 补正 / 变更), oldest first: the last one stands; the result above is as first published. Absent when never corrected'),
  method: z.enum(TASK_MODES).meta({ description: 'How the task checked: on_site (现场检查), or self_inspection (自查: the result is the enterprise\'s accepted self-inspection report).' }),
}).meta({ id: 'PublishedResult' });
/** A correction as the public JSON lists it on the result it corrects: the same facts as the portal's mark. */
function describeCorrectionMark(mark: CorrectionMark) {
  const [zh, en] = CORRECTION_KIND_NAMES[mark.kind];
  return { ...mark, label: { zh, en }, url: `/api/public/results/corrections/${mark.number}`, page: `/results/corrections/${mark.number}` };
}
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

export function registerResultRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; bureauKeys?: BureauKeys | undefined; publicCache: PublicContentCache; jobs: JobRunner; publishedDraws: { changed(): void } }): void {
  const { database, publicCache } = deps;
  const calendar = loadWorkingCalendar();
  const staff = { tags: ['inspection results'], security: [{ [BEARER_SECURITY_SCHEME]: [] }] };

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/results',
      summary: 'Enter inspection results (all or none): only enterprises the draw selected, only items of the task',
      ...staff,
      request: { body: { content: { 'application/json': { schema: enterBodySchema } } } },
      responses: { 201: json(z.object({ saved: z.array(z.record(z.string(), z.unknown())) }), 'Saved, with due dates.'), 400: problemResponse('Invalid results; `errors` name the result index and field.'), ...authProblemResponses('staff'), 403: STAFF_OR_DEPARTMENT_403 },
    },
    requireRole('staff'),
    async (request, response) => {
      const body = parseRequestPart(enterBodySchema, request.body);
      const entered = await enterResults(database, calendar, body.results, { department: await callerDepartment(database.db, response) });
      if (!entered.ok) {
        const outside = entered.error.flatMap((failure) => failure.issues).find((issue) => issue.code === 'outside_department');
        if (outside) throw new HttpError(403, bothLanguages(outside), { code: outside.code });
        throw new ValidationError(entered.error.flatMap((failure) => failure.issues.map((issue) => ({ field: `results.${failure.index}${issue.field ? `.${issue.field}` : ''}`, reason: issue.reason, reasonZh: issue.reasonZh, ...(issue.code ? { code: issue.code } : {}) }))));
      }
      response.status(201).json({ saved: entered.value });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/results/overdue',
      summary: 'Unpublished results past their due date (20 working days), and selected enterprises with no result yet',
      ...staff,
      request: { query: overdueQuerySchema },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The report.'), ...authProblemResponses('staff') },
    },
    requireRole('staff'),
    async (request, response) => {
      const query = parseRequestPart(overdueQuerySchema, request.query);
      response.json(await listOverdue(database.db, calendar, query.today ?? shanghaiDate(new Date()), query.task));
    },
  );

  const publish: Operation<{ code: string }> = async ({ code }) => {
    assertBureauKeys(deps.bureauKeys, 'publish');
    const published = await publishResults(database, deps.bureauKeys, code);
    if (!published.ok) {
      const detail = describePublishResultsIssue(published.error, 'en');
      const chinese = describePublishResultsIssue(published.error, 'zh');
      if (published.error.code === 'unknown_task') throw withChineseDetail(new NotFoundError(detail), chinese);
      throw withChineseDetail(new ConflictError(detail), chinese);
    }
    const { envelope: _envelope, ...summary } = published.value;
    return { status: 201, body: summary };
  };
  // A batch is published in one transaction: an interrupted one either was published or left nothing.
  defineOperationJob(deps.jobs, 'results', 'fail', publish, () => deps.publishedDraws.changed());

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/{code}/results/publish',
      summary: "Publish the task's unpublished results as one signed batch in the publication log; they also become credit records",
      ...staff,
      request: { params: taskParamsSchema },
      responses: {
        ...jobAcceptedResponse,
        201: json(z.record(z.string(), z.unknown()), 'The batch.'),
        404: problemResponse('No such task.'),
        409: problemResponse('Nothing to publish.'),
        ...authProblemResponses('staff'),
      },
    },
    requireRole('staff'),
    requireReauthentication(database.db),
    async (request, response) => {
      const { code } = parseRequestPart(taskParamsSchema, request.params);
      await answerOrEnqueue(request, response, deps.jobs, 'results', { code }, publish);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/results',
      summary: 'Published inspection results of an enterprise (?code=) or a task (?task=), paged by cursor; each names its department and, once corrected, its corrections',
      tags: ['public'],
      request: { query: publicQuerySchema },
      responses: { 200: json(z.object({ items: z.array(publishedResultSchema), nextCursor: z.string().optional() }), 'A page (strong ETag; 304 on If-None-Match).'), 400: problemResponse('Neither code nor task, or a bad cursor.') },
    },
    async (request, response) => {
      const query = parseRequestPart(publicQuerySchema, request.query);
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, PUBLISHED_RESULT_KEY);
      if (query.cursor !== undefined && after === undefined) throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor from this API' }]);
      const found = await findPublicResults(database.db, { creditCode: query.code === undefined ? undefined : normaliseCreditCode(query.code), taskCode: query.task, after, limit: query.limit });
      const items = found.items.map(({ corrections, ...result }) => ({ ...result, ...(corrections ? { corrections: corrections.map(describeCorrectionMark) } : {}) }));
      const page = { items, ...(found.nextAfter === undefined ? {} : { nextCursor: encodeCursor(found.nextAfter) }) };
      sendWithEtag(request, response, JSON.stringify(page), 'application/json');
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/results/batches/{task}/{batch}',
      summary: 'A signed results batch (suiji.results-batch/1)',
      tags: ['public'],
      request: { params: batchParamsSchema },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The envelope.'), 404: problemResponse('No such batch.') },
    },
    async (request, response) => {
      const { task, batch } = parseRequestPart(batchParamsSchema, request.params);
      // A signed batch is inserted once and never changed.
      const document = await publicCache.read(`results-batch:${task}/${batch}`, async () => (await findResultsBatch(database.db, task, batch))?.envelope, JSON_TYPE);
      if (!document) throw new NotFoundError(`Task ${task} has no results batch ${batch}.`);
      sendDocument(request, response, document, IMMUTABLE_CACHE_CONTROL);
    },
  );
}
