/**
 * Issues built in core are described in Chinese as well as English (issue 18): each
 * describer gives a Chinese sentence in `zh` (never the English one) and keeps its English.
 */
import { describe, expect, it } from 'vitest';
import defaultModelJson from '../../src/core/scoring/models/credit-risk-1.json' with { type: 'json' };
import { createHeadingTable, describeColumnIssue } from '../../src/core/column-headings.ts';
import { describeCreditCodeIssue } from '../../src/core/credit-code.ts';
import { convertCreditRecordRow } from '../../src/core/credit-record-row.ts';
import { describeCsvIssue } from '../../src/core/csv-records.ts';
import { describeRowIssue, validateDirectoryRow, type RowIssue } from '../../src/core/directory-row.ts';
import { planFileSchema } from '../../src/core/inspection-plan.ts';
import { bothLanguages, type Language } from '../../src/core/language.ts';
import { describeSamplingPolicyIssue } from '../../src/core/policy/sampling-policy.ts';
import { describeModelIssue, validateModel } from '../../src/core/scoring/model.ts';
import { bilingualZodErrors, zodIssueReason } from '../../src/core/zod-issues.ts';
import { englishReasonLines } from '../support/english-text.ts';

const CHINESE = /[\u3400-\u9fff]/;

/** Both languages of a describer: Chinese with Chinese in it, English without, and not the same. */
function expectBilingual(describe: (lang: Language) => string): void {
  const zh = describe('zh');
  const en = describe('en');
  expect(zh, en).toMatch(CHINESE);
  expect(zh).not.toBe(en);
  expect(englishReasonLines(zh)).toEqual([]);
}

const ROW_ISSUES: readonly RowIssue[] = [
  { code: 'too_long', field: 'name', maximum: 200, actual: 201 },
  { code: 'control_character', field: 'name' },
  { code: 'required', field: 'name' },
  { code: 'bad_credit_code', field: 'creditCode', issue: { code: 'bad_check_character', expected: 'Y', actual: 'X' } },
  { code: 'bad_region_code', field: 'regionCode', value: '35' },
  { code: 'bad_industry_code', field: 'industryCode', value: '饭店' },
  { code: 'unknown_date_format', field: 'registrationDate', value: '02.01.2020' },
  { code: 'impossible_date', field: 'registrationDate', value: '2020-02-30' },
  { code: 'unknown_entity_type', field: 'entityType', value: 'plc' },
  { code: 'unknown_status', field: 'status', value: 'asleep' },
  { code: 'unknown_flag', field: 'flags', value: 'toys' },
];

describe('issues in Chinese and English (issue 18)', () => {
  it('describes every directory row issue in Chinese, keeping the English', () => {
    for (const issue of ROW_ISSUES) expectBilingual((lang) => describeRowIssue(issue, lang));
    expect(describeRowIssue({ code: 'required', field: 'name' }, 'en')).toBe('required, but empty');
  });

  it('describes credit code, CSV and column issues in Chinese', () => {
    expectBilingual((lang) => describeCreditCodeIssue({ code: 'invalid_character', position: 3, character: 'I' }, lang));
    expectBilingual((lang) => describeCsvIssue({ code: 'unclosed_quote', column: 2 }, lang));
    const table = createHeadingTable({ name: ['name', '企业名称'] }, ['name']);
    expectBilingual((lang) => describeColumnIssue(table, { code: 'missing_column', field: 'name' }, lang));
    expect(describeColumnIssue(table, { code: 'missing_column', field: 'name' }, 'zh')).toContain('缺少“企业名称”列');
  });

  it('describes what validateDirectoryRow finds on a bad row in Chinese', () => {
    const checked = validateDirectoryRow({ creditCode: '123', name: '', registrationDate: '2020-02-30', status: 'asleep' });
    expect(checked.ok).toBe(false);
    if (!checked.ok) for (const issue of checked.error) expectBilingual((lang) => describeRowIssue(issue, lang));
  });

  it("gives a credit record row's reasons in both languages, zod's included", () => {
    const converted = convertCreditRecordRow('penalty', { creditCode: '91350100M000100Y43', decisionNumber: '', date: '2024-13-01', amount: 'lots' }, { hashIdNumber: () => '0'.repeat(64) });
    expect(converted.ok).toBe(false);
    if (!converted.ok) {
      expect(converted.error.length).toBeGreaterThan(1);
      for (const issue of converted.error) expectBilingual((lang) => (lang === 'zh' ? issue.reasonZh : issue.reason));
    }
  });

  it("words a plan file's zod issues in Chinese through the per-call error map, English as zod's own", () => {
    const parsed = planFileSchema.safeParse({ plan: { year: 1999, name: '', roundsPerYear: 'two' }, items: [{ code: '!', extra: 1 }] }, { error: bilingualZodErrors });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      const reasons = parsed.error.issues.map(zodIssueReason);
      expect(reasons.length).toBeGreaterThan(4);
      for (const reason of reasons) expectBilingual((lang) => (lang === 'zh' ? reason.reasonZh : reason.reason));
      expect(reasons.map((reason) => reason.reason)).toContain('must not be empty');
      expect(planFileSchema.safeParse({ plan: { year: 1999, name: 'x', roundsPerYear: 1 } }).error?.issues[0]?.message).toMatch(/^Too small/);
    }
  });

  it('describes sampling policy issues in Chinese', () => {
    expectBilingual((lang) => describeSamplingPolicyIssue({ code: 'ratio_order', lower: 'A', higher: 'B', lowerRatio: '0.05', higherRatio: '0.03' }, lang));
    expectBilingual((lang) => describeSamplingPolicyIssue({ code: 'invalid_ratio', stratum: 'A', issue: { code: 'above_one', text: '1.5' } }, lang));
  });

  it('describes scoring model and formula issues in Chinese', () => {
    const broken = JSON.parse(
      JSON.stringify(defaultModelJson)
        .replace('6 + 3 * min(enterprise_age_years, 3) - 3 * key_area', '6 + 3 * min(enterprise_age, 3)')
        .replace('15 - 15 * min(related_dishonest, 1)', 'cos.constructor(1)'),
    ) as unknown;
    const checked = validateModel(broken);
    expect(checked.ok).toBe(false);
    if (!checked.ok) for (const issue of checked.error) expectBilingual((lang) => describeModelIssue(issue, lang));
    const schema = validateModel({ ...(defaultModelJson as object), tiers: { A: 50, B: 70, C: 55 } });
    expect(schema.ok).toBe(false);
    if (!schema.ok) for (const issue of schema.error) expectBilingual((lang) => describeModelIssue(issue, lang));
  });

  it('writes both languages on one line, Chinese first', () => {
    expect(bothLanguages({ reason: 'required, but empty', reasonZh: '必填，但为空' })).toBe('必填，但为空 / required, but empty');
  });
});
