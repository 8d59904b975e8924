import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  evaluateAll,
  EvaluationRunFailedError,
  explainEvaluation,
  failOrphanedRuns,
  ORPHANED_RUN_REASON,
  storedCountMismatchReason,
} from '../../src/application/evaluate-all.ts';
import { importCreditRecords } from '../../src/application/import-credit-records.ts';
import { addScoringModel, findScoringModel, listScoringModels } from '../../src/application/scoring-models.ts';
import { defaultScoringModel } from '../../src/core/scoring/model.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { claimEvaluationRun, countTierChanges, findEvaluation, findEvaluationRun, listEvaluationRuns } from '../../src/persistence/evaluation-store.ts';
import { saveModelVersion } from '../../src/persistence/scoring-model-store.ts';
import { StoredCountMismatchError } from '../../src/persistence/stored-count.ts';
import { createTestDatabase, openAnotherProcess, testDatabaseKind } from '../support/database.ts';
import { creditCode, importTestDirectory } from '../support/credit-fixtures.ts';

const AS_OF = '2026-01-01';
const person = 'a'.repeat(64);

/** One enterprise per rule and family the run must get right. */
async function seedCounty(database: DatabaseHandle): Promise<void> {
  await importTestDirectory(database, [
    { n: 1 },
    { n: 2 },
    { n: 3 },
    { n: 4, registered: '2025-06-01', flags: '新业态' },
    { n: 5 },
    { n: 6 },
  ]);
  const records = [
    { kind: 'serious_dishonesty_listing', creditCode: creditCode(2), source: 's', listedDate: '2025-03-01', reason: '提供虚假材料', decidingAuthority: '市市场监管局' },
    { kind: 'abnormal_operations_listing', creditCode: creditCode(3), source: 's', listedDate: '2025-07-01', reason: 'annual_report_missing' },
    { kind: 'related_party_link', creditCode: creditCode(2), source: 's', personId: person, role: 'legal_representative', date: '2020-01-01' },
    { kind: 'related_party_link', creditCode: creditCode(5), source: 's', personId: person, role: 'controlling_investor', date: '2021-01-01' },
    {
      kind: 'penalty', creditCode: creditCode(6), source: 's', decisionNumber: 'P-1', date: '2026-02-01', violation: 'v', severity: 'heavy',
      firstViolationExempt: false, minorViolationExempt: false,
    },
  ];
  const report = await importCreditRecords(database, { format: 'json', content: new TextEncoder().encode(JSON.stringify(records)) });
  if (!report.applied) throw new Error(JSON.stringify(report.rejected));
}

describe(`evaluateAll on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
    await seedCounty(database);
  });
  afterEach(async () => {
    await database.close();
  });

  const tiers = async (runId: number) =>
    Object.fromEntries(
      rowsOf<{ credit_code: string; tier: string; observation: boolean }>(
        await database.db.execute(sql`select credit_code, tier, observation from evaluations where run_id = ${runId} order by credit_code`),
      ).map((row) => [row.credit_code, `${row.tier}${row.observation ? ' observation' : ''}`]),
    );

  it('evaluates every enterprise, applies hard rules and the related-party indicator, and counts tiers', async () => {
    const result = await evaluateAll(database, { asOf: AS_OF }, { chunkSize: 2 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ status: 'completed', asOf: AS_OF, modelKey: 'credit-risk/1', evaluated: 6, counts: { A: 3, B: 1, C: 1, D: 1, observation: 1 } });
    expect(await tiers(result.value.id)).toEqual({
      [creditCode(1)]: 'A',
      [creditCode(2)]: 'D',
      [creditCode(3)]: 'C',
      [creditCode(4)]: 'A observation',
      [creditCode(5)]: 'B',
      [creditCode(6)]: 'A',
    });
  });

  it('stores an explanation: indicator values, contributions, formulas, rules fired', async () => {
    const result = await evaluateAll(database, { asOf: AS_OF, model: 'credit-risk/1' });
    if (!result.ok) throw new Error(result.error.message);
    const stored = await findEvaluation(database.db, result.value.id, creditCode(5));
    const explained = explainEvaluation(defaultScoringModel(), result.value, stored!);
    expect(explained).toMatchObject({ tier: 'B', scoreTier: 'B', score: 83, rulesFired: [] });
    expect(explained.indicators.find((indicator) => indicator.name === 'related_dishonest')).toMatchObject({ value: 1, contribution: -15 });
    expect(explained.formulas.find((formula) => formula.name === 'related')).toMatchObject({ value: 0 });
    const dishonest = explainEvaluation(defaultScoringModel(), result.value, (await findEvaluation(database.db, result.value.id, creditCode(2)))!);
    expect(dishonest.rulesFired.map((rule) => rule.id)).toEqual(['serious_dishonesty']);
  });

  it('ignores records dated after the evaluation date', async () => {
    const early = await evaluateAll(database, { asOf: '2025-02-01' });
    if (!early.ok) throw new Error(early.error.message);
    expect(early.value.counts).toMatchObject({ D: 0, C: 0 });
  });

  it('returns the completed run when run again, without evaluating anew', async () => {
    const first = await evaluateAll(database, { asOf: AS_OF });
    const second = await evaluateAll(database, { asOf: AS_OF, model: 'credit-risk' });
    if (!first.ok || !second.ok) throw new Error('run failed');
    expect(second.value.id).toBe(first.value.id);
    expect(second.value.timings).toBeUndefined();
    const [count] = rowsOf<{ count: string | number }>(await database.db.execute(sql`select count(*) as count from evaluations`));
    expect(Number(count!.count)).toBe(6);
  });

  it('refuses a run that a live process executes, saying what to do, and takes over at once one whose process died', async () => {
    const claimed = await claimEvaluationRun(database, AS_OF, 'credit-risk/1');
    if (claimed.kind !== 'started') throw new Error(`claim ${claimed.kind}`);
    const busy = await evaluateAll(database, { asOf: AS_OF });
    if (busy.ok || busy.error.code !== 'run_in_progress') throw new Error('the live run was not refused');
    expect(busy.error.message).toContain('请等它完成');
    expect(busy.error.message).toContain('Wait for it to finish');
    // A crash: a chunk was written, then the process died (its lease went with it).
    await database.db.execute(sql`insert into evaluations (run_id, credit_code, score, tier, observation, explanation)
      values (${claimed.run.id}, ${creditCode(1)}, 1, 'D', false, '{}')`);
    await claimed.lease.release();
    const restarted = await evaluateAll(database, { asOf: AS_OF });
    if (!restarted.ok) throw new Error(restarted.error.message);
    expect(restarted.value).toMatchObject({ id: claimed.run.id, status: 'completed', evaluated: 6 });
    expect((await tiers(restarted.value.id))[creditCode(1)]).toBe('A');
  });

  it('marks failed, on start, the runs left running by a killed process, and not a run a live process executes', async () => {
    const orphaned = await claimEvaluationRun(database, '2025-06-30', 'credit-risk/1');
    const live = await claimEvaluationRun(database, AS_OF, 'credit-risk/1');
    if (orphaned.kind !== 'started' || live.kind !== 'started') throw new Error('claim failed');
    await orphaned.lease.release();

    expect(await failOrphanedRuns(database)).toEqual([orphaned.run.id]);
    expect(await findEvaluationRun(database.db, orphaned.run.id)).toMatchObject({ status: 'failed', error: ORPHANED_RUN_REASON });
    expect(await findEvaluationRun(database.db, live.run.id)).toMatchObject({ status: 'running', error: null });
    await live.lease.release();
  });

  it('fails a run loudly when the evaluations stored are not the ones counted', async () => {
    // A write the database lost after confirming it: an AFTER trigger removes one evaluation.
    await database.db.execute(sql.raw(`
      create function lose_one_evaluation() returns trigger language plpgsql as $$
      begin delete from evaluations where run_id = new.run_id and credit_code = new.credit_code; return null; end $$`));
    await database.db.execute(sql.raw(`
      create trigger lose_one_evaluation after insert on evaluations for each row
        when (new.credit_code = '${creditCode(3)}') execute function lose_one_evaluation();`));

    await expect(evaluateAll(database, { asOf: AS_OF }, { chunkSize: 2 })).rejects.toThrow(EvaluationRunFailedError);

    const [run] = await listEvaluationRuns(database.db, 1);
    expect(run).toMatchObject({ status: 'failed', error: storedCountMismatchReason(5, 6) });
    expect(run!.error).toMatch(/^评价结果只保存了 5 条.* \/ Only 5 evaluations were stored for 6 enterprises/);
  });

  it('fails a run whose COPY stored fewer rows than it sent', async () => {
    // A BEFORE trigger that skips a row: the COPY's own count then differs from the lines sent.
    await database.db.execute(sql.raw(`
      create function skip_one_evaluation() returns trigger language plpgsql as $$ begin return null; end $$`));
    await database.db.execute(sql.raw(`
      create trigger skip_one_evaluation before insert on evaluations for each row
        when (new.credit_code = '${creditCode(3)}') execute function skip_one_evaluation();`));

    await expect(evaluateAll(database, { asOf: AS_OF }, { chunkSize: 2 })).rejects.toThrow(StoredCountMismatchError);

    const [run] = await listEvaluationRuns(database.db, 1);
    expect(run).toMatchObject({ status: 'failed', error: 'COPY into evaluations (run_id, credit_code, score, tier, observation, explanation): 1 rows stored, not the 2 sent' });
  });

  it('rejects an unknown model and a date that is not a calendar date', async () => {
    const unknown = await evaluateAll(database, { asOf: AS_OF, model: 'credit-risk/9' });
    const badDate = await evaluateAll(database, { asOf: '2026-02-30' });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('unknown_model');
    expect(badDate.ok ? 'ok' : badDate.error.code).toBe('invalid_date');
  });

  it('counts tier changes between two runs', async () => {
    const before = await evaluateAll(database, { asOf: '2025-02-01' });
    const after = await evaluateAll(database, { asOf: AS_OF });
    if (!before.ok || !after.ok) throw new Error('run failed');
    const changes = await countTierChanges(database.db, after.value.id, before.value.id);
    expect(changes).toEqual([
      { from: 'A', to: 'A', count: 3 },
      { from: 'A', to: 'B', count: 1 },
      { from: 'A', to: 'C', count: 1 },
      { from: 'A', to: 'D', count: 1 },
    ]);
  });
});

describe(`scoring models on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('has the default model without adding it', async () => {
    expect((await listScoringModels(database.db)).map((model) => model.key)).toEqual(['credit-risk/1']);
  });

  it('saves a new version, treats the same definition again as a no-op, and refuses a changed one', async () => {
    const version2 = { ...defaultScoringModel(), version: 2, tiers: { A: 86, B: 70, C: 55 } };
    const added = await addScoringModel(database.db, version2);
    expect(added.ok && added.value).toMatchObject({ key: 'credit-risk/2', created: true });
    const again = await addScoringModel(database.db, JSON.parse(JSON.stringify(version2)));
    expect(again.ok && again.value).toMatchObject({ created: false });
    const changed = await addScoringModel(database.db, { ...version2, tiers: { A: 90, B: 70, C: 55 } });
    expect(changed.ok ? 'saved' : changed.error).toMatchObject({ code: 'version_exists', message: expect.stringContaining('credit-risk/3') });
    const latest = await findScoringModel(database.db, 'credit-risk');
    expect(latest.ok && latest.value.tiers.A).toBe(86);
    const changedDefault = await addScoringModel(database.db, { ...defaultScoringModel(), description: 'edited' });
    expect(changedDefault.ok ? 'saved' : changedDefault.error.code).toBe('version_exists');
  });

  it('rejects an invalid model naming the formula, and saves nothing', async () => {
    const bad = defaultScoringModel();
    const result = await addScoringModel(database.db, { ...bad, version: 5, formulas: bad.formulas.map((formula) => (formula.name === 'social' ? { ...formula, expression: 'evaluate("1+1")' } : formula)) });
    expect(result.ok ? 'saved' : result.error.code).toBe('invalid_model');
    expect(!result.ok && result.error.code === 'invalid_model' && result.error.issues[0]?.formula).toBe('social');
    expect((await findScoringModel(database.db, 'credit-risk/5')).ok).toBe(false);
  });

  it('refuses to save a model over the cost budget, but still reads one stored before the budget existed', async () => {
    const base = defaultScoringModel();
    const costly = Array.from({ length: 40 }, (_, index) => ({
      name: `extra_${index}`,
      description: 'costly',
      expression: `clamp(${Array.from({ length: 10 }, (_, term) => `${term + 1} * min(${base.indicators[(index + term) % base.indicators.length]!.name}, 3)`).join(' + ')}, 0, 1)`,
    }));
    const overBudget = { ...base, version: 6, formulas: [...costly, ...base.formulas] };
    const refused = await addScoringModel(database.db, overBudget);
    expect(refused.ok ? 'saved' : refused.error.code === 'invalid_model' && refused.error.issues.map((issue) => issue.code)).toEqual(['over_budget']);
    expect((await findScoringModel(database.db, 'credit-risk/6')).ok).toBe(false);
    // As an older Suiji would have saved it:
    await saveModelVersion(database.db, 'credit-risk', 6, overBudget);
    const stored = await findScoringModel(database.db, 'credit-risk/6');
    expect(stored.ok && stored.value.formulas.length).toBe(46);
  });
});

describe.runIf(testDatabaseKind === 'postgres')('evaluation runs shared by several processes on PostgreSQL', () => {
  let database: DatabaseHandle;
  let other: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
    await seedCounty(database);
    other = openAnotherProcess(database);
  });
  afterEach(async () => {
    await other.close();
    await database.close();
  });

  it('leaves alone a run another live process executes, and takes it over once that process is killed', async () => {
    const elsewhere = await claimEvaluationRun(other, AS_OF, 'credit-risk/1');
    if (elsewhere.kind !== 'started') throw new Error(`claim ${elsewhere.kind}`);

    expect(await failOrphanedRuns(database)).toEqual([]);
    const busy = await evaluateAll(database, { asOf: AS_OF });
    expect(busy.ok ? 'ok' : busy.error.code).toBe('run_in_progress');

    // kill -9: the server sees its sessions end, and its lease goes with them (waits up to 5 s for the end).
    await database.db.execute(sql`select pg_terminate_backend(pid, 5000) from pg_locks where locktype = 'advisory' and objid = ${elsewhere.run.id}`);
    const restarted = await evaluateAll(database, { asOf: AS_OF });
    if (!restarted.ok) throw new Error(restarted.error.message);
    expect(restarted.value).toMatchObject({ id: elsewhere.run.id, status: 'completed', evaluated: 6 });
  });
});
