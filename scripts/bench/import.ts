/**
 * Directory import throughput: `importDirectory` on a generated CSV file (decode, parse,
 * validate, upsert) against a plain COPY of the same rows into an empty table, on PGlite
 * (a temporary data directory) and, when DATABASE_URL is set, on PostgreSQL (a temporary
 * database on that server). Goal: the import within 1.3x of COPY. Each phase's CPU is
 * quoted beside its wall time (this process's, which on PGlite includes the database, and on
 * PostgreSQL the server backends' of the temporary database, read from /proc), since wall
 * time on a loaded machine is no measurement.
 *
 *   npm run bench -- import [--quick | --rows=N]     (--quick: 20,000 rows instead of 1,000,000)
 *   npm run bench -- import --csv-file=/tmp/big.csv --rows=10000000
 *       bounded memory: writes the CSV there (streamed, once) and imports it from the file,
 *       printing the peak RSS of this process (goal < 300 MB for a 1 GB file)
 *   --database=pglite | --database=postgres: measure one database only
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { importDirectory } from '../../src/application/import-directory.ts';
import { computeCreditCodeCheckCharacter, computeOrganisationCodeCheckCharacter } from '../../src/core/credit-code.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { copyEnterpriseText } from '../../src/persistence/enterprise-import.ts';
import { withTemporaryPglite, withTemporaryPostgres } from '../support/temporary-database.ts';

const quick = process.argv.includes('--quick');
const rowsArgument = process.argv.find((argument) => argument.startsWith('--rows='));
const rowCount = rowsArgument ? Number(rowsArgument.slice('--rows='.length)) : quick ? 20_000 : 1_000_000;
const databaseUrl = process.env.DATABASE_URL || undefined;
const csvFileArgument = process.argv.find((argument) => argument.startsWith('--csv-file='));
/** `--database=postgres` or `--database=pglite` measures that one only (default: PGlite, and PostgreSQL when DATABASE_URL is set). */
const onlyDatabase = process.argv.find((argument) => argument.startsWith('--database='))?.slice('--database='.length);
const measurePglite = onlyDatabase !== 'postgres';
const measurePostgres = databaseUrl !== undefined && onlyDatabase !== 'pglite';

const regions = ['350102', '350103', '350104', '350105', '350111', '350121', '350181', '110105', '310115', '440305'];
const industries = ['F5211', 'C1391', 'I6513', 'H6210', 'E4710', 'G5431', 'L7212', 'M7320', 'A0141', 'K7010'];
const entityTypes = [
  ['有限责任公司(自然人投资或控股)', 'company'],
  ['个体工商户', 'sole_trader'],
  ['农民专业合作社', 'cooperative'],
  ['普通合伙企业', 'partnership'],
  ['有限责任公司分公司', 'branch'],
] as const;
const statuses = [
  ['存续', 'active'],
  ['在业', 'active'],
  ['吊销，未注销', 'revoked'],
  ['注销', 'deregistered'],
] as const;
const flagSets = [
  ['', '{}'],
  ['食品', '{food}'],
  ['食品；新业态', '{food,new_business_form}'],
  ['特种设备', '{special_equipment}'],
] as const;

const CSV_HEADER = '统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记';

/** Row `index` of the generated directory, as an import CSV line and as a COPY text line. */
function generatedRow(index: number): { csvLine: string; copyLine: string } {
  const region = regions[index % regions.length] as string;
  const body = String(index).padStart(8, '0');
  const first17 = `91${region}${body}${computeOrganisationCodeCheckCharacter(body)}`;
  const code = `${first17}${computeCreditCodeCheckCharacter(first17)}`;
  const name = `福州市示例${index}号商贸有限公司`;
  const industry = industries[(index * 7) % industries.length] as string;
  const year = 1995 + (index % 29);
  const month = 1 + (index % 12);
  const day = 1 + (index % 28);
  const isoDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const csvDate = index % 2 === 0 ? isoDate : `${year}年${month}月${day}日`;
  const [typeText, type] = entityTypes[index % entityTypes.length] as (typeof entityTypes)[number];
  const [statusText, status] = statuses[(index * 3) % statuses.length] as (typeof statuses)[number];
  const [flagText, flagLiteral] = flagSets[index % flagSets.length] as (typeof flagSets)[number];
  return {
    csvLine: `${code},${name},${region},${industry},${csvDate},${typeText},"${statusText}",${flagText}`,
    copyLine: `${code}\t${name}\t${region}\t${industry}\t${isoDate}\t${type}\t${status}\t${flagLiteral}`,
  };
}

/** The generated directory, as import CSV and as COPY text. */
function generate(count: number): { csv: string; copyText: string } {
  const csvLines = [CSV_HEADER];
  const copyLines: string[] = [];
  for (let index = 0; index < count; index++) {
    const { csvLine, copyLine } = generatedRow(index);
    csvLines.push(csvLine);
    copyLines.push(copyLine);
  }
  return { csv: `${csvLines.join('\r\n')}\r\n`, copyText: `${copyLines.join('\n')}\n` };
}

async function countEnterprises(database: DatabaseHandle): Promise<number> {
  const result = await database.db.execute(sql`select count(*) as n from enterprises`);
  const rows = Array.isArray(result) ? result : (result as { rows: { n: unknown }[] }).rows;
  return Number((rows[0] as { n: unknown }).n);
}

async function truncate(database: DatabaseHandle): Promise<void> {
  await database.db.execute(sql`truncate enterprises`);
  await database.db.execute(sql`vacuum analyze enterprises`);
}

/** CPU seconds spent so far by the server backends of this database (PostgreSQL on this machine), from /proc. */
async function serverCpuSeconds(database: DatabaseHandle): Promise<number> {
  if (database.client.kind !== 'postgres') return 0;
  const backends = await database.client.sql`select pid from pg_stat_activity where datname = current_database()`;
  let ticks = 0;
  for (const { pid } of backends) {
    const stat = fs.readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  }
  return ticks / 100; // USER_HZ
}

/** A phase's cost: wall seconds, this process's CPU seconds and the database server's. */
interface PhaseCost {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly serverCpuSeconds: number;
}

async function measurePhase(database: DatabaseHandle, work: () => Promise<void>): Promise<PhaseCost> {
  const serverBefore = await serverCpuSeconds(database);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, serverCpuSeconds: (await serverCpuSeconds(database)) - serverBefore };
}

interface Measurement {
  readonly database: string;
  readonly copy: PhaseCost;
  readonly import: PhaseCost;
  readonly reimport: PhaseCost;
}

/** The bytes in 1 MiB pieces, as `fs.createReadStream` gives a file. */
async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += 1024 * 1024) yield bytes.subarray(start, start + 1024 * 1024);
}

async function measure(label: string, database: DatabaseHandle, data: { csv: Uint8Array; copyText: string }): Promise<Measurement> {
  await truncate(database);
  const copy = await measurePhase(database, async () => {
    await copyEnterpriseText(database, data.copyText);
  });
  if ((await countEnterprises(database)) !== rowCount) throw new Error('COPY baseline loaded the wrong number of rows');

  await truncate(database);
  globalThis.gc?.();
  const imported = await measurePhase(database, async () => {
    const report = await importDirectory(database, { content: chunksOf(data.csv), format: 'csv', rowLimit: rowCount });
    if (report.inserted !== rowCount || report.rejected.length > 0) {
      throw new Error(`import went wrong: ${JSON.stringify({ ...report, rejected: report.rejected.slice(0, 3) })}`);
    }
  });
  const reimport = await measurePhase(database, async () => {
    const again = await importDirectory(database, { content: chunksOf(data.csv), format: 'csv', rowLimit: rowCount });
    if (again.inserted !== 0 || again.updated !== 0) throw new Error('re-import changed rows');
  });
  return { database: label, copy, import: imported, reimport };
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const load = () => (fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));

/** Writes the generated CSV to `file` a line at a time (never whole in memory), unless it is there already. */
async function writeCsvFile(file: string, count: number): Promise<void> {
  if (fs.existsSync(file)) return;
  const out = fs.createWriteStream(`${file}.partial`);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${CSV_HEADER}\r\n`);
  let lines: string[] = [];
  for (let index = 0; index < count; index++) {
    lines.push(generatedRow(index).csvLine);
    if (lines.length === 10_000) {
      await write(`${lines.join('\r\n')}\r\n`);
      lines = [];
    }
  }
  if (lines.length > 0) await write(`${lines.join('\r\n')}\r\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  fs.renameSync(`${file}.partial`, file);
}

/** Imports a CSV file from disk as a stream and reports this process's peak RSS. */
async function measureFileImport(label: string, database: DatabaseHandle, file: string): Promise<string> {
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  let report: Awaited<ReturnType<typeof importDirectory>> | undefined;
  const cost = await measurePhase(database, async () => {
    report = await importDirectory(database, { content: fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), format: 'csv', rowLimit: rowCount });
  });
  if (report?.inserted !== rowCount) throw new Error(`import went wrong: ${JSON.stringify({ ...report, rejected: report?.rejected.slice(0, 3) })}`);
  const peak = process.resourceUsage().maxRSS * 1024;
  return `| ${label} | ${rowCount.toLocaleString('en-US')} | ${megabytes(fs.statSync(file).size)} | ${megabytes(rssBefore)} | ${megabytes(peak)} | ${cost.cpuSeconds.toFixed(1)} | ${cost.serverCpuSeconds.toFixed(1)} | ${cost.wallSeconds.toFixed(1)} |\n`;
}

if (csvFileArgument) {
  const file = csvFileArgument.slice('--csv-file='.length);
  await writeCsvFile(file, rowCount);
  globalThis.gc?.();
  process.stdout.write(`Load average before: ${load()}\n\n`);
  process.stdout.write('| database | rows | CSV | RSS before | peak RSS | CPU s (this process) | CPU s (server) | wall s |\n|---|---:|---:|---:|---:|---:|---:|---:|\n');
  if (measurePglite) process.stdout.write(await withTemporaryPglite((database) => measureFileImport('PGlite', database, file)));
  if (databaseUrl && measurePostgres) process.stdout.write(await withTemporaryPostgres(databaseUrl, (database) => measureFileImport('PostgreSQL', database, file)));
  process.stdout.write(`\nLoad average after: ${load()}. Goal: peak RSS < 300 MB for a 1 GB CSV.\n`);
  process.exit(0);
}

const generated = generate(rowCount);
const data = { csv: new TextEncoder().encode(generated.csv), copyText: generated.copyText };
const loadBefore = load();
const measurements: Measurement[] = measurePglite ? [await withTemporaryPglite((database) => measure('PGlite', database, data))] : [];
if (databaseUrl && measurePostgres) measurements.push(await withTemporaryPostgres(databaseUrl, (database) => measure('PostgreSQL', database, data)));

const cpuOf = (cost: PhaseCost) => cost.cpuSeconds + cost.serverCpuSeconds;
process.stdout.write(`${rowCount.toLocaleString('en-US')} generated enterprises, CSV ${(data.csv.length / 1e6).toFixed(1)} MB (UTF-8, Chinese headers and values).\n`);
process.stdout.write(`Load average: ${loadBefore} before, ${load()} after. CPU = this process + the server's backends (PostgreSQL).\n\n`);
process.stdout.write('| database | COPY CPU s | import CPU s | import / COPY CPU | COPY wall s | import wall s | import / COPY wall | re-import CPU s |\n');
process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|\n');
for (const m of measurements) {
  process.stdout.write(
    `| ${m.database} | ${cpuOf(m.copy).toFixed(1)} | ${cpuOf(m.import).toFixed(1)} | ${(cpuOf(m.import) / cpuOf(m.copy)).toFixed(2)}x | ${m.copy.wallSeconds.toFixed(1)} | ${m.import.wallSeconds.toFixed(1)} | ${(m.import.wallSeconds / m.copy.wallSeconds).toFixed(2)}x | ${cpuOf(m.reimport).toFixed(1)} |\n`,
  );
}
for (const m of measurements) {
  process.stdout.write(`\n${m.database} import CPU split: this process ${m.import.cpuSeconds.toFixed(1)} s, server ${m.import.serverCpuSeconds.toFixed(1)} s (COPY: ${m.copy.cpuSeconds.toFixed(1)} s / ${m.copy.serverCpuSeconds.toFixed(1)} s).`);
}
process.stdout.write(`\nPeak RSS of this process (CSV and COPY text held in memory for both runs): ${megabytes(process.resourceUsage().maxRSS * 1024)}.\n`);
if (!databaseUrl) process.stdout.write('\nPostgreSQL skipped: set DATABASE_URL to measure it too.\n');
process.stdout.write('\nGoal: import within 1.3x of plain COPY (import / COPY ≤ 1.30x).\n');
