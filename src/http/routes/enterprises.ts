/**
 * The enterprise directory (检查对象名录库) over HTTP: list, look up, import. The raw
 * directory is staff data; the public will see published records, not this.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { JobRunner } from '../../application/jobs.ts';
import type { EnterpriseFlag, EnterpriseStatus, EntityType } from '../../core/enterprise.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { findEnterprise, listEnterprises, type EnterpriseRow } from '../../persistence/enterprise-queries.ts';
import { requireRole } from '../auth.ts';
import { answerImportOrEnqueue } from '../import-jobs.ts';
import { DEFAULT_IMPORT_BODY_LIMIT_BYTES, importFileBody, importResponses, readImportBody, IMPORT_REJECTS_PATH, sendRejectsFile, uploadedFile } from '../import-upload.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { NotFoundError, parseRequestPart, ValidationError } from '../problem.ts';
import {
  enterpriseCodeParamsSchema,
  enterpriseImportQuerySchema,
  enterpriseListQuerySchema,
  enterpriseListSchema,
  enterpriseSchema,
  type EnterpriseResponse,
} from '../schemas/enterprise.ts';

/** The import route reads its file-sized body itself, after authentication (readImportBody). */
export const ENTERPRISE_IMPORT_PATH = '/api/enterprises/import';

const creditCodeKey = /^[0-9A-Z]{18}$/;
const staffOnly = [{ [BEARER_SECURITY_SCHEME]: [] }];

function toEnterpriseResponse(row: EnterpriseRow): EnterpriseResponse {
  return {
    creditCode: row.creditCode,
    name: row.name,
    regionCode: row.regionCode,
    industryCode: row.industryCode,
    registrationDate: row.registrationDate,
    entityType: row.entityType as EntityType,
    status: row.status as EnterpriseStatus,
    flags: row.flags as EnterpriseFlag[],
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function registerEnterpriseRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  deps: { database: DatabaseHandle; jobs: JobRunner; importBodyLimitBytes?: number },
): void {
  const { db } = deps.database;

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: ENTERPRISE_IMPORT_PATH,
      summary: 'Import directory rows (insert or update by credit code)',
      description:
        'The body is the file itself: CSV (UTF-8 or GB18030, Chinese or English headers) or a JSON array of rows. ' +
        'All-or-nothing unless `partial=true`. With `Prefer: respond-async` (RFC 7240) the import is a job: 202, `Location: /api/jobs/{id}`.',
      tags: ['directory'],
      security: staffOnly,
      request: {
        query: enterpriseImportQuerySchema,
        body: importFileBody,
      },
      responses: importResponses('Invalid query parameters or an empty body.'),
    },
    requireRole('staff'),
    ...readImportBody(deps.importBodyLimitBytes ?? DEFAULT_IMPORT_BODY_LIMIT_BYTES),
    async (request, response) => {
      const { format, content } = uploadedFile(request, response, 'the directory');
      const query = parseRequestPart(enterpriseImportQuerySchema, request.query);
      await answerImportOrEnqueue(request, response, deps, { target: 'enterprises', format, encoding: query.encoding, partial: query.partial, sourceName: query.sourceName }, content);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: IMPORT_REJECTS_PATH,
      summary: "Download an import's rejected rows",
      description:
        'Every rejected row of an import (the report lists the first 100), as the `rejectsUrl` of its report names it: ' +
        'CSV with the file\'s header and a 原因 / reason column, or JSON elements with a `reason`; personal columns blank. Kept a day.',
      tags: ['directory'],
      security: staffOnly,
      request: { params: z.object({ id: z.string() }) },
      responses: {
        200: { description: 'The rejects file.', content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } },
        ...authProblemResponses('staff'),
        404: problemResponse('No such rejects file, or it is more than a day old.'),
      },
    },
    requireRole('staff'),
    sendRejectsFile,
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/enterprises',
      summary: 'List the directory, filtered, in credit-code order',
      tags: ['directory'],
      security: staffOnly,
      request: { query: enterpriseListQuerySchema },
      responses: {
        200: { description: 'One page; follow `next` for the rest.', content: { 'application/json': { schema: enterpriseListSchema } } },
        400: problemResponse('Invalid query parameters.'),
        ...authProblemResponses('staff'),
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const query = parseRequestPart(enterpriseListQuerySchema, request.query);
      let afterCreditCode: string | undefined;
      if (query.cursor !== undefined) {
        afterCreditCode = decodeCursor(query.cursor, creditCodeKey);
        if (afterCreditCode === undefined) {
          throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor from this API' }]);
        }
      }
      const page = await listEnterprises(
        db,
        { regionCode: query.region, industryPrefix: query.industry, status: query.status, nameContains: query.name },
        { afterCreditCode, limit: query.limit },
      );
      response.json({
        items: page.rows.map(toEnterpriseResponse),
        next: page.nextAfterCreditCode === null ? null : encodeCursor(page.nextAfterCreditCode),
      });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/enterprises/{code}',
      summary: 'One enterprise by its unified social credit code',
      tags: ['directory'],
      security: staffOnly,
      request: { params: enterpriseCodeParamsSchema },
      responses: {
        200: { description: 'The enterprise.', content: { 'application/json': { schema: enterpriseSchema } } },
        400: problemResponse('The code is not a valid unified social credit code.'),
        ...authProblemResponses('staff'),
        404: problemResponse('No enterprise in the directory has this code.'),
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const { code } = parseRequestPart(enterpriseCodeParamsSchema, request.params);
      const row = await findEnterprise(db, code);
      if (!row) throw new NotFoundError(`No enterprise with credit code ${code} is in the directory.`);
      response.json(toEnterpriseResponse(row));
    },
  );
}
