/**
 * `suiji model add FILE.json`: validates a scoring model file and saves it as a new model
 * version. The same definition again is a no-op; a different definition under a saved
 * `id/version` is refused (a saved version never changes: make a new version).
 */
import { addScoringModel, describeAddModelIssue } from '../../application/scoring-models.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../persistence/database.ts';
import type { CliRunner } from '../command.ts';
import { cliLanguage, say } from '../language.ts';
import { modelFileArgument, readValidModelFile } from './model-check.ts';

export const modelAddCommand: CliRunner = {
  async run(args, io) {
    const file = modelFileArgument(args);
    const model = await readValidModelFile(io, file);
    if (!model) return 1;
    const config = loadConfig();
    const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    try {
      const added = await addScoringModel(database.db, model);
      if (!added.ok) {
        io.stderr.write(`${file}: ${describeAddModelIssue(added.error, cliLanguage())}\n`);
        return 1;
      }
      io.stdout.write(
        added.value.created
          ? say(`${file}：已保存 ${added.value.key}\n`, `${file}: saved ${added.value.key}\n`)
          : say(`${file}：${added.value.key} 已以相同的定义保存，未作改动\n`, `${file}: ${added.value.key} is already saved with this definition; nothing changed\n`),
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
