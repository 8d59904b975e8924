/**
 * The year's approved tier lists (分级分类监管清单, issue 17): admins approve, staff read the
 * versions and export a version's enterprises with their tiers as CSV. Internal: every route
 * needs a role and answers `Cache-Control: no-store`; nothing here is public or published.
 */
import type { Response, Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../application/activity-log.ts';
import { approveTierList, describeTierListIssue, statusOfTierListIssue, tierListPages, type TierListRow } from '../../application/tier-list.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { findCurrentTierList, findTierList, listTierLists } from '../../persistence/tier-list-repository.ts';
import { markActivityRecorded } from '../activity.ts';
import { recordDownload } from '../download-activity.ts';
import { TIER_LIST_COLUMNS } from '../download-tables.ts';
import { sendTable, TABLE_FORMATS, type TableFormat } from '../table-download.ts';
import { principalOf, requireRole } from '../auth.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { HttpError, NotFoundError, parseRequestPart } from '../problem.ts';
import { tierListApprovalSchema, tierListListSchema, tierListQuerySchema, tierListSchema, tierListVersionParamsSchema, tierListYearParamsSchema } from '../schemas/tier-list.ts';

const bearer = [{ [BEARER_SECURITY_SCHEME]: [] }];
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A stored version as the API shows it. */
function toTierListResponse(row: TierListRow): z.infer<typeof tierListSchema> {
  const { id: _id, approvedAt, ...rest } = row;
  return { ...rest, approvedAt: approvedAt.toISOString(), policies: [...rest.policies] };
}

function notFound(year: number, version?: number): NotFoundError {
  return version === undefined
    ? new NotFoundError(`${year} 年尚无已批准的分级分类监管清单。 / ${year} has no approved tier list.`)
    : new NotFoundError(`${year} 年分级分类监管清单没有第 ${version} 版。 / The ${year} tier list has no version ${version}.`);
}

async function sendExport(response: Response, database: DatabaseHandle, row: TierListRow, format: TableFormat): Promise<void> {
  await sendTable(response, format, {
    filename: `tier-list-${row.year}-v${row.version}`,
    sheetName: `${row.year} 年分级分类监管清单 v${row.version}`,
    columns: TIER_LIST_COLUMNS,
    pages: tierListPages(database.db, row),
  });
}

export function registerTierListRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; now?: (() => Date) | undefined }): void {
  const { database } = deps;
  const { db } = database;

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tier-lists',
      summary: "Approve an evaluation run as the next version of the year's tier list (分级分类监管清单; admin)",
      description:
        'The run must be completed and as of 31 December of the previous year, or of the date stated in `asOf`; never after today. A second or later version (dynamic adjustment, 动态调整) needs a `reason`. The list is internal and never published.',
      tags: ['planning'],
      security: bearer,
      request: { body: { required: true, content: { 'application/json': { schema: tierListApprovalSchema } } } },
      responses: {
        201: json(tierListSchema, 'Approved: the new version.'),
        400: problemResponse('Invalid body.'),
        ...authProblemResponses('admin'),
        404: problemResponse('No such evaluation run.'),
        409: problemResponse('The run is not completed.'),
        422: problemResponse('as_of_in_future (the run or the stated date is after today), run_not_as_of (the run is not as of the expected date) or reason_required (a later version without a reason).'),
      },
    },
    requireRole('admin'),
    async (request, response) => {
      const body = parseRequestPart(tierListApprovalSchema, request.body);
      const approved = await approveTierList(database, body, { actor: actorOf(principalOf(response)), ...(deps.now ? { now: deps.now() } : {}) });
      if (!approved.ok) {
        const issue = approved.error;
        throw new HttpError(statusOfTierListIssue(issue), `${describeTierListIssue(issue, 'zh')} / ${describeTierListIssue(issue, 'en')}`, { code: issue.code });
      }
      // The use case logged `tier_list_approved` with the version; the generic entry would only repeat it.
      markActivityRecorded(response);
      response.status(201).json(toTierListResponse(approved.value));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tier-lists',
      summary: 'Every version of the approved tier lists (of one year), newest first (staff; internal)',
      tags: ['planning'],
      security: bearer,
      request: { query: tierListQuerySchema },
      responses: { 200: json(tierListListSchema, 'The versions.'), ...authProblemResponses('staff') },
    },
    requireRole('staff'),
    async (request, response) => {
      const { year } = parseRequestPart(tierListQuerySchema, request.query);
      response.json({ items: (await listTierLists(db, { year })).map(toTierListResponse) });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tier-lists/{year}',
      summary: "The year's current tier list: the version its tasks are frozen from (staff; internal)",
      tags: ['planning'],
      security: bearer,
      request: { params: tierListYearParamsSchema },
      responses: { 200: json(tierListSchema, 'The current version.'), ...authProblemResponses('staff'), 404: problemResponse('The year has no approved list.') },
    },
    requireRole('staff'),
    async (request, response) => {
      const { year } = parseRequestPart(tierListYearParamsSchema, request.params);
      const row = await findCurrentTierList(db, year);
      if (!row) throw notFound(year);
      response.json(toTierListResponse(row));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tier-lists/{year}/versions/{version}',
      summary: 'One version of a year\'s tier list (staff; internal)',
      tags: ['planning'],
      security: bearer,
      request: { params: tierListVersionParamsSchema },
      responses: { 200: json(tierListSchema, 'The version.'), ...authProblemResponses('staff'), 404: problemResponse('No such version.') },
    },
    requireRole('staff'),
    async (request, response) => {
      const { year, version } = parseRequestPart(tierListVersionParamsSchema, request.params);
      const row = await findTierList(db, year, version);
      if (!row) throw notFound(year, version);
      response.json(toTierListResponse(row));
    },
  );

  const exportDescriptions: Record<TableFormat, { type: string; what: string }> = {
    csv: { type: 'text/csv', what: 'as CSV for spreadsheets' },
    xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', what: 'as an Excel workbook (frozen heading row)' },
  };
  for (const format of TABLE_FORMATS) {
    addRoute(
      router,
      registry,
      {
        method: 'get',
        path: `/api/tier-lists/{year}/versions/{version}/export.${format}`,
        summary: `A version's enterprises with their tiers, ${exportDescriptions[format].what} (staff; internal, never public; Cache-Control: no-store)`,
        tags: ['planning'],
        security: bearer,
        request: { params: tierListVersionParamsSchema },
        responses: {
          200: {
            description: `${format === 'csv' ? 'UTF-8 CSV with BOM' : 'xlsx'}: 统一社会信用代码, 企业名称, 所属行政区划, 所属行业, 信用风险分类, 观察期. Logged in the activity log.`,
            content: { [exportDescriptions[format].type]: { schema: z.string() } },
          },
          ...authProblemResponses('staff'),
          404: problemResponse('No such version.'),
        },
      },
      requireRole('staff'),
      async (request, response) => {
        const { year, version } = parseRequestPart(tierListVersionParamsSchema, request.params);
        const row = await findTierList(db, year, version);
        if (!row) throw notFound(year, version);
        await recordDownload(db, request, response, { subject: `tier-list ${year} v${version}`, format });
        await sendExport(response, database, row, format);
      },
    );
  }
}
