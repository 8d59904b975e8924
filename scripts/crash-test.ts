/**
 * The crash test (issue 12 section 3): for each operation (import, evaluation, freeze, draw,
 * results publication, list publication) a `suiji demo` process does it, and is killed with
 * SIGKILL either at a seeded random moment within that operation or exactly at its commit
 * point (SUIJI_TEST_PAUSE_AT=commit:OPERATION, src/application/commit-point.ts). Then a new
 * process opens the database as a restarted server does (orphaned runs failed) and checks the
 * invariants (src/persistence/consistency-check.ts); a kill at the commit point must also leave
 * none of the operation's writes.
 *
 *   npx tsx scripts/crash-test.ts --kills 10 --seed 42 --database pglite
 *   DATABASE_URL=postgres://app:app@127.0.0.1:54329/app npx tsx scripts/crash-test.ts --kills 10 --database postgres
 *
 * Each trial starts from a copy of one migrated empty database (a stopped PGlite directory, or
 * a PostgreSQL template database). Exit code 0 when every trial kept every invariant.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { COMMIT_POINT_MARKER, type CommitPointOperation } from '../src/application/commit-point.ts';
import { failOrphanedRuns } from '../src/application/evaluate-all.ts';
import { nodeSha256 } from '../src/application/node-hash.ts';
import { createRandomSource, type RandomSource } from '../src/core/synthetic/random.ts';
import { countImportedRows, findConsistencyViolations } from '../src/persistence/consistency-check.ts';
import { openDatabase, rowsOf, type DatabaseHandle } from '../src/persistence/database.ts';
import { sql } from 'drizzle-orm';

export const CRASH_OPERATIONS: readonly CommitPointOperation[] = ['import', 'evaluation', 'freeze', 'draw', 'results', 'list'];

/** Where each operation's window opens: a demo step line on stdout, or the previous operation's commit marker. */
const windowStart: Record<CommitPointOperation, { readonly step: string } | { readonly commitOf: CommitPointOperation }> = {
  import: { step: 'directory' },
  evaluation: { step: 'evaluation' },
  freeze: { step: 'inspection plan, tier lists, freeze and draw' },
  draw: { commitOf: 'freeze' },
  results: { step: 'results and lists' },
  list: { commitOf: 'results' },
};

export interface CrashTestOptions {
  readonly kills: number;
  readonly seed: string;
  readonly database: 'pglite' | 'postgres';
  /** The server for `postgres` (each trial gets its own database there). */
  readonly databaseUrl?: string | undefined;
  readonly enterprises?: number;
  readonly operations?: readonly CommitPointOperation[];
  readonly log?: (line: string) => void;
}

export interface TrialOutcome {
  readonly operation: CommitPointOperation;
  readonly mode: 'commit-point' | 'random';
  /** Milliseconds into the operation's window (random kills). */
  readonly delayMs?: number;
  /** False when the process finished the operation before the kill came. */
  readonly killed: boolean;
  readonly violations: readonly string[];
}

export interface CrashTestReport {
  readonly seed: string;
  readonly trials: readonly TrialOutcome[];
}

const repository = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

interface Target {
  readonly environment: Record<string, string>;
  dispose(): Promise<void>;
}

interface TemplateDatabase {
  /** A fresh copy of the migrated empty database. */
  copy(): Promise<Target>;
  dispose(): Promise<void>;
}

async function pgliteTemplate(workDir: string): Promise<TemplateDatabase> {
  const templateDir = path.join(workDir, 'template');
  await (await openDatabase({ dataDir: templateDir })).close();
  let count = 0;
  return {
    copy: async () => {
      const dataDir = path.join(workDir, `trial-${++count}`);
      fs.cpSync(templateDir, dataDir, { recursive: true });
      return { environment: { DATA_DIR: dataDir, DATABASE_URL: '' }, dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
    },
    dispose: async () => fs.rmSync(templateDir, { recursive: true, force: true }),
  };
}

async function postgresTemplate(serverUrl: string, workDir: string): Promise<TemplateDatabase> {
  const prefix = `suiji_crash_${randomBytes(4).toString('hex')}`;
  const urlOf = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${prefix}_template`);
  await (await openDatabase({ dataDir: workDir, databaseUrl: urlOf(`${prefix}_template`) })).close();
  let count = 0;
  return {
    copy: async () => {
      const name = `${prefix}_${++count}`;
      await admin.unsafe(`create database ${name} template ${prefix}_template`);
      return {
        environment: { DATA_DIR: path.join(workDir, name), DATABASE_URL: urlOf(name) },
        dispose: async () => {
          await admin.unsafe(`drop database if exists ${name} with (force)`);
          fs.rmSync(path.join(workDir, name), { recursive: true, force: true });
        },
      };
    },
    dispose: async () => {
      await admin.unsafe(`drop database if exists ${prefix}_template with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

interface DemoProcess {
  /** Milliseconds since start at which each step line and commit marker was seen. */
  readonly seen: Map<string, number>;
  /** Resolves when `name` is seen (a step, or `commit:OPERATION`); never when the process ends first. */
  when(name: string): Promise<number>;
  readonly exited: Promise<number | null>;
  kill(): void;
}

function startDemo(environment: Record<string, string>, enterprises: number, pauseAt: string): DemoProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repository, 'src/cli/main.ts'), 'demo', '--enterprises', String(enterprises)], {
    cwd: repository,
    // The watcher below reads the demo's English step lines.
    env: { ...process.env, ...environment, SUIJI_TEST_PAUSE_AT: pauseAt, LOG_LEVEL: 'silent', SUIJI_LANG: 'en' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = performance.now();
  const seen = new Map<string, number>();
  const waiters = new Map<string, ((at: number) => void)[]>();
  const note = (name: string) => {
    if (seen.has(name)) return;
    const at = performance.now() - started;
    seen.set(name, at);
    for (const resolve of waiters.get(name) ?? []) resolve(at);
  };
  const watch = (stream: NodeJS.ReadableStream, parse: (line: string) => string | undefined) => {
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const name = parse(line);
        if (name) note(name);
      }
    });
  };
  watch(child.stdout, (line) => (/^ {2}[a-z]/.test(line) ? line.trim() : undefined));
  watch(child.stderr, (line) => (line.startsWith(`${COMMIT_POINT_MARKER} `) ? `commit:${line.slice(COMMIT_POINT_MARKER.length + 1).trim()}` : undefined));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    seen,
    when: (name) => {
      const at = seen.get(name);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve) => waiters.set(name, [...(waiters.get(name) ?? []), resolve]));
    },
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}

function windowStartName(operation: CommitPointOperation): string {
  const start = windowStart[operation];
  return 'step' in start ? start.step : `commit:${start.commitOf}`;
}

/**
 * What a complete demo run wrote, to tell an all-or-nothing import from a partial one, and how
 * long each operation's window lasted. Kills at the commit point alone need no complete run:
 * they know only the directory's size (`creditRecords` undefined).
 */
interface CompleteRun {
  readonly windows: Record<CommitPointOperation, number>;
  readonly enterprises: number;
  readonly creditRecords: number | undefined;
}

async function withRestartedDatabase<T>(environment: Record<string, string>, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  // A restarted server: takes the dead process's lock over and fails its orphaned runs.
  const database = await openDatabase({ dataDir: environment.DATA_DIR as string, databaseUrl: environment.DATABASE_URL || undefined });
  try {
    await failOrphanedRuns(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The operation's own writes, which a kill before its COMMIT must leave absent. */
async function operationWritten(database: DatabaseHandle, operation: CommitPointOperation): Promise<boolean> {
  const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ count: number | string }>(await database.db.execute(query))[0]?.count ?? 0);
  switch (operation) {
    case 'import':
      return (await countImportedRows(database.db)).enterprises > 0;
    case 'evaluation':
      return (await count(sql`select count(*) from evaluation_runs where status = 'completed'`)) > 0;
    case 'freeze':
      return (await count(sql`select count(*) from inspection_tasks where status <> 'planned'`)) > 0;
    case 'draw':
      return (await count(sql`select count(*) from draw_records`)) > 0;
    case 'results':
      return (await count(sql`select count(*) from results_batches`)) > 0;
    case 'list':
      return (await count(sql`select count(*) from list_editions where status = 'published'`)) > 0;
  }
}

async function checkAfterCrash(target: Target, complete: CompleteRun, operation: CommitPointOperation, atCommitPoint: boolean): Promise<string[]> {
  return withRestartedDatabase(target.environment, async (database) => {
    const violations = await findConsistencyViolations(database.db, nodeSha256);
    const imported = await countImportedRows(database.db);
    if (imported.enterprises !== 0 && imported.enterprises !== complete.enterprises) violations.push(`partial import: ${imported.enterprises} of ${complete.enterprises} enterprises`);
    if (complete.creditRecords !== undefined && imported.creditRecords !== 0 && imported.creditRecords !== complete.creditRecords) violations.push(`partial import: ${imported.creditRecords} of ${complete.creditRecords} credit records`);
    if (atCommitPoint && (await operationWritten(database, operation))) violations.push(`killed before the ${operation}'s COMMIT, yet its writes are there`);
    return violations;
  });
}

async function measureCompleteRun(template: TemplateDatabase, enterprises: number): Promise<CompleteRun> {
  const target = await template.copy();
  try {
    const demo = startDemo(target.environment, enterprises, 'trace');
    const code = await demo.exited;
    if (code !== 0) throw new Error(`the uninterrupted demo run failed with exit code ${String(code)}`);
    const windows = Object.fromEntries(
      CRASH_OPERATIONS.map((operation) => {
        const opens = demo.seen.get(windowStartName(operation));
        const closes = demo.seen.get(`commit:${operation}`);
        if (opens === undefined || closes === undefined) throw new Error(`the demo run did not show the ${operation} window (${[...demo.seen.keys()].join(', ')})`);
        return [operation, Math.max(1, closes - opens)];
      }),
    ) as Record<CommitPointOperation, number>;
    const imported = await withRestartedDatabase(target.environment, (database) => countImportedRows(database.db));
    return { windows, ...imported };
  } finally {
    await target.dispose();
  }
}

async function runTrial(template: TemplateDatabase, complete: CompleteRun, operation: CommitPointOperation, mode: TrialOutcome['mode'], random: RandomSource, enterprises: number): Promise<TrialOutcome> {
  const target = await template.copy();
  try {
    const delayMs = mode === 'random' ? Math.floor(random.uniform() * complete.windows[operation]) : undefined;
    const demo = startDemo(target.environment, enterprises, mode === 'commit-point' ? `commit:${operation}` : 'trace');
    const reached = mode === 'commit-point' ? demo.when(`commit:${operation}`) : demo.when(windowStartName(operation)).then(() => new Promise((resolve) => setTimeout(resolve, delayMs)));
    const killed = await Promise.race([reached.then(() => true), demo.exited.then(() => false)]);
    demo.kill();
    await demo.exited;
    const violations = await checkAfterCrash(target, complete, operation, mode === 'commit-point' && killed);
    if (mode === 'commit-point' && !killed) violations.push(`the demo ended without reaching the ${operation}'s commit point`);
    return { operation, mode, ...(delayMs === undefined ? {} : { delayMs }), killed, violations };
  } finally {
    await target.dispose();
  }
}

/**
 * Runs `kills` trials per operation, alternating kills at the commit point and at seeded
 * random moments (a single kill is at the commit point).
 *
 * @example const report = await runCrashTest({ kills: 1, seed: 'ci', database: 'pglite' }) // report.trials.every((trial) => trial.violations.length === 0)
 */
export async function runCrashTest(options: CrashTestOptions): Promise<CrashTestReport> {
  const log = options.log ?? (() => {});
  const enterprises = options.enterprises ?? 200;
  const random = createRandomSource(options.seed);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-crash-'));
  const trials: TrialOutcome[] = [];
  let template: TemplateDatabase | undefined;
  try {
    if (options.database === 'postgres') {
      if (!options.databaseUrl) throw new Error('--database postgres needs DATABASE_URL (the server; each trial makes its own database)');
      template = await postgresTemplate(options.databaseUrl, workDir);
    } else {
      template = await pgliteTemplate(workDir);
    }
    const randomKills = options.kills > 1;
    const complete: CompleteRun = randomKills
      ? await measureCompleteRun(template, enterprises)
      : { windows: Object.fromEntries(CRASH_OPERATIONS.map((operation) => [operation, 0])) as Record<CommitPointOperation, number>, enterprises, creditRecords: undefined };
    if (randomKills) log(`complete run: ${complete.enterprises} enterprises, ${String(complete.creditRecords)} credit records; windows (ms) ${CRASH_OPERATIONS.map((operation) => `${operation} ${Math.round(complete.windows[operation])}`).join(', ')}`);
    for (const operation of options.operations ?? CRASH_OPERATIONS) {
      for (let kill = 0; kill < options.kills; kill++) {
        const trial = await runTrial(template, complete, operation, kill % 2 === 0 ? 'commit-point' : 'random', random, enterprises);
        trials.push(trial);
        log(`${trial.violations.length === 0 ? 'PASS' : 'FAIL'} ${operation} ${trial.mode}${trial.delayMs === undefined ? '' : ` +${trial.delayMs} ms`}${trial.killed ? '' : ' (finished before the kill)'}${trial.violations.map((violation) => `\n  ${violation}`).join('')}`);
      }
    }
  } finally {
    await template?.dispose();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return { seed: options.seed, trials };
}

/** Per operation: trials, kills that landed, failures. */
function summarise(report: CrashTestReport): string[] {
  return CRASH_OPERATIONS.filter((operation) => report.trials.some((trial) => trial.operation === operation)).map((operation) => {
    const trials = report.trials.filter((trial) => trial.operation === operation);
    const failed = trials.filter((trial) => trial.violations.length > 0).length;
    const commitPoint = trials.filter((trial) => trial.mode === 'commit-point').length;
    return `${operation}: ${trials.length} kills (${commitPoint} at the commit point, ${trials.filter((trial) => trial.mode === 'random' && trial.killed).length} random in the operation, ${trials.filter((trial) => !trial.killed).length} too late), ${failed} failed`;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { kills: { type: 'string', default: '10' }, seed: { type: 'string' }, database: { type: 'string', default: 'pglite' }, enterprises: { type: 'string', default: '200' }, operations: { type: 'string' } },
    strict: true,
  });
  const database = values.database;
  if (database !== 'pglite' && database !== 'postgres') throw new Error('--database must be pglite or postgres');
  const seed = values.seed ?? randomBytes(4).toString('hex');
  const operations = values.operations?.split(',').map((name) => {
    if (!CRASH_OPERATIONS.includes(name as CommitPointOperation)) throw new Error(`unknown operation ${name}; one of ${CRASH_OPERATIONS.join(', ')}`);
    return name as CommitPointOperation;
  });
  process.stdout.write(`crash test: seed ${seed}, ${values.kills} kills per operation on ${database}\n`);
  const started = performance.now();
  const report = await runCrashTest({
    kills: Number(values.kills),
    seed,
    database,
    databaseUrl: process.env.DATABASE_URL,
    enterprises: Number(values.enterprises),
    ...(operations ? { operations } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${summarise(report).join('\n')}\nseed ${seed}, ${report.trials.length} kills in ${Math.round((performance.now() - started) / 1000)} s\n`);
  process.exitCode = report.trials.every((trial) => trial.violations.length === 0) ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) await main();
