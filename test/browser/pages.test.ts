/**
 * The main pages at desktop and phone width, in Chromium: each is screenshotted (to
 * test-results/screenshots/, which CI keeps), fits a 375 px screen without sideways
 * scrolling, labels every form control, starts with a skip link for keyboard users, loads
 * nothing from another site and logs no script or CSP error.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../support/database.ts';
import { DEMO_TASK, createUser, launchChromium, logIn, runBrowserTests, saveScreenshot, startDemoSite, viewports, watchedPage, type DemoSite } from './harness.ts';

const publicPages = [
  { name: 'home', path: '/' },
  { name: 'draws', path: '/draws' },
  { name: 'draw-detail', path: `/draws/${DEMO_TASK}` },
  { name: 'verify', path: `/draws/${DEMO_TASK}/verify`, ready: '#verifier[data-done]' },
  { name: 'receipt', path: '/receipt' },
  { name: 'black-list', path: '/lists/black' },
  { name: 'results', path: `/results?task=${DEMO_TASK}` },
  { name: 'log', path: '/log' },
  { name: 'home-english', path: '/?lang=en' },
] as const;

const staffPages = [
  { name: 'console', path: '/console' },
  { name: 'console-imports', path: '/console/imports' },
  { name: 'console-evaluations', path: '/console/evaluations' },
  { name: 'console-plan', path: '/console/plan' },
  { name: 'console-task', path: `/console/tasks/${DEMO_TASK}` },
  { name: 'console-results', path: '/console/results' },
  { name: 'console-lists', path: '/console/lists' },
] as const;

const adminPages = [
  { name: 'console-models', path: '/console/models' },
  { name: 'console-users', path: '/console/admin/users' },
  { name: 'console-activity', path: '/console/activity' },
] as const;

interface PageFacts {
  readonly overflow: number;
  readonly unlabelled: string[];
  readonly firstFocus: string;
  readonly headings: number;
}

/** What the page tells about its layout and accessibility. */
async function factsOf(page: Page): Promise<PageFacts> {
  const layout = await page.evaluate(() => {
    const controls = Array.from(document.querySelectorAll('input:not([type="hidden"]), select, textarea')) as HTMLInputElement[];
    const unlabelled = controls
      .filter((control) => control.labels?.length === 0 && !control.getAttribute('aria-label') && !control.getAttribute('aria-labelledby'))
      .map((control) => control.outerHTML.slice(0, 120));
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      unlabelled,
      headings: document.querySelectorAll('h1').length,
    };
  });
  await page.keyboard.press('Tab');
  const firstFocus = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
  return { ...layout, firstFocus };
}

async function visitAtBothWidths(page: Page, url: string, name: string, ready?: string): Promise<void> {
  for (const viewport of ['desktop', 'phone'] as const) {
    await page.setViewportSize(viewports[viewport]);
    const response = await page.goto(url);
    expect(response?.status(), `${name} at ${viewport}`).toBe(200);
    if (ready) await page.locator(ready).waitFor();
    await saveScreenshot(page, name, viewport);
    const facts = await factsOf(page);
    expect(facts.overflow, `${name} scrolls sideways at ${viewport}`).toBeLessThanOrEqual(0);
    expect(facts.unlabelled, `${name}: form controls without a label`).toEqual([]);
    expect(facts.headings, `${name}: one h1`).toBe(1);
    expect(facts.firstFocus, `${name}: Tab first reaches the skip link`).toBe('#main');
  }
}

describe.runIf(runBrowserTests)(`the main pages at desktop and phone width in Chromium on ${testDatabaseKind}`, () => {
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

  it('renders the public portal readably on a desktop and a phone', async () => {
    const page = await watchedPage(browser, problems);
    for (const { name, path, ...rest } of publicPages) await visitAtBothWidths(page, `${site.url}${path}`, name, 'ready' in rest ? rest.ready : undefined);
    expect(problems).toEqual([]);
  });

  it('renders the public portal without JavaScript for reading', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: viewports.phone });
    const page = await context.newPage();
    const response = await page.goto(`${site.url}/draws/${DEMO_TASK}`);
    expect(response?.status()).toBe(200);
    const record = (await (await fetch(`${site.url}/api/public/draws/${DEMO_TASK}`)).json()) as { record: { selected: { code: string }[] } };
    const text = await page.locator('main').innerText();
    for (const { code } of record.record.selected) expect(text).toContain(code);
    await saveScreenshot(page, 'draw-detail-no-javascript', 'phone');
    await context.close();
  });

  it('renders the staff console and the admin pages on a desktop and a phone', async () => {
    await createUser(site, 'admin', 'director-chen');
    const page = await watchedPage(browser, problems);
    await logIn(page, site, 'director-chen');
    for (const { name, path } of [...staffPages, ...adminPages]) await visitAtBothWidths(page, `${site.url}${path}`, name);
    expect(problems).toEqual([]);
  });
});
