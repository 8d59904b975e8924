/**
 * Red and black lists: staff compute and review candidate editions, an admin publishes
 * them and issues exit notices; anyone reads the current lists (JSON, or CSV for Excel),
 * the signed editions and the exit notices.
 */
import type { Request, Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../application/activity-log.ts';
import { requestAct } from '../../application/approvals.ts';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import type { JobRunner } from '../../application/jobs.ts';
import {
  computeCandidateEdition,
  currentList,
  describeListIssue,
  findEditionEnvelopeText,
  issueExitNotice,
  LIST_KINDS,
  listEditionHistory,
  listExitNotices,
  removeCandidateEntry,
  reviewEdition,
  type ListIssue,
  type ListKind,
  type PublishedListEntry,
} from '../../application/red-black-lists.ts';
import { tableCsv } from '../../core/table-columns.ts';
import { LIST_COLUMNS } from '../download-tables.ts';
import { sendTable } from '../table-download.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { principalOf, requireRole } from '../auth.ts';
import { sendDocument, sendWithEtag } from '../cacheable.ts';
import { IMMUTABLE_CACHE_CONTROL, JSON_TYPE, type PublicContentCache } from '../public-cache.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { ConflictError, type HttpError, NotFoundError, parseRequestPart, ValidationError } from '../problem.ts';
import { calendarDateSchema } from '../schemas/calendar-date.ts';
import { normaliseCreditCode } from '../../core/credit-code.ts';
import { requireReauthentication } from '../reauthentication.ts';
import { answerOrEnqueue, defineOperationJob, jobAcceptedResponse, type Operation } from '../jobs.ts';
import { proposedResponse, sendRequestedAct } from './approvals.ts';
import { assertBureauKeys } from '../bureau-key-guard.ts';

const listParamsSchema = z.object({ list: z.enum(LIST_KINDS) });
const editionParamsSchema = z.object({ edition: z.string().min(1) });
const computeBodySchema = z.object({ from: calendarDateSchema, to: calendarDateSchema, criteria: z.string().optional() }).strict();
const removalBodySchema = z.object({ creditCode: z.string().min(1), reason: z.string().min(1).max(500) }).strict();
const exitBodySchema = z
  .object({ creditCode: z.string().min(1), cause: z.enum(['expiry', 'credit_repair']), exitDate: calendarDateSchema, repairDecision: z.string().max(200).optional() })
  .strict();
const pageQuerySchema = z.object({ cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100), format: z.enum(['json', 'csv', 'xlsx']).optional() }).strict();
const historyQuerySchema = z.object({ cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(100).default(20), list: z.enum(LIST_KINDS).optional() }).strict();
const creditCodeKey = /^[0-9A-Z]{18}$/;
const idKey = /^\d{1,9}$/;
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const anyObject = z.record(z.string(), z.unknown());
function toHttpError(issue: ListIssue): HttpError {
  const detail = describeListIssue(issue);
  switch (issue.code) {
    case 'unknown_edition':
    case 'no_such_entry':
    case 'not_listed':
      return new NotFoundError(detail);
    case 'edition_published':
    case 'already_exited':
    case 'exit_refused':
    case 'personal_data':
      return new ConflictError(detail, { code: issue.code });
    default:
      return new ValidationError([{ field: issue.code === 'reason_required' ? 'reason' : issue.code === 'invalid_period' ? 'to' : 'criteria', reason: detail }]);
  }
}

function wantsTable(request: Request, format: 'json' | 'csv' | 'xlsx' | undefined): boolean {
  if (format) return format !== 'json';
  return request.accepts(['application/json', 'text/csv']) === 'text/csv';
}

function cursorAfter(cursor: string | undefined, pattern: RegExp): string | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor, pattern);
  if (key === undefined) throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor from this API' }]);
  return key;
}

export function registerListRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  deps: { database: DatabaseHandle; bureauKeys?: BureauKeys | undefined; fourEyes?: boolean | undefined; publicCache: PublicContentCache; jobs: JobRunner },
): void {
  const { database, publicCache } = deps;
  const { db } = database;
  const secured = { tags: ['red and black lists'], security: [{ [BEARER_SECURITY_SCHEME]: [] }] };
  const keys = (): BureauKeys => {
    assertBureauKeys(deps.bureauKeys, 'publish');
    return deps.bureauKeys;
  };

  const buildList: Operation<{ list: ListKind; from: string; to: string; criteria?: string }> = async ({ list, from, to, criteria }) => {
    const computed = await computeCandidateEdition(database, { list, from, to, ...(criteria ? { criteriaKey: criteria } : {}) });
    if (!computed.ok) throw toHttpError(computed.error);
    return { status: 201, body: computed.value, counts: { entries: computed.value.entries } };
  };
  // Computing a candidate edition again replaces it: an interrupted one is simply redone.
  defineOperationJob(deps.jobs, 'list', 'resume', buildList);

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/lists/{list}/editions',
      summary: 'Compute (or recompute) the candidate edition of a list for a period',
      ...secured,
      request: { params: listParamsSchema, body: { content: { 'application/json': { schema: computeBodySchema } } } },
      responses: { 201: json(anyObject, 'The candidate edition.'), ...jobAcceptedResponse, 400: problemResponse('Bad period or criteria.'), 409: problemResponse('Already published.'), ...authProblemResponses('staff') },
    },
    requireRole('staff'),
    async (request, response) => {
      const { list } = parseRequestPart(listParamsSchema, request.params);
      const body = parseRequestPart(computeBodySchema, request.body);
      await answerOrEnqueue(request, response, deps.jobs, 'list', { list, from: body.from, to: body.to, ...(body.criteria ? { criteria: body.criteria } : {}) }, buildList);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/lists/editions/{edition}',
      summary: 'An edition for review, with removed entries and their reasons',
      ...secured,
      request: { params: editionParamsSchema },
      responses: { 200: json(anyObject, 'The edition.'), 404: problemResponse('No such edition.'), ...authProblemResponses('staff') },
    },
    requireRole('staff'),
    async (request, response) => {
      const { edition } = parseRequestPart(editionParamsSchema, request.params);
      const review = await reviewEdition(db, edition);
      if (!review) throw new NotFoundError(`No list edition ${edition}.`);
      const { envelope: _envelope, ...row } = review.edition;
      response.json({ edition: row, entries: review.entries });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/lists/editions/{edition}/removals',
      summary: 'Review: remove an enterprise from a candidate edition, with the reason (kept)',
      ...secured,
      request: { params: editionParamsSchema, body: { content: { 'application/json': { schema: removalBodySchema } } } },
      responses: { 201: json(anyObject, 'Removed.'), 404: problemResponse('No such edition or entry.'), 409: problemResponse('Already published.'), ...authProblemResponses('staff') },
    },
    requireRole('staff'),
    async (request, response) => {
      const { edition } = parseRequestPart(editionParamsSchema, request.params);
      const body = parseRequestPart(removalBodySchema, request.body);
      const removed = await removeCandidateEntry(db, edition, normaliseCreditCode(body.creditCode), body.reason, principalOf(response).tokenId);
      if (!removed.ok) throw toHttpError(removed.error);
      response.status(201).json({ edition, creditCode: body.creditCode, reason: body.reason });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/lists/editions/{edition}/publish',
      summary: 'Publish a reviewed edition (admin; with FOUR_EYES a second admin approves): signed suiji.list-edition/1, appended to the publication log',
      ...secured,
      request: { params: editionParamsSchema },
      responses: {
        201: json(anyObject, 'Published (FOUR_EYES=off): the signed edition, with approvedBy and fourEyes: false.'),
        202: proposedResponse,
        404: problemResponse('No such edition.'),
        409: problemResponse('Already published, or its publication is pending.'),
        ...authProblemResponses('admin'),
      },
    },
    requireRole('admin'),
    requireReauthentication(db),
    async (request, response) => {
      const { edition } = parseRequestPart(editionParamsSchema, request.params);
      const requested = await requestAct(database, keys(), { kind: 'list_publication', edition }, actorOf(principalOf(response)), { fourEyes: deps.fourEyes ?? true });
      if (!requested.ok && requested.error.code === 'list_publication_refused') throw toHttpError(requested.error.issue);
      sendRequestedAct(response, requested, (done) => {
        if (done.outcome.kind === 'list_edition') response.status(201).json({ envelope: done.outcome.envelope, leafIndex: done.outcome.leafIndex });
      });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/lists/{list}/exit-notices',
      summary: 'End an entry of the current list by expiry or credit repair (admin): signed suiji.exit-notice/1, logged',
      ...secured,
      request: { params: listParamsSchema, body: { content: { 'application/json': { schema: exitBodySchema } } } },
      responses: { 201: json(anyObject, 'The signed notice.'), 404: problemResponse('Not on the current list.'), 409: problemResponse('Refused (too early, not expired, already exited).'), ...authProblemResponses('admin') },
    },
    requireRole('admin'),
    async (request, response) => {
      const { list } = parseRequestPart(listParamsSchema, request.params);
      const body = parseRequestPart(exitBodySchema, request.body);
      const issued = await issueExitNotice(database, keys(), { list, ...body, creditCode: normaliseCreditCode(body.creditCode) });
      if (!issued.ok) throw toHttpError(issued.error);
      response.status(201).json(issued.value);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/list-editions/{edition}',
      summary: 'A published list edition: the signed suiji.list-edition/1 envelope',
      tags: ['public'],
      request: { params: editionParamsSchema },
      responses: { 200: json(anyObject, 'The envelope (strong ETag).'), 404: problemResponse('No published edition of this code.') },
    },
    async (request, response) => {
      const { edition } = parseRequestPart(editionParamsSchema, request.params);
      // A published edition never changes; a candidate one is not found, and asked for again.
      const document = await publicCache.read(`list-edition:${edition}`, () => findEditionEnvelopeText(db, edition), JSON_TYPE);
      if (!document) throw new NotFoundError(`No published list edition ${edition}.`);
      sendDocument(request, response, document, IMMUTABLE_CACHE_CONTROL);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/exit-notices',
      summary: 'Exit notices (signed suiji.exit-notice/1 envelopes), newest first',
      tags: ['public'],
      request: { query: historyQuerySchema },
      responses: { 200: json(anyObject, 'A page (strong ETag).') },
    },
    async (request, response) => {
      const query = parseRequestPart(historyQuerySchema, request.query);
      const before = cursorAfter(query.cursor, idKey);
      const rows = await listExitNotices(db, query.list, { before: before === undefined ? undefined : Number(before), limit: query.limit + 1 });
      const items = rows.slice(0, query.limit);
      const page = { items: items.map((row) => row.envelope), ...(rows.length > query.limit ? { nextCursor: encodeCursor(String(items[items.length - 1]!.id)) } : {}) };
      sendWithEtag(request, response, JSON.stringify(page), 'application/json');
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/lists/{list}/editions',
      summary: 'The history of a list: its published editions (signed envelopes), newest first',
      tags: ['public'],
      request: { params: listParamsSchema, query: historyQuerySchema.omit({ list: true }) },
      responses: { 200: json(anyObject, 'A page (strong ETag).') },
    },
    async (request, response) => {
      const { list } = parseRequestPart(listParamsSchema, request.params);
      const query = parseRequestPart(historyQuerySchema.omit({ list: true }), request.query);
      const before = cursorAfter(query.cursor, idKey);
      const rows = await listEditionHistory(db, list, { before: before === undefined ? undefined : Number(before), limit: query.limit + 1 });
      const items = rows.slice(0, query.limit);
      const page = { items: items.map((row) => row.envelope), ...(rows.length > query.limit ? { nextCursor: encodeCursor(String(items[items.length - 1]!.id)) } : {}) };
      sendWithEtag(request, response, JSON.stringify(page), 'application/json');
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/lists/{list}',
      summary: 'The current red or black list: the latest edition without entries ended by exit notices',
      description: 'JSON pages by cursor, or the whole list as CSV (UTF-8 with BOM, for Excel) with `?format=csv` or `Accept: text/csv`, or as an Excel workbook with `?format=xlsx`.',
      tags: ['public'],
      request: { params: listParamsSchema, query: pageQuerySchema },
      responses: {
        200: { description: 'The list (strong ETag; 304 on If-None-Match).', content: { 'application/json': { schema: anyObject }, 'text/csv': { schema: z.string() }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() } } },
      },
    },
    async (request, response) => {
      const { list } = parseRequestPart(listParamsSchema, request.params);
      const query = parseRequestPart(pageQuerySchema, request.query);
      if (wantsTable(request, query.format)) {
        const entries: PublishedListEntry[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await currentList(db, list, { after, limit: 1000 });
          entries.push(...page.entries);
          if (!page.nextAfter) break;
          after = page.nextAfter;
        }
        if (query.format === 'xlsx') {
          await sendTable(response, 'xlsx', { filename: `${list}-list`, sheetName: list === 'red' ? '守信红榜' : '失信黑榜', columns: LIST_COLUMNS, pages: [entries] });
          return;
        }
        response.set('Content-Disposition', `attachment; filename="${list}-list.csv"`);
        sendWithEtag(request, response, tableCsv(LIST_COLUMNS, entries), 'text/csv; charset=utf-8');
        return;
      }
      const page = await currentList(db, list, { after: cursorAfter(query.cursor, creditCodeKey), limit: query.limit });
      const body = { list, edition: page.edition ?? null, items: page.entries, ...(page.nextAfter ? { nextCursor: encodeCursor(page.nextAfter) } : {}) };
      sendWithEtag(request, response, JSON.stringify(body), 'application/json');
    },
  );
}
