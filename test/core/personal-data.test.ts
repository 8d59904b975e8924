import { describe, expect, it } from 'vitest';
import { findPersonalData, publishableName } from '../../src/core/personal-data.ts';
import { toExcelCsv } from '../../src/core/csv-export.ts';

describe('findPersonalData', () => {
  it('finds ID numbers (GB 11643-1999 shape) and mobile numbers anywhere in a record', () => {
    expect(findPersonalData({ a: [{ note: '身份证11010519491231002X' }], b: '电话 13912345678', c: '91350100M000100Y43' })).toEqual([
      { kind: 'id_number', path: 'a[0].note' },
      { kind: 'mobile_number', path: 'b' },
    ]);
  });

  it('does not take a credit code, a date or a decision number for personal data', () => {
    expect(findPersonalData({ code: '913501020000000015', date: '2026-10-31', decision: '闽市监罚〔2026〕13号', amount: 12345678901234 })).toEqual([]);
  });
});

describe('publishableName', () => {
  it("publishes a company's name but never a sole trader's (often its owner's own name)", () => {
    expect(publishableName({ name: '福州示例有限公司', entityType: 'company' })).toBe('福州示例有限公司');
    expect(publishableName({ name: '张三', entityType: 'sole_trader' })).toBe('');
    expect(publishableName(undefined)).toBe('');
  });
});

describe('toExcelCsv (RFC 4180)', () => {
  it('starts with a UTF-8 BOM, ends lines with CRLF, quotes commas, quotes and newlines, and defuses formulas', () => {
    const text = toExcelCsv(['企业名称', '事由'], [['某"甲",公司', '第一行\n第二行'], ['=HYPERLINK("x")', null]]);
    expect(text).toBe('\uFEFF企业名称,事由\r\n"某""甲"",公司","第一行\n第二行"\r\n"\'=HYPERLINK(""x"")",\r\n');
  });
});
