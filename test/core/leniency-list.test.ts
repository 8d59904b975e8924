import { describe, expect, it } from 'vitest';
import { applyLeniencyEntry, parseLeniencyEntry } from '../../src/core/leniency-list.ts';
import { checkCorrectionLink, type ResultCorrectionRecord } from '../../src/core/result-correction.ts';
import { groupRecordsByKind, prepareDecay, prepareIndicator, type IndicatorDefinition } from '../../src/core/scoring/indicators.ts';
import { enterprise, penalty } from './scoring/fixtures.ts';

const entries = new Map([
  ['CQ-1', { list: 'lighter' as const, firstViolation: false }],
  ['MY-1', { list: 'exempt' as const, firstViolation: true }],
]);

describe('the three lists (三张清单)', () => {
  it('reads an entry with the list named in Chinese, and refuses a first-violation case outside the 免予处罚 list', () => {
    expect(parseLeniencyEntry({ code: 'MY-1', list: '免予处罚', item: '未按时公示年报', legalBasis: '《行政处罚法》第三十三条', conditions: '首次且及时改正', firstViolation: '是' })).toEqual({
      ok: true,
      value: { code: 'MY-1', list: 'exempt', item: '未按时公示年报', legalBasis: '《行政处罚法》第三十三条', conditions: '首次且及时改正', firstViolation: true },
    });
    const refused = parseLeniencyEntry({ code: 'CQ 1', list: '从轻', item: 'a', legalBasis: '', conditions: 'c', firstViolation: 'yes' });
    expect(refused.ok ? [] : refused.error.map((issue) => [issue.field, issue.code])).toEqual([
      ['legalBasis', 'required'],
      ['code', 'bad_code'],
      ['firstViolation', 'first_violation_not_exempt'],
    ]);
  });

  it("a penalty citing the 免予处罚 list's first-violation entry becomes 首违不罚; a 首违不罚 penalty cannot cite another list", () => {
    expect(applyLeniencyEntry(penalty('2026-03-01', { leniencyEntry: 'MY-1' }), entries)).toMatchObject({ ok: true, value: { leniencyList: 'exempt', firstViolationExempt: true } });
    expect(applyLeniencyEntry(penalty('2026-03-01', { leniencyEntry: 'CQ-1', firstViolationExempt: true }), entries)).toEqual({
      ok: false,
      error: { code: 'first_violation_without_exempt_entry', entry: 'CQ-1', list: 'lighter' },
    });
    expect(applyLeniencyEntry(penalty('2026-03-01', { leniencyEntry: 'NONE' }), entries)).toEqual({ ok: false, error: { code: 'unknown_entry', entry: 'NONE' } });
  });

  it('penalty_weight weighs a penalty by the list it applied when the model gives leniencyWeights, and by severity without them', () => {
    const definition = (leniencyWeights?: { lighter: number; mitigated: number; exempt: number }): IndicatorDefinition => ({
      name: 'penalty_weight',
      family: 'supervision',
      description: 'penalties',
      neutral: 0,
      function: 'penalty_weight',
      params: { decay: 'standard', severityWeights: { warning: 0.3, fine: 1, heavy: 2.5 }, exemptWeight: 0, ...(leniencyWeights ? { leniencyWeights } : {}) },
    });
    const records = groupRecordsByKind([penalty('2026-03-01', { decisionNumber: 'A', leniencyList: 'lighter' }), penalty('2026-04-01', { decisionNumber: 'B', leniencyList: 'mitigated' }), penalty('2026-05-01', { decisionNumber: 'C' })]);
    const decay = prepareDecay([{ withinYears: 5, weight: 1 }], '2026-12-31');
    const compute = (indicator: IndicatorDefinition) => prepareIndicator(indicator)(enterprise(), records, '2026-12-31', () => decay, {});
    expect(compute(definition())).toBe(3);
    expect(compute(definition({ lighter: 0.7, mitigated: 0.4, exempt: 0 }))).toBeCloseTo(0.7 + 0.4 + 1);
  });
});

describe('correction links', () => {
  const original = { task: 'T-1', batch: 2, recordHash: 'a'.repeat(64), creditCode: '91350100M000100Y43', item: 'F1' };
  const batch = { recordHash: 'a'.repeat(64), record: { task: 'T-1', batch: 2, results: [{ creditCode: '91350100M000100Y43', item: 'F1' }] } };
  const correction: Pick<ResultCorrectionRecord, 'original'> = { original };

  it('links a correction to the batch that published the result, and to no other batch', () => {
    expect(checkCorrectionLink(correction, batch)).toEqual({ ok: true, value: undefined });
    expect(checkCorrectionLink(correction, { ...batch, recordHash: 'b'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'batch_hash_differs' } });
    expect(checkCorrectionLink({ original: { ...original, item: 'G1' } }, batch)).toMatchObject({ ok: false, error: { code: 'result_not_in_batch' } });
  });

  it('links a correction that names a department only to that department\'s result of the item (a joint task has one per department)', () => {
    const joint = { ...batch, record: { ...batch.record, results: [{ creditCode: original.creditCode, item: 'F1', department: 'SCJG' }, { creditCode: original.creditCode, item: 'F1', department: 'CGZF' }] } };
    expect(checkCorrectionLink({ original: { ...original, department: 'CGZF' } }, joint)).toEqual({ ok: true, value: undefined });
    expect(checkCorrectionLink({ original: { ...original, department: 'STHJ' } }, joint)).toMatchObject({ ok: false, error: { code: 'result_not_in_batch', department: 'STHJ' } });
    expect(checkCorrectionLink({ original: { ...original, department: 'SCJG' } }, batch)).toMatchObject({ ok: false, error: { code: 'result_not_in_batch' } });
  });
});
