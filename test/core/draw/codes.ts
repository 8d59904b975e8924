/** Valid, distinct credit codes for draw tests (GB 32100 check character computed). */
import { computeCreditCodeCheckCharacter, CREDIT_CODE_ALPHABET } from '../../../src/core/credit-code.ts';

/** The n-th test code: '91350100' + n in base 31 over the GB 32100 alphabet + check character. */
export function testCode(n: number): string {
  let body = '';
  let rest = n;
  for (let position = 0; position < 9; position++) {
    body = (CREDIT_CODE_ALPHABET[rest % 31] as string) + body;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91350100${body}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

export function testCodes(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, index) => testCode(offset + index));
}

/** A deterministic 32-hex salt per code (tests only; Suiji derives salts with HMAC). */
export function testSalt(code: string, index: number): string {
  return (index.toString(16) + code.toLowerCase().replace(/[^0-9a-f]/g, '') + '0'.repeat(32)).slice(0, 32);
}
