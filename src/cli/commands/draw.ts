/**
 * `suiji draw`: a draw (spec draw/v1).
 *
 * - Offline mode, `draw --pool POOL.json --seed SEED [--out RECORD.json]`: no database;
 *   reads a pool file, writes the bare open record (stdout, or RECORD.json). Anyone can
 *   re-run it, with this command or with Python's consistent_sampler
 *   (docs/verify-with-python.md).
 * - Database mode, `draw TASK --entropy E` (or `--beacon FILE|SIGNATURE`: a drand relay's
 *   JSON saved to a file, or the round's signature): draws a frozen task with the public entropy E
 *   (seed = nonce + "-" + E), stores the signed public and audit records and the receipts
 *   in one transaction, and prints the summary. A task is drawn once; a second attempt
 *   fails and changes nothing.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { nodeSha256 } from '../../application/node-hash.ts';
import { describePoolIssue, drawOfflinePool, parseOfflinePool, type OfflineRecordOf, type PoolIssue } from '../../core/draw/offline-draw.ts';
import type { CodeList } from '../../core/draw/code-list.ts';
import { drawScannedPool, scanOfflinePool } from '../../core/draw/pool-bytes.ts';
import type { DrawRecord } from '../../core/draw/record.ts';
import { argumentError, unexpectedArgument, UsageError, type CliRunner, type CliIo } from '../command.ts';
import { say } from '../language.ts';
import { lineAt } from '../../core/json-locations.ts';
import { parseJsonDocument, readFileBytes, writeJsonChunks, writeJsonFile } from '../json-file.ts';

interface DrawOptions {
  readonly pool?: string;
  readonly seed?: string;
  readonly out?: string;
  readonly entropy?: string;
  readonly beacon?: string;
}

/** Where in the pool file an issue is, as `FILE:LINE` (the line of the offending code or label when found). */
function locate(file: string, text: string, issue: PoolIssue): string {
  const needle =
    issue.code === 'invalid_credit_code' ? JSON.stringify(issue.value) : issue.code === 'duplicate_member' ? issue.enterprise : issue.code === 'duplicate_stratum' ? JSON.stringify(issue.stratum) : undefined;
  if (needle === undefined) return file;
  // For a duplicate, the second occurrence is the one to remove.
  const first = text.indexOf(needle);
  const offset = issue.code === 'duplicate_member' || issue.code === 'duplicate_stratum' ? text.indexOf(needle, first + 1) : first;
  return offset >= 0 ? `${file}:${lineAt(text, offset)}` : file;
}

function runOfflineDraw(options: DrawOptions & { pool: string }, io: CliIo): number {
  if (options.seed === undefined) throw new UsageError('--pool needs --seed SEED');
  // The file's bytes first: a pool the byte scanner reads and draws (plain codes, no problem)
  // never becomes a text, an object per member or a string per code.
  const bytes = readFileBytes(options.pool);
  const scanned = scanOfflinePool(bytes);
  const fast = scanned && drawScannedPool(scanned, options.seed, nodeSha256);
  if (fast) return writeOfflineRecord(fast, options.out, io);
  // Everything else as before: only the parsed pool is kept; the file's text (tens of MB for a
  // million members) is read again only to point at the line of a problem.
  const pool = parseOfflinePool(parseJsonDocument(options.pool, bytes.toString('utf8')).value);
  const locateIn = (issue: PoolIssue): string => locate(options.pool, fs.readFileSync(options.pool, 'utf8'), issue);
  if (!pool.ok) {
    for (const issue of pool.error) io.stderr.write(`${locateIn(issue)}: ${describePoolIssue(issue)}\n`);
    return 1;
  }
  const record = drawOfflinePool(pool.value, options.seed, nodeSha256);
  if (!record.ok) {
    if (record.error.code === 'invalid_seed') throw new UsageError(`--seed: ${describePoolIssue(record.error)}`);
    io.stderr.write(`${locateIn(record.error)}: ${describePoolIssue(record.error)}\n`);
    return 1;
  }
  return writeOfflineRecord(record.value, options.out, io);
}

/** Writes the record to stdout, or to `out` with a one-line summary on stdout. */
function writeOfflineRecord(record: DrawRecord | OfflineRecordOf<CodeList>, out: string | undefined, io: CliIo): number {
  if (out === undefined) {
    writeJsonChunks(record, (chunk) => io.stdout.write(chunk));
  } else {
    writeJsonFile(out, record);
    const summary = record.strata.map((stratum) => `${stratum.label} ${stratum.k}/${stratum.N}`).join(', ');
    io.stdout.write(`${out}: ${record.selected.length} selected (${summary})\n`);
  }
  return 0;
}

/** `--beacon FILE|SIGNATURE`: a saved relay response or the signature itself (a drand task's round is known). */
function readBeacon(value: string): string {
  return fs.existsSync(value) ? fs.readFileSync(value, 'utf8') : value;
}

async function runTaskDraw(task: string, options: DrawOptions, io: CliIo): Promise<number> {
  if (options.entropy !== undefined && options.beacon !== undefined) throw new UsageError(say('--entropy E 与 --beacon FILE|SIGNATURE 只能给一个', 'give --entropy E or --beacon FILE|SIGNATURE, not both'));
  const given = options.beacon === undefined ? options.entropy : readBeacon(options.beacon);
  if (given === undefined) throw new UsageError(say(`抽取任务 ${task} 须给 --entropy E，即冻结时公告的公开熵（drand 的一轮则给 --beacon FILE|SIGNATURE）`, `drawing task ${task} needs --entropy E, the public entropy announced at freeze time (or --beacon FILE|SIGNATURE for a drand round)`));
  if (options.seed !== undefined || options.out !== undefined) throw new UsageError(say('--seed 和 --out 用于离线抽取（--pool）；抽取任务用 --entropy', '--seed and --out are for offline draws (--pool); a task draw takes --entropy'));
  // Loaded here, not at the top: an offline draw (--pool) never loads the database.
  const [{ describeDrawIssue, drawTask }, { withBureauSession }] = await Promise.all([import('../../application/draw-task.ts'), import('../bureau-session.ts')]);
  const result = await withBureauSession((database, keys) => drawTask(database, keys, task, given));
  if (!result.ok) {
    const flag = options.beacon === undefined ? '--entropy' : '--beacon';
    if (result.error.code === 'invalid_entropy' || result.error.code === 'beacon_rejected') throw new UsageError(`${flag}: ${describeDrawIssue(result.error, 'zh')} / ${describeDrawIssue(result.error)}`);
    io.stderr.write(`${describeDrawIssue(result.error, 'zh')}\n${describeDrawIssue(result.error)}\n`);
    return 1;
  }
  const summary = result.value;
  io.stdout.write(
    say(
      `任务 ${summary.task} 已于 ${summary.drawnAt} 抽取：从 ${summary.poolSize} 户中抽中 ${summary.selected} 户\n`,
      `Task ${summary.task} drawn at ${summary.drawnAt}: ${summary.selected} of ${summary.poolSize} selected\n`,
    ) +
      summary.strata.map((stratum) => say(`  层 ${stratum.label}：${stratum.N} 户中抽中 ${stratum.k} 户\n`, `  stratum ${stratum.label}: ${stratum.k} of ${stratum.N}\n`)).join('') +
      `  seed       ${summary.seed}\n  recordHash ${summary.recordHash}\n` +
      say(
        `公开记录：GET /api/public/draws/${encodeURIComponent(summary.task)}；回执：suiji receipt ${summary.task} CODE --notification\n`,
        `Public record: GET /api/public/draws/${encodeURIComponent(summary.task)}; receipts: suiji receipt ${summary.task} CODE --notification\n`,
      ),
  );
  return 0;
}

export const drawCommand: CliRunner = {
  async run(args, io) {
    let values: DrawOptions;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        options: { pool: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, entropy: { type: 'string' }, beacon: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      }));
    } catch (error) {
      throw argumentError(error);
    }
    if (values.pool !== undefined) {
      if (positionals.length > 0) throw new UsageError(`--pool draws a pool file; unexpected argument ${positionals[0]}`);
      if (values.entropy !== undefined || values.beacon !== undefined) throw new UsageError('--entropy and --beacon are for task draws; an offline draw takes --seed');
      return runOfflineDraw({ ...values, pool: values.pool }, io);
    }
    const [task, ...rest] = positionals;
    if (task === undefined) throw new UsageError(say('请给出 --pool POOL.json --seed SEED，或任务编号 TASK', 'give --pool POOL.json --seed SEED, or a TASK code'));
    if (rest.length > 0) throw new UsageError(unexpectedArgument(rest[0]));
    return runTaskDraw(task, values, io);
  },
};
