/**
 * Rows of an imported CSV file with a header row, mapped onto fields, and the rejected-row
 * reports every import gives: line, field (in the file's own heading) and reason.
 */
import { describeColumnIssue, mapColumns, unknownHeadings, type ColumnIssue, type HeadingTable } from './column-headings.ts';
import { describeCsvIssue, readCsvRecords } from './csv-records.ts';

export interface RejectedRow {
  /**
   * 1-based line in the file (CSV) or 1-based index of the element (JSON). A problem with
   * the file as a whole (a bad CSV header is line 1) is at line 0 for JSON, e.g. invalid JSON.
   */
  readonly line: number;
  /** The column / property the problem is in, when it is in one. */
  readonly field?: string;
  readonly reason: string;
  /** The row's original text, so a rejects file can be fixed and re-imported. */
  readonly raw?: string;
}

/** The heading a field has in this file, for messages in the file's own words. */
export type HeadingOf<Field extends string> = (field: Field) => string;

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
    reason: describeColumnIssue(table, issue),
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
 * Reads CSV text whose first row is a header, yielding each row's values by field. A bad
 * header makes the whole file unreadable; a malformed row or one with the wrong column
 * count is rejected alone.
 *
 * @example for (const row of readCsvTableRows(text, table)) if (row.kind === 'row') row.values.creditCode
 */
export function* readCsvTableRows<Field extends string>(
  text: string,
  table: HeadingTable<Field>,
  /** Receives the headings of skipped columns, when the table ignores unknown headings. */
  ignoredHeadings?: Set<string>,
): Generator<SourceRow<Field>> {
  const records = readCsvRecords(text);
  const first = records.next();
  if (first.done) {
    yield { kind: 'unreadable', rejected: [{ line: 1, reason: 'the file is empty: expected a header row' }] };
    return;
  }
  const header = first.value;
  if (header.kind === 'malformed') {
    yield { kind: 'unreadable', rejected: [{ line: header.line, reason: `header: ${describeCsvIssue(header.issue)}`, raw: header.raw }] };
    return;
  }
  const headings = header.fields.map((heading) => heading.trim());
  const mapped = mapColumns(table, headings);
  if (!mapped.ok) {
    yield { kind: 'unreadable', rejected: columnRejections(table, header.line, mapped.error, (column) => headings[column - 1]) };
    return;
  }
  const mapping = mapped.value;
  for (const heading of unknownHeadings(table, headings)) ignoredHeadings?.add(heading);
  const headingOf = headingLookup(table, mapping, headings);
  for (const record of records) {
    if (record.kind === 'malformed') {
      const field = mapping[record.issue.column - 1];
      yield {
        kind: 'rejected',
        line: record.line,
        rejected: [{ line: record.line, ...(field ? { field: headingOf(field) } : {}), reason: describeCsvIssue(record.issue), raw: record.raw }],
      };
      continue;
    }
    if (record.fields.length !== headings.length) {
      yield {
        kind: 'rejected',
        line: record.line,
        rejected: [{ line: record.line, reason: `wrong column count: expected ${headings.length}, got ${record.fields.length}`, raw: record.raw }],
      };
      continue;
    }
    const values: Partial<Record<Field, string>> = {};
    mapping.forEach((field, index) => {
      values[field] = record.fields[index];
    });
    yield { kind: 'row', line: record.line, values, headingOf, raw: record.raw };
  }
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
 * @example for (const element of readJsonArray(text, 'enterprise objects')) …
 */
export function* readJsonArray(
  text: string,
  describing: string,
): Generator<{ readonly kind: 'element'; readonly line: number; readonly value: unknown; readonly raw: string } | { readonly kind: 'unreadable'; readonly rejected: readonly RejectedRow[] }> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    yield { kind: 'unreadable', rejected: [{ line: 0, reason: `invalid JSON: ${(error as Error).message}` }] };
    return;
  }
  if (!Array.isArray(document)) {
    yield { kind: 'unreadable', rejected: [{ line: 0, reason: `expected a JSON array of ${describing}` }] };
    return;
  }
  for (let index = 0; index < document.length; index++) {
    const value: unknown = document[index];
    yield { kind: 'element', line: index + 1, value, raw: JSON.stringify(value) };
  }
}
