/**
 * A full evaluation run (`evaluateAll`) on a generated county: 1,000,000 synthetic
 * enterprises with synthetic credit records, on PGlite (a temporary data directory) and,
 * when DATABASE_URL is set, on PostgreSQL. The data is loaded untimed through the fast
 * paths (COPY for the directory, the import's batched upserts for the records). Reports the
 * run time, throughput and its split (read, evaluate, write), against two baselines
 * measured in the same run: a read-only pass over the same chunks (keyset pages and their
 * records), and COPY of the directory. Goal: the run at 1M under 60 s on PGlite.
 *
 *   npm run bench -- evaluation [--quick]     (--quick: 50,000 enterprises)
 */
import { sql } from 'drizzle-orm';
import { evaluateAll, type EvaluationRunSummary } from '../../src/application/evaluate-all.ts';
import type { CreditRecord } from '../../src/core/credit-record.ts';
import { creditRecordNaturalKey, recordEffectiveDate } from '../../src/core/credit-record-row.ts';
import type { Enterprise } from '../../src/core/enterprise.ts';
import { generateCreditRecords } from '../../src/core/synthetic/credit-records.ts';
import { generateEnterprises } from '../../src/core/synthetic/enterprises.ts';
import { loadRecordsInRange, upsertCreditRecords, type RecordToStore } from '../../src/persistence/credit-record-store.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { copyEnterpriseText } from '../../src/persistence/enterprise-import.ts';
import { readEnterpriseChunk } from '../../src/persistence/evaluation-store.ts';
import { withTemporaryPglite, withTemporaryPostgres } from '../support/temporary-database.ts';

const quick = process.argv.includes('--quick');
const enterpriseCount = quick ? 50_000 : 1_000_000;
const databaseUrl = process.env.DATABASE_URL || undefined;
const SEED = 'bench-evaluation';
const AS_OF = '2026-11-01';
const CHUNK = 10_000;

const enterprises = () => generateEnterprises({ seed: SEED, count: enterpriseCount, asOf: AS_OF });

function copyLine(enterprise: Enterprise): string {
  return `${enterprise.creditCode}\t${enterprise.name}\t${enterprise.regionCode}\t${enterprise.industryCode}\t${enterprise.registrationDate}\t${enterprise.entityType}\t${enterprise.status}\t{${enterprise.flags.join(',')}}\n`;
}

interface Figures {
  readonly database: string;
  readonly records: number;
  readonly copySeconds: number;
  readonly recordLoadSeconds: number;
  readonly readOnlySeconds: number;
  readonly run: EvaluationRunSummary;
}

async function loadDirectory(database: DatabaseHandle): Promise<number> {
  const started = performance.now();
  let lines: string[] = [];
  for (const enterprise of enterprises()) {
    lines.push(copyLine(enterprise));
    if (lines.length === 100_000) {
      await copyEnterpriseText(database, lines.join(''));
      lines = [];
    }
  }
  if (lines.length > 0) await copyEnterpriseText(database, lines.join(''));
  return (performance.now() - started) / 1000;
}

async function loadRecords(database: DatabaseHandle): Promise<{ count: number; seconds: number }> {
  const started = performance.now();
  let batch: RecordToStore[] = [];
  let count = 0;
  const store = (record: CreditRecord) => batch.push({ record, naturalKey: creditRecordNaturalKey(record), effectiveDate: recordEffectiveDate(record) });
  for (const records of generateCreditRecords(enterprises(), { seed: SEED, asOf: AS_OF })) {
    for (const record of records) store(record);
    if (batch.length >= 5000) {
      count += batch.length;
      await upsertCreditRecords(database.db, batch);
      batch = [];
    }
  }
  count += batch.length;
  await upsertCreditRecords(database.db, batch);
  return { count, seconds: (performance.now() - started) / 1000 };
}

/** The baseline: the run's reads alone (keyset pages of enterprises and their records). */
async function readOnlyPass(database: DatabaseHandle): Promise<number> {
  const started = performance.now();
  let after: string | null = null;
  for (;;) {
    const chunk = await readEnterpriseChunk(database.db, after, CHUNK);
    if (chunk.length === 0) break;
    await loadRecordsInRange(database.db, chunk[0]!.creditCode, chunk[chunk.length - 1]!.creditCode, AS_OF);
    after = chunk[chunk.length - 1]!.creditCode;
    if (chunk.length < CHUNK) break;
  }
  return (performance.now() - started) / 1000;
}

async function measure(label: string, database: DatabaseHandle): Promise<Figures> {
  process.stderr.write(`${label}: loading ${enterpriseCount} enterprises and their records...\n`);
  const copySeconds = await loadDirectory(database);
  const records = await loadRecords(database);
  await database.db.execute(sql`vacuum analyze`);
  globalThis.gc?.();
  process.stderr.write(`${label}: read-only pass...\n`);
  const readOnlySeconds = await readOnlyPass(database);
  process.stderr.write(`${label}: evaluateAll...\n`);
  const result = await evaluateAll(database, { asOf: AS_OF }, { chunkSize: CHUNK });
  if (!result.ok) throw new Error(result.error.message);
  if (result.value.evaluated !== enterpriseCount) throw new Error(`evaluated ${result.value.evaluated} of ${enterpriseCount}`);
  return { database: label, records: records.count, copySeconds, recordLoadSeconds: records.seconds, readOnlySeconds, run: result.value };
}

const figures: Figures[] = [await withTemporaryPglite((database) => measure('PGlite', database))];
if (databaseUrl) figures.push(await withTemporaryPostgres(databaseUrl, (database) => measure('PostgreSQL', database)));

const perSecond = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString('en-US');
const seconds = (value: number) => value.toFixed(1);
process.stdout.write(`${enterpriseCount.toLocaleString('en-US')} synthetic enterprises, ${figures[0]!.records.toLocaleString('en-US')} credit records, as of ${AS_OF}, chunks of ${CHUNK.toLocaleString('en-US')}.\n\n`);
process.stdout.write('| database | evaluateAll s | enterprises/s | read s | evaluate s | write s | read-only pass s | run / read-only | directory COPY s | run / COPY | records load s |\n');
process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n');
for (const f of figures) {
  const runSeconds = (f.run.durationMs ?? 0) / 1000;
  const timings = f.run.timings!;
  process.stdout.write(
    `| ${f.database} | ${seconds(runSeconds)} | ${perSecond(enterpriseCount, runSeconds)} | ${seconds(timings.readMs / 1000)} | ${seconds(timings.evaluateMs / 1000)} | ` +
      `${seconds(timings.writeMs / 1000)} | ${seconds(f.readOnlySeconds)} | ${(runSeconds / f.readOnlySeconds).toFixed(2)}x | ${seconds(f.copySeconds)} | ` +
      `${(runSeconds / f.copySeconds).toFixed(2)}x | ${seconds(f.recordLoadSeconds)} |\n`,
  );
}
const counts = figures[0]!.run.counts!;
process.stdout.write(`\nTiers (PGlite run): A ${counts.A}, B ${counts.B}, C ${counts.C}, D ${counts.D}; observation ${counts.observation}.\n`);
if (!databaseUrl) process.stdout.write('PostgreSQL skipped: set DATABASE_URL to measure it too.\n');
process.stdout.write('Goal: the whole run at 1,000,000 enterprises under 60 s on PGlite.\n');
