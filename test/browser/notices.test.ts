/**
 * Issue 18, "Done when": from the console alone, a bureau imports its registration export (行业
 * by GB/T 4754 name), approves the year's tier list, adds an inspector and a conflict (回避)
 * through the plan page's forms, freezes and draws a task, prints the notice of every selected
 * enterprise (the PDF's page count, and Chromium's own print of the notices page, are one A4
 * page per enterprise; each QR code is qrcode's rendering of the enterprise's check page, which
 * holds no receipt code) and downloads the Excel lists; no JSON is edited by hand. Debian's
 * Chromium against a served demo county, PGlite or PostgreSQL. The notice, the selected list as
 * CSV and the Chinese derivation page are saved for the docs (scripts/docs-screenshots.sh).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveReceiptCode } from '../../src/application/bureau-keys.ts';
import { findEnterprise } from '../../src/persistence/enterprise-queries.ts';
import { findInspector, findTask, listConflicts } from '../../src/persistence/inspection-repository.ts';
import { NOTICE_QR_OPTIONS } from '../../src/web/console/notice-text.ts';
import { creditCodeFor } from '../http/fixtures.ts';
import { testDatabaseKind } from '../support/database.ts';
import { firstWorksheet, headingsAndFrozenRow, pdfPageCount, worksheetAsCsv } from '../support/downloads.ts';
import { PLANNED_TASK, PLANNED_TASK_CALENDAR, createUser, launchChromium, logIn, runBrowserTests, saveScreenshot, startDemoSite, watchedPage, type DemoSite } from './harness.ts';

const screenshotFolder = path.resolve('test-results', 'screenshots', testDatabaseKind);

/** A registration system's export: the industry by its GB/T 4754-2017 class name, not its code. */
const exportHeader = '统一社会信用代码,企业名称,所属行政区划,行业,成立日期,企业类型,登记状态,标记';
const importedCodes = [creditCodeFor('350102', 990001), creditCodeFor('350102', 990002)];
const registrationExport = [exportHeader, `${importedCodes[0]},福州示例正餐有限公司,350102,正餐服务,2019/5/6,有限责任公司,存续,食品`, `${importedCodes[1]},福州示例快餐有限公司,350102,快餐服务,2021/3/4,有限责任公司,存续,食品`].join('\r\n');

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

  it('lets a bureau import its export, approve the tier list, add an inspector and a conflict, draw, print every notice and download the Excel lists, from the console alone', async () => {
    // An admin: approving the tier list is the bureau leadership's; the rest is staff work.
    await createUser(site, 'admin', 'chief-zhao');
    const page = await watchedPage(browser, problems);
    await logIn(page, site, 'chief-zhao');

    // The export as it comes from the registration system.
    await page.goto(`${site.url}/console/imports`);
    await page.locator('#enterprises-file').setInputFiles({ name: '登记系统导出.csv', mimeType: 'text/csv', buffer: Buffer.from(registrationExport, 'utf8') });
    await page.locator('form:has(#enterprises-file) button[type="submit"]').click();
    await page.locator('#import-counts').waitFor();
    // The job page: its progress line first, then the import's report.
    await expect(page.locator('p.notice.success[role="status"]').innerText()).resolves.toContain('已导入全部 2 行');
    await expect(findEnterprise(site.database.db, importedCodes[0]!)).resolves.toMatchObject({ industryCode: 'H6210' });

    // The year's tier list, approved again on the demo's run: a dynamic adjustment, with its reason.
    await page.goto(`${site.url}/console/tier-lists`);
    await page.locator('#runId').selectOption(String(site.demo.evaluation.id));
    await page.locator('#asOf').fill(site.demo.evaluation.asOf);
    await page.locator('#reason').fill('导入登记系统新增企业后重新批准');
    await page.locator('#approve').click();
    await page.waitForURL(/\/console\/tier-lists\/\d+\/\d+\?done=approved/);

    // An inspector of the task's department, and a conflict with an imported enterprise, through the plan page.
    const task = await findTask(site.database.db, PLANNED_TASK);
    const department = task!.departments[0]!.department;
    await page.goto(`${site.url}/console/plan?year=${task!.year}`);
    await page.locator('#inspector-form summary').click();
    await page.locator('#inspector-badge').fill('ZJ-0901');
    await page.locator('#inspector-name').fill('赵检查');
    await page.locator('#inspector-department').selectOption(department);
    await page.locator('#inspector-qualifications').fill(task!.qualification);
    await page.locator('#inspector-save').click();
    await page.waitForURL(/done=inspector/);
    await page.locator('#conflict-form summary').click();
    await page.locator('#conflict-badge').selectOption('ZJ-0901');
    await page.locator('#conflict-credit-code').fill(importedCodes[0]!);
    await page.locator('#conflict-reason').fill('近亲属在该企业任职');
    await page.locator('#conflict-save').click();
    await page.waitForURL(/done=conflict/);
    await expect(findInspector(site.database.db, 'ZJ-0901')).resolves.toMatchObject({ department, active: true });
    await expect(listConflicts(site.database.db)).resolves.toContainEqual({ badge: 'ZJ-0901', creditCode: importedCodes[0], reason: '近亲属在该企业任职' });

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
    // One sheet as the docs show it (scripts/docs-screenshots.sh copies it to docs/screenshots/notice.png).
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
    // The teams are drawn from the directory the forms changed: the new inspector is in some, never with the enterprise it must avoid.
    const teams = await page.locator('#assignment tbody tr').evaluateAll((rows) => rows.map((row) => ({ code: row.querySelector('code')?.textContent ?? '', team: row.children[2]?.textContent ?? '' })));
    expect(teams.filter(({ team }) => team.includes('ZJ-0901')).length).toBeGreaterThan(0);
    expect(teams.filter(({ code, team }) => code === importedCodes[0] && team.includes('ZJ-0901'))).toEqual([]);
    // The list as CSV, for the docs (docs/notices-and-exports.md).
    writeFileSync(path.join(screenshotFolder, 'selected-enterprises.csv'), await worksheetAsCsv(readFileSync(await selectedDownload.path())));

    await page.goto(`${site.url}/console/results`);
    const [overdueDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#overdue-xlsx').click()]);
    expect(headingsAndFrozenRow(await firstWorksheet(readFileSync(await overdueDownload.path()))).headings).toContain('公示期限');

    // The Chinese derivation page, for the docs (docs/derivation.md).
    await page.goto(`${site.url}/console/plan?year=${task!.year}`);
    await page.locator('#derive-run').selectOption(String(site.demo.evaluation.id));
    await page.locator('form[action="/console/plan/derive"] button[type="submit"]').click();
    await page.locator('#derivation').waitFor();
    await saveScreenshot(page, 'derivation-zh', 'desktop');
    expect(problems).toEqual([]);
  });
});
