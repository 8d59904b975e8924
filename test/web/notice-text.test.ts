import { describe, expect, it } from 'vitest';
import type { InspectionNotice, TaskNotices } from '../../src/application/inspection-notices.ts';
import { departmentOf } from '../../src/core/department.ts';
import { noticeText } from '../../src/web/console/notice-text.ts';

const records = [
  { code: 'SCJG', nameZh: '市场监管', nameEn: 'Market regulation' },
  { code: 'NYNC', nameZh: '农业农村', nameEn: 'Agriculture and rural affairs' },
];

const notice: InspectionNotice = {
  creditCode: '91350100M000100Y43',
  name: '测试有限公司',
  stratum: 'B',
  team: [{ department: 'NYNC', badge: 'NY-001', name: '王五' }],
  receiptCode: 'ABCD-EFGH-JKLM',
  checkUrl: 'https://suiji.example.gov.cn/receipt?draw=2027-ZH-01&code=91350100M000100Y43',
};

const batch: TaskNotices = {
  task: { code: '2027-ZH-01', name: '联合抽查', year: 2027, round: 1, departments: [{ department: 'SCJG', teamSize: 1 }, { department: '食品安全科', teamSize: 1 }] },
  departmentRecords: records,
  items: [{ code: 'SP-01', name: '食品经营检查', legalBasis: '《食品安全法》', department: 'NYNC' }],
  window: { from: '2027-03-02', until: '2027-12-31' },
  resultDueWorkingDays: 20,
  notices: [notice],
};

describe('department names on inspection notices (departments are stored by code since issue 17)', () => {
  it('shows a record by its name and legacy free text as written', () => {
    expect(departmentOf('SCJG', records).nameZh).toBe('市场监管');
    expect(departmentOf('食品安全科', records)).toEqual({ code: '食品安全科', nameZh: '食品安全科', nameEn: '食品安全科' });
  });

  it('names the task’s, the items’ and the team’s departments, never their codes', () => {
    const text = JSON.stringify(noticeText({ lang: 'zh' }, batch, notice));
    expect(text).toContain('市场监管、食品安全科');
    expect(text).toContain('农业农村：王五 NY-001');
    expect(text).toContain('《食品安全法》；农业农村');
    expect(text).not.toMatch(/SCJG|NYNC/);
    expect(JSON.stringify(noticeText({ lang: 'en' }, batch, notice))).toContain('Agriculture and rural affairs: 王五 NY-001');
  });
});
