/**
 * What the file-import routes share (directory and credit records): the body is the file
 * itself, CSV or JSON; the answer is the import report, or 422 with it when nothing was
 * imported. Their OpenAPI body and responses are the same too.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { ImportFormat, ImportReport } from '../application/import-directory.ts';
import { authProblemResponses, problemResponse } from './openapi.ts';
import { HttpError, UnsupportedMediaTypeError, ValidationError } from './problem.ts';
import { importReportSchema } from './schemas/enterprise.ts';

/** Content types the import routes read as raw bytes (CSV encoding is detected from them). */
export const IMPORT_CONTENT_TYPES = ['text/csv', 'application/octet-stream', 'application/json'];

/** Largest import body accepted unless the app is configured otherwise (200 MB). */
export const DEFAULT_IMPORT_BODY_LIMIT_BYTES = 200 * 1024 * 1024;

/**
 * Reads an import's body, mounted AFTER `requireRole`: nobody's upload is read before we
 * know who sent it. Compressed uploads are refused rather than inflated, since a 190 KB
 * gzip body inflates to 190 MB and the limit would count only what came over the wire.
 *
 * @example router.post(path, requireRole('staff'), readImportBody(limit), handler)
 */
export function readImportBody(limitBytes: number): RequestHandler[] {
  const refuseEncoded: RequestHandler = (request, _response, next) => {
    const encoding = (request.get('content-encoding') ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity' && encoding !== '') {
      throw new UnsupportedMediaTypeError(`Send the file uncompressed: Content-Encoding ${encoding} is not accepted on imports.`);
    }
    next();
  };
  return [refuseEncoded, express.raw({ type: IMPORT_CONTENT_TYPES, limit: limitBytes, inflate: false })];
}

/** The OpenAPI request body of an import: the file. */
export const importFileBody = {
  required: true,
  content: {
    'text/csv': { schema: { type: 'string' as const } },
    'application/json': { schema: { type: 'array' as const, items: { type: 'object' as const } } },
  },
};

/** The OpenAPI responses of an import; `badRequest` says what a 400 means for this one. */
export function importResponses(badRequest: string): Record<number, ResponseConfig> {
  return {
    200: { description: 'Imported; rejected rows (partial mode) are listed.', content: { 'application/json': { schema: importReportSchema } } },
    400: problemResponse(badRequest),
    ...authProblemResponses('staff'),
    413: problemResponse('The body exceeds the import limit.'),
    415: problemResponse('The body is neither CSV nor JSON, or it is compressed (Content-Encoding).'),
    422: problemResponse('Rows were rejected and nothing was imported; `report` lists them.'),
  };
}

/**
 * The uploaded file and its format, from the content type. `what` names the file in errors.
 *
 * @example const { format, content } = uploadedFile(request, 'the directory')
 */
export function uploadedFile(request: Request, what: string): { format: ImportFormat; content: Buffer } {
  let format: ImportFormat;
  if (request.is('application/json')) format = 'json';
  else if (request.is(['text/csv', 'application/octet-stream'])) format = 'csv';
  else throw new UnsupportedMediaTypeError(`Send ${what} as text/csv (or application/octet-stream) or as application/json.`);
  const body: unknown = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw new ValidationError([{ field: '(body)', reason: 'is empty: send the file as the request body' }]);
  return { format, content: body };
}

/** Answers with the report, or 422 (with the report) when all-or-nothing refused the file. */
export function sendImportReport(response: Response, report: ImportReport): void {
  if (!report.applied) {
    const rejectedRows = new Set(report.rejected.map((row) => row.line)).size;
    throw new HttpError(
      422,
      `${rejectedRows} of ${report.totalRows} rows were rejected, so nothing was imported. Fix them, or send partial=true to import the valid rows.`,
      { report },
    );
  }
  response.json(report);
}
