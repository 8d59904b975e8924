/**
 * COPY ... FROM in PostgreSQL's text format, on either driver: the fastest way rows enter a
 * table (no statement to build per batch). PGlite reads a blob, postgres.js a stream.
 *
 * On postgres.js a COPY must own its connection: the pool pipelines other queries onto a
 * busy connection, and one that lands in the middle of a COPY breaks the protocol ("unexpected
 * message type 0x50 during COPY from stdin") and loses the COPY's rows while its stream still
 * finishes (issue 12: a run ended `completed` with 40,000 evaluations missing). So the COPY
 * runs on a reserved connection, and is done only when the server's command tag says so.
 */
import type postgres from 'postgres';
import type { DatabaseHandle } from './database.ts';
import { checkStoredCount } from './stored-count.ts';

/**
 * A value escaped for COPY's text format (backslash, tab, line breaks).
 *
 * @example copyField('a\tb') // 'a\\tb'
 */
export function copyField(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) => (character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r'));
}

/** Lines of COPY text: one row per line, each ended by a line feed (fields escape theirs). */
function countLines(text: string): number {
  let lines = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}

/**
 * Loads `text` (tab-separated lines, columns in the order given) into `table`, and returns
 * the number of rows the server reports stored, which is checked against the lines sent.
 * Throws if the server refused the COPY or stored another count.
 *
 * @example await copyText(database, 'enterprises (credit_code, name)', '91350100M000100Y43\t示例\n') // 1
 */
export async function copyText(database: DatabaseHandle, target: string, text: string): Promise<number> {
  const statement = `copy ${target} from `;
  const expected = countLines(text);
  const stored =
    database.client.kind === 'pglite'
      ? ((await database.client.pglite.query(`${statement}'/dev/blob'`, [], { blob: new Blob([text]) })).affectedRows ?? 0)
      : await copyOnReservedConnection(database.client.sql, `${statement}stdin`, text);
  checkStoredCount(`COPY into ${target}`, expected, stored);
  return stored;
}

/** What the server said when a postgres.js query ended (its command tag). */
interface CommandOutcome {
  readonly command: string;
  readonly count: number;
}

/**
 * Runs one COPY FROM STDIN alone on a reserved connection and resolves with the row count of
 * the server's `COPY n` command tag. postgres.js hands out the stream when the COPY starts and
 * reports neither its count nor a failure after `end()` (porsager/postgres#1062, #1173: the
 * stream then never finishes), so this listens for the query's own settlement, which carries
 * the command tag on success and the server's error on failure.
 */
async function copyOnReservedConnection(sql: postgres.Sql, statement: string, text: string): Promise<number> {
  const reserved = await sql.reserve();
  try {
    const query = reserved.unsafe(statement);
    const outcome = commandOutcome(query);
    outcome.catch(() => {}); // awaited below; a COPY refused at its start rejects `writable()` first
    const stream = await query.writable();
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.write(text, (error) => (error ? reject(error) : resolve()));
    });
    stream.end();
    const { command, count } = await outcome;
    if (command !== 'COPY') throw new Error(`the server answered ${command} to ${statement}`);
    return count;
  } finally {
    reserved.release();
  }
}

/** Settles with the query's final result: postgres.js resolves a COPY twice, first with the stream. */
function commandOutcome(query: object): Promise<CommandOutcome> {
  const internals = query as unknown as { resolve: (value: unknown) => void; reject: (error: unknown) => void };
  const resolveQuery = internals.resolve;
  const rejectQuery = internals.reject;
  return new Promise<CommandOutcome>((resolve, reject) => {
    internals.resolve = (value) => {
      resolveQuery(value);
      const result = value as { command?: unknown; count?: unknown };
      if (typeof result.command === 'string') resolve({ command: result.command, count: Number(result.count ?? 0) });
    };
    internals.reject = (error) => {
      rejectQuery(error);
      reject(error);
    };
  });
}
