/**
 * Issue 18, "Done when": from the console alone, staff freeze and draw a task, print the
 * notice of every selected enterprise (the PDF's page count, and Chromium's own print of the
 * notices page, are one A4 page per enterprise; each QR code is qrcode's rendering of the
 * enterprise's check page, which holds no receipt code) and download the Excel lists.
 * Debian's Chromium against a served demo county, PGlite or PostgreSQL.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveReceiptCode } from '../../src/application/bureau-keys.ts';
import { NOTICE_QR_OPTIONS } from '../../src/web/console/notice-text.ts';
import { testDatabaseKind } from '../support/database.ts';
import { firstWorksheet, headingsAndFrozenRow, pdfPageCount } from '../support/downloads.ts';
import { PLANNED_TASK, PLANNED_TASK_CALENDAR, createUser, launchChromium, logIn, runBrowserTests, startDemoSite, watchedPage, type DemoSite } from './harness.ts';

const screenshotFolder = path.resolve('test-results', 'screenshots', testDatabaseKind);

describe.runIf(runBrowserTests)(`notices and Excel lists in Chromium on ${testDatabaseKind}`, () => {
  let site: DemoSite;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    [site, browser] = await Promise.all([startDemoSite(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('lets staff draw a task, print every selected enterprise\'s notice and download the Excel lists, from the console alone', async () => {
    await createUser(site, 'staff', 'inspector-zhao');
    const page = await watchedPage(browser, problems);
    await logIn(page, site, 'inspector-zhao');

    await page.goto(`${site.url}/console/tasks`);
    await page.getByRole('link', { name: PLANNED_TASK }).first().click();
    await page.locator('#freeze').click();
    await page.locator('#entropy').waitFor();
    site.clock.set(PLANNED_TASK_CALENDAR.drawnAt);
    await page.locator('#entropy').fill('357');
    await page.locator('#draw').click();
    await page.locator('#selected').waitFor();
    const selectedCodes = await page.locator('#selected tbody tr td:nth-child(2) code').allInnerTexts();
    expect(selectedCodes.length).toBeGreaterThan(0);

    // The notices: one sheet per selected enterprise, with its receipt code and its QR code.
    await page.locator('#notices-link').click();
    await page.locator('#notices').waitFor();
    const sheets = page.locator('#notices article.notice-sheet');
    await expect(sheets.count()).resolves.toBe(selectedCodes.length);
    for (const [index, code] of selectedCodes.entries()) {
      const sheet = sheets.nth(index);
      await expect(sheet.getAttribute('data-credit-code')).resolves.toBe(code);
      const receiptCode = deriveReceiptCode(site.keys, PLANNED_TASK, code);
      await expect(sheet.locator('.receipt-code').innerText()).resolves.toBe(receiptCode);
      const url = await sheet.locator('.notice-qr').getAttribute('data-url');
      expect(url).toBe(`${site.url}/receipt?draw=${PLANNED_TASK}&code=${code}`);
      expect(url).not.toContain(receiptCode);
      // No QR decoder is installed: the drawn SVG must be qrcode's rendering of exactly this address.
      const svg = await sheet.locator('.notice-qr svg').evaluate((element) => element.outerHTML);
      const expected = await QRCode.toString(url as string, { ...NOTICE_QR_OPTIONS, type: 'svg' });
      // Both as Chromium's DOM serialises them (it writes `<path …></path>` for `<path …/>`).
      const parsed = await page.evaluate((markup) => {
        const holder = document.createElement('div');
        holder.innerHTML = markup;
        return holder.firstElementChild?.outerHTML;
      }, expected);
      expect(svg).toBe(parsed);
    }
    // One sheet as the docs show it (docs/images/notice.png is a copy).
    mkdirSync(screenshotFolder, { recursive: true });
    await sheets.first().screenshot({ path: path.join(screenshotFolder, 'notice-sheet-desktop.png') });

    // The check page the QR code opens has the draw and the credit code filled in.
    const checkPage = await browser.newPage();
    await checkPage.goto((await sheets.first().locator('.notice-qr').getAttribute('data-url')) as string);
    await expect(checkPage.locator('#code').inputValue()).resolves.toBe(selectedCodes[0]);
    await checkPage.close();

    // Chromium's print of the page: the print stylesheet makes one A4 page per notice.
    const printed = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdfPageCount(printed)).toBe(selectedCodes.length);

    // The batch PDF: one page per enterprise.
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#notices-pdf').click()]);
    const pdf = readFileSync(await pdfDownload.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBe(selectedCodes.length);

    // The Excel lists: selected enterprises and teams, then the tier list.
    await page.goto(`${site.url}/console/tasks/${PLANNED_TASK}`);
    const [selectedDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#selected-xlsx').click()]);
    const selectedSheet = await firstWorksheet(readFileSync(await selectedDownload.path()));
    expect(headingsAndFrozenRow(selectedSheet).frozen).toBe(true);
    expect(headingsAndFrozenRow(selectedSheet).headings.slice(0, 3)).toEqual(['序号', '统一社会信用代码', '企业名称']);
    expect(selectedSheet.getColumn(2).values.slice(2)).toEqual(selectedCodes);
    expect(selectedSheet.getCell('I2').value).toBeInstanceOf(Date);

    await page.goto(`${site.url}/console/results`);
    const [overdueDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#overdue-xlsx').click()]);
    expect(headingsAndFrozenRow(await firstWorksheet(readFileSync(await overdueDownload.path()))).headings).toContain('公示期限');
    expect(problems).toEqual([]);
  });
});
