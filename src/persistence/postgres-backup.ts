/**
 * Backups of a real PostgreSQL server's database through its own tools: `pg_dump -Fc` (a
 * consistent snapshot of a running database, taken in one repeatable-read transaction) and
 * `pg_restore`. Wrapping them lets `suiji backup` keep the key files beside the dump.
 */
import { spawn } from 'node:child_process';
import postgres from 'postgres';

export type ToolOutcome = { readonly kind: 'done' } | { readonly kind: 'missing'; readonly tool: string } | { readonly kind: 'failed'; readonly tool: string; readonly stderr: string };

function runTool(tool: string, args: readonly string[]): Promise<ToolOutcome> {
  return new Promise((resolve) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? { kind: 'missing', tool } : { kind: 'failed', tool, stderr: error.message }));
    child.on('close', (code) => resolve(code === 0 ? { kind: 'done' } : { kind: 'failed', tool, stderr: stderr.trim() }));
  });
}

/**
 * `pg_dump -Fc` of the database at `url` into `file`.
 *
 * @example await dumpPostgresDatabase('postgres://suiji@db/suiji', 'backup/database.dump') // { kind: 'done' }
 */
export function dumpPostgresDatabase(url: string, file: string): Promise<ToolOutcome> {
  return runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`]);
}

/**
 * `pg_restore` of a `dumpPostgresDatabase` file into the (empty) database at `url`, all or nothing.
 *
 * @example await restorePostgresDatabase('postgres://suiji@db/suiji', 'backup/database.dump') // { kind: 'done' }
 */
export function restorePostgresDatabase(url: string, file: string): Promise<ToolOutcome> {
  return runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file]);
}

/**
 * How many tables the database at `url` holds outside PostgreSQL's own schemas: a restore goes
 * only into a database with none.
 *
 * @example await countUserTables('postgres://suiji@db/new') // 0
 */
export async function countUserTables(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ count: string }[]>`
      select count(*)::text as count from pg_catalog.pg_tables
      where schemaname not in ('pg_catalog', 'information_schema') and schemaname not like 'pg_toast%'`;
    return Number(row?.count ?? 0);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
