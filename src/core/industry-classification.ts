/**
 * Industries by GB/T 4754-2017 (国民经济行业分类): the standard's codes and names, and what a
 * directory's 行业 column may hold. Registration exports carry a code (`H6210`, `6210`) or the
 * class's Chinese name (正餐服务); both resolve to the code Suiji stores: the section letter
 * followed by the division, group or class digits (`H`, `H62`, `H621`, `H6210`).
 */
import { GB_T_4754_2017_TABLE } from './industry-table.ts';

/** The four levels of the classification: 门类, 大类, 中类, 小类. */
export type IndustryLevel = 'section' | 'division' | 'group' | 'class';

export interface IndustryClass {
  /** Section letter and digits, e.g. `H6210`. */
  readonly code: string;
  readonly name: string;
  readonly level: IndustryLevel;
}

const LEVEL_BY_DIGITS: Readonly<Record<number, IndustryLevel>> = { 0: 'section', 2: 'division', 3: 'group', 4: 'class' };

function readTable(): IndustryClass[] {
  const classes: IndustryClass[] = [];
  let section = '';
  for (const line of GB_T_4754_2017_TABLE.split('\n')) {
    if (line === '') continue;
    const [digits = '', name = ''] = line.split('\t');
    if (/^[A-T]$/.test(digits)) section = digits;
    const level = LEVEL_BY_DIGITS[digits === section ? 0 : digits.length];
    if (!level) throw new Error(`industry table: bad code '${digits}'`);
    classes.push({ code: digits === section ? section : `${section}${digits}`, name, level });
  }
  return classes;
}

/** Every code of GB/T 4754-2017, sections first within their order, as the standard lists them. */
export const INDUSTRY_CLASSES: readonly IndustryClass[] = readTable();

const byCode = new Map(INDUSTRY_CLASSES.map((industry) => [industry.code, industry]));
/** Codes by their digits alone (`6210` → `H6210`): digits are unique across sections. */
const byDigits = new Map(INDUSTRY_CLASSES.filter((industry) => industry.level !== 'section').map((industry) => [industry.code.slice(1), industry]));

/** Names compared without spaces and with ASCII parentheses read as the standard's full-width ones. */
function nameKey(name: string): string {
  return name.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

/**
 * By name, the most detailed code: a group with one class shares its name (正餐服务 is both
 * group 621 and class 6210), and the class is what an enterprise does.
 */
const byName = new Map<string, IndustryClass>();
for (const industry of INDUSTRY_CLASSES) byName.set(nameKey(industry.name), industry);

/**
 * The class with this code, or undefined.
 *
 * @example findIndustryClass('H6210') // { code: 'H6210', name: '正餐服务', level: 'class' }
 */
export function findIndustryClass(code: string): IndustryClass | undefined {
  return byCode.get(code);
}

/**
 * What a 行业 cell means: a code with or without its section letter (`H6210`, `h6210`,
 * `6210`), or a Chinese name of the standard (`正餐服务`). Undefined when it is none of them.
 *
 * @example resolveIndustry('正餐服务')?.code // 'H6210'
 * @example resolveIndustry('6210')?.code // 'H6210'
 */
export function resolveIndustry(text: string): IndustryClass | undefined {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  return byCode.get(upper) ?? (/^\d+$/.test(trimmed) ? byDigits.get(trimmed) : undefined) ?? byName.get(nameKey(trimmed));
}
