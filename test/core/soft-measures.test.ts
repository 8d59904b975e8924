import { describe, expect, it } from 'vitest';
import { convertCreditRecordRow, creditRecordHeadingTable, creditRecordNaturalKey, describeCreditRecord, parseCreditRecordKind } from '../../src/core/credit-record-row.ts';
import type { CreditRecord } from '../../src/core/credit-record.ts';
import { describeObservation, isInObservation, observationEndDate, qualifiesForObservation } from '../../src/core/scoring/evaluate.ts';
import { defaultScoringModel, validateModel } from '../../src/core/scoring/model.ts';
import defaultModelJson from '../../src/core/scoring/models/credit-risk-1.json' with { type: 'json' };
import { CODE, enterprise } from './scoring/fixtures.ts';

const noHashing = { hashIdNumber: () => 'unused' };

describe('soft measures of the observation period (issue 17)', () => {
  it('is a credit record kind of its own, 柔性监管措施, read from a CSV row with Chinese headings and names', () => {
    expect(parseCreditRecordKind('柔性监管措施')).toBe('soft_measure');
    const headings = creditRecordHeadingTable('soft_measure').fieldByHeading;
    expect(['统一社会信用代码', '采取日期', '措施', '实施部门', '备注'].map((heading) => headings.get(heading))).toEqual(['creditCode', 'date', 'measure', 'department', 'note']);
    const converted = convertCreditRecordRow(
      'soft_measure',
      { creditCode: CODE, source: '县局', date: '2026年5月10日', measure: '行政指导', department: '食品经营监管科', note: '发放合规指引' },
      noHashing,
    );
    expect(converted).toEqual({
      ok: true,
      value: { kind: 'soft_measure', creditCode: CODE, source: '县局', date: '2026-05-10', measure: 'administrative_guidance', department: '食品经营监管科', note: '发放合规指引' },
    });
    if (converted.ok) expect(creditRecordNaturalKey(converted.value)).toBe('2026-05-10|administrative_guidance|食品经营监管科');
  });

  it('refuses a measure that is not one of the four soft measures', () => {
    const converted = convertCreditRecordRow('soft_measure', { creditCode: CODE, source: '县局', date: '2026-05-10', measure: '罚款', department: '食品科' }, noHashing);
    expect(converted.ok).toBe(false);
    expect(!converted.ok && converted.error.map((issue) => issue.field)).toEqual(['measure']);
  });
});

describe('describeCreditRecord: a record as a person reads it (issue 18)', () => {
  const penalty: CreditRecord = {
    kind: 'penalty', creditCode: CODE, source: '县局', decisionNumber: '合市监罚〔2026〕12号', date: '2026-03-01', violation: '未按规定公示', severity: 'fine',
    amountFen: 500000, firstViolationExempt: false, minorViolationExempt: false,
  };

  it('names fields as the import headings do, amounts in yuan, 是/否 and coded values by their Chinese names', () => {
    const chinese = describeCreditRecord(penalty, 'zh');
    expect(chinese).toContain('罚没金额：5,000.00 元');
    expect(chinese).toContain('首违不罚：否');
    expect(chinese).toContain('处罚种类：罚款');
    expect(chinese).not.toMatch(/amountFen|firstViolationExempt|fine\b|false/);
    expect(describeCreditRecord(penalty, 'en')).toContain('amount: 5,000.00 yuan');
  });

  it('says an annual report was not filed, and names a soft measure', () => {
    expect(describeCreditRecord({ kind: 'annual_report', creditCode: CODE, source: '县局', year: 2025, filedDate: null }, 'zh')).toContain('未报送');
    expect(describeCreditRecord({ kind: 'soft_measure', creditCode: CODE, source: '县局', date: '2026-05-10', measure: 'administrative_interview', department: '食品科' }, 'zh')).toContain('措施：行政约谈');
  });
});

describe('the observation period chosen by the bureau (issue 17)', () => {
  const model = defaultScoringModel();
  const newForm = enterprise({ flags: ['new_business_form'], registrationDate: '2025-03-01', industryCode: 'F5191' });
  const livestreaming = enterprise({ flags: [], registrationDate: '2025-03-01', industryCode: 'I6429' });

  it('keeps the default model’s rule: new business forms registered less than 2 years before', () => {
    expect(isInObservation(model.observation, newForm, '2027-02-28')).toBe(true);
    expect(isInObservation(model.observation, newForm, '2027-03-01')).toBe(false);
    expect(observationEndDate(model.observation, newForm)).toBe('2027-03-01');
    expect(describeObservation(model.observation, 'zh')).toBe('新业态；登记后 2 年内');
  });

  it('covers the industries the bureau names by GB/T 4754 code or prefix, and several flags', () => {
    const observation = { flags: ['new_business_form' as const, 'cosmetics' as const], industries: ['I64'], years: 3 };
    expect(qualifiesForObservation(observation, livestreaming)).toBe(true);
    expect(qualifiesForObservation(observation, enterprise({ flags: ['cosmetics'] }))).toBe(true);
    expect(qualifiesForObservation(observation, enterprise({ flags: [], industryCode: 'F5191' }))).toBe(false);
    expect(isInObservation(observation, livestreaming, '2027-06-01')).toBe(true);
    expect(describeObservation(observation, 'zh')).toBe('新业态，或化妆品，或行业 I64；登记后 3 年内');
  });

  it('accepts such a model and refuses one that names nobody', () => {
    const withIndustries = { ...structuredClone(defaultModelJson), version: 2, observation: { flags: ['new_business_form'], industries: ['I64', 'F5292'], years: 2 } };
    expect(validateModel(withIndustries).ok).toBe(true);
    const nobody = validateModel({ ...structuredClone(defaultModelJson), version: 2, observation: { years: 2 } });
    expect(!nobody.ok && nobody.error[0]!.path).toBe('observation');
    const badIndustry = validateModel({ ...structuredClone(defaultModelJson), version: 2, observation: { industries: ['直播'], years: 2 } });
    expect(!badIndustry.ok && badIndustry.error[0]!.path).toBe('observation.industries.0');
  });
});
