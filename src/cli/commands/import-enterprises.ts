/**
 * `suiji import enterprises FILE`: imports a directory export (CSV or JSON) into the
 * configured database, printing every rejected row as `FILE:LINE: field: reason`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { importDirectory, type ImportFormat, type ImportProgress, type ImportReport, type RejectedRow } from '../../application/import-directory.ts';
import { loadConfig } from '../../config.ts';
import { readCsvRecords } from '../../core/csv-records.ts';
import { decodeText } from '../../core/text-encoding.ts';
import { openDatabase } from '../../persistence/database.ts';
import { UsageError, type CliCommand, type CliIo } from '../command.ts';

const encodings = ['auto', 'utf-8', 'gb18030'] as const;
const PLAIN_PROGRESS_EVERY = 100_000;

function csvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function describeRejection(rejection: RejectedRow): string {
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

/**
 * Writes the rejected rows beside the input so they can be fixed and imported again: for
 * CSV the same header plus a `reason` column, UTF-8 with a BOM so Excel shows the Chinese.
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
  const lines = [`${headerText},reason`, ...rows.map((row) => `${row.raw},${csvField(row.reasons.join('; '))}`)];
  fs.writeFileSync(target, `\uFEFF${lines.join('\r\n')}\r\n`);
  return target;
}

function progressReporter(io: CliIo, estimatedRows: number): { update: (progress: ImportProgress) => void; stop: () => void } {
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

function countLines(content: Uint8Array): number {
  let lines = 0;
  for (let index = content.indexOf(10); index !== -1; index = content.indexOf(10, index + 1)) lines++;
  return lines;
}

export const importEnterprisesCommand: CliCommand = {
  path: ['import', 'enterprises'],
  usage: 'FILE [--encoding auto|utf-8|gb18030] [--partial] [--format csv|json]   import the enterprise directory (CSV or JSON; all rows or none unless --partial)',
  async run(args, io) {
    let parsed: { values: { encoding?: string; partial?: boolean; format?: string }; positionals: string[] };
    try {
      parsed = parseArgs({
        args,
        options: { encoding: { type: 'string' }, partial: { type: 'boolean' }, format: { type: 'string' } },
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
      report = await importDirectory(
        database,
        { content, format, encoding: encoding as (typeof encodings)[number], partial, sourceName: file },
        { onProgress: progress.update },
      );
    } finally {
      progress.stop();
      await database.close();
    }

    for (const rejection of report.rejected) io.stderr.write(`${file}:${rejection.line}: ${describeRejection(rejection)}\n`);
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
      io.stdout.write(`Rejected rows written to ${target} (fix them, drop the reason column, and import that file again).\n`);
      if (written + unchanged === 0) return 1;
    }
    return 0;
  },
};
