import { asc, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDirectory, type ImportDirectoryInput, type ImportProgress } from '../../src/application/import-directory.ts';
import { computeCreditCodeCheckCharacter } from '../../src/core/credit-code.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { enterprises } from '../../src/persistence/schema/index.ts';
import { StoredCountMismatchError } from '../../src/persistence/stored-count.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { encodeGb18030 } from '../support/gb18030.ts';

/** A valid credit code whose organisation part is the number n. */
function code(n: number): string {
  const first17 = `91350102${String(n).padStart(9, '0')}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

const chineseHeader = '统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记';
const englishHeader = 'credit_code,name,region_code,industry_code,registration_date,entity_type,status,flags';

function row(n: number, overrides: { name?: string; date?: string; status?: string; flags?: string } = {}): string {
  return [code(n), overrides.name ?? `福州示例${n}有限公司`, '350102', 'F5211', overrides.date ?? '2020/1/2', '有限责任公司', overrides.status ?? '存续', overrides.flags ?? '食品'].join(',');
}

function csv(...lines: string[]): Uint8Array {
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

describe(`importDirectory on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  const stored = () => database.db.select().from(enterprises).orderBy(asc(enterprises.creditCode));
  const run = (input: Partial<ImportDirectoryInput> & Pick<ImportDirectoryInput, 'content'>) => importDirectory(database, { format: 'csv', ...input });

  it('imports a CSV with Chinese headings and values', async () => {
    const report = await run({ content: csv(chineseHeader, row(1), row(2, { date: '2021年12月31日', status: '吊销，未注销', flags: '新业态；特种设备' })) });
    expect(report).toEqual({ totalRows: 2, inserted: 2, updated: 0, rejected: [], rejectedRowCount: 0, applied: true, encoding: 'utf-8' });
    const rows = await stored();
    expect(rows.map((enterprise) => [enterprise.creditCode, enterprise.registrationDate, enterprise.entityType, enterprise.status, enterprise.flags])).toEqual([
      [code(1), '2020-01-02', 'company', 'active', ['food']],
      [code(2), '2021-12-31', 'company', 'revoked', ['new_business_form', 'special_equipment']],
    ]);
  });

  it('detects and decodes a GB18030 file', async () => {
    const report = await run({ content: encodeGb18030(`${chineseHeader}\r\n${row(1)}\r\n`) });
    expect(report.encoding).toBe('gb18030');
    expect(report.inserted).toBe(1);
    expect((await stored())[0]?.name).toBe('福州示例1有限公司');
  });

  it('decodes GB18030 when the flag says so', async () => {
    const report = await run({ content: encodeGb18030(`${chineseHeader}\n${row(1)}\n`), encoding: 'gb18030' });
    expect(report).toMatchObject({ encoding: 'gb18030', inserted: 1 });
  });

  it('reads a UTF-8 file that starts with a byte order mark', async () => {
    const body = csv(chineseHeader, row(1));
    const report = await run({ content: new Uint8Array([0xef, 0xbb, 0xbf, ...body]) });
    expect(report).toMatchObject({ encoding: 'utf-8', inserted: 1, rejected: [] });
  });

  it('updates existing enterprises by credit code, and a second identical import changes nothing', async () => {
    await run({ content: csv(englishHeader, row(1), row(2)) });
    const changed = await run({ content: csv(englishHeader, row(1, { status: '注销' }), row(2), row(3)) });
    expect(changed).toMatchObject({ inserted: 1, updated: 1, applied: true });
    const again = await run({ content: csv(englishHeader, row(1, { status: '注销' }), row(2), row(3)) });
    expect(again).toMatchObject({ totalRows: 3, inserted: 0, updated: 0, applied: true });
    expect((await stored()).map((enterprise) => enterprise.status)).toEqual(['deregistered', 'active', 'active']);
  });

  describe('malformed input', () => {
    const tenMegabytes = 'x'.repeat(10 * 1024 * 1024);
    const malformed = csv(
      chineseHeader,
      row(1),
      `${row(2)},extra`,
      `${code(3)},"福州"示例",350102,F5211,2020/1/2,有限责任公司,存续,`,
      row(4).replace(code(4), `${code(4).slice(0, 17)}${code(4)[17] === '0' ? '1' : '0'}`),
      row(1, { name: '重复的企业' }),
      row(5, { date: '02.01.2020' }),
      row(6, { name: tenMegabytes }),
      row(7),
    );
    const expectedRejections = [
      { line: 3, reason: 'wrong column count: expected 8, got 9' },
      { line: 4, field: '企业名称', reason: expect.stringContaining('bad quote') },
      { line: 5, field: '统一社会信用代码', reason: expect.stringContaining('check character') },
      { line: 6, field: '统一社会信用代码', reason: `duplicate credit code ${code(1)}: already on line 2` },
      { line: 7, field: '成立日期', reason: expect.stringContaining("unknown date format '02.01.2020'") },
      { line: 8, field: '企业名称', reason: `too long: ${tenMegabytes.length} characters, at most 200` },
    ];

    it('rejects every bad row with its line, field and reason and leaves the database unchanged', async () => {
      await run({ content: csv(chineseHeader, row(1, { name: '导入前的名称' })) });
      const before = await stored();
      const report = await run({ content: malformed });
      expect(report.rejected).toEqual(expectedRejections.map((rejection) => expect.objectContaining(rejection)));
      expect(report).toMatchObject({ totalRows: 8, inserted: 0, updated: 0, applied: false });
      expect(await stored()).toEqual(before);
    });

    it('with partial, applies exactly the valid rows and reports the others', async () => {
      const report = await run({ content: malformed, partial: true });
      expect(report.rejected).toEqual(expectedRejections.map((rejection) => expect.objectContaining(rejection)));
      expect(report).toMatchObject({ totalRows: 8, inserted: 2, updated: 0, applied: true });
      expect((await stored()).map((enterprise) => enterprise.creditCode)).toEqual([code(1), code(7)]);
    });

    it('keeps the original text of a rejected row for the rejects file', async () => {
      const report = await run({ content: csv(englishHeader, row(1, { date: '2020-02-30' })), partial: true });
      expect(report.rejected).toEqual([
        { line: 2, field: 'registration_date', reason: "'2020-02-30' is not a real calendar date", reasonZh: '“2020-02-30”不是真实存在的日期', raw: row(1, { date: '2020-02-30' }) },
      ]);
    });

    it('skips columns it does not keep, names them in the report, and never stores their values', async () => {
      const report = await run({ content: csv(`法定代表人,${chineseHeader},联系电话`, `张三,${row(1)},13800138000`) });
      expect(report).toMatchObject({ applied: true, inserted: 1, rejected: [], ignoredColumns: ['法定代表人', '联系电话'] });
      const saved = await stored();
      expect(saved.map((enterprise) => enterprise.creditCode)).toEqual([code(1)]);
      expect(JSON.stringify(saved)).not.toMatch(/张三|13800138000/);
    });

    it("blanks the columns it does not keep in a rejected row's text, so no report shows 法定代表人 or 联系电话", async () => {
      const report = await run({ content: csv(`法定代表人,${chineseHeader},联系电话`, `张三,${row(1, { date: '2020-02-30' })},13800138000`, `李四,${row(2)},13900139000,多出一列`), partial: true });
      expect(report.rejected).toEqual([
        { line: 2, field: '成立日期', reason: "'2020-02-30' is not a real calendar date", reasonZh: '“2020-02-30”不是真实存在的日期', raw: `,${row(1, { date: '2020-02-30' })},` },
        { line: 3, reason: expect.stringContaining('row text withheld'), reasonZh: expect.stringContaining('原文未显示') },
      ]);
      expect(JSON.stringify(report)).not.toMatch(/张三|李四|13800138000|13900139000/);
    });

    it('rejects a file without a required column', async () => {
      const report = await run({ content: csv('统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型', row(1).split(',').slice(0, 6).join(',')) });
      expect(report.rejected).toEqual([{ line: 1, field: 'status', reason: expect.stringContaining('missing column status'), reasonZh: expect.stringContaining('缺少“登记状态”列') }]);
    });
  });

  describe('JSON', () => {
    const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const element = (n: number) => ({
      统一社会信用代码: code(n),
      企业名称: `福州示例${n}有限公司`,
      所属行政区划: 350102,
      所属行业: 'F5211',
      成立日期: '2023-03-14',
      市场主体类型: '个体工商户',
      经营状态: '在业',
      flags: ['food', '药品'],
    });

    it('skips keys it does not keep in JSON elements, naming each once', async () => {
      const report = await run({ format: 'json', content: json([{ ...element(1), 法定代表人: '李四' }, { ...element(2), 法定代表人: '王五', 注册资本: '100万' }]) });
      expect(report).toMatchObject({ inserted: 2, rejected: [], ignoredColumns: ['法定代表人', '注册资本'] });
      expect(JSON.stringify(await stored())).not.toMatch(/李四|王五/);
    });

    it("blanks the keys it does not keep in a rejected element's text", async () => {
      const report = await run({ format: 'json', content: json([{ ...element(1), 成立日期: '2023-02-30', 法定代表人: '李四', 联系电话: '13800138000' }]) });
      expect(report.rejected).toEqual([expect.objectContaining({ line: 1, field: '成立日期' })]);
      expect(JSON.parse(report.rejected[0]!.raw!)).toEqual({ ...element(1), 成立日期: '2023-02-30', 法定代表人: '', 联系电话: '' });
      expect(JSON.stringify(report)).not.toMatch(/李四|13800138000/);
    });

    it('imports an array of objects with Chinese or English keys', async () => {
      const report = await run({ format: 'json', content: json([element(1), element(2)]) });
      expect(report).toMatchObject({ totalRows: 2, inserted: 2, rejected: [] });
      expect((await stored())[0]).toMatchObject({ regionCode: '350102', entityType: 'sole_trader', status: 'active', flags: ['food', 'drugs'] });
    });

    it('reports a bad element by its 1-based index', async () => {
      const report = await run({ format: 'json', content: json([element(1), { ...element(2), 成立日期: '14/03/2023' }, 'not an object']), partial: true });
      expect(report.rejected).toEqual([
        expect.objectContaining({ line: 2, field: '成立日期' }),
        expect.objectContaining({ line: 3, reason: 'expected an object with the enterprise fields' }),
      ]);
      expect(report.inserted).toBe(1);
    });

    it('rejects text that is not JSON', async () => {
      const report = await run({ format: 'json', content: new TextEncoder().encode('[{"a": ') });
      expect(report).toMatchObject({ applied: false, rejected: [{ line: 0, reason: expect.stringContaining('invalid JSON') }] });
    });
  });

  it('fails and applies nothing when the database drops a row without an error', async () => {
    // A BEFORE trigger that skips one enterprise: the upsert succeeds, the row is not there.
    await database.db.execute(sql.raw('create function skip_enterprise() returns trigger language plpgsql as $$ begin return null; end $$'));
    await database.db.execute(sql.raw(`create trigger skip_enterprise before insert on enterprises for each row when (new.credit_code = '${code(2)}') execute function skip_enterprise()`));

    await expect(run({ content: csv(chineseHeader, row(1), row(2), row(3)) })).rejects.toThrow(StoredCountMismatchError);

    expect(await stored()).toEqual([]);
  });

  it('imports a GB18030 file streamed in 7-byte chunks, quoted fields and duplicates included', async () => {
    const bytes = encodeGb18030(`${chineseHeader}\r\n${row(1)}\r\n${row(2, { name: '福州"引号"公司' }).replace('福州"引号"公司', '"福州""引号"",公司"')}\r\n${row(1)}\r\n`);
    async function* chunks() {
      for (let start = 0; start < bytes.length; start += 7) yield bytes.subarray(start, start + 7);
    }
    const streamed = await run({ content: chunks(), partial: true });
    expect(streamed).toMatchObject({ totalRows: 3, inserted: 2, encoding: 'gb18030', rejected: [{ line: 4, reason: `duplicate credit code ${code(1)}: already on line 2` }] });
    expect((await stored()).map((enterprise) => enterprise.name)).toEqual(['福州示例1有限公司', '福州"引号",公司']);
  });

  it('refuses a file over the row limit whole, writing nothing', async () => {
    const report = await run({ content: csv(chineseHeader, row(1), row(2), row(3)), rowLimit: 2, partial: true });
    expect(report).toMatchObject({ applied: false, inserted: 0, rejected: [{ line: 4, reason: expect.stringContaining('IMPORT_MAX_ROWS') }] });
    expect(await stored()).toEqual([]);
  });

  it('lists the first 100 rejected rows, counts them all and hands every one to the rejects sink', async () => {
    const lines = Array.from({ length: 150 }, (_, index) => row(index + 1, { date: 'never' }));
    const sunk: number[] = [];
    let header = '';
    const report = await importDirectory(
      database,
      { format: 'csv', content: csv(englishHeader, ...lines, row(1)) },
      { rejects: { header: (raw) => (header = raw), add: (rejections) => sunk.push(...rejections.map((rejection) => rejection.line)) } },
    );
    expect(report).toMatchObject({ totalRows: 151, rejectedRowCount: 150, applied: false });
    expect(report.rejected.map((rejection) => rejection.line)).toEqual(Array.from({ length: 100 }, (_, index) => index + 2));
    expect(sunk).toEqual(Array.from({ length: 150 }, (_, index) => index + 2));
    expect(header).toBe(englishHeader);
  });

  it('reports progress as batches are written, with the rows rejected and the bytes read', async () => {
    const lines = Array.from({ length: 12_000 }, (_, index) => row(index + 1));
    const progress: ImportProgress[] = [];
    const content = csv(englishHeader, ...lines);
    const report = await importDirectory(database, { format: 'csv', content }, { onProgress: (update) => progress.push(update) });
    expect(report.inserted).toBe(12_000);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ rowsRead: 12_000, rowsWritten: 12_000, rowsRejected: 0, bytesRead: content.length });
    expect(progress.map((update) => update.rowsWritten)).toEqual([...progress.map((update) => update.rowsWritten)].sort((a, b) => a - b));
  });

  it('lets the event loop turn after every batch staged and every chunk applied, 2,000 rows each on PGlite (issue 12: the portal answers during an import)', async () => {
    let turns = 0;
    let counting = true;
    const turn = () => {
      turns++;
      if (counting) setImmediate(turn);
    };
    setImmediate(turn);
    const turnsAtProgress: number[] = [];
    const lines = Array.from({ length: 12_000 }, (_, index) => row(index + 1));
    const report = await importDirectory(database, { format: 'csv', content: csv(englishHeader, ...lines) }, { onProgress: () => turnsAtProgress.push(turns) });
    counting = false;
    expect(report.inserted).toBe(12_000);
    // PGlite runs each statement on this thread: 6 batches staged (and the empty last one), 7 chunks of lines 0 to 12,001 applied.
    expect(turnsAtProgress.length).toBe(testDatabaseKind === 'pglite' ? 14 : 3);
    for (let index = 1; index < turnsAtProgress.length; index++) expect(turnsAtProgress[index]).toBeGreaterThan(turnsAtProgress[index - 1] as number);
  });
});
