import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../src/core/csv-records.ts';

describe('readCsvRecords (RFC 4180)', () => {
  it('reads quoted fields with escaped quotes, commas and line breaks, keeping the first line of each record', () => {
    const records = [...readCsvRecords('a,b,c\r\n1,"x, ""y""\nz",3\r\n4,5,6')];
    expect(records).toEqual([
      { kind: 'record', line: 1, fields: ['a', 'b', 'c'], raw: 'a,b,c' },
      { kind: 'record', line: 2, fields: ['1', 'x, "y"\nz', '3'], raw: '1,"x, ""y""\nz",3' },
      { kind: 'record', line: 4, fields: ['4', '5', '6'], raw: '4,5,6' },
    ]);
  });

  it('skips blank lines but counts them', () => {
    const records = [...readCsvRecords('a\n\n\nb\n')];
    expect(records.map((record) => record.line)).toEqual([1, 4]);
  });

  it('reports a quote inside an unquoted field and goes on with the next line', () => {
    const records = [...readCsvRecords('a,b\n1,2"x\n3,4\n')];
    expect(records[1]).toEqual({ kind: 'malformed', line: 2, issue: { code: 'quote_in_unquoted_field', column: 2 }, raw: '1,2"x' });
    expect(records[2]).toEqual({ kind: 'record', line: 3, fields: ['3', '4'], raw: '3,4' });
  });

  it('reports text after a closing quote', () => {
    const records = [...readCsvRecords('"1"x,2\n3,4\n')];
    expect(records[0]).toEqual({ kind: 'malformed', line: 1, issue: { code: 'text_after_closing_quote', column: 1 }, raw: '"1"x,2' });
    expect(records[1]?.line).toBe(2);
  });

  it('reports a quote that is never closed at the line it opens, and still reads the lines after it', () => {
    const records = [...readCsvRecords('a,b\n1,"open\n3,4\n5,6\n')];
    expect(records.slice(1)).toEqual([
      { kind: 'malformed', line: 2, issue: { code: 'unclosed_quote', column: 2 }, raw: '1,"open' },
      { kind: 'record', line: 3, fields: ['3', '4'], raw: '3,4' },
      { kind: 'record', line: 4, fields: ['5', '6'], raw: '5,6' },
    ]);
  });

  it('reads back any table written with RFC 4180 quoting', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '企', ',', '"', '\n', '\r\n', ' ') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((row) => row.map((value) => `"${value.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        const records = [...readCsvRecords(text)];
        expect(records.map((record) => record.kind === 'record' && record.fields)).toEqual(rows);
      }),
    );
  });
});
