import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CreditRecord } from '../../../src/core/credit-record.ts';
import { BLACK_LIST_1, checkExit, evaluateListCriteria, RED_LIST_1 } from '../../../src/core/lists/criteria.ts';

const code = '91350100M000100Y43';
const base = { creditCode: code, source: 'test' };
const period = { from: '2026-05-01', to: '2026-10-31' };

const penalty = (date: string, severity: 'warning' | 'fine' | 'heavy', exempt = false): CreditRecord => ({
  ...base, kind: 'penalty', decisionNumber: `罚${date}`, date, violation: '销售不合格产品', severity, firstViolationExempt: exempt, minorViolationExempt: false,
});
const dishonesty = (listedDate: string, removedDate?: string): CreditRecord => ({
  ...base, kind: 'serious_dishonesty_listing', listedDate, reason: '提交虚假材料取得登记', decidingAuthority: '某市市场监督管理局',
  ...(removedDate ? { removedDate, removal: 'expiry' as const } : {}),
});
const reports = (years: number[], late: number[] = []): CreditRecord[] =>
  years.map((year) => ({ ...base, kind: 'annual_report', year, filedDate: late.includes(year) ? `${year + 1}-08-01` : `${year + 1}-05-10` }));
const honour = (date: string, fulfilled = true): CreditRecord => ({ ...base, kind: 'honour', type: 'contract_honouring', date, fulfilled });
const clean = (): CreditRecord[] => [...reports([2023, 2024, 2025]), honour('2025-03-01')];

describe('black-list/1', () => {
  it('lists an enterprise on the serious-dishonesty list at the period end, from its listing date for three years', () => {
    expect(evaluateListCriteria(BLACK_LIST_1, [dishonesty('2025-02-10')], period)).toEqual({
      reason: '列入严重违法失信名单', legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条', entryDate: '2025-02-10', expiry: '2028-02-10',
    });
    expect(evaluateListCriteria(BLACK_LIST_1, [dishonesty('2025-02-10', '2026-10-31')], period)).toBeUndefined();
  });

  it('lists a heavy penalty decided within the period, not one before it, a lighter one or an exempt one', () => {
    expect(evaluateListCriteria(BLACK_LIST_1, [penalty('2026-06-15', 'heavy')], period)).toMatchObject({ reason: '受到较重行政处罚', entryDate: '2026-06-15', expiry: '2029-06-15' });
    expect(evaluateListCriteria(BLACK_LIST_1, [penalty('2026-04-30', 'heavy'), penalty('2026-06-15', 'fine'), penalty('2026-07-01', 'heavy', true)], period)).toBeUndefined();
  });
});

describe('red-list/1', () => {
  it('lists a clean enterprise with three on-time reports and an honour, for one year from the period end', () => {
    expect(evaluateListCriteria(RED_LIST_1, clean(), period)).toMatchObject({ entryDate: '2026-10-31', expiry: '2027-10-31' });
  });

  it('refuses any penalty within three years, but not a first-violation exemption or an older penalty', () => {
    expect(evaluateListCriteria(RED_LIST_1, [...clean(), penalty('2024-01-05', 'warning')], period)).toBeUndefined();
    expect(evaluateListCriteria(RED_LIST_1, [...clean(), penalty('2024-01-05', 'warning', true), penalty('2023-10-31', 'fine')], period)).toBeDefined();
  });

  it('refuses an abnormal-operations listing in force at any time within three years', () => {
    const listing: CreditRecord = { ...base, kind: 'abnormal_operations_listing', listedDate: '2022-06-01', reason: 'unreachable_at_address', removedDate: '2024-02-01' };
    expect(evaluateListCriteria(RED_LIST_1, [...clean(), listing], period)).toBeUndefined();
    expect(evaluateListCriteria(RED_LIST_1, [...clean(), { ...listing, removedDate: '2023-09-01' }], period)).toBeDefined();
  });

  it('refuses a substantiated complaint within three years, not an unsubstantiated one', () => {
    const complaint = (substantiated: boolean): CreditRecord => ({ ...base, kind: 'complaint', date: '2025-12-01', substantiated });
    expect(evaluateListCriteria(RED_LIST_1, [...clean(), complaint(true)], period)).toBeUndefined();
    expect(evaluateListCriteria(RED_LIST_1, [...clean(), complaint(false)], period)).toBeDefined();
  });

  it('needs no annual report due in the window late or unfiled; red-list/1 reads a year without a record as on time', () => {
    expect(evaluateListCriteria(RED_LIST_1, [...reports([2023, 2024, 2025], [2024]), honour('2025-03-01')], period)).toBeUndefined();
    const unfiled: CreditRecord = { ...base, kind: 'annual_report', year: 2025, filedDate: null };
    expect(evaluateListCriteria(RED_LIST_1, [...reports([2023, 2024]), unfiled, honour('2025-03-01')], period)).toBeUndefined();
    expect(evaluateListCriteria(RED_LIST_1, [...reports([2024, 2025]), honour('2025-03-01')], period)).toBeDefined();
    expect(evaluateListCriteria({ ...RED_LIST_1, missingReportRecord: 'not_filed' }, [...reports([2024, 2025]), honour('2025-03-01')], period)).toBeUndefined();
  });

  it('needs an honour or a fulfilled commitment within three years', () => {
    expect(evaluateListCriteria(RED_LIST_1, [...reports([2023, 2024, 2025]), honour('2025-03-01', false)], period)).toBeUndefined();
    expect(evaluateListCriteria(RED_LIST_1, [...reports([2023, 2024, 2025]), honour('2023-10-31')], period)).toBeUndefined();
  });

  it('never lists an enterprise that the black list lists (property)', () => {
    const dates = fc.integer({ min: 0, max: 2000 }).map((days) => new Date(Date.UTC(2021, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
    const record = fc.oneof(
      dates.map((date) => penalty(date, 'heavy')),
      dates.map((date) => dishonesty(date)),
      dates.map((date) => honour(date)),
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), (extra) => {
        const records = [...clean(), ...extra];
        return !(evaluateListCriteria(BLACK_LIST_1, records, period) && evaluateListCriteria(RED_LIST_1, records, period));
      }),
    );
  });
});

describe('exit from a list', () => {
  const entry = { entryDate: '2025-02-10', expiry: '2028-02-10' };
  it('allows credit repair only after the minimum period and with the decision reference', () => {
    expect(checkExit(BLACK_LIST_1, entry, { cause: 'credit_repair', exitDate: '2026-02-09', repairDecision: '信修〔2026〕1号' })).toEqual({ code: 'repair_too_early', earliest: '2026-02-10' });
    expect(checkExit(BLACK_LIST_1, entry, { cause: 'credit_repair', exitDate: '2026-02-10' })).toEqual({ code: 'repair_decision_missing' });
    expect(checkExit(BLACK_LIST_1, entry, { cause: 'credit_repair', exitDate: '2026-02-10', repairDecision: '信修〔2026〕1号' })).toBeUndefined();
  });

  it('allows expiry from the expiry date on, and no credit repair on the red list', () => {
    expect(checkExit(BLACK_LIST_1, entry, { cause: 'expiry', exitDate: '2028-02-09' })).toEqual({ code: 'not_yet_expired', expiry: '2028-02-10' });
    expect(checkExit(BLACK_LIST_1, entry, { cause: 'expiry', exitDate: '2028-02-10' })).toBeUndefined();
    expect(checkExit(RED_LIST_1, entry, { cause: 'credit_repair', exitDate: '2027-02-10', repairDecision: 'x' })).toEqual({ code: 'repair_not_on_red_list' });
  });
});
