/**
 * Zod's issues in both languages, chosen per parse call (never by zod's global config, which
 * the whole process shares): zod's own messages come from its `zhCN` and `en` locales, and
 * the messages our schemas give are written "中文 / English". Either way an issue's message
 * is "中文 / English", which `zodIssueReason` splits.
 */
import { z } from 'zod';
import { splitBilingual } from './jobs.ts';
import type { BilingualReason } from './language.ts';

const chinese = z.locales.zhCN().localeError;
const english = z.locales.en().localeError;

function messageOf(answer: ReturnType<z.core.$ZodErrorMap>): string {
  return typeof answer === 'string' ? answer : (answer?.message ?? '');
}

/**
 * The per-call error map: "中文 / English" for each issue zod words itself; a missing value
 * is 必填 in Chinese (zod's locale says "received undefined").
 *
 * @example schema.safeParse(value, { error: bilingualZodErrors }) // issues worded "数值过小：… / Too small: …"
 */
export const bilingualZodErrors: z.core.$ZodErrorMap = (issue) => {
  const zh = issue.code === 'invalid_type' && issue.input === undefined ? '必填，但缺少' : messageOf(chinese(issue));
  return `${zh} / ${messageOf(english(issue))}`;
};

/**
 * An issue's reason in both languages, from a parse with `bilingualZodErrors`. A message
 * written in one language only is the same text in both.
 *
 * @example zodIssueReason({ message: '不能为空 / must not be empty', … }) // { reason: 'must not be empty', reasonZh: '不能为空' }
 */
export function zodIssueReason(issue: Pick<z.core.$ZodIssue, 'message'>): BilingualReason {
  const { zh, en } = splitBilingual(issue.message);
  return { reason: en, reasonZh: zh };
}
