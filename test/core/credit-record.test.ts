import { describe, expect, it } from 'vitest';
import { creditRecordSchema, parseYuanToFen, recordDate } from '../../src/core/credit-record.ts';
import { zodIssueReason } from '../../src/core/zod-issues.ts';
import { CODE } from './scoring/fixtures.ts';

const penalty = {
  kind: 'penalty',
  creditCode: CODE.toLowerCase(),
  source: '福州市市场监督管理局',
  legalBasis: '《中华人民共和国价格法》第四十二条',
  decisionNumber: '榕市监罚〔2024〕12号',
  date: '2024-05-06',
  violation: '未按规定明码标价',
  severity: 'fine',
  amountFen: 500000,
  firstViolationExempt: false,
  minorViolationExempt: false,
};

function issuesOf(input: unknown): string[] {
  const parsed = creditRecordSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${zodIssueReason(issue).reason}`);
}

describe('creditRecordSchema', () => {
  it('accepts a penalty and normalises its credit code', () => {
    const parsed = creditRecordSchema.parse(penalty);
    expect(parsed.creditCode).toBe(CODE);
  });

  it('rejects a bad credit code, an impossible date and a float of money', () => {
    expect(issuesOf({ ...penalty, creditCode: '91350100M000100Y44', date: '2024-02-30', amountFen: 12.5 })).toEqual([
      "creditCode: credit code check character is '4', expected '3'",
      'date: must be a calendar date YYYY-MM-DD',
      'amountFen: Invalid input: expected int, received number',
    ]);
  });

  it('rejects a field that does not belong to the kind', () => {
    expect(issuesOf({ ...penalty, idNumber: '350102199001011234' })).toHaveLength(1);
  });

  it('rejects a serious-dishonesty removal by credit repair within the first year', () => {
    const listing = {
      kind: 'serious_dishonesty_listing',
      creditCode: CODE,
      source: 's',
      listedDate: '2024-05-01',
      reason: 'r',
      decidingAuthority: 'a',
      removedDate: '2025-04-30',
      removal: 'credit_repair',
    };
    expect(issuesOf(listing)).toEqual(['removedDate: credit repair removes a listing only after at least one year']);
    expect(issuesOf({ ...listing, removedDate: '2025-05-01' })).toEqual([]);
    expect(issuesOf({ ...listing, removal: undefined })).toEqual(['removal: removedDate and removal go together']);
  });

  it('accepts a missing annual report and rejects one filed within its own year', () => {
    const report = { kind: 'annual_report', creditCode: CODE, source: 's', year: 2023, filedDate: null };
    expect(issuesOf(report)).toEqual([]);
    expect(issuesOf({ ...report, filedDate: '2023-12-01' })).toEqual(['filedDate: a report is filed after the year it covers']);
  });

  it('accepts a related-party link only with a hashed person id, never an ID number', () => {
    const linkRecord = { kind: 'related_party_link', creditCode: CODE, source: 's', personId: 'f'.repeat(64), role: 'legal_representative', date: '2020-01-01' };
    expect(issuesOf(linkRecord)).toEqual([]);
    expect(issuesOf({ ...linkRecord, personId: '350102199001011234' })).toHaveLength(1);
  });
});

describe('money', () => {
  it.each([
    ['1234', 123400],
    ['1,234.5', 123450],
    ['￥0.07', 7],
    ['800元', 80000],
  ])('parses %s yuan into fen without floats', (text, fen) => {
    expect(parseYuanToFen(text)).toEqual({ ok: true, value: fen });
  });

  it('rejects more than two decimals and negative amounts', () => {
    expect(parseYuanToFen('1.234').ok).toBe(false);
    expect(parseYuanToFen('-5').ok).toBe(false);
  });

  it('dates an unfiled annual report by its due date', () => {
    expect(recordDate({ kind: 'annual_report', creditCode: CODE, source: 's', year: 2023, filedDate: null })).toBe('2024-06-30');
  });
});
