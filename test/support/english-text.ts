/**
 * Finding English a Chinese reader must not be shown (issues 14 and 18): in a page's markup
 * or in the CLI's lines. Shared by the page walker and the CLI and report tests.
 */

const CHINESE = /[\u3400-\u9fff]/;
/** Four or more English words in a row: a sentence, a reason. */
const ENGLISH_WORDS = /[A-Za-z]{2,}(?:[ ,:;'()-]+[A-Za-z]{2,}){3}/;

/**
 * What a person reads on a page: text outside code, preformatted text, scripts and form
 * fields, and the attributes read aloud or shown (title, aria-label, placeholder, alt).
 */
function readableChunks(markup: string): string[] {
  // Content marked as English on purpose (a record's English name beside its Chinese one) is English by design.
  const body = markup.replace(/<(script|style|code|pre|kbd|samp|textarea)\b[\s\S]*?<\/\1>/g, ' ').replace(/<(td|span|dd) lang="en">[^<]*<\/\1>/g, ' ');
  const attributes = [...body.matchAll(/\s(?:title|aria-label|placeholder|alt)="([^"]*)"/g)].map((match) => match[1]!);
  const text = body.replace(/<[^>]*>/g, '\n').replace(/&[a-z]+;|&#\d+;/g, ' ').split('\n');
  return [...attributes, ...text].map((chunk) => chunk.trim()).filter(Boolean);
}

/**
 * English a Chinese page must not show: a chunk with no Chinese in it and four or more English
 * words in a row (a sentence, a reason), a snake_case code, or a lone lower-case word that is
 * an internal code (`deregistered`, `sealed`). Bilingual data ("中文 / English") has Chinese in
 * its chunk and passes; names such as the system actor `suiji` are allowed by name.
 *
 * @example englishIn('<p>the task is not drawn yet</p>') // ['the task is not drawn yet']
 */
export function englishIn(markup: string): string[] {
  const allowed = new Set(['suiji']);
  return readableChunks(markup).filter(
    (chunk) => !allowed.has(chunk) && ((!CHINESE.test(chunk) && ENGLISH_WORDS.test(chunk)) || /\b[a-z]+_[a-z_]+\b/.test(chunk) || /^[a-z]{4,}$/.test(chunk)),
  );
}

/**
 * The lines of CLI output whose reason is English only: after any `FILE:LINE:` prefix (which
 * is for machines), no Chinese and four or more English words in a row.
 *
 * @example englishReasonLines('a.json:3: 公式“x”中有未知的名称 y\nb.csv:2: the file is empty: expected a header row') // ['b.csv:2: the file is empty: expected a header row']
 */
export function englishReasonLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    const reason = line.replace(/^\S+?:\d+:\s*/, '');
    return reason.trim() !== '' && !CHINESE.test(reason) && ENGLISH_WORDS.test(reason);
  });
}
