/**
 * `suiji import enterprises FILE`: imports a directory export (CSV or JSON) into the
 * configured database, printing every rejected row as `FILE:LINE: field: reason`.
 */
import { parseArgs } from 'node:util';
import { importDirectory } from '../../application/import-directory.ts';
import { argumentError, type CliRunner } from '../command.ts';
import { importFileArguments, runFileImport } from '../import-output.ts';

export const importEnterprisesCommand: CliRunner = {
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
      throw argumentError(error);
    }
    const importArgs = importFileArguments(parsed.values, parsed.positionals);
    return runFileImport(io, importArgs, (database, content, options) =>
      importDirectory(
        database,
        { content, format: importArgs.format, encoding: importArgs.encoding, partial: importArgs.partial, sourceName: importArgs.file },
        options,
      ),
    );
  },
};
