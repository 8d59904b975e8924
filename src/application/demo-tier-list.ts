/**
 * The demo's tier lists (issue 17): the January list, approved on 20 January from the
 * evaluation as of 31 December of the previous year, and a dynamic adjustment approved the
 * day of the demo's evaluation (before its task is frozen), so the freeze uses the current
 * version. Running the demo again leaves lists already approved as they are.
 */
import type { DatabaseHandle } from '../persistence/database.ts';
import { findCurrentTierList } from '../persistence/tier-list-repository.ts';
import { systemActor } from './activity-log.ts';
import { evaluateAll } from './evaluate-all.ts';
import { approveTierList, describeTierListIssue, yearEndBefore, type TierListRow } from './tier-list.ts';

/**
 * Approves the demo year's January list and its adjustment to `adjustedRunId` (as of `asOf`).
 *
 * @example await runDemoTierLists(database, { year: 2026, asOf: '2026-11-01', adjustedRunId: 2 }) // { january: { version: 1, … }, current: { version: 2, … } }
 */
export async function runDemoTierLists(
  database: DatabaseHandle,
  options: { readonly year: number; readonly asOf: string; readonly adjustedRunId: number },
): Promise<{ readonly current: TierListRow }> {
  const existing = await findCurrentTierList(database.db, options.year);
  if (existing) return { current: existing };
  const januaryAsOf = yearEndBefore(options.year);
  const january = await evaluateAll(database, { asOf: januaryAsOf, now: new Date(`${options.year}-01-20T10:00:00+08:00`) });
  if (!january.ok) throw new Error(`the demo's January evaluation failed: ${january.error.message}`);
  const approve = async (approval: Parameters<typeof approveTierList>[1], now: Date): Promise<TierListRow> => {
    const approved = await approveTierList(database, approval, { actor: systemActor, now });
    if (!approved.ok) throw new Error(`the demo tier list was refused: ${describeTierListIssue(approved.error, 'en')}`);
    return approved.value;
  };
  await approve({ year: options.year, runId: january.value.id }, new Date(`${options.year}-01-20T10:00:00+08:00`));
  if (options.adjustedRunId === january.value.id) return { current: (await findCurrentTierList(database.db, options.year))! };
  const current = await approve(
    { year: options.year, runId: options.adjustedRunId, asOf: options.asOf, reason: `动态调整：按 ${options.asOf} 的信用风险分类评价更新（演示县） / Dynamic adjustment to the evaluation as of ${options.asOf} (demo county)` },
    new Date(`${options.asOf}T18:00:00+08:00`),
  );
  return { current };
}
