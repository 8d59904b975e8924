/**
 * A last guard before anything is signed and published: natural persons' ID numbers and
 * mobile numbers are never published (DESIGN 1.8), so a record whose text contains one is
 * refused. Patterns: an 18-character resident ID (GB 11643-1999: 17 digits and a check
 * character) with a plausible birth date, and a mainland mobile number (1[3-9] and 9 digits).
 */
import { parseCreditCode } from './credit-code.ts';

const idNumberPattern = /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])/;
const mobilePattern = /(?<!\d)1[3-9]\d{9}(?!\d)/;

export type PersonalDataFinding = { readonly kind: 'id_number' | 'mobile_number'; readonly path: string };

/**
 * Every string in `value` (recursively, keys included) that looks like an ID or mobile number.
 *
 * @example findPersonalData({ summary: '联系电话13800138000' }) // [{ kind: 'mobile_number', path: 'summary' }]
 */
export function findPersonalData(value: unknown, path = ''): PersonalDataFinding[] {
  if (typeof value === 'string') {
    // A unified social credit code is the enterprise's public identifier, not a person's.
    if (parseCreditCode(value).ok) return [];
    const findings: PersonalDataFinding[] = [];
    if (idNumberPattern.test(value)) findings.push({ kind: 'id_number', path });
    if (mobilePattern.test(value)) findings.push({ kind: 'mobile_number', path });
    return findings;
  }
  if (Array.isArray(value)) return value.flatMap((element, index) => findPersonalData(element, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, element]) => [
      ...findPersonalData(key, path).map((finding) => ({ ...finding, path: path ? `${path}.${key}` : key })),
      ...findPersonalData(element, path ? `${path}.${key}` : key),
    ]);
  }
  return [];
}

/**
 * The name to publish for an enterprise, or '' for none. A sole trader's (个体工商户) name is
 * often its owner's, a natural person's, so it is published by credit code alone (draw
 * records, results and their batches alike).
 *
 * @example publishableName({ name: '张三', entityType: 'sole_trader' }) // ''
 * @example publishableName({ name: '福州示例有限公司', entityType: 'company' }) // '福州示例有限公司'
 */
export function publishableName(enterprise: { readonly name: string; readonly entityType: string } | undefined): string {
  return enterprise === undefined || enterprise.entityType === 'sole_trader' ? '' : enterprise.name;
}
