/**
 * What the file-import routes share (directory and credit records): the body is the file
 * itself, CSV or JSON, spooled to a temporary file as it arrives (never held in memory) and
 * read from there as a stream; the answer is the import report, or 422 with it when nothing
 * was imported, with a staff-only link to every rejected row. Their OpenAPI body and
 * responses are the same too.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { ImportFormat, ImportReport } from '../application/import-directory.ts';
import { openRejectsFile, type RejectsSink } from '../application/import-rejects.ts';
import { authProblemResponses, problemResponse } from './openapi.ts';
import { jobAcceptedResponse, withChineseDetail } from './jobs.ts';
import { HttpError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from './problem.ts';
import { importReportSchema } from './schemas/enterprise.ts';

/** Content types the import routes read as raw bytes (CSV encoding is detected from them). */
export const IMPORT_CONTENT_TYPES = ['text/csv', 'application/octet-stream', 'application/json'];

/** Largest import body accepted unless the app is configured otherwise (200 MB). */
export const DEFAULT_IMPORT_BODY_LIMIT_BYTES = 200 * 1024 * 1024;

/** An upload spooled to disk, in `response.locals`. */
interface SpooledUpload {
  readonly file: string;
  readonly size: number;
}

const tooLarge = (limitBytes: number) => new PayloadTooLargeError(`The request body exceeds the limit of ${limitBytes} bytes.`);

/**
 * Reads an import's body into a temporary file (removed when the response ends), mounted
 * AFTER `requireRole`: nobody's upload is read before we know who sent it. Compressed
 * uploads are refused rather than inflated, since a 190 KB gzip body inflates to 190 MB and
 * the limit would count only what came over the wire. A body of another content type is
 * left unread (`uploadedFile` answers 415).
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
  const spool: RequestHandler = async (request, response, next) => {
    if (!request.is(IMPORT_CONTENT_TYPES)) return next();
    if (Number(request.get('content-length') ?? 0) > limitBytes) throw tooLarge(limitBytes);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-upload-'));
    response.on('close', () => fs.rmSync(directory, { recursive: true, force: true }));
    const file = path.join(directory, 'body');
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        callback(size > limitBytes ? tooLarge(limitBytes) : null, chunk);
      },
    });
    await pipeline(request, limit, fs.createWriteStream(file, { mode: 0o600 }));
    const upload: SpooledUpload = { file, size };
    response.locals['importUpload'] = upload;
    next();
  };
  return [refuseEncoded, spool];
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
    ...jobAcceptedResponse,
    415: problemResponse('The body is neither CSV nor JSON, or it is compressed (Content-Encoding).'),
    422: problemResponse('Rows were rejected and nothing was imported; `report` lists them.'),
  };
}

/** A file's bytes as a stream, opened only when read: a request refused before that leaves nothing open. */
function lazyFileContent(file: string): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
    },
  };
}

/** The spooled upload of a request whose format is known, or the 400 of an empty body. */
function spooledUpload(response: Response): SpooledUpload {
  const upload = response.locals['importUpload'] as SpooledUpload | undefined;
  if (!upload || upload.size === 0) throw new ValidationError([{ field: '(body)', reason: 'is empty: send the file as the request body' }]);
  return upload;
}

/**
 * The uploaded file, as a stream, and its format, from the content type. `what` names the
 * file in errors.
 *
 * @example const { format, content } = uploadedFile(request, response, 'the directory')
 */
export function uploadedFile(request: Request, response: Response, what: string): { format: ImportFormat; content: AsyncIterable<Uint8Array> } {
  let format: ImportFormat;
  if (request.is('application/json')) format = 'json';
  else if (request.is(['text/csv', 'application/octet-stream'])) format = 'csv';
  else throw new UnsupportedMediaTypeError(`Send ${what} as text/csv (or application/octet-stream) or as application/json.`);
  return { format, content: lazyFileContent(spooledUpload(response).file) };
}

/** Files kept for a later download or a job are removed after a day. */
const KEPT_MS = 24 * 60 * 60 * 1000;

/** Makes `directory` (owner only) and removes its files older than a day. */
function sweptDirectory(directory: string): string {
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  for (const name of fs.readdirSync(directory)) {
    const file = path.join(directory, name);
    if (Date.now() - fs.statSync(file).mtimeMs > KEPT_MS) fs.rmSync(file, { force: true });
  }
  return directory;
}

/**
 * Where uploads wait for the import job that reads them: on the temporary file system, as the
 * spooled body (a rename, not a copy). A job resumed after a crash of this machine's server
 * finds its file here; a server on another machine would not (see `keepUploadForJob`).
 */
const JOB_UPLOADS_DIRECTORY = path.join(os.tmpdir(), 'suiji-import-uploads');
const storedUploadId = /^[0-9a-f-]{36}$/;

/**
 * Keeps a request's spooled upload for a job (the response's end no longer removes it) and
 * answers its id, which the job's input names. The file is on this machine: with pg-boss, a
 * server on another machine that took the job would not find it and the job fails saying so.
 *
 * @example const upload = keepUploadForJob(response) // '0b0f…'
 */
export function keepUploadForJob(response: Response): string {
  return keepFileForJob(spooledUpload(response).file);
}

/**
 * Keeps a file received on the temporary file system (a console form's upload) for a job,
 * by renaming it, and answers its id.
 *
 * @example const upload = keepFileForJob(request.file.path)
 */
export function keepFileForJob(file: string): string {
  const id = randomUUID();
  fs.renameSync(file, path.join(sweptDirectory(JOB_UPLOADS_DIRECTORY), id));
  return id;
}

/**
 * The first bytes of a received file (to tell JSON from CSV), read from disk.
 *
 * @example uploadedFileHead(request.file.path, 64).toString('latin1')
 */
export function uploadedFileHead(file: string, length: number): Buffer {
  const descriptor = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(length);
    return head.subarray(0, fs.readSync(descriptor, head, 0, length, 0));
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Removes a received file a form refused (the job never got it). */
export function removeUploadedFile(file: string): void {
  fs.rmSync(file, { force: true });
}

/**
 * A kept upload's bytes and size, or undefined when it is gone (removed after a day, or kept on another machine).
 *
 * @example const upload = openKeptUpload(input.upload); if (upload) importDirectory(database, { content: upload.content, … })
 */
export function openKeptUpload(id: string): { content: AsyncIterable<Uint8Array>; size: number } | undefined {
  if (!storedUploadId.test(id)) return undefined;
  const file = path.join(JOB_UPLOADS_DIRECTORY, id);
  if (!fs.existsSync(file)) return undefined;
  return { content: lazyFileContent(file), size: fs.statSync(file).size };
}

/** Removes a kept upload once its job has ended. */
export function removeKeptUpload(id: string): void {
  if (storedUploadId.test(id)) fs.rmSync(path.join(JOB_UPLOADS_DIRECTORY, id), { force: true });
}

/** Where rejects files wait for their download; each is kept a day. */
const REJECTS_DIRECTORY = path.join(os.tmpdir(), 'suiji-import-rejects');

/** The staff-only download of an import's rejected rows; `{id}` is the report's. */
export const IMPORT_REJECTS_PATH = '/api/imports/rejects/{id}';

/**
 * Runs an import with a rejects file for the report's download link (`rejectsUrl`, when
 * rows were rejected). Files older than a day are removed as new ones are made.
 *
 * @example const report = await withRejectsFile(format, (rejects) => importDirectory(database, input, { rejects }))
 */
export async function withRejectsFile(format: ImportFormat, run: (rejects: RejectsSink) => Promise<ImportReport>): Promise<ImportReport & { rejectsUrl?: string }> {
  sweptDirectory(REJECTS_DIRECTORY);
  const id = `${randomUUID()}.${format}`;
  const rejects = openRejectsFile(path.join(REJECTS_DIRECTORY, id), format);
  let report: ImportReport;
  try {
    report = await run(rejects);
  } finally {
    rejects.close();
  }
  return fs.existsSync(path.join(REJECTS_DIRECTORY, id)) ? { ...report, rejectsUrl: IMPORT_REJECTS_PATH.replace('{id}', id) } : report;
}

/**
 * Sends a rejects file by its id (staff only: mount after `requireRole`).
 *
 * @example router.get('/api/imports/rejects/:id', requireRole('staff'), sendRejectsFile)
 */
export const sendRejectsFile: RequestHandler = (request, response) => {
  const id = String(request.params['id'] ?? '');
  const match = /^[0-9a-f-]{36}\.(csv|json)$/.exec(id);
  const file = path.join(REJECTS_DIRECTORY, id);
  if (!match || !fs.existsSync(file)) throw new NotFoundError('No such rejects file (they are kept for a day).');
  response.type(match[1] === 'csv' ? 'text/csv; charset=utf-8' : 'application/json');
  response.attachment(`rejects.${match[1] as string}`);
  fs.createReadStream(file).pipe(response);
};

/**
 * The 422 of an import that all-or-nothing refused, with its report; its Chinese is what a
 * job stores beside the English detail.
 *
 * @example throw importRefusal(report) // 422 '3 of 10 rows were rejected, so nothing was imported. …'
 */
export function importRefusal(report: ImportReport): HttpError {
  const rejectedRows = report.rejectedRowCount;
  return withChineseDetail(
    new HttpError(422, `${rejectedRows} of ${report.totalRows} rows were rejected, so nothing was imported. Fix them, or send partial=true to import the valid rows.`, { report }),
    `${report.totalRows} 行中有 ${rejectedRows} 行被拒绝，没有导入任何行。请修正这些行，或用 partial=true 只导入正确的行。`,
  );
}

/** Answers with the report, or 422 (with the report) when all-or-nothing refused the file. */
export function sendImportReport(response: Response, report: ImportReport): void {
  if (!report.applied) throw importRefusal(report);
  response.json(report);
}
