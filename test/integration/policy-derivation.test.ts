import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { adoptItemPolicy, deriveItemPolicy, type DerivationRequest } from '../../src/application/policy-derivation.ts';
import { getInclusionProof } from '../../src/application/publication-log.ts';
import { publicKeySetOf } from '../../src/application/record-signing.ts';
import { canonicalizeJson } from '../../src/core/canonical-json.ts';
import { verifyEnvelopeSignature } from '../../src/core/signature.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { listSamplingPolicies } from '../../src/persistence/inspection-repository.ts';
import { creditRecords } from '../../src/persistence/schema/index.ts';
import { loadTasks, WORLD_ADMIN, worldTasks, YEAR, type World } from './draw-world.ts';
import { A_RESULTS, D_PROBLEMS, D_RESULTS, expectedTierCounts, createPolicyWorldDatabase } from './policy-world.ts';

let database: DatabaseHandle;
let world: World;
let keys: BureauKeys;

beforeEach(async () => {
  ({ database, seeded: world } = await createPolicyWorldDatabase());
  keys = createEphemeralBureauKeys();
});

afterEach(async () => {
  await database.close();
});

const request = (overrides: Partial<DerivationRequest> = {}): DerivationRequest => ({
  itemCode: 'G1',
  year: YEAR,
  evaluationRunId: world.runId,
  capacity: { per: 'year', inspections: 60 },
  ...overrides,
});

async function count(table: string): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await database.db.execute(sql`select count(*) as n from ${sql.identifier(table)}`));
  return Number(row?.n);
}

describe('deriveItemPolicy', () => {
  it('counts tiers of the whole directory after exclusions when the item has no task', async () => {
    const derived = await deriveItemPolicy(database.db, request());
    if (!derived.ok) throw new Error(JSON.stringify(derived.error));
    const { pool } = derived.value.basis;
    expect(pool.conditionsFrom).toBe('whole_directory');
    expect(pool.candidates).toBe(100);
    expect(pool.exclusions).toEqual([
      { reason: 'deregistered', count: 5 },
      { reason: 'observation_period', count: 10 },
    ]);
    expect(pool.tierCounts).toEqual(expectedTierCounts(world, () => true));
    expect(pool.members).toBe(85);
    for (const tier of ['A', 'B', 'C', 'D'] as const) expect(derived.value.derivation.tiers[tier].members).toBe(pool.tierCounts[tier]);
  });

  it('uses the conditions of the year\'s planned tasks of the item for its pool', async () => {
    await loadTasks(database, [worldTasks(world.runId).food]);
    const derived = await deriveItemPolicy(database.db, request({ itemCode: 'F1' }));
    if (!derived.ok) throw new Error(JSON.stringify(derived.error));
    const { pool } = derived.value.basis;
    expect(pool.conditionsFrom).toBe('tasks');
    expect(pool.tasks).toEqual(['2027-SP-01']);
    expect(pool.tierCounts).toEqual(expectedTierCounts(world, (index) => index % 2 === 0));
    expect(pool.exclusions).toEqual([
      { reason: 'deregistered', count: 2 },
      { reason: 'observation_period', count: 5 },
    ]);
  });

  it('weights tiers by observed problem rates when they have enough results, by configured weights otherwise', async () => {
    const derived = await deriveItemPolicy(database.db, request());
    if (!derived.ok) throw new Error(JSON.stringify(derived.error));
    const { tiers } = derived.value.derivation;
    expect(derived.value.basis.results.perTier.D).toEqual({ inspected: D_RESULTS, problemsFound: D_PROBLEMS });
    expect(tiers.D.weight).toEqual({ numerator: D_PROBLEMS, denominator: D_RESULTS, source: 'observed', results: D_RESULTS });
    expect(tiers.A.weight).toEqual({ numerator: 2, denominator: 100, source: 'configured', results: A_RESULTS });
    expect(tiers.C.weight).toEqual({ numerator: 15, denominator: 100, source: 'configured', results: 0 });
  });

  it('falls back to configured weights when only results of the item count and it has none', async () => {
    const derived = await deriveItemPolicy(database.db, request({ resultsOfItemOnly: true }));
    if (!derived.ok) throw new Error(JSON.stringify(derived.error));
    expect(derived.value.basis.results.scope).toBe('item');
    expect(derived.value.derivation.tiers.D.weight).toEqual({ numerator: 3, denominator: 10, source: 'configured', results: 0 });
  });

  it('takes capacity from the active inspectors of the item\'s department', async () => {
    const derived = await deriveItemPolicy(database.db, request({ capacity: { per: 'inspectors', inspectionsPerInspectorPerRound: 10, teamSize: 2 } }));
    if (!derived.ok) throw new Error(JSON.stringify(derived.error));
    expect(derived.value.basis.capacity).toEqual({ per: 'inspectors', inspectors: 4, inspectionsPerInspectorPerRound: 10, teamSize: 2 });
    expect(derived.value.derivation.totals.capacityGiven).toBe(40);
  });

  it('gives the same derivation and hash for the same data, and stores nothing', async () => {
    const first = await deriveItemPolicy(database.db, request());
    const second = await deriveItemPolicy(database.db, request());
    expect(second).toEqual(first);
    expect(await count('policy_adoptions')).toBe(0);
    expect((await listSamplingPolicies(database.db, { itemCode: 'G1', year: YEAR })).map((row) => row.version)).toEqual([1]);
  });

  it('reports an unknown item, a year without plan and an unusable run', async () => {
    expect(await deriveItemPolicy(database.db, request({ itemCode: 'NOPE' }))).toEqual({ ok: false, error: { code: 'item_not_found', itemCode: 'NOPE' } });
    expect(await deriveItemPolicy(database.db, request({ year: 2030 }))).toEqual({ ok: false, error: { code: 'plan_missing', year: 2030 } });
    expect(await deriveItemPolicy(database.db, request({ evaluationRunId: 999 }))).toEqual({
      ok: false,
      error: { code: 'evaluation_run_unusable', runId: 999, status: undefined },
    });
  });
});

describe('adoptItemPolicy', () => {
  it('stores a new version with its derivation and a signed, logged record without any enterprise or tier of one', async () => {
    const reviewed = await deriveItemPolicy(database.db, request());
    if (!reviewed.ok) throw new Error(JSON.stringify(reviewed.error));
    const adopted = await adoptItemPolicy(database, keys, { ...request(), derivationHash: reviewed.value.derivationHash }, { now: new Date('2027-01-10T02:00:00Z'), approval: WORLD_ADMIN });
    if (!adopted.ok) throw new Error(JSON.stringify(adopted.error));
    const { policy, envelope } = adopted.value;
    expect(policy.version).toBe(2);
    const derivation = reviewed.value.derivation;
    expect(policy.tiers.D).toEqual({ ratio: derivation.tiers.D.ratio, minimum: derivation.tiers.D.minimum, frequency: derivation.tiers.D.frequency });
    // The stored cap 1 is raised to the largest frequency, 2: a cap of 1 would keep round 2 from drawing what the derivation counts.
    expect(policy.annualCap).toBe(2);
    expect(policy.untiered).toEqual({ ratio: '0.25', minimum: 1, frequency: 2 });

    expect(envelope.record.format).toBe('suiji.policy/1');
    expect(envelope.record).toMatchObject({ year: YEAR, version: 2, roundsPerYear: 2, adoptedAt: '2027-01-10T10:00:00+08:00', derivationHash: reviewed.value.derivationHash });
    expect(verifyEnvelopeSignature(envelope, publicKeySetOf([keys.signingKey])).ok).toBe(true);
    const text = canonicalizeJson(envelope.record);
    for (const code of world.codes) expect(text).not.toContain(code);

    const inclusion = await getInclusionProof(database.db, { recordHash: envelope.recordHash });
    expect(inclusion.ok && inclusion.value.leafIndex).toBe(adopted.value.leafIndex);
    const [stored] = rowsOf<{ derivation_hash: string; record_hash: string }>(await database.db.execute(sql`select derivation_hash, record_hash from policy_adoptions where policy_id = ${policy.id}`));
    expect(stored).toEqual({ derivation_hash: reviewed.value.derivationHash, record_hash: envelope.recordHash });
  });

  it('makes version n+1 on a second adoption, each with its own log leaf', async () => {
    const first = await adoptItemPolicy(database, keys, request(), { approval: WORLD_ADMIN });
    const second = await adoptItemPolicy(database, keys, request({ capacity: { per: 'year', inspections: 45 } }), { approval: WORLD_ADMIN });
    if (!first.ok || !second.ok) throw new Error('adoption failed');
    expect([first.value.policy.version, second.value.policy.version]).toEqual([2, 3]);
    expect(second.value.leafIndex).toBe(first.value.leafIndex + 1);
    expect((await listSamplingPolicies(database.db, { itemCode: 'G1', year: YEAR })).map((row) => row.version)).toEqual([3, 2, 1]);
  });

  it('gives concurrent adoptions of one item consecutive versions', async () => {
    const adopted = await Promise.all([adoptItemPolicy(database, keys, request(), { approval: WORLD_ADMIN }), adoptItemPolicy(database, keys, request({ capacity: { per: 'year', inspections: 45 } }), { approval: WORLD_ADMIN })]);
    expect(adopted.map((result) => (result.ok ? result.value.policy.version : result.error.code)).sort()).toEqual([2, 3]);
    expect(await count('log_leaves')).toBe(2);
  });

  it('refuses a derivation that changed since it was reviewed, storing nothing', async () => {
    const reviewed = await deriveItemPolicy(database.db, request());
    if (!reviewed.ok) throw new Error('derivation failed');
    const dCode = world.codes.find((code) => world.tierOf.get(code) === 'D')!;
    await database.db.insert(creditRecords).values({
      creditCode: dCode,
      kind: 'inspection_result',
      date: '2026-09-01',
      naturalKey: 'new',
      source: '双随机抽查',
      data: { kind: 'inspection_result', creditCode: dCode, source: '双随机抽查', date: '2026-09-01', itemCode: 'F1', outcome: 'no_problem' },
    });
    const adopted = await adoptItemPolicy(database, keys, { ...request(), derivationHash: reviewed.value.derivationHash }, { approval: WORLD_ADMIN });
    expect(adopted.ok ? undefined : adopted.error.code).toBe('derivation_changed');
    expect(await count('policy_adoptions')).toBe(0);
    expect(await count('log_leaves')).toBe(0);
  });

  it('refuses an annual cap below the largest frequency, storing nothing', async () => {
    const adopted = await adoptItemPolicy(database, keys, { ...request(), annualCap: 1 }, { approval: WORLD_ADMIN });
    expect(adopted).toEqual({ ok: false, error: { code: 'annual_cap_below_frequency', annualCap: 1, frequency: 2 } });
    expect((await listSamplingPolicies(database.db, { itemCode: 'G1', year: YEAR })).map((row) => row.version)).toEqual([1]);
    expect(await count('log_leaves')).toBe(0);
  });

  it('refuses an infeasible derivation with its shortfall, storing nothing', async () => {
    const adopted = await adoptItemPolicy(database, keys, request({ capacity: { per: 'year', inspections: 10 } }), { approval: WORLD_ADMIN });
    expect(adopted).toEqual({ ok: false, error: { code: 'infeasible', reason: 'capacity_below_required', shortfall: 22 } });
    expect((await listSamplingPolicies(database.db, { itemCode: 'G1', year: YEAR })).map((row) => row.version)).toEqual([1]);
    expect(await count('log_leaves')).toBe(0);
  });
});
