/**
 * The browser scenarios, in Debian's Chromium against a served demo county: a member
 * of the public verifies the demo draw and a tampered copy of it, an enterprise checks its
 * receipt, staff sign in, import a file with one bad row, freeze and draw a task, and cannot
 * reach admin pages. Every page is also watched for script errors and CSP violations.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveReceiptCode } from '../../src/application/bureau-keys.ts';
import { generateDirectoryCsv } from '../../src/core/synthetic/directory-csv.ts';
import { generateEnterprises } from '../../src/core/synthetic/enterprises.ts';
import type { SignedEnvelope } from '../../src/core/signature.ts';
import type { SignedTreeHead } from '../../src/core/tree-head.ts';
import { testDatabaseKind } from '../support/database.ts';
import { forgedCases } from '../support/forged-evidence.ts';
import { DEMO_TASK, PLANNED_TASK, PLANNED_TASK_CALENDAR, createUser, launchChromium, logIn, runBrowserTests, saveScreenshot, startDemoSite, watchedPage, type DemoSite } from './harness.ts';

interface PublicRecord {
  readonly record: { readonly selected: { code: string; ticket: string }[] };
  readonly recordHash: string;
  readonly signature: { keyId: string; algorithm: 'Ed25519'; value: string };
}

/** The checks that fail on a demo record: none, or only the commitment order on records without entropyAt (before draw/v1.1). */
function expectedFailures(published: PublicRecord): string[] {
  return 'entropyAt' in published.record ? [] : ['commitment-log'];
}

/** Verifies chosen files on /verify and returns the check statuses. */
async function verifyFiles(page: Page, site: DemoSite, files: { record: string; keys?: string; logProof?: string }): Promise<Record<string, string>> {
  await page.goto(`${site.url}/verify`);
  await page.locator('#record-file').setInputFiles(files.record);
  if (files.keys) await page.locator('#keys-file').setInputFiles(files.keys);
  if (files.logProof) await page.locator('#log-proof-file').setInputFiles(files.logProof);
  await page.locator('#verify-files').click();
  await page.locator('#verifier[data-done]').waitFor();
  return checkStatuses(page);
}


/** The check statuses on the page, by check id. */
async function checkStatuses(page: Page): Promise<Record<string, string>> {
  const entries = await page
    .locator('#checks li[data-check-id]')
    .evaluateAll((items) => items.map((item) => [item.getAttribute('data-check-id'), item.getAttribute('data-status')]));
  return Object.fromEntries(entries);
}

describe.runIf(runBrowserTests)(`the web in Chromium on ${testDatabaseKind}`, () => {
  let site: DemoSite;
  let browser: Browser;
  let record: PublicRecord;
  const problems: string[] = [];

  beforeAll(async () => {
    [site, browser] = await Promise.all([startDemoSite(), launchChromium()]);
    record = (await (await fetch(`${site.url}/api/public/draws/${DEMO_TASK}`)).json()) as PublicRecord;
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('lets a member of the public verify the demo draw in the browser, every check passing', async () => {
    const page = await watchedPage(browser, problems);
    await page.goto(`${site.url}/draws`);
    await page.getByRole('link', { name: DEMO_TASK }).first().click();
    await page.waitForURL(`${site.url}/draws/${DEMO_TASK}`);
    await page.getByRole('link', { name: /在浏览器中核验/ }).first().click();
    await page.waitForURL(`${site.url}/draws/${DEMO_TASK}/verify`);
    await page.locator('#verifier[data-done]').waitFor();

    const statuses = await checkStatuses(page);
    // draw/v1.1: even the sealed demo record carries the inspector snapshot, so the assignment is checked too.
    for (const id of ['format', 'commitment', 'seed', 'order', 'sample-size', 'tickets', 'selection', 'assignment', 'record-hash', 'signature', 'log-inclusion']) {
      expect(statuses[id], id).toBe('passed');
    }
    expect(Object.keys(statuses).filter((id) => statuses[id] === 'failed')).toEqual(expectedFailures(record));
    if (expectedFailures(record).length === 0) {
      await expect(page.locator('#verdict').getAttribute('data-verdict')).resolves.toBe('passed');
      await expect(page.locator('#verdict').innerText()).resolves.toContain('全部核验通过');
    }
    await saveScreenshot(page, 'verify-passed', 'desktop');
    expect(problems).toEqual([]);
  });

  it('shows which check failed when the saved record file was tampered with', async () => {
    const tampered = structuredClone(record);
    const victim = tampered.record.selected[0];
    if (!victim) throw new Error('the demo draw selected no one');
    // The last digit of one ticket changed: the kind of edit someone sparing a friend would need.
    victim.ticket = victim.ticket.slice(0, -1) + (victim.ticket.endsWith('1') ? '2' : '1');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'suiji-browser-')), `${DEMO_TASK}.json`);
    writeFileSync(file, JSON.stringify(tampered));

    const page = await watchedPage(browser, problems);
    await page.goto(`${site.url}/verify`);
    await page.locator('#record-file').setInputFiles(file);
    await page.locator('#verify-files').click();
    await page.locator('#verifier[data-done]').waitFor();

    const statuses = await checkStatuses(page);
    expect(statuses.tickets).toBe('failed');
    expect(statuses['record-hash']).toBe('failed');
    await expect(page.locator('#verdict').getAttribute('data-verdict')).resolves.toBe('failed');
    const verdict = await page.locator('#verdict').innerText();
    expect(verdict).toContain('核验失败');
    await expect(page.locator('#checks li[data-check-id="tickets"] .reason').innerText()).resolves.toContain(victim.code);
    await saveScreenshot(page, 'verify-tampered', 'desktop');
    expect(problems).toEqual([]);
  });

  it('fails the order check in the browser for a record whose draw came before its entropy time (draw/v1.1)', async () => {
    const early = structuredClone(record);
    (early.record as { drawnAt?: string }).drawnAt = '2026-11-05T09:00:00+08:00';
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'suiji-browser-')), `${DEMO_TASK}-early.json`);
    writeFileSync(file, JSON.stringify(early));

    const page = await watchedPage(browser, problems);
    await page.goto(`${site.url}/verify`);
    await page.locator('#record-file').setInputFiles(file);
    await page.locator('#verify-files').click();
    await page.locator('#verifier[data-done]').waitFor();

    const statuses = await checkStatuses(page);
    expect(statuses.tickets).toBe('passed');
    expect(statuses.order).toBe('failed');
    await expect(page.locator('#checks li[data-check-id="order"] .reason').innerText()).resolves.toContain('before entropyAt 2026-11-05T10:00:00+08:00');
  });

  it('fails every forged case of the audit fed to the page as saved files: made-up log proofs, a garbage signature without keys, a bare record', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'suiji-browser-'));
    const save = (name: string, content: unknown) => {
      const file = path.join(directory, name);
      writeFileSync(file, JSON.stringify(content));
      return file;
    };
    const logProofs = (await (await fetch(`${site.url}/api/public/draws/${DEMO_TASK}/log-proof`)).json()) as { record: { treeHead: SignedTreeHead } };
    const keySet = save('keys.json', await (await fetch(`${site.url}/.well-known/suiji-keys.json`)).json());
    const page = await watchedPage(browser, problems);
    const cases = forgedCases({ envelope: record as unknown as SignedEnvelope<Record<string, unknown>>, keys: site.keys, realHead: logProofs.record.treeHead });
    // The page takes one log proof file; a head "beside" the proof is the same as one inside it there.
    for (const forged of cases.filter((entry) => entry.treeHead === undefined)) {
      const statuses = await verifyFiles(page, site, {
        record: save('record.json', forged.record),
        ...(forged.withKeys ? { keys: keySet } : {}),
        ...(forged.logProof === undefined ? {} : { logProof: save('proof.json', forged.logProof) }),
      });
      expect(statuses[forged.failing], forged.name).toBe('failed');
      await expect(page.locator('#verdict').getAttribute('data-verdict'), forged.name).resolves.toBe('failed');
    }
    // The real files pass the log check on the same form.
    const real = await verifyFiles(page, site, { record: save('record.json', record), keys: keySet, logProof: save('proof.json', logProofs) });
    expect(real['log-inclusion']).toBe('passed');
    expect(real.signature).toBe('passed');
    expect(problems).toEqual([]);
  });

  it('lets an enterprise check its receipt against the public record', async () => {
    const selected = record.record.selected[0];
    if (!selected) throw new Error('the demo draw selected no one');
    const page = await watchedPage(browser, problems);
    await page.goto(`${site.url}/receipt`);
    await page.locator('#draw').selectOption(DEMO_TASK);
    await page.locator('#code').fill(selected.code);
    await page.locator('#receipt-code').fill(deriveReceiptCode(site.keys, DEMO_TASK, selected.code));
    await page.locator('#check-receipt').click();
    await page.locator('#verdict').waitFor();

    await expect(page.locator('#receipt-summary').getAttribute('data-selected')).resolves.toBe('true');
    const statuses = await checkStatuses(page);
    expect(statuses.receipt).toBe('passed');
    expect(Object.keys(statuses).filter((id) => statuses[id] === 'failed')).toEqual(expectedFailures(record));
    if (expectedFailures(record).length === 0) await expect(page.locator('#verdict').getAttribute('data-verdict')).resolves.toBe('passed');
    await saveScreenshot(page, 'receipt-passed', 'desktop');

    // A wrong receipt code reveals nothing about the pool.
    await page.goto(`${site.url}/receipt`);
    await page.locator('#draw').selectOption(DEMO_TASK);
    await page.locator('#code').fill(selected.code);
    await page.locator('#receipt-code').fill('WRONG-RECEIPT-CODE');
    await page.locator('#check-receipt').click();
    await page.locator('#receipt-error').waitFor();
    expect(problems).toEqual([]);
  });

  it('lets staff log in, import a file with one bad row and see it reported, then freeze and draw a task', async () => {
    await createUser(site, 'staff', 'inspector-lin');
    const page = await watchedPage(browser, problems);
    await logIn(page, site, 'inspector-lin');

    const lines = [...generateDirectoryCsv(generateEnterprises({ seed: 'browser-import', count: 3, asOf: '2026-11-01' }))];
    const badLine = 3; // the header is line 1
    const badRow = lines[badLine - 1] as string;
    // The last character of a credit code is its GB 32100 check character: change it.
    const badCode = badRow.slice(0, 17) + (badRow[17] === '0' ? '1' : '0');
    lines[badLine - 1] = badCode + badRow.slice(18);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'suiji-browser-')), 'directory.csv');
    writeFileSync(file, lines.join(''));

    await page.goto(`${site.url}/console/imports`);
    await page.locator('#enterprises-file').setInputFiles(file);
    await page.locator('#enterprises-mode-all').check();
    await page.locator('form:has(#enterprises-file) button[type="submit"]').click();
    const reported = page.locator(`#rejected-rows tr[data-line="${badLine}"]`);
    await reported.waitFor();
    await expect(reported.innerText()).resolves.toMatch(/check|校验/i);
    await expect(page.locator('#rejected-rows tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('#nothing-imported').count()).resolves.toBe(1);
    await saveScreenshot(page, 'console-import-rejected', 'desktop');

    await page.goto(`${site.url}/console/tasks`);
    await page.getByRole('link', { name: PLANNED_TASK }).first().click();
    await page.waitForURL(`${site.url}/console/tasks/${PLANNED_TASK}`);
    await page.locator('#freeze').click();
    await page.locator('#entropy').waitFor();
    // The lottery draw announced at freeze has happened (simulated calendar, draw/v1.1).
    site.clock.set(PLANNED_TASK_CALENDAR.drawnAt);
    await page.locator('#entropy').fill('357');
    await page.locator('#draw').click();
    await page.locator('#selected').waitFor();
    await expect(page.locator('#selected tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#assignment tbody tr').count()).resolves.toBeGreaterThan(0);
    await saveScreenshot(page, 'console-task-drawn', 'desktop');

    // The draw is public at once, and verifies.
    const drawn = await fetch(`${site.url}/api/public/draws/${PLANNED_TASK}/verify`);
    expect(drawn.status).toBe(200);
    expect(problems).toEqual([]);
  });

  it('keeps a staff session out of the admin pages', async () => {
    await createUser(site, 'staff', 'inspector-wu');
    const page = await watchedPage(browser, problems);
    await logIn(page, site, 'inspector-wu');
    for (const adminPath of ['/console/models', '/console/admin/users']) {
      const response = await page.goto(`${site.url}${adminPath}`);
      expect(response?.status(), adminPath).toBe(403);
      await expect(page.locator('h1').innerText()).resolves.toBe('无权访问');
    }
    // No admin link is offered to staff either.
    await page.goto(`${site.url}/console`);
    await expect(page.locator('a[href="/console/models"]').count()).resolves.toBe(0);
  });
});
