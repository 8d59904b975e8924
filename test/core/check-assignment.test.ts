/**
 * The assignment check of draw/v1.1 (section 8.1 and 10 item 5): public records re-run
 * assign/v1 on the committed inspector snapshot with recusals inferred; audit records check
 * exactly and open the conflicts commitment (sha256 of the RFC 8785 canonical opening).
 */
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { buildDrawRecord, toPublicRecord, type DrawRecord, type DrawRecordInput } from '../../src/core/draw/record.ts';
import { canonicalizeJson } from '../../src/core/canonical-json.ts';
import { computeConflictsCommitment } from '../../src/core/draw/inspector-snapshot.ts';
import { checkAssignment, takeInOrder } from '../../src/core/verify/check-assignment.ts';
import { verifyRecord, type Check } from '../../src/core/verify/index.ts';
import { testCodes, testSalt } from './draw/codes.ts';
import { entropyFieldsOf } from '../../src/core/draw/entropy-source.ts';
import { commitmentOfRecord } from '../support/draw-commitment.ts';

const codes = testCodes(60);
const salt = 'c0'.repeat(16);

function input(conflicts: { inspectorId: string; code: string }[], visibility: 'open' | 'sealed' = 'open'): DrawRecordInput {
  return {
    task: { code: '2027-JM-009', departments: ['market', 'health'] },
    visibility,
    frozenAt: '2027-03-01T09:00:00+08:00',
    ...entropyFieldsOf({ kind: 'public-event', description: 'dice rolled at the public meeting', at: '2027-03-02T10:00:00+08:00' }, 86400),
    exclusions: [],
    nonce: '7a'.repeat(32),
    entropy: '1.2.3.4.5.6',
    drawnAt: '2027-03-02T10:15:00+08:00',
    strata: [{ label: 'ALL', ratio: '0.2', minimum: 1, members: codes.map((code, index) => ({ code, salt: testSalt(code, index) })) }],
    assignment: {
      qualification: 'food',
      departments: [
        { department: 'market', teamSize: 2 },
        { department: 'health', teamSize: 1 },
      ],
      inspectors: [
        ...Array.from({ length: 5 }, (_, index) => ({ inspectorId: `M-${index}`, department: 'market', qualifications: ['food'], active: true })),
        { inspectorId: 'M-9', department: 'market', qualifications: ['food'], active: false },
        { inspectorId: 'M-8', department: 'market', qualifications: ['tax'], active: true },
        ...Array.from({ length: 3 }, (_, index) => ({ inspectorId: `H-${index}`, department: 'health', qualifications: ['food'], active: true })),
      ],
      conflicts,
      conflictsSalt: salt,
    },
  };
}

function build(conflicts: { inspectorId: string; code: string }[] = [], visibility: 'open' | 'sealed' = 'open'): DrawRecord {
  const built = buildDrawRecord(input(conflicts, visibility), nodeSha256);
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  return built.value;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
type Mutable = { assignments: { code: string; team: { department: string; badge: string }[] }[]; conflictsOpening?: { conflicts: { badge: string; code: string }[] } };
const assignmentOf = (checks: Check[]) => checks.find((entry) => entry.id === 'assignment');

const plain = build();
const firstCode = plain.selected[0]!.code;
const firstMarket = plain.assignments![0]!.team[0]!.badge;
/** The same draw where the first enterprise's first market inspector declared a conflict. */
const withRecusal = build([{ inspectorId: firstMarket, code: firstCode }]);

describe('checkAssignment on a public record (draw/v1.1)', () => {
  it('publishes the snapshot and conflictsCommitment, but not the conflicts, in a public record', () => {
    const record = toPublicRecord(withRecusal);
    expect(record.inspectorSnapshot?.inspectors.map((inspector) => inspector.badge)).toContain('M-0');
    expect(record.conflictsCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(record.conflictsOpening).toBeUndefined();
    expect(JSON.stringify(record)).not.toContain(salt);
  });

  it("verifies a public record's assignment instead of calling it not applicable", () => {
    const check = assignmentOf(verifyRecord({ record: toPublicRecord(plain), hash: nodeSha256 }));
    expect(check?.status).toBe('passed');
    expect(check?.reason).toContain('0 recusal(s) assumed');
  });

  it('passes a recusal skip in a public record and counts it for auditors', () => {
    expect(withRecusal.assignments![0]!.team.map((member) => member.badge)).not.toContain(firstMarket);
    const check = assignmentOf(verifyRecord({ record: toPublicRecord(withRecusal), hash: nodeSha256 }));
    expect(check?.status).toBe('passed');
    expect(check?.reason).toContain('1 recusal(s) assumed; auditors check them against conflictsCommitment');
  });

  it('fails a public record whose team was reordered, given an inspector of another department, an inactive or an unqualified one', () => {
    const edits: ((record: Mutable) => void)[] = [
      (record) => {
        const team = record.assignments[0]!.team;
        [team[0]!.badge, team[1]!.badge] = [team[1]!.badge, team[0]!.badge];
      },
      (record) => {
        record.assignments[1]!.team[0]!.badge = 'H-0';
      },
      (record) => {
        record.assignments[2]!.team[1]!.badge = 'M-9';
      },
      (record) => {
        record.assignments[3]!.team[0]!.badge = 'M-8';
      },
      (record) => {
        record.assignments[4]!.team.pop();
      },
    ];
    for (const edit of edits) {
      const record = clone(toPublicRecord(plain)) as unknown as Mutable;
      edit(record);
      expect(checkAssignment(record as unknown as DrawRecord, nodeSha256).status).toBe('failed');
    }
  });

  it('fails a public record whose inspector snapshot was edited after freeze, through the commitment', () => {
    const commitment = commitmentOfRecord(plain);
    const record = toPublicRecord(plain);
    const passed = verifyRecord({ record, commitment, hash: nodeSha256 });
    expect(passed.find((entry) => entry.id === 'commitment')?.status).toBe('passed');

    const edited = { ...record, inspectorSnapshot: { ...record.inspectorSnapshot!, inspectors: record.inspectorSnapshot!.inspectors.filter((inspector) => inspector.badge !== 'M-4') } };
    const failed = verifyRecord({ record: edited, commitment, hash: nodeSha256 }).find((entry) => entry.id === 'commitment');
    expect(failed?.status).toBe('failed');
    expect(failed?.reason).toContain('inspectorSnapshot');
    const otherConflicts = verifyRecord({ record: { ...record, conflictsCommitment: 'ab'.repeat(32) }, commitment, hash: nodeSha256 });
    expect(otherConflicts.find((entry) => entry.id === 'commitment')?.status).toBe('failed');
  });
});

describe('checkAssignment on an audit record (draw/v1.1)', () => {
  it('checks exactly and opens the conflicts commitment: sha256 of the RFC 8785 canonical {conflicts, salt}', () => {
    const opening = withRecusal.conflictsOpening!;
    expect(withRecusal.conflictsCommitment).toBe(nodeSha256.hex(canonicalizeJson({ conflicts: [{ badge: firstMarket, code: firstCode }], salt })));
    expect(computeConflictsCommitment(opening, nodeSha256)).toBe(withRecusal.conflictsCommitment);
    const check = checkAssignment(withRecusal, nodeSha256);
    expect(check.status).toBe('passed');
    expect(check.reason).toContain('exactly');
  });

  it('fails an audit record whose declared conflicts do not open conflictsCommitment', () => {
    const record = clone(withRecusal) as unknown as Mutable;
    record.conflictsOpening!.conflicts = [];
    const check = checkAssignment(record as unknown as DrawRecord, nodeSha256);
    expect(check.status).toBe('failed');
    expect(check.reason).toContain('conflictsCommitment');
  });

  it('fails an audit record whose team holds an inspector that assign/v1 with the declared conflicts did not choose', () => {
    const record = clone(plain) as unknown as Mutable;
    const team = record.assignments[0]!.team;
    const unused = ['M-0', 'M-1', 'M-2', 'M-3', 'M-4'].find((badge) => !team.some((member) => member.badge === badge))!;
    team[1]!.badge = unused;
    const auditCheck = checkAssignment(record as unknown as DrawRecord, nodeSha256);
    expect(auditCheck.status).toBe('failed');
  });
});

describe('takeInOrder', () => {
  const ranked = ['a', 'b', 'c', 'd'].map((badge, index) => ({ badge, load: 0, ticket: `0.${index}` }));
  it('returns the candidates skipped before each taken one, and nothing for a team out of order', () => {
    expect(takeInOrder(ranked, ['a', 'c'])).toEqual(['b']);
    expect(takeInOrder(ranked, ['b', 'd'])).toEqual(['a', 'c']);
    expect(takeInOrder(ranked, ['c', 'a'])).toBeUndefined();
    expect(takeInOrder(ranked, ['x'])).toBeUndefined();
  });
});
