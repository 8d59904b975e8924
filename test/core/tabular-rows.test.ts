import { describe, expect, it } from 'vitest';
import { createHeadingTable } from '../../src/core/column-headings.ts';
import { isBlankedCreditRecordHeading } from '../../src/core/credit-record-row.ts';
import { blankCsvColumns, blankJsonKeys, readCsvTableRows, readJsonArray, type SourceRow } from '../../src/core/tabular-rows.ts';

// Quoting and re-serialising follow RFC 4180 (fields with a comma, quote or line break are
// quoted, inner quotes doubled).
describe('blankCsvColumns', () => {
  it('empties the given columns and re-serialises the record, quoting only what RFC 4180 requires', () => {
    expect(blankCsvColumns('张三,"示例,""甲""公司",13800138000', new Set([0, 2]), 3)).toBe(',"示例,""甲""公司",');
  });

  it('blanks a quoted field that spans lines', () => {
    expect(blankCsvColumns('a,"第一行\n第二行",c', new Set([1]), 3)).toBe('a,,c');
  });

  it('returns the text as it is when no column is blanked', () => {
    expect(blankCsvColumns('a,"b",c', new Set(), 3)).toBe('a,"b",c');
  });

  it('shows nothing of a record that does not split into the expected columns', () => {
    expect(blankCsvColumns('a,张三,c,extra', new Set([1]), 3)).toBeUndefined();
    expect(blankCsvColumns('a,张三', new Set([1]), 3)).toBeUndefined();
    expect(blankCsvColumns('a,张"三,c', new Set([1]), 3)).toBeUndefined();
  });
});

describe('blankJsonKeys', () => {
  it("empties the chosen keys' values and keeps the element's shape", () => {
    expect(blankJsonKeys({ name: '示例', 法定代表人: '张三', 注册资本: 100 }, (key) => key !== 'name')).toBe('{"name":"示例","法定代表人":"","注册资本":""}');
  });

  it('writes a value that is not an object as it is', () => {
    expect(blankJsonKeys(['张三'], () => true)).toBe('["张三"]');
    expect(blankJsonKeys('text', () => true)).toBe('"text"');
  });
});

describe('rejected rows never show the blanked columns', () => {
  const table = createHeadingTable({ code: ['code'], name: ['name'] }, ['code', 'name'], { ignoreUnknown: true });
  const isUnknown = (heading: string) => !table.fieldByHeading.has(heading);
  const read = (text: string) => [...readCsvTableRows(text, table, undefined, isUnknown)] as SourceRow<'code' | 'name'>[];

  it("blanks a readable row's skipped columns in its raw text, and only there", () => {
    const [row] = read('code,法定代表人,name\nA1,张三,示例公司\n');
    expect(row).toMatchObject({ kind: 'row', values: { code: 'A1', name: '示例公司' } });
    expect(row?.kind === 'row' && row.raw).toBe('A1,,示例公司');
  });

  it('withholds the text of a row with the wrong column count or a bad quote, and says so in both languages', () => {
    const rows = read('code,法定代表人,name\nA1,张三,示例,公司\nA2,"张三,示例公司\n');
    const rejected = rows.flatMap((row) => (row.kind === 'rejected' ? row.rejected : []));
    expect(rejected).toHaveLength(2);
    for (const rejection of rejected) {
      expect(rejection.raw).toBeUndefined();
      expect(rejection.reasonZh).toContain('原文未显示');
      expect(rejection.reason).toContain('row text withheld');
      expect(JSON.stringify(rejection)).not.toContain('张三');
    }
  });

  it('keeps the text of a row with the wrong column count when no column is blanked', () => {
    const [row] = [...readCsvTableRows('code,name\nA1,示例,公司\n', table)];
    expect(row?.kind === 'rejected' && row.rejected[0]?.raw).toBe('A1,示例,公司');
  });

  it('blanks the chosen keys of a JSON element', () => {
    const [element] = [...readJsonArray(JSON.stringify([{ code: 'A1', 法定代表人: '张三' }]), { zh: '对象', en: 'objects' }, isUnknown)];
    expect(element).toMatchObject({ kind: 'element', value: { 法定代表人: '张三' }, raw: '{"code":"A1","法定代表人":""}' });
  });
});

describe('isBlankedCreditRecordHeading', () => {
  it('blanks ID number columns in every heading spelling', () => {
    for (const heading of ['身份证号', '身份证号码', '证件号码', 'id_number', 'idNumber']) expect(isBlankedCreditRecordHeading(heading)).toBe(true);
  });

  it('blanks headings no record kind knows, and shows known ones and the JSON kind', () => {
    expect(isBlankedCreditRecordHeading('法定代表人姓名')).toBe(true);
    for (const heading of ['统一社会信用代码', '处罚决定书文号', 'person_id', '职务', 'kind']) expect(isBlankedCreditRecordHeading(heading)).toBe(false);
  });
});
