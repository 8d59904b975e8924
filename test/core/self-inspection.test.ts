import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchesConditions, type PoolCandidate } from '../../src/core/draw/pool.ts';
import { coreSha256 } from '../../src/core/hash.ts';
import { inspectionTaskSchema } from '../../src/core/inspection-plan.ts';
import { checkFindings, isReportLate, reportContentHash, SELF_INSPECTION_COMMITMENTS, selfInspectionReportContent } from '../../src/core/self-inspection.ts';

const report = {
  task: '2026-ZC-01',
  creditCode: '91350100M000100Y43',
  version: 1,
  findings: [{ itemCode: 'ZC-01', checked: '年报公示', finding: 'corrected' as const, corrected: '补报年报' }],
  commitmentVersion: 'commitment/1' as const,
  submittedAt: '2026-11-10T15:00:00+08:00',
};

describe('self-inspection reports (issue 17)', () => {
  it('checks one finding per item of the task, what was checked, and what was corrected when a problem was found', () => {
    expect(checkFindings([{ itemCode: 'G1', checked: '营业执照悬挂', finding: 'compliant' }], ['G1'])).toEqual([]);
    expect(checkFindings([{ itemCode: 'X', checked: ' ', finding: 'corrected' }], ['G1'])).toEqual([
      { code: 'item_missing', itemCode: 'G1' },
      { code: 'item_unknown', itemCode: 'X' },
      { code: 'checked_required', itemCode: 'X' },
      { code: 'correction_required', itemCode: 'X' },
    ]);
  });

  it('binds the full commitment text of its version into the content, and hashes the RFC 8785 canonical JSON with SHA-256', () => {
    const content = selfInspectionReportContent(report);
    expect(content.commitment).toEqual({ version: 'commitment/1', ...SELF_INSPECTION_COMMITMENTS['commitment/1'] });
    // RFC 8785: keys sorted, no white space, strings as JSON.stringify writes them (non-ASCII as is).
    const canonical =
      `{"commitment":{"en":${JSON.stringify(SELF_INSPECTION_COMMITMENTS['commitment/1'].en)},"version":"commitment/1","zh":${JSON.stringify(SELF_INSPECTION_COMMITMENTS['commitment/1'].zh)}},` +
      `"creditCode":"91350100M000100Y43","findings":[{"checked":"年报公示","corrected":"补报年报","finding":"corrected","itemCode":"ZC-01"}],` +
      `"format":"suiji.self-inspection-report/1","submittedAt":"2026-11-10T15:00:00+08:00","task":"2026-ZC-01","version":1}`;
    expect(reportContentHash(content, coreSha256)).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
    const compliant = selfInspectionReportContent({ ...report, findings: [{ itemCode: 'ZC-01', checked: '年报公示', finding: 'compliant', corrected: 'ignored' }] });
    expect(compliant.findings).toEqual([{ itemCode: 'ZC-01', checked: '年报公示', finding: 'compliant' }]);
  });

  it('takes reports through the due date itself (Asia/Shanghai dates)', () => {
    expect(isReportLate('2026-11-20', '2026-11-20')).toBe(false);
    expect(isReportLate('2026-11-20', '2026-11-21')).toBe(true);
  });
});

describe('the self-inspection task and its follow-up in the plan (issue 17)', () => {
  const task = {
    code: '2026-ZC-01',
    name: '信用承诺自查',
    year: 2026,
    round: 1,
    items: ['ZC-01'],
    departments: [{ department: '市场监管', teamSize: 2 }],
    qualification: '行政执法',
    entropySource: { kind: 'public-event', description: '掷骰子', at: '2026-11-09T10:00:00+08:00' },
  };

  it('an old task loads as on site; a self-inspection task needs its report due date; a follow-up is on site', () => {
    expect(inspectionTaskSchema.parse(task).mode).toBe('on_site');
    expect(inspectionTaskSchema.safeParse({ ...task, mode: 'self_inspection' }).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['reportDue']);
    expect(inspectionTaskSchema.safeParse({ ...task, mode: 'self_inspection', reportDue: '2026-11-20' }).success).toBe(true);
    expect(inspectionTaskSchema.safeParse({ ...task, mode: 'self_inspection', reportDue: '2026-11-20', conditions: { acceptedReportsOf: 'X' } }).success).toBe(false);
  });

  it('a follow-up pool takes only enterprises whose report in the self-inspection task was accepted', () => {
    const candidate: PoolCandidate = { code: 'A', regionCode: '350102', industryCode: 'F52', entityType: 'company', status: 'active', flags: [], registrationDate: '2020-01-01' };
    const conditions = { acceptedReportsOf: '2026-ZC-01' };
    expect(matchesConditions({ ...candidate, reportAccepted: true }, conditions)).toBe(true);
    expect(matchesConditions({ ...candidate, reportAccepted: false }, conditions)).toBe(false);
    expect(matchesConditions(candidate, conditions)).toBe(false);
    expect(matchesConditions(candidate, {})).toBe(true);
  });
});
