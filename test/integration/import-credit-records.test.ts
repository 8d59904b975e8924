import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCreditRecords, type ImportCreditRecordsInput } from '../../src/application/import-credit-records.ts';
import { listEnterpriseRecords } from '../../src/persistence/credit-record-store.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { StoredCountMismatchError } from '../../src/persistence/stored-count.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { creditCode, csvBytes, importTestDirectory } from '../support/credit-fixtures.ts';
import { encodeGb18030 } from '../support/gb18030.ts';

const penaltyHeader = '统一社会信用代码,处罚决定书文号,处罚决定日期,违法行为,处罚种类,罚没金额（元）,首违不罚,来源';
const penalty = (n: number, number: string, date = '2024/3/1', extra: { severity?: string; amount?: string } = {}) =>
  [creditCode(n), number, date, '未按规定标明价格', extra.severity ?? '罚款', `"${extra.amount ?? '5,000'}"`, '否', '案件系统'].join(',');
/** GB 11643-1999's published example number (checksum valid), not a real person's. */
const sampleIdNumber = '11010519491231002X';

describe(`importCreditRecords on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
    await importTestDirectory(database, [{ n: 1 }, { n: 2 }, { n: 3 }]);
  });
  afterEach(async () => {
    await database.close();
  });

  const run = (input: Partial<ImportCreditRecordsInput> & { content: Uint8Array }) =>
    importCreditRecords(database, { format: 'csv', kind: 'penalty', ...input });
  const count = async (table: 'credit_records' | 'related_parties') =>
    Number(rowsOf<{ count: string | number }>(await database.db.execute(sql.raw(`select count(*) as count from ${table}`)))[0]!.count);

  it('imports penalties with Chinese headings, yuan amounts and dates', async () => {
    const report = await run({ content: csvBytes(penaltyHeader, penalty(1, '榕市监罚〔2024〕1号'), penalty(2, '榕市监罚〔2024〕2号', '2024年5月6日')) });
    expect(report).toEqual({ totalRows: 2, inserted: 2, updated: 0, rejected: [], rejectedRowCount: 0, applied: true, encoding: 'utf-8' });
    const [stored] = await listEnterpriseRecords(database.db, creditCode(1));
    expect(stored).toEqual({
      effectiveDate: '2024-03-01',
      record: {
        kind: 'penalty', creditCode: creditCode(1), decisionNumber: '榕市监罚〔2024〕1号', date: '2024-03-01', violation: '未按规定标明价格',
        severity: 'fine', amountFen: 500000, firstViolationExempt: false, minorViolationExempt: false, source: '案件系统',
      },
    });
  });

  it('fails and applies nothing when the database drops a record without an error', async () => {
    // A BEFORE trigger that skips one enterprise's records: the upsert succeeds, the row is not there.
    await database.db.execute(sql.raw('create function skip_record() returns trigger language plpgsql as $$ begin return null; end $$'));
    await database.db.execute(sql.raw(`create trigger skip_record before insert on credit_records for each row when (new.credit_code = '${creditCode(2)}') execute function skip_record()`));

    await expect(run({ content: csvBytes(penaltyHeader, penalty(1, '榕市监罚〔2024〕1号'), penalty(2, '榕市监罚〔2024〕2号')) })).rejects.toThrow(StoredCountMismatchError);

    expect(await count('credit_records')).toBe(0);
  });

  it('decodes a GB18030 file', async () => {
    const report = await run({ content: encodeGb18030(`${penaltyHeader}\r\n${penalty(1, '榕市监罚〔2024〕1号')}\r\n`) });
    expect(report).toMatchObject({ encoding: 'gb18030', inserted: 1 });
  });

  it('writes nothing when any row is rejected, and reports every rejected row with line, field and reason', async () => {
    const report = await run({
      content: csvBytes(
        penaltyHeader,
        penalty(1, 'A-1'),
        penalty(2, 'A-2', '2024-02-30'),
        penalty(3, 'A-3', '2024-01-01', { severity: '训诫' }),
        penalty(9, 'A-9'),
        penalty(1, 'A-1', '2024-04-04'),
      ),
    });
    expect(report.applied).toBe(false);
    expect(report.inserted).toBe(0);
    expect(report.rejected.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: 3, field: '处罚决定日期', reason: "'2024-02-30' is not a real calendar date" },
      { line: 4, field: '处罚种类', reason: expect.stringContaining("unknown value '训诫'") },
      { line: 5, field: '统一社会信用代码', reason: `no enterprise with credit code ${creditCode(9)} is in the directory (import the directory first)` },
      { line: 6, reason: 'the same penalty record as line 2 (same credit code and decision number)' },
    ]);
    expect(await count('credit_records')).toBe(0);
  });

  it('imports the valid rows with partial and reports the others', async () => {
    const report = await run({ partial: true, content: csvBytes(penaltyHeader, penalty(1, 'A-1'), penalty(2, 'A-2', 'soon'), penalty(9, 'A-9')) });
    expect(report).toMatchObject({ totalRows: 3, inserted: 1, applied: true });
    expect(report.rejected.map((row) => row.line)).toEqual([3, 4]);
    expect(await count('credit_records')).toBe(1);
  });

  it('is idempotent: the same file twice adds nothing, a changed record is updated in place', async () => {
    const first = csvBytes(penaltyHeader, penalty(1, 'A-1'), penalty(2, 'A-2'));
    await run({ content: first });
    expect(await run({ content: first })).toMatchObject({ inserted: 0, updated: 0, applied: true });
    expect(await run({ content: csvBytes(penaltyHeader, penalty(1, 'A-1', '2024/3/1', { amount: '8000' })) })).toMatchObject({ inserted: 0, updated: 1 });
    expect(await count('credit_records')).toBe(2);
  });

  it('rejects a file whose header it does not understand, naming the column', async () => {
    const report = await run({ content: csvBytes('统一社会信用代码,文号X', `${creditCode(1)},x`) });
    expect(report.applied).toBe(false);
    expect(report.rejected.map((row) => row.field)).toEqual(['文号X', 'source', 'decisionNumber', 'date', 'violation', 'severity']);
  });

  it('imports a JSON array of mixed kinds, with a kind per element', async () => {
    const records = [
      { kind: 'annual_report', creditCode: creditCode(1), source: '公示系统', year: 2023, filedDate: null },
      { kind: '经营异常名录', 统一社会信用代码: creditCode(2), 来源: '公示系统', 列入日期: '2024-07-01', 列入原因: '未按规定报送年度报告' },
      { kind: 'complaint', creditCode: creditCode(3), source: '12315', date: '2024-05-01', substantiated: true },
      { kind: 'honour', creditCode: creditCode(3), source: '市场监管局', type: '守合同重信用', date: '2024-01-01', fulfilled: '是' },
      { kind: 'nonsense', creditCode: creditCode(3) },
    ];
    const report = await run({ format: 'json', kind: undefined, partial: true, content: new TextEncoder().encode(JSON.stringify(records)) });
    expect(report).toMatchObject({ totalRows: 5, inserted: 4 });
    expect(report.rejected).toEqual([expect.objectContaining({ line: 5, field: 'kind' })]);
    const [report2023] = await listEnterpriseRecords(database.db, creditCode(1));
    expect(report2023).toMatchObject({ effectiveDate: '2024-06-30', record: { kind: 'annual_report', filedDate: null } });
  });

  it('stores related parties by keyed hash only: the ID number is neither stored nor reported', async () => {
    const header = '统一社会信用代码,身份证号,职务,任职日期,来源';
    const report = await run({
      kind: 'related_party_link',
      partial: true,
      content: csvBytes(header, `${creditCode(1)},${sampleIdNumber},法定代表人,2020-01-01,登记系统`, `${creditCode(2)},${sampleIdNumber},控股股东,2020-01-01,登记系统`, `${creditCode(3)},${sampleIdNumber},董事长,2020-01-01,登记系统`),
    });
    expect(report).toMatchObject({ inserted: 2 });
    expect(report.rejected).toEqual([expect.objectContaining({ line: 4, field: '职务' })]);
    expect(JSON.stringify(report)).not.toContain(sampleIdNumber);
    const hashes = rowsOf<{ person_hash: string }>(await database.db.execute(sql`select distinct person_hash from related_parties`));
    expect(hashes).toHaveLength(1);
    expect(hashes[0]!.person_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify(rowsOf(await database.db.execute(sql`select * from related_parties`)));
    expect(dump).not.toContain(sampleIdNumber);
    const [link] = await listEnterpriseRecords(database.db, creditCode(1));
    expect(link?.record).toMatchObject({ kind: 'related_party_link', personId: hashes[0]!.person_hash, role: 'legal_representative', date: '2020-01-01' });
  });

  it("blanks the ID number column in a rejected row's text, CSV and JSON, so it can be filled in again", async () => {
    const csvReport = await run({ kind: 'related_party_link', content: csvBytes('统一社会信用代码,身份证号,职务,任职日期,来源', `${creditCode(1)},${sampleIdNumber},董事长,2020-01-01,登记系统`) });
    expect(csvReport.rejected).toEqual([{ line: 2, field: '职务', reason: expect.any(String), reasonZh: expect.stringContaining('无法识别的值'), raw: `${creditCode(1)},,董事长,2020-01-01,登记系统` }]);
    const element = { kind: 'related_party_link', credit_code: creditCode(1), id_number: sampleIdNumber, role: '董事长', date: '2020-01-01', source: 'x' };
    const jsonReport = await run({ format: 'json', kind: undefined, content: new TextEncoder().encode(JSON.stringify([element])) });
    expect(jsonReport.rejected).toEqual([expect.objectContaining({ line: 1, field: 'role' })]);
    expect(JSON.parse(jsonReport.rejected[0]!.raw!)).toEqual({ ...element, id_number: '' });
    expect(JSON.stringify([csvReport, jsonReport])).not.toContain(sampleIdNumber);
  });

  it('blanks an ID number in a row the directory does not know, rejected only when its batch is written', async () => {
    const report = await run({ kind: 'related_party_link', content: csvBytes('credit_code,id_number,role,date,source', `${creditCode(9)},${sampleIdNumber},法定代表人,2020-01-01,x`) });
    expect(report.rejected).toEqual([expect.objectContaining({ line: 2, field: 'credit_code', raw: `${creditCode(9)},,法定代表人,2020-01-01,x` })]);
  });

  it('rejects an ID number whose GB 11643 check character is wrong, without echoing it', async () => {
    const report = await run({ kind: 'related_party_link', content: csvBytes('credit_code,id_number,role,date,source', `${creditCode(1)},110105194912310021,legal_representative,2020-01-01,x`) });
    expect(report.rejected).toEqual([expect.objectContaining({ line: 2, field: 'id_number', reason: expect.stringContaining('GB 11643') })]);
    expect(JSON.stringify(report)).not.toContain('110105194912310021');
  });
});
