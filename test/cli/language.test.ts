/**
 * The CLI's language (src/cli/language.ts): SUIJI_LANG first, then the locale variables in
 * POSIX order (LC_ALL, LC_MESSAGES, LANG; the first one set and not empty decides).
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../src/application/import-directory.ts';
import { printImportReport } from '../../src/cli/import-output.ts';
import { languageOf } from '../../src/cli/language.ts';

const none = { SUIJI_LANG: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: undefined };

describe('languageOf', () => {
  it('is Chinese for a zh locale and English for any other or none', () => {
    expect(languageOf({ ...none, LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(languageOf({ ...none, LANG: 'zh_TW.UTF-8' })).toBe('zh');
    expect(languageOf({ ...none, LANG: 'C.UTF-8' })).toBe('en');
    expect(languageOf({ ...none, LANG: 'en_US.UTF-8' })).toBe('en');
    expect(languageOf(none)).toBe('en');
  });

  it('lets SUIJI_LANG override the locale both ways', () => {
    expect(languageOf({ ...none, SUIJI_LANG: 'en', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(languageOf({ ...none, SUIJI_LANG: 'zh', LANG: 'C' })).toBe('zh');
  });

  it('takes LC_ALL over LC_MESSAGES over LANG, skipping empty ones', () => {
    expect(languageOf({ ...none, LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(languageOf({ ...none, LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'C' })).toBe('zh');
    expect(languageOf({ ...none, SUIJI_LANG: '', LC_ALL: '', LANG: 'zh_CN.UTF-8' })).toBe('zh');
  });
});

describe('the import summary in the chosen language', () => {
  const testLanguage = process.env.SUIJI_LANG;
  afterEach(() => {
    if (testLanguage === undefined) delete process.env.SUIJI_LANG;
    else process.env.SUIJI_LANG = testLanguage;
  });
  const report: ImportReport = { totalRows: 5, inserted: 3, updated: 1, rejected: [], rejectedRowCount: 1, applied: true, encoding: 'gb18030' };

  function printed(): string {
    const stdout = new PassThrough();
    const lines: string[] = [];
    stdout.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    printImportReport({ stdin: new PassThrough(), stdout, stderr: new PassThrough() }, { file: 'firms.csv', format: 'csv', partial: true, report, rejectsFile: 'firms.csv.rejects.csv' });
    return lines.join('');
  }

  it('prints the counts and the rejects file in Chinese under SUIJI_LANG=zh', () => {
    process.env.SUIJI_LANG = 'zh';
    expect(printed()).toBe(
      'firms.csv (gb18030): 共 5 行：新增 3，更新 1，未变 0，拒绝 1。\n' +
        '被拒绝的行已写入 firms.csv.rejects.csv（修正后删去“原因 / reason”列再导入；不保存的列已清空）。\n',
    );
  });

  it('prints them in English under SUIJI_LANG=en, as before', () => {
    process.env.SUIJI_LANG = 'en';
    expect(printed()).toMatch(/^firms\.csv \(gb18030\): 5 rows: 3 inserted, 1 updated, 0 unchanged, 1 rejected\.\nRejected rows written to firms\.csv\.rejects\.csv/);
  });
});
