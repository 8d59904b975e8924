/** A drawn task of the draw world with published results: what corrections and statements act on. */
import { sql } from 'drizzle-orm';
import type { BureauKeys } from '../../src/application/bureau-keys.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { enterResults, publishResults } from '../../src/application/inspection-results.ts';
import { loadWorkingCalendar } from '../../src/application/working-calendar.ts';
import { rowsOf, type DatabaseHandle } from '../../src/persistence/database.ts';
import { loadPoolMembers } from '../../src/persistence/draw-repository.ts';
import { assignedTeams, loadTasks, publicEvent, worldTasks, type World } from '../integration/draw-world.ts';

export const PUBLISHED_TASK = '2027-SP-01';

/**
 * Freezes and draws the world's food task (frozen a day before the 09:30 dice, drawn after
 * them) and publishes a `no_problem` result for its first two selected enterprises.
 */
export async function publishTwoResults(database: DatabaseHandle, keys: BureauKeys, world: World): Promise<{ selected: string[]; notSelected: string }> {
  const task = { ...worldTasks(world.runId).food, entropySource: publicEvent('2026-09-01T09:30:00+08:00') };
  await loadTasks(database, [task]);
  if (!(await freezeTask(database, keys, task.code, { now: new Date('2026-08-31T01:00:00Z') })).ok) throw new Error('freeze');
  if (!(await drawTask(database, keys, task.code, '3.6.1.5.2.4', { now: new Date('2026-09-01T02:00:00Z') })).ok) throw new Error('draw');
  const selected = rowsOf<{ credit_code: string }>(await database.db.execute(sql`select credit_code from draw_selections where task_code = ${task.code} order by credit_code`)).map((row) => row.credit_code);
  const chosen = new Set(selected);
  const notSelected = (await loadPoolMembers(database.db, task.code)).map((member) => member.code).sort().find((code) => !chosen.has(code))!;
  const teams = await assignedTeams(database, task.code);
  const entered = await enterResults(
    database,
    loadWorkingCalendar(),
    selected.slice(0, 2).map((creditCode) => ({ taskCode: task.code, creditCode, itemCode: 'F1', outcome: 'no_problem', inspectionDate: '2026-09-24', inspectors: teams.get(creditCode), summary: '经检查，未发现问题。' })),
  );
  if (!entered.ok) throw new Error(JSON.stringify(entered.error));
  if (!(await publishResults(database, keys, task.code, () => new Date('2026-10-08T02:00:00Z'))).ok) throw new Error('publish');
  return { selected, notSelected };
}
