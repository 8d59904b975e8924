import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, readCsvRecordStream } from '../../src/core/csv-records.ts';

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

describe('readCsvRecordStream', () => {
  async function* piecesOf(text: string, cuts: number[]): AsyncGenerator<string> {
    let start = 0;
    for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
      yield text.slice(start, cut);
      start = cut;
    }
    yield text.slice(start);
  }
  const fromStream = async (text: string, cuts: number[], maxPending?: number) => {
    const records = [];
    for await (const record of readCsvRecordStream(piecesOf(text, cuts), maxPending)) records.push(record);
    return records;
  };

  it('reads the same records, lines and raw text as the whole text, however the text is cut', async () => {
    const text = 'a,b\r\n1,"x\ny"\r\n\r\n2,"he said ""hi"""\n3,bad"quote\n4,"unclosed\n5,z\n';
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 8 }), async (cuts) => {
        expect(await fromStream(text, cuts)).toEqual([...readCsvRecords(text)]);
      }),
    );
  });

  it('cuts a record that outgrows the pending limit at its last line feed, so memory stays bounded', async () => {
    const text = `a,b\n1,"${'x'.repeat(50)}\n${'y'.repeat(50)}\n2,z\n`;
    const records = await fromStream(text, [10, 40, 70, 100], 60);
    expect(records[0]).toMatchObject({ kind: 'record', line: 1, fields: ['a', 'b'] });
    expect(records[1]).toMatchObject({ kind: 'malformed', line: 2, issue: { code: 'unclosed_quote' } });
  });
});
