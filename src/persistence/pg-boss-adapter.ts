/**
 * pg-boss's database adapter over our postgres.js connection, so the job queue needs no
 * second driver and no pool of its own. pg-boss sends `$1`-style parameterized statements
 * and, for its schema and maintenance, multi-statement text without parameters: postgres.js
 * sends the latter with the simple query protocol, which runs them as one transaction block.
 */
import type postgres from 'postgres';

/** What pg-boss 10 asks of a `db` option. */
export interface PgBossDatabase {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * @example new PgBoss({ db: pgBossDatabase(sql), schema: 'pgboss' })
 */
export function pgBossDatabase(sql: postgres.Sql): PgBossDatabase {
  return {
    executeSql: async (text, values = []) => {
      const result = await sql.unsafe(text, values as postgres.ParameterOrJSON<never>[]);
      // A multi-statement text answers one result per statement; pg-boss reads none of those.
      return { rows: Array.isArray(result[0]) ? [] : [...result] };
    },
  };
}
