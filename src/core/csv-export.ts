/**
 * CSV for spreadsheets (RFC 4180): CRLF line ends, fields quoted when they hold a comma,
 * quote, CR or LF, quotes doubled, and a UTF-8 byte order mark so Excel reads Chinese text.
 * A cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe so a
 * spreadsheet never runs it as a formula (OWASP "CSV injection").
 */

const byteOrderMark = '\uFEFF';

/**
 * A field as RFC 4180 writes it: quoted (inner quotes doubled) only when it holds a comma,
 * quote, CR or LF. No formula guard: for text an import reads back as it is.
 *
 * @example quoteCsvField('a,"b"') // '"a,""b"""'
 */
export function quoteCsvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return quoteCsvField(text);
}

/**
 * Rows as CSV lines without BOM or headings: the pieces of a file streamed page by page
 * after `toExcelCsv(headings, [])`.
 *
 * @example excelCsvRows([['=1+1', 'a,b']]) // "'=1+1,\"a,b\"\r\n"
 */
export function excelCsvRows(rows: Iterable<readonly (string | number | null | undefined)[]>): string {
  let text = '';
  for (const row of rows) text += row.map(cell).join(',') + '\r\n';
  return text;
}

/**
 * The whole file as text, BOM first.
 *
 * @example toExcelCsv(['名称', '代码'], [['某"甲",公司', '9135…']]) // '\uFEFF名称,代码\r\n"某""甲"",公司",9135…\r\n'
 */
export function toExcelCsv(headings: readonly string[], rows: Iterable<readonly (string | number | null | undefined)[]>): string {
  return byteOrderMark + excelCsvRows([headings]) + excelCsvRows(rows);
}
