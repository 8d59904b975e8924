/**
 * What the draw commands share: the configured database and the bureau's keys, opened for
 * one command and closed after it.
 */
import { loadBureauKeys, type BureauKeys } from '../application/bureau-keys.ts';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../persistence/database.ts';

/**
 * Runs `work` with the database and keys of the configuration, closing the database after.
 *
 * @example await withBureauSession((database, keys) => freezeTask(database, keys, 'T-1'))
 */
export async function withBureauSession<T>(work: (database: DatabaseHandle, keys: BureauKeys, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const keys = loadBureauKeys(config);
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    return await work(database, keys, config);
  } finally {
    await database.close();
  }
}
