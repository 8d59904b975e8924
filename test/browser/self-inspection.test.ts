/**
 * Issue 17 in Chromium against the served demo county: an enterprise the demo's
 * self-inspection task selected signs in with its receipt code, fills its self-inspection
 * form (one item compliant or corrected, the commitment accepted) and gets the SHA-256
 * receipt of what it submitted; staff return the report with a reason in the console; the
 * enterprise reads the reason and resubmits.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveReceiptCode } from '../../src/application/bureau-keys.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { reportContentHash, selfInspectionReportContent } from '../../src/core/self-inspection.ts';
import { listReports } from '../../src/persistence/self-inspection-repository.ts';
import { testDatabaseKind } from '../support/database.ts';
import { createUser, launchChromium, logIn, runBrowserTests, saveScreenshot, startDemoSite, watchedPage, type DemoSite } from './harness.ts';

describe.runIf(runBrowserTests)(`self-inspection by commitment in Chromium on ${testDatabaseKind}`, () => {
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

  /** Signs in on /enterprise with the receipt code of the self-inspection task's draw. */
  async function signInAsEnterprise(creditCode: string, taskCode: string): Promise<Page> {
    const enterprise = await watchedPage(browser, problems);
    await enterprise.goto(`${site.url}/enterprise/login`);
    await enterprise.getByLabel('统一社会信用代码').fill(creditCode);
    await enterprise.getByLabel('回执码').fill(deriveReceiptCode(site.keys, taskCode, creditCode));
    await enterprise.locator('form button[type="submit"]').first().click();
    await enterprise.waitForURL(`${site.url}/enterprise`);
    return enterprise;
  }

  it('an enterprise fills and submits its self-inspection form with the commitment, gets its SHA-256 receipt, and resubmits after staff return the report', async () => {
    const demo = site.demo.selfInspection;
    const creditCode = demo?.notReported[0];
    if (!demo || !creditCode) throw new Error('the demo has no selected enterprise without a report');
    // Before the report due date on the demo's simulated calendar.
    site.clock.set(new Date('2026-11-18T02:00:00Z'));
    const enterprise = await signInAsEnterprise(creditCode, demo.taskCode);

    const form = enterprise.locator(`section.self-inspection[data-task="${demo.taskCode}"] form`);
    await form.getByLabel('自查内容（检查了什么）').fill('核对年度报告和即时信息公示');
    await form.getByLabel('自查结果').selectOption('corrected');
    await form.getByLabel('整改情况（发现问题时填写）').fill('已更正年度报告中的联系电话');
    await form.getByLabel('本企业已阅读并作出上述承诺').check();
    await saveScreenshot(enterprise, 'enterprise-self-inspection-form', 'desktop');
    await form.getByRole('button', { name: '提交自查报告' }).click();
    await enterprise.waitForURL(/\/enterprise\?done=self-inspection/);

    const [report] = await listReports(site.database.db, { taskCode: demo.taskCode, creditCode });
    if (!report) throw new Error('no report was stored');
    expect(report.findings).toEqual([{ itemCode: 'ZC-01', checked: '核对年度报告和即时信息公示', finding: 'corrected', corrected: '已更正年度报告中的联系电话' }]);
    const digest = reportContentHash(
      selfInspectionReportContent({ task: demo.taskCode, creditCode, version: 1, findings: report.findings, commitmentVersion: 'commitment/1', submittedAt: report.submittedAt }),
      nodeSha256,
    );
    await expect(enterprise.locator(`li[data-report="${report.id}"] .receipt-digest`).textContent()).resolves.toBe(digest);
    await expect(enterprise.locator(`li[data-report="${report.id}"]`).textContent()).resolves.toContain('待审核');
    // A report waiting for review cannot be submitted again: the form is gone.
    await expect(form.count()).resolves.toBe(0);

    await createUser(site, 'staff', 'clerk-zhou');
    const staff = await watchedPage(browser, problems);
    await logIn(staff, site, 'clerk-zhou');
    await staff.goto(`${site.url}/console/self-inspection/${demo.taskCode}`);
    const section = staff.locator(`section.report[data-code="${creditCode}"]`);
    await section.getByLabel('审核意见').selectOption('return');
    await section.getByLabel('退回理由（退回时必填）').fill('请写明核对了哪些即时信息');
    await section.getByRole('button', { name: '提交审核意见' }).click();
    await staff.waitForURL(/done=reviewed/);

    await enterprise.goto(`${site.url}/enterprise`);
    await expect(enterprise.locator(`li[data-report="${report.id}"]`).textContent()).resolves.toContain('请写明核对了哪些即时信息');
    await form.getByLabel('自查内容（检查了什么）').fill('核对年度报告、股东出资和行政许可即时信息');
    await form.getByLabel('本企业已阅读并作出上述承诺').check();
    await form.getByRole('button', { name: '提交自查报告' }).click();
    await enterprise.waitForURL(/\/enterprise\?done=self-inspection/);
    expect((await listReports(site.database.db, { taskCode: demo.taskCode, creditCode })).map((row) => [row.version, row.status])).toEqual([
      [1, 'returned'],
      [2, 'submitted'],
    ]);
    expect(problems).toEqual([]);
  });

  it('refuses a report after the due date, in Chinese', async () => {
    const demo = site.demo.selfInspection;
    const creditCode = demo?.notReported[1];
    if (!demo || !creditCode) throw new Error('the demo has too few selected enterprises without a report');
    site.clock.set(new Date('2026-11-18T02:00:00Z'));
    const enterprise = await signInAsEnterprise(creditCode, demo.taskCode);
    const form = enterprise.locator(`section.self-inspection[data-task="${demo.taskCode}"] form`);
    await form.getByLabel('自查内容（检查了什么）').fill('核对年度报告');
    await form.getByLabel('本企业已阅读并作出上述承诺').check();
    // The form was opened in time; it is sent after the due date.
    site.clock.set(new Date('2026-11-21T02:00:00Z'));
    await form.getByRole('button', { name: '提交自查报告' }).click();
    await expect(enterprise.locator('#self-inspection ~ .notice.error, .notice.error').first().textContent()).resolves.toContain(`任务 ${demo.taskCode} 的自查报告已于 2026-11-20 截止，不能再提交`);
    expect(problems).toEqual([]);
  });
});
