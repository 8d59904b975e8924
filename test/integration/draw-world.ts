/**
 * A small inspection world on a test database: enterprises, a completed evaluation run,
 * a two-round plan, items in two categories, policies, inspectors with a conflict, and
 * tasks. Shared by the draw integration and HTTP tests.
 */
import { sql } from 'drizzle-orm';
import type { BureauKeys } from '../../src/application/bureau-keys.ts';
import { findPublicEnvelopeText } from '../../src/application/draw-publication.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { loadPlanFile } from '../../src/application/inspection-plan.ts';
import { actingAlone } from '../../src/core/four-eyes.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { createSeededTestDatabase } from '../support/database.ts';
import { enterprises, evaluationRuns, evaluations } from '../../src/persistence/schema/index.ts';
import { creditCodeFor, enterpriseSeed, WORLD_CALENDAR, type EnterpriseSeed } from '../http/fixtures.ts';


/** The world's policies are adopted by one admin (a one-person bureau), so freezes may use them. */
export const WORLD_ADMIN = actingAlone('world.admin');
export { WORLD_CALENDAR };

/** A public-event entropy source (draw/v1.1) at `at`. */
export function publicEvent(at: string) {
  return { kind: 'public-event' as const, description: 'dice rolled at the public meeting', at };
}

export const YEAR = 2027;
/** The dice the world's draws take: a draw/v1 entropy value. */
export const WORLD_ENTROPY = '3.6.1.5.2.4';
export const TIER_CYCLE = ['A', 'B', 'B', 'C', 'D'] as const;

export interface World {
  readonly codes: readonly string[];
  readonly runId: number;
  readonly tierOf: ReadonlyMap<string, string>;
  /** A sole trader (个体工商户) whose name is a person's. */
  readonly soleTrader: string;
}

const tier = (ratio: string, minimum: number, frequency: number) => ({ ratio, minimum, frequency });

/** Tasks of the world; callers pick which to load. */
export function worldTasks(runId: number) {
  const base = {
    year: YEAR,
    round: 1,
    trigger: 'planned' as const,
    evaluationRunId: runId,
    qualification: '行政执法',
    entropySource: publicEvent(WORLD_CALENDAR.entropyAt),
  };
  return {
    food: { ...base, code: '2027-SP-01', name: '食品第一轮', items: ['F1'], departments: [{ department: '食品科', teamSize: 2 }], conditions: { flags: ['food'] } },
    foodAgain: { ...base, code: '2027-SP-02', name: '食品补充', round: 2, items: ['F2'], departments: [{ department: '食品科', teamSize: 2 }], conditions: { flags: ['food'] } },
    joint: {
      ...base,
      code: '2027-ZH-01',
      name: '综合查一次',
      round: 2,
      items: ['G1'],
      departments: [
        { department: '信用科', teamSize: 1 },
        { department: '食品科', teamSize: 1 },
      ],
    },
    open: { ...base, code: '2027-OPEN-01', name: '不分级抽查', evaluationRunId: undefined, items: ['G1'], departments: [{ department: '信用科', teamSize: 2 }] },
    soleTrader: { ...base, code: '2027-GT-01', name: '个体工商户抽查', items: ['F1'], departments: [{ department: '食品科', teamSize: 2 }], conditions: { entityTypes: ['sole_trader'] } },
    infeasible: { ...base, code: '2027-X-01', name: '人手不足', items: ['F1'], departments: [{ department: '信用科', teamSize: 5 }] },
  };
}

/**
 * Seeds the world. 100 enterprises: tiers cycle A, B, B, C, D; the last five are
 * deregistered, revoked or moved out; the ten before are in observation; one is a sole trader.
 */
export async function seedWorld(database: DatabaseHandle, options: { enterprises?: number } = {}): Promise<World> {
  const count = options.enterprises ?? 100;
  const codes = Array.from({ length: count }, (_, index) => creditCodeFor('350102', index + 1)).sort();
  const seeds: EnterpriseSeed[] = codes.map((creditCode, index) =>
    enterpriseSeed({
      creditCode,
      name: index === 3 ? '张三' : `示例${index}号有限公司`,
      entityType: index === 3 ? 'sole_trader' : 'company',
      status: index >= count - 5 ? (['deregistered', 'revoked', 'moved_out'] as const)[index % 3] : 'active',
      flags: index % 2 === 0 ? ['food'] : [],
    }),
  );
  for (let start = 0; start < seeds.length; start += 1000) await database.db.insert(enterprises).values(seeds.slice(start, start + 1000));
  const [run] = await database.db.insert(evaluationRuns).values({ asOf: '2027-01-01', modelKey: 'credit-risk/1', status: 'completed', evaluated: count }).returning({ id: evaluationRuns.id });
  const runId = run!.id;
  const tierOf = new Map<string, string>();
  const rows = codes.map((creditCode, index) => {
    const assigned = TIER_CYCLE[index % TIER_CYCLE.length]!;
    tierOf.set(creditCode, assigned);
    return { runId, creditCode, score: '50.00', tier: assigned, observation: index >= count - 15 && index < count - 5, explanation: {} };
  });
  for (let start = 0; start < rows.length; start += 1000) await database.db.insert(evaluations).values(rows.slice(start, start + 1000));

  const inspectors = [
    ...Array.from({ length: 6 }, (_, index) => ({ badge: `SP-${index + 1}`, name: `食品检查员${index + 1}`, department: '食品科', qualifications: ['行政执法'], active: index !== 5 })),
    ...Array.from({ length: 4 }, (_, index) => ({ badge: `XY-${index + 1}`, name: `信用检查员${index + 1}`, department: '信用科', qualifications: ['行政执法'], active: true })),
  ];
  const loaded = await loadPlanFile(database, {
    plan: { year: YEAR, name: '2027 年度计划', roundsPerYear: 2 },
    items: [
      { code: 'F1', name: '食品经营', legalBasis: '食品安全法', department: '食品科', category: 'food', keyArea: true },
      { code: 'F2', name: '食品标签', legalBasis: '食品安全法', department: '食品科', category: 'food' },
      { code: 'G1', name: '年报公示', legalBasis: '企业信息公示暂行条例', department: '信用科', category: 'registration' },
    ],
    policies: ['F1', 'F2', 'G1'].map((itemCode) => ({
      itemCode,
      year: YEAR,
      tiers: { A: tier('0.1', 1, 2), B: tier('0.2', 1, 2), C: tier('0.3', 2, 2), D: tier('0.5', 2, 2) },
      untiered: tier('0.25', 1, 2),
      annualCap: itemCode === 'G1' ? 1 : 2,
    })),
    inspectors,
    conflicts: [{ badge: 'SP-1', creditCode: codes[0]!, reason: '近亲属任职' }],
  }, { adoptPolicies: WORLD_ADMIN });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return { codes, runId, tierOf, soleTrader: codes[3]! };
}

/**
 * A fresh database holding the 100-enterprise world of `seedWorld`: seeded once per test
 * file and copied for each call (see `createSeededTestDatabase`), for the files whose
 * every test starts from it.
 *
 * @example const { database, seeded: world } = await createWorldDatabase()
 */
export function createWorldDatabase(): Promise<{ readonly database: DatabaseHandle; readonly seeded: World }> {
  return createSeededTestDatabase('draw world, 100 enterprises', (database) => seedWorld(database));
}

/** Loads the given tasks of the world. */
export async function loadTasks(database: DatabaseHandle, tasks: readonly object[]): Promise<void> {
  const loaded = await loadPlanFile(database, { tasks });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
}

/** Row counts of everything a draw writes (receipts: how many it can build on request), to show that a refused draw changed nothing. */
export async function drawState(database: DatabaseHandle, taskCode: string): Promise<unknown> {
  const result = await database.db.execute(sql`
    select t.status, t.drawn_at, (select count(*)::int from draw_records where task_code = t.code) as records,
           (select coalesce(max(p.size), 0)::int from task_pool_trees p where p.task_code = t.code and p.seed is not null) as receipts,
           (select coalesce(sum(c.size), 0)::int from task_pool_chunks c where c.task_code = t.code) as members
    from inspection_tasks t where t.code = ${taskCode}
  `);
  return Array.isArray(result) ? [...result] : (result as { rows: unknown[] }).rows;
}

/** The badges of every team the public draw record of a task assigned, by credit code. */
export async function assignedTeams(database: DatabaseHandle, taskCode: string): Promise<Map<string, string[]>> {
  const text = await findPublicEnvelopeText(database.db, taskCode);
  if (text === undefined) throw new Error(`task ${taskCode} has no draw record`);
  const record = (JSON.parse(text) as { record: DrawRecord }).record;
  return new Map((record.assignments ?? []).map((assignment) => [assignment.code, assignment.team.map((member) => member.badge)]));
}

/** Freezes a world task on the world's calendar; a refusal throws (tests that expect one call `freezeTask` themselves). */
export async function freezeWorldTask(database: DatabaseHandle, keys: BureauKeys, taskCode: string) {
  const frozen = await freezeTask(database, keys, taskCode, { now: WORLD_CALENDAR.frozenAt });
  if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));
  return frozen.value;
}

/** Draws a frozen world task with `WORLD_ENTROPY` on the world's calendar; a refusal throws. */
export async function drawWorldTask(database: DatabaseHandle, keys: BureauKeys, taskCode: string) {
  const drawn = await drawTask(database, keys, taskCode, WORLD_ENTROPY, { now: WORLD_CALENDAR.drawnAt });
  if (!drawn.ok) throw new Error(JSON.stringify(drawn.error));
  return drawn.value;
}
