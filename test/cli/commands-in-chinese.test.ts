/**
 * The CLI in Chinese (issue 18): with `SUIJI_LANG=zh`, each command refuses a bad input with a
 * reason a Chinese reader can read, never an English-only line.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSuiji } from '../support/cli.ts';
import { englishReasonLines } from '../support/english-text.ts';

const DEFAULT_MODEL = 'src/core/scoring/models/credit-risk-1.json';

describe('every command refuses a bad input in Chinese (SUIJI_LANG=zh)', () => {
  let folder: string;
  let brokenModel: string;
  const language = process.env.SUIJI_LANG;
  beforeEach(async () => {
    process.env.SUIJI_LANG = 'zh';
    folder = await mkdtemp(path.join(tmpdir(), 'suiji-zh-'));
    brokenModel = path.join(folder, 'broken.json');
    const text = (await readFile(DEFAULT_MODEL, 'utf8'))
      .replace('"6 + 3 * min(enterprise_age_years, 3) - 3 * key_area"', '"6 + 3 * min(enterprise_age, 3)"')
      .replace('"15 - 15 * min(related_dishonest, 1)"', '"cos.constructor(\\"return process\\")"')
      .replace('"A": 85', '"A": 50');
    await writeFile(brokenModel, text);
  });
  afterEach(async () => {
    if (language === undefined) delete process.env.SUIJI_LANG;
    else process.env.SUIJI_LANG = language;
    await rm(folder, { recursive: true, force: true });
  });

  const badInputs: readonly (readonly [name: string, argv: () => string[]])[] = [
    ['model check', () => ['model', 'check', brokenModel]],
    ['model add', () => ['model', 'add', brokenModel]],
    ['codes check', () => ['codes', 'check', '91350100M000100Y4X', '9135010']],
    ['beacon check', () => ['beacon', 'check', '0', '11'.repeat(48)]],
    ['log check', () => ['log', 'check', 'old.json']],
    ['log proof', () => ['log', 'proof', 'not-a-hash']],
    ['simulate', () => ['simulate', '--item', 'SP-01']],
    ['policy derive', () => ['policy', 'derive', 'SP-01']],
    ['evaluate', () => ['evaluate']],
  ];

  for (const [name, argv] of badInputs) {
    it(`suiji ${name} gives its reasons in Chinese`, async () => {
      const result = await runSuiji(...argv());
      expect(result.exitCode).not.toBe(0);
      const output = `${result.stdout}${result.stderr}`;
      expect(output).toMatch(/[\u3400-\u9fff]/);
      expect(englishReasonLines(output)).toEqual([]);
    });
  }

  it('would catch an English-only reason line, whatever its FILE:LINE prefix', () => {
    expect(englishReasonLines('a.json:3: 公式“x”中有未知的名称 y\nb.csv:2: the file is empty: expected a header row\n')).toEqual(['b.csv:2: the file is empty: expected a header row']);
  });
});
