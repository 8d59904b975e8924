/**
 * Browser tests: a demo county served on a loopback port (on the suite's database, PGlite or
 * PostgreSQL) and Debian's Chromium driven by playwright-core. Screenshots go to
 * test-results/screenshots/<database kind>/, which CI keeps. Without Chromium they are skipped,
 * or fail in CI (`./chromium.ts`).
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createTestClock, type TestClock } from '../http/fixtures.ts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { completeSetup, createSetupLink } from '../../src/application/accounts.ts';
import { createEphemeralBureauKeys, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { loadDemoCounty, type DemoSummary } from '../../src/application/demo.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { TEST_PASSWORD } from '../support/session.ts';
import { browserTestPlan } from './chromium.ts';

/** False on a machine without Chromium outside CI: `describe.runIf(runBrowserTests)` skips them there. */
export const runBrowserTests = browserTestPlan.action !== 'skip';

/** The flags the issue asks for: no sandbox (root in CI), no GPU, and no calls home. */
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const DEMO_SEED = 'suiji-demo-county';
export const DEMO_TASK = '2026-ZH-01';
/** A task the demo plans but leaves undrawn, for the staff to freeze and draw. */
export const PLANNED_TASK = '2026-SP-02';

/**
 * The demo's simulated calendar for PLANNED_TASK (draw/v1.1): its lottery draw is at
 * 2026-11-06 21:15 (+08:00), so staff freeze it days before and draw it that night.
 */
export const PLANNED_TASK_CALENDAR = { frozenAt: new Date('2026-11-03T01:00:00Z'), drawnAt: new Date('2026-11-06T14:00:00Z') } as const;

export interface DemoSite {
  readonly url: string;
  readonly database: DatabaseHandle;
  readonly keys: BureauKeys;
  /** The server's clock for freezes and draws, at PLANNED_TASK_CALENDAR.frozenAt until set. */
  readonly clock: TestClock;
  readonly demo: DemoSummary;
  close(): Promise<void>;
}

/** Loads a 2,000-enterprise demo county (directory, records, evaluation, draw, lists) and serves it. */
export async function startDemoSite(): Promise<DemoSite> {
  const database = await createTestDatabase();
  const keys = createEphemeralBureauKeys();
  const demo = await loadDemoCounty(database, { seed: DEMO_SEED, enterprises: 2000, asOf: '2026-11-01', bureauKeys: keys });
  const clock = createTestClock(PLANNED_TASK_CALENDAR.frozenAt);
  const server = http.createServer(createApp({ database, logger: createLogger('silent'), bureauKeys: keys, now: clock.now }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    keys,
    clock,
    demo,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}

/**
 * Headless Chromium with a fresh profile (playwright makes a new user-data-dir per launch).
 * Without one in CI, says so in place of playwright's launch error.
 */
export async function launchChromium(): Promise<Browser> {
  if (browserTestPlan.action === 'fail') throw new Error(browserTestPlan.reason);
  return chromium.launch({ executablePath: browserTestPlan.chromiumPath, headless: true, args: chromiumFlags });
}

export const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 375, height: 812 },
} as const;

const screenshotFolder = path.resolve('test-results', 'screenshots', testDatabaseKind);

/**
 * Saves a full-page screenshot at the page's current viewport, named `<name>-<viewport>.png`.
 *
 * @example await saveScreenshot(page, 'draw-detail', 'phone')
 */
export async function saveScreenshot(page: Page, name: string, viewport: keyof typeof viewports): Promise<string> {
  mkdirSync(screenshotFolder, { recursive: true });
  const file = path.join(screenshotFolder, `${name}-${viewport}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Visits `pathname` at both widths and saves a screenshot of each. */
export async function screenshotAtBothWidths(page: Page, url: string, name: string): Promise<void> {
  for (const viewport of ['desktop', 'phone'] as const) {
    await page.setViewportSize(viewports[viewport]);
    await page.goto(url);
    await saveScreenshot(page, name, viewport);
  }
}

const assetTypes = new Set(['script', 'stylesheet', 'image', 'font']);

/**
 * Opens a page that records every script error, console error (CSP violations are console
 * errors) and asset that failed to load. A page answering 4xx on purpose (a form with errors,
 * a receipt not found) is not a problem; Chromium's console line for it is left out.
 */
export async function watchedPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: viewports.desktop });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && assetTypes.has(response.request().resourceType())) problems.push(`asset ${response.url()}: ${response.status()}`);
  });
  page.on('request', (request) => {
    // Everything is served by Suiji: no CDN, no font service, no analytics.
    if (!/^(data:|blob:|http:\/\/127\.0\.0\.1:)/.test(request.url())) problems.push(`third-party request: ${request.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}: ${request.failure()?.errorText ?? ''}`));
  return page;
}

/** A user made through the real setup-link flow, with the test password. */
export async function createUser(site: DemoSite, role: 'staff' | 'admin', username: string): Promise<void> {
  const link = await createSetupLink(site.database.db, { purpose: 'create_user', role, username });
  if (!link.ok) throw new Error(`setup link: ${link.error.code}`);
  const created = await completeSetup(site.database.db, link.value.token, { password: TEST_PASSWORD });
  if (!created.ok) throw new Error(`setup: ${created.error.code}`);
}

/** Signs in through the login page like a person, landing on the console. */
export async function logIn(page: Page, site: DemoSite, username: string): Promise<void> {
  await page.goto(`${site.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${site.url}/console`);
}
