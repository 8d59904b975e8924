/**
 * Departments as records (issue 17) and plans from before them: a department named by its
 * code, Chinese or English name is stored as the record's code; a free-text department with
 * no record still loads, kept as written; staff of a department enter results only for its
 * tasks; the public plan names items and departments.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignUserDepartment, checkTaskInScope, departmentScopeOf, saveDepartment } from '../../src/application/departments.ts';
import { loadPlanFile, saveInspector, saveTask } from '../../src/application/inspection-plan.ts';
import { loadPublicPlan } from '../../src/application/public-plan.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { findInspector, findTask, listInspectionItems } from '../../src/persistence/inspection-repository.ts';
import { createTestDatabase } from '../support/database.ts';
import { completeSetup, createSetupLink } from '../../src/application/accounts.ts';
import { TEST_PASSWORD, TEST_PASSWORD_PARAMETERS } from '../support/session.ts';

let database: DatabaseHandle;

const plan = (department: string, taskDepartments: readonly string[]) => ({
  plan: { year: 2027, name: '2027 年度计划', roundsPerYear: 2 },
  items: [{ code: 'G1', name: '年报公示', legalBasis: '企业信息公示暂行条例', department, category: 'registration' }],
  inspectors: [{ badge: 'XY-1', name: '信用检查员', department, qualifications: ['行政执法'] }],
  tasks: [
    {
      code: '2027-ZH-01',
      name: '综合查一次',
      year: 2027,
      round: 1,
      items: ['G1'],
      departments: taskDepartments.map((name) => ({ department: name, teamSize: 1 })),
      qualification: '行政执法',
      entropySource: { kind: 'public-event', description: 'dice', at: '2027-03-02T10:00:00+08:00' },
    },
  ],
});

/** A staff account (through a setup link, as people get one); its id. */
async function createStaffAccount(username: string): Promise<number> {
  const link = await createSetupLink(database.db, { purpose: 'create_user', role: 'staff', username });
  if (!link.ok) throw new Error(link.error.code);
  const created = await completeSetup(database.db, link.value.token, { password: TEST_PASSWORD }, TEST_PASSWORD_PARAMETERS);
  if (!created.ok) throw new Error(created.error.code);
  return created.value.user.id;
}

beforeEach(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  await database.close();
});

describe('plans and departments', () => {
  it('loads an old plan whose departments are free text with no record, keeping the text', async () => {
    const loaded = await loadPlanFile(database, plan('信用监督管理科', ['信用监督管理科', '食品安全监督管理科']));
    expect(loaded.ok, JSON.stringify(loaded)).toBe(true);
    expect((await listInspectionItems(database.db))[0]!.department).toBe('信用监督管理科');
    expect((await findTask(database.db, '2027-ZH-01'))!.departments).toEqual([
      { department: '信用监督管理科', teamSize: 1 },
      { department: '食品安全监督管理科', teamSize: 1 },
    ]);
  });

  it('stores a department named by its Chinese or English name as the record\'s code', async () => {
    expect((await saveDepartment(database.db, { code: 'SCJG', nameZh: '市场监管', nameEn: 'Market regulation' })).ok).toBe(true);
    expect((await saveDepartment(database.db, { code: 'CGZF', nameZh: '城管', nameEn: 'Urban management' })).ok).toBe(true);
    const loaded = await loadPlanFile(database, plan('市场监管', ['Market regulation', '城管']));
    expect(loaded.ok, JSON.stringify(loaded)).toBe(true);
    expect((await listInspectionItems(database.db))[0]!.department).toBe('SCJG');
    expect((await findInspector(database.db, 'XY-1'))!.department).toBe('SCJG');
    expect((await findTask(database.db, '2027-ZH-01'))!.departments.map((entry) => entry.department)).toEqual(['SCJG', 'CGZF']);
    expect((await saveInspector(database.db, { badge: 'CG-1', name: '城管队员', department: 'Urban management' })).ok && (await findInspector(database.db, 'CG-1'))!.department).toBe('CGZF');
  });

  it('refuses a task that names one department twice, by its name and by its code', async () => {
    await saveDepartment(database.db, { code: 'SCJG', nameZh: '市场监管', nameEn: 'Market regulation' });
    await loadPlanFile(database, { ...plan('市场监管', ['SCJG']), tasks: [] });
    const saved = await saveTask(database.db, { ...plan('市场监管', ['市场监管', 'SCJG']).tasks[0] });
    expect(!saved.ok && Array.isArray(saved.error) && saved.error.map((issue) => issue.path)).toEqual(['departments[1].department']);
  });

  it('scopes a staff account to its department: tasks of other departments are outside it, legacy names match the record', async () => {
    await saveDepartment(database.db, { code: 'XYK', nameZh: '信用监督管理科', nameEn: 'Credit supervision' });
    await saveDepartment(database.db, { code: 'CGZF', nameZh: '城管', nameEn: 'Urban management' });
    const userId = await createStaffAccount('li.wei');
    expect((await assignUserDepartment(database.db, 'li.wei', '城管')).ok).toBe(true);
    const scope = await departmentScopeOf(database.db, userId);
    expect(scope?.code).toBe('CGZF');
    const legacyTask = { code: 'T', departments: [{ department: '信用监督管理科' }] };
    expect(checkTaskInScope(legacyTask, scope)).toEqual(expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'outside_department' }) }));
    expect(checkTaskInScope(legacyTask, { code: 'XYK', nameZh: '信用监督管理科', nameEn: 'Credit supervision' }).ok).toBe(true);
    expect(checkTaskInScope(legacyTask, undefined).ok).toBe(true);
    expect(await assignUserDepartment(database.db, 'li.wei', '交通运输')).toEqual({ ok: false, error: { code: 'unknown_department', department: '交通运输' } });
  });

  it('publishes the plan with item names, department names (legacy text as written) and the scheduled draw time', async () => {
    await saveDepartment(database.db, { code: 'SCJG', nameZh: '市场监管', nameEn: 'Market regulation' });
    await loadPlanFile(database, plan('市场监管', ['市场监管', '食品安全监督管理科']));
    const published = await loadPublicPlan(database.db, 2027);
    expect(published?.tasks).toEqual([
      expect.objectContaining({
        items: [{ code: 'G1', name: '年报公示' }],
        departments: [
          { code: 'SCJG', nameZh: '市场监管', nameEn: 'Market regulation' },
          { code: '食品安全监督管理科', nameZh: '食品安全监督管理科', nameEn: '食品安全监督管理科' },
        ],
        scheduledDrawAt: '2027-03-02T10:00:00+08:00',
        status: 'planned',
      }),
    ]);
    expect(await loadPublicPlan(database.db, 2026)).toBeUndefined();
  });
});
