/**
 * Inspector substitution (draw/v1.1 section 8.2) and the conflicts commitment (section 8.1):
 * the spec's test vectors (sha256 of the RFC 8785 canonical opening; substitution tickets,
 * also reproduced with Python's hashlib) and the candidate rules.
 */
import { describe, expect, it } from 'vitest';
import { canonicalizeJson } from '../../../src/core/canonical-json.ts';
import { nobleSha256 } from '../../../src/core/hash.ts';
import { computeConflictsCommitment, openConflicts } from '../../../src/core/draw/inspector-snapshot.ts';
import { applySubstitutions, rankSubstitutes, type SubstituteInput } from '../../../src/core/draw/substitution.ts';

const code = '91350100M000100Y43';
const opening = openConflicts('00112233445566778899aabbccddeeff', [
  { inspectorId: 'SP-2', code },
  { inspectorId: 'SP-1', code },
  { inspectorId: 'SP-1', code },
]);
const seed = `${'5f'.repeat(32)}-3.6.1.5.2.4`;
const input = (overrides: Partial<SubstituteInput> = {}): SubstituteInput => ({
  seed,
  snapshot: {
    qualification: 'food',
    departments: [{ department: 'd', teamSize: 2 }],
    inspectors: ['SP-1', 'SP-2', 'SP-3', 'SP-4', 'SP-5', 'SP-6'].map((badge) => ({ badge, department: 'd', qualifications: badge === 'SP-6' ? ['tax'] : ['food'], active: true })),
  },
  conflicts: opening.conflicts,
  assignments: [],
  number: 1,
  code,
  leaving: 'SP-3',
  teamBefore: [
    { department: 'd', badge: 'SP-3' },
    { department: 'd', badge: 'SP-4' },
  ],
  ...overrides,
});

describe('the conflicts commitment (spec vector)', () => {
  it('sorts and de-duplicates the conflicts and hashes the RFC 8785 canonical opening', () => {
    expect(canonicalizeJson(opening)).toBe('{"conflicts":[{"badge":"SP-1","code":"91350100M000100Y43"},{"badge":"SP-2","code":"91350100M000100Y43"}],"salt":"00112233445566778899aabbccddeeff"}');
    expect(computeConflictsCommitment(opening, nobleSha256)).toBe('d4b79985017ca13a2e5bc1e5a9f666ce9ff85a2a1c450661aa89af8604f21894');
  });
});

describe('rankSubstitutes', () => {
  it('draws the spec vector: SP-5, the only active, qualified, conflict-free inspector off the team', () => {
    expect(rankSubstitutes(input(), nobleSha256)).toEqual({ ok: true, value: { department: 'd', ranked: ['SP-5'] } });
  });

  it('without the conflicts counts every active, qualified inspector off the team as a candidate, and ranks a higher load last', () => {
    const ranked = rankSubstitutes(input({ conflicts: [] }), nobleSha256);
    expect(ranked.ok && ranked.value.ranked).toHaveLength(3);
    expect(ranked.ok && ranked.value.ranked).toContain('SP-5');
    const loaded = rankSubstitutes(input({ conflicts: [], assignments: [{ code: 'X', team: [{ department: 'd', badge: 'SP-5' }] }] }), nobleSha256);
    expect(loaded.ok && loaded.value.ranked.at(-1)).toBe('SP-5');
  });

  it('depends on the substitution counter, and refuses an inspector who is not on the team', () => {
    const many = input({ conflicts: [], snapshot: { ...input().snapshot, inspectors: Array.from({ length: 30 }, (_, index) => ({ badge: `M-${index}`, department: 'd', qualifications: ['food'], active: true })) }, teamBefore: [{ department: 'd', badge: 'M-0' }, { department: 'd', badge: 'M-1' }], leaving: 'M-0' });
    const first = rankSubstitutes(many, nobleSha256);
    const second = rankSubstitutes({ ...many, number: 2 }, nobleSha256);
    expect(first.ok && second.ok && first.value.ranked.join() !== second.value.ranked.join()).toBe(true);
    expect(rankSubstitutes(input({ leaving: 'SP-9' }), nobleSha256)).toEqual({ ok: false, error: { code: 'not_on_team', enterprise: code, badge: 'SP-9' } });
  });
});

describe('applySubstitutions', () => {
  it("applies an enterprise's substitutions in counter order, in place, and ignores other enterprises'", () => {
    const team = [
      { department: 'd', badge: 'A' },
      { department: 'd', badge: 'B' },
    ];
    const substitutions = [
      { number: 3, code, leaving: 'C', replacement: 'D' },
      { number: 1, code, leaving: 'A', replacement: 'C' },
      { number: 2, code: 'OTHER', leaving: 'B', replacement: 'E' },
    ];
    expect(applySubstitutions(team, substitutions, code).map((member) => member.badge)).toEqual(['D', 'B']);
  });
});
