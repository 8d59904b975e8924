/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters.
 *
 * | positions | meaning                                              |
 * |-----------|------------------------------------------------------|
 * | 1         | registration authority (登记管理部门码)              |
 * | 2         | entity type (机构类别码), meaning depends on pos. 1  |
 * | 3-8       | administrative division of registration (GB/T 2260)  |
 * | 9-17      | organisation code (主体标识码, GB 11714)             |
 * | 18        | check character                                      |
 */
import type { Language } from './language.ts';
import { err, ok, type Result } from './result.ts';

/** The 31 characters GB 32100 allows (no I, O, S, V, Z), in value order 0..30. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_LENGTH = 18;

const characterValue = new Map([...CREDIT_CODE_ALPHABET].map((character, index) => [character, index]));
/** The same by code unit (−1: not in the alphabet), for the million-code loops. */
const valueOfUnit = new Int8Array(128).fill(-1);
for (let index = 0; index < CREDIT_CODE_ALPHABET.length; index++) valueOfUnit[CREDIT_CODE_ALPHABET.charCodeAt(index)] = index;

/** Weight of position i (1-based) is 3^(i-1) mod 31 (GB 32100-2015 section 5). */
const checkWeights = Array.from({ length: 17 }, (_, index) => {
  let weight = 1;
  for (let step = 0; step < index; step++) weight = (weight * 3) % 31;
  return weight;
});

/** GB 11714-1997 weights for the eight body characters of an organisation code. */
const organisationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

export type CreditCodeIssue =
  | { readonly code: 'wrong_length'; readonly expected: 18; readonly actual: number }
  | { readonly code: 'invalid_character'; readonly position: number; readonly character: string }
  | { readonly code: 'bad_check_character'; readonly expected: string; readonly actual: string };

export interface CreditCodeWarning {
  readonly code: 'organisation_code_check_mismatch';
  readonly expected: string;
  readonly actual: string;
}

export interface CreditCode {
  /** Normalised (`normaliseCreditCode`): upper case, no white space. */
  readonly value: string;
  readonly registrationAuthority: { readonly code: string; readonly name: string };
  readonly entityType: { readonly code: string; readonly name: string };
  /** GB/T 2260 code of the registering division (positions 3-8). */
  readonly regionCode: string;
  /** Positions 9-17. */
  readonly organisationCode: string;
  /** Not errors: sole traders' codes, for one, need not follow GB 11714. */
  readonly warnings: readonly CreditCodeWarning[];
}

const registrationAuthorities: Record<string, { name: string; entityTypes: Record<string, string> }> = {
  '1': { name: '机构编制', entityTypes: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', entityTypes: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    entityTypes: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', entityTypes: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', entityTypes: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { name: '旅游', entityTypes: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' } },
  '7': { name: '宗教', entityTypes: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', entityTypes: { '1': '基层工会', '9': '其他' } },
  '9': { name: '市场监督管理（工商）', entityTypes: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', entityTypes: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', entityTypes: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', entityTypes: { '1': '其他' } },
};

/**
 * The check character for the first 17 characters of a code (GB 32100-2015 section 5):
 * C18 = 31 - (sum of value × 3^(i-1) mod 31) mod 31, mapped back through the alphabet.
 *
 * @example computeCreditCodeCheckCharacter('91350100M000100Y4') // '3'
 */
export function computeCreditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new Error(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let index = 0; index < 17; index++) {
    const value = characterValue.get(first17[index] as string);
    if (value === undefined) throw new Error(`invalid credit code character ${first17[index]}`);
    sum += value * (checkWeights[index] as number);
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] as string;
}

/**
 * The GB 11714 check character of an organisation code's first eight characters
 * (digits and upper-case letters, A = 10 … Z = 35): 11 - (weighted sum mod 11), with
 * 10 → `X` and 11 → `0`.
 *
 * @example computeOrganisationCodeCheckCharacter('M000100Y') // '4'
 */
export function computeOrganisationCodeCheckCharacter(body8: string): string {
  let sum = 0;
  for (let index = 0; index < 8; index++) {
    const value = Number.parseInt(body8[index] as string, 36);
    sum += value * (organisationCodeWeights[index] as number);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * Tidies a typed or pasted credit code for comparison and look-up, without validating it:
 * white space removed wherever it is (spaces between groups, a full-width space, a line
 * break), letters upper-cased. The one normalisation every reader of a code applies first;
 * `validateCreditCode` and `parseCreditCode` add the GB 32100 checks.
 *
 * @example normaliseCreditCode(' 9135 0100m000100y43\n') // '91350100M000100Y43'
 */
export function normaliseCreditCode(input: string): string {
  // Most codes (a pool of a million) are already normal: checking costs less than replacing.
  return isNormal(input) ? input : input.replace(/\s/g, '').toUpperCase();
}

/** True when `input` has only digits and upper-case ASCII letters (nothing to remove or upper-case). */
function isNormal(input: string): boolean {
  for (let index = 0; index < input.length; index++) {
    const unit = input.charCodeAt(index);
    if (!((unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a))) return false;
  }
  return true;
}

/**
 * The normalised code when it is a valid unified social credit code per GB 32100-2015
 * (length, alphabet, check character), or the first issue. Cheaper than `parseCreditCode`
 * for a valid code (nothing is decoded), so bulk imports use it.
 *
 * @example validateCreditCode('91350100m000100y43') // ok('91350100M000100Y43')
 */
export function validateCreditCode(input: string): Result<string, CreditCodeIssue> {
  const value = normaliseCreditCode(input);
  if (value.length !== CREDIT_CODE_LENGTH) return err({ code: 'wrong_length', expected: 18, actual: [...value].length });
  // By code unit through a lookup table: pools of a million codes pass through here.
  let sum = 0;
  for (let index = 0; index < CREDIT_CODE_LENGTH; index++) {
    const unit = value.charCodeAt(index);
    const digit = unit < 128 ? (valueOfUnit[unit] as number) : -1;
    if (digit < 0) return err({ code: 'invalid_character', position: index + 1, character: value[index] as string });
    if (index < 17) sum += digit * (checkWeights[index] as number);
  }
  const expected = CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] as string;
  const actual = value[17] as string;
  return expected === actual ? ok(value) : err({ code: 'bad_check_character', expected, actual });
}

/**
 * Whether the 18 bytes at `offset` are a credit code that `validateCreditCode` accepts
 * unchanged (already normal: upper case, no white space): the check of codes scanned from a
 * file's bytes, without a string per code.
 *
 * @example isNormalValidCreditCodeAt(new TextEncoder().encode('91350100M000100Y43'), 0) // true
 */
export function isNormalValidCreditCodeAt(bytes: Uint8Array, offset: number): boolean {
  if (offset + CREDIT_CODE_LENGTH > bytes.length) return false;
  let sum = 0;
  for (let index = 0; index < CREDIT_CODE_LENGTH - 1; index++) {
    const byte = bytes[offset + index] as number;
    const digit = byte < 128 ? (valueOfUnit[byte] as number) : -1;
    if (digit < 0) return false;
    sum += digit * (checkWeights[index] as number);
  }
  return bytes[offset + CREDIT_CODE_LENGTH - 1] === CREDIT_CODE_ALPHABET.charCodeAt((31 - (sum % 31)) % 31);
}

/**
 * Validates and decodes a unified social credit code. The input is normalised first
 * (`normaliseCreditCode`); every structural problem is an issue, the GB 11714 part only a warning.
 *
 * @example parseCreditCode(' 91350100m000100y43 ') // ok, value '91350100M000100Y43'
 */
export function parseCreditCode(input: string): Result<CreditCode, CreditCodeIssue> {
  const value = normaliseCreditCode(input);
  if (value.length !== CREDIT_CODE_LENGTH) {
    return err({ code: 'wrong_length', expected: 18, actual: [...value].length });
  }
  for (let index = 0; index < value.length; index++) {
    const character = value[index] as string;
    if (!characterValue.has(character)) {
      return err({ code: 'invalid_character', position: index + 1, character });
    }
  }
  const expected = computeCreditCodeCheckCharacter(value.slice(0, 17));
  const actual = value[17] as string;
  if (expected !== actual) return err({ code: 'bad_check_character', expected, actual });

  const authorityCode = value[0] as string;
  const typeCode = value[1] as string;
  const authority = registrationAuthorities[authorityCode];
  const organisationCode = value.slice(8, 17);
  const warnings: CreditCodeWarning[] = [];
  const organisationExpected = computeOrganisationCodeCheckCharacter(organisationCode.slice(0, 8));
  if (organisationExpected !== organisationCode[8]) {
    warnings.push({
      code: 'organisation_code_check_mismatch',
      expected: organisationExpected,
      actual: organisationCode[8] as string,
    });
  }
  return ok({
    value,
    registrationAuthority: { code: authorityCode, name: authority?.name ?? '未知' },
    entityType: { code: typeCode, name: authority?.entityTypes[typeCode] ?? '未知' },
    regionCode: value.slice(2, 8),
    organisationCode,
    warnings,
  });
}

/**
 * A one-line reason for an issue, in Chinese or English (English when no language is given,
 * for problem details and scripts).
 *
 * @example describeCreditCodeIssue({ code: 'wrong_length', expected: 18, actual: 17 }, 'zh') // '应为 18 位，实为 17 位'
 */
export function describeCreditCodeIssue(issue: CreditCodeIssue, lang: Language = 'en'): string {
  switch (issue.code) {
    case 'wrong_length':
      return lang === 'zh' ? `应为 18 位，实为 ${issue.actual} 位` : `must be 18 characters, got ${issue.actual}`;
    case 'invalid_character':
      return lang === 'zh'
        ? `第 ${issue.position} 位的“${issue.character}”不是允许的字符（允许 0-9 和 A-H J-N P Q R T U W X Y）`
        : `invalid character '${issue.character}' at position ${issue.position} (allowed: 0-9 and A-H J-N P Q R T U W X Y)`;
    case 'bad_check_character':
      return lang === 'zh' ? `校验码是“${issue.actual}”，应为“${issue.expected}”` : `check character is '${issue.actual}', expected '${issue.expected}'`;
  }
}
