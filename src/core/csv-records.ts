/**
 * Splits CSV text (RFC 4180: comma-separated, double-quoted fields with `""` escapes,
 * CRLF or LF line ends) into records, keeping each record's first line number and raw
 * text. A malformed record is reported and skipped, and reading resumes on the next
 * line, so one bad quote costs one row, not the rest of the file. (csv-parse stops at the
 * first error, and its skip-on-error mode loses track of record boundaries afterwards.)
 */

import type { Language } from './language.ts';

export type CsvIssue =
  | { readonly code: 'quote_in_unquoted_field'; readonly column: number }
  | { readonly code: 'text_after_closing_quote'; readonly column: number }
  | { readonly code: 'unclosed_quote'; readonly column: number };

export type CsvRecord =
  | { readonly kind: 'record'; readonly line: number; readonly fields: string[]; readonly raw: string }
  | { readonly kind: 'malformed'; readonly line: number; readonly issue: CsvIssue; readonly raw: string };

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * One sentence for a CSV issue, in Chinese or English, e.g. for `FILE:LINE: reason` output.
 *
 * @example describeCsvIssue({ code: 'unclosed_quote', column: 2 }, 'zh') // '引号有误：第 2 列的引号没有闭合'
 */
export function describeCsvIssue(issue: CsvIssue, lang: Language): string {
  switch (issue.code) {
    case 'quote_in_unquoted_field':
      return lang === 'zh'
        ? `引号有误：第 ${issue.column} 列未加引号却含有双引号（请给整列加引号，并把其中的引号写两次："a ""b"" c"）`
        : `bad quote: a double quote inside unquoted field ${issue.column} (quote the whole field and double the inner quote: "a ""b"" c")`;
    case 'text_after_closing_quote':
      return lang === 'zh' ? `引号有误：第 ${issue.column} 列的闭合引号后还有文字` : `bad quote: text after the closing quote of field ${issue.column}`;
    case 'unclosed_quote':
      return lang === 'zh' ? `引号有误：第 ${issue.column} 列的引号没有闭合` : `bad quote: field ${issue.column} opens a quote that is never closed`;
  }
}

function endOfLine(text: string, from: number): number {
  const next = text.indexOf('\n', from);
  return next === -1 ? text.length : next + 1;
}

function stripLineEnd(raw: string): string {
  if (raw.endsWith('\r\n')) return raw.slice(0, -2);
  if (raw.endsWith('\n') || raw.endsWith('\r')) return raw.slice(0, -1);
  return raw;
}

/**
 * Yields the records of CSV text one by one, blank lines skipped. Lines are 1-based.
 *
 * @example [...readCsvRecords('a,b\n1,"x"\n')].map((r) => r.kind === 'record' && r.fields) // [['a','b'], ['1','x']]
 */
export function* readCsvRecords(text: string): Generator<CsvRecord> {
  const length = text.length;
  let position = 0;
  let line = 1;
  while (position < length) {
    const recordStart = position;
    const recordLine = line;
    const fields: string[] = [];
    let issue: CsvIssue | undefined;
    let recordEnd = -1;
    while (recordEnd === -1 && issue === undefined) {
      const column = fields.length + 1;
      if (text.charCodeAt(position) === QUOTE) {
        let value = '';
        let segmentStart = position + 1;
        let cursor = segmentStart;
        for (;;) {
          const closing = text.indexOf('"', cursor);
          if (closing === -1) {
            issue = { code: 'unclosed_quote', column };
            break;
          }
          if (text.charCodeAt(closing + 1) === QUOTE) {
            value += text.slice(segmentStart, closing + 1);
            segmentStart = closing + 2;
            cursor = segmentStart;
            continue;
          }
          value += text.slice(segmentStart, closing);
          for (let index = position; index < closing; index++) if (text.charCodeAt(index) === LF) line++;
          position = closing + 1;
          break;
        }
        if (issue) break;
        fields.push(value);
        const after = position < length ? text.charCodeAt(position) : -1;
        if (after === COMMA) position++;
        else if (after === -1 || after === LF || after === CR) recordEnd = position;
        else issue = { code: 'text_after_closing_quote', column };
      } else {
        let cursor = position;
        let code = -1;
        while (cursor < length) {
          code = text.charCodeAt(cursor);
          if (code === COMMA || code === LF || code === CR || code === QUOTE) break;
          cursor++;
        }
        if (cursor < length && code === QUOTE) {
          issue = { code: 'quote_in_unquoted_field', column };
          break;
        }
        fields.push(text.slice(position, cursor));
        if (cursor < length && code === COMMA) position = cursor + 1;
        else {
          position = cursor;
          recordEnd = cursor;
        }
      }
    }
    if (issue) {
      // Resume on the line after the one the record started on: a stray quote must not
      // swallow the rows after it.
      const resume = endOfLine(text, recordStart);
      line = recordLine + 1;
      position = resume;
      yield { kind: 'malformed', line: recordLine, issue, raw: stripLineEnd(text.slice(recordStart, resume)) };
      continue;
    }
    const raw = text.slice(recordStart, recordEnd);
    if (text.charCodeAt(recordEnd) === CR) position = recordEnd + 1;
    if (text.charCodeAt(position) === LF) position++;
    line++;
    if (fields.length === 1 && fields[0] === '' && raw === '') continue;
    yield { kind: 'record', line: recordLine, fields, raw };
  }
}

/**
 * The end of the last whole record in `text[from..]`: just after the last line feed outside
 * double quotes (`""` toggles twice, so counting quotes is enough), or 0 when there is none.
 * `insideQuotes` is the quote state at `from`; the state at the end is returned with it.
 */
function lastRecordEnd(text: string, from: number, insideQuotes: boolean): { end: number; insideQuotes: boolean } {
  if (!insideQuotes && text.indexOf('"', from) === -1) {
    const lineFeed = text.lastIndexOf('\n');
    return { end: lineFeed >= from ? lineFeed + 1 : 0, insideQuotes: false };
  }
  let inside = insideQuotes;
  let end = 0;
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) inside = !inside;
    else if (code === LF && !inside) end = index + 1;
  }
  return { end, insideQuotes: inside };
}

/**
 * Like `readCsvRecords`, over text that arrives in pieces (a decoded stream): records are
 * read once a line feed outside quotes closes them, so memory holds one piece and the
 * unfinished record, never the file. Text held back grows past `maxPendingLength` only if
 * one record does: it is then cut at its last line feed and read as it stands (an unclosed
 * quote is reported on its line). Line numbers are the file's.
 *
 * @example for await (const record of readCsvRecordStream(decodedChunks)) …
 */
export async function* readCsvRecordStream(texts: AsyncIterable<string>, maxPendingLength = 16 * 1024 * 1024): AsyncGenerator<CsvRecord> {
  let pending = '';
  let insideQuotes = false;
  let linesBefore = 0;
  function* readPiece(piece: string): Generator<CsvRecord> {
    for (const record of readCsvRecords(piece)) yield linesBefore === 0 ? record : { ...record, line: record.line + linesBefore };
    for (let index = piece.indexOf('\n'); index !== -1; index = piece.indexOf('\n', index + 1)) linesBefore++;
  }
  for await (const text of texts) {
    const scanned = pending.length;
    pending += text;
    const found = lastRecordEnd(pending, scanned, insideQuotes);
    insideQuotes = found.insideQuotes;
    let end = found.end;
    if (end === 0 && pending.length > maxPendingLength) {
      end = pending.lastIndexOf('\n') + 1;
      insideQuotes = lastRecordEnd(pending, end, false).insideQuotes;
    }
    if (end === 0) continue;
    // The quote state at the end does not depend on where the text is cut.
    const piece = pending.slice(0, end);
    pending = pending.slice(end);
    yield* readPiece(piece);
  }
  if (pending !== '') yield* readPiece(pending);
}
