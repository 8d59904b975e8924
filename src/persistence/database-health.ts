import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';

/**
 * Runs `select 1`: resolves when the database answers, rejects with the driver's error
 * when it does not.
 *
 * @example await pingDatabase(handle.db)
 */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
