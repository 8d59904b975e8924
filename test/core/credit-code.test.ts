// Unified social credit codes per GB 32100-2015 (法人和其他组织统一社会信用代码编码规则):
// 18 characters from a 31-character alphabet (no I, O, S, V, Z); the check character is
// C18 = 31 - (Σ value(Ci) × Wi mod 31) with Wi = 3^(i-1) mod 31 (section 5). Positions 9-17
// are the organisation code of GB 11714-1997, whose own check is only a warning here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_ALPHABET,
  computeCreditCodeCheckCharacter,
  computeOrganisationCodeCheckCharacter,
  describeCreditCodeIssue,
  normaliseCreditCode,
  parseCreditCode,
  validateCreditCode,
} from '../../src/core/credit-code.ts';

/** The standard's formula written out independently of the implementation under test. */
function referenceCheckCharacter(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const character of first17) {
    sum += CREDIT_CODE_ALPHABET.indexOf(character) * weight;
    weight = (weight * 3) % 31;
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

const validCharacter = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const first17 = fc.array(validCharacter, { minLength: 17, maxLength: 17 }).map((characters) => characters.join(''));

describe('computeCreditCodeCheckCharacter (GB 32100-2015 section 5)', () => {
  it('uses the weights 3^(i-1) mod 31 for positions 1 to 17', () => {
    // A single 1 at position i contributes exactly its weight, so the check is 31 - weight.
    let weight = 1;
    for (let position = 1; position <= 17; position++) {
      const code = '0'.repeat(position - 1) + '1' + '0'.repeat(17 - position);
      expect(computeCreditCodeCheckCharacter(code)).toBe(CREDIT_CODE_ALPHABET[(31 - weight) % 31]);
      weight = (weight * 3) % 31;
    }
  });

  it('maps a zero sum to the character 0', () => {
    expect(computeCreditCodeCheckCharacter('00000000000000000')).toBe('0');
  });

  it('agrees with the formula written out for constructed codes', () => {
    const vectors: Record<string, string> = {
      '91350100M000100Y4': '3',
      '93350121MA31XQ7L0': 'B',
      '91350181MA8RUL2XX': 'M',
      '51350000501234569': '7',
      '92350104MA2Y8K3P1': '8',
      Y1350100000000001: 'Y',
    };
    for (const [body, check] of Object.entries(vectors)) {
      expect(computeCreditCodeCheckCharacter(body)).toBe(check);
      expect(referenceCheckCharacter(body)).toBe(check);
    }
  });
});

describe('parseCreditCode', () => {
  it('accepts real published codes', () => {
    for (const code of ['91440300708461136T', '91310000717866186P']) {
      const parsed = parseCreditCode(code);
      expect(parsed).toMatchObject({ ok: true, value: { value: code, warnings: [] } });
    }
  });

  it('accepts constructed codes and decodes their parts', () => {
    const parsed = parseCreditCode('93350121MA31XQ7L0B');
    expect(parsed).toEqual({
      ok: true,
      value: {
        value: '93350121MA31XQ7L0B',
        registrationAuthority: { code: '9', name: '市场监督管理（工商）' },
        entityType: { code: '3', name: '农民专业合作社' },
        regionCode: '350121',
        organisationCode: 'MA31XQ7L0',
        warnings: [],
      },
    });
  });

  it('normalises case and surrounding white space', () => {
    const parsed = parseCreditCode('  91350181ma8rul2xxm\t\n');
    expect(parsed).toMatchObject({ ok: true, value: { value: '91350181MA8RUL2XXM' } });
  });

  it('decodes the registration authority and entity type from positions 1 and 2', () => {
    const decoded = (code: string) => {
      const parsed = parseCreditCode(code);
      if (!parsed.ok) throw new Error(describeCreditCodeIssue(parsed.error));
      return [parsed.value.registrationAuthority.name, parsed.value.entityType.name];
    };
    expect(decoded('91440300708461136T')).toEqual(['市场监督管理（工商）', '企业']);
    expect(decoded('92350104MA2Y8K3P18')).toEqual(['市场监督管理（工商）', '个体工商户']);
    expect(decoded('93350121MA31XQ7L0B')).toEqual(['市场监督管理（工商）', '农民专业合作社']);
    expect(decoded('513500005012345697')).toEqual(['民政', '社会团体']);
    expect(decoded('Y1350100000000001Y')).toEqual(['其他', '其他']);
  });

  it('rejects a code of the wrong length with the length it got', () => {
    expect(parseCreditCode('9144030070846113')).toEqual({ ok: false, error: { code: 'wrong_length', expected: 18, actual: 16 } });
    expect(parseCreditCode('91440300708461136T0')).toEqual({ ok: false, error: { code: 'wrong_length', expected: 18, actual: 19 } });
    expect(parseCreditCode('   ')).toEqual({ ok: false, error: { code: 'wrong_length', expected: 18, actual: 0 } });
  });

  it('rejects I, O, S, V and Z, which are not in the alphabet, naming the position', () => {
    for (const [position, character] of [[3, 'I'], [9, 'O'], [10, 'S'], [17, 'V'], [18, 'Z']] as const) {
      const code = '91440300708461136T'.slice(0, position - 1) + character + '91440300708461136T'.slice(position);
      expect(parseCreditCode(code)).toEqual({ ok: false, error: { code: 'invalid_character', position, character } });
    }
  });

  it('rejects lower-case letters outside the alphabet after normalising them', () => {
    expect(parseCreditCode('91350100m000100y4o')).toEqual({ ok: false, error: { code: 'invalid_character', position: 18, character: 'O' } });
  });

  it('rejects a character that is not Latin, naming its position', () => {
    expect(parseCreditCode('9144030070846113６T')).toEqual({ ok: false, error: { code: 'invalid_character', position: 17, character: '６' } });
  });

  it('rejects a code whose check character is wrong, with the expected and actual characters', () => {
    expect(parseCreditCode('91440300708461136U')).toEqual({ ok: false, error: { code: 'bad_check_character', expected: 'T', actual: 'U' } });
  });

  it('reports a GB 11714 organisation code mismatch as a warning only', () => {
    // Sole traders' codes commonly carry a ninth organisation character that fails GB 11714.
    expect(computeOrganisationCodeCheckCharacter('MA2Y8K3P')).toBe('3');
    const parsed = parseCreditCode('92350104MA2Y8K3P18');
    expect(parsed).toMatchObject({
      ok: true,
      value: { warnings: [{ code: 'organisation_code_check_mismatch', expected: '3', actual: '1' }] },
    });
  });

  it('describes every issue in one line', () => {
    expect(describeCreditCodeIssue({ code: 'wrong_length', expected: 18, actual: 17 })).toBe('must be 18 characters, got 17');
    expect(describeCreditCodeIssue({ code: 'invalid_character', position: 9, character: 'O' })).toContain("'O' at position 9");
    expect(describeCreditCodeIssue({ code: 'bad_check_character', expected: 'T', actual: 'U' })).toBe("check character is 'U', expected 'T'");
  });

  it('accepts any 17 valid characters followed by their computed check character', () => {
    fc.assert(
      fc.property(first17, (body) => {
        const check = computeCreditCodeCheckCharacter(body);
        expect(check).toBe(referenceCheckCharacter(body));
        expect(parseCreditCode(body + check).ok).toBe(true);
      }),
    );
  });

  it('rejects any 17 valid characters followed by another 18th character', () => {
    fc.assert(
      fc.property(first17, validCharacter, (body, last) => {
        const check = computeCreditCodeCheckCharacter(body);
        fc.pre(last !== check);
        expect(parseCreditCode(body + last)).toEqual({ ok: false, error: { code: 'bad_check_character', expected: check, actual: last } });
      }),
    );
  });
});

describe('normaliseCreditCode: tidying typed input, no validation', () => {
  it('removes white space anywhere (groups, full-width space, line breaks) and upper-cases', () => {
    expect(normaliseCreditCode(' 9135 0100m000100y43\n')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode('91350100\u3000M000100Y43')).toBe('91350100M000100Y43');
  });

  it('keeps what is not a code as it is, only tidied: validation is not its job', () => {
    expect(normaliseCreditCode(' 9135-01o ')).toBe('9135-01O');
    expect(normaliseCreditCode('')).toBe('');
  });

  it('is what parseCreditCode and validateCreditCode read, so a grouped code is accepted by both', () => {
    expect(parseCreditCode('9135 0100 M000 100Y 43')).toMatchObject({ ok: true, value: { value: '91350100M000100Y43' } });
    expect(validateCreditCode('9135 0100 M000 100Y 43')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });
});

describe('validateCreditCode: the GB 32100-2015 checks, the normalised code when they pass', () => {
  it('accepts a code whose section 5 check character is right, upper-cased', () => {
    expect(validateCreditCode('91440300708461136t')).toEqual({ ok: true, value: '91440300708461136T' });
  });

  it('gives the same issues as parseCreditCode on any 18 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 17, maxLength: 19 }), (code) => {
        const parsed = parseCreditCode(code);
        expect(validateCreditCode(code)).toEqual(parsed.ok ? { ok: true, value: parsed.value.value } : parsed);
      }),
    );
  });

  it('rejects a wrong check character with the expected one', () => {
    expect(validateCreditCode('91440300708461136A')).toEqual({ ok: false, error: { code: 'bad_check_character', expected: 'T', actual: 'A' } });
  });
});

describe('validateCreditCode on any text (the fast check for pools of a million codes)', () => {
  it('agrees with parseCreditCode on any text: the same value when valid, the same issue when not', () => {
    const nearCode = fc.stringMatching(/^\s?[0-9A-Za-z]{17,19}\s?$/);
    fc.assert(
      fc.property(fc.oneof(nearCode, fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 })), (text) => {
        const full = parseCreditCode(text);
        expect(validateCreditCode(text)).toEqual(full.ok ? { ok: true, value: full.value.value } : full);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts a valid code in lower case with surrounding spaces, normalised', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });
});
