/**
 * Directory import (名录库导入): reads a CSV or JSON export, validates every row, and
 * upserts the enterprises by credit code, either all rows or none (the default), or with
 * `partial` the valid rows only. Every rejected row is reported with its line, field and
 * reason. Rows are streamed in batches, so memory holds one batch, not the whole file.
 */
import { describeRowIssue, mapDirectoryHeader, validateDirectoryRow, DIRECTORY_HEADING_TABLE, type DirectoryField, type DirectoryRowText } from '../core/directory-row.ts';
import { isUnknownHeading, unknownHeadings } from '../core/column-headings.ts';
import type { Enterprise } from '../core/enterprise.ts';
import { columnRejections, headingLookup, readableRows, readCsvTableRows, readJsonArray, type RejectedRow, type RowTally, type SourceRow } from '../core/tabular-rows.ts';
import { decodeText } from '../core/text-encoding.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { runEnterpriseImport } from '../persistence/enterprise-import.ts';
import { reachCommitPoint } from './commit-point.ts';

export type { RejectedRow };
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

export interface ImportReport {
  readonly totalRows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly rejected: readonly RejectedRow[];
  /** False when nothing was written because some rows were rejected (all-or-nothing mode). */
  readonly applied: boolean;
  readonly encoding: 'utf-8' | 'gb18030';
  /**
   * Headings of columns (CSV) or keys (JSON) that were skipped, in file order: exports carry
   * fields Suiji does not keep. Absent when there were none.
   */
  readonly ignoredColumns?: readonly string[];
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

type DirectorySourceRow = SourceRow<DirectoryField>;

function jsonValueText(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(';');
  return undefined;
}

/**
 * The columns a rejected row's text must not show: those the import skips and never stores
 * (法定代表人, 联系电话...), many of them personal.
 */
const isSkippedHeading = (heading: string) => isUnknownHeading(DIRECTORY_HEADING_TABLE, heading);

function* readJsonRows(text: string, ignored: Set<string>): Generator<DirectorySourceRow> {
  const mappings = new Map<string, ReturnType<typeof mapDirectoryHeader>>();
  for (const item of readJsonArray(text, 'enterprise objects', isSkippedHeading)) {
    if (item.kind === 'unreadable') {
      yield item;
      return;
    }
    const { line, raw } = item;
    const element = item.value;
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
      for (const key of unknownHeadings(DIRECTORY_HEADING_TABLE, keys)) ignored.add(key);
    }
    if (!mapped.ok) {
      yield {
        kind: 'rejected',
        line,
        rejected: columnRejections(DIRECTORY_HEADING_TABLE, line, mapped.error, (column) => keys[column - 1]).map((row) => ({ ...row, raw })),
      };
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
    else yield { kind: 'row', line, values: row, headingOf: headingLookup(DIRECTORY_HEADING_TABLE, mapped.value, keys), raw };
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
  const ignored = new Set<string>();
  const rows = input.format === 'csv' ? readCsvTableRows(text, DIRECTORY_HEADING_TABLE, ignored, isSkippedHeading) : readJsonRows(text, ignored);
  const partial = input.partial ?? false;

  return runEnterpriseImport(database, async (session) => {
    const tally: RowTally = { totalRows: 0, unreadable: false, rejected: [] };
    const rejected = tally.rejected;
    const firstLineOf = new Map<string, number>();
    let batch: Enterprise[] = [];
    let rowsWritten = 0;
    let inserted = 0;
    let updated = 0;

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
          options.onProgress?.({ rowsRead: tally.totalRows, rowsWritten });
        });
        writing.catch(() => {}); // awaited at the next flush; this only silences the interim
      } else {
        options.onProgress?.({ rowsRead: tally.totalRows, rowsWritten });
      }
      batch = [];
    };

    for (const row of readableRows(rows, tally)) {
      const validated = validateDirectoryRow(row.values);
      if (!validated.ok) {
        for (const issue of validated.error) {
          rejected.push({ line: row.line, field: row.headingOf(issue.field), reason: describeRowIssue(issue), raw: row.raw });
        }
        continue;
      }
      const enterprise = validated.value;
      const firstLine = firstLineOf.get(enterprise.creditCode);
      if (firstLine !== undefined) {
        rejected.push({
          line: row.line,
          field: row.headingOf('creditCode'),
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

    const applied = !tally.unreadable && (partial || rejected.length === 0);
    const report: ImportReport = {
      totalRows: tally.totalRows,
      inserted: applied ? inserted : 0,
      updated: applied ? updated : 0,
      rejected,
      applied,
      encoding,
      ...(ignored.size > 0 ? { ignoredColumns: [...ignored] } : {}),
    };
    if (applied) await reachCommitPoint('import');
    return { commit: applied, value: report };
  });
};
