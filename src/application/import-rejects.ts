/**
 * Rejected rows of an import, at any size: the report lists the first rows (by line) and
 * counts them all, and a rejects file receives every one as it is found, so a file of a
 * million bad rows costs a file on disk, not memory. The file can be fixed and imported
 * again: for CSV the file's header plus a `原因 / reason` column (UTF-8 with a BOM, so Excel
 * shows the Chinese), for JSON the elements with a `reason` key; the reason is in Chinese
 * with the English after " / ". Rows are the rejections'
 * `raw`, in which the columns the import never keeps (personal ones) are already blank.
 */
import fs from 'node:fs';
import { reasonIn, type Language } from '../core/language.ts';
import type { RejectedRow } from '../core/tabular-rows.ts';
import type { ImportFormat } from './import-directory.ts';

/** How many rejected rows a report lists; the count and the rejects file cover them all. */
export const REJECTED_ROWS_LISTED = 100;

/** The heading of the reason column a CSV rejects file adds (no import knows it). */
export const REJECTS_REASON_HEADING = '原因 / reason';

/** Where an import sends its rejected rows besides the report. */
export interface RejectsSink {
  /** The CSV file's header line as it is in the file, once, before any row. */
  header(raw: string): void;
  /** The rejections of one row (one line). */
  add(rejections: readonly RejectedRow[]): void;
}

/** What a report says of its rejected rows. */
export interface RejectionTally extends RejectsSink {
  /** Distinct rejected rows so far. */
  readonly rowCount: number;
  /** The rejections of the first `REJECTED_ROWS_LISTED` rejected rows, in line order. */
  listed(): RejectedRow[];
}

/**
 * Counts rejected rows, keeps the first ones by line and forwards every row to `sink`.
 * Rows mostly arrive in line order; those found later (duplicates) are merged in.
 *
 * @example const tally = tallyRejections(file); tally.add([{ line: 3, reason: '…', reasonZh: '…' }]); tally.rowCount // 1
 */
export function tallyRejections(sink?: RejectsSink): RejectionTally {
  const rows: (readonly RejectedRow[])[] = [];
  let rowCount = 0;
  const lineOf = (row: readonly RejectedRow[]) => row[0]?.line ?? 0;
  return {
    header: (raw) => sink?.header(raw),
    add(rejections) {
      if (rejections.length === 0) return;
      rowCount++;
      sink?.add(rejections);
      const line = lineOf(rejections);
      if (rows.length === REJECTED_ROWS_LISTED && line >= lineOf(rows[rows.length - 1] as readonly RejectedRow[])) return;
      let index = rows.length;
      while (index > 0 && lineOf(rows[index - 1] as readonly RejectedRow[]) > line) index--;
      rows.splice(index, 0, rejections);
      if (rows.length > REJECTED_ROWS_LISTED) rows.pop();
    },
    get rowCount() {
      return rowCount;
    },
    listed: () => rows.flat(),
  };
}

/**
 * A rejection as a person reads it, in one language: `field: reason`.
 *
 * @example describeRejection({ line: 2, field: '企业名称', reason: 'required, but empty', reasonZh: '必填，但为空' }, 'zh') // '企业名称：必填，但为空'
 */
export function describeRejection(rejection: RejectedRow, lang: Language): string {
  const reason = reasonIn(rejection, lang);
  if (!rejection.field) return reason;
  return lang === 'zh' ? `${rejection.field}：${reason}` : `${rejection.field}: ${reason}`;
}

/**
 * The rejections of one row for a rejects file, read by people of either language: the
 * Chinese, then " / " and the English.
 *
 * @example describeRejectedRow([{ line: 2, field: 'name', reason: 'required, but empty', reasonZh: '必填，但为空' }]) // 'name：必填，但为空 / name: required, but empty'
 */
function describeRejectedRow(rejections: readonly RejectedRow[]): string {
  const zh = rejections.map((rejection) => describeRejection(rejection, 'zh')).join('；');
  const en = rejections.map((rejection) => describeRejection(rejection, 'en')).join('; ');
  return `${zh} / ${en}`;
}

function csvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Writes are gathered to this size before they reach the disk. */
const WRITE_BUFFER_LENGTH = 64 * 1024;

/**
 * A rejects file being written at `target`. Rows without text (one that could not be split
 * into columns, a duplicate: its first line was kept) are left out, as there is nothing to
 * fix and import again; the report still lists and counts them. `close()` returns the
 * number of rows written; the file is removed when there were none.
 *
 * @example const rejects = openRejectsFile('名录.csv.rejects.csv', 'csv'); …; rejects.close()
 */
export function openRejectsFile(target: string, format: ImportFormat): RejectsSink & { close(): number } {
  const descriptor = fs.openSync(target, 'w', 0o600);
  let buffered = format === 'csv' ? '\uFEFF' : '[\n';
  let written = 0;
  const write = (text: string) => {
    buffered += text;
    if (buffered.length >= WRITE_BUFFER_LENGTH) {
      fs.writeSync(descriptor, buffered);
      buffered = '';
    }
  };
  return {
    header(raw) {
      if (format === 'csv') write(`${raw},${csvField(REJECTS_REASON_HEADING)}\r\n`);
    },
    add(rejections) {
      const raw = rejections.find((rejection) => rejection.raw !== undefined)?.raw;
      if (raw === undefined) return;
      const reason = describeRejectedRow(rejections);
      if (format === 'csv') write(`${raw},${csvField(reason)}\r\n`);
      else write(`${written > 0 ? ',\n' : ''}${JSON.stringify({ ...(JSON.parse(raw) as object), reason }, null, 2).replace(/^/gm, '  ')}`);
      written++;
    },
    close() {
      fs.writeSync(descriptor, format === 'csv' ? buffered : `${buffered}\n]\n`);
      fs.closeSync(descriptor);
      if (written === 0) fs.rmSync(target, { force: true });
      return written;
    },
  };
}
