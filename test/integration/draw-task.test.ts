import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, deriveReceiptCode, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { bureauKeySet, findAuditEnvelopeText, findCommitmentEnvelopeText, findPublicEnvelopeText, readReceipt, verifyPublishedDraw } from '../../src/application/draw-publication.ts';
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
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { listSamplingPolicies } from '../../src/persistence/inspection-repository.ts';
import { createTestDatabase } from '../support/database.ts';
import { drawState, loadTasks, seedWorld, worldTasks, type World } from './draw-world.ts';

const ENTROPY = '3.6.1.5.2.4';
const frozenAt = new Date('2027-03-01T01:00:00Z');
const drawnAt = new Date('2027-03-02T02:15:00Z');

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

async function freezeAndDraw(task: { code: string }) {
  const frozen = await freezeTask(database, keys, task.code, { now: frozenAt });
  if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));
  const drawn = await drawTask(database, keys, task.code, ENTROPY, { now: drawnAt });
  if (!drawn.ok) throw new Error(JSON.stringify(drawn.error));
  return { frozen: frozen.value, drawn: drawn.value };
}

async function envelopes(taskCode: string) {
  const publicEnvelope = JSON.parse((await findPublicEnvelopeText(database.db, taskCode))!) as SignedEnvelope<DrawRecord>;
  const auditEnvelope = JSON.parse((await findAuditEnvelopeText(database.db, taskCode))!) as SignedEnvelope<DrawRecord>;
  return { publicEnvelope, auditEnvelope };
}

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
    expect(JSON.stringify(refused)).toContain("tier B's ratio 0.2 is below tier A's 0.3");
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
    expect(JSON.stringify(bad)).toContain('has 5 decimals');
    expect(JSON.stringify(bad)).toContain('frequency 3 must be an integer from 0 to 2');
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
    expect(envelope.record.strata.map((stratum) => stratum.N).reduce((sum, n) => sum + n, 0)).toBe(frozen.value.poolSize);
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
      const receipt = await readReceipt(database.db, task.code, code, { receiptCode: deriveReceiptCode(keys, task.code, code) });
      if (!receipt.ok) continue;
      const receiptChecks = verifyRecord({ record: publicEnvelope, receipt: receipt.value, keys: keySet, hash: nodeSha256 });
      expect(receiptChecks.find((check) => check.id === 'receipt')?.status).toBe('passed');
      if (receipt.value.selected) selected++;
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
    for (const stratum of record.strata) expect(Object.keys(stratum).sort()).toEqual(['N', 'k', 'label', 'minimum', 'ratio']);
    for (const member of record.selected) expect(Object.keys(member).sort()).not.toContain('stratum');
    for (const code of world.codes) if (!selectedCodes.has(code)) expect(text).not.toContain(code);
    expect(text).not.toContain('inspectorSnapshot');
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
    const sizes = computeStratumSizes(audit.strata.map((stratum) => ({ label: stratum.label, ratio: stratum.ratio, minimum: stratum.minimum, size: stratum.N })));
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

    const again = await drawTask(database, keys, task.code, '6.6.6.6.6.6');

    expect(again).toEqual({ ok: false, error: { code: 'task_already_drawn', task: task.code } });
    expect(await drawState(database, task.code)).toEqual(before);
    expect(await findPublicEnvelopeText(database.db, task.code)).toBe(publicBefore);
  });

  it('lets exactly one of two concurrent draws happen', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    const frozen = await freezeTask(database, keys, task.code, { now: frozenAt });
    expect(frozen.ok).toBe(true);

    const results = await Promise.all([drawTask(database, keys, task.code, '1.1.1.1.1.1'), drawTask(database, keys, task.code, '2.2.2.2.2.2')]);

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.error.code)).toEqual(['task_already_drawn']);
    const winner = results.find((result) => result.ok);
    const { publicEnvelope } = await envelopes(task.code);
    expect(publicEnvelope.recordHash).toBe(winner?.ok && winner.value.recordHash);
    expect(await drawState(database, task.code)).toEqual([{ status: 'drawn', drawn_at: expect.any(String), records: 1, receipts: 43, members: 43 }]);
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

    const drawn = await drawTask(database, keys, task.code, ENTROPY);

    expect(drawn.ok).toBe(false);
    expect(!drawn.ok && drawn.error).toMatchObject({
      code: 'draw_failed',
      issue: { code: 'assignment_failed', issue: { code: 'not_enough_inspectors', department: '信用科', needed: 5, available: 4, enterprise: expect.stringMatching(/^91350102/) } },
    });
    expect(await drawState(database, task.code)).toEqual(before);
  });

  it('excludes enterprises inspected earlier this year for the same category, and at the annual cap for others', async () => {
    const tasks = worldTasks(world.runId);
    await loadTasks(database, [tasks.food, tasks.foodAgain, tasks.joint]);
    const { drawn } = await freezeAndDraw(tasks.food);

    const again = await freezeTask(database, keys, tasks.foodAgain.code, { now: frozenAt });
    const joint = await freezeTask(database, keys, tasks.joint.code, { now: frozenAt });

    expect(again.ok && again.value.exclusions).toContainEqual({ reason: 'jointly_inspected_this_year', count: drawn.selected });
    // G1's annual cap is 1 and its category differs: the same enterprises hit the cap instead.
    expect(joint.ok && joint.value.exclusions).toContainEqual({ reason: 'annual_cap', count: drawn.selected });
    expect(joint.ok && joint.value.exclusions.map((entry) => entry.reason)).not.toContain('jointly_inspected_this_year');
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
