/** Hand-made enterprises and records for the scoring tests. */
import { computeCreditCodeCheckCharacter } from '../../../src/core/credit-code.ts';
import type {
  AbnormalOperationsListing,
  AnnualReport,
  Complaint,
  Honour,
  InspectionResult,
  Penalty,
  RelatedPartyLink,
  SeriousDishonestyListing,
} from '../../../src/core/credit-record.ts';
import type { Enterprise } from '../../../src/core/enterprise.ts';

/** A valid credit code numbered `n` (GB 32100 check character computed). */
export function creditCode(n: number): string {
  const first17 = `913501000000${String(n).padStart(5, '0')}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

export const CODE = creditCode(1);

export function enterprise(overrides: Partial<Enterprise> = {}): Enterprise {
  return {
    creditCode: CODE,
    name: '测试有限公司',
    regionCode: '350100',
    industryCode: 'F5191',
    registrationDate: '2015-01-01',
    entityType: 'company',
    status: 'active',
    flags: [],
    ...overrides,
  };
}

const base = { creditCode: CODE, source: 'test' };

export function penalty(date: string, overrides: Partial<Penalty> = {}): Penalty {
  return {
    ...base,
    kind: 'penalty',
    decisionNumber: `闽市监罚〔${date.slice(0, 4)}〕1号`,
    date,
    violation: '未按规定明码标价',
    severity: 'fine',
    amountFen: 500000,
    firstViolationExempt: false,
    minorViolationExempt: false,
    ...overrides,
  };
}

export function abnormalListing(listedDate: string, removedDate?: string): AbnormalOperationsListing {
  return { ...base, kind: 'abnormal_operations_listing', listedDate, reason: 'unreachable_at_address', removedDate };
}

export function dishonestyListing(listedDate: string, removedDate?: string, creditCodeOf = CODE): SeriousDishonestyListing {
  return {
    ...base,
    creditCode: creditCodeOf,
    kind: 'serious_dishonesty_listing',
    listedDate,
    reason: '提交虚假材料取得登记',
    decidingAuthority: '福州市市场监督管理局',
    removedDate,
    removal: removedDate === undefined ? undefined : 'credit_repair',
  };
}

export function annualReport(year: number, filedDate: string | null): AnnualReport {
  return { ...base, kind: 'annual_report', year, filedDate };
}

export function complaint(date: string, substantiated: boolean): Complaint {
  return { ...base, kind: 'complaint', date, substantiated };
}

export function inspection(date: string, outcome: InspectionResult['outcome']): InspectionResult {
  return { ...base, kind: 'inspection_result', date, itemCode: 'SC-001', outcome };
}

export function honour(date: string, type: Honour['type'], fulfilled: boolean): Honour {
  return { ...base, kind: 'honour', type, date, fulfilled };
}

export const PERSON = 'a'.repeat(64);

export function link(creditCodeOf: string, date: string, personId = PERSON): RelatedPartyLink {
  return { ...base, creditCode: creditCodeOf, kind: 'related_party_link', personId, role: 'legal_representative', date };
}
