/**
 * Directory import (名录库导入): reads a CSV or JSON export, validates every row, and
 * upserts the enterprises by credit code, either all rows or none (the default), or with
 * `partial` the valid rows only. Every rejected row is reported with its line, field and
 * reason: the report lists the first 100 and counts them all, a rejects sink gets each one.
 *
 * A CSV file is decoded and parsed as a stream, so memory holds one batch whatever the file's
 * size. Valid rows are COPYed in batches into a staging table outside any transaction (other
 * requests run in between); duplicates are found there; then one transaction moves the rows
 * into the directory in chunks, so the import is still all-or-nothing, crash included.
 */
import { randomUUID } from 'node:crypto';
import { isUnknownHeading, unknownHeadings } from '../core/column-headings.ts';
import { readCsvRecordStream } from '../core/csv-records.ts';
import { describeRowIssue, mapDirectoryHeader, validateDirectoryRow, DIRECTORY_HEADING_TABLE, type DirectoryField, type DirectoryRowText } from '../core/directory-row.ts';
import { bilingualReason } from '../core/language.ts';
import { columnRejections, csvTableRowReader, headingLookup, readJsonArray, type HeadingOf, type RejectedRow, type SourceRow } from '../core/tabular-rows.ts';
import { decodeText, detectTextEncodingOfPrefix, type TextEncodingName } from '../core/text-encoding.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { openImportStaging, type StagedEnterprise } from '../persistence/enterprise-import.ts';
import { loadConfig } from '../config.ts';
import { reachCommitPoint } from './commit-point.ts';
import { tallyRejections, type RejectsSink } from './import-rejects.ts';

export type { RejectedRow };
export type ImportFormat = 'csv' | 'json';
export type ImportEncoding = 'auto' | 'utf-8' | 'gb18030';

export interface ImportDirectoryInput {
  /**
   * The file's raw bytes, or a stream of them (a file being read): encoding detection needs
   * them undecoded. A stream is read once, as it comes; JSON is read whole.
   */
  readonly content: Uint8Array | AsyncIterable<Uint8Array>;
  readonly format: ImportFormat;
  readonly encoding?: ImportEncoding;
  /** Apply the valid rows and report the rest, instead of all-or-nothing. */
  readonly partial?: boolean;
  /** Shown in messages, e.g. the file name. */
  readonly sourceName?: string;
  /** Most data rows accepted: a longer file is refused whole. Default: IMPORT_MAX_ROWS (5,000,000). */
  readonly rowLimit?: number;
}

export interface ImportReport {
  readonly totalRows: number;
  readonly inserted: number;
  readonly updated: number;
  /** The rejections of the first 100 rejected rows, in line order (`rejectedRowCount` counts all). */
  readonly rejected: readonly RejectedRow[];
  /** Rejected rows (distinct lines), listed in `rejected` or not. */
  readonly rejectedRowCount: number;
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
  /** Rejected rows so far (directory import). */
  readonly rowsRejected?: number;
  /** Bytes of the file read so far (directory import of a stream), against its size for a progress bar. */
  readonly bytesRead?: number;
}

export interface ImportOptions {
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Receives every rejected row as it is found (the report lists only the first 100). */
  readonly rejects?: RejectsSink;
  /**
   * Names the import's staging area (default: a new UUID). A job passes its own: a run
   * resumed after a crash first empties what the killed run staged.
   */
  readonly importId?: string;
}

export type ImportDirectory = (database: DatabaseHandle, input: ImportDirectoryInput, options?: ImportOptions) => Promise<ImportReport>;

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
  for (const item of readJsonArray(text, { zh: '企业对象', en: 'enterprise objects' }, isSkippedHeading)) {
    if (item.kind === 'unreadable') {
      yield item;
      return;
    }
    const { line, raw } = item;
    const element = item.value;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      yield { kind: 'rejected', line, rejected: [{ line, reason: 'expected an object with the enterprise fields', reasonZh: '应为含企业各项的对象', raw }] };
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
      if (value === undefined) rejected.push({ line, field: key, reason: 'must be a string, a number or (for flags) a list of strings', reasonZh: '应为文字、数字或（标记）文字列表', raw });
      else row[field] = value;
    });
    if (rejected.length > 0) yield { kind: 'rejected', line, rejected };
    else yield { kind: 'row', line, values: row, headingOf: headingLookup(DIRECTORY_HEADING_TABLE, mapped.value, keys), raw };
  }
}

/**
 * Rows staged per COPY, and lines per upsert statement of the final transaction, with a turn
 * of the event loop after each. PGlite runs every statement on this thread, so there they are
 * small enough for the server to answer in between (issue 12: a 100,000-line upsert held it
 * 17 s); PostgreSQL runs them elsewhere and takes them large.
 */
function batchSizesFor(database: DatabaseHandle): { readonly stageRows: number; readonly applyLines: number } {
  return database.client.kind === 'pglite' ? { stageRows: 2_000, applyLines: 2_000 } : { stageRows: 10_000, applyLines: 100_000 };
}
/** Duplicates fetched from the staging table per query. */
const DUPLICATES_PER_QUERY = 10_000;
/** A stream's first bytes, up to this many, decide its encoding. */
const ENCODING_PREFIX_BYTES = 4 * 1024 * 1024;

/** Lets other work (requests on PGlite's single connection) run between batches. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

async function* chunksOf(content: Uint8Array | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (content instanceof Uint8Array) yield content;
  else yield* content;
}

/** The content's chunks, each counted by `onBytes` as it is read. */
async function* countedChunks(content: Uint8Array | AsyncIterable<Uint8Array>, onBytes: (length: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunksOf(content)) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/**
 * Everything in the content, for what is read whole (JSON, credit records).
 *
 * @example await readAllBytes(fs.createReadStream('records.json')) // Uint8Array
 */
export async function readAllBytes(content: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (content instanceof Uint8Array) return content;
  const chunks: Uint8Array[] = [];
  for await (const chunk of content) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Decodes bytes as they arrive. The encoding is detected on the first megabytes (see
 * `detectTextEncodingOfPrefix`; bytes given whole are detected whole) unless one is given,
 * and handed to `onEncoding` before any text.
 */
async function* decodeStream(content: Uint8Array | AsyncIterable<Uint8Array>, encoding: ImportEncoding, onEncoding: (encoding: TextEncodingName) => void): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let prefix: Uint8Array[] = [];
  let prefixLength = 0;
  const decodeFirst = (complete: boolean): string => {
    const bytes = Buffer.concat(prefix);
    prefix = [];
    const detected = detectTextEncodingOfPrefix(bytes, complete);
    const chosen = encoding === 'auto' ? detected.encoding : encoding;
    onEncoding(chosen);
    decoder = new TextDecoder(chosen, { ignoreBOM: true });
    // A UTF-8 BOM is skipped whichever encoding was asked for: it is never content.
    return decoder.decode(bytes.subarray(detected.byteOrderMarkLength), { stream: true });
  };
  const whole = content instanceof Uint8Array;
  for await (const chunk of chunksOf(content)) {
    if (decoder) {
      yield decoder.decode(chunk, { stream: true });
      continue;
    }
    prefix.push(chunk);
    prefixLength += chunk.length;
    if (!whole && prefixLength >= ENCODING_PREFIX_BYTES) yield decodeFirst(false);
  }
  if (!decoder) yield decodeFirst(true);
  yield (decoder as TextDecoder | undefined)?.decode() ?? '';
}

/** The CSV rows of a stream, handing the header line to `onHeader` once it is read. */
async function* readCsvRows(texts: AsyncIterable<string>, ignored: Set<string>, onHeader: (raw: string) => void): AsyncGenerator<DirectorySourceRow> {
  const reader = csvTableRowReader(DIRECTORY_HEADING_TABLE, ignored, isSkippedHeading);
  let headerSeen = false;
  for await (const record of readCsvRecordStream(texts)) {
    const row = reader.read(record);
    if (!headerSeen && reader.header !== undefined) {
      headerSeen = true;
      onHeader(reader.header);
    }
    if (!row) continue;
    yield row;
    if (row.kind === 'unreadable') return;
  }
  const ending = reader.end();
  if (ending) yield ending;
}

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/**
 * Imports a directory file. Without `partial`, any rejected row means nothing is written
 * (`applied: false`); with it, the valid rows are written and the others reported.
 * Re-importing the same file updates nothing (`inserted` and `updated` are 0). A file of
 * more than `rowLimit` rows is refused whole.
 *
 * @example
 * const report = await importDirectory(database, { content: fs.createReadStream('名录.csv'), format: 'csv' });
 * // { totalRows: 3, inserted: 3, updated: 0, rejected: [], rejectedRowCount: 0, applied: true, encoding: 'gb18030' }
 */
export const importDirectory: ImportDirectory = async (database, input, options = {}) => {
  const partial = input.partial ?? false;
  const rowLimit = input.rowLimit ?? loadConfig().importMaxRows;
  const tally = tallyRejections(options.rejects);
  const ignored = new Set<string>();
  let encoding: TextEncodingName = 'utf-8';
  let bytesRead = 0;
  let rows: AsyncIterable<DirectorySourceRow>;
  if (input.format === 'csv') {
    const content = countedChunks(input.content, (length) => (bytesRead += length));
    rows = readCsvRows(decodeStream(content, input.encoding ?? 'auto', (chosen) => (encoding = chosen)), ignored, (raw) => tally.header(raw));
  } else {
    const bytes = await readAllBytes(input.content);
    const decoded = decodeText(bytes, input.encoding ?? 'auto');
    encoding = decoded.encoding;
    bytesRead = bytes.length;
    rows = asAsync(readJsonRows(decoded.text, ignored));
  }

  const staging = openImportStaging(database, options.importId ?? randomUUID());
  const batchSizes = batchSizesFor(database);
  try {
    if (options.importId !== undefined) await staging.discard();
    let totalRows = 0;
    let lastLine = 0;
    let unreadable = false;
    let creditCodeHeading: HeadingOf<DirectoryField> | undefined;
    let batch: StagedEnterprise[] = [];
    const stageBatch = async () => {
      // Staged even when a rejection already means nothing is applied: duplicates are found
      // in the staging table, and the report lists them too.
      await staging.stage(batch);
      batch = [];
      options.onProgress?.({ rowsRead: totalRows, rowsWritten: 0, rowsRejected: tally.rowCount, bytesRead });
      await yieldToOthers();
    };

    for await (const row of rows) {
      if (row.kind === 'unreadable') {
        tally.add(row.rejected);
        unreadable = true;
        break;
      }
      totalRows++;
      lastLine = row.line;
      if (totalRows > rowLimit) {
        tally.add([{ line: row.line, reason: `the file has more than ${rowLimit} rows, the limit (IMPORT_MAX_ROWS): nothing was imported`, reasonZh: `文件超过 ${rowLimit} 行的上限，未导入任何行` }]);
        unreadable = true;
        break;
      }
      if (row.kind === 'rejected') {
        tally.add(row.rejected);
        continue;
      }
      const validated = validateDirectoryRow(row.values);
      if (!validated.ok) {
        tally.add(validated.error.map((issue) => ({ line: row.line, field: row.headingOf(issue.field), ...bilingualReason((lang) => describeRowIssue(issue, lang)), raw: row.raw })));
        continue;
      }
      creditCodeHeading ??= row.headingOf;
      batch.push({ ...validated.value, line: row.line });
      if (batch.length >= batchSizes.stageRows) await stageBatch();
    }
    if (!unreadable) await stageBatch();

    // Later rows with an earlier row's credit code: found in the staging table, not in a
    // map of every code read (a province's file would not fit in memory).
    for (let afterLine = 0; !unreadable; ) {
      const duplicates = await staging.duplicates(afterLine, DUPLICATES_PER_QUERY, partial);
      for (const duplicate of duplicates) {
        tally.add([
        {
          line: duplicate.line,
          field: creditCodeHeading?.('creditCode') ?? 'credit_code',
          reason: `duplicate credit code ${duplicate.creditCode}: already on line ${duplicate.firstLine}`,
          reasonZh: `统一社会信用代码 ${duplicate.creditCode} 重复：第 ${duplicate.firstLine} 行已有`,
        },
      ]);
      }
      if (duplicates.length < DUPLICATES_PER_QUERY) break;
      afterLine = (duplicates.at(-1) as { line: number }).line;
    }

    const applied = !unreadable && (partial || tally.rowCount === 0);
    let inserted = 0;
    let updated = 0;
    if (applied) {
      let rowsWritten = 0;
      await staging.apply(async (upsert) => {
        for (let fromLine = 0; fromLine <= lastLine; fromLine += batchSizes.applyLines) {
          const counts = await upsert(fromLine, fromLine + batchSizes.applyLines);
          inserted += counts.inserted;
          updated += counts.updated;
          rowsWritten += counts.rows;
          options.onProgress?.({ rowsRead: totalRows, rowsWritten, rowsRejected: tally.rowCount, bytesRead });
          // Inside the transaction: PGlite's other queries wait for its end, answers from memory need not.
          await yieldToOthers();
        }
        await reachCommitPoint('import');
      });
    }
    return {
      totalRows,
      inserted,
      updated,
      rejected: tally.listed(),
      rejectedRowCount: tally.rowCount,
      applied,
      encoding,
      ...(ignored.size > 0 ? { ignoredColumns: [...ignored] } : {}),
    };
  } finally {
    await staging.discard();
  }
};
