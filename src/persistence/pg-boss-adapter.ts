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
    executeSql: async (text, given = []) => {
      const values = given.map(asPgParameter);
      // postgres.js runs a text that opens a transaction (pg-boss's schema and maintenance
      // blocks, `BEGIN; …; COMMIT;`) only on a connection reserved for it.
      const result = /^\s*BEGIN\b/im.test(text) ? await onReservedConnection(sql, (reserved) => reserved.unsafe(text, values as postgres.ParameterOrJSON<never>[])) : await sql.unsafe(text, values as postgres.ParameterOrJSON<never>[]);
      // A multi-statement text answers one result per statement; pg-boss reads none of those.
      return { rows: Array.isArray(result[0]) ? [] : [...result] };
    },
  };
}

async function onReservedConnection<T>(sql: postgres.Sql, use: (reserved: postgres.ReservedSql) => Promise<T>): Promise<T> {
  const reserved = await sql.reserve();
  try {
    return await use(reserved);
  } finally {
    reserved.release();
  }
}

/** As the `pg` driver pg-boss was written for sends it: undefined as null, a plain object as its JSON text. */
function asPgParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}
