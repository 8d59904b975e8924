/**
 * The draw world (test/integration/draw-world.ts) plus past inspection results, for the
 * policy derivation, adoption and simulation tests: 40 results on tier D enterprises with
 * 12 problems (enough for an observed rate), 5 on tier A (too few: configured weight), and
 * one result dated after the run that must not count.
 */
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { createSeededTestDatabase } from '../support/database.ts';
import { creditRecords } from '../../src/persistence/schema/index.ts';
import { seedWorld, TIER_CYCLE, type World } from './draw-world.ts';

export const D_RESULTS = 40;
export const D_PROBLEMS = 12;
export const A_RESULTS = 5;

/** Index of each code in the world, and its expected pool facts (computed from the seeding rules, not by buildPool). */
export function expectedTierCounts(world: World, include: (index: number) => boolean): Record<'A' | 'B' | 'C' | 'D', number> {
  const count = world.codes.length;
  const counts = { A: 0, B: 0, C: 0, D: 0 };
  world.codes.forEach((_code, index) => {
    const gone = index >= count - 5;
    const observation = index >= count - 15 && index < count - 5;
    if (!gone && !observation && include(index)) counts[TIER_CYCLE[index % TIER_CYCLE.length]!]++;
  });
  return counts;
}

export async function seedPolicyWorld(database: DatabaseHandle): Promise<World> {
  const world = await seedWorld(database);
  const ofTier = (tier: string) => world.codes.filter((code) => world.tierOf.get(code) === tier);
  const dCodes = ofTier('D');
  const aCodes = ofTier('A');
  const result = (creditCode: string, key: string, date: string, outcome: string) => ({
    creditCode,
    kind: 'inspection_result',
    date,
    naturalKey: key,
    source: '双随机抽查',
    data: { kind: 'inspection_result', creditCode, source: '双随机抽查', date, itemCode: 'F1', outcome },
  });
  const rows = [
    ...Array.from({ length: D_RESULTS }, (_, index) => result(dCodes[index % dCodes.length]!, `D-${index}`, '2026-06-01', index < D_PROBLEMS ? 'problem_corrected' : 'no_problem')),
    ...Array.from({ length: A_RESULTS }, (_, index) => result(aCodes[index]!, `A-${index}`, '2026-05-01', 'no_problem')),
    result(dCodes[0]!, 'late', '2027-02-01', 'problem_penalised'),
  ];
  await database.db.insert(creditRecords).values(rows);
  return world;
}

/**
 * A fresh database holding the world of `seedPolicyWorld`, seeded once per test file and
 * copied for each call (see `createSeededTestDatabase`).
 *
 * @example const { database, seeded: world } = await createPolicyWorldDatabase()
 */
export function createPolicyWorldDatabase(): Promise<{ readonly database: DatabaseHandle; readonly seeded: World }> {
  return createSeededTestDatabase('policy world', seedPolicyWorld);
}
