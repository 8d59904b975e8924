import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulateItemPolicy, type SimulationRequest } from '../../src/application/policy-simulation.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { evaluationRuns, evaluations } from '../../src/persistence/schema/index.ts';
import { YEAR, type World } from './draw-world.ts';
import { createPolicyWorldDatabase } from './policy-world.ts';

let database: DatabaseHandle;
let world: World;

beforeEach(async () => {
  ({ database, seeded: world } = await createPolicyWorldDatabase());
});

afterEach(async () => {
  await database.close();
});

const request = (overrides: Partial<SimulationRequest> = {}): SimulationRequest => ({
  itemCode: 'G1',
  year: YEAR,
  evaluationRunId: world.runId,
  years: 5,
  seed: 'what-if-2027',
  ...overrides,
});

describe('simulateItemPolicy', () => {
  it('gives the same report for the same seed, and reports the seed', async () => {
    const first = await simulateItemPolicy(database.db, request());
    const second = await simulateItemPolicy(database.db, request());
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(second).toEqual(first);
    expect(first.value.report.seed).toBe('what-if-2027');
    const other = await simulateItemPolicy(database.db, request({ seed: 'another' }));
    expect(other.ok && other.value.report).not.toEqual(first.value.report);
  });

  it('generates a seed when none is given, and that seed repeats the report', async () => {
    const unseeded = await simulateItemPolicy(database.db, request({ seed: undefined }));
    if (!unseeded.ok) throw new Error(JSON.stringify(unseeded.error));
    const repeated = await simulateItemPolicy(database.db, request({ seed: unseeded.value.report.seed }));
    expect(repeated.ok && repeated.value.report).toEqual(unseeded.value.report);
  });

  it('simulates the newest stored version by default, a given version, or a proposed policy', async () => {
    const stored = await simulateItemPolicy(database.db, request());
    expect(stored.ok && stored.value.policy).toMatchObject({ source: 'version', version: 1 });
    const tier = (ratio: string, frequency: number) => ({ ratio, minimum: 0, frequency });
    const proposed = { A: tier('0', 0), B: tier('0.05', 1), C: tier('0.3', 2), D: tier('1', 2) };
    const simulated = await simulateItemPolicy(database.db, request({ proposed }));
    if (!simulated.ok) throw new Error(JSON.stringify(simulated.error));
    expect(simulated.value.policy).toEqual({ source: 'proposed', version: null, tiers: proposed, annualCap: null });
    // Without transitions every tier keeps its members: D at ratio 1 is inspected every year, A never.
    expect(simulated.value.transitions.source).toBe('none');
    expect(simulated.value.report.tiers.D.uninspectedForYear).toBe(0);
    expect(simulated.value.report.tiers.A.inspectionsPerYear).toBe(0);
    expect(simulated.value.report.tiers.D.inspectionsPerYear).toBe(2 * simulated.value.pool.tierCounts.D);
    expect(await simulateItemPolicy(database.db, request({ policyVersion: 7 }))).toEqual({
      ok: false,
      error: { code: 'policy_not_found', itemCode: 'G1', year: YEAR, version: 7 },
    });
  });

  it('estimates tier transitions from runs a year apart, and takes the inspectors of the item\'s department', async () => {
    const [earlier] = await database.db.insert(evaluationRuns).values({ asOf: '2026-01-01', modelKey: 'credit-risk/1', status: 'completed' }).returning({ id: evaluationRuns.id });
    // A year earlier every enterprise now in D was in C; everyone else had today's tier.
    await database.db.insert(evaluations).values(
      world.codes.map((creditCode) => {
        const tier = world.tierOf.get(creditCode)!;
        return { runId: earlier!.id, creditCode, score: '50.00', tier: tier === 'D' ? 'C' : tier, observation: false, explanation: {} };
      }),
    );
    const simulated = await simulateItemPolicy(database.db, request());
    if (!simulated.ok) throw new Error(JSON.stringify(simulated.error));
    expect(simulated.value.transitions.source).toBe('history');
    expect(simulated.value.transitions.runPairs).toEqual([[earlier!.id, world.runId]]);
    expect(simulated.value.transitions.matrix?.C).toEqual({ A: 0, B: 0, C: 0.5, D: 0.5 });
    expect(simulated.value.transitions.matrix?.A).toEqual({ A: 1, B: 0, C: 0, D: 0 });
    expect(simulated.value.inspectors).toEqual({ department: '信用科', inspectors: 4, teamSize: 2 });
    expect(simulated.value.report.rounds.meanLoadPerInspector).toBeCloseTo((simulated.value.report.rounds.meanInspections * 2) / 4, 12);
  });

  it('refuses years outside 1 to 50', async () => {
    expect(await simulateItemPolicy(database.db, request({ years: 0 }))).toEqual({ ok: false, error: { code: 'years_out_of_range', years: 0 } });
  });
});
