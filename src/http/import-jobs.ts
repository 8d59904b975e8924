/**
 * Imports as jobs (issue 15): the directory and credit-record imports answer as before,
 * unless the client sends `Prefer: respond-async` (RFC 7240). Then the spooled upload is kept
 * on disk (`keepUploadForJob`, never in memory), the answer is 202 with `Location:
 * /api/jobs/{id}`, and the job runs the same import from the file: its progress counts bytes
 * read against the file's size, with the rows read, applied and rejected; its result is the
 * report (with `rejectsUrl`), its result link the rejects file; a file refused whole fails the
 * job with the 422 the endpoint would have answered, in Chinese and English, report included.
 *
 * A crash cannot leave half an import: the rows enter the directory in one transaction. The
 * job is resumed from the start on the next start (importing the same file again changes
 * nothing that was already imported), its staging rows named by the job so the killed run's
 * are cleared first.
 */
import type { Request, Response } from 'express';
import { importCreditRecords } from '../application/import-credit-records.ts';
import { importDirectory, type ImportEncoding, type ImportFormat, type ImportOptions, type ImportProgress, type ImportReport } from '../application/import-directory.ts';
import type { JobContext, JobRunner } from '../application/jobs.ts';
import type { CreditRecordKind } from '../core/credit-record.ts';
import { prefersRespondAsync, type JobProgress } from '../core/jobs.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { importRefusal, keepUploadForJob, openKeptUpload, removeKeptUpload, sendImportReport, withRejectsFile } from './import-upload.ts';
import { defineOperationJob, enqueueAccepted, withChineseDetail, type OperationAnswer } from './jobs.ts';
import { HttpError } from './problem.ts';

/** What is imported and how: the query of an import request, with the file's format. */
export interface ImportRequest {
  readonly target: 'enterprises' | 'records';
  readonly format: ImportFormat;
  readonly encoding?: ImportEncoding | undefined;
  readonly partial?: boolean | undefined;
  readonly sourceName?: string | undefined;
  /** The records' kind (a CSV of credit records holds one). */
  readonly kind?: CreditRecordKind | undefined;
}

/** An import job's input: the request and the id of its kept upload. */
type ImportJobInput = ImportRequest & { readonly upload: string };

/**
 * The input of an import job for a kept upload (the console starts them too).
 *
 * @example await jobs.enqueue('import', importJobInput({ target: 'enterprises', format: 'csv' }, keepFileForJob(file)), actor)
 */
export function importJobInput(importRequest: ImportRequest, upload: string): Record<string, unknown> {
  const input: ImportJobInput = { ...importRequest, upload };
  // Stored as JSON: no undefined fields.
  return Object.fromEntries(Object.entries(input).filter(([, field]) => field !== undefined));
}

/**
 * Runs an import of `content` as the request says: the directory with a rejects file for
 * `rejectsUrl`, credit records as their endpoint always did.
 */
function runImport(database: DatabaseHandle, request: ImportRequest, content: AsyncIterable<Uint8Array>, options: ImportOptions = {}): Promise<ImportReport & { rejectsUrl?: string }> {
  const { format, encoding, partial } = request;
  if (request.target === 'records') return importCreditRecords(database, { content, format, ...(request.kind ? { kind: request.kind } : {}), encoding, partial }, options);
  return withRejectsFile(format, (rejects) => importDirectory(database, { content, format, encoding, partial, sourceName: request.sourceName ?? 'request body' }, { ...options, rejects }));
}

/** An import's progress as its job shows it: bytes of the file read, and the rows. */
function jobProgressOf(progress: ImportProgress, fileSize: number): JobProgress {
  const counts = { rowsRead: progress.rowsRead, rowsApplied: progress.rowsWritten, ...(progress.rowsRejected === undefined ? {} : { rowsRejected: progress.rowsRejected }) };
  return progress.bytesRead === undefined ? { done: progress.rowsWritten, total: progress.rowsRead, counts } : { done: progress.bytesRead, total: fileSize, counts };
}

const uploadGone = () =>
  withChineseDetail(
    new HttpError(410, 'The uploaded file is no longer on this server (kept a day, on the machine that received it): upload it again.'),
    '上传的文件已不在此服务器上（只保留一天，且只在接收它的机器上）：请重新上传。',
  );

/** The import job: the kept upload imported, then removed whatever the outcome (a crash keeps it for the resumed run). */
async function runImportJob(database: DatabaseHandle, input: ImportJobInput, context: JobContext): Promise<OperationAnswer> {
  const upload = openKeptUpload(input.upload);
  if (!upload) throw uploadGone();
  try {
    const report = await runImport(database, input, upload.content, {
      importId: `job-${context.jobId}`,
      onProgress: (progress) => context.reportProgress(jobProgressOf(progress, upload.size)),
    });
    if (!report.applied) throw importRefusal(report);
    const counts = { totalRows: report.totalRows, inserted: report.inserted, updated: report.updated, rejected: report.rejectedRowCount };
    return { status: 200, body: report, counts, ...(report.rejectsUrl === undefined ? {} : { resultLink: report.rejectsUrl }) };
  } finally {
    removeKeptUpload(input.upload);
  }
}

/**
 * Defines the `import` job (once per app): resumed after a crash, since the import is
 * all-or-nothing and importing a file again is idempotent.
 *
 * @example defineImportJob(deps.jobs, deps.database)
 */
export function defineImportJob(jobs: JobRunner, database: DatabaseHandle): void {
  defineOperationJob<ImportJobInput>(jobs, 'import', 'resume', (input, _actor, context) => {
    if (!context) throw new Error('an import job runs in the job runner');
    return runImportJob(database, input, context);
  });
}

/**
 * Answers an import request: the report (or its 422) at once, or with `Prefer:
 * respond-async` a job that imports the kept upload.
 *
 * @example await answerImportOrEnqueue(request, response, deps, { target: 'enterprises', format: 'csv', partial: true })
 */
export async function answerImportOrEnqueue(request: Request, response: Response, deps: { database: DatabaseHandle; jobs: JobRunner }, importRequest: ImportRequest, content: AsyncIterable<Uint8Array>): Promise<void> {
  if (!prefersRespondAsync(request.get('prefer'))) {
    sendImportReport(response, await runImport(deps.database, importRequest, content));
    return;
  }
  await enqueueAccepted(response, deps.jobs, 'import', importJobInput(importRequest, keepUploadForJob(response)));
}
