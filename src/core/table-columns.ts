/**
 * A downloadable table's columns, defined once and shared by its CSV and its Excel file: the
 * Chinese heading, the column width in Excel, the kind of cell and how a row gives the value.
 * Dates are calendar dates (`2027-03-02`) and times record times or ISO instants; the CSV
 * writes them as text, the Excel file as date cells.
 */
import { excelCsvRows, toExcelCsv } from './csv-export.ts';

export type ColumnKind = 'text' | 'number' | 'date' | 'datetime';

export interface TableColumn<Row> {
  readonly heading: string;
  /** Width in Excel's character units. */
  readonly width: number;
  readonly kind: ColumnKind;
  readonly value: (row: Row) => string | number | null | undefined;
}

/**
 * A column (text unless said otherwise).
 *
 * @example column('统一社会信用代码', 22, (row: { code: string }) => row.code)
 */
export function column<Row>(heading: string, width: number, value: TableColumn<Row>['value'], kind: ColumnKind = 'text'): TableColumn<Row> {
  return { heading, width, kind, value };
}

/**
 * The rows' cell values, in column order.
 *
 * @example tableValues([column('代码', 10, (row: { code: string }) => row.code)], [{ code: 'A' }]) // [['A']]
 */
export function tableValues<Row>(columns: readonly TableColumn<Row>[], rows: Iterable<Row>): (string | number | null | undefined)[][] {
  const values: (string | number | null | undefined)[][] = [];
  for (const row of rows) values.push(columns.map((entry) => entry.value(row)));
  return values;
}

/**
 * The whole table as CSV for Excel (BOM and headings first, see `toExcelCsv`).
 *
 * @example tableCsv([column('代码', 10, (row: { code: string }) => row.code)], [{ code: 'A' }]) // '\uFEFF代码\r\nA\r\n'
 */
export function tableCsv<Row>(columns: readonly TableColumn<Row>[], rows: Iterable<Row>): string {
  return toExcelCsv(
    columns.map((entry) => entry.heading),
    tableValues(columns, rows),
  );
}

/**
 * Rows only, for a CSV streamed page by page after `tableCsv(columns, [])`.
 *
 * @example tableCsvRows(columns, page)
 */
export function tableCsvRows<Row>(columns: readonly TableColumn<Row>[], rows: Iterable<Row>): string {
  return excelCsvRows(tableValues(columns, rows));
}
