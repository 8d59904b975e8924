/**
 * Separation of duties (issue 13): freeze uses only adopted policy versions, and adopting a
 * policy or publishing a list edition is proposed by one admin and approved by another
 * (FOUR_EYES), with both names in the activity log and in the signed record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listActivity, type Actor } from '../../src/application/activity-log.ts';
import { decideApproval, listApprovals, requestAct } from '../../src/application/approvals.ts';
import { createEphemeralBureauKeys, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { describeFreezeIssue, freezeTask } from '../../src/application/freeze-task.ts';
import { loadPlanFile, saveSamplingPolicy } from '../../src/application/inspection-plan.ts';
import { computeCandidateEdition } from '../../src/application/red-black-lists.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { listSamplingPolicies } from '../../src/persistence/inspection-repository.ts';
import { createTestDatabase } from '../support/database.ts';
import { loadTasks, seedWorld, WORLD_CALENDAR, worldTasks, YEAR, type World } from './draw-world.ts';

const { frozenAt } = WORLD_CALENDAR;
const admin = (username: string, userId: number): Actor => ({ actorKind: 'user', actorId: String(userId), actorLabel: username, role: 'admin' });
const li = admin('li.admin', 1);
const wang = admin('wang.admin', 2);
const tier = (ratio: string, minimum: number, frequency: number) => ({ ratio, minimum, frequency });
const newerF1 = { itemCode: 'F1', year: YEAR, tiers: { A: tier('0.2', 1, 2), B: tier('0.3', 1, 2), C: tier('0.4', 2, 2), D: tier('0.6', 2, 2) }, annualCap: 2 };

let database: DatabaseHandle;
let keys: BureauKeys;
let world: World;

beforeEach(async () => {
  database = await createTestDatabase();
  keys = createEphemeralBureauKeys();
  world = await seedWorld(database);
});

afterEach(async () => {
  await database.close();
});

describe('freeze and adopted policy versions', () => {
  it('freezes with the newest adopted version and says which, not a newer version staff only saved', async () => {
    const saved = await saveSamplingPolicy(database.db, newerF1);
    expect(saved.ok && saved.value).toMatchObject({ version: 2, adoptedAt: null });
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    const frozen = await freezeTask(database, keys, task.code, { now: frozenAt });
    expect(frozen.ok && frozen.value.policies).toEqual([{ itemCode: 'F1', version: 1 }]);
    expect(frozen.ok && frozen.value.strata.find((stratum) => stratum.label === 'A')?.ratio).toBe('0.1');
  });

  it('refuses to freeze a task whose item has saved versions but none adopted, with a tagged issue in Chinese and English', async () => {
    const loaded = await loadPlanFile(database, {
      items: [{ code: 'N1', name: '新事项', legalBasis: '食品安全法', department: '食品科', category: 'new' }],
      policies: [{ ...newerF1, itemCode: 'N1' }],
    });
    expect(loaded.ok).toBe(true);
    const task = { ...worldTasks(world.runId).food, code: '2027-N-01', items: ['N1'] };
    await loadTasks(database, [task]);
    const refused = await freezeTask(database, keys, task.code, { now: frozenAt });
    expect(refused).toEqual({ ok: false, error: { code: 'policy_not_adopted', task: '2027-N-01', year: YEAR, items: ['N1'] } });
    if (refused.ok) return;
    expect(describeFreezeIssue(refused.error, 'zh')).toContain('尚未经管理员采纳');
    expect(describeFreezeIssue(refused.error, 'en')).toContain('not adopted by an admin');
  });
});

describe('four eyes', () => {
  it('adopts a saved version only when a second admin approves; the proposer cannot, and both acts are in the activity log', async () => {
    await saveSamplingPolicy(database.db, newerF1);
    const proposed = await requestAct(database, keys, { kind: 'policy_adoption', version: { itemCode: 'F1', year: YEAR, version: 2 } }, li, { fourEyes: true });
    expect(proposed.ok && proposed.value.status).toBe('proposed');
    if (!proposed.ok || proposed.value.status !== 'proposed') return;
    const id = proposed.value.approval.id;
    const again = await requestAct(database, keys, { kind: 'policy_adoption', version: { itemCode: 'F1', year: YEAR, version: 2 } }, wang, { fourEyes: true });
    expect(again).toEqual({ ok: false, error: { code: 'approval_pending', kind: 'policy_adoption', subject: `F1/${YEAR}/v2` } });
    expect(await decideApproval(database, keys, id, 'approve', li)).toEqual({ ok: false, error: { code: 'approval_own_proposal', id } });
    expect((await listSamplingPolicies(database.db, { itemCode: 'F1', year: YEAR }))[0]?.adoptedAt).toBeNull();

    const approved = await decideApproval(database, keys, id, 'approve', wang);
    expect(approved.ok && approved.value.approval).toMatchObject({ status: 'approved', proposedBy: 'li.admin', decidedBy: 'wang.admin' });
    const [newest] = await listSamplingPolicies(database.db, { itemCode: 'F1', year: YEAR });
    expect(newest).toMatchObject({ version: 2, approvedBy: ['li.admin', 'wang.admin'], fourEyes: true });
    expect(newest?.adoptedAt).toBeInstanceOf(Date);
    const entries = (await listActivity(database.db, { limit: 10 })).items.map((entry) => [entry.actorLabel, entry.action, entry.subject]);
    expect(entries).toEqual([
      ['wang.admin', 'approval_approved', `F1/${YEAR}/v2`],
      ['li.admin', 'approval_proposed', `F1/${YEAR}/v2`],
    ]);
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    const frozen = await freezeTask(database, keys, task.code, { now: frozenAt });
    expect(frozen.ok && frozen.value.policies).toEqual([{ itemCode: 'F1', version: 2 }]);
  });

  it('lets another admin reject and only the proposer withdraw; neither publishes anything', async () => {
    const computed = await computeCandidateEdition(database, { list: 'black', from: `${YEAR}-01-01`, to: `${YEAR}-06-30` });
    expect(computed.ok).toBe(true);
    const edition = `black-${YEAR}-06-30`;
    const first = await requestAct(database, keys, { kind: 'list_publication', edition }, li, { fourEyes: true });
    if (!first.ok || first.value.status !== 'proposed') throw new Error('not proposed');
    expect(await decideApproval(database, keys, first.value.approval.id, 'reject', li)).toMatchObject({ ok: false, error: { code: 'approval_own_proposal' } });
    const rejected = await decideApproval(database, keys, first.value.approval.id, 'reject', wang, { reason: '名单需复核' });
    expect(rejected.ok && rejected.value.approval).toMatchObject({ status: 'rejected', decidedBy: 'wang.admin', reason: '名单需复核' });
    expect(await decideApproval(database, keys, first.value.approval.id, 'approve', wang)).toEqual({ ok: false, error: { code: 'approval_decided', id: first.value.approval.id, status: 'rejected' } });

    const second = await requestAct(database, keys, { kind: 'list_publication', edition }, li, { fourEyes: true });
    if (!second.ok || second.value.status !== 'proposed') throw new Error('not proposed');
    expect(await decideApproval(database, keys, second.value.approval.id, 'withdraw', wang)).toMatchObject({ ok: false, error: { code: 'approval_not_proposer' } });
    expect((await decideApproval(database, keys, second.value.approval.id, 'withdraw', li)).ok).toBe(true);
    expect(await listApprovals(database.db, { status: 'pending', limit: 10 })).toEqual([]);
    expect((await listApprovals(database.db, { limit: 10 })).map((row) => row.status)).toEqual(['withdrawn', 'rejected']);
  });

  it('with FOUR_EYES off, one admin publishes at once and the signed edition says fourEyes: false', async () => {
    await computeCandidateEdition(database, { list: 'black', from: `${YEAR}-01-01`, to: `${YEAR}-06-30` });
    const done = await requestAct(database, keys, { kind: 'list_publication', edition: `black-${YEAR}-06-30` }, li, { fourEyes: false });
    expect(done.ok && done.value.status).toBe('done');
    if (!done.ok || done.value.status !== 'done' || done.value.outcome.kind !== 'list_edition') throw new Error('not published');
    expect(done.value.outcome.envelope.record).toMatchObject({ approvedBy: ['li.admin'], fourEyes: false });
    expect((await listActivity(database.db, { limit: 1 })).items[0]).toMatchObject({ actorLabel: 'li.admin', action: 'list_publication_done', subject: `black-${YEAR}-06-30` });
  });
});
