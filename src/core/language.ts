/**
 * The two languages every message a person reads exists in (Chinese first). Core describes
 * its issues in either; the page, the CLI or the API picks which one a person reads.
 */

/** Chinese (`zh`) or English (`en`). */
export type Language = 'zh' | 'en';

/** A reason in both languages, as reports that leave the server carry it. */
export interface BilingualReason {
  /** English, the field every client has always read. */
  readonly reason: string;
  readonly reasonZh: string;
}

/**
 * A reason written as every pair in the project, Chinese first.
 *
 * @example bilingual('不能为空', 'required') // { reason: 'required', reasonZh: '不能为空' }
 */
export function bilingual(zh: string, en: string): BilingualReason {
  return { reason: en, reasonZh: zh };
}

/**
 * Both languages of a describer, for a report that is rendered later in either.
 *
 * @example bilingualReason((lang) => (lang === 'zh' ? '不能为空' : 'required')) // { reason: 'required', reasonZh: '不能为空' }
 */
export function bilingualReason(describe: (lang: Language) => string): BilingualReason {
  return { reason: describe('en'), reasonZh: describe('zh') };
}

/**
 * The reason in one language.
 *
 * @example reasonIn({ reason: 'required', reasonZh: '不能为空' }, 'zh') // '不能为空'
 */
export function reasonIn(reason: BilingualReason, lang: Language): string {
  return lang === 'zh' ? reason.reasonZh : reason.reason;
}

/**
 * The reason as one line for readers of both languages (a rejects file, a log): "中文 / English".
 *
 * @example bothLanguages({ reason: 'required', reasonZh: '不能为空' }) // '不能为空 / required'
 */
export function bothLanguages(reason: BilingualReason): string {
  return reason.reasonZh === reason.reason ? reason.reason : `${reason.reasonZh} / ${reason.reason}`;
}
