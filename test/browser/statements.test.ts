/**
 * Issue 17 in Chromium against the served demo county: an enterprise signs in with its
 * receipt code and states its case on a published result through its page's form; staff
 * answer it in the console; the enterprise then reads the answer. The public results page
 * shows the demo's corrected result marked, with a link to its correction.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveReceiptCode } from '../../src/application/bureau-keys.ts';
import { listPublishedResults } from '../../src/persistence/results-repository.ts';
import { testDatabaseKind } from '../support/database.ts';
import { DEMO_TASK, createUser, launchChromium, logIn, runBrowserTests, saveScreenshot, startDemoSite, watchedPage, type DemoSite } from './harness.ts';

describe.runIf(runBrowserTests)(`statements and corrections in Chromium on ${testDatabaseKind}`, () => {
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

  it("an enterprise submits a statement from its page's form, staff answer it in the console, and the enterprise reads the answer", async () => {
    const disputed = site.demo.corrections?.corrected?.creditCode;
    const result = (await listPublishedResults(site.database.db, { taskCode: DEMO_TASK, limit: 50 })).find((row) => row.creditCode !== disputed);
    if (!result) throw new Error('the demo published no other result');
    const enterprise = await watchedPage(browser, problems);
    await enterprise.goto(`${site.url}/enterprise/login`);
    await enterprise.getByLabel('统一社会信用代码').fill(result.creditCode);
    await enterprise.getByLabel('回执码').fill(deriveReceiptCode(site.keys, DEMO_TASK, result.creditCode));
    await enterprise.locator('form button[type="submit"]').first().click();
    await enterprise.waitForURL(`${site.url}/enterprise`);

    await enterprise.locator('#result').selectOption(`${DEMO_TASK}|${result.itemCode}`);
    await enterprise.getByLabel('陈述、申辩内容').fill('我司对检查结论有异议：检查当日已整改到位。');
    await enterprise.getByRole('button', { name: '提交陈述申辩' }).click();
    await enterprise.waitForURL(/\/enterprise\?done=statement/);
    await expect(enterprise.locator('#own-statements').textContent()).resolves.toContain('待答复');
    await saveScreenshot(enterprise, 'enterprise-statement', 'desktop');

    await createUser(site, 'staff', 'clerk-he');
    const staff = await watchedPage(browser, problems);
    await logIn(staff, site, 'clerk-he');
    await staff.goto(`${site.url}/console/statements`);
    const section = staff.locator('section.statement', { hasText: result.creditCode });
    await section.getByLabel('答复').fill('经复核，维持原检查结论。');
    await section.getByRole('button', { name: '答复' }).click();
    await staff.waitForURL(/done=answered/);

    await enterprise.goto(`${site.url}/enterprise`);
    await expect(enterprise.locator('#own-statements').textContent()).resolves.toContain('经复核，维持原检查结论。');
    expect(problems).toEqual([]);
  });

  it('the public results page marks the corrected result and links to its correction', async () => {
    const corrected = site.demo.corrections?.corrected;
    if (!corrected) throw new Error('the demo corrected no result');
    const page = await watchedPage(browser, problems);
    await page.goto(`${site.url}/results?task=${DEMO_TASK}&code=${corrected.creditCode}`);
    await page.getByRole('link', { name: `第 ${corrected.correction} 号更正` }).click();
    await page.waitForURL(`${site.url}/results/corrections/${corrected.correction}`);
    await expect(page.locator('#original-link').getAttribute('href')).resolves.toContain(corrected.creditCode);
    expect(problems).toEqual([]);
  });
});
