import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCreditCodeCheckCharacter } from '../../src/core/credit-code.ts';
import { runSuiji as suiji } from '../support/cli.ts';
import { encodeGb18030 } from '../support/gb18030.ts';

// The command reads its configuration from the environment, once: point it at a temporary
// data directory (PGlite) or, when DATABASE_URL is set, at a temporary database there.
const serverUrl = process.env.DATABASE_URL || undefined;
const databaseName = `suiji_cli_test_${randomBytes(6).toString('hex')}`;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-cli-import-'));
process.env.DATA_DIR = path.join(workDir, 'data');
if (serverUrl) {
  const target = new URL(serverUrl);
  target.pathname = `/${databaseName}`;
  process.env.DATABASE_URL = target.toString();
}

function code(n: number): string {
  const first17 = `91350102${String(n).padStart(9, '0')}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

const header = '统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记';
const row = (n: number, date = '2020/1/2') => `${code(n)},福州示例${n}有限公司,350102,F5211,${date},有限责任公司,存续,食品`;

function writeFile(name: string, content: string | Uint8Array): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('suiji import enterprises', () => {
  beforeAll(async () => {
    if (!serverUrl) return;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${databaseName}`);
    await admin.end();
  });
  afterAll(async () => {
    fs.rmSync(workDir, { recursive: true, force: true });
    if (!serverUrl) return;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  });

  it('imports a GB18030 file and says how many rows it inserted and updated', async () => {
    const file = writeFile('gb.csv', encodeGb18030(`${header}\r\n${row(1)}\r\n${row(2)}\r\n`));
    const first = await suiji('import', 'enterprises', file);
    expect(first).toEqual({ exitCode: 0, stdout: `${file} (gb18030): 2 rows: 2 inserted, 0 updated, 0 unchanged, 0 rejected.\n`, stderr: '' });
    const again = await suiji('import', 'enterprises', file, '--encoding', 'gb18030');
    expect(again.stdout).toContain('0 inserted, 0 updated, 2 unchanged');
  });

  it('prints every rejected row as FILE:LINE: field: reason and exits 1 without importing', async () => {
    const file = writeFile('bad.csv', `${header}\n${row(10)}\n${row(11, '2020.1.2')}\n${row(12)},extra\n`);
    const result = await suiji('import', 'enterprises', file);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `${file}:3: 成立日期: unknown date format '2020.1.2' (use 2023-03-14, 2023/3/14 or 2023年3月14日)\n` +
        `${file}:4: wrong column count: expected 8, got 9\n`,
    );
    expect(result.stdout).toContain('nothing imported: 2 of 3 rows rejected');
  });

  it('with --partial imports the valid rows and writes the rejects file with a reason column', async () => {
    const file = writeFile('partial.csv', `${header}\n${row(20)}\n${row(21, '2021-02-29')}\n`);
    const result = await suiji('import', 'enterprises', file, '--partial');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('1 inserted');
    expect(result.stdout).toContain(`${file}.rejects.csv`);
    expect(fs.readFileSync(`${file}.rejects.csv`, 'utf8')).toBe(
      `\uFEFF${header},"原因 / reason"\r\n${row(21, '2021-02-29')},"成立日期：“2021-02-29”不是真实存在的日期 / 成立日期: '2021-02-29' is not a real calendar date"\r\n`,
    );
  });

  it('leaves 法定代表人 out of the rejects file and the console, and the fixed rejects file imports as it is', async () => {
    const file = writeFile('personal.csv', `法定代表人,${header},联系电话\n张三,${row(40)},13800138000\n李四,${row(41, '2021-02-29')},13900139000\n`);
    const result = await suiji('import', 'enterprises', file, '--partial');
    expect(result.exitCode).toBe(0);
    const rejects = fs.readFileSync(`${file}.rejects.csv`, 'utf8');
    expect(rejects).toBe(`\uFEFF法定代表人,${header},联系电话,"原因 / reason"\r\n,${row(41, '2021-02-29')},,"成立日期：“2021-02-29”不是真实存在的日期 / 成立日期: '2021-02-29' is not a real calendar date"\r\n`);
    expect(`${result.stdout}${result.stderr}${rejects}`).not.toMatch(/李四|13900139000/);

    // The directory skips columns it does not know, the reason column among them.
    const fixed = writeFile('personal-fixed.csv', rejects.replace('2021-02-29', '2021-02-28'));
    const again = await suiji('import', 'enterprises', fixed);
    expect(again).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('1 rows: 1 inserted') });
  });

  it('reads JSON when the file name ends in .json', async () => {
    const file = writeFile('list.json', JSON.stringify([{ credit_code: code(30), name: '示例', region_code: '350102', industry_code: 'C13', registration_date: '2020-01-02', entity_type: 'company', status: 'active' }]));
    const result = await suiji('import', 'enterprises', file);
    expect(result).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('1 inserted') });
  });

  it('treats a missing file argument and an unknown encoding as usage mistakes', async () => {
    expect((await suiji('import', 'enterprises')).exitCode).toBe(2);
    expect((await suiji('import', 'enterprises', 'x.csv', '--encoding', 'latin1')).stderr).toContain('--encoding must be one of');
  });

  it('names the file it cannot read', async () => {
    const missing = path.join(workDir, 'missing.csv');
    expect(await suiji('import', 'enterprises', missing)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining(`${missing}: cannot read`) });
  });
});
