/**
 * What makes a new password acceptable (OWASP ASVS 2.1): long enough, not absurdly long,
 * free of the account's username, and not guessable by a strength estimator that knows
 * common passwords, words, names, keyboard patterns and dates. The estimator itself (zxcvbn)
 * is a parameter: this module only judges its result, so it stays pure and testable.
 */

/** At least 12 characters (ASVS 2.1.1 asks for 12). */
export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing it costs nothing extra. */
export const PASSWORD_MAX_LENGTH = 256;
/**
 * zxcvbn's score 3 means "safely unguessable: moderate protection from an offline
 * slow-hash scenario" (about 10^8 guesses and up). Our hashes are scrypt at 32 MiB, the slow
 * hash that score assumes, so 3 is enough; 4 would refuse many memorable passphrases.
 */
export const PASSWORD_MIN_SCORE = 3;

/** The estimator's verdict on a password: zxcvbn's `score` (0-4) and untranslated feedback keys. */
export interface PasswordEstimate {
  readonly score: number;
  readonly feedback: { readonly warning: string | null; readonly suggestions: readonly string[] };
}

/** Estimates a password's strength, knowing words of the person (their username) to refuse. */
export type PasswordEstimator = (password: string, userInputs: readonly string[]) => PasswordEstimate;

export type PasswordIssue =
  | { readonly code: 'password_too_short'; readonly minimum: number }
  | { readonly code: 'password_too_long'; readonly maximum: number }
  | { readonly code: 'password_contains_username'; readonly username: string }
  | {
      readonly code: 'password_too_weak';
      readonly score: number;
      readonly minimum: number;
      /** zxcvbn's warning key, e.g. `common` or `userInputs`; null when it has none. */
      readonly warning: string | null;
      /** zxcvbn's suggestion keys, e.g. `anotherWord`. */
      readonly suggestions: readonly string[];
    };

/**
 * The username's parts worth refusing inside a password: the whole name and its pieces of
 * three or more letters or digits (`li.wei` → `li.wei`, `wei`), for the estimator.
 *
 * @example usernameWords('wang.fang-01') // ['wang.fang-01', 'wang', 'fang']
 */
export function usernameWords(username: string): string[] {
  const pieces = username.split(/[._-]+/).filter((piece) => piece.length >= 3);
  return [...new Set([username, ...pieces])];
}

/**
 * The reason a new password is refused, or undefined when it is acceptable. Length is
 * checked first (the estimator never sees a 10 kB paste); then the username, compared
 * case-insensitively (Unicode NFC, like the hash); then the estimator's score.
 *
 * @example checkNewPassword('Li.Wei-2027-spring', 'li.wei', estimate) // { code: 'password_contains_username', username: 'li.wei' }
 * @example checkNewPassword('a sentence nobody else would write', 'li.wei', estimate) // undefined
 */
export function checkNewPassword(password: string, username: string | null, estimate: PasswordEstimator): PasswordIssue | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return { code: 'password_too_short', minimum: PASSWORD_MIN_LENGTH };
  if (length > PASSWORD_MAX_LENGTH) return { code: 'password_too_long', maximum: PASSWORD_MAX_LENGTH };
  const comparable = password.normalize('NFC').toLowerCase();
  if (username !== null && username !== '' && comparable.includes(username.normalize('NFC').toLowerCase())) {
    return { code: 'password_contains_username', username };
  }
  const estimated = estimate(password, username === null ? [] : usernameWords(username.toLowerCase()));
  if (estimated.score < PASSWORD_MIN_SCORE) {
    return {
      code: 'password_too_weak',
      score: estimated.score,
      minimum: PASSWORD_MIN_SCORE,
      warning: estimated.feedback.warning,
      suggestions: [...estimated.feedback.suggestions],
    };
  }
  return undefined;
}

type Bilingual = readonly [chinese: string, english: string];

/** zxcvbn's warning keys in Chinese and English (the English is zxcvbn's own). */
const WARNINGS: Readonly<Record<string, Bilingual>> = {
  straightRow: ['键盘上连成一行的按键容易被猜到。', 'Straight rows of keys on your keyboard are easy to guess.'],
  keyPattern: ['简短的键盘图案容易被猜到。', 'Short keyboard patterns are easy to guess.'],
  simpleRepeat: ['“aaa”这样的重复字符容易被猜到。', 'Repeated characters like "aaa" are easy to guess.'],
  extendedRepeat: ['“abcabcabc”这样的重复模式容易被猜到。', 'Repeated character patterns like "abcabcabc" are easy to guess.'],
  sequences: ['“abc”“123”这样的常见序列容易被猜到。', 'Common character sequences like "abc" are easy to guess.'],
  recentYears: ['最近的年份容易被猜到。', 'Recent years are easy to guess.'],
  dates: ['日期容易被猜到。', 'Dates are easy to guess.'],
  topTen: ['这是使用最多的密码之一。', 'This is a heavily used password.'],
  topHundred: ['这是经常使用的密码。', 'This is a frequently used password.'],
  common: ['这是常用密码。', 'This is a commonly used password.'],
  similarToCommon: ['这与常用密码相似。', 'This is similar to a commonly used password.'],
  wordByItself: ['单个单词容易被猜到。', 'Single words are easy to guess.'],
  namesByThemselves: ['单独的名字或姓氏容易被猜到。', 'Single names or surnames are easy to guess.'],
  commonNames: ['常见的名字和姓氏容易被猜到。', 'Common names and surnames are easy to guess.'],
  userInputs: ['密码中不应包含个人信息或用户名。', 'There should not be any personal or page related data.'],
  pwned: ['此密码已在互联网数据泄露中出现。', 'Your password was exposed by a data breach on the Internet.'],
};

/** zxcvbn's suggestion keys in Chinese and English. */
const SUGGESTIONS: Readonly<Record<string, Bilingual>> = {
  l33t: ['避免用“@”代替“a”这类可预测的替换。', "Avoid predictable letter substitutions like '@' for 'a'."],
  reverseWords: ['避免把常用词倒过来拼写。', 'Avoid reversed spellings of common words.'],
  allUppercase: ['只大写部分字母，不要全部大写。', 'Capitalize some, but not all letters.'],
  capitalization: ['不要只大写首字母。', 'Capitalize more than the first letter.'],
  dates: ['避免与自己有关的日期和年份。', 'Avoid dates and years that are associated with you.'],
  recentYears: ['避免最近的年份。', 'Avoid recent years.'],
  associatedYears: ['避免与自己有关的年份。', 'Avoid years that are associated with you.'],
  sequences: ['避免常见的字符序列。', 'Avoid common character sequences.'],
  repeated: ['避免重复的单词和字符。', 'Avoid repeated words and characters.'],
  longerKeyboardPattern: ['使用更长的键盘图案，并多次改变方向。', 'Use longer keyboard patterns and change typing direction multiple times.'],
  anotherWord: ['再加几个不常见的词。', 'Add more words that are less common.'],
  useWords: ['用几个词组成一句话，但避免常见短语。', 'Use multiple words, but avoid common phrases.'],
  noNeed: ['不用符号、数字或大写字母也能组成强密码。', 'You can create strong passwords without using symbols, numbers, or uppercase letters.'],
  pwned: ['如果其他地方也用了此密码，请一并修改。', 'If you use this password elsewhere, you should change it.'],
};

function pick(pair: Bilingual | undefined, lang: 'zh' | 'en'): string | undefined {
  return pair === undefined ? undefined : pair[lang === 'zh' ? 0 : 1];
}

/**
 * A refused password explained in the reader's language, with the estimator's advice.
 *
 * @example describePasswordIssue({ code: 'password_too_short', minimum: 12 }, 'en') // 'The password needs at least 12 characters.'
 */
export function describePasswordIssue(issue: PasswordIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'password_too_short':
      return zh ? `密码至少 ${issue.minimum} 个字符。` : `The password needs at least ${issue.minimum} characters.`;
    case 'password_too_long':
      return zh ? `密码最多 ${issue.maximum} 个字符。` : `The password may have at most ${issue.maximum} characters.`;
    case 'password_contains_username':
      return zh ? '密码不能包含用户名。' : 'The password must not contain the username.';
    case 'password_too_weak': {
      const advice = [pick(issue.warning === null ? undefined : WARNINGS[issue.warning], lang), ...issue.suggestions.map((key) => pick(SUGGESTIONS[key], lang))].filter(
        (text): text is string => text !== undefined,
      );
      const head = zh
        ? `密码太容易被猜到（强度 ${issue.score}/4，至少需要 ${issue.minimum}）。`
        : `The password is too easy to guess (strength ${issue.score} of 4; at least ${issue.minimum} is needed).`;
      const tail = zh ? '一句只有自己知道的话最好记也最难猜。' : 'A sentence only you would write is easiest to remember and hardest to guess.';
      return [head, ...advice, tail].join(zh ? '' : ' ');
    }
  }
}
