/**
 * `suiji import records FILE [--kind KIND]`: imports credit records (CSV of one kind, or a
 * JSON array with a kind per element), printing every rejected row as `FILE:LINE: field:
 * reason`; all rows or none unless --partial.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importCreditRecords } from '../../application/import-credit-records.ts';
import type { ImportReport } from '../../application/import-directory.ts';
import { loadConfig } from '../../config.ts';
import { CREDIT_RECORD_KINDS, parseCreditRecordKind } from '../../core/credit-record-row.ts';
import { openDatabase } from '../../persistence/database.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { countLines, printImportReport, progressReporter } from '../import-output.ts';

const encodings = ['auto', 'utf-8', 'gb18030'] as const;

export const importRecordsCommand: CliCommand = {
  path: ['import', 'records'],
  usage: `FILE [--kind ${CREDIT_RECORD_KINDS.join('|')}] [--encoding auto|utf-8|gb18030] [--partial]   import credit records (CSV of one --kind, or JSON with a kind per element)`,
  async run(args, io) {
    let parsed: { values: { kind?: string; encoding?: string; partial?: boolean; format?: string }; positionals: string[] };
    try {
      parsed = parseArgs({
        args,
        options: { kind: { type: 'string' }, encoding: { type: 'string' }, partial: { type: 'boolean' }, format: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const [file, ...extra] = parsed.positionals;
    if (!file || extra.length > 0) throw new UsageError('give exactly one FILE');
    const encoding = parsed.values.encoding ?? 'auto';
    if (!(encodings as readonly string[]).includes(encoding)) throw new UsageError(`--encoding must be one of ${encodings.join(', ')}, got '${encoding}'`);
    const format = parsed.values.format ?? (path.extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, got '${format}'`);
    const kind = parsed.values.kind === undefined ? undefined : parseCreditRecordKind(parsed.values.kind);
    if (parsed.values.kind !== undefined && !kind) throw new UsageError(`--kind must be one of ${CREDIT_RECORD_KINDS.join(', ')}, got '${parsed.values.kind}'`);
    if (format === 'csv' && !kind) throw new UsageError('a CSV file holds one kind of record: give --kind');
    const partial = parsed.values.partial ?? false;

    let content: Uint8Array;
    try {
      content = fs.readFileSync(file);
    } catch (error) {
      io.stderr.write(`${file}: cannot read: ${(error as Error).message}\n`);
      return 1;
    }
    const config = loadConfig();
    const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    const progress = progressReporter(io, format === 'csv' ? countLines(content) - 1 : 0);
    let report: ImportReport;
    try {
      report = await importCreditRecords(
        database,
        { content, format, ...(kind ? { kind } : {}), encoding: encoding as (typeof encodings)[number], partial },
        { onProgress: progress.update },
      );
    } finally {
      progress.stop();
      await database.close();
    }
    return printImportReport(io, { file, format, content, partial, report });
  },
};
