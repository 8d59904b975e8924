/**
 * What the import commands print: a progress bar on a terminal (plain lines otherwise),
 * every rejected row as `FILE:LINE: field: reason` as it is found, the totals, and a rejects
 * file beside the input, written during the import, that can be fixed and imported again.
 */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { ImportFormat, ImportOptions, ImportProgress, ImportReport } from '../application/import-directory.ts';
import { describeRejection, openRejectsFile, REJECTS_REASON_HEADING, type RejectsSink } from '../application/import-rejects.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { notOneOf, UsageError, type CliIo } from './command.ts';
import { cliLanguage, say } from './language.ts';
import { withConfiguredDatabase } from './configured-database.ts';

const PLAIN_PROGRESS_EVERY = 100_000;

export function progressReporter(io: CliIo, estimatedRows: number): { update: (progress: ImportProgress) => void; stop: () => void } {
  if (io.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: io.stderr, format: say('导入中 [{bar}] {percentage}% | {value}/{total} 行 | 剩余 {eta_formatted}', 'importing [{bar}] {percentage}% | {value}/{total} rows | {eta_formatted} left'), etaBuffer: 20 },
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
      io.stderr.write(say(`import: 已读 ${progress.rowsRead} 行，已写入 ${progress.rowsWritten} 行\n`, `import: ${progress.rowsRead} rows read, ${progress.rowsWritten} written\n`));
      nextReport = progress.rowsRead + PLAIN_PROGRESS_EVERY;
    },
    stop: () => {},
  };
}

/** Lines in the file, estimated from its size and its first megabyte (for the progress bar). */
function estimateLines(file: string): number {
  const size = fs.statSync(file).size;
  const descriptor = fs.openSync(file, 'r');
  try {
    const sample = Buffer.alloc(Math.min(size, 1024 * 1024));
    const read = fs.readSync(descriptor, sample, 0, sample.length, 0);
    let lines = 0;
    for (let index = sample.indexOf(10); index !== -1 && index < read; index = sample.indexOf(10, index + 1)) lines++;
    return read === 0 ? 0 : Math.round((lines * size) / read);
  } finally {
    fs.closeSync(descriptor);
  }
}

/**
 * Prints an import's outcome; returns the exit code (1 when nothing was imported).
 * `rejectsFile` is where the rejected rows were written, if any were.
 *
 * @example return printImportReport(io, { file, partial, report, rejectsFile })
 */
export function printImportReport(
  io: CliIo,
  { file, format, partial, report, rejectsFile }: { file: string; format: ImportFormat; partial: boolean; report: ImportReport; rejectsFile: string | undefined },
): number {
  if (report.ignoredColumns) {
    const columns = report.ignoredColumns.join(', ');
    io.stdout.write(say(`${file}: 以下列不保留（已跳过，从不保存）：${columns}\n`, `${file}: columns not kept (skipped, never stored): ${columns}\n`));
  }
  const rejectedRows = report.rejectedRowCount;
  const written = report.inserted + report.updated;
  if (!report.applied) {
    io.stdout.write(
      say(
        `${file}: 未导入任何行：${report.totalRows} 行中 ${rejectedRows} 行被拒绝${partial ? '' : '（加 --partial 可导入有效的行）'}。\n`,
        `${file}: nothing imported: ${rejectedRows} of ${report.totalRows} rows rejected${partial ? '' : ' (use --partial to import the valid rows)'}.\n`,
      ),
    );
    return 1;
  }
  const unchanged = report.totalRows - rejectedRows - written;
  io.stdout.write(
    say(
      `${file} (${report.encoding}): 共 ${report.totalRows} 行：新增 ${report.inserted}，更新 ${report.updated}，未变 ${unchanged}，拒绝 ${rejectedRows}。\n`,
      `${file} (${report.encoding}): ${report.totalRows} rows: ${report.inserted} inserted, ${report.updated} updated, ${unchanged} unchanged, ${rejectedRows} rejected.\n`,
    ),
  );
  if (rejectedRows > 0) {
    if (rejectsFile) {
      const reasonColumn = format === 'json' ? 'reason' : REJECTS_REASON_HEADING;
      io.stdout.write(
        say(
          `被拒绝的行已写入 ${rejectsFile}（修正后删去“${reasonColumn}”列再导入；不保存的列已清空）。\n`,
          `Rejected rows written to ${rejectsFile} (fix them, drop the ${reasonColumn} column, and import that file again; columns that are never kept are blank).\n`,
        ),
      );
    }
    if (written + unchanged === 0) return 1;
  }
  return 0;
}

/** The usage mistake of an import given no FILE or more than one. */
export function oneFileExpected(): string {
  return say('请只给一个文件 FILE', 'give exactly one FILE');
}

/** The usage mistake of a `--format` other than csv or json. */
export function formatExpected(format: string): string {
  return say(`--format 须为 csv 或 json，而不是 '${format}'`, `--format must be csv or json, got '${format}'`);
}

/**
 * The line for an input file that cannot be read (the system's reason stays as it is).
 *
 * @example io.stderr.write(cannotRead('firms.csv', error)) // firms.csv: cannot read: ENOENT: …
 */
export function cannotRead(file: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return say(`${file}: 无法读取：${reason}\n`, `${file}: cannot read: ${reason}\n`);
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
  if (!file || extra.length > 0) throw new UsageError(oneFileExpected());
  const encoding = values.encoding ?? 'auto';
  if (!(IMPORT_ENCODINGS as readonly string[]).includes(encoding)) throw new UsageError(notOneOf('--encoding', IMPORT_ENCODINGS, encoding));
  const format = values.format ?? (path.extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') throw new UsageError(formatExpected(format));
  return { file, format, encoding: encoding as ImportEncoding, partial: values.partial ?? false };
}

/**
 * Streams the file into `importFile` on the configured database with a progress display,
 * printing each rejected row as it is found and writing it to the rejects file beside the
 * input (kept only when the import applied something), then prints the report; returns the
 * exit code.
 *
 * @example return runFileImport(io, args, (database, content, options) => importDirectory(database, { content, ... }, options))
 */
export async function runFileImport(
  io: CliIo,
  args: ImportFileArguments,
  importFile: (database: DatabaseHandle, content: AsyncIterable<Uint8Array>, options: ImportOptions) => Promise<ImportReport>,
): Promise<number> {
  let estimatedLines: number;
  try {
    fs.accessSync(args.file, fs.constants.R_OK);
    estimatedLines = estimateLines(args.file);
  } catch (error) {
    io.stderr.write(cannotRead(args.file, error));
    return 1;
  }
  const progress = progressReporter(io, args.format === 'csv' ? estimatedLines - 1 : 0);
  const rejectsFile = `${args.file}.rejects.${args.format}`;
  const file = openRejectsFile(rejectsFile, args.format);
  const rejects: RejectsSink = {
    header: (raw) => file.header(raw),
    add(rejections) {
      for (const rejection of rejections) io.stderr.write(`${args.file}:${rejection.line}: ${describeRejection(rejection, cliLanguage())}\n`);
      file.add(rejections);
    },
  };
  let report: ImportReport;
  let rowsInFile: number;
  try {
    report = await withConfiguredDatabase((database) =>
      importFile(database, fs.createReadStream(args.file, { highWaterMark: 1024 * 1024 }), { onProgress: progress.update, rejects }),
    );
  } finally {
    progress.stop();
    rowsInFile = file.close();
  }
  const keep = report.applied && rowsInFile > 0;
  if (!keep) fs.rmSync(rejectsFile, { force: true });
  return printImportReport(io, { file: args.file, format: args.format, partial: args.partial, report, rejectsFile: keep ? rejectsFile : undefined });
}
