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
 *
 * `--during=evaluation` starts, before measuring, an evaluation of the whole directory as a
 * job in the server (`Prefer: respond-async`, with a staff token made for the run) and
 * measures the public GETs while it runs; the job's state and progress at the end are printed,
 * so a figure taken after the job ended is seen as such.
 *
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
import { createTemporaryPostgres } from '../support/temporary-database.ts';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((argument) => argument.startsWith(prefix))?.slice(prefix.length);
}

const givenUrl = option('url');
const enterprises = Number(option('enterprises') ?? 20_000);
const durationMs = Number(option('duration') ?? 10) * 1000;
const concurrency = Number(option('concurrency') ?? 50);
const cliEntry = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const acceptEncoding = process.argv.includes('--identity') ? 'identity' : 'gzip';
const during = option('during');
if (during !== undefined && during !== 'evaluation') throw new Error('--during= takes only evaluation');
if (during && option('url')) throw new Error('--during=evaluation serves its own demo: leave out --url');

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
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'serve', '--port=0'], { env: { ...environment, LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
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
  /** Server CPU ms per request. */
  readonly cpuPerRequest: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers other than 200 and 304, and failed connections, by status ('reset' for none). */
  readonly errors: Map<string, number>;
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

/** `concurrency` loops each sending the next request as soon as the last one is answered. */
async function measure(name: string, url: string, pid: number | undefined): Promise<Measurement> {
  const cpuBefore = cpuMsOf(pid);
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  const loop = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      let outcome: string;
      try {
        const { status } = await get(url);
        outcome = status === 200 || status === 304 ? 'ok' : String(status);
      } catch (error) {
        outcome = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      }
      latencies.push(performance.now() - sent);
      if (outcome !== 'ok') errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, cpuPerRequest: (cpuMsOf(pid) - cpuBefore) / latencies.length, requests: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors };
}

/** Starts the evaluation job and answers its path (`/api/jobs/ID`). */
async function startEvaluationJob(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/api/evaluations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, Prefer: 'respond-async', 'Content-Type': 'application/json' },
    body: JSON.stringify({ asOf: option('as-of') ?? '2025-06-30' }),
  });
  if (response.status !== 202) throw new Error(`the evaluation job was not started: ${response.status} ${await response.text()}`);
  return response.headers.get('location')!;
}

async function firstDrawnTask(url: string): Promise<string> {
  const given = option('task');
  if (given) return given;
  const { items } = JSON.parse((await get(`${url}/api/public/draws`)).body) as { items: { taskCode: string; status: string }[] };
  const drawn = items.find((item) => item.status === 'drawn');
  if (!drawn) throw new Error('no drawn task on this server: give --task=');
  return drawn.taskCode;
}

const served = givenUrl ? undefined : await serveDemo();
const base = givenUrl ?? (served as Served).url;
const serverPid = served?.pid ?? (option('pid') === undefined ? undefined : Number(option('pid')));
try {
  const task = encodeURIComponent(await firstDrawnTask(base));
  const endpoints = [
    { name: `GET /api/public/draws/${task}`, url: `${base}/api/public/draws/${task}` },
    { name: 'GET / (portal home)', url: `${base}/` },
    { name: `GET /draws/${task} (draw page)`, url: `${base}/draws/${task}` },
    { name: `GET /api/public/draws/${task}/verify`, url: `${base}/api/public/draws/${task}/verify` },
  ];
  const job = during ? await startEvaluationJob(base, (served as Served).staffToken!) : undefined;
  const loadBefore = os.loadavg();
  const rows: Measurement[] = [];
  const firstCalls: string[] = [];
  for (const endpoint of endpoints) {
    // The first call fills whatever the server caches; the figures are about the calls after it.
    const sent = performance.now();
    const first = await get(endpoint.url);
    firstCalls.push(`${endpoint.name}: ${first.status} in ${(performance.now() - sent).toFixed(0)} ms`);
    rows.push(await measure(endpoint.name, endpoint.url, serverPid));
  }
  const loadAfter = os.loadavg();
  const format = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(value < 10 ? 1 : 0));
  console.log(`Server ${givenUrl ?? `demo of ${enterprises} enterprises on ${(served as Served).database}`}, concurrency ${concurrency}, ${durationMs / 1000} s per endpoint, keep-alive, loopback, Accept-Encoding: ${acceptEncoding}.`);
  console.log(`Machine: ${os.cpus().length} cores, load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} before, ${loadAfter.map((value) => value.toFixed(2)).join(' ')} after.\n`);
  console.log('| endpoint | requests | req/s | p50 ms | p99 ms | server CPU ms/request | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const errors = [...row.errors].map(([kind, count]) => `${count} x ${kind}`).join(', ') || '0';
    console.log(`| ${row.name} | ${row.requests} | ${format(row.perSecond)} | ${format(row.p50)} | ${format(row.p99)} | ${Number.isNaN(row.cpuPerRequest) ? '–' : row.cpuPerRequest.toFixed(2)} | ${errors} |`);
  }
  console.log(`\nFirst calls (not counted): ${firstCalls.join('; ')}`);
  if (job) console.log(`During an evaluation job (${job}): at the end ${(await get(`${base}${job}`, (served as Served).staffToken)).body}`);
} finally {
  agent.destroy();
  await served?.stop();
}
