/**
 * The decision whether the browser tests run (`./chromium.ts`): on a fresh machine without
 * Chromium they are skipped with one line, in CI a missing browser fails them. This file also
 * prints that one line for the run, since the two browser test files skip silently.
 */
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BROWSER_TESTS_SKIPPED, DEBIAN_CHROMIUM, browserTestPlan, isExecutable, planBrowserTests } from './chromium.ts';

if (browserTestPlan.action === 'skip') process.stderr.write(`${browserTestPlan.notice}\n`);

const present = () => true;
const missing = () => false;

describe('whether the browser tests run', () => {
  it('runs them when Chromium is there, in CI or not', () => {
    expect(planBrowserTests({}, present)).toEqual({ action: 'run', chromiumPath: DEBIAN_CHROMIUM });
    expect(planBrowserTests({ CI: 'true' }, present)).toEqual({ action: 'run', chromiumPath: DEBIAN_CHROMIUM });
  });

  it("skips them with one bilingual line on a machine without Chromium outside CI", () => {
    for (const CI of [undefined, '', 'false', '0']) {
      const plan = planBrowserTests({ CI }, missing);
      expect(plan.action, `CI=${CI}`).toBe('skip');
      if (plan.action !== 'skip') continue;
      expect(plan.notice).toContain(BROWSER_TESTS_SKIPPED);
      expect(plan.notice).toContain('浏览器测试已跳过：请安装 Debian 的 chromium 软件包');
      expect(plan.notice).toContain("browser tests skipped: install Debian's chromium to run them");
      expect(plan.notice).not.toContain('\n');
    }
  });

  it('fails them in CI when Chromium is missing', () => {
    for (const CI of ['true', '1', 'yes']) {
      const plan = planBrowserTests({ CI, CHROMIUM_PATH: '/nonexistent' }, missing);
      expect(plan.action, `CI=${CI}`).toBe('fail');
      if (plan.action === 'fail') expect(plan.reason).toContain('/nonexistent');
    }
  });

  it("looks for Debian's /usr/bin/chromium unless CHROMIUM_PATH names another", () => {
    const looked: string[] = [];
    const lookUp = (file: string) => {
      looked.push(file);
      return false;
    };
    planBrowserTests({}, lookUp);
    planBrowserTests({ CHROMIUM_PATH: '/opt/chromium/chrome' }, lookUp);
    expect(looked).toEqual(['/usr/bin/chromium', '/opt/chromium/chrome']);
  });

  it('counts only an executable file as Chromium', () => {
    expect(isExecutable(process.execPath)).toBe(true);
    expect(isExecutable('/nonexistent')).toBe(false);
    expect(isExecutable(tmpdir())).toBe(false);
  });
});
