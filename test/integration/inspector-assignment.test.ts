/**
 * The second random, end to end (draw/v1.1 section 8, issue 11 section 2): the inspector
 * snapshot committed at freeze is what the draw uses and publishes; the public record's
 * assignment verifies; results are accepted only from the current team; a substitution is
 * drawn reproducibly, signed, logged, and verifies, and a forged one fails.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { bureauKeySet, findAuditEnvelopeText, findCommitmentEnvelopeText, findPublicEnvelopeText, verifyPublishedDraw } from '../../src/application/draw-publication.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { loadPlanFile } from '../../src/application/inspection-plan.ts';
import { enterResults, type ResultInput } from '../../src/application/inspection-results.ts';
import { listSubstitutionEnvelopeTexts, substituteInspector } from '../../src/application/inspector-substitution.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { generateSigningKey, signRecord } from '../../src/application/record-signing.ts';
import { loadWorkingCalendar } from '../../src/application/working-calendar.ts';
import type { DrawCommitment } from '../../src/core/draw/commitment.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import { rankSubstitutes, type SubstitutionRecord } from '../../src/core/draw/substitution.ts';
import type { SignedEnvelope } from '../../src/core/signature.ts';
import { verifySubstitution } from '../../src/core/verify/index.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { expectSignedAndLogged } from '../support/published-record.ts';
import { loadTasks, publicEvent, createWorldDatabase, worldTasks, type World } from './draw-world.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let world: World;
// Drawn on 2026-09-01: dice at 09:30 that morning (draw/v1.1: announced before the freeze).
const task = () => ({ ...worldTasks(world.runId).food, entropySource: publicEvent('2026-09-01T09:30:00+08:00') });

beforeEach(async () => {
  ({ database, seeded: world } = await createWorldDatabase());
  keys = createEphemeralBureauKeys();
  await loadTasks(database, [task()]);
  const frozen = await freezeTask(database, keys, task().code, { now: new Date('2026-08-31T01:00:00Z') });
  if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));
});

afterEach(async () => {
  await database.close();
});

async function draw(): Promise<void> {
  const drawn = await drawTask(database, keys, task().code, '3.6.1.5.2.4', { now: new Date('2026-09-01T02:00:00Z') });
  if (!drawn.ok) throw new Error(JSON.stringify(drawn.error));
}

async function records() {
  const publicEnvelope = JSON.parse((await findPublicEnvelopeText(database.db, task().code))!) as SignedEnvelope<DrawRecord>;
  const audit = (JSON.parse((await findAuditEnvelopeText(database.db, task().code))!) as SignedEnvelope<DrawRecord>).record;
  const commitment = (JSON.parse((await findCommitmentEnvelopeText(database.db, task().code))!) as SignedEnvelope<DrawCommitment>).record;
  return { publicEnvelope, record: publicEnvelope.record, audit, commitment };
}

const result = (creditCode: string, inspectors: readonly string[]): ResultInput => ({
  taskCode: task().code,
  creditCode,
  itemCode: 'F1',
  outcome: 'no_problem',
  inspectionDate: '2026-09-24',
  inspectors,
  summary: '经检查，未发现问题。',
});

describe('the inspector snapshot committed at freeze', () => {
  it('is published with a sealed public record and its assignment verifies on the server, against the commitment too', async () => {
    await draw();
    const { record, commitment } = await records();
    expect(commitment.inspectorSnapshot?.inspectors.map((inspector) => inspector.badge)).toEqual(['SP-1', 'SP-2', 'SP-3', 'SP-4', 'SP-5', 'SP-6']);
    expect(record.inspectorSnapshot).toEqual(commitment.inspectorSnapshot);
    expect(record.conflictsCommitment).toBe(commitment.conflictsCommitment);
    expect(record.conflictsOpening).toBeUndefined();
    const checks = (await verifyPublishedDraw(database.db, keys, task().code))!;
    expect(checks.find((entry) => entry.id === 'assignment')).toMatchObject({ status: 'passed', reason: expect.stringContaining('recusal(s) assumed') });
    expect(checks.find((entry) => entry.id === 'commitment')?.status).toBe('passed');
  });

  it('is what the draw uses: inspectors added to the directory after the freeze are not drawn, a later conflict is not applied', async () => {
    const before = (JSON.parse((await findCommitmentEnvelopeText(database.db, task().code))!) as SignedEnvelope<DrawCommitment>).record;
    const added = await loadPlanFile(database, {
      inspectors: Array.from({ length: 12 }, (_, index) => ({ badge: `SP-N${index}`, name: `新检查员${index}`, department: '食品科', qualifications: ['行政执法'], active: true })),
      conflicts: [{ badge: 'SP-2', creditCode: world.codes[2]!, reason: '新申报' }],
    });
    expect(added.ok).toBe(true);
    await draw();
    const { record, audit } = await records();
    expect(audit.inspectorSnapshot).toEqual(before.inspectorSnapshot);
    expect(record.assignments!.flatMap((assignment) => assignment.team.map((member) => member.badge)).filter((badge) => badge.startsWith('SP-N'))).toEqual([]);
    expect(audit.conflictsOpening?.conflicts).toEqual([{ badge: 'SP-1', code: world.codes[0] }]);
  });
});

describe('results entry and substitutions', () => {
  it('refuses a result entered by an inspector outside the assigned team, in Chinese and English', async () => {
    await draw();
    const { record } = await records();
    const assignment = record.assignments![0]!;
    const outsider = ['SP-1', 'SP-2', 'SP-3', 'SP-4', 'SP-5'].find((badge) => !assignment.team.some((member) => member.badge === badge))!;
    const entered = await enterResults(database, loadWorkingCalendar(), [result(assignment.code, [assignment.team[0]!.badge, outsider])]);
    expect(entered.ok).toBe(false);
    const issue = !entered.ok ? entered.error[0]!.issues[0] : undefined;
    expect(issue).toMatchObject({ field: 'inspectors', code: 'inspector_not_on_team' });
    expect(issue?.reasonZh).toContain('不在');
    expect(issue?.reason).toContain('is not on the team assigned to');
    expect((await enterResults(database, loadWorkingCalendar(), [result(assignment.code, assignment.team.map((member) => member.badge))])).ok).toBe(true);
  });

  it('draws a substitute reproducibly from the public record, publishes it signed and logged, and then accepts the new team only', async () => {
    await draw();
    const { record, publicEnvelope, audit } = await records();
    const assignment = record.assignments![1]!;
    const leaving = assignment.team[0]!.badge;

    const substituted = await substituteInspector(database, keys, { taskCode: task().code, creditCode: assignment.code, leaving, reason: 'illness' }, () => new Date('2026-09-03T01:00:00Z'));
    if (!substituted.ok) throw new Error(JSON.stringify(substituted.error));
    const substitution = substituted.value.record;
    expect(substitution).toMatchObject({ format: 'suiji.inspector-substitution/1', number: 1, code: assignment.code, leaving, reason: 'illness', drawRecordHash: publicEnvelope.recordHash });

    // Anyone re-runs it from the public record: with no conflicts known, the first candidate or a later one after assumed recusals.
    const ranked = rankSubstitutes({ seed: record.seed, snapshot: record.inspectorSnapshot!, assignments: record.assignments!, number: 1, code: assignment.code, leaving, teamBefore: assignment.team }, nodeSha256);
    expect(ranked.ok && ranked.value.ranked).toContain(substitution.replacement);
    await expectSignedAndLogged(database.db, keys, substituted.value.envelope);
    expect(await listSubstitutionEnvelopeTexts(database.db, task().code)).toEqual([JSON.stringify(substituted.value.envelope)]);

    const publicChecks = verifySubstitution({ record: publicEnvelope, substitution: substituted.value.envelope, keys: bureauKeySet(keys), hash: nodeSha256 });
    expect(publicChecks.map((entry) => [entry.id, entry.status])).toEqual([
      ['substitution-format', 'passed'],
      ['substitution-draw', 'passed'],
      ['substitution-team', 'passed'],
      ['substitution-replacement', 'passed'],
      ['substitution-signature', 'passed'],
    ]);
    const auditChecks = verifySubstitution({ record: audit, substitution: substituted.value.envelope, keys: bureauKeySet(keys), hash: nodeSha256 });
    expect(auditChecks.find((entry) => entry.id === 'substitution-replacement')).toMatchObject({ status: 'passed', reason: expect.stringContaining('exactly') });

    const newTeam = assignment.team.map((member) => (member.badge === leaving ? substitution.replacement : member.badge));
    const byLeaving = await enterResults(database, loadWorkingCalendar(), [result(assignment.code, assignment.team.map((member) => member.badge))]);
    expect(!byLeaving.ok && byLeaving.error[0]!.issues[0]!.code).toBe('inspector_not_on_team');
    expect((await enterResults(database, loadWorkingCalendar(), [result(assignment.code, newTeam)])).ok).toBe(true);

    // A second substitution of the same enterprise chains on the first; the verifier needs the earlier one.
    const second = await substituteInspector(database, keys, { taskCode: task().code, creditCode: assignment.code, leaving: substitution.replacement, reason: 'other', reasonText: '借调' });
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    expect(second.value.record.number).toBe(2);
    expect(second.value.record.teamBefore.map((member) => member.badge)).toContain(substitution.replacement);
    const chained = verifySubstitution({ record: publicEnvelope, substitution: second.value.envelope, earlier: [substituted.value.envelope], keys: bureauKeySet(keys), hash: nodeSha256 });
    expect(chained.every((entry) => entry.status === 'passed')).toBe(true);
    const alone = verifySubstitution({ record: publicEnvelope, substitution: second.value.envelope, hash: nodeSha256 });
    expect(alone.find((entry) => entry.id === 'substitution-team')?.status).toBe('failed');
  });

  it('fails a forged substitution: another replacement, re-signed by another key, or one naming another draw', async () => {
    await draw();
    const { record, publicEnvelope, audit } = await records();
    const assignment = record.assignments![0]!;
    const substituted = await substituteInspector(database, keys, { taskCode: task().code, creditCode: assignment.code, leaving: assignment.team[1]!.badge, reason: 'recusal' });
    if (!substituted.ok) throw new Error(JSON.stringify(substituted.error));
    const genuine = substituted.value.record;
    const ranked = rankSubstitutes(
      { seed: audit.seed, snapshot: audit.inspectorSnapshot!, conflicts: audit.conflictsOpening!.conflicts, assignments: audit.assignments!, number: 1, code: genuine.code, leaving: genuine.leaving, teamBefore: genuine.teamBefore },
      nodeSha256,
    );
    expect(ranked.ok && ranked.value.ranked[0]).toBe(genuine.replacement);
    const other = ranked.ok ? ranked.value.ranked[1] : undefined;
    expect(other).toBeDefined();

    const forged: SubstitutionRecord = { ...genuine, replacement: other! };
    const statusOf = (checks: ReturnType<typeof verifySubstitution>, id: string) => checks.find((entry) => entry.id === id)?.status;
    expect(statusOf(verifySubstitution({ record: audit, substitution: forged, hash: nodeSha256 }), 'substitution-replacement')).toBe('failed');
    const tampered = { ...substituted.value.envelope, record: forged };
    expect(statusOf(verifySubstitution({ record: publicEnvelope, substitution: tampered, keys: bureauKeySet(keys), hash: nodeSha256 }), 'substitution-signature')).toBe('failed');
    const resigned = signRecord(forged, generateSigningKey().key);
    expect(statusOf(verifySubstitution({ record: publicEnvelope, substitution: resigned, keys: bureauKeySet(keys), hash: nodeSha256 }), 'substitution-signature')).toBe('failed');
    const outsider = { ...genuine, replacement: 'XY-1' };
    expect(statusOf(verifySubstitution({ record: publicEnvelope, substitution: outsider, hash: nodeSha256 }), 'substitution-replacement')).toBe('failed');
    const elsewhere = { ...genuine, drawRecordHash: 'ab'.repeat(32) };
    expect(statusOf(verifySubstitution({ record: publicEnvelope, substitution: elsewhere, hash: nodeSha256 }), 'substitution-draw')).toBe('failed');
  });
});
