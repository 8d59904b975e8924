/**
 * Sends a table as a download, CSV or Excel (.xlsx), from one definition of its columns
 * (`TableColumn`). The one module that builds xlsx: Chinese headings in bold, column widths,
 * the heading row frozen, dates and times as date cells (Beijing wall time, since a cell has
 * no time zone). Both formats stream page by page, so a county's tier list of 10^6 rows is
 * never one string or one workbook in memory.
 */
import type { Writable } from 'node:stream';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import type { ColumnKind, TableColumn } from '../core/table-columns.ts';
import { tableCsv, tableCsvRows, tableValues } from '../core/table-columns.ts';

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export interface TableDownload<Row> {
  /** File name without extension, ASCII (e.g. `selected-2027-SP-01`). */
  readonly filename: string;
  /** The worksheet's name (at most 31 characters; Chinese is fine). */
  readonly sheetName: string;
  readonly columns: readonly TableColumn<Row>[];
  /** The rows, a page at a time (or all at once). */
  readonly pages: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;
const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss' };

/**
 * A value as an Excel cell: a calendar date or an instant becomes a Date whose UTC reading is
 * the Beijing date and time the CSV shows; anything unreadable stays text.
 *
 * @example excelCell('date', '2027-03-02') // Date 2027-03-02T00:00:00Z
 * @example excelCell('datetime', '2027-03-02T10:15:00+08:00') // Date 2027-03-02T10:15:00Z
 */
export function excelCell(kind: ColumnKind, value: string | number | null | undefined): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || kind === 'text' || kind === 'number') return value;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) return new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])));
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) return value;
  return kind === 'date' ? new Date(Date.UTC(...shanghaiParts(instant))) : new Date(instant + BEIJING_OFFSET_MS);
}

function shanghaiParts(instant: number): [number, number, number] {
  const shifted = new Date(instant + BEIJING_OFFSET_MS);
  return [shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()];
}

/**
 * Writes the table as an xlsx workbook to `stream` and resolves when it is complete.
 *
 * @example await writeXlsx(response, { filename: 'overdue', sheetName: '逾期未公示', columns, pages: [rows] })
 */
export async function writeXlsx<Row>(stream: Writable, table: Omit<TableDownload<Row>, 'filename'>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((entry, index) => ({
    header: entry.heading,
    key: String(index),
    width: entry.width,
    ...(NUMBER_FORMATS[entry.kind] ? { style: { numFmt: NUMBER_FORMATS[entry.kind] } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const page of table.pages) {
    for (const values of tableValues(table.columns, page)) {
      sheet.addRow(values.map((value, index) => excelCell(table.columns[index]!.kind, value))).commit();
    }
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * Sends the table in `format` as an attachment; staff downloads are `no-store`.
 *
 * @example await sendTable(response, 'xlsx', { filename: 'selected-2027-SP-01', sheetName: '抽中企业', columns, pages: [rows] })
 */
export async function sendTable<Row>(response: Response, format: TableFormat, table: TableDownload<Row>): Promise<void> {
  response
    .status(200)
    .set('Cache-Control', 'no-store')
    .set('Content-Type', format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${table.filename}.${format}"`);
  if (format === 'xlsx') {
    await writeXlsx(response, table);
    return;
  }
  response.write(tableCsv(table.columns, []));
  for await (const page of table.pages) response.write(tableCsvRows(table.columns, page));
  response.end();
}
