/**
 * The public side on publication day (issue 12): concurrency 50 on loopback against a draw's
 * public record, the portal home, the draw's page and the server's verification report,
 * each for a fixed time; prints req/s, p50, p99 and errors per endpoint.
 *
 * Without `--url` it loads the demo county into a throwaway database (PGlite, or a new
 * database on the server at DATABASE_URL), serves it in a child process (so the load
 * generator never shares the server's event loop) and removes everything afterwards.
 *
 *   npm run bench -- load [--enterprises=20000] [--duration=10] [--concurrency=50]
 *   DATABASE_URL=postgres://app:app@127.0.0.1:54329/app npm run bench -- load
 *   npm run bench -- load --url=http://127.0.0.1:3000 [--task=2026-JM-001] [--pid=SERVER_PID]
 *   npm run bench -- load --during=evaluation [--as-of=2025-06-30]   (issue 15: a responsive service)
 *   npm run bench -- load --during=import [--rows=200000]
 *   npm run bench -- load --cpu-prof=DIR     (the served demo writes a V8 CPU profile into DIR when stopped)
 *
 * `--during=evaluation` and `--during=import` first call each endpoint once (filling the
 * caches, as a crowd would have), then start a long job in the server (with a staff token
 * made for the run): an evaluation of the whole directory (`Prefer: respond-async`), or a
 * generated directory CSV of `--rows` rows uploaded through the console's import form. The
 * public GETs are then measured all at once, from the job's start until it ends (or
 * `--duration`, default 600 s), so every request counted fell inside the job; how the job
 * ended is printed.

 * Requests say `Accept-Encoding: gzip`, as browsers and `curl --compressed` do (bodies are
 * counted as received, not inflated); `--identity` asks for uncompressed bodies instead.
 *
 * The server's CPU time per request (from /proc, when the server is its child or `--pid`
 * names it) is printed too: on a machine shared with other work, req/s falls with the
 * load, CPU per request does not.
 *
 * (Options take `=`: the bench runner passes on only arguments starting with `-`.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDirectoryCsv } from '../../src/core/synthetic/directory-csv.ts';
import { generateEnterprises } from '../../src/core/synthetic/enterprises.ts';
import { createTemporaryPostgres } from '../support/temporary-database.ts';
import { parseLoadOptions } from './load-options.ts';

const options = parseLoadOptions(process.argv.slice(2));
const { enterprises, durationMs, concurrency, acceptEncoding, during } = options;
const cliEntry = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

interface Answer {
  readonly status: number;
  readonly body: string;
}

function get(url: string, bearer?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { 'accept-encoding': acceptEncoding, ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) };
    const request = http.get(url, { agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.setTimeout(60_000, () => request.destroy(new Error('timeout after 60 s')));
  });
}

interface Served {
  readonly url: string;
  readonly pid: number | undefined;
  readonly database: string;
  /** A staff token made before serving (with `--during`). */
  readonly staffToken: string | undefined;
  stop(): Promise<void>;
}

/** Loads the demo into a throwaway database and serves it from a child process. */
async function serveDemo(): Promise<Served> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-load-'));
  const postgresServer = process.env.DATABASE_URL;
  const temporary = postgresServer ? await createTemporaryPostgres(postgresServer) : undefined;
  const environment = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: temporary?.url ?? '', LOG_LEVEL: 'warn' };
  const started = performance.now();
  const loaded = spawnSync(process.execPath, ['--import', 'tsx', cliEntry, 'demo', `--enterprises=${enterprises}`], { env: environment, stdio: ['ignore', 'ignore', 'inherit'] });
  if (loaded.status !== 0) throw new Error('suiji demo failed');
  process.stderr.write(`demo of ${enterprises} enterprises loaded in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  const staffToken = during
    ? spawnSync(process.execPath, ['--import', 'tsx', cliEntry, 'token', 'create', '--role', 'staff', '--label', 'load bench'], { env: environment, encoding: 'utf8' }).stdout.trim()
    : undefined;
  // Port 0 and the URL from the server's log (on stderr): a port chosen here could be taken before it listens.
  const profiling = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`];
  const server: ChildProcess = spawn(process.execPath, [...profiling, '--import', 'tsx', cliEntry, 'serve', '--port=0'], { env: { ...environment, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr?.pipe(process.stderr);
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const read = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const listening = /"url":"(http:\/\/[^"]+)"/.exec(buffered);
      if (!listening) return;
      server.stderr?.off('data', read);
      resolve(listening[1] as string);
    };
    server.stderr?.on('data', read);
    server.once('exit', (code) => reject(new Error(`the server stopped before listening (exit code ${code})`)));
  });
  return {
    url,
    pid: server.pid,
    database: temporary ? 'PostgreSQL' : 'PGlite',
    staffToken,
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await temporary?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU milliseconds (user + system, every thread) a process has used, or NaN when unknown. */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // /proc/PID/stat: fields 14 and 15 (utime, stime) in clock ticks, after the command in parentheses.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Measurement {
  readonly name: string;
  /** Server CPU ms per request (NaN during a job: the job's CPU is in it). */
  readonly cpuPerRequest: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Answers other than 200 and 304, and failed connections, by status ('reset' for none). */
  readonly errors: Map<string, number>;
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

interface Endpoint {
  readonly name: string;
  readonly url: string;
}

/** What one endpoint's requests gave: latency in ms each, and the failures by kind. */
class Tally {
  readonly latencies: number[] = [];
  readonly errors = new Map<string, number>();

  async send(url: string): Promise<void> {
    const sent = performance.now();
    let outcome: string;
    try {
      const { status } = await get(url);
      outcome = status === 200 || status === 304 ? 'ok' : String(status);
    } catch (error) {
      outcome = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    }
    this.latencies.push(performance.now() - sent);
    if (outcome !== 'ok') this.errors.set(outcome, (this.errors.get(outcome) ?? 0) + 1);
  }

  measurement(name: string, seconds: number, cpuMs: number): Measurement {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const requests = sorted.length;
    return { name, cpuPerRequest: cpuMs / requests, requests, perSecond: requests / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN, errors: this.errors };
  }
}

/**
 * `concurrency` loops, loop i asking `endpoints[i % n]`, each sending its next request as
 * soon as the last one is answered, while `going()`; one endpoint alone is the ordinary
 * table, all of them at once the measurement during a job.
 */
async function measure(endpoints: readonly Endpoint[], pid: number | undefined, going: () => boolean): Promise<Measurement[]> {
  const cpuBefore = cpuMsOf(pid);
  const tallies = endpoints.map(() => new Tally());
  const started = performance.now();
  const loop = async (index: number) => {
    const endpoint = index % endpoints.length;
    while (going()) await (tallies[endpoint] as Tally).send((endpoints[endpoint] as Endpoint).url);
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => loop(index)));
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = endpoints.length === 1 ? cpuMsOf(pid) - cpuBefore : Number.NaN;
  return endpoints.map((endpoint, index) => (tallies[index] as Tally).measurement(endpoint.name, seconds, cpuMs));
}

/** A background job the public GETs are measured during. */
interface RunningJob {
  /** Still running, as last seen (polled every half second). */
  running(): boolean;
  /** Settles when the job has ended, with a line saying how. */
  readonly ended: Promise<string>;
}

const JOB_POLL_MS = 500;
const FINISHED_JOB_STATES = new Set(['succeeded', 'failed']);

/** Polls a job resource (`/api/jobs/ID`) until its state is final. */
function followJob(base: string, jobPath: string, token: string): RunningJob {
  let running = true;
  const ended = (async () => {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
      const answer = await get(`${base}${jobPath}`, token);
      const state = answer.status === 200 ? (JSON.parse(answer.body) as { state?: string }).state : undefined;
      if (state !== undefined && FINISHED_JOB_STATES.has(state)) {
        running = false;
        return `job ${jobPath}: ${answer.body}`;
      }
    }
  })();
  return { running: () => running, ended };
}

/** Starts the evaluation of the whole directory as a job (`Prefer: respond-async`). */
async function startEvaluation(base: string, token: string): Promise<RunningJob> {
  const response = await fetch(`${base}/api/evaluations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, Prefer: 'respond-async', 'Content-Type': 'application/json' },
    body: JSON.stringify({ asOf: options.asOf }),
  });
  if (response.status !== 202) throw new Error(`the evaluation job was not started: ${response.status} ${await response.text()}`);
  return followJob(base, response.headers.get('location')!, token);
}

/** The directory import of the JSON API: the body is the file itself. */
const DIRECTORY_IMPORT_PATH = '/api/enterprises/import';

/**
 * Uploads a generated directory CSV of `options.rows` rows to the directory import as a job
 * (`Prefer: respond-async`: 202 and the job's Location); a server that answers the import
 * itself is measured until its answer.
 */
async function startImport(base: string, token: string): Promise<RunningJob> {
  const csv = [...generateDirectoryCsv(generateEnterprises({ seed: 'load-bench-import', count: options.rows, asOf: '2026-11-01' }))].join('');
  const started = performance.now();
  const answered = fetch(`${base}${DIRECTORY_IMPORT_PATH}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, Prefer: 'respond-async', 'Content-Type': 'text/csv; charset=utf-8' },
    body: csv,
    redirect: 'manual',
  });
  let running = true;
  const ended = answered.then(async (response) => {
    const location = response.headers.get('location');
    if (response.status === 202 && location) return followJob(base, location, token).ended;
    await response.arrayBuffer();
    return `import of ${options.rows} rows (${(csv.length / 1e6).toFixed(1)} MB) answered ${response.status} after ${((performance.now() - started) / 1000).toFixed(1)} s`;
  });
  const settled = ended.finally(() => {
    running = false;
  });
  return { running: () => running, ended: settled };
}

/** The drawn task with the largest pool (the heaviest record and page), unless `--task` names one. */
async function largestDrawnTask(url: string): Promise<string> {
  if (options.task) return options.task;
  const { items } = JSON.parse((await get(`${url}/api/public/draws`)).body) as { items: { taskCode: string; status: string; poolSize: number | null }[] };
  const drawn = items.filter((item) => item.status === 'drawn').sort((left, right) => (right.poolSize ?? 0) - (left.poolSize ?? 0))[0];
  if (!drawn) throw new Error('no drawn task on this server: give --task=');
  return drawn.taskCode;
}

const served = options.url ? undefined : await serveDemo();
const base = options.url ?? (served as Served).url;
const serverPid = served?.pid ?? options.pid;
try {
  const task = encodeURIComponent(await largestDrawnTask(base));
  const endpoints: Endpoint[] = [
    { name: `GET /api/public/draws/${task}`, url: `${base}/api/public/draws/${task}` },
    { name: 'GET / (portal home)', url: `${base}/` },
    { name: `GET /draws/${task} (draw page)`, url: `${base}/draws/${task}` },
    { name: `GET /api/public/draws/${task}/verify`, url: `${base}/api/public/draws/${task}/verify` },
  ];
  // The first call fills whatever the server caches; the figures are about the calls after it.
  const firstCalls: string[] = [];
  const firstCall = async (endpoint: Endpoint) => {
    const sent = performance.now();
    const first = await get(endpoint.url);
    firstCalls.push(`${endpoint.name}: ${first.status} in ${(performance.now() - sent).toFixed(0)} ms`);
  };
  const loadBefore = os.loadavg();
  const rows: Measurement[] = [];
  let jobLine = '';
  if (during) {
    for (const endpoint of endpoints) await firstCall(endpoint);
    const token = (served as Served).staffToken!;
    const job = await (during === 'import' ? startImport(base, token) : startEvaluation(base, token));
    const jobStarted = performance.now();
    const deadline = jobStarted + durationMs;
    // Measured from the job's start until it ends: every request counted was sent while it ran.
    rows.push(...(await measure(endpoints, serverPid, () => job.running() && performance.now() < deadline)));
    const jobSeconds = (performance.now() - jobStarted) / 1000;
    jobLine = job.running()
      ? `The ${during} was still running after ${jobSeconds.toFixed(0)} s (--duration): measured until then.`
      : `All requests above were sent while the ${during} ran (${jobSeconds.toFixed(1)} s): ${await job.ended}`;
  } else {
    for (const endpoint of endpoints) {
      await firstCall(endpoint);
      const deadline = performance.now() + durationMs;
      rows.push(...(await measure([endpoint], serverPid, () => performance.now() < deadline)));
    }
  }
  const loadAfter = os.loadavg();
  const format = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(value < 10 ? 1 : 0));
  const shape = during ? `all endpoints at once (loop i asks endpoint i mod ${endpoints.length}) during ${during === 'import' ? `an import of ${options.rows} rows` : 'an evaluation'}` : `${durationMs / 1000} s per endpoint`;
  console.log(`Server ${options.url ?? `demo of ${enterprises} enterprises on ${(served as Served).database}`}, concurrency ${concurrency}, ${shape}, keep-alive, loopback, Accept-Encoding: ${acceptEncoding}.`);
  console.log(`Machine: ${os.cpus().length} cores, load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} before, ${loadAfter.map((value) => value.toFixed(2)).join(' ')} after.\n`);
  console.log('| endpoint | requests | req/s | p50 ms | p99 ms | max ms | server CPU ms/request | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const errors = [...row.errors].map(([kind, count]) => `${count} x ${kind}`).join(', ') || '0';
    console.log(`| ${row.name} | ${row.requests} | ${format(row.perSecond)} | ${format(row.p50)} | ${format(row.p99)} | ${format(row.max)} | ${Number.isNaN(row.cpuPerRequest) ? '–' : row.cpuPerRequest.toFixed(2)} | ${errors} |`);
  }
  console.log(`\nFirst calls (not counted): ${firstCalls.join('; ')}`);
  if (jobLine) console.log(jobLine);
} finally {
  agent.destroy();
  await served?.stop();
}
