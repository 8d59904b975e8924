/**
 * `suiji model add FILE.json`: validates a scoring model file and saves it as a new model
 * version. The same definition again is a no-op; a different definition under a saved
 * `id/version` is refused (a saved version never changes: make a new version).
 */
import { addScoringModel } from '../../application/scoring-models.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../persistence/database.ts';
import type { CliCommand } from '../command.ts';
import { modelFileArgument, readValidModelFile } from './model-check.ts';

export const modelAddCommand: CliCommand = {
  path: ['model', 'add'],
  recordsActivity: true,
  usage: 'FILE.json   validate a scoring model file and save it as a new version (saved versions never change)',
  async run(args, io) {
    const file = modelFileArgument(args);
    const model = await readValidModelFile(io, file);
    if (!model) return 1;
    const config = loadConfig();
    const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    try {
      const added = await addScoringModel(database.db, model);
      if (!added.ok) {
        io.stderr.write(`${file}: ${added.error.code === 'version_exists' ? added.error.message : added.error.issues.map((issue) => issue.message).join('; ')}\n`);
        return 1;
      }
      io.stdout.write(added.value.created ? `${file}: saved ${added.value.key}\n` : `${file}: ${added.value.key} is already saved with this definition; nothing changed\n`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
