/**
 * Freeze and draw of one sealed, tiered joint task over 10^4 and 10^5 enterprises, on PGlite
 * (a temporary data directory) and, when DATABASE_URL is set, on PostgreSQL. Reports the
 * time per phase (loading, pool build, signing, inserts, publication log, record, receipts
 * and their inserts) and the peak RSS of the process after each size. The baseline for the
 * ratios is the 10^4 run on the same database in the same run.
 *
 *   npm run bench -- freeze-draw [--quick] [--sizes=10000,1000000] [--postgres-only]     (--quick: 10^4 only)
 */
import { createEphemeralBureauKeys } from '../../src/application/bureau-keys.ts';
import { drawTask, type DrawPhase } from '../../src/application/draw-task.ts';
import { freezeTask, type FreezePhase } from '../../src/application/freeze-task.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { loadTasks, seedWorld, worldTasks } from '../../test/integration/draw-world.ts';
import { withTemporaryPglite, withTemporaryPostgres } from '../support/temporary-database.ts';

const quick = process.argv.includes('--quick');
const sizesArgument = process.argv.find((argument) => argument.startsWith('--sizes='));
const sizes = sizesArgument ? sizesArgument.slice('--sizes='.length).split(',').map(Number) : quick ? [10_000] : [10_000, 100_000];
const databaseUrl = process.env.DATABASE_URL || undefined;

interface Figures {
  readonly database: string;
  readonly enterprises: number;
  readonly poolSize: number;
  readonly selected: number;
  readonly freeze: Map<FreezePhase, number>;
  readonly draw: Map<DrawPhase, number>;
  readonly freezeMs: number;
  readonly drawMs: number;
  readonly peakRssMb: number;
}

async function measure(database: DatabaseHandle, kind: string, enterprises: number): Promise<Figures> {
  const keys = createEphemeralBureauKeys();
  const world = await seedWorld(database, { enterprises });
  const task = worldTasks(world.runId).joint;
  await loadTasks(database, [task]);
  const freeze = new Map<FreezePhase, number>();
  const draw = new Map<DrawPhase, number>();

  let started = performance.now();
  const frozen = await freezeTask(database, keys, task.code, { now: new Date('2027-03-01T01:00:00Z'), onPhase: (phase, ms) => freeze.set(phase, (freeze.get(phase) ?? 0) + ms) });
  const freezeMs = performance.now() - started;
  if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));
  started = performance.now();
  const drawn = await drawTask(database, keys, task.code, '3.6.1.5.2.4', { now: new Date('2027-03-02T02:15:00Z'), onPhase: (phase, ms) => draw.set(phase, (draw.get(phase) ?? 0) + ms) });
  const drawMs = performance.now() - started;
  if (!drawn.ok) throw new Error(JSON.stringify(drawn.error));
  return {
    database: kind,
    enterprises,
    poolSize: drawn.value.poolSize,
    selected: drawn.value.selected,
    freeze,
    draw,
    freezeMs,
    drawMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const seconds = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(2);

function report(figures: readonly Figures[]): string {
  const freezePhases: FreezePhase[] = ['load', 'pool', 'signing', 'inserts', 'log'];
  const drawPhases: DrawPhase[] = ['load', 'record', 'signing', 'inserts', 'log', 'receipts'];
  const lines = [
    '# Freeze and draw (one sealed joint task, tiers A-D, assign/v1)',
    '',
    `| database | enterprises | pool | selected | freeze s (${freezePhases.join(' / ')}) | draw s (${drawPhases.join(' / ')}) | total s | × 10^4 | µs per member | peak RSS MB |`,
    '|---|---:|---:|---:|---|---|---:|---:|---:|---:|',
  ];
  for (const entry of figures) {
    const baseline = figures.find((other) => other.database === entry.database && other.enterprises === sizes[0]);
    const total = entry.freezeMs + entry.drawMs;
    const ratio = baseline ? total / (baseline.freezeMs + baseline.drawMs) : 1;
    lines.push(
      `| ${entry.database} | ${entry.enterprises} | ${entry.poolSize} | ${entry.selected} | ${seconds(entry.freezeMs)} (${freezePhases.map((phase) => seconds(entry.freeze.get(phase))).join(' / ')}) | ${seconds(entry.drawMs)} (${drawPhases.map((phase) => seconds(entry.draw.get(phase))).join(' / ')}) | ${seconds(total)} | ${ratio.toFixed(1)} | ${((total * 1000) / entry.poolSize).toFixed(0)} | ${entry.peakRssMb.toFixed(0)} |`,
    );
  }
  lines.push('', 'Peak RSS is the process maximum so far (sizes run in increasing order, seeding included). The receipts phase stores the selected members and what receipts are built from on request.');
  return lines.join('\n');
}

const figures: Figures[] = [];
// --postgres-only: PostgreSQL alone, so that the peak RSS is its own (at 10^6 run each database in its own process).
if (!process.argv.includes('--postgres-only')) for (const enterprises of sizes) figures.push(await withTemporaryPglite((database) => measure(database, 'pglite', enterprises)));
if (databaseUrl) {
  for (const enterprises of sizes) figures.push(await withTemporaryPostgres(databaseUrl, (database) => measure(database, 'postgres', enterprises)));
}
console.log(report(figures));
