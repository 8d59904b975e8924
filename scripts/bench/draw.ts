/**
 * Issue 16's goals, measured side by side in one run as whole processes on one pool of
 * 1,000,000 members in 4 strata (--quick: 100,000):
 *
 * - `suiji draw --pool` against a naive Node loop (read the file, one `createHash` per member)
 *   and Rivest's consistent_sampler (Python; set CONSISTENT_SAMPLER to a checkout of
 *   github.com/ron-rivest/consistent_sampler, else that row says "not run");
 * - `suiji verify` of that record, and of the audit record of a database draw (salts, an
 *   RFC 6962 pool root over every member, the full re-draw);
 * - `suiji help` and `suiji verify` of a small record (the golden fixture);
 * - the browser verifier's code (src/core/verify with the core's SHA-256, bundled by esbuild
 *   as the page bundles it) verifying a 100,000-member open record in Chromium
 *   (playwright-core, /usr/bin/chromium or CHROMIUM_PATH; that row says "not run" without it);
 * - with `--before DIR` (a checkout of the earlier code, e.g. /work/main), the same suiji
 *   commands of that checkout in a column of their own.
 *
 * The suiji commands run `bin/suiji.js`, which runs dist/ (built first when missing). Each
 * row is one run: wall time, CPU time (user + system: on a shared machine the wall time
 * also counts other processes' turns, the CPU time does not) and peak RSS (GNU time). The
 * goal table compares both. Files go to bench-results/draw/.
 *
 *   npm run bench -- draw [--quick] [--before=DIR]
 */
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeCreditCodeCheckCharacter, CREDIT_CODE_ALPHABET } from '../../src/core/credit-code.ts';
import { entropyFieldsOf } from '../../src/core/draw/entropy-source.ts';
import { drawOfflinePool } from '../../src/core/draw/offline-draw.ts';
import { buildDrawRecord } from '../../src/core/draw/record.ts';
import { coreSha256 } from '../../src/core/hash.ts';

const quick = process.argv.includes('--quick');
const before = process.argv.find((argument) => argument.startsWith('--before='))?.slice('--before='.length);
const total = quick ? 100_000 : 1_000_000;
const seed = `${'3c'.repeat(32)}-3.6.1.5.2.4`;
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const folder = path.join(projectRoot, 'bench-results', 'draw');
const shares = [
  { label: 'A', share: 0.4, ratio: '0.01', minimum: 1 },
  { label: 'B', share: 0.35, ratio: '0.03', minimum: 1 },
  { label: 'C', share: 0.2, ratio: '0.1', minimum: 2 },
  { label: 'D', share: 0.05, ratio: '0.3', minimum: 2 },
];

function code(n: number): string {
  let body = '';
  let rest = n;
  for (let position = 0; position < 9; position++) {
    body = (CREDIT_CODE_ALPHABET[rest % 31] as string) + body;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91350100${body}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

interface Run {
  readonly seconds: number;
  /** User + system CPU seconds. */
  readonly cpuSeconds: number;
  readonly peakMiB: number;
  readonly status: number | null;
}

/** Runs a command under GNU time; its output goes to `stdoutFile` (or is dropped). */
function run(command: string, args: readonly string[], stdoutFile?: string): Run {
  const timing = path.join(folder, 'time.txt');
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', timing, command, ...args], {
    cwd: projectRoot,
    stdio: ['ignore', stdoutFile === undefined ? 'ignore' : fs.openSync(stdoutFile, 'w'), 'inherit'],
    maxBuffer: 1 << 30,
  });
  const [seconds, kib, user, system] = fs.readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds: seconds as number, cpuSeconds: (user as number) + (system as number), peakMiB: (kib as number) / 1024, status: result.status };
}

fs.mkdirSync(folder, { recursive: true });
if (!fs.existsSync(path.join(projectRoot, 'dist', 'main.js'))) spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: projectRoot, stdio: 'inherit' });

// The pool file, and the audit record of the same pool drawn as a database draw.
const codes = Array.from({ length: total }, (_, index) => code(index * 7919 + 13));
let offset = 0;
const strata = shares.map((stratum) => {
  const size = stratum.label === 'D' ? total - offset : Math.round(total * stratum.share);
  const members = codes.slice(offset, offset + size);
  offset += size;
  return { label: stratum.label, ratio: stratum.ratio, minimum: stratum.minimum, members };
});
const poolFile = path.join(folder, 'pool.json');
fs.writeFileSync(poolFile, JSON.stringify({ task: 'BENCH-1', strata }));
let memberIndex = 0;
const audit = buildDrawRecord(
  {
    task: { code: 'BENCH-1' },
    visibility: 'sealed',
    frozenAt: '2027-03-01T09:00:00+08:00',
    // A draw/v1.1 public event a day after the freeze, so the order-of-events check passes.
    ...entropyFieldsOf({ kind: 'public-event', description: 'bench dice', at: '2027-03-02T10:00:00+08:00' }, 86400),
    exclusions: [],
    nonce: '3c'.repeat(32),
    entropy: '3.6.1.5.2.4',
    drawnAt: '2027-03-02T10:15:00+08:00',
    strata: strata.map((stratum, index) => ({ ...stratum, salt: `5a${index}`.padEnd(32, '0'), members: stratum.members.map((member) => ({ code: member, salt: (memberIndex++).toString(16).padStart(32, '0') })) })),
  },
  coreSha256,
);
if (!audit.ok) throw new Error('audit record failed');
const auditFile = path.join(folder, 'audit-record.json');
fs.writeFileSync(auditFile, JSON.stringify(audit.value));
const poolMiB = fs.statSync(poolFile).size / 2 ** 20;
const auditMiB = fs.statSync(auditFile).size / 2 ** 20;
codes.length = 0;

const recordFile = path.join(folder, 'record.json');
const naiveLoop = `
const { createHash } = require('node:crypto');
const pool = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
const seedHash = createHash('sha256').update(process.argv[2]).digest('hex');
let last = '';
for (const stratum of pool.strata) for (const code of stratum.members) last = createHash('sha256').update(seedHash + code).digest('hex');
console.log(last);`;

interface Row {
  readonly name: string;
  readonly after: Run;
  readonly before?: Run;
}
const rows: Row[] = [];
const suiji = (root: string, args: readonly string[], out?: string): Run => run(process.execPath, [path.join(root, 'bin', 'suiji.js'), ...args], out);
const both = (name: string, args: readonly string[], out?: string): Run => {
  const after = suiji(projectRoot, args, out);
  rows.push(before === undefined ? { name, after } : { name, after, before: suiji(before, args.map((argument) => argument.replace(recordFile, `${recordFile}.before`)), out && `${out}.before`) });
  return after;
};

const naive = run(process.execPath, ['-e', naiveLoop, poolFile, seed]);
rows.push({ name: 'naive Node loop: read the file, one createHash per member', after: naive });
const draw = both('suiji draw --pool (writes the open record)', ['draw', '--pool', poolFile, '--seed', seed, '--out', recordFile]);
if (draw.status !== 0) throw new Error('suiji draw failed');

const samplerCheckout = process.env.CONSISTENT_SAMPLER;
const record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as { strata: { label: string; k: number }[]; selected: unknown[] };
let sampler: Run | undefined;
if (samplerCheckout) {
  const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
from consistent_sampler import sampler
pool = json.load(open(sys.argv[2]))
ks = json.loads(sys.argv[4])
for stratum in pool['strata']:
    list(sampler(stratum['members'], seed=sys.argv[3], take=ks[stratum['label']], with_replacement=False, output='id'))`;
  const ks = Object.fromEntries(record.strata.map((stratum) => [stratum.label, stratum.k]));
  sampler = run('python3', ['-c', script, path.join(samplerCheckout, 'code'), poolFile, seed, JSON.stringify(ks)]);
  rows.push({ name: "Rivest's consistent_sampler (Python), same pool and k", after: sampler });
}

const verifyRun = both('suiji verify of that record', ['verify', recordFile]);
// The audit record is unsigned here: --no-signature, so the exit status says whether pool root and draw verified.
const auditRun = both('suiji verify --no-signature of the audit record (pool root over every member + full re-draw)', ['verify', '--no-signature', auditFile]);
const helpRun = both('suiji help', ['help']);
const smallRun = both('suiji verify of a small record (the golden fixture)', ['verify', path.join(projectRoot, 'test', 'fixtures', 'draw', 'golden-record.json')]);
const bareNode = run(process.execPath, ['-e', '0']);

/** Verifying a 100,000-member open record with the browser verifier's code in Chromium: milliseconds of verifyRecord (as the page reports it) and of JSON.parse. */
async function measureBrowserVerify(): Promise<{ verifyMs: number; parseMs: number; failed: string[] } | undefined> {
  const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) return undefined;
  const browserCodes = Array.from({ length: 100_000 }, (_, index) => code(index * 7919 + 13));
  const browserPool = { task: 'BENCH-BROWSER', strata: shares.map((stratum, index) => ({ label: stratum.label, ratio: stratum.ratio, minimum: stratum.minimum, members: browserCodes.filter((_, at) => at % 4 === index) })) };
  const drawn = drawOfflinePool(browserPool, seed, coreSha256);
  if (!drawn.ok) throw new Error('browser record failed');
  const recordText = JSON.stringify(drawn.value);
  const bundle = await build({
    stdin: {
      contents: `import './src/web/browser/zod-jitless.ts';
import { verifyRecord } from './src/core/verify/index.ts';
import { coreSha256 } from './src/core/hash.ts';
globalThis.benchVerify = (text) => {
  const started = performance.now();
  const record = JSON.parse(text);
  const parsed = performance.now();
  const checks = verifyRecord({ record, hash: coreSha256 });
  return { parseMs: parsed - started, verifyMs: performance.now() - parsed, failed: checks.filter((check) => check.status === 'failed').map((check) => check.id) };
};`,
      resolveDir: projectRoot,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    minify: true,
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    return await page.evaluate((text) => (globalThis as unknown as { benchVerify: (text: string) => { verifyMs: number; parseMs: number; failed: string[] } }).benchVerify(text), recordText);
  } finally {
    await browser.close();
  }
}
const browserVerify = await measureBrowserVerify();

const strataSummary = record.strata.map((stratum) => `${stratum.label} ${stratum.k}`).join(', ');
const format = (value: Run | undefined): string =>
  value === undefined ? 'not run' : `${value.seconds.toFixed(2)} s (CPU ${value.cpuSeconds.toFixed(2)} s), ${value.peakMiB.toFixed(0)} MiB${value.status === 0 ? '' : ` (exit ${value.status})`}`;
process.stdout.write(
  `${total.toLocaleString('en')} members in 4 strata (k: ${strataSummary}; ${record.selected.length.toLocaleString('en')} selected); pool file ${poolMiB.toFixed(0)} MiB, audit record ${auditMiB.toFixed(0)} MiB. ` +
    `One run each, whole processes; a bare \`node -e 0\` took ${bareNode.seconds.toFixed(2)} s.\n\n`,
);
process.stdout.write(before === undefined ? '| process | after | vs naive loop (wall / CPU) |\n|---|---:|---:|\n' : `| process | before (${before}) | after | after vs naive loop (wall / CPU) |\n|---|---:|---:|---:|\n`);
for (const row of rows) {
  const ratio = `${(row.after.seconds / naive.seconds).toFixed(2)}x / ${(row.after.cpuSeconds / naive.cpuSeconds).toFixed(2)}x`;
  process.stdout.write(before === undefined ? `| ${row.name} | ${format(row.after)} | ${ratio} |\n` : `| ${row.name} | ${row.before === undefined ? '' : format(row.before)} | ${format(row.after)} | ${ratio} |\n`);
}

interface Goal {
  readonly goal: string;
  readonly ours: string;
  readonly baseline: string;
  /** Ours against the baseline (or the bound), wall and CPU; undefined when not measured. */
  readonly ratio?: string;
  readonly target: string;
  readonly met: boolean | undefined;
}
const seconds = (value: number): string => `${value.toFixed(2)} s`;
const timed = (value: Run): string => `${seconds(value.seconds)} (CPU ${seconds(value.cpuSeconds)})`;
/** A goal "ours ≤ bound × baseline", judged on wall time; the CPU ratio is shown beside it. */
const ratioGoal = (goal: string, ours: Run, baselineName: string, baseline: Run, bound: number): Goal => ({
  goal,
  ours: timed(ours),
  baseline: `${baselineName} ${timed(baseline)}`,
  ratio: `${(ours.seconds / baseline.seconds).toFixed(2)}x (CPU ${(ours.cpuSeconds / baseline.cpuSeconds).toFixed(2)}x)`,
  target: `≤ ${bound}x`,
  met: ours.status === 0 && ours.seconds <= bound * baseline.seconds,
});
const limitGoal = (goal: string, ours: Run, limit: number): Goal => ({ goal, ours: timed(ours), baseline: '', target: `≤ ${limit} s`, met: ours.status === 0 && ours.seconds <= limit });
const goals: Goal[] = [
  ratioGoal('suiji draw --pool', draw, 'naive loop', naive, 0.8),
  sampler
    ? { goal: 'suiji draw --pool vs consistent_sampler', ours: timed(draw), baseline: `consistent_sampler ${timed(sampler)}`, ratio: `${(sampler.seconds / draw.seconds).toFixed(1)}x faster (CPU ${(sampler.cpuSeconds / draw.cpuSeconds).toFixed(1)}x)`, target: '≥ 4x faster', met: sampler.seconds >= 4 * draw.seconds }
    : { goal: 'suiji draw --pool vs consistent_sampler', ours: timed(draw), baseline: 'not run (set CONSISTENT_SAMPLER)', target: '≥ 4x faster', met: undefined },
  ratioGoal('suiji verify of that record', verifyRun, 'naive loop', naive, 1.2),
  ratioGoal('suiji verify of the audit record (pool root + re-draw)', auditRun, 'naive loop', naive, 1.5),
  browserVerify
    ? { goal: 'browser verify of a 100,000-member open record (Chromium)', ours: `${(browserVerify.verifyMs / 1000).toFixed(2)} s (+ JSON.parse ${(browserVerify.parseMs / 1000).toFixed(2)} s)${browserVerify.failed.length ? `, FAILED ${browserVerify.failed.join(', ')}` : ''}`, baseline: '1.44 s before issue 16', target: '≤ 0.5 s', met: browserVerify.failed.length === 0 && browserVerify.verifyMs <= 500 }
    : { goal: 'browser verify of a 100,000-member open record (Chromium)', ours: 'not run (no Chromium)', baseline: '1.44 s before issue 16', target: '≤ 0.5 s', met: undefined },
  limitGoal('suiji help', helpRun, 0.5),
  limitGoal('suiji verify of the demo (golden) record', smallRun, 0.8),
];
process.stdout.write('\nGoals (issue 16), side by side, judged on wall time:\n\n| goal | ours | baseline | ratio | goal | met? |\n|---|---:|---:|---:|---:|---|\n');
for (const goal of goals) process.stdout.write(`| ${goal.goal} | ${goal.ours} | ${goal.baseline} | ${goal.ratio ?? ''} | ${goal.target} | ${goal.met === undefined ? 'not measured' : goal.met ? 'met' : 'NOT met'} |\n`);
