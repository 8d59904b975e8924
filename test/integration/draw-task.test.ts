import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, deriveReceiptCode, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { bureauKeySet, findAuditEnvelopeText, findCommitmentEnvelopeText, findPublicEnvelopeText, readSignedReceipt, verifyPublishedDraw } from '../../src/application/draw-publication.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { saveSamplingPolicy } from '../../src/application/inspection-plan.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { getInclusionProof, getLeaves } from '../../src/application/publication-log.ts';
import type { DrawCommitment } from '../../src/core/draw/commitment.ts';
import { hexToBytes } from '../../src/core/hash.ts';
import { hashLeaf, verifyInclusion } from '../../src/core/merkle.ts';
import { computeStratumSizes, type DrawRecord } from '../../src/core/draw/record.ts';
import { drawStrata } from '../../src/core/draw/selection.ts';
import { verifyEnvelopeSignature, type SignedEnvelope } from '../../src/core/signature.ts';
import { allChecksPassed, verifyRecord } from '../../src/core/verify/index.ts';
import { findConsistencyViolations } from '../../src/persistence/consistency-check.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { loadPoolMembers } from '../../src/persistence/draw-repository.ts';
import { listSamplingPolicies } from '../../src/persistence/inspection-repository.ts';
import { StoredCountMismatchError } from '../../src/persistence/stored-count.ts';
import { testDatabaseKind } from '../support/database.ts';
import { drawState, drawWorldTask, freezeWorldTask, loadTasks, createWorldDatabase, WORLD_CALENDAR, WORLD_ENTROPY, worldTasks, type World } from './draw-world.ts';

const ENTROPY = WORLD_ENTROPY;
const { frozenAt, drawnAt } = WORLD_CALENDAR;

let database: DatabaseHandle;
let keys: BureauKeys;
let world: World;

beforeEach(async () => {
  ({ database, seeded: world } = await createWorldDatabase());
  keys = createEphemeralBureauKeys();
});

afterEach(async () => {
  await database.close();
});

async function freezeAndDraw(task: { code: string }) {
  const frozen = await freezeWorldTask(database, keys, task.code);
  return { frozen, drawn: await drawWorldTask(database, keys, task.code) };
}

/** A write the database drops without an error: a BEFORE trigger that skips the first row of `table`. */
async function skipFirstInsert(database: DatabaseHandle, table: 'task_pool_chunks' | 'draw_selections'): Promise<void> {
  await database.db.execute(sql.raw(`create sequence ${table}_skip`));
  await database.db.execute(
    sql.raw(`create function ${table}_skip() returns trigger language plpgsql as $$ begin if nextval('${table}_skip') = 1 then return null; end if; return new; end $$`),
  );
  await database.db.execute(sql.raw(`create trigger skip_first before insert on ${table} for each row execute function ${table}_skip()`));
}

async function envelopes(taskCode: string) {
  const publicEnvelope = JSON.parse((await findPublicEnvelopeText(database.db, taskCode))!) as SignedEnvelope<DrawRecord>;
  const auditEnvelope = JSON.parse((await findAuditEnvelopeText(database.db, taskCode))!) as SignedEnvelope<DrawRecord>;
  return { publicEnvelope, auditEnvelope };
}

describe('the seeded draw world', () => {
  it('passes the consistency check on its own (its evaluation run counts the evaluations it stores)', async () => {
    expect(await findConsistencyViolations(database.db, nodeSha256)).toEqual([]);
  });
});

describe('sampling policies', () => {
  it('stores every save as a new version and never overwrites the old one', async () => {
    const policy = {
      itemCode: 'F1',
      year: 2027,
      tiers: { A: { ratio: '0.01', minimum: 0, frequency: 1 }, B: { ratio: '0.02', minimum: 0, frequency: 1 }, C: { ratio: '0.05', minimum: 1, frequency: 2 }, D: { ratio: '1', minimum: 1, frequency: 2 } },
      annualCap: 3,
    };
    const saved = await saveSamplingPolicy(database.db, policy);
    expect(saved.ok && saved.value.version).toBe(2);
    const versions = await listSamplingPolicies(database.db, { itemCode: 'F1', year: 2027 });
    expect(versions.map((row) => [row.version, row.annualCap])).toEqual([
      [2, 3],
      [1, 2],
    ]);
  });

  it('rejects ratios out of risk order unless a reason is given, and bad ratios and frequencies always', async () => {
    const tiers = { A: { ratio: '0.3', minimum: 0, frequency: 1 }, B: { ratio: '0.2', minimum: 0, frequency: 1 }, C: { ratio: '0.3', minimum: 0, frequency: 1 }, D: { ratio: '0.4', minimum: 0, frequency: 1 } };
    const refused = await saveSamplingPolicy(database.db, { itemCode: 'F1', year: 2027, tiers, annualCap: 1 });
    expect(refused.ok).toBe(false);
    expect(refused).toMatchObject({ ok: false, error: [{ issue: { code: 'ratio_order', lower: 'A', higher: 'B', lowerRatio: '0.3', higherRatio: '0.2' } }] });
    const overridden = await saveSamplingPolicy(database.db, { itemCode: 'F1', year: 2027, tiers, annualCap: 1, overrideReason: '上级部署：A 类企业专项检查' });
    expect(overridden.ok).toBe(true);
    const bad = await saveSamplingPolicy(database.db, {
      itemCode: 'F1',
      year: 2027,
      tiers: { ...tiers, A: { ratio: '0.12345', minimum: 0, frequency: 3 } },
      annualCap: 1,
      overrideReason: 'x',
    });
    expect(bad.ok).toBe(false);
    const codes = bad.ok ? [] : bad.error.map((planIssue) => planIssue.issue);
    expect(codes).toContainEqual({ code: 'invalid_ratio', stratum: 'A', issue: expect.objectContaining({ code: 'too_many_decimals' }) });
    expect(codes).toContainEqual({ code: 'invalid_frequency', stratum: 'A', frequency: 3, roundsPerYear: 2 });
  });
});

describe('freeze commitment (spec section 3 step 1)', () => {
  it('is signed, logged as a draw_commitment leaf and public at freeze, before any draw, without mapping codes to tiers', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    expect(await findCommitmentEnvelopeText(database.db, task.code)).toBeUndefined();
    const frozen = await freezeTask(database, keys, task.code, { now: frozenAt });
    if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));

    const text = await findCommitmentEnvelopeText(database.db, task.code);
    const envelope = JSON.parse(text!) as SignedEnvelope<DrawCommitment>;
    expect(envelope.record).toMatchObject({
      format: 'suiji.draw-commitment/1',
      visibility: 'sealed',
      task: { code: task.code, year: 2027, round: 1, trigger: 'planned' },
      frozenAt: '2027-03-01T09:00:00+08:00',
      poolRoot: frozen.value.poolRoot,
      nonceCommitment: frozen.value.nonceCommitment,
      entropySource: task.entropySource,
      exclusions: frozen.value.exclusions,
    });
    expect(envelope.record.poolSize).toBe(frozen.value.poolSize);
    // draw/v1.1 section 7.1: a sealed commitment gives per stratum only the policy and a commitment to N and k.
    for (const stratum of envelope.record.strata) expect(Object.keys(stratum).sort()).toEqual(['label', 'minimum', 'ratio', 'sizeCommitment']);
    expect(world.codes.some((code) => text!.includes(code))).toBe(false);
    expect(envelope.recordHash).toBe(frozen.value.commitmentHash);
    expect(verifyEnvelopeSignature(envelope, bureauKeySet(keys)).ok).toBe(true);

    const leaves = await getLeaves(database.db, 0, 10);
    expect(leaves.map((leaf) => [leaf.kind, leaf.reference, leaf.recordHash])).toEqual([['draw_commitment', task.code, envelope.recordHash]]);
    const inclusion = await getInclusionProof(database.db, { recordHash: envelope.recordHash });
    if (!inclusion.ok) throw new Error(JSON.stringify(inclusion.error));
    const included = verifyInclusion(
      {
        leafHash: hashLeaf(hexToBytes(envelope.recordHash) as Uint8Array, nodeSha256),
        leafIndex: inclusion.value.leafIndex,
        treeSize: inclusion.value.treeSize,
        proof: inclusion.value.proof.map((node) => hexToBytes(node) as Uint8Array),
        root: hexToBytes(inclusion.value.rootHash) as Uint8Array,
      },
      nodeSha256,
    );
    expect(included).toBe(true);
  });

  it('is checked by the server verification, and a record with another poolRoot fails against it', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    await freezeAndDraw(task);
    const report = await verifyPublishedDraw(database.db, keys, task.code);
    expect(report?.find((check) => check.id === 'commitment')?.status).toBe('passed');

    const commitment = JSON.parse((await findCommitmentEnvelopeText(database.db, task.code))!) as unknown;
    const { publicEnvelope } = await envelopes(task.code);
    const forged = { ...publicEnvelope.record, poolRoot: 'ab'.repeat(32) };
    const checks = verifyRecord({ record: forged, commitment, keys: bureauKeySet(keys), hash: nodeSha256 });
    expect(checks.find((check) => check.id === 'commitment')?.status).toBe('failed');
    expect(checks.find((check) => check.id === 'commitment')?.reason).toContain('poolRoot');
  });
});

describe('freeze and draw', () => {
  it('draws a sealed task end to end: the public record and every receipt verify, signature included', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    const { frozen, drawn } = await freezeAndDraw(task);

    expect(frozen.exclusions).toEqual([
      { reason: 'deregistered', count: 2 },
      { reason: 'observation_period', count: 5 },
    ]);
    expect(frozen.candidates).toBe(50);
    expect(drawn.poolSize).toBe(43);
    const { publicEnvelope } = await envelopes(task.code);
    const keySet = bureauKeySet(keys);
    const checks = verifyRecord({ record: publicEnvelope, keys: keySet, requireSignature: true, hash: nodeSha256 });
    expect(checks.filter((check) => check.status === 'failed')).toEqual([]);
    expect(checks.find((check) => check.id === 'signature')?.status).toBe('passed');
    expect(publicEnvelope.record.frozenAt).toBe('2027-03-01T09:00:00+08:00');
    expect(publicEnvelope.record.seed).toBe(`${publicEnvelope.record.nonce}-${ENTROPY}`);
    const report = await verifyPublishedDraw(database.db, keys, task.code);
    expect(report?.find((check) => check.id === 'log-inclusion')?.status).toBe('passed');
    // The order of commitment and entropy is proven only for records with entropyAt (draw/v1.1, issue 11).
    expect(report?.filter((check) => check.status === 'failed').map((check) => check.id)).toEqual('entropyAt' in publicEnvelope.record ? [] : ['commitment-log']);

    let selected = 0;
    for (const code of world.codes) {
      const receipt = await readSignedReceipt(database.db, keys, task.code, code, { receiptCode: deriveReceiptCode(keys, task.code, code) });
      if (!receipt.ok) continue;
      const receiptChecks = verifyRecord({ record: publicEnvelope, receipt: receipt.value, keys: keySet, hash: nodeSha256 });
      expect(receiptChecks.find((check) => check.id === 'receipt')?.status).toBe('passed');
      if (receipt.value.record.selected) selected++;
    }
    expect(selected).toBe(drawn.selected);
  });

  it('publishes no stratum of a non-selected enterprise in a sealed record, and no natural person', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    await freezeAndDraw(task);
    const { publicEnvelope, auditEnvelope } = await envelopes(task.code);
    const record = publicEnvelope.record;
    const text = JSON.stringify(publicEnvelope);
    const selectedCodes = new Set(record.selected.map((member) => member.code));

    expect(record.visibility).toBe('sealed');
    for (const stratum of record.strata) expect(Object.keys(stratum).sort()).toEqual(['commitment', 'label', 'minimum', 'ratio', 'sizeCommitment']);
    for (const member of record.selected) expect(Object.keys(member).sort()).not.toContain('stratum');
    for (const code of world.codes) if (!selectedCodes.has(code)) expect(text).not.toContain(code);
    // draw/v1.1: the inspector snapshot is public, the declared conflicts (回避) are not.
    expect(record.inspectorSnapshot?.inspectors.length).toBeGreaterThan(0);
    expect(text).not.toContain('conflictsOpening');
    expect(text).not.toMatch(/检查员/);
    expect(text).not.toContain('张三');
    // The audit record does hold the strata of everyone, for auditors.
    expect(auditEnvelope.record.strata.flatMap((stratum) => stratum.members ?? [])).toHaveLength(43);
  });

  it("publishes a selected sole trader by credit code only, never its owner's name", async () => {
    const task = worldTasks(world.runId).soleTrader;
    await loadTasks(database, [task]);
    await freezeAndDraw(task);
    const { publicEnvelope } = await envelopes(task.code);
    expect(publicEnvelope.record.selected).toEqual([{ code: world.soleTrader, ticket: expect.any(String) }]);
    expect(JSON.stringify(publicEnvelope)).not.toContain('张三');
  });

  it('is reproducible from the audit record with the core alone', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    await freezeAndDraw(task);
    const { auditEnvelope } = await envelopes(task.code);
    const audit = auditEnvelope.record;

    expect(allChecksPassed(verifyRecord({ record: auditEnvelope, keys: bureauKeySet(keys), requireSignature: true, hash: nodeSha256 }))).toBe(true);
    const sizes = computeStratumSizes(audit.strata.map((stratum) => ({ label: stratum.label, ratio: stratum.ratio, minimum: stratum.minimum, size: stratum.N as number })));
    expect(sizes.ok).toBe(true);
    const redraw = drawStrata(
      audit.seed,
      audit.strata.map((stratum, index) => ({ label: stratum.label, codes: (stratum.members ?? []).map((member) => member.code), k: (sizes.ok && sizes.value[index]) as number })),
      nodeSha256,
    );
    expect(redraw.selected.map((member) => [member.code, member.stratum, member.ticket])).toEqual(audit.selected.map((member) => [member.code, member.stratum, member.ticket]));
    for (const member of audit.selected) expect(member.stratum).toBe(world.tierOf.get(member.code));
    // The conflict (SP-1 with the first enterprise) is respected, and every team has two.
    for (const assignment of audit.assignments ?? []) {
      expect(assignment.team).toHaveLength(2);
      if (assignment.code === world.codes[0]) expect(assignment.team.map((member) => member.badge)).not.toContain('SP-1');
    }
  });

  it('refuses a second draw with task_already_drawn and changes nothing', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    await freezeAndDraw(task);
    const before = await drawState(database, task.code);
    const publicBefore = await findPublicEnvelopeText(database.db, task.code);

    const again = await drawTask(database, keys, task.code, '6.6.6.6.6.6', { now: drawnAt });

    expect(again).toEqual({ ok: false, error: { code: 'task_already_drawn', task: task.code } });
    expect(await drawState(database, task.code)).toEqual(before);
    expect(await findPublicEnvelopeText(database.db, task.code)).toBe(publicBefore);
  });

  it('lets exactly one of two concurrent draws happen', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    const frozen = await freezeTask(database, keys, task.code, { now: frozenAt });
    expect(frozen.ok).toBe(true);

    const results = await Promise.all([drawTask(database, keys, task.code, '1.1.1.1.1.1', { now: drawnAt }), drawTask(database, keys, task.code, '2.2.2.2.2.2', { now: drawnAt })]);

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    // The loser is told the task is being drawn (PostgreSQL, overlapping) or was drawn (after the winner).
    const losers = results.filter((result) => !result.ok).map((result) => !result.ok && result.error.code);
    expect(losers).toHaveLength(1);
    expect(['task_being_drawn', 'task_already_drawn']).toContain(losers[0]);
    const winner = results.find((result) => result.ok);
    const { publicEnvelope } = await envelopes(task.code);
    expect(publicEnvelope.recordHash).toBe(winner?.ok && winner.value.recordHash);
    expect(await drawState(database, task.code)).toEqual([{ status: 'drawn', drawn_at: expect.any(String), records: 1, receipts: 43, members: 43 }]);
  });

  it.runIf(testDatabaseKind === 'postgres')('answers a draw of a task another transaction holds at once with task_being_drawn, and changes nothing', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    expect((await freezeTask(database, keys, task.code, { now: frozenAt })).ok).toBe(true);
    if (database.client.kind !== 'postgres') throw new Error('PostgreSQL only');
    // A draw in progress elsewhere: its transaction holds the task's row until it ends.
    const winner = await database.client.sql.reserve();
    try {
      await winner`begin`;
      await winner`select code from inspection_tasks where code = ${task.code} for update`;

      const loser = await drawTask(database, keys, task.code, '2.2.2.2.2.2', { now: drawnAt });

      expect(loser).toEqual({ ok: false, error: { code: 'task_being_drawn', task: task.code } });
      await winner`rollback`;
    } finally {
      winner.release();
    }
    expect(await drawState(database, task.code)).toEqual([{ status: 'frozen', drawn_at: null, records: 0, receipts: 0, members: 43 }]);
    expect((await drawTask(database, keys, task.code, ENTROPY, { now: drawnAt })).ok).toBe(true);
  });

  it('rolls back a freeze or a draw whose pool chunks or selected members were not all stored', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    const pool = task.code;
    await skipFirstInsert(database, 'task_pool_chunks');
    await expect(freezeTask(database, keys, pool, { now: frozenAt })).rejects.toThrow(StoredCountMismatchError);
    expect(await drawState(database, pool)).toEqual([{ status: 'planned', drawn_at: null, records: 0, receipts: 0, members: 0 }]);

    expect((await freezeTask(database, keys, pool, { now: frozenAt })).ok).toBe(true); // the trigger skips only the first row
    await skipFirstInsert(database, 'draw_selections');
    await expect(drawTask(database, keys, pool, ENTROPY, { now: drawnAt })).rejects.toThrow(StoredCountMismatchError);
    expect(await drawState(database, pool)).toEqual([{ status: 'frozen', drawn_at: null, records: 0, receipts: 0, members: 43 }]);
  });

  it('refuses to freeze a task twice and keeps the first pool', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    const first = await freezeTask(database, keys, task.code, { now: frozenAt });
    const second = await freezeTask(database, keys, task.code);
    expect(second).toEqual({ ok: false, error: { code: 'task_not_planned', task: task.code, status: 'frozen' } });
    expect(await drawState(database, task.code)).toEqual([{ status: 'frozen', drawn_at: null, records: 0, receipts: 0, members: first.ok ? first.value.poolSize : -1 }]);
  });

  it('fails an infeasible assignment naming the enterprise and the department, and saves nothing', async () => {
    const task = worldTasks(world.runId).infeasible;
    await loadTasks(database, [task]);
    await freezeTask(database, keys, task.code, { now: frozenAt });
    const before = await drawState(database, task.code);

    const drawn = await drawTask(database, keys, task.code, ENTROPY, { now: drawnAt });

    expect(drawn.ok).toBe(false);
    expect(!drawn.ok && drawn.error).toMatchObject({
      code: 'draw_failed',
      issue: { code: 'assignment_failed', issue: { code: 'not_enough_inspectors', department: '信用科', needed: 5, available: 4, enterprise: expect.stringMatching(/^91350102/) } },
    });
    expect(await drawState(database, task.code)).toEqual(before);
  });

  /** A planned food series of two rounds (F1, food), inspected jointly by 食品科 and 信用科, and tasks around it. */
  function jointSeries() {
    const tasks = worldTasks(world.runId);
    const round1 = {
      ...tasks.food,
      code: '2027-ZH-F1',
      name: '食品联合检查（第一轮）',
      departments: [
        { department: '食品科', teamSize: 1 },
        { department: '信用科', teamSize: 1 },
      ],
    };
    return {
      round1,
      // The same items and departments, listed in another order: the same series.
      round2: { ...round1, code: '2027-ZH-F2', name: '食品联合检查（第二轮）', round: 2, departments: [...round1.departments].reverse() },
      // 食品科 alone, F2 (also food): a separate inspection by a department of the joint task.
      separate: tasks.foodAgain,
      otherDepartment: { ...tasks.foodAgain, code: '2027-ZL-01', name: '质量科食品抽查', departments: [{ department: '质量科', teamSize: 2 }] },
      // 食品科 alone, G1 (registration): another category.
      otherCategory: { ...tasks.foodAgain, code: '2027-DJ-01', name: '食品科年报抽查', items: ['G1'] },
      complaint: { ...tasks.foodAgain, code: '2027-TS-01', name: '投诉核查', trigger: 'complaint' as const },
    };
  }

  async function selectedBy(taskCode: string) {
    const { auditEnvelope } = await envelopes(taskCode);
    return auditEnvelope.record.selected.map((member) => member.code);
  }

  it('keeps every enterprise of round 1 of a joint series eligible in round 2, its C tier drawn again from the whole stratum', async () => {
    const series = jointSeries();
    await loadTasks(database, [series.round1, series.round2]);
    const first = await freezeAndDraw(series.round1);

    const second = await freezeTask(database, keys, series.round2.code, { now: frozenAt });
    if (!second.ok) throw new Error(JSON.stringify(second.error));

    expect(second.value.exclusions.map((entry) => entry.reason)).not.toContain('jointly_inspected_this_year');
    expect(second.value.strata.map((stratum) => [stratum.label, stratum.N])).toEqual(first.frozen.strata.map((stratum) => [stratum.label, stratum.N]));
    const pool = new Set((await loadPoolMembers(database.db, series.round2.code)).map((member) => member.code));
    const selectedC = (await selectedBy(series.round1.code)).filter((code) => world.tierOf.get(code) === 'C');
    expect(selectedC.length).toBeGreaterThan(0);
    for (const code of selectedC) expect(pool.has(code)).toBe(true);
  });

  it("excludes a joint task's enterprises from a separate planned task of one of its departments for the same category", async () => {
    const series = jointSeries();
    await loadTasks(database, [series.round1, series.separate]);
    const { drawn } = await freezeAndDraw(series.round1);

    const separate = await freezeTask(database, keys, series.separate.code, { now: frozenAt });

    expect(separate.ok && separate.value.exclusions).toContainEqual({ reason: 'jointly_inspected_this_year', count: drawn.selected });
    const pool = new Set((await loadPoolMembers(database.db, series.separate.code)).map((member) => member.code));
    for (const code of await selectedBy(series.round1.code)) expect(pool.has(code)).toBe(false);
  });

  it('does not exclude them from a task of a department that was not in the joint task, of another category, or triggered by a complaint', async () => {
    const series = jointSeries();
    await loadTasks(database, [series.round1, series.otherDepartment, series.otherCategory, series.complaint]);
    const { drawn } = await freezeAndDraw(series.round1);
    const selected = await selectedBy(series.round1.code);

    const exclusions = new Map<string, readonly { reason: string; count: number }[]>();
    for (const task of [series.otherDepartment, series.otherCategory, series.complaint]) {
      const frozen = await freezeTask(database, keys, task.code, { now: frozenAt });
      if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));
      exclusions.set(task.code, frozen.value.exclusions);
      expect(frozen.value.exclusions.map((entry) => entry.reason)).not.toContain('jointly_inspected_this_year');
    }
    const otherDepartment = new Set((await loadPoolMembers(database.db, series.otherDepartment.code)).map((member) => member.code));
    const complaint = new Set((await loadPoolMembers(database.db, series.complaint.code)).map((member) => member.code));
    for (const code of selected) {
      expect(otherDepartment.has(code)).toBe(true);
      expect(complaint.has(code)).toBe(true);
    }
    // G1's annual cap is 1: in the other category the same enterprises reach the cap instead.
    expect(exclusions.get(series.otherCategory.code)).toContainEqual({ reason: 'annual_cap', count: drawn.selected });
  });

  it('does not count a single-department task as a joint inspection', async () => {
    const tasks = worldTasks(world.runId);
    await loadTasks(database, [tasks.food, tasks.foodAgain]);
    await freezeAndDraw(tasks.food);

    const again = await freezeTask(database, keys, tasks.foodAgain.code, { now: frozenAt });

    expect(again.ok && again.value.exclusions.map((entry) => entry.reason)).not.toContain('jointly_inspected_this_year');
  });

  it('draws a single-stratum task as an open record anyone can re-run', async () => {
    const task = worldTasks(world.runId).open;
    await loadTasks(database, [task]);
    await freezeAndDraw(task);
    const { publicEnvelope } = await envelopes(task.code);
    expect(publicEnvelope.record.visibility).toBe('open');
    expect(publicEnvelope.record.strata.map((stratum) => [stratum.label, stratum.N, stratum.members?.length])).toEqual([['ALL', 95, 95]]);
    const checks = verifyRecord({ record: publicEnvelope, keys: bureauKeySet(keys), requireSignature: true, hash: nodeSha256 });
    expect(checks.find((check) => check.id === 'selection')?.status).toBe('passed');
    expect(allChecksPassed(checks)).toBe(true);
  });
});

describe('the order of events (draw/v1.1 section 3.1)', () => {
  // drand quicknet round 657413 (League of Entropy), published 2023-09-15T19:00:03+08:00.
  const ROUND = 657413;
  const SIGNATURE = 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b';
  const beforeRound = new Date('2023-09-14T04:00:00Z');
  const afterRound = new Date('2023-09-15T11:05:00Z');
  const drandTask = () => ({ ...worldTasks(world.runId).food, entropySource: { kind: 'drand-quicknet' as const, round: ROUND } });

  it('refuses a freeze less than the notice before the entropy with entropy_too_soon, and keeps the task planned', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    const refused = await freezeTask(database, keys, task.code, { now: new Date('2027-03-01T02:00:01Z') });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'entropy_too_soon', task: task.code, frozenAt: '2027-03-01T10:00:01+08:00', entropyAt: '2027-03-02T10:00:00+08:00', earliest: '2027-03-02T10:00:01+08:00', notice: 86400 },
    });
    expect(await drawState(database, task.code)).toEqual([expect.objectContaining({ status: 'planned', members: 0 })]);
    // A shorter configured notice lets the same freeze through, and the commitment publishes it.
    const frozen = await freezeTask(database, keys, task.code, { now: new Date('2027-03-01T02:00:01Z'), noticeSeconds: 3600 });
    expect(frozen.ok && { entropyAt: frozen.value.entropyAt, notice: frozen.value.notice }).toEqual({ entropyAt: '2027-03-02T10:00:00+08:00', notice: 3600 });
    const commitment = JSON.parse((await findCommitmentEnvelopeText(database.db, task.code))!).record as DrawCommitment;
    expect(commitment).toMatchObject({ entropySource: task.entropySource, entropyAt: '2027-03-02T10:00:00+08:00', notice: 3600 });
  });

  it('refuses to freeze a task whose source is text from before v1.1 (migrated rows), as it has no time', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    await database.db.execute(sql`update inspection_tasks set entropy_source = to_jsonb('dice at the meeting'::text) where code = ${task.code}`);
    expect(await freezeTask(database, keys, task.code, { now: frozenAt })).toEqual({ ok: false, error: { code: 'entropy_unscheduled', task: task.code } });
  });

  it('refuses a draw before entropyAt with entropy_not_yet and changes nothing, then draws at the time', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    await freezeTask(database, keys, task.code, { now: frozenAt });
    const before = await drawState(database, task.code);
    const early = await drawTask(database, keys, task.code, ENTROPY, { now: new Date('2027-03-02T01:59:59Z') });
    expect(early).toEqual({ ok: false, error: { code: 'entropy_not_yet', task: task.code, entropyAt: '2027-03-02T10:00:00+08:00', now: '2027-03-02T09:59:59+08:00' } });
    expect(await drawState(database, task.code)).toEqual(before);
    expect((await drawTask(database, keys, task.code, ENTROPY, { now: new Date('2027-03-02T02:00:00Z') })).ok).toBe(true);
    const { publicEnvelope } = await envelopes(task.code);
    expect(publicEnvelope.record).toMatchObject({ entropySource: task.entropySource, entropyAt: '2027-03-02T10:00:00+08:00', notice: 86400, drawnAt: '2027-03-02T10:00:00+08:00' });
  });

  it("refuses a drand draw with another round's E or a forged signature, then draws from a relay's JSON and verifies the round", async () => {
    const task = drandTask();
    await loadTasks(database, [task]);
    expect((await freezeTask(database, keys, task.code, { now: beforeRound })).ok).toBe(true);
    const before = await drawState(database, task.code);

    const otherRound = await drawTask(database, keys, task.code, `drand-quicknet.${ROUND + 1}.${SIGNATURE}`, { now: afterRound });
    expect(otherRound).toEqual({ ok: false, error: { code: 'beacon_rejected', task: task.code, issue: { code: 'beacon_round_mismatch', expected: ROUND, pasted: ROUND + 1 } } });
    // A valid G1 point (the generator), but not the round's signature.
    const G1_GENERATOR = '97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb';
    const forged = await drawTask(database, keys, task.code, G1_GENERATOR, { now: afterRound });
    expect(forged).toEqual({ ok: false, error: { code: 'beacon_rejected', task: task.code, issue: { code: 'signature_not_for_round', round: ROUND } } });
    expect(await drawState(database, task.code)).toEqual(before);

    const relay = JSON.stringify({ round: ROUND, randomness: 'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587', signature: SIGNATURE });
    const drawn = await drawTask(database, keys, task.code, relay, { now: afterRound });
    expect(drawn.ok).toBe(true);
    const { publicEnvelope } = await envelopes(task.code);
    expect(publicEnvelope.record.entropy).toBe(`drand-quicknet.${ROUND}.${SIGNATURE}`);
    const checks = (await verifyPublishedDraw(database.db, keys, task.code))!;
    expect(checks.filter((check) => ['order', 'beacon', 'commitment'].includes(check.id)).map((check) => [check.id, check.status])).toEqual([
      ['commitment', 'passed'],
      ['order', 'passed'],
      ['beacon', 'passed'],
    ]);
  });
});
