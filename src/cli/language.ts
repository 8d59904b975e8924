/**
 * The CLI's one place for its language: Chinese when `SUIJI_LANG`, or else the locale
 * (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first one set, as POSIX orders them), starts with
 * `zh`; English otherwise, so scripts and tests that read English output keep working.
 * Machine-read output (JSON, `FILE:LINE:` prefixes, hashes) is never translated.
 */
import { languageVariables, type LanguageVariables } from '../config.ts';

export type CliLanguage = 'zh' | 'en';

/**
 * The language the variables choose.
 *
 * @example languageOf({ SUIJI_LANG: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'zh_CN.UTF-8' }) // 'zh'
 * @example languageOf({ SUIJI_LANG: 'en', LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'zh_CN.UTF-8' }) // 'en'
 */
export function languageOf(variables: LanguageVariables): CliLanguage {
  const chosen = [variables.SUIJI_LANG, variables.LC_ALL, variables.LC_MESSAGES, variables.LANG].find((value) => value !== undefined && value !== '');
  return chosen?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The language of this process's environment, for functions that take a `lang`. */
export function cliLanguage(): CliLanguage {
  return languageOf(languageVariables());
}

/**
 * The line in the CLI's language: Chinese first, as every bilingual pair in the project.
 *
 * @example io.stderr.write(say(`${file}：无法读取`, `${file}: cannot read`) + '\n')
 */
export function say(zh: string, en: string): string {
  return cliLanguage() === 'zh' ? zh : en;
}
