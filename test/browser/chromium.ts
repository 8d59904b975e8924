/**
 * Whether the browser tests run here. `npm ci && npm test` must pass on a fresh machine
 * without Chromium, so a missing browser skips them with one line; in CI a missing browser
 * is a failure, so a CI machine cannot pass by quietly testing less.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** Debian's package puts it here; `CHROMIUM_PATH` names another (or a missing one, to try the skip). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export const BROWSER_TESTS_SKIPPED =
  "浏览器测试已跳过：请安装 Debian 的 chromium 软件包 / browser tests skipped: install Debian's chromium to run them";

export type BrowserTestPlan =
  | { readonly action: 'run'; readonly chromiumPath: string }
  | { readonly action: 'skip'; readonly chromiumPath: string; readonly notice: string }
  | { readonly action: 'fail'; readonly chromiumPath: string; readonly reason: string };

/** `CI=true` (or any value but empty, `0` and `false`) as CI services set it. */
function isCi(ci: string | undefined): boolean {
  return ci !== undefined && !['', '0', 'false'].includes(ci.trim().toLowerCase());
}

/**
 * Decides from the environment and whether the Chromium executable exists: run the browser
 * tests, skip them (not CI, no browser), or fail them (CI, no browser).
 *
 * @example planBrowserTests({ CI: 'true', CHROMIUM_PATH: '/nonexistent' }, () => false)
 *   // { action: 'fail', chromiumPath: '/nonexistent', reason: 'CI 环境中找不到 Chromium …' }
 */
export function planBrowserTests(
  env: { readonly CI?: string; readonly CHROMIUM_PATH?: string },
  executableExists: (file: string) => boolean,
): BrowserTestPlan {
  const chromiumPath = env.CHROMIUM_PATH || DEBIAN_CHROMIUM;
  if (executableExists(chromiumPath)) return { action: 'run', chromiumPath };
  if (isCi(env.CI)) {
    return {
      action: 'fail',
      chromiumPath,
      reason: `CI 环境中找不到 Chromium（${chromiumPath}），浏览器测试不能跳过 / CI is set and there is no Chromium at ${chromiumPath}: the browser tests may not be skipped`,
    };
  }
  return { action: 'skip', chromiumPath, notice: `${BROWSER_TESTS_SKIPPED} (${chromiumPath})` };
}

/** True when `file` is a file this process may execute. */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** This machine's plan, decided once per test worker. */
export const browserTestPlan = planBrowserTests(process.env, isExecutable);
