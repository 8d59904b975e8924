/**
 * Directory import throughput: `importDirectory` on a generated CSV file (decode, parse,
 * validate, upsert) against a plain COPY of the same rows into an empty table, on PGlite
 * (a temporary data directory) and, when DATABASE_URL is set, on PostgreSQL (a temporary
 * database on that server). Goal: the import within 2x of COPY.
 *
 *   npm run bench -- import [--quick | --rows=N]     (--quick: 20,000 rows instead of 1,000,000)
 */
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

/** Row i of the generated directory, as import CSV and as COPY text. */
function generate(count: number): { csv: string; copyText: string } {
  const csvLines = ['统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记'];
  const copyLines: string[] = [];
  for (let index = 0; index < count; index++) {
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
    csvLines.push(`${code},${name},${region},${industry},${csvDate},${typeText},"${statusText}",${flagText}`);
    copyLines.push(`${code}\t${name}\t${region}\t${industry}\t${isoDate}\t${type}\t${status}\t${flagLiteral}`);
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

interface Measurement {
  readonly database: string;
  readonly copySeconds: number;
  readonly importSeconds: number;
  readonly reimportSeconds: number;
}

/** The bytes in 1 MiB pieces, as `fs.createReadStream` gives a file. */
async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += 1024 * 1024) yield bytes.subarray(start, start + 1024 * 1024);
}

async function measure(label: string, database: DatabaseHandle, data: { csv: Uint8Array; copyText: string }): Promise<Measurement> {
  await truncate(database);
  let started = performance.now();
  await copyEnterpriseText(database, data.copyText);
  const copySeconds = (performance.now() - started) / 1000;
  if ((await countEnterprises(database)) !== rowCount) throw new Error('COPY baseline loaded the wrong number of rows');

  await truncate(database);
  globalThis.gc?.();
  started = performance.now();
  const report = await importDirectory(database, { content: chunksOf(data.csv), format: 'csv' });
  const importSeconds = (performance.now() - started) / 1000;
  if (report.inserted !== rowCount || report.rejected.length > 0) {
    throw new Error(`import went wrong: ${JSON.stringify({ ...report, rejected: report.rejected.slice(0, 3) })}`);
  }

  started = performance.now();
  const again = await importDirectory(database, { content: chunksOf(data.csv), format: 'csv' });
  const reimportSeconds = (performance.now() - started) / 1000;
  if (again.inserted !== 0 || again.updated !== 0) throw new Error('re-import changed rows');
  return { database: label, copySeconds, importSeconds, reimportSeconds };
}

const generated = generate(rowCount);
const data = { csv: new TextEncoder().encode(generated.csv), copyText: generated.copyText };
const measurements: Measurement[] = [await withTemporaryPglite((database) => measure('PGlite', database, data))];
if (databaseUrl) measurements.push(await withTemporaryPostgres(databaseUrl, (database) => measure('PostgreSQL', database, data)));

const rate = (seconds: number) => Math.round(rowCount / seconds).toLocaleString('en-US');
process.stdout.write(`${rowCount.toLocaleString('en-US')} generated enterprises, CSV ${(data.csv.length / 1e6).toFixed(1)} MB (UTF-8, Chinese headers and values).\n\n`);
process.stdout.write('| database | plain COPY rows/s | import rows/s | import / COPY time | re-import (no changes) rows/s |\n');
process.stdout.write('|---|---:|---:|---:|---:|\n');
for (const m of measurements) {
  process.stdout.write(
    `| ${m.database} | ${rate(m.copySeconds)} | ${rate(m.importSeconds)} | ${(m.importSeconds / m.copySeconds).toFixed(2)}x | ${rate(m.reimportSeconds)} |\n`,
  );
}
if (!databaseUrl) process.stdout.write('\nPostgreSQL skipped: set DATABASE_URL to measure it too.\n');
process.stdout.write('\nGoal: import within 1.3x of plain COPY (import / COPY time ≤ 1.30x).\n');
