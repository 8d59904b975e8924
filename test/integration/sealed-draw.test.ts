/**
 * Sealed draws on the database (draw/v1.1 sections 7.1 and 7.2): small adversarial pools
 * reveal no tier from the public documents, a task that can select from one stratum only
 * is refused at freeze, and every pool member's signed receipt opens its stratum's
 * commitments. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, deriveReceiptCode, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { bureauKeySet, findCommitmentEnvelopeText, findPublicEnvelopeText, readSignedReceipt, verifyPublishedDraw } from '../../src/application/draw-publication.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { describeFreezeIssue, freezeTask } from '../../src/application/freeze-task.ts';
import { loadPlanFile } from '../../src/application/inspection-plan.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import type { DrawCommitment } from '../../src/core/draw/commitment.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import type { SignedEnvelope } from '../../src/core/signature.ts';
import { verifyRecord } from '../../src/core/verify/index.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { evaluations } from '../../src/persistence/schema/index.ts';
import { createTestDatabase } from '../support/database.ts';
import { inferTiers } from '../support/tier-inference.ts';
import { drawState, loadTasks, seedWorld, WORLD_ADMIN, worldTasks, type World } from './draw-world.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let world: World;

// 20 enterprises: the first five are active and out of observation, the only pool members of an unconditioned task.
beforeEach(async () => {
  database = await createTestDatabase();
  keys = createEphemeralBureauKeys();
  world = await seedWorld(database, { enterprises: 20 });
});

afterEach(async () => {
  await database.close();
});

async function setTiers(tiers: readonly string[]): Promise<void> {
  for (const [index, tier] of tiers.entries()) await database.db.update(evaluations).set({ tier }).where(eq(evaluations.creditCode, world.codes[index] as string));
}

async function freezeAndDrawJoint(): Promise<{ record: SignedEnvelope<DrawRecord>; commitment: SignedEnvelope<DrawCommitment>; code: string }> {
  const task = { ...worldTasks(world.runId).joint, round: 1 };
  await loadTasks(database, [task]);
  const frozen = await freezeTask(database, keys, task.code, { now: new Date('2027-03-01T01:00:00Z') });
  if (!frozen.ok) throw new Error(describeFreezeIssue(frozen.error));
  const drawn = await drawTask(database, keys, task.code, '3.6.1.5.2.4', { now: new Date('2027-03-02T02:15:00Z') });
  if (!drawn.ok) throw new Error(JSON.stringify(drawn.error));
  return {
    record: JSON.parse((await findPublicEnvelopeText(database.db, task.code))!) as SignedEnvelope<DrawRecord>,
    commitment: JSON.parse((await findCommitmentEnvelopeText(database.db, task.code))!) as SignedEnvelope<DrawCommitment>,
    code: task.code,
  };
}

describe('a sealed draw on the database', () => {
  for (const [name, tiers] of [
    ['one stratum empty (four in C, none in D)', ['C', 'C', 'C', 'C', 'B']],
    ['one stratum of one (four in C, one in D)', ['C', 'C', 'C', 'C', 'D']],
  ] as const) {
    it(`reveals no tier from its public documents with ${name}, and every member's signed receipt verifies`, async () => {
      await setTiers(tiers);
      const { record, commitment, code } = await freezeAndDrawJoint();
      expect(record.record.poolSize).toBe(5);
      expect(JSON.stringify(record.record.strata)).not.toMatch(/"N"|"k"/);
      const inferred = inferTiers(record.record, commitment.record);
      expect(inferred.possibleStrata.length, inferred.possibleStrata.join(',')).toBeGreaterThanOrEqual(2);
      expect((await verifyPublishedDraw(database.db, keys, code))?.filter((check) => check.status === 'failed')).toEqual([]);

      const keySet = bureauKeySet(keys);
      for (const member of world.codes.slice(0, 5)) {
        const receipt = await readSignedReceipt(database.db, keys, code, member, { receiptCode: deriveReceiptCode(keys, code, member) });
        if (!receipt.ok) throw new Error(`no receipt for ${member}`);
        expect(receipt.value.record.stratum).toBe(tiers[world.codes.indexOf(member)]);
        const check = verifyRecord({ record, commitment, receipt: receipt.value, keys: keySet, requireSignature: true, hash: nodeSha256 }).find((entry) => entry.id === 'receipt');
        expect(check?.status, check?.reason).toBe('passed');
      }
    });
  }

  it('is refused at freeze when its round can select from one stratum only, and nothing is saved', async () => {
    const tier = (ratio: string, minimum: number, frequency: number) => ({ ratio, minimum, frequency });
    const loaded = await loadPlanFile(database, {
      items: [{ code: 'D1', name: '高风险专项', legalBasis: '市场监督管理行政处罚程序规定', department: '信用科', category: 'special' }],
      policies: [{ itemCode: 'D1', year: 2027, tiers: { A: tier('0', 0, 0), B: tier('0', 0, 0), C: tier('0', 0, 0), D: tier('0.5', 2, 2) }, untiered: tier('0.25', 1, 2), annualCap: 2 }],
    }, { adoptPolicies: WORLD_ADMIN });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const task = { ...worldTasks(world.runId).joint, code: '2027-D-01', items: ['D1'], round: 1 };
    await loadTasks(database, [task]);
    const frozen = await freezeTask(database, keys, task.code);
    expect(frozen.ok).toBe(false);
    if (frozen.ok) return;
    expect(frozen.error).toEqual({ code: 'sealed_reveals_tier', task: task.code, stratum: 'D', disclosure: 'single_selectable_stratum' });
    expect(describeFreezeIssue(frozen.error)).toMatch(/公开（open）或不分层.*make the task open or untiered/);
    expect(await drawState(database, task.code)).toEqual([expect.objectContaining({ status: 'planned', members: 0 })]);
  });
});
