/**
 * Pins the default model credit-risk/1 (docs/scoring-model.md) on hand-made enterprises:
 * one per indicator and per rule, evaluated as of 2025-07-01 unless said otherwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CreditRecord } from '../../../src/core/credit-record.ts';
import { compileModel, evaluateEnterprise } from '../../../src/core/scoring/evaluate.ts';
import { buildRelatedPartyIndex } from '../../../src/core/scoring/indicators.ts';
import { defaultScoringModel, TIERS } from '../../../src/core/scoring/model.ts';
import {
  abnormalListing,
  annualReport,
  CODE,
  complaint,
  creditCode,
  dishonestyListing,
  enterprise,
  honour,
  inspection,
  link,
  penalty,
} from './fixtures.ts';

const compiled = compileModel(defaultScoringModel());
const AS_OF = '2025-07-01';

function evaluate(records: CreditRecord[], overrides: Parameters<typeof enterprise>[0] = {}, asOf = AS_OF) {
  return evaluateEnterprise(compiled, enterprise(overrides), records, asOf);
}

function contributionOf(result: ReturnType<typeof evaluate>, name: string): number {
  return result.indicators.find((indicator) => indicator.name === name)!.contribution;
}

describe('default model credit-risk/1', () => {
  it('has the key credit-risk/1 and gives a clean established enterprise 98, tier A', () => {
    const result = evaluate([]);
    expect(result).toMatchObject({ modelKey: 'credit-risk/1', asOf: AS_OF, score: 98, scoreTier: 'A', tier: 'A', observation: false, rulesFired: [] });
    expect(result.indicators.every((indicator) => indicator.contribution === 0)).toBe(true);
  });

  it.each([
    ['registered less than a year ago', { registrationDate: '2024-09-01' }, 89, 'A', -9],
    ['registered one year ago', { registrationDate: '2024-07-01' }, 92, 'A', -6],
    ['registered three years ago', { registrationDate: '2022-07-01' }, 98, 'A', 0],
  ] as const)('scores enterprise age: %s', (_label, overrides, score, tier, contribution) => {
    const result = evaluate([], overrides);
    expect([result.score, result.tier, contributionOf(result, 'enterprise_age_years')]).toEqual([score, tier, contribution]);
  });

  it('takes 3 points from an enterprise in a key area (food)', () => {
    const result = evaluate([], { flags: ['food'] });
    expect([result.score, result.tier, contributionOf(result, 'key_area')]).toEqual([95, 'A', -3]);
  });

  it.each([
    ['a fine this year', [penalty('2025-01-10')], 83, 'B', -15],
    ['a warning this year', [penalty('2025-01-10', { severity: 'warning', amountFen: undefined })], 93.5, 'A', -4.5],
    ['a heavy penalty this year', [penalty('2025-01-10', { severity: 'heavy' })], 60.5, 'C', -37.5],
    ['two fines this year', [penalty('2025-01-10'), penalty('2025-03-10')], 68, 'C', -30],
    ['a heavy penalty and a fine', [penalty('2025-01-10', { severity: 'heavy' }), penalty('2025-03-10')], 45.5, 'D', -52.5],
    ['a fine exempt as a first violation (首违不罚)', [penalty('2025-01-10', { firstViolationExempt: true })], 98, 'A', 0],
    ['a fine exempt as a minor violation', [penalty('2025-01-10', { minorViolationExempt: true })], 98, 'A', 0],
    ['a fine 18 months ago (weight 0.6)', [penalty('2024-01-10')], 89, 'A', -9],
    ['a fine 30 months ago (weight 0.3)', [penalty('2023-01-10')], 93.5, 'A', -4.5],
    ['a fine more than 3 years ago', [penalty('2022-06-30')], 98, 'A', 0],
  ] as const)('scores penalties: %s', (_label, records, score, tier, contribution) => {
    const result = evaluate([...records]);
    expect([result.score, result.tier, contributionOf(result, 'penalty_weight')]).toEqual([score, tier, contribution]);
  });

  it('counts an annual report as missing from 1 July after its year, not on 30 June', () => {
    const records = [annualReport(2024, null)];
    expect(evaluate(records, {}, '2025-06-30').score).toBe(98);
    const result = evaluate(records);
    expect([result.score, result.tier, contributionOf(result, 'annual_reports_missing')]).toEqual([92, 'A', -6]);
  });

  it('counts a report filed after the asOf date as missing, and filed late once filed', () => {
    const records = [annualReport(2024, '2025-08-15')];
    expect(evaluate(records).score).toBe(92);
    const later = evaluate(records, {}, '2025-09-01');
    expect([later.score, contributionOf(later, 'annual_reports_late')]).toEqual([96, -2]);
  });

  it('takes the late-report weight by due date: a 2023 report due 2024-06-30 weighs 0.6 on 2025-07-01', () => {
    const result = evaluate([annualReport(2023, '2024-08-15'), annualReport(2024, '2025-05-01')]);
    expect([result.score, contributionOf(result, 'annual_reports_late')]).toEqual([96.8, -1.2]);
  });

  it('puts an enterprise on the abnormal-operations list at least in tier C (rule abnormal_operations)', () => {
    const result = evaluate([abnormalListing('2025-03-01')]);
    expect(result).toMatchObject({ score: 86, scoreTier: 'A', tier: 'C', rulesFired: ['abnormal_operations'] });
    expect(contributionOf(result, 'abnormal_listings')).toBe(-12);
    expect(contributionOf(result, 'abnormal_listed')).toBe(0);
  });

  it('lets the abnormal-operations rule go once the listing is removed, keeping the decayed history', () => {
    const result = evaluate([abnormalListing('2025-01-05', '2025-05-01')]);
    expect(result).toMatchObject({ score: 86, tier: 'A', rulesFired: [] });
  });

  it('leaves a tier D enterprise in D when it is also on the abnormal list', () => {
    const result = evaluate([abnormalListing('2025-03-01'), penalty('2025-01-10', { severity: 'heavy' }), penalty('2025-02-10')]);
    expect(result).toMatchObject({ scoreTier: 'D', tier: 'D', rulesFired: ['abnormal_operations'] });
  });

  it('puts an enterprise on the serious-dishonesty list in tier D (rule serious_dishonesty)', () => {
    const result = evaluate([dishonestyListing('2024-05-01')]);
    expect(result).toMatchObject({ score: 68, scoreTier: 'C', tier: 'D', rulesFired: ['serious_dishonesty'] });
    expect(contributionOf(result, 'dishonesty_listings')).toBe(-30);
  });

  it('keeps a serious-dishonesty listing removed by credit repair at full weight within 3 years, without the rule', () => {
    const result = evaluate([dishonestyListing('2024-05-01', '2025-06-01')]);
    expect(result).toMatchObject({ score: 68, tier: 'C', rulesFired: [] });
  });

  it('weighs a serious-dishonesty listing 0.6 in its fourth year', () => {
    const result = evaluate([dishonestyListing('2021-09-01', '2024-09-01')]);
    expect([result.score, result.tier]).toEqual([80, 'B']);
  });

  it.each([
    ['refused inspection', 'refused_inspection', 82, 'B'],
    ['unreachable', 'unreachable', 90, 'A'],
    ['not disclosed as required', 'not_disclosed_as_required', 90, 'A'],
    ['problem corrected', 'problem_corrected', 94, 'A'],
    ['problem penalised', 'problem_penalised', 94, 'A'],
    ['no problem', 'no_problem', 98, 'A'],
  ] as const)('scores an inspection result: %s', (_label, outcome, score, tier) => {
    const result = evaluate([inspection('2025-02-01', outcome)]);
    expect([result.score, result.tier]).toEqual([score, tier]);
  });

  it('takes 15 points when a related enterprise is on the serious-dishonesty list', () => {
    const other = creditCode(2);
    const links = [link(CODE, '2020-01-01'), link(other, '2019-01-01')];
    const relatedParties = buildRelatedPartyIndex(links, new Set([other]), AS_OF);
    const result = evaluateEnterprise(compiled, enterprise(), [links[0]!], AS_OF, { relatedParties });
    expect([result.score, result.tier, contributionOf(result, 'related_dishonest')]).toEqual([83, 'B', -15]);
  });

  it('does not count the enterprise itself as its own related dishonest party', () => {
    const links = [link(CODE, '2020-01-01')];
    const relatedParties = buildRelatedPartyIndex(links, new Set([CODE]), AS_OF);
    const result = evaluateEnterprise(compiled, enterprise(), [links[0]!, dishonestyListing('2025-01-01')], AS_OF, { relatedParties });
    expect(result.indicators.find((indicator) => indicator.name === 'related_dishonest')!.value).toBe(0);
  });

  it.each([
    ['a substantiated complaint', [complaint('2025-02-01', true)], 95, 'complaints_substantiated', -3],
    ['an unsubstantiated complaint', [complaint('2025-02-01', false)], 98, 'complaints_substantiated', 0],
    ['守合同重信用 standing', [honour('2024-03-01', 'contract_honouring', true)], 99, 'contract_honouring', 1],
    ['a credit commitment kept', [honour('2025-03-01', 'credit_commitment', true)], 98.5, 'commitments_kept', 0.5],
    ['a credit commitment broken', [honour('2025-03-01', 'credit_commitment', false)], 94, 'commitments_broken', -4],
  ] as const)('scores social evaluation: %s', (_label, records, score, indicator, contribution) => {
    const result = evaluate([...records]);
    expect([result.score, contributionOf(result, indicator)]).toEqual([score, contribution]);
  });

  it.each([
    ['registered a year ago', '2024-07-01', true],
    ['registered a day short of 2 years', '2023-07-02', true],
    ['registered exactly 2 years before', '2023-07-01', false],
  ] as const)('marks a new business form %s: observation %s, still scored', (_label, registrationDate, observation) => {
    const result = evaluate([penalty('2025-01-10')], { registrationDate, flags: ['new_business_form'] });
    expect(result.observation).toBe(observation);
    expect(result.score).toBeLessThan(98);
  });

  it('does not mark an ordinary young enterprise for observation', () => {
    expect(evaluate([], { registrationDate: '2025-01-01' }).observation).toBe(false);
  });

  it('ignores records dated after the evaluation date', () => {
    const future = [penalty('2025-07-02', { severity: 'heavy' }), dishonestyListing('2025-08-01'), complaint('2025-07-02', true), abnormalListing('2025-12-01')];
    expect(evaluate(future)).toEqual(evaluate([]));
  });

  it('gives formula values that explain the score', () => {
    const result = evaluate([penalty('2025-01-10')]);
    expect(result.formulas).toEqual([
      { name: 'basic', value: 15 },
      { name: 'operations', value: 20 },
      { name: 'supervision', value: 25 },
      { name: 'related', value: 15 },
      { name: 'social', value: 8 },
      { name: 'score', value: 83 },
    ]);
  });
});

const dateArbitrary = fc
  .date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const penaltyArbitrary = fc
  .record({
    date: dateArbitrary,
    severity: fc.constantFrom('warning', 'fine', 'heavy' as const),
    firstViolationExempt: fc.boolean(),
    minorViolationExempt: fc.boolean(),
  })
  .map(({ date, ...rest }) => penalty(date, rest));

const recordArbitrary: fc.Arbitrary<CreditRecord> = fc.oneof(
  penaltyArbitrary,
  fc.tuple(dateArbitrary, fc.option(dateArbitrary, { nil: undefined })).map(([listed, removed]) => abnormalListing(listed, removed && removed >= listed ? removed : undefined)),
  fc.tuple(dateArbitrary, fc.option(dateArbitrary, { nil: undefined })).map(([listed, removed]) => dishonestyListing(listed, removed && removed >= listed ? removed : undefined)),
  fc.tuple(fc.integer({ min: 2018, max: 2025 }), fc.option(dateArbitrary, { nil: null })).map(([year, filed]) => annualReport(year, filed && filed > `${year}-12-31` ? filed : null)),
  fc.tuple(dateArbitrary, fc.boolean()).map(([date, substantiated]) => complaint(date, substantiated)),
  fc.tuple(dateArbitrary, fc.constantFrom('no_problem', 'unreachable', 'refused_inspection', 'problem_corrected' as const)).map(([date, outcome]) => inspection(date, outcome)),
  fc.tuple(dateArbitrary, fc.constantFrom('contract_honouring', 'credit_commitment' as const), fc.boolean()).map(([date, type, fulfilled]) => honour(date, type, fulfilled)),
);

describe('default model properties', () => {
  it('never improves the score or the tier when a penalty is added', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 12 }), penaltyArbitrary, dateArbitrary, (records, added, asOf) => {
        const before = evaluate(records, {}, asOf);
        const after = evaluate([...records, added], {}, asOf);
        expect(after.score).toBeLessThanOrEqual(before.score);
        expect(TIERS.indexOf(after.tier)).toBeGreaterThanOrEqual(TIERS.indexOf(before.tier));
      }),
      { numRuns: 500 },
    );
  });

  it('ignores any record dated after the evaluation date', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 12 }), dateArbitrary, (records, asOf) => {
        const known = records.filter((record) => (record.kind === 'annual_report' ? true : ('date' in record ? record.date : record.listedDate) <= asOf));
        expect(evaluate(records, {}, asOf)).toEqual(evaluate(known, {}, asOf));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same evaluation whatever the order of the records', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 12 }), dateArbitrary, (records, asOf) => {
        expect(evaluate([...records].reverse(), {}, asOf)).toEqual(evaluate(records, {}, asOf));
      }),
      { numRuns: 200 },
    );
  });

  it('always gives a score within 0-100', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 30 }), dateArbitrary, (records, asOf) => {
        const { score } = evaluate(records, {}, asOf);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
      }),
      { numRuns: 200 },
    );
  });
});
