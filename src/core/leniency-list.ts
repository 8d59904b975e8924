/**
 * The bureau's three lists (三张清单, issue 17): the violations it penalises lightly (从轻处罚),
 * with a mitigated penalty (减轻处罚), or not at all (免予处罚), each entry with its legal
 * basis and conditions. 首违不罚 (no penalty for a first violation) is the 免予处罚 list's
 * first-violation case. A penalty record may cite the entry it applied (`leniencyEntry`),
 * and a scoring model may weigh each list differently.
 */
import { createHeadingTable } from './column-headings.ts';
import { parseYesNo } from './credit-record-row.ts';
import type { LeniencyList, Penalty } from './credit-record.ts';
import { err, ok, type Result } from './result.ts';

/** How a list is named in an imported file. */
const LIST_WORDS: Readonly<Record<string, LeniencyList>> = {
  lighter: 'lighter',
  从轻: 'lighter',
  从轻处罚: 'lighter',
  从轻处罚清单: 'lighter',
  mitigated: 'mitigated',
  减轻: 'mitigated',
  减轻处罚: 'mitigated',
  减轻处罚清单: 'mitigated',
  exempt: 'exempt',
  免予: 'exempt',
  免予处罚: 'exempt',
  免予处罚清单: 'exempt',
  不予处罚: 'exempt',
};

/** One entry of the three lists. */
export interface LeniencyEntry {
  /** The bureau's code for the entry, e.g. `MY-003`. */
  readonly code: string;
  readonly list: LeniencyList;
  /** The violation (违法行为) it covers. */
  readonly item: string;
  readonly legalBasis: string;
  readonly conditions: string;
  /** The first-violation case of the 免予处罚 list (首违不罚). */
  readonly firstViolation: boolean;
}

export type LeniencyField = keyof LeniencyEntry;

/** Headings an import accepts, Chinese or English. */
export const leniencyHeadings = createHeadingTable<LeniencyField>(
  {
    code: ['code', 'entry_code', '编号', '序号', '清单编号'],
    list: ['list', '清单', '清单类别', '所属清单'],
    item: ['item', 'violation', '事项', '违法行为', '违法行为名称'],
    legalBasis: ['legal_basis', 'legalBasis', '法律依据', '依据'],
    conditions: ['conditions', '适用条件', '条件'],
    firstViolation: ['first_violation', 'firstViolation', '首违不罚'],
  },
  ['code', 'list', 'item', 'legalBasis', 'conditions'],
);

const MAX_TEXT_LENGTH = 1000;
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/** A problem with one field of an entry, as a fact; words are rendered at the edge. */
export type LeniencyFieldIssue =
  | { readonly field: LeniencyField; readonly code: 'required' }
  | { readonly field: 'code'; readonly code: 'bad_code'; readonly value: string }
  | { readonly field: 'list'; readonly code: 'unknown_list'; readonly value: string }
  | { readonly field: LeniencyField; readonly code: 'too_long'; readonly maxLength: number }
  | { readonly field: 'firstViolation'; readonly code: 'not_yes_or_no'; readonly value: string }
  | { readonly field: 'firstViolation'; readonly code: 'first_violation_not_exempt' };

function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/**
 * An entry from an imported row or a form (values as text or JSON values).
 *
 * @example parseLeniencyEntry({ code: 'MY-001', list: '免予处罚', item: '未按规定公示年度报告', legalBasis: '《行政处罚法》第三十三条', conditions: '首次违法且及时改正', firstViolation: '是' })
 * // ok({ code: 'MY-001', list: 'exempt', …, firstViolation: true })
 */
export function parseLeniencyEntry(values: Partial<Record<LeniencyField, unknown>>): Result<LeniencyEntry, LeniencyFieldIssue[]> {
  const issues: LeniencyFieldIssue[] = [];
  const texts = { code: textOf(values.code), item: textOf(values.item), legalBasis: textOf(values.legalBasis), conditions: textOf(values.conditions) };
  for (const field of ['code', 'item', 'legalBasis', 'conditions'] as const) {
    if (texts[field] === '') issues.push({ field, code: 'required' });
    else if (texts[field].length > MAX_TEXT_LENGTH) issues.push({ field, code: 'too_long', maxLength: MAX_TEXT_LENGTH });
  }
  if (texts.code !== '' && !CODE_PATTERN.test(texts.code)) issues.push({ field: 'code', code: 'bad_code', value: texts.code });
  const listText = textOf(values.list);
  const list = LIST_WORDS[listText] ?? LIST_WORDS[listText.toLowerCase()];
  if (listText === '') issues.push({ field: 'list', code: 'required' });
  else if (!list) issues.push({ field: 'list', code: 'unknown_list', value: listText });
  const firstViolation = typeof values.firstViolation === 'boolean' ? values.firstViolation : parseYesNo(textOf(values.firstViolation));
  if (firstViolation === undefined) issues.push({ field: 'firstViolation', code: 'not_yes_or_no', value: textOf(values.firstViolation) });
  else if (firstViolation && list && list !== 'exempt') issues.push({ field: 'firstViolation', code: 'first_violation_not_exempt' });
  if (issues.length > 0 || !list || firstViolation === undefined) return err(issues);
  return ok({ ...texts, list, firstViolation });
}

/** Why a penalty cannot cite an entry. */
export type LeniencyCitationIssue =
  | { readonly code: 'unknown_entry'; readonly entry: string }
  | { readonly code: 'first_violation_without_exempt_entry'; readonly entry: string; readonly list: LeniencyList };

/**
 * The penalty with the list of the entry it cites (`leniencyList`); citing the 免予处罚
 * list's first-violation entry marks it 首违不罚, and a 首违不罚 penalty may cite only an
 * entry of the 免予处罚 list.
 *
 * @example applyLeniencyEntry(penalty, entriesByCode) // ok({ …penalty, leniencyEntry: 'MY-001', leniencyList: 'exempt', firstViolationExempt: true })
 */
export function applyLeniencyEntry(penalty: Penalty, entries: ReadonlyMap<string, Pick<LeniencyEntry, 'list' | 'firstViolation'>>): Result<Penalty, LeniencyCitationIssue> {
  if (penalty.leniencyEntry === undefined) return ok(penalty);
  const entry = entries.get(penalty.leniencyEntry);
  if (!entry) return err({ code: 'unknown_entry', entry: penalty.leniencyEntry });
  if (penalty.firstViolationExempt && entry.list !== 'exempt') return err({ code: 'first_violation_without_exempt_entry', entry: penalty.leniencyEntry, list: entry.list });
  return ok({ ...penalty, leniencyList: entry.list, firstViolationExempt: penalty.firstViolationExempt || entry.firstViolation });
}
