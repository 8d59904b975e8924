/**
 * Credit-record import (信用记录导入): a CSV of one kind (`kind` given), or a JSON array
 * whose elements each name their `kind`, in Chinese or English headings. Every row is
 * validated by the core record schema and must be about an enterprise in the directory.
 * All rows or none (the default), or with `partial` the valid rows only; every rejected row
 * is reported with its line, field and reason. Records are upserted in batches by natural
 * key, so importing the same file twice changes nothing. ID numbers of related persons are
 * replaced by a keyed hash (HMAC-SHA-256) before anything is stored, and blanked (with any
 * unknown column) in the text of rejected rows.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mapColumns } from '../core/column-headings.ts';
import type { CreditRecordKind } from '../core/credit-record.ts';
import {
  convertCreditRecordRow,
  creditRecordHeadingTable,
  creditRecordNaturalKey,
  isBlankedCreditRecordHeading,
  parseCreditRecordKind,
  recordEffectiveDate,
  CREDIT_RECORD_KINDS,
  CREDIT_RECORD_KIND_NAMES,
} from '../core/credit-record-row.ts';
import { columnRejections, headingLookup, readableRows, readCsvTableRows, readJsonArray, type RowTally, type SourceRow } from '../core/tabular-rows.ts';
import { bilingualReason, type Language } from '../core/language.ts';
import { decodeText } from '../core/text-encoding.ts';
import { readCsvRecords } from '../core/csv-records.ts';
import type { RejectedRow } from '../core/tabular-rows.ts';
import type { RejectsSink } from './import-rejects.ts';
import { findKnownCreditCodes, loadPersonHashKey, upsertCreditRecords, type RecordToStore } from '../persistence/credit-record-store.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { runRollbackableTransaction } from '../persistence/rollback-transaction.ts';
import { describeLeniencyCitationIssue, leniencyCitations } from './leniency-lists.ts';
import { ok } from '../core/result.ts';
import { readAllBytes, type ImportEncoding, type ImportFormat, type ImportOptions, type ImportReport } from './import-directory.ts';

export interface ImportCreditRecordsInput {
  /** The file's raw bytes, or a stream of them (read whole): encoding detection needs them undecoded. */
  readonly content: Uint8Array | AsyncIterable<Uint8Array>;
  readonly format: ImportFormat;
  /** Required for CSV (one kind per file); JSON elements carry their own `kind`. */
  readonly kind?: CreditRecordKind;
  readonly encoding?: ImportEncoding;
  /** Apply the valid rows and report the rest, instead of all-or-nothing. */
  readonly partial?: boolean;
}

/** Rows per statement, as in the directory import. */
const BATCH_SIZE = 5000;

/** A row as read, with the kind it is of. */
type RecordSourceRow = SourceRow<string, unknown> & { readonly recordKind?: CreditRecordKind };

function* readJsonRecordRows(text: string): Generator<RecordSourceRow> {
  for (const item of readJsonArray(text, { zh: '带 kind 的记录对象', en: 'record objects, each with a kind' }, isBlankedCreditRecordHeading)) {
    if (item.kind === 'unreadable') {
      yield item;
      return;
    }
    const { line, raw } = item;
    const element = item.value;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      yield { kind: 'rejected', line, rejected: [{ line, reason: 'expected an object with a kind and the record fields', reasonZh: '应为含 kind（记录类别）和记录各项的对象', raw }] };
      continue;
    }
    const values = element as Record<string, unknown>;
    const kind = typeof values['kind'] === 'string' ? parseCreditRecordKind(values['kind']) : undefined;
    if (!kind) {
      yield { kind: 'rejected', line, rejected: [
          {
            line,
            field: 'kind',
            reason: `kind must be one of ${CREDIT_RECORD_KINDS.join(', ')}`,
            reasonZh: `记录类别应为以下之一：${CREDIT_RECORD_KINDS.map((kind) => `${CREDIT_RECORD_KIND_NAMES[kind]}（${kind}）`).join('、')}`,
            raw,
          },
        ],
      };
      continue;
    }
    const keys = Object.keys(values).filter((key) => key !== 'kind');
    const table = creditRecordHeadingTable(kind);
    const mapped = mapColumns(table, keys);
    if (!mapped.ok) {
      yield { kind: 'rejected', line, rejected: columnRejections(table, line, mapped.error, (column) => keys[column - 1]).map((row) => ({ ...row, raw })) };
      continue;
    }
    const fields: Record<string, unknown> = {};
    mapped.value.forEach((field, keyIndex) => {
      fields[field] = values[keys[keyIndex]!];
    });
    yield { kind: 'row', line, values: fields, headingOf: headingLookup(table, mapped.value, keys), raw, recordKind: kind };
  }
}

/**
 * Imports a credit-record file. Without `partial`, any rejected row means nothing is
 * written (`applied: false`). Records about credit codes missing from the directory are
 * rejected. Re-importing the same file inserts and updates nothing.
 *
 * @example
 * const report = await importCreditRecords(database, { content: fs.readFileSync('处罚.csv'), format: 'csv', kind: 'penalty' });
 * // { totalRows: 120, inserted: 120, updated: 0, rejected: [], applied: true, encoding: 'gb18030' }
 */
export async function importCreditRecords(
  database: DatabaseHandle,
  input: ImportCreditRecordsInput,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const { encoding, text } = decodeText(await readAllBytes(input.content), input.encoding ?? 'auto');
  const partial = input.partial ?? false;
  if (input.format === 'csv' && !input.kind) throw new Error('a CSV import needs the kind of its records');
  const rows: Iterable<RecordSourceRow> =
    input.format === 'csv' ? readCsvTableRows(text, creditRecordHeadingTable(input.kind!), undefined, isBlankedCreditRecordHeading) : readJsonRecordRows(text);

  return runRollbackableTransaction(database, async (transaction) => {
    const key = await loadPersonHashKey(transaction, () => randomBytes(32));
    const citeLeniencyEntry = await leniencyCitations(transaction);
    const context = { hashIdNumber: (idNumber: string) => createHmac('sha256', key).update(idNumber, 'utf8').digest('hex') };
    const tally: RowTally = { totalRows: 0, unreadable: false, rejected: [] };
    const rejected = tally.rejected;
    const firstLineOf = new Map<string, number>();
    // The source row is kept for its `raw`, which a CSV row blanks only when read.
    let batch: (RecordToStore & { line: number; source: { readonly raw: string }; codeHeading: string })[] = [];
    let rowsWritten = 0;
    let inserted = 0;
    let updated = 0;

    const flush = async () => {
      if (batch.length === 0) return;
      const known = await findKnownCreditCodes(transaction, [...new Set(batch.map((row) => row.record.creditCode))]);
      const writable = batch.filter((row) => {
        if (known.has(row.record.creditCode)) return true;
        rejected.push({
          line: row.line,
          field: row.codeHeading,
          reason: `no enterprise with credit code ${row.record.creditCode} is in the directory (import the directory first)`,
          reasonZh: `名录库中没有统一社会信用代码为 ${row.record.creditCode} 的企业（请先导入名录库）`,
          raw: row.source.raw,
        });
        return false;
      });
      // Without `partial` one rejected row means a rollback, so stop writing and only validate.
      if (partial || rejected.length === 0) {
        const counts = await upsertCreditRecords(transaction, writable);
        inserted += counts.inserted;
        updated += counts.updated;
        rowsWritten += writable.length;
      }
      options.onProgress?.({ rowsRead: tally.totalRows, rowsWritten });
      batch = [];
    };

    for (const row of readableRows(rows, tally)) {
      const kind = row.recordKind ?? input.kind!;
      const converted = convertCreditRecordRow(kind, row.values, context);
      if (!converted.ok) {
        for (const issue of converted.error) rejected.push({ line: row.line, field: row.headingOf(issue.field), reason: issue.reason, reasonZh: issue.reasonZh, raw: row.raw });
        continue;
      }
      const cited = converted.value.kind === 'penalty' ? citeLeniencyEntry(converted.value) : ok(converted.value);
      if (!cited.ok) {
        rejected.push({ line: row.line, field: row.headingOf('leniencyEntry'), ...bilingualReason((lang) => describeLeniencyCitationIssue(cited.error, lang)), raw: row.raw });
        continue;
      }
      const record = cited.value;
      const naturalKey = creditRecordNaturalKey(record);
      const identity = `${record.creditCode}\u0000${kind}\u0000${naturalKey}`;
      const firstLine = firstLineOf.get(identity);
      if (firstLine !== undefined) {
        rejected.push({
          line: row.line,
          reason: `the same ${kind} record as line ${firstLine} (same credit code and ${naturalKeyName(kind, 'en')})`,
          reasonZh: `与第 ${firstLine} 行是同一条${CREDIT_RECORD_KIND_NAMES[kind]}记录（统一社会信用代码和${naturalKeyName(kind, 'zh')}都相同）`,
          raw: row.raw,
        });
        continue;
      }
      firstLineOf.set(identity, row.line);
      batch.push({ record, naturalKey, effectiveDate: recordEffectiveDate(record), line: row.line, source: row, codeHeading: row.headingOf('creditCode') });
      if (batch.length >= BATCH_SIZE) await flush();
    }
    await flush();

    rejected.sort((left, right) => left.line - right.line);
    sendToRejectsSink(options.rejects, input.format === 'csv' ? text : undefined, rejected);
    const applied = !tally.unreadable && (partial || rejected.length === 0);
    const rejectedRowCount = new Set(rejected.map((rejection) => rejection.line)).size;
    const report: ImportReport = { totalRows: tally.totalRows, inserted: applied ? inserted : 0, updated: applied ? updated : 0, rejected, rejectedRowCount, applied, encoding };
    return { commit: applied, value: report };
  });
}

/** Hands the rejected rows (sorted by line) to the sink, one row at a time, after the CSV header. */
function sendToRejectsSink(sink: RejectsSink | undefined, csvText: string | undefined, rejected: readonly RejectedRow[]): void {
  if (!sink) return;
  const header = csvText === undefined ? undefined : readCsvRecords(csvText).next();
  if (header && !header.done) sink.header(header.value.raw);
  for (let start = 0; start < rejected.length; ) {
    let end = start + 1;
    while (end < rejected.length && rejected[end]?.line === rejected[start]?.line) end++;
    sink.add(rejected.slice(start, end));
    start = end;
  }
}

/** What identifies a record of a kind, in words, for the duplicate message. */
function naturalKeyName(kind: CreditRecordKind, lang: Language): string {
  const [zh, en] = NATURAL_KEY_NAMES[kind];
  return lang === 'zh' ? zh : en;
}

const NATURAL_KEY_NAMES: Readonly<Record<CreditRecordKind, readonly [zh: string, en: string]>> = {
  penalty: ['处罚决定书文号', 'decision number'],
  abnormal_operations_listing: ['列入日期和原因', 'listed date and reason'],
  serious_dishonesty_listing: ['列入日期', 'listed date'],
  annual_report: ['年度', 'year'],
  complaint: ['日期、来源和核查结论', 'date, source and finding'],
  inspection_result: ['日期和检查事项', 'date and item'],
  honour: ['类型和日期', 'type and date'],
  soft_measure: ['日期、措施和部门', 'date, measure and department'],
  related_party_link: ['人员、角色和开始日期', 'person, role and start date'],
};
