/**
 * Issue 18: a drawn task's inspection notices (print page and batch PDF), its selected
 * enterprises as Excel and CSV, and receipt codes while the server runs (staff API). PGlite,
 * or PostgreSQL when DATABASE_URL is set.
 */
import type { Express } from 'express';
import QRCode from 'qrcode';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialRole } from '../../src/application/api-tokens.ts';
import { deriveReceiptCode, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { listActivity } from '../../src/application/activity-log.ts';
import { bureauKeySet } from '../../src/application/draw-publication.ts';
import { checkPageUrl } from '../../src/application/inspection-notices.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { verifyRecord } from '../../src/core/verify/index.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { NOTICE_QR_OPTIONS } from '../../src/web/console/notice-text.ts';
import { createWorldDatabase, loadTasks, worldTasks } from '../integration/draw-world.ts';
import { binary, firstWorksheet, headingsAndFrozenRow, pdfPageCount } from '../support/downloads.ts';
import { createTestAppWithKeys, WORLD_CALENDAR } from './fixtures.ts';

const code = '2027-SP-01';
let database: DatabaseHandle;
let app: Express;
let keys: BureauKeys;
let bearer: Record<CredentialRole, string>;
let selected: { code: string; name?: string }[] = [];

function staffGet(path: string) {
  return supertest(app).get(path).set('Authorization', bearer.staff).set('Accept', 'text/html');
}

beforeAll(async () => {
  const world = await createWorldDatabase();
  const testApp = await createTestAppWithKeys({ database: world.database });
  ({ database, app, bearer, keys } = testApp);
  await loadTasks(database, [worldTasks(world.seeded.runId).food]);
  // Freeze at the world's freeze time, draw after its entropy time (draw/v1.1 order of events).
  expect((await supertest(app).post(`/console/tasks/${code}/freeze`).set('Authorization', bearer.staff).set('Accept', 'text/html')).status).toBe(303);
  testApp.clock.set(WORLD_CALENDAR.drawnAt);
  expect((await supertest(app).post(`/console/tasks/${code}/draw`).set('Authorization', bearer.staff).type('form').send({ entropy: '3.6.1.5.2.4' })).status).toBe(303);
  selected = (await supertest(app).get(`/api/public/draws/${code}`)).body.record.selected;
  expect(selected.length).toBeGreaterThan(1);
});

afterAll(async () => {
  await database.close();
});

describe('inspection notices of a drawn task', () => {
  it('link the notices and the Excel list from the drawn task page', async () => {
    const page = await staffGet(`/console/tasks/${code}`);
    expect(page.text).toContain(`href="/console/tasks/${code}/notices"`);
    expect(page.text).toContain(`href="/console/tasks/${code}/selected.xlsx"`);
  });

  it("print every selected enterprise's notice with its receipt code and a QR code of its check page that holds no code", async () => {
    const page = await staffGet(`/console/tasks/${code}/notices`);
    expect(page.status).toBe(200);
    const origin = /data-url="(https?:\/\/[^/"]+)\/receipt/.exec(page.text)?.[1];
    expect(origin).toBeDefined();
    const sheets = page.text.split('<article class="notice-sheet"').slice(1);
    expect(sheets).toHaveLength(selected.length);
    for (const [index, member] of selected.entries()) {
      const sheet = sheets[index]!;
      const receiptCode = deriveReceiptCode(keys, code, member.code);
      const url = checkPageUrl(origin as string, code, member.code);
      expect(sheet).toContain(`data-credit-code="${member.code}"`);
      expect(sheet).toContain(`<code>${receiptCode}</code>`);
      expect(url).toBe(`${origin}/receipt?draw=${code}&code=${member.code}`);
      expect(url).not.toContain(receiptCode);
      // No QR decoder is installed: the SVG must be qrcode's rendering of exactly this address.
      expect(sheet).toContain(`data-url="${url.replace('&', '&amp;')}"`);
      expect(sheet).toContain(await QRCode.toString(url, { ...NOTICE_QR_OPTIONS, type: 'svg' }));
    }
    expect(page.text).toContain('检查通知书');
    expect(page.text).toContain('一、抽查事项及依据');
    const english = await staffGet(`/console/tasks/${code}/notices?lang=en`);
    expect(english.text).toContain('Notice of inspection');
  });

  it('make one A4 PDF page per selected enterprise with the CJK font embedded', async () => {
    const response = await binary(staffGet(`/console/tasks/${code}/notices.pdf`));
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/pdf');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBe(selected.length);
    expect(pdf.toString('latin1')).toContain('WenQuanYiMicroHei');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  });

  it('refuse the PDF in Chinese and English when the font is missing', async () => {
    const fontless = createApp({ database, logger: createLogger('silent'), bureauKeys: keys, noticeFontPath: '/nonexistent/font.ttc' });
    const response = await supertest(fontless).get(`/console/tasks/${code}/notices.pdf`).set('Authorization', bearer.staff).set('Accept', 'text/html');
    expect(response.status).toBe(503);
    expect(response.text).toContain('找不到检查通知书 PDF 所需的中文字体');
    expect(response.text).toContain('install fonts-wqy-microhei');
  });

  it('download the selected enterprises and teams as xlsx with Chinese headings, a frozen heading row and date cells', async () => {
    const response = await binary(staffGet(`/console/tasks/${code}/selected.xlsx`));
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="selected-${code}.xlsx"`);
    const sheet = await firstWorksheet(response.body as Buffer);
    expect(headingsAndFrozenRow(sheet)).toEqual({
      headings: ['序号', '统一社会信用代码', '企业名称', '分层', '抽查任务', '抽查事项', '检查部门', '检查人员（执法证号）', '检查起始日期', '检查截止日期'],
      frozen: true,
    });
    expect(sheet.getColumn(2).width).toBe(22);
    expect(sheet.rowCount).toBe(selected.length + 1);
    expect(sheet.getCell('B2').value).toBe(selected[0]!.code);
    expect(sheet.getCell('I2').value).toEqual(new Date('2027-03-02T00:00:00Z'));
    expect(sheet.getCell('J2').value).toEqual(new Date('2027-12-31T00:00:00Z'));
    expect(sheet.getCell('I2').numFmt).toBe('yyyy-mm-dd');
  });

  it('download the same list as CSV with the same headings', async () => {
    const response = await staffGet(`/console/tasks/${code}/selected.csv`);
    expect(response.status).toBe(200);
    const lines = response.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFF序号,统一社会信用代码,企业名称,分层,抽查任务,抽查事项,检查部门,检查人员（执法证号）,检查起始日期,检查截止日期');
    expect(lines[1]).toContain(`1,${selected[0]!.code},`);
    expect(lines[1]).toContain(',2027-03-02,2027-12-31');
  });

  it('answer the receipt codes to staff while the server runs, in the shape verify --receipt takes', async () => {
    const list = await supertest(app).get(`/api/draws/${code}/receipt-codes`).set('Authorization', bearer.staff);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { creditCode: string }) => item.creditCode)).toEqual(selected.map((member) => member.code));
    expect(list.body.items[0].receiptCode).toBe(deriveReceiptCode(keys, code, selected[0]!.code));
    const one = await supertest(app).get(`/api/draws/${code}/receipt-codes/${selected[0]!.code}`).set('Authorization', bearer.staff);
    expect(one.status).toBe(200);
    expect(Object.keys(one.body)).toEqual(['receiptCode', 'readAt', 'receipt']);
    expect(one.body.receipt.record.code).toBe(selected[0]!.code);
    // As `suiji verify --receipt` reads it (draw/v1.1 section 7.2): the answer as it is, no editing.
    const record = (await supertest(app).get(`/api/public/draws/${code}`)).body;
    const checks = verifyRecord({ record, receipt: one.body, keys: bureauKeySet(keys), hash: nodeSha256 });
    expect(checks.find((check) => check.id === 'receipt')).toMatchObject({ status: 'passed' });
  });

  it('keep notices, lists and receipt codes from the public and enterprises, and log each staff download', async () => {
    const pages = [`/console/tasks/${code}/notices`, `/console/tasks/${code}/notices.pdf`, `/console/tasks/${code}/selected.xlsx`, `/console/tasks/${code}/selected.csv`];
    for (const path of pages) {
      const anonymous = await supertest(app).get(path).set('Accept', 'text/html');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect((await supertest(app).get(path).set('Authorization', bearer.enterprise).set('Accept', 'text/html')).status).toBe(403);
    }
    for (const path of [`/api/draws/${code}/receipt-codes`, `/api/draws/${code}/receipt-codes/${selected[0]!.code}`]) {
      expect((await supertest(app).get(path)).status).toBe(401);
      expect((await supertest(app).get(path).set('Authorization', bearer.enterprise)).status).toBe(403);
    }
    const downloads = await listActivity(database.db, { limit: 50, action: 'download' });
    const formats = new Set(downloads.items.map((entry) => (entry.details as { format?: string } | null)?.format));
    for (const format of ['html', 'pdf', 'xlsx', 'csv', 'receipt-codes', 'receipt-code']) expect(formats).toContain(format);
    expect(downloads.items.every((entry) => entry.role === 'staff')).toBe(true);
  });

  it('refuse notices of a task that is not drawn', async () => {
    await loadTasks(database, [{ ...worldTasks(1).food, code: '2027-SP-77' }]);
    expect((await staffGet('/console/tasks/2027-SP-77/notices')).status).toBe(409);
    expect((await staffGet('/console/tasks/2027-SP-404/notices')).status).toBe(404);
  });
});
