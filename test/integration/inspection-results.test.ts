import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { enterResults, importResults, listOverdue, publishResults, type ResultInput } from '../../src/application/inspection-results.ts';
import { loadWorkingCalendar } from '../../src/application/working-calendar.ts';
import { listEnterpriseRecords } from '../../src/persistence/credit-record-store.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { expectSignedAndLogged } from '../support/published-record.ts';
import { assignedTeams, loadTasks, publicEvent, createWorldDatabase, worldTasks, type World } from './draw-world.ts';
import { loadPoolMembers } from '../../src/persistence/draw-repository.ts';

const calendar = loadWorkingCalendar();
let database: DatabaseHandle;
let keys: BureauKeys;
let world: World;
let selected: string[];
let notSelected: string;
// Drawn on 2026-09-01 (results deadlines count from there): dice at 09:30 that morning.
let teams: Map<string, string[]>;
const task = () => ({ ...worldTasks(world.runId).food, entropySource: publicEvent('2026-09-01T09:30:00+08:00') });

beforeEach(async () => {
  ({ database, seeded: world } = await createWorldDatabase());
  keys = createEphemeralBureauKeys();
  await loadTasks(database, [task()]);
  const frozen = await freezeTask(database, keys, task().code, { now: new Date('2026-08-31T01:00:00Z') });
  if (!frozen.ok) throw new Error(JSON.stringify(frozen.error));
  const drawn = await drawTask(database, keys, task().code, '3.6.1.5.2.4', { now: new Date('2026-09-01T02:00:00Z') });
  if (!drawn.ok) throw new Error(JSON.stringify(drawn.error));
  selected = rowsOf<{ credit_code: string }>(await database.db.execute(sql`select credit_code from draw_selections where task_code = ${task().code} order by credit_code`)).map((row) => row.credit_code);
  notSelected = (await loadPoolMembers(database.db, task().code)).find((member) => !selected.includes(member.code))!.code;
  teams = await assignedTeams(database, task().code);
});

afterEach(async () => {
  await database.close();
});

function result(creditCode: string, overrides: Partial<ResultInput> = {}): ResultInput {
  return { taskCode: '2027-SP-01', creditCode, itemCode: 'F1', outcome: 'no_problem', inspectionDate: '2026-09-24', inspectors: teams.get(creditCode) ?? ['SP-2', 'SP-3'], summary: '经检查，未发现问题。', ...overrides };
}

async function resultCount(): Promise<number> {
  return Number(rowsOf<{ count: number }>(await database.db.execute(sql`select count(*)::int as count from inspection_results`))[0]!.count);
}

describe('entering inspection results', () => {
  it('accepts only enterprises the draw selected and items of the task, all or nothing', async () => {
    const entered = await enterResults(database, calendar, [
      result(selected[0]!),
      result(notSelected),
      result(selected[1]!, { itemCode: 'G1' }),
      result(selected[2]!, { inspectors: ['NOBODY-9'] }),
      result(selected[3]!, { outcome: 'problem_corrected' }),
      result(selected[4]!, { summary: '负责人电话13800138000' }),
    ]);
    expect(entered.ok).toBe(false);
    if (entered.ok) return;
    expect(entered.error.map((failure) => [failure.index, failure.issues.map((issue) => issue.field)])).toEqual([
      [1, ['creditCode']],
      [2, ['itemCode']],
      [3, ['inspectors']],
      [4, ['correctiveOrder']],
      [5, ['summary']],
    ]);
    expect(entered.error[0]!.issues[0]!.reason).toContain('was not selected by the draw');
    expect(await resultCount()).toBe(0);
  });

  it('refuses results for a task that has not been drawn', async () => {
    await loadTasks(database, [worldTasks(world.runId).joint]);
    const entered = await enterResults(database, calendar, [result(selected[0]!, { taskCode: '2027-ZH-01', itemCode: 'G1' })]);
    expect(!entered.ok && entered.error[0]!.issues).toEqual([{ field: 'taskCode', reason: 'task 2027-ZH-01 has not been drawn', reasonZh: '任务 2027-ZH-01 尚未抽取' }]);
  });

  it('sets the due date 20 working days on, across Mid-Autumn and National Day with the 10 October make-up day', async () => {
    // 2026-09-24 (Thu): 09-25..27 and 10-01..07 are holidays, Saturday 10-10 is worked (国务院办公厅 2026 arrangement).
    const entered = await enterResults(database, calendar, [result(selected[0]!)]);
    expect(entered.ok && entered.value[0]!.dueDate).toBe('2026-10-29');
  });

  it('lists unpublished results past due and selected enterprises with no result yet', async () => {
    expect((await enterResults(database, calendar, [result(selected[0]!), result(selected[1]!, { inspectionDate: '2026-10-09' })])).ok).toBe(true);
    const onDueDay = await listOverdue(database.db, calendar, '2026-10-29');
    expect(onDueDay.overdue).toEqual([]);
    const dayAfter = await listOverdue(database.db, calendar, '2026-10-30');
    expect(dayAfter.overdue).toEqual([{ taskCode: '2027-SP-01', creditCode: selected[0], itemCode: 'F1', inspectionDate: '2026-09-24', dueDate: '2026-10-29', workingDaysLate: 1 }]);
    expect(dayAfter.missing.map((row) => row.creditCode)).toEqual(selected.slice(2));
  });

  it('imports a CSV with Chinese headings and reports rejected rows by line and heading', async () => {
    const csv = `任务编号,统一社会信用代码,抽查事项,检查结果,检查日期,执法证号,结果摘要,责令改正\n2027-SP-01,${selected[0]},F1,未发现问题,2026/9/24,${teams.get(selected[0]!)!.join(';')},未发现问题,\n2027-SP-01,${notSelected},F1,未发现问题,2026/9/24,SP-2,未发现问题,\n`;
    const report = await importResults(database, calendar, { content: new TextEncoder().encode(csv), format: 'csv' });
    expect(report).toMatchObject({ totalRows: 2, saved: 0, applied: false });
    expect(report.rejected.map((row) => [row.line, row.field])).toEqual([[3, '统一社会信用代码']]);
    const fixed = await importResults(database, calendar, { content: new TextEncoder().encode(csv.split('\n').slice(0, 2).join('\n')), format: 'csv' });
    expect(fixed).toMatchObject({ totalRows: 1, saved: 1, applied: true });
  });

  it('imports a JSON array, rejecting unknown properties by element and unreadable JSON as a whole', async () => {
    const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const report = await importResults(database, calendar, { content: json([{ ...result(selected[0]!), colour: 'red' }, result(selected[1]!)]), format: 'json' });
    expect(report).toMatchObject({ totalRows: 2, saved: 0, applied: false });
    expect(report.rejected.map((row) => [row.line, row.field])).toEqual([[1, 'colour']]);
    expect(await importResults(database, calendar, { content: new TextEncoder().encode('{"not": "an array"}'), format: 'json' })).toMatchObject({ totalRows: 0, applied: false, rejected: [{ line: 0 }] });
    expect(await importResults(database, calendar, { content: json([result(selected[1]!)]), format: 'json' })).toMatchObject({ totalRows: 1, saved: 1, applied: true });
  });
});

describe('publishing a batch of results', () => {
  it('signs a batch, logs it, and adds the outcomes to the credit records once', async () => {
    expect((await enterResults(database, calendar, [result(selected[0]!), result(selected[1]!, { outcome: 'problem_corrected', correctiveOrder: '责改〔2026〕12号' })])).ok).toBe(true);
    const published = await publishResults(database, keys, '2027-SP-01', () => new Date('2026-10-10T02:00:00Z'));
    if (!published.ok) throw new Error(JSON.stringify(published.error));
    expect(published.value).toMatchObject({ batch: 1, resultCount: 2 });
    await expectSignedAndLogged(database.db, keys, published.value.envelope);
    const record = published.value.envelope.record;
    expect(record).toMatchObject({ format: 'suiji.results-batch/1', task: '2027-SP-01', batch: 1, publishedAt: '2026-10-10T10:00:00+08:00' });
    expect(record.results[1]).toMatchObject({ creditCode: selected[1], item: 'F1', outcome: 'problem_corrected', correctiveOrder: '责改〔2026〕12号', inspectors: teams.get(selected[1]!) });
    expect(JSON.stringify(record)).not.toMatch(/tier|食品检查员/);

    const records = (await listEnterpriseRecords(database.db, selected[1]!)).map((row) => row.record);
    expect(records).toContainEqual(expect.objectContaining({ kind: 'inspection_result', itemCode: 'F1', date: '2026-09-24', outcome: 'problem_corrected' }));

    expect(await publishResults(database, keys, '2027-SP-01')).toEqual({ ok: false, error: { code: 'nothing_to_publish', taskCode: '2027-SP-01' } });
    const changed = await enterResults(database, calendar, [result(selected[0]!, { outcome: 'refused_inspection' })]);
    expect(!changed.ok && changed.error[0]!.issues[0]!.reason).toContain('already published');

    expect((await enterResults(database, calendar, [result(selected[2]!)])).ok).toBe(true);
    const second = await publishResults(database, keys, '2027-SP-01');
    expect(second.ok && [second.value.batch, second.value.resultCount]).toEqual([2, 1]);
    const inspectionRecords = rowsOf<{ count: number }>(await database.db.execute(sql`select count(*)::int as count from credit_records where kind = 'inspection_result'`));
    expect(inspectionRecords[0]!.count).toBe(3);
  });

  it('publishes each result once when two publications race', async () => {
    expect((await enterResults(database, calendar, [result(selected[0]!), result(selected[1]!)])).ok).toBe(true);
    const outcomes = await Promise.all([publishResults(database, keys, '2027-SP-01'), publishResults(database, keys, '2027-SP-01')]);
    const succeeded = outcomes.filter((outcome) => outcome.ok);
    expect(succeeded.map((outcome) => outcome.ok && [outcome.value.batch, outcome.value.resultCount])).toEqual([[1, 2]]);
    expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => !outcome.ok && outcome.error.code)).toEqual(['nothing_to_publish']);
  });
});
