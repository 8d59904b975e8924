/** assign/v1 (spec section 8): balanced teams per department, recusal for declared conflicts. */
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../../src/application/node-hash.ts';
import { assignInspectors, computePairTicket, type Inspector } from '../../../src/core/draw/assignment.ts';
import { testCodes } from './codes.ts';

const seed = `${'ab'.repeat(32)}-3.6.1.5.2.4`;
const inspectors = (department: string, count: number, prefix: string): Inspector[] =>
  Array.from({ length: count }, (_, index) => ({ inspectorId: `${prefix}-${String(index + 1).padStart(3, '0')}`, department, qualifications: ['food'], active: true }));

describe('inspector assignment assign/v1', () => {
  it('gives each enterprise a team per department and keeps loads within one of each other', () => {
    const selected = testCodes(37);
    const result = assignInspectors(
      {
        seed,
        selected,
        inspectors: [...inspectors('market', 7, 'M'), ...inspectors('health', 4, 'H')],
        conflicts: [],
        departments: [
          { department: 'market', teamSize: 2 },
          { department: 'health', teamSize: 1 },
        ],
        qualification: 'food',
      },
      nodeSha256,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.map((entry) => entry.code)).toEqual(selected);
    const load = new Map<string, number>();
    for (const entry of result.value) {
      expect(entry.team.map((member) => member.department)).toEqual(['market', 'market', 'health']);
      expect(new Set(entry.team.map((member) => member.inspectorId)).size).toBe(3);
      for (const member of entry.team) load.set(member.inspectorId, (load.get(member.inspectorId) ?? 0) + 1);
    }
    const marketLoads = [...load].filter(([id]) => id.startsWith('M')).map(([, value]) => value);
    const healthLoads = [...load].filter(([id]) => id.startsWith('H')).map(([, value]) => value);
    expect(Math.max(...marketLoads) - Math.min(...marketLoads)).toBeLessThanOrEqual(1);
    expect(Math.max(...healthLoads) - Math.min(...healthLoads)).toBeLessThanOrEqual(1);
  });

  it('never puts an inspector on the team of an enterprise they declared a conflict with, nor an inactive or unqualified one', () => {
    const selected = testCodes(20);
    const pool = inspectors('market', 5, 'M');
    const conflicts = selected.flatMap((code, index) => [{ inspectorId: `M-00${(index % 5) + 1}`, code }]);
    const result = assignInspectors(
      {
        seed,
        selected,
        inspectors: [...pool, { inspectorId: 'M-900', department: 'market', qualifications: ['food'], active: false }, { inspectorId: 'M-901', department: 'market', qualifications: ['drugs'], active: true }],
        conflicts,
        departments: [{ department: 'market', teamSize: 2 }],
        qualification: 'food',
      },
      nodeSha256,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    for (const [index, entry] of result.value.entries()) {
      const ids = entry.team.map((member) => member.inspectorId);
      expect(ids).not.toContain(`M-00${(index % 5) + 1}`);
      expect(ids).not.toContain('M-900');
      expect(ids).not.toContain('M-901');
    }
  });

  it('orders equally loaded candidates by pair ticket', () => {
    const [code] = testCodes(1) as [string];
    const pool = inspectors('market', 6, 'M');
    const result = assignInspectors({ seed, selected: [code], inspectors: pool, conflicts: [], departments: [{ department: 'market', teamSize: 2 }], qualification: 'food' }, nodeSha256);
    const expected = pool
      .map((inspector) => ({ id: inspector.inspectorId, ticket: computePairTicket(seed, code, inspector.inspectorId, nodeSha256) }))
      .sort((left, right) => (left.ticket < right.ticket ? -1 : 1))
      .slice(0, 2)
      .map((entry) => entry.id);
    expect(result.ok && result.value[0]?.team.map((member) => member.inspectorId)).toEqual(expected);
  });

  it('fails naming the enterprise and the department when too few inspectors are free of conflicts', () => {
    const selected = testCodes(3);
    const blocked = selected[2] as string;
    const result = assignInspectors(
      {
        seed,
        selected,
        inspectors: inspectors('health', 3, 'H'),
        conflicts: [
          { inspectorId: 'H-001', code: blocked },
          { inspectorId: 'H-002', code: blocked },
        ],
        departments: [{ department: 'health', teamSize: 2 }],
        qualification: 'food',
      },
      nodeSha256,
    );
    expect(result).toEqual({ ok: false, error: { code: 'not_enough_inspectors', enterprise: blocked, department: 'health', needed: 2, available: 1 } });
  });

  it('refuses a team of one', () => {
    const result = assignInspectors(
      { seed, selected: testCodes(1), inspectors: inspectors('market', 3, 'M'), conflicts: [], departments: [{ department: 'market', teamSize: 1 }], qualification: 'food' },
      nodeSha256,
    );
    expect(result).toEqual({ ok: false, error: { code: 'team_too_small', total: 1 } });
  });
});
