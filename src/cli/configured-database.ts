/** The database a command works on: the configured one (DATA_DIR or DATABASE_URL), opened and closed around the work. */
import { loadConfig } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../persistence/database.ts';

/**
 * @example const users = await withConfiguredDatabase((database) => listUsers(database.db))
 */
export async function withConfiguredDatabase<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
