/**
 * `suiji results import FILE` enters inspection results from a CSV (Chinese or English
 * headings) or JSON file, all rows or none, naming every rejected row as `FILE:LINE:
 * column: reason`; `suiji results publish TASK` publishes the task's unpublished results as
 * one signed batch in the publication log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describePublishResultsIssue, importResults, publishResults } from '../../application/inspection-results.ts';
import { loadWorkingCalendar } from '../../application/working-calendar.ts';
import { withBureauSession } from '../bureau-session.ts';
import { argumentError, UsageError, type CliRunner } from '../command.ts';
import { cliLanguage, say } from '../language.ts';
import { cannotRead, formatExpected, oneFileExpected } from '../import-output.ts';
import { describeRejection } from '../../application/import-rejects.ts';

function parse(args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {}): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  } catch (error) {
    throw argumentError(error);
  }
}

export const resultsImportCommand: CliRunner = {
  async run(args, io) {
    const { values, positionals } = parse(args, { format: { type: 'string' }, calendar: { type: 'string' } });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError(oneFileExpected());
    const format = (values['format'] as string | undefined) ?? (path.extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
    if (format !== 'csv' && format !== 'json') throw new UsageError(formatExpected(format));
    let content: Uint8Array;
    try {
      content = fs.readFileSync(file);
    } catch (error) {
      io.stderr.write(cannotRead(file, error));
      return 1;
    }
    const calendar = loadWorkingCalendar(values['calendar'] as string | undefined);
    const report = await withBureauSession((database) => importResults(database, calendar, { content, format }));
    for (const rejection of report.rejected) io.stderr.write(`${file}:${rejection.line}: ${describeRejection(rejection, cliLanguage())}\n`);
    if (!report.applied) {
      const rejectedRows = new Set(report.rejected.map((row) => row.line)).size;
      io.stdout.write(say(`${file}: 未录入任何结果：${report.totalRows} 行中 ${rejectedRows} 行被拒绝。\n`, `${file}: nothing entered: ${rejectedRows} of ${report.totalRows} rows rejected.\n`));
      return 1;
    }
    io.stdout.write(say(`${file}: 已录入 ${report.saved} 条结果。\n`, `${file}: ${report.saved} results entered.\n`));
    return 0;
  },
};

export const resultsPublishCommand: CliRunner = {
  async run(args, io) {
    const { positionals } = parse(args);
    const [task, ...extra] = positionals;
    if (!task || extra.length > 0) throw new UsageError(say('请只给一个任务编号 TASK', 'give exactly one TASK code'));
    const published = await withBureauSession((database, keys) => publishResults(database, keys, task));
    if (!published.ok) {
      io.stderr.write(`${describePublishResultsIssue(published.error, cliLanguage())}\n`);
      return 1;
    }
    const batch = published.value;
    io.stdout.write(
      say(`任务 ${task}：第 ${batch.batch} 批 ${batch.resultCount} 条结果已公示\n`, `Task ${task}: batch ${batch.batch} of ${batch.resultCount} results published\n`) +
        `  recordHash ${batch.recordHash}\n  ${say('日志叶序号', 'log leaf  ')} ${batch.leafIndex}\n`,
    );
    return 0;
  },
};
