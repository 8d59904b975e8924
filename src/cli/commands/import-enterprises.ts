/**
 * `suiji import enterprises FILE`: imports a directory export (CSV or JSON) into the
 * configured database, printing every rejected row as `FILE:LINE: field: reason`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importDirectory, type ImportReport } from '../../application/import-directory.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../persistence/database.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { countLines, printImportReport, progressReporter } from '../import-output.ts';

const encodings = ['auto', 'utf-8', 'gb18030'] as const;
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

    return printImportReport(io, { file, format, content, partial, report });
  },
};
