/** Reading downloads back in tests: binary bodies, PDF page counts and xlsx workbooks (opened with exceljs). */
import ExcelJS from 'exceljs';
import type supertest from 'supertest';

/**
 * A request whose body is kept as a Buffer (PDF, xlsx).
 *
 * @example const response = await binary(supertest(app).get('/x.xlsx'))
 */
export function binary(request: supertest.Test): supertest.Test {
  return request.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/**
 * The first worksheet of an xlsx body.
 *
 * @example const sheet = await firstWorksheet(response.body)
 */
export async function firstWorksheet(body: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(body).buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no worksheet');
  return sheet;
}

/**
 * The first worksheet of an xlsx body as CSV text (exceljs's own writer), as a spreadsheet
 * program's "save as CSV" gives it.
 *
 * @example await worksheetAsCsv(readFileSync('抽中企业.xlsx')) // '序号,统一社会信用代码,…\n1,9135…'
 */
export async function worksheetAsCsv(body: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(body).buffer);
  return (await workbook.csv.writeBuffer({ dateFormat: 'YYYY-MM-DD' })).toString();
}

/**
 * What every exported sheet must have: these headings in row 1, the row frozen.
 *
 * @example expect(headingsAndFrozenRow(sheet)).toEqual({ headings: ["统一社会信用代码", "企业名称"], frozen: true })
 */
export function headingsAndFrozenRow(sheet: ExcelJS.Worksheet): { headings: unknown[]; frozen: boolean } {
  const view = sheet.views[0] as { state?: string; ySplit?: number } | undefined;
  return { headings: (sheet.getRow(1).values as unknown[]).slice(1), frozen: view?.state === 'frozen' && view.ySplit === 1 };
}

/**
 * The page objects of a PDF (ISO 32000-1 section 7.7.3.3: `/Type /Page`, not `/Pages`).
 *
 * @example pdfPageCount(readFileSync('notices.pdf')) // 12
 */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}
