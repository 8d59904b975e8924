/**
 * The demo's draw: adds the county plan's seven departments, loads the synthetic inspection
 * year (items, county policies, three departments of inspectors with conflicts, a joint
 * task of 市场监管 and 农业农村) through `loadPlanFile`, then
 * freezes and draws the joint task with a fixed demo entropy on the demo's simulated
 * calendar (`demoCalendar`: frozen three days before the public meeting's dice, drawn after
 * them), so the public endpoints show a real, verifiable draw whose order of events holds.
 * Running it again leaves an existing draw as it is.
 */
import { actingAlone } from '../core/four-eyes.ts';
import { DEMO_DEPARTMENT_RECORDS, demoCalendar, generateInspectionPlan } from '../core/synthetic/inspection-plan.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { findTask } from '../persistence/inspection-repository.ts';
import type { BureauKeys } from './bureau-keys.ts';
import { describeDrawIssue, drawTask, type DrawSummary } from './draw-task.ts';
import { describeFreezeIssue, freezeTask } from './freeze-task.ts';
import { saveDepartment } from './departments.ts';
import { loadPlanFile } from './inspection-plan.ts';

/** The demo acts as a one-person bureau (`FOUR_EYES=off`): its records say `fourEyes: false`. */
export const DEMO_ADMIN = actingAlone('demo');

/** Stands in for the dice rolled at the public meeting. */
export const DEMO_ENTROPY = '4.2.6.1.3.5';

export interface DemoDrawResult {
  readonly taskCode: string;
  /** Undefined when the task had been drawn by an earlier run. */
  readonly summary?: DrawSummary;
}

/**
 * Plans, freezes and draws the demo's joint task.
 *
 * @example await runDemoDraw(database, keys, { seed: 'suiji-demo-county', year: 2026, conflictCodes }) // { taskCode: '2026-ZH-01', summary }
 */
export async function runDemoDraw(
  database: DatabaseHandle,
  keys: BureauKeys,
  options: {
    readonly seed: string;
    readonly year: number;
    readonly conflictCodes: readonly string[];
    readonly evaluationRunId?: number;
    /** Runs once the plan is loaded and before the freeze (the demo approves its tier lists here, with the year's policies in place). */
    readonly beforeFreeze?: () => Promise<void>;
  },
): Promise<DemoDrawResult> {
  const plan = generateInspectionPlan(options);
  const calendar = demoCalendar(options.year);
  const task = plan.tasks[0];
  if (!task) throw new Error('the demo plan has no task');
  const existing = await findTask(database.db, task.code);
  if (existing?.status === 'drawn') return { taskCode: task.code };
  if (!existing) {
    // The plan names departments by their Chinese names; the records come first so they resolve to codes.
    for (const department of DEMO_DEPARTMENT_RECORDS) {
      const saved = await saveDepartment(database.db, department);
      if (!saved.ok) throw new Error(`the demo department ${department.code} was rejected: ${saved.error.code}`);
    }
    const loaded = await loadPlanFile(database, plan, { adoptPolicies: DEMO_ADMIN });
    if (!loaded.ok) throw new Error(`the demo plan was rejected: ${loaded.error.slice(0, 3).map((issue) => `${issue.path}: ${issue.reason}`).join('; ')}`);
  }
  if ((await findTask(database.db, task.code))?.status === 'planned') {
    await options.beforeFreeze?.();
    const frozen = await freezeTask(database, keys, task.code, { now: new Date(calendar.frozenAt) });
    if (!frozen.ok) throw new Error(`the demo task could not be frozen: ${describeFreezeIssue(frozen.error)}`);
  }
  const drawn = await drawTask(database, keys, task.code, DEMO_ENTROPY, { now: new Date(calendar.drawnAt) });
  if (!drawn.ok) throw new Error(`the demo task could not be drawn: ${describeDrawIssue(drawn.error)}`);
  return { taskCode: task.code, summary: drawn.value };
}
