/**
 * `suiji import records FILE [--kind KIND]`: imports credit records (CSV of one kind, or a
 * JSON array with a kind per element), printing every rejected row as `FILE:LINE: field:
 * reason`; all rows or none unless --partial.
 */
import { parseArgs } from 'node:util';
import { importCreditRecords } from '../../application/import-credit-records.ts';
import { CREDIT_RECORD_KINDS, parseCreditRecordKind } from '../../core/credit-record-row.ts';
import { argumentError, notOneOf, UsageError, type CliRunner } from '../command.ts';
import { say } from '../language.ts';
import { importFileArguments, runFileImport } from '../import-output.ts';

export const importRecordsCommand: CliRunner = {
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
      throw argumentError(error);
    }
    const importArgs = importFileArguments(parsed.values, parsed.positionals);
    const kind = parsed.values.kind === undefined ? undefined : parseCreditRecordKind(parsed.values.kind);
    if (parsed.values.kind !== undefined && !kind) throw new UsageError(notOneOf('--kind', CREDIT_RECORD_KINDS, parsed.values.kind));
    if (importArgs.format === 'csv' && !kind) throw new UsageError(say('一个 CSV 文件只含一种记录：请给出 --kind', 'a CSV file holds one kind of record: give --kind'));
    return runFileImport(io, importArgs, (database, content, options) =>
      importCreditRecords(
        database,
        { content, format: importArgs.format, ...(kind ? { kind } : {}), encoding: importArgs.encoding, partial: importArgs.partial },
        options,
      ),
    );
  },
};
