/**
 * Issue 17 over HTTP: corrections of published results (admin, four eyes; the signed record
 * is public), statements and defence (the enterprise states, staff answer; never public),
 * and the three lists (三张清单, public).
 */
import type { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../application/activity-log.ts';
import { approverNameOf, requestAct } from '../../application/approvals.ts';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import { findLeniencyLists } from '../../application/leniency-lists.ts';
import { findPublishedCorrection } from '../../application/result-corrections.ts';
import { answerStatement, describeStatementIssue, findStatements, statusOfStatementIssue, submitStatement, type ResultStatementRow, type StatementIssue } from '../../application/result-statements.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { markActivityRecorded } from '../activity.ts';
import { principalOf, requireRole } from '../auth.ts';
import { sendDocument } from '../cacheable.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { HttpError, NotFoundError, parseRequestPart } from '../problem.ts';
import { IMMUTABLE_CACHE_CONTROL, JSON_TYPE, type PublicContentCache } from '../public-cache.ts';
import { requireReauthentication } from '../reauthentication.ts';
import { answerBodySchema, correctionParamsSchema, correctionRequestSchema, leniencyEntrySchema, statementBodySchema, statementParamsSchema, statementSchema } from '../schemas/corrections.ts';
import { proposedResponse, sendRequestedAct } from './approvals.ts';
import { assertBureauKeys } from '../bureau-key-guard.ts';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

function statementProblem(issue: StatementIssue): HttpError {
  return new HttpError(statusOfStatementIssue(issue), describeStatementIssue(issue, 'en'), { code: issue.code, issue });
}

function statementJson(row: ResultStatementRow) {
  return { ...row, submittedAt: row.submittedAt.toISOString(), answeredAt: row.answeredAt?.toISOString() ?? null };
}

export function registerCorrectionRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  deps: { database: DatabaseHandle; publicCache: PublicContentCache; bureauKeys?: BureauKeys | undefined; fourEyes?: boolean | undefined; now?: (() => Date) | undefined },
): void {
  const { database } = deps;
  const now = () => deps.now?.() ?? new Date();
  const secured = (tag: string) => ({ tags: [tag], security: [{ [BEARER_SECURITY_SCHEME]: [] }] });

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/results/corrections',
      summary: 'Correct a published inspection result (撤销 / 补正 / 变更) with a signed suiji.result-correction/1 record (admin; four eyes)',
      ...secured('inspection results'),
      request: { body: { content: { 'application/json': { schema: correctionRequestSchema } } } },
      responses: {
        201: json(z.record(z.string(), z.unknown()), 'Corrected at once (FOUR_EYES=off): the signed record and its leaf index.'),
        202: proposedResponse,
        ...authProblemResponses('admin'),
        404: problemResponse('No such published result.'),
        409: problemResponse('The result is revoked already, or a correction of it is pending.'),
        422: problemResponse('The correction cannot be carried out as written.'),
        503: problemResponse('No bureau key configured.'),
      },
    },
    requireRole('admin'),
    requireReauthentication(database.db),
    async (request, response) => {
      const body = parseRequestPart(correctionRequestSchema, request.body);
      assertBureauKeys(deps.bureauKeys, 'publish');
      const requested = await requestAct(database, deps.bureauKeys, { kind: 'result_correction', correction: body }, actorOf(principalOf(response)), { fourEyes: deps.fourEyes ?? true, now: now() });
      sendRequestedAct(response, requested, (done) => response.status(201).json(done.outcome));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/results/corrections/{number}',
      summary: 'A signed correction of a published result (suiji.result-correction/1)',
      tags: ['public'],
      request: { params: correctionParamsSchema },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The envelope.'), 404: problemResponse('No such correction.') },
    },
    async (request, response) => {
      const { number } = parseRequestPart(correctionParamsSchema, request.params);
      // A signed correction is inserted once and never changed.
      const document = await deps.publicCache.read(`result-correction:${number}`, async () => (await findPublishedCorrection(database.db, number))?.text, JSON_TYPE);
      if (!document) throw new NotFoundError(`No correction ${number}.`);
      sendDocument(request, response, document, IMMUTABLE_CACHE_CONTROL);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/leniency-lists',
      summary: "The bureau's three lists (三张清单: 从轻 / 减轻 / 免予处罚), by list then code",
      tags: ['public'],
      responses: { 200: json(z.array(leniencyEntrySchema), 'The entries.') },
    },
    async (_request, response) => {
      const entries = await findLeniencyLists(database.db);
      response.json(entries.map(({ code, list, item, legalBasis, conditions, firstViolation }) => ({ code, list, item, legalBasis, conditions, firstViolation })));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/enterprise/statements',
      summary: 'State the case on one of the enterprise\'s own published results (陈述申辩; enterprise signed in with its receipt code). Never published.',
      ...secured('enterprise'),
      request: { body: { content: { 'application/json': { schema: statementBodySchema } } } },
      responses: { 201: json(statementSchema, 'Stored.'), ...authProblemResponses('enterprise'), 404: problemResponse('No published result of this enterprise there.'), 422: problemResponse('Empty or too long.') },
    },
    requireRole('enterprise'),
    async (request, response) => {
      const creditCode = principalOf(response).enterpriseCode;
      if (creditCode === undefined) throw new HttpError(403, 'Only an enterprise signed in with its credit code and receipt code can state its case.');
      const body = parseRequestPart(statementBodySchema, request.body);
      const saved = await submitStatement(database, { taskCode: body.taskCode, itemCode: body.itemCode, creditCode, statement: body.statement }, now());
      if (!saved.ok) throw statementProblem(saved.error);
      markActivityRecorded(response);
      response.status(201).json(statementJson(saved.value));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/statements',
      summary: 'Statements waiting for an answer, oldest first (staff)',
      ...secured('inspection results'),
      responses: { 200: json(z.array(statementSchema), 'The statements.'), ...authProblemResponses('staff') },
    },
    requireRole('staff'),
    async (_request, response) => {
      response.json((await findStatements(database.db, { unanswered: true })).map(statementJson));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/statements/{id}/answer',
      summary: 'Answer a statement, once (staff); the enterprise sees the answer',
      ...secured('inspection results'),
      request: { params: statementParamsSchema, body: { content: { 'application/json': { schema: answerBodySchema } } } },
      responses: { 200: json(statementSchema, 'Answered.'), ...authProblemResponses('staff'), 404: problemResponse('No such statement.'), 409: problemResponse('Answered already.'), 422: problemResponse('Empty or too long.') },
    },
    requireRole('staff'),
    async (request, response) => {
      const { id } = parseRequestPart(statementParamsSchema, request.params);
      const body = parseRequestPart(answerBodySchema, request.body);
      const answered = await answerStatement(database, id, { answer: body.answer, answeredBy: approverNameOf(actorOf(principalOf(response))) }, now());
      if (!answered.ok) throw statementProblem(answered.error);
      markActivityRecorded(response);
      response.json(statementJson(answered.value));
    },
  );
}
