import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildPool,
  isNewBusinessFormInObservation,
  isSamePlannedSeries,
  jointInspectionExcludes,
  jointlyInspectedFor,
  poolHistoryFor,
  type JointInspection,
  type JointRuleTask,
  type PoolCandidate,
  type PoolHistory,
  type PoolRules,
} from '../../../src/core/draw/pool.ts';

const candidate = (code: string, overrides: Partial<PoolCandidate> = {}): PoolCandidate => ({
  code,
  regionCode: '350102',
  industryCode: 'F5211',
  entityType: 'company',
  status: 'active',
  flags: [],
  registrationDate: '2015-01-01',
  evaluation: { tier: 'B', observation: false },
  ...overrides,
});

const rules: PoolRules = { trigger: 'planned', tiered: true, includedStrata: ['A', 'B', 'C', 'D'], annualCap: 2, asOf: '2027-03-01', conditions: {} };
const noHistory: PoolHistory = { jointlyInspected: new Set(), plannedSelections: new Map() };

describe('buildPool', () => {
  it('excludes deregistered, revoked and moved-out enterprises with reason deregistered', () => {
    const pool = buildPool([candidate('1', { status: 'deregistered' }), candidate('2', { status: 'revoked' }), candidate('3', { status: 'moved_out' }), candidate('4')], rules, noHistory);
    expect(pool.members.map((member) => member.code)).toEqual(['4']);
    expect(pool.exclusions).toEqual([{ reason: 'deregistered', count: 3 }]);
  });

  it('keeps enterprises in observation out of planned tasks but not out of trigger tasks', () => {
    const candidates = [candidate('1', { evaluation: { tier: 'C', observation: true } }), candidate('2')];
    expect(buildPool(candidates, rules, noHistory).excluded).toEqual([{ code: '1', reason: 'observation_period' }]);
    expect(buildPool(candidates, { ...rules, trigger: 'complaint' }, noHistory).members).toHaveLength(2);
  });

  it('puts a new business form without evaluation in observation for two years after registration', () => {
    const young = { flags: ['new_business_form'], registrationDate: '2025-03-02' };
    expect(isNewBusinessFormInObservation(young, '2027-03-01')).toBe(true);
    expect(isNewBusinessFormInObservation(young, '2027-03-02')).toBe(false);
    expect(isNewBusinessFormInObservation({ flags: [], registrationDate: '2027-01-01' }, '2027-03-01')).toBe(false);
    const pool = buildPool([candidate('1', { ...young, evaluation: undefined })], { ...rules, tiered: false }, noHistory);
    expect(pool.exclusions).toEqual([{ reason: 'observation_period', count: 1 }]);
  });

  it('excludes tiers whose frequency skips the round, with reason tier_not_in_round', () => {
    const pool = buildPool([candidate('1', { evaluation: { tier: 'A', observation: false } }), candidate('2')], { ...rules, includedStrata: ['B', 'C', 'D'] }, noHistory);
    expect(pool.excluded).toEqual([{ code: '1', reason: 'tier_not_in_round' }]);
  });

  it('excludes enterprises jointly inspected this year for the category, in planned tasks only', () => {
    const history = { ...noHistory, jointlyInspected: new Set(['1']) };
    expect(buildPool([candidate('1'), candidate('2')], rules, history).excluded).toEqual([{ code: '1', reason: 'jointly_inspected_this_year' }]);
    for (const trigger of ['complaint', 'referral', 'superior_assigned'] as const) {
      expect(buildPool([candidate('1'), candidate('2')], { ...rules, trigger }, history).members).toHaveLength(2);
    }
  });

  it('excludes enterprises at the annual cap of planned inspections, in planned tasks only', () => {
    const history = { ...noHistory, plannedSelections: new Map([['1', 2], ['2', 1]]) };
    expect(buildPool([candidate('1'), candidate('2')], rules, history).excluded).toEqual([{ code: '1', reason: 'annual_cap' }]);
    expect(buildPool([candidate('1'), candidate('2')], { ...rules, trigger: 'referral' }, history).excluded).toEqual([]);
  });

  it('gives the first reason that applies and counts each enterprise once', () => {
    const history = { jointlyInspected: new Set(['1']), plannedSelections: new Map([['1', 5]]) };
    const pool = buildPool([candidate('1', { status: 'revoked', evaluation: { tier: 'A', observation: true } })], { ...rules, includedStrata: ['B'] }, history);
    expect(pool.exclusions).toEqual([{ reason: 'deregistered', count: 1 }]);
  });

  it('places enterprises the run did not evaluate in stratum B, and everyone in ALL without a run', () => {
    const pool = buildPool([candidate('1', { evaluation: undefined }), candidate('2', { evaluation: { tier: 'D', observation: false } })], rules, noHistory);
    expect(pool.members).toEqual([
      { code: '1', stratum: 'B' },
      { code: '2', stratum: 'D' },
    ]);
    expect(pool.notEvaluated).toBe(1);
    expect(buildPool([candidate('1'), candidate('2')], { ...rules, tiered: false, includedStrata: ['ALL'] }, noHistory).members.map((member) => member.stratum)).toEqual(['ALL', 'ALL']);
  });

  it("filters candidates by the task's regions, industries, entity types and flags (not exclusions)", () => {
    const candidates = [
      candidate('1', { regionCode: '350102', industryCode: 'H6210', flags: ['food'] }),
      candidate('2', { regionCode: '350121', industryCode: 'H6210', flags: ['food'] }),
      candidate('3', { regionCode: '350102', industryCode: 'C1391', flags: ['food'] }),
      candidate('4', { regionCode: '350102', industryCode: 'H6210', flags: [] }),
      candidate('5', { regionCode: '350102', industryCode: 'H6210', flags: ['food'], entityType: 'sole_trader' }),
    ];
    const pool = buildPool(candidates, { ...rules, conditions: { regions: ['350102'], industries: ['H'], flags: ['food'], entityTypes: ['company'] } }, noHistory);
    expect(pool.members.map((member) => member.code)).toEqual(['1']);
    expect(pool.candidates).toBe(1);
    expect(pool.exclusions).toEqual([]);
  });

  it('accounts for every matching candidate exactly once (property)', () => {
    const statuses = ['active', 'revoked', 'deregistered', 'moved_out'] as const;
    const tiers = ['A', 'B', 'C', 'D'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ status: fc.constantFrom(...statuses), tier: fc.constantFrom(...tiers), observation: fc.boolean(), joint: fc.boolean(), times: fc.nat(3) }), { maxLength: 40 }),
        fc.subarray([...tiers]),
        (rows, included) => {
          const candidates = rows.map((row, index) => candidate(String(index), { status: row.status, evaluation: { tier: row.tier, observation: row.observation } }));
          const history = {
            jointlyInspected: new Set(rows.flatMap((row, index) => (row.joint ? [String(index)] : []))),
            plannedSelections: new Map(rows.map((row, index) => [String(index), row.times])),
          };
          const pool = buildPool(candidates, { ...rules, includedStrata: included }, history);
          const counted = pool.exclusions.reduce((sum, entry) => sum + entry.count, 0);
          expect(pool.members.length + counted).toBe(rows.length);
          expect(new Set([...pool.members.map((member) => member.code), ...pool.excluded.map((entry) => entry.code)]).size).toBe(rows.length);
          for (const member of pool.members) expect(included).toContain(member.stratum);
        },
      ),
    );
  });
});

describe('the joint-inspection rule (综合查一次)', () => {
  // Round 1 of a planned series: 信用科 and 食品科 together, registration items, enterprises 1 and 2 selected.
  const joint: JointInspection = {
    task: '2027-ZH-01',
    round: 1,
    trigger: 'planned',
    items: ['XY-01', 'XY-02'],
    departments: ['信用科', '食品科'],
    categories: ['registration'],
    selected: ['1', '2'],
  };
  const separate: JointRuleTask = { round: 2, trigger: 'planned', items: ['XY-03'], departments: ['食品科'], categories: ['registration'] };

  it('keeps round 2 of the same planned series eligible, whatever the order of its items and departments', () => {
    const round2: JointRuleTask = { ...joint, round: 2, items: ['XY-02', 'XY-01'], departments: ['食品科', '信用科'] };
    expect(isSamePlannedSeries(joint, round2)).toBe(true);
    expect(jointInspectionExcludes(joint, round2)).toBe(false);
  });

  it('holds a second task of the same series in the same round back (that is a separate inspection)', () => {
    expect(jointInspectionExcludes(joint, { ...joint, round: 1 })).toBe(true);
  });

  it('holds back a separate task of a department that took part, for the same category', () => {
    expect(jointInspectionExcludes(joint, separate)).toBe(true);
    // A joint task that shares only one department with it is held back too: that department would inspect again.
    expect(jointInspectionExcludes(joint, { ...separate, departments: ['食品科', '质量科'] })).toBe(true);
  });

  it('does not hold back a task of a department that was not in the joint task', () => {
    expect(jointInspectionExcludes(joint, { ...separate, departments: ['质量科'] })).toBe(false);
  });

  it('does not hold back a task of another category', () => {
    expect(jointInspectionExcludes(joint, { ...separate, categories: ['food'] })).toBe(false);
  });

  it('never holds back a complaint, referral or superior-assigned task', () => {
    for (const trigger of ['complaint', 'referral', 'superior_assigned'] as const) expect(jointInspectionExcludes(joint, { ...separate, trigger })).toBe(false);
  });

  it('counts only joint tasks: a single-department task holds nobody back', () => {
    expect(jointInspectionExcludes({ ...joint, departments: ['食品科'] }, separate)).toBe(false);
  });

  it('treats a triggered joint inspection as a joint inspection, with no planned series of its own', () => {
    const complaint = { ...joint, trigger: 'complaint' as const };
    expect(jointInspectionExcludes(complaint, { ...joint, round: 2 })).toBe(true);
  });

  it('collects the selected enterprises of the joint tasks that apply, and nothing else', () => {
    const other: JointInspection = { ...joint, task: '2027-ZH-09', categories: ['food'], selected: ['3'] };
    expect(jointlyInspectedFor(separate, [joint, other])).toEqual(new Set(['1', '2']));
    expect(jointlyInspectedFor({ ...joint, round: 2 }, [joint, other])).toEqual(new Set());
  });

  it('keeps the C tier of round 2 of a joint series in the pool, and excludes it from a separate task', () => {
    const candidates = ['1', '2', '3', '4'].map((code) => candidate(code, { evaluation: { tier: 'C', observation: false } }));
    const year = { jointInspections: [joint], plannedSelections: new Map([['1', 1], ['2', 1]]) };
    const round2 = buildPool(candidates, rules, poolHistoryFor({ ...joint, round: 2 }, year));
    expect(round2.members.map((member) => member.code)).toEqual(['1', '2', '3', '4']);
    const elsewhere = buildPool(candidates, rules, poolHistoryFor(separate, year));
    expect(elsewhere.excluded).toEqual([
      { code: '1', reason: 'jointly_inspected_this_year' },
      { code: '2', reason: 'jointly_inspected_this_year' },
    ]);
  });
});
