import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCode } from '../support/credit-fixtures.ts';
import { runSuiji, useTemporaryCliDatabase } from '../support/cli.ts';

const cli = useTemporaryCliDatabase('cli_tier_list');

const directory = [
  '统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记',
  `${creditCode(1)},测试1有限公司,350102,F5211,2015-01-01,有限责任公司,存续,`,
  `${creditCode(2)},测试2有限公司,350102,F5211,2015-01-01,有限责任公司,存续,`,
].join('\n');

describe('suiji tier-list approve and show (issue 17)', () => {
  beforeAll(async () => {
    await cli.create();
    const file = path.join(cli.workDir, 'directory.csv');
    fs.writeFileSync(file, directory);
    expect((await runSuiji('import', 'enterprises', file)).exitCode).toBe(0);
  });
  afterAll(async () => {
    await cli.dispose();
  });

  it('refuses to evaluate as of a date after today', async () => {
    const result = await runSuiji('evaluate', '--as-of', '2099-01-01');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('has not come');
  });

  it('approves the January list from the run as of the end of the previous year, needs a reason for version 2, and shows both', async () => {
    const evaluated = await runSuiji('evaluate', '--as-of', '2025-12-31');
    expect(evaluated.exitCode).toBe(0);
    const runId = /^Run (\d+):/m.exec(evaluated.stdout)![1]!;
    const first = await runSuiji('tier-list', 'approve', '--year', '2026', '--run', runId);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('2026 version 1');
    expect(first.stdout).toContain('as of 2025-12-31');
    const again = await runSuiji('tier-list', 'approve', '--year', '2026', '--run', runId);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('须写明理由');
    expect(again.stderr).toContain('needs a reason');
    const adjusted = await runSuiji('tier-list', 'approve', '--year', '2026', '--run', runId, '--reason', '补录年报后重新核定');
    expect(adjusted.exitCode).toBe(0);
    const shown = await runSuiji('tier-list', 'show', '--year', '2026');
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain('2026 version 2');
    expect(shown.stdout).toContain('补录年报后重新核定');
    expect(shown.stdout).toContain('2026 version 1');
  });
});
