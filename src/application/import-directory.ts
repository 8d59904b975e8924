/**
 * Directory import (名录库导入): reads a CSV or JSON export, validates every row, and
 * upserts the enterprises by credit code, either all rows or none (the default), or with
 * `partial` the valid rows only. Every rejected row is reported with its line, field and
 * reason. Rows are streamed in batches, so memory holds one batch, not the whole file.
 */
import { describeCsvIssue, readCsvRecords } from '../core/csv-records.ts';
import {
  describeHeaderIssue,
  describeRowIssue,
  mapDirectoryHeader,
  validateDirectoryRow,
  DIRECTORY_HEADINGS,
  type DirectoryField,
  type DirectoryRowText,
  type HeaderIssue,
  type HeaderMapping,
} from '../core/directory-row.ts';
import type { Enterprise } from '../core/enterprise.ts';
import { decodeText } from '../core/text-encoding.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { runEnterpriseImport } from '../persistence/enterprise-import.ts';

export type ImportFormat = 'csv' | 'json';
export type ImportEncoding = 'auto' | 'utf-8' | 'gb18030';

export interface ImportDirectoryInput {
  /** The file's raw bytes: encoding detection needs them undecoded. */
  readonly content: Uint8Array;
  readonly format: ImportFormat;
  readonly encoding?: ImportEncoding;
  /** Apply the valid rows and report the rest, instead of all-or-nothing. */
  readonly partial?: boolean;
  /** Shown in messages, e.g. the file name. */
  readonly sourceName?: string;
}

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

export interface ImportReport {
  readonly totalRows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly rejected: readonly RejectedRow[];
  /** False when nothing was written because some rows were rejected (all-or-nothing mode). */
  readonly applied: boolean;
  readonly encoding: 'utf-8' | 'gb18030';
}

export interface ImportProgress {
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

export type ImportDirectory = (
  database: DatabaseHandle,
  input: ImportDirectoryInput,
  options?: { onProgress?: (progress: ImportProgress) => void },
) => Promise<ImportReport>;

/** Rows per upsert statement: large enough to amortise the round trip, small enough for memory. */
const BATCH_SIZE = 5000;

/** A row of the file before validation, or the problems that stop the whole file. */
type SourceRow =
  | { readonly kind: 'row'; readonly line: number; readonly text: DirectoryRowText; readonly headings: HeadingOf; readonly raw: string }
  | { readonly kind: 'rejected'; readonly line: number; readonly rejected: readonly RejectedRow[] }
  | { readonly kind: 'unreadable'; readonly rejected: readonly RejectedRow[] };

/** The heading a field has in this file, for messages in the file's own words. */
type HeadingOf = (field: DirectoryField) => string;

function headerRejections(line: number, issues: readonly HeaderIssue[], headingOfColumn: (column: number) => string | undefined): RejectedRow[] {
  return issues.map((issue) => ({
    line,
    ...(issue.code === 'missing_column' ? { field: issue.field } : { field: headingOfColumn(issue.column) ?? '' }),
    reason: describeHeaderIssue(issue),
  }));
}

function headingLookup(mapping: HeaderMapping, headings: readonly string[]): HeadingOf {
  const byField = new Map<DirectoryField, string>();
  mapping.forEach((field, index) => byField.set(field, headings[index] as string));
  return (field) => byField.get(field) ?? DIRECTORY_HEADINGS[field][0] ?? field;
}

function* readCsvRows(text: string): Generator<SourceRow> {
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
  const mapped = mapDirectoryHeader(headings);
  if (!mapped.ok) {
    yield { kind: 'unreadable', rejected: headerRejections(header.line, mapped.error, (column) => headings[column - 1]) };
    return;
  }
  const mapping = mapped.value;
  const headingOf = headingLookup(mapping, headings);
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
    const row: DirectoryRowText = {};
    mapping.forEach((field, index) => {
      row[field] = record.fields[index];
    });
    yield { kind: 'row', line: record.line, text: row, headings: headingOf, raw: record.raw };
  }
}

function jsonValueText(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(';');
  return undefined;
}

function* readJsonRows(text: string): Generator<SourceRow> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    yield { kind: 'unreadable', rejected: [{ line: 0, reason: `invalid JSON: ${(error as Error).message}` }] };
    return;
  }
  if (!Array.isArray(document)) {
    yield { kind: 'unreadable', rejected: [{ line: 0, reason: 'expected a JSON array of enterprise objects' }] };
    return;
  }
  const mappings = new Map<string, ReturnType<typeof mapDirectoryHeader>>();
  for (let index = 0; index < document.length; index++) {
    const line = index + 1;
    const element: unknown = document[index];
    const raw = JSON.stringify(element);
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      yield { kind: 'rejected', line, rejected: [{ line, reason: 'expected an object with the enterprise fields', raw }] };
      continue;
    }
    const keys = Object.keys(element);
    const cacheKey = keys.join('\u0000');
    let mapped = mappings.get(cacheKey);
    if (!mapped) {
      mapped = mapDirectoryHeader(keys);
      mappings.set(cacheKey, mapped);
    }
    if (!mapped.ok) {
      yield { kind: 'rejected', line, rejected: headerRejections(line, mapped.error, (column) => keys[column - 1]).map((row) => ({ ...row, raw })) };
      continue;
    }
    const row: DirectoryRowText = {};
    const rejected: RejectedRow[] = [];
    mapped.value.forEach((field, keyIndex) => {
      const key = keys[keyIndex] as string;
      const value = jsonValueText((element as Record<string, unknown>)[key]);
      if (value === undefined) rejected.push({ line, field: key, reason: 'must be a string, a number or (for flags) a list of strings', raw });
      else row[field] = value;
    });
    if (rejected.length > 0) yield { kind: 'rejected', line, rejected };
    else yield { kind: 'row', line, text: row, headings: headingLookup(mapped.value, keys), raw };
  }
}

/**
 * Imports a directory file. Without `partial`, any rejected row means nothing is written
 * (`applied: false`); with it, the valid rows are written and the others reported.
 * Re-importing the same file updates nothing (`inserted` and `updated` are 0).
 *
 * @example
 * const report = await importDirectory(database, { content: fs.readFileSync('名录.csv'), format: 'csv' });
 * // { totalRows: 3, inserted: 3, updated: 0, rejected: [], applied: true, encoding: 'gb18030' }
 */
export const importDirectory: ImportDirectory = async (database, input, options = {}) => {
  const { encoding, text } = decodeText(input.content, input.encoding ?? 'auto');
  const rows = input.format === 'csv' ? readCsvRows(text) : readJsonRows(text);
  const partial = input.partial ?? false;

  return runEnterpriseImport(database, async (session) => {
    const rejected: RejectedRow[] = [];
    const firstLineOf = new Map<string, number>();
    let batch: Enterprise[] = [];
    let totalRows = 0;
    let rowsWritten = 0;
    let inserted = 0;
    let updated = 0;
    let unreadable = false;

    // One batch is written while the next is validated: on PostgreSQL the server works in
    // parallel with us; PGlite runs on our thread, so there it changes nothing.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      await writing;
      // Without `partial` one rejected row means a rollback, so stop writing and only validate.
      if (batch.length > 0 && (partial || rejected.length === 0)) {
        const rows = batch;
        writing = session.upsert(rows).then((counts) => {
          inserted += counts.inserted;
          updated += counts.updated;
          rowsWritten += rows.length;
          options.onProgress?.({ rowsRead: totalRows, rowsWritten });
        });
        writing.catch(() => {}); // awaited at the next flush; this only silences the interim
      } else {
        options.onProgress?.({ rowsRead: totalRows, rowsWritten });
      }
      batch = [];
    };

    for (const row of rows) {
      if (row.kind === 'unreadable') {
        rejected.push(...row.rejected);
        unreadable = true;
        break;
      }
      totalRows++;
      if (row.kind === 'rejected') {
        rejected.push(...row.rejected);
        continue;
      }
      const validated = validateDirectoryRow(row.text);
      if (!validated.ok) {
        for (const issue of validated.error) {
          rejected.push({ line: row.line, field: row.headings(issue.field), reason: describeRowIssue(issue), raw: row.raw });
        }
        continue;
      }
      const enterprise = validated.value;
      const firstLine = firstLineOf.get(enterprise.creditCode);
      if (firstLine !== undefined) {
        rejected.push({
          line: row.line,
          field: row.headings('creditCode'),
          reason: `duplicate credit code ${enterprise.creditCode}: already on line ${firstLine}`,
          raw: row.raw,
        });
        continue;
      }
      firstLineOf.set(enterprise.creditCode, row.line);
      batch.push(enterprise);
      if (batch.length >= BATCH_SIZE) await flush();
    }
    await flush();
    await writing;

    const applied = !unreadable && (partial || rejected.length === 0);
    const report: ImportReport = {
      totalRows,
      inserted: applied ? inserted : 0,
      updated: applied ? updated : 0,
      rejected,
      applied,
      encoding,
    };
    return { commit: applied, value: report };
  });
};
