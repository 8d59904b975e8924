import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScoringModel } from '../../src/core/scoring/model.ts';
import { creditCode } from '../support/credit-fixtures.ts';
import { runSuiji, useTemporaryCliDatabase } from '../support/cli.ts';

const cli = useTemporaryCliDatabase('cli_credit');

function writeFile(name: string, content: string): string {
  const file = path.join(cli.workDir, name);
  fs.writeFileSync(file, content);
  return file;
}

const directory = [
  '统一社会信用代码,企业名称,所属行政区划,行业代码,成立日期,企业类型,登记状态,标记',
  `${creditCode(1)},测试1有限公司,350102,F5211,2015-01-01,有限责任公司,存续,`,
  `${creditCode(2)},测试2有限公司,350102,F5211,2015-01-01,有限责任公司,存续,`,
].join('\n');
const penaltyHeader = '统一社会信用代码,处罚决定书文号,处罚决定日期,违法行为,处罚种类,来源';

describe('suiji import records, model add, evaluate', () => {
  beforeAll(async () => {
    await cli.create();
    expect((await runSuiji('import', 'enterprises', writeFile('directory.csv', directory))).exitCode).toBe(0);
  });
  afterAll(async () => {
    await cli.dispose();
  });

  it('rejects a CSV import without --kind as a usage error', async () => {
    const result = await runSuiji('import', 'records', writeFile('no-kind.csv', penaltyHeader));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--kind');
  });

  it('imports nothing when a row is rejected, naming FILE:LINE and the field', async () => {
    const file = writeFile('bad.csv', `${penaltyHeader}\n${creditCode(1)},A-1,2025-03-01,x,罚款,y\n${creditCode(2)},A-2,2025-03-01,x,训诫,y\n`);
    const result = await runSuiji('import', 'records', file, '--kind', '行政处罚');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${file}:3: 处罚种类: unknown value '训诫'`);
    expect(result.stdout).toContain('nothing imported');
  });

  it('imports the valid rows with --partial, and a second import changes nothing', async () => {
    const file = writeFile('partial.csv', `${penaltyHeader}\n${creditCode(1)},A-1,2025-03-01,x,罚款,y\n${creditCode(2)},A-2,2025-03-01,x,训诫,y\n`);
    const first = await runSuiji('import', 'records', file, '--kind', 'penalty', '--partial');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('2 rows: 1 inserted, 0 updated, 0 unchanged, 1 rejected');
    expect(fs.existsSync(`${file}.rejects.csv`)).toBe(true);
    const again = await runSuiji('import', 'records', file, '--kind', 'penalty', '--partial');
    expect(again.stdout).toContain('2 rows: 0 inserted, 0 updated, 1 unchanged, 1 rejected');
  });

  it('adds a model version once, and refuses a changed definition under the same version', async () => {
    const model = { ...defaultScoringModel(), version: 2 };
    const file = writeFile('model-2.json', JSON.stringify(model, null, 2));
    expect(await runSuiji('model', 'add', file)).toMatchObject({ exitCode: 0, stdout: `${file}: saved credit-risk/2\n` });
    expect((await runSuiji('model', 'add', file)).stdout).toContain('already saved with this definition');
    const changed = writeFile('model-2-changed.json', JSON.stringify({ ...model, tiers: { A: 90, B: 70, C: 55 } }));
    const refused = await runSuiji('model', 'add', changed);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('credit-risk/2 is already saved with a different definition');
  });

  it('rejects an invalid model with FILE:LINE naming the formula', async () => {
    const model = defaultScoringModel();
    const file = writeFile('model-bad.json', JSON.stringify({ ...model, version: 3, formulas: model.formulas.map((formula, index) => (index === 0 ? { ...formula, expression: 'import({}, {override: true})' } : formula)) }, null, 2));
    const result = await runSuiji('model', 'add', file);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${file}:\\d+: formula 'basic'`));
  });

  it('evaluates every enterprise, prints the tier distribution, and returns the completed run the second time', async () => {
    const first = await runSuiji('evaluate', '--as-of', '2026-01-01', '--model', 'credit-risk/1');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^Run (\d+): credit-risk\/1 as of 2026-01-01, 2 enterprises, evaluated in/);
    expect(first.stdout).toMatch(/A \(信用风险低\)\s+1\s+50\.0%/);
    expect(first.stdout).toMatch(/B \(信用风险一般\)\s+1\s+50\.0%/);
    expect(first.stderr).toContain('evaluate: 2 of 2 enterprises');
    const second = await runSuiji('evaluate', '--as-of', '2026-01-01', '--model', 'credit-risk/1');
    expect(second.stdout).toContain('already evaluated');
    expect((await runSuiji('evaluate', '--as-of', '2026-13-01')).exitCode).toBe(2);
    expect((await runSuiji('evaluate')).exitCode).toBe(2);
  });

  it('leaves the ID number out of the rejects file and the console; filled in again, the rejects file imports', async () => {
    const idNumber = '11010519491231002X'; // GB 11643-1999's published example, not a real person's
    const header = '统一社会信用代码,身份证号,职务,任职日期,来源';
    const file = writeFile('links.csv', `${header}\n${creditCode(1)},${idNumber},董事长,2020-01-01,登记系统\n${creditCode(2)},${idNumber},控股股东,2020-01-01,登记系统\n`);
    const result = await runSuiji('import', 'records', file, '--kind', 'related_party_link', '--partial');
    expect(result.exitCode).toBe(0);
    const rejects = fs.readFileSync(`${file}.rejects.csv`, 'utf8');
    expect(rejects).toBe(`\uFEFF${header},"原因 / reason"\r\n${creditCode(1)},,董事长,2020-01-01,登记系统,"职务：无法识别的值“董事长”（可用：legal_representative、法定代表人、controlling_investor、控股股东、实际控制人） / 职务: unknown value '董事长' (one of legal_representative, 法定代表人, controlling_investor, 控股股东, 实际控制人)"\r\n`);
    expect(`${result.stdout}${result.stderr}${rejects}`).not.toContain(idNumber);

    // Fixed as the CLI says: the reason column dropped, the ID number and the role filled in.
    const fixedRow = rejects.split('\r\n')[1]!.replace(',,董事长,', `,${idNumber},法定代表人,`).replace(/,"职务：.*$/, '');
    const fixed = writeFile('links-fixed.csv', `${header}\n${fixedRow}\n`);
    expect(await runSuiji('import', 'records', fixed, '--kind', 'related_party_link')).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('1 rows: 1 inserted') });
  });
});
