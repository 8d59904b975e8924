/**
 * Rows of an imported CSV file with a header row, mapped onto fields, and the rejected-row
 * reports every import gives: line, field (in the file's own heading) and reason.
 */
import { describeColumnIssue, mapColumns, unknownHeadings, type ColumnIssue, type HeadingTable } from './column-headings.ts';
import { quoteCsvField } from './csv-export.ts';
import { describeCsvIssue, readCsvRecords, type CsvRecord } from './csv-records.ts';
import { bilingualReason, type BilingualReason, type Language } from './language.ts';

export interface RejectedRow extends BilingualReason {
  /**
   * 1-based line in the file (CSV) or 1-based index of the element (JSON). A problem with
   * the file as a whole (a bad CSV header is line 1) is at line 0 for JSON, e.g. invalid JSON.
   */
  readonly line: number;
  /** The column / property the problem is in, when it is in one. */
  readonly field?: string;
  /**
   * The row's original text, so a rejects file can be fixed and re-imported, with the
   * columns the import never keeps (personal ones) blanked; absent when the row could not be
   * split into its columns and so could not be blanked safely.
   */
  readonly raw?: string;
}

/** The heading a field has in this file, for messages in the file's own words. */
export type HeadingOf<Field extends string> = (field: Field) => string;

/** Why a rejected row comes without its text. */
const RAW_WITHHELD = {
  zh: '原文未显示：该行无法分列，可能含不保存的个人信息列',
  en: 'row text withheld: it cannot be split into columns and may hold personal columns that are never kept',
} as const;

/** What the elements of a JSON import should be, in both languages (e.g. 企业对象 / enterprise objects). */
type ElementDescription = Readonly<Record<Language, string>>;

/**
 * A raw CSV record (RFC 4180) with the given columns (0-based) emptied and re-serialised,
 * so a rejection report never shows columns the import does not keep (法定代表人, ID
 * numbers...). Undefined when the text does not split into exactly `columnCount` fields
 * (a bad quote, a missing or extra comma): then which text sits in which column is unknown
 * and none of it may be shown. With no columns to blank the text is returned as it is.
 *
 * @example blankCsvColumns('91350100M000100Y43,"示例,公司",张三', new Set([2]), 3) // '91350100M000100Y43,"示例,公司",'
 */
export function blankCsvColumns(raw: string, columns: ReadonlySet<number>, columnCount: number): string | undefined {
  if (columns.size === 0) return raw;
  const records = readCsvRecords(raw);
  const first = records.next();
  if (first.done || first.value.kind !== 'record' || first.value.fields.length !== columnCount || !records.next().done) return undefined;
  return first.value.fields.map((field, index) => (columns.has(index) ? '' : quoteCsvField(field))).join(',');
}

/**
 * A JSON element's text with the values of the keys `isBlanked` picks emptied (`""`, so the
 * element keeps its shape and can be fixed and imported again). Only an object's own keys
 * are looked at; any other value is written as it is.
 *
 * @example blankJsonKeys({ name: '示例公司', 法定代表人: '张三' }, (key) => key === '法定代表人') // '{"name":"示例公司","法定代表人":""}'
 */
export function blankJsonKeys(value: unknown, isBlanked: (key: string) => boolean): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
  return JSON.stringify(Object.fromEntries(Object.entries(value).map(([key, element]) => [key, isBlanked(key) ? '' : element])));
}

/** A rejection with the row's blanked text, or without text and with a reason saying why. */
function withShownRaw(rejection: Omit<RejectedRow, 'raw'>, shown: string | undefined): RejectedRow {
  return shown === undefined
    ? { ...rejection, reason: `${rejection.reason} (${RAW_WITHHELD.en})`, reasonZh: `${rejection.reasonZh}（${RAW_WITHHELD.zh}）` }
    : { ...rejection, raw: shown };
}

/** A row of the file before validation, or the problems that stop the whole file. */
export type SourceRow<Field extends string, Value = string> =
  | {
      readonly kind: 'row';
      readonly line: number;
      readonly values: Partial<Record<Field, Value>>;
      readonly headingOf: HeadingOf<Field>;
      readonly raw: string;
    }
  | { readonly kind: 'rejected'; readonly line: number; readonly rejected: readonly RejectedRow[] }
  | { readonly kind: 'unreadable'; readonly rejected: readonly RejectedRow[] };

/**
 * Rejections for the problems of a header (or of a JSON element's keys).
 *
 * @example columnRejections(table, 1, issues, (column) => headings[column - 1])
 */
export function columnRejections<Field extends string>(
  table: HeadingTable<Field>,
  line: number,
  issues: readonly ColumnIssue<Field>[],
  headingOfColumn: (column: number) => string | undefined,
): RejectedRow[] {
  return issues.map((issue) => ({
    line,
    ...(issue.code === 'missing_column' ? { field: issue.field } : { field: headingOfColumn(issue.column) ?? '' }),
    ...bilingualReason((lang) => describeColumnIssue(table, issue, lang)),
  }));
}

/**
 * The heading lookup of a mapped header: a field's heading in the file, or its first
 * accepted heading when the file has no such column.
 */
export function headingLookup<Field extends string>(table: HeadingTable<Field>, mapping: readonly Field[], headings: readonly string[]): HeadingOf<Field> {
  const byField = new Map<Field, string>();
  mapping.forEach((field, index) => byField.set(field, headings[index] as string));
  return (field) => byField.get(field) ?? table.headings[field][0] ?? field;
}

/**
 * Turns CSV records into rows by field, the first record being the header: a reader that
 * takes the records one at a time, so a file can be read whole or as a stream. A bad header
 * makes the whole file unreadable (and every later record is ignored); a malformed row or
 * one with the wrong column count is rejected alone. `end()` says what an empty file is.
 *
 * @example const reader = csvTableRowReader(table); for (const record of readCsvRecords(text)) reader.read(record)
 */
export function csvTableRowReader<Field extends string>(
  table: HeadingTable<Field>,
  /** Receives the headings of skipped columns, when the table ignores unknown headings. */
  ignoredHeadings?: Set<string>,
  /** Picks the columns (by heading) whose values a rejected row's `raw` must not show. */
  isBlankedHeading?: (heading: string) => boolean,
): { read(record: CsvRecord): SourceRow<Field> | undefined; end(): SourceRow<Field> | undefined; readonly header: string | undefined } {
  let header: { headings: string[]; mapping: Field[]; headingOf: HeadingOf<Field>; shown: (raw: string) => string | undefined; raw: string } | undefined;
  let state: 'header' | 'rows' | 'unreadable' = 'header';
  const readHeader = (record: CsvRecord): SourceRow<Field> | undefined => {
    state = 'unreadable';
    if (record.kind === 'malformed') {
      return { kind: 'unreadable', rejected: [{ line: record.line, ...bilingualReason((lang) => `${lang === 'zh' ? '表头：' : 'header: '}${describeCsvIssue(record.issue, lang)}`), raw: record.raw }] };
    }
    const headings = record.fields.map((heading) => heading.trim());
    const mapped = mapColumns(table, headings);
    if (!mapped.ok) return { kind: 'unreadable', rejected: columnRejections(table, record.line, mapped.error, (column) => headings[column - 1]) };
    for (const heading of unknownHeadings(table, headings)) ignoredHeadings?.add(heading);
    const blankedColumns = new Set(headings.flatMap((heading, index) => (isBlankedHeading?.(heading) ? [index] : [])));
    header = {
      headings,
      mapping: mapped.value,
      headingOf: headingLookup(table, mapped.value, headings),
      shown: (raw) => blankCsvColumns(raw, blankedColumns, headings.length),
      raw: record.raw,
    };
    state = 'rows';
    return undefined;
  };
  const readRow = (record: CsvRecord, { headings, mapping, headingOf, shown }: NonNullable<typeof header>): SourceRow<Field> => {
    if (record.kind === 'malformed') {
      const field = mapping[record.issue.column - 1];
      const rejection = { line: record.line, ...(field ? { field: headingOf(field) } : {}), ...bilingualReason((lang) => describeCsvIssue(record.issue, lang)) };
      return { kind: 'rejected', line: record.line, rejected: [withShownRaw(rejection, shown(record.raw))] };
    }
    if (record.fields.length !== headings.length) {
      const rejection = {
        line: record.line,
        reason: `wrong column count: expected ${headings.length}, got ${record.fields.length}`,
        reasonZh: `列数不对：应为 ${headings.length} 列，实为 ${record.fields.length} 列`,
      };
      return { kind: 'rejected', line: record.line, rejected: [withShownRaw(rejection, shown(record.raw))] };
    }
    const values: Partial<Record<Field, string>> = {};
    mapping.forEach((field, index) => {
      values[field] = record.fields[index];
    });
    return {
      kind: 'row',
      line: record.line,
      values,
      headingOf,
      // Blanked only when read (for a rejection): most rows are never rejected. The record
      // split into the header's column count, so blanking cannot fail.
      get raw() {
        return shown(record.raw) ?? '';
      },
    };
  };
  return {
    read: (record) => (state === 'header' ? readHeader(record) : state === 'rows' && header ? readRow(record, header) : undefined),
    end: () => (state === 'header' ? { kind: 'unreadable', rejected: [{ line: 1, reason: 'the file is empty: expected a header row', reasonZh: '文件是空的：第一行应为表头' }] } : undefined),
    /** The header's text as in the file (personal columns included: they are headings, not values). */
    get header() {
      return header?.raw;
    },
  };
}

/**
 * Reads CSV text whose first row is a header, yielding each row's values by field (see
 * `csvTableRowReader`).
 *
 * @example for (const row of readCsvTableRows(text, table)) if (row.kind === 'row') row.values.creditCode
 */
export function* readCsvTableRows<Field extends string>(
  text: string,
  table: HeadingTable<Field>,
  ignoredHeadings?: Set<string>,
  isBlankedHeading?: (heading: string) => boolean,
): Generator<SourceRow<Field>> {
  const reader = csvTableRowReader(table, ignoredHeadings, isBlankedHeading);
  for (const record of readCsvRecords(text)) {
    const row = reader.read(record);
    if (row) yield row;
    if (row?.kind === 'unreadable') return;
  }
  const ending = reader.end();
  if (ending) yield ending;
}

/** What reading a file has come across so far, besides the rows handed on. */
export interface RowTally {
  totalRows: number;
  /** The file as a whole could not be read (bad header, invalid JSON). */
  unreadable: boolean;
  readonly rejected: RejectedRow[];
}

/**
 * The rows fit to validate, counting every row and collecting the rejected ones in `tally`;
 * stops at a problem that makes the whole file unreadable.
 *
 * @example for (const row of readableRows(readCsvTableRows(text, table), tally)) validate(row.values)
 */
export function* readableRows<Row extends { readonly kind: 'row' } | { readonly kind: 'rejected' | 'unreadable'; readonly rejected: readonly RejectedRow[] }>(rows: Iterable<Row>, tally: RowTally): Generator<Extract<Row, { kind: 'row' }>> {
  for (const row of rows) {
    if (row.kind === 'unreadable') {
      tally.rejected.push(...row.rejected);
      tally.unreadable = true;
      return;
    }
    tally.totalRows++;
    if (row.kind === 'rejected') tally.rejected.push(...row.rejected);
    else yield row as Extract<Row, { kind: 'row' }>;
  }
}

/**
 * The elements of a JSON array document with their 1-based index and text, or the reason
 * the document is not one (`describing` says what the elements should be).
 *
 * @example for (const element of readJsonArray(text, { zh: '企业对象', en: 'enterprise objects' })) …
 */
export function* readJsonArray(
  text: string,
  describing: ElementDescription,
  /** Picks the keys whose values an element's `raw` must not show (see `blankJsonKeys`). */
  isBlankedKey?: (key: string) => boolean,
): Generator<{ readonly kind: 'element'; readonly line: number; readonly value: unknown; readonly raw: string } | { readonly kind: 'unreadable'; readonly rejected: readonly RejectedRow[] }> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    yield { kind: 'unreadable', rejected: [{ line: 0, reason: `invalid JSON: ${(error as Error).message}`, reasonZh: `不是有效的 JSON：${(error as Error).message}` }] };
    return;
  }
  if (!Array.isArray(document)) {
    yield { kind: 'unreadable', rejected: [{ line: 0, reason: `expected a JSON array of ${describing.en}`, reasonZh: `应为由${describing.zh}组成的 JSON 数组` }] };
    return;
  }
  // Elements repeat the same few keys: decide each key once per document.
  const blankedByKey = new Map<string, boolean>();
  const isBlanked = (key: string) => {
    const known = blankedByKey.get(key);
    if (known !== undefined) return known;
    const blanked = isBlankedKey?.(key) ?? false;
    blankedByKey.set(key, blanked);
    return blanked;
  };
  for (let index = 0; index < document.length; index++) {
    const value: unknown = document[index];
    yield { kind: 'element', line: index + 1, value, raw: isBlankedKey ? blankJsonKeys(value, isBlanked) : JSON.stringify(value) };
  }
}

/**
 * Reads a JSON array of objects whose keys are the table's headings (Chinese or English),
 * yielding each element's values by field, as `readCsvTableRows` does for a CSV file: an
 * element that is not an object, or whose keys do not map, is rejected alone.
 *
 * @example for (const row of readJsonTableRows(text, table, { zh: '结果对象', en: 'result objects' })) if (row.kind === 'row') row.values.creditCode
 */
export function* readJsonTableRows<Field extends string>(text: string, table: HeadingTable<Field>, describing: ElementDescription): Generator<SourceRow<Field, unknown>> {
  for (const item of readJsonArray(text, describing)) {
    if (item.kind === 'unreadable') {
      yield item;
      return;
    }
    const { line, raw, value: element } = item;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      yield { kind: 'rejected', line, rejected: [{ line, reason: `expected one of the ${describing.en}`, reasonZh: `应为${describing.zh}之一`, raw }] };
      continue;
    }
    const keys = Object.keys(element);
    const mapped = mapColumns(table, keys);
    if (!mapped.ok) {
      yield { kind: 'rejected', line, rejected: columnRejections(table, line, mapped.error, (column) => keys[column - 1]).map((row) => ({ ...row, raw })) };
      continue;
    }
    const values: Partial<Record<Field, unknown>> = {};
    mapped.value.forEach((field, keyIndex) => {
      values[field] = (element as Record<string, unknown>)[keys[keyIndex]!];
    });
    yield { kind: 'row', line, values, headingOf: headingLookup(table, mapped.value, keys), raw };
  }
}
