/**
 * What the import commands print: a progress bar on a terminal (plain lines otherwise),
 * every rejected row as `FILE:LINE: field: reason`, the totals, and a rejects file beside
 * the input that can be fixed and imported again.
 */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { ImportFormat, ImportProgress, ImportReport, RejectedRow } from '../application/import-directory.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { readCsvRecords } from '../core/csv-records.ts';
import { decodeText } from '../core/text-encoding.ts';
import { UsageError, type CliIo } from './command.ts';
import { withConfiguredDatabase } from './configured-database.ts';

const PLAIN_PROGRESS_EVERY = 100_000;

function csvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

export function describeRejection(rejection: RejectedRow): string {
  return rejection.field ? `${rejection.field}: ${rejection.reason}` : rejection.reason;
}

/** Rejected rows grouped by line, in file order, each with all its reasons. */
function rejectedByLine(rejected: readonly RejectedRow[]): { line: number; raw: string; reasons: string[] }[] {
  const byLine = new Map<number, { line: number; raw: string; reasons: string[] }>();
  for (const rejection of rejected) {
    if (rejection.raw === undefined) continue;
    const entry = byLine.get(rejection.line) ?? { line: rejection.line, raw: rejection.raw, reasons: [] };
    entry.reasons.push(describeRejection(rejection));
    byLine.set(rejection.line, entry);
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

/** The heading of the reason column a CSV rejects file adds (no import knows it). */
export const REJECTS_REASON_HEADING = '原因 / reason';

/**
 * Writes the rejected rows beside the input so they can be fixed and imported again: for
 * CSV the same header plus a `原因 / reason` column, UTF-8 with a BOM so Excel shows the
 * Chinese; for JSON the elements with a `reason` key. The rows are the rejections' `raw`,
 * so columns the import never keeps (personal ones) are blank here too.
 */
function writeRejects(file: string, format: ImportFormat, content: Uint8Array, report: ImportReport): string {
  const rows = rejectedByLine(report.rejected);
  if (format === 'json') {
    const target = `${file}.rejects.json`;
    const elements = rows.map((row) => ({ ...(JSON.parse(row.raw) as object), reason: row.reasons.join('; ') }));
    fs.writeFileSync(target, `${JSON.stringify(elements, null, 2)}\n`);
    return target;
  }
  const target = `${file}.rejects.csv`;
  const header = readCsvRecords(decodeText(content, report.encoding).text).next();
  const headerText = !header.done ? header.value.raw : '';
  const lines = [`${headerText},${csvField(REJECTS_REASON_HEADING)}`, ...rows.map((row) => `${row.raw},${csvField(row.reasons.join('; '))}`)];
  fs.writeFileSync(target, `\uFEFF${lines.join('\r\n')}\r\n`);
  return target;
}

export function progressReporter(io: CliIo, estimatedRows: number): { update: (progress: ImportProgress) => void; stop: () => void } {
  if (io.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: io.stderr, format: 'importing [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left', etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(estimatedRows, 1), 0);
    return {
      update: (progress) => bar.update(Math.min(progress.rowsRead, Math.max(estimatedRows, progress.rowsRead)), { total: Math.max(estimatedRows, progress.rowsRead) }),
      stop: () => bar.stop(),
    };
  }
  let nextReport = PLAIN_PROGRESS_EVERY;
  return {
    update: (progress) => {
      if (progress.rowsRead < nextReport) return;
      io.stderr.write(`import: ${progress.rowsRead} rows read, ${progress.rowsWritten} written\n`);
      nextReport = progress.rowsRead + PLAIN_PROGRESS_EVERY;
    },
    stop: () => {},
  };
}

export function countLines(content: Uint8Array): number {
  let lines = 0;
  for (let index = content.indexOf(10); index !== -1; index = content.indexOf(10, index + 1)) lines++;
  return lines;
}

/**
 * Prints an import's outcome and writes the rejects file; returns the exit code (1 when
 * nothing was imported).
 *
 * @example return printImportReport(io, { file, format, content, partial, report })
 */
export function printImportReport(
  io: CliIo,
  { file, format, content, partial, report }: { file: string; format: ImportFormat; content: Uint8Array; partial: boolean; report: ImportReport },
): number {
  for (const rejection of report.rejected) io.stderr.write(`${file}:${rejection.line}: ${describeRejection(rejection)}\n`);
  if (report.ignoredColumns) io.stdout.write(`${file}: columns not kept (skipped, never stored): ${report.ignoredColumns.join(', ')}\n`);
  const rejectedRows = new Set(report.rejected.map((rejection) => rejection.line)).size;
  const written = report.inserted + report.updated;
  if (!report.applied) {
    io.stdout.write(
      `${file}: nothing imported: ${rejectedRows} of ${report.totalRows} rows rejected${partial ? '' : ' (use --partial to import the valid rows)'}.\n`,
    );
    return 1;
  }
  const unchanged = report.totalRows - rejectedRows - written;
  io.stdout.write(
    `${file} (${report.encoding}): ${report.totalRows} rows: ${report.inserted} inserted, ${report.updated} updated, ${unchanged} unchanged, ${rejectedRows} rejected.\n`,
  );
  if (rejectedRows > 0) {
    const target = writeRejects(file, format, content, report);
    const reasonColumn = format === 'json' ? 'reason' : REJECTS_REASON_HEADING;
    io.stdout.write(
      `被拒绝的行已写入 ${target}（修正后删去“${reasonColumn}”列再导入；不保存的列已清空）/ Rejected rows written to ${target} (fix them, drop the ${reasonColumn} column, and import that file again; columns that are never kept are blank).\n`,
    );
    if (written + unchanged === 0) return 1;
  }
  return 0;
}

export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** What every `suiji import …` command reads from its arguments besides its own options. */
export interface ImportFileArguments {
  readonly file: string;
  readonly format: ImportFormat;
  readonly encoding: ImportEncoding;
  readonly partial: boolean;
}

/**
 * Checks the arguments the import commands share: one FILE, `--encoding`, `--format`
 * (guessed from the file's extension) and `--partial`. Throws `UsageError` on bad input.
 *
 * @example importFileArguments({ partial: true }, ['firms.csv']) // { file: 'firms.csv', format: 'csv', encoding: 'auto', partial: true }
 */
export function importFileArguments(
  values: { encoding?: string; format?: string; partial?: boolean },
  positionals: readonly string[],
): ImportFileArguments {
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('give exactly one FILE');
  const encoding = values.encoding ?? 'auto';
  if (!(IMPORT_ENCODINGS as readonly string[]).includes(encoding)) throw new UsageError(`--encoding must be one of ${IMPORT_ENCODINGS.join(', ')}, got '${encoding}'`);
  const format = values.format ?? (path.extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, got '${format}'`);
  return { file, format, encoding: encoding as ImportEncoding, partial: values.partial ?? false };
}

/**
 * Reads the file, runs `importFile` on the configured database with a progress display, and
 * prints the report; returns the exit code.
 *
 * @example return runFileImport(io, args, (database, content, onProgress) => importDirectory(database, { content, ... }, { onProgress }))
 */
export async function runFileImport(
  io: CliIo,
  args: ImportFileArguments,
  importFile: (database: DatabaseHandle, content: Uint8Array, onProgress: (progress: ImportProgress) => void) => Promise<ImportReport>,
): Promise<number> {
  let content: Uint8Array;
  try {
    content = fs.readFileSync(args.file);
  } catch (error) {
    io.stderr.write(`${args.file}: cannot read: ${(error as Error).message}\n`);
    return 1;
  }
  const progress = progressReporter(io, args.format === 'csv' ? countLines(content) - 1 : 0);
  let report: ImportReport;
  try {
    report = await withConfiguredDatabase((database) => importFile(database, content, progress.update));
  } finally {
    progress.stop();
  }
  return printImportReport(io, { file: args.file, format: args.format, content, partial: args.partial, report });
}
