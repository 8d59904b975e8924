/**
 * The year's tier list (分级分类监管清单, issue 17): an admin approves an evaluation run as the
 * list the year's checks use, as of the end of the previous year by default (or a date the
 * bureau states), never as of a day that has not come. A re-approval mid-year (动态调整) is a
 * new version with its reason. Each version keeps its tier counts and the year's ratios and
 * frequencies per tier as they stood. A freeze checks its task against the current version
 * (`checkTaskTierList`). Tiers are internal: nothing here is published.
 */
import { isCalendarDate } from '../core/calendar-date.ts';
import type { TierPolicy } from '../core/policy/sampling-policy.ts';
import type { PerTier } from '../core/policy/tier.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';
import { findEvaluationRun } from '../persistence/evaluation-store.ts';
import { listInspectionItems, listSamplingPolicies, type TaskRow } from '../persistence/inspection-repository.ts';
import { countRunTiers, findCurrentTierList, insertTierListVersion, readTierListPage, type TierListEntry, type TierListPolicy, type TierListRow } from '../persistence/tier-list-repository.ts';
import { recordActivity, type Actor } from './activity-log.ts';
import { checkNotInFuture } from './evaluate-all.ts';

export type { TierListEntry, TierListRow };

export interface TierListApproval {
  readonly year: number;
  readonly runId: number;
  /** Required from the second version of a year on: why the list changes (dynamic adjustment). */
  readonly reason?: string | undefined;
  /** The evaluation date the bureau states instead of 31 December of the previous year. */
  readonly asOf?: string | undefined;
}

export type TierListIssue =
  | { readonly code: 'invalid_year'; readonly year: number }
  | { readonly code: 'invalid_date'; readonly asOf: string }
  | { readonly code: 'run_not_found'; readonly runId: number }
  | { readonly code: 'run_not_completed'; readonly runId: number; readonly status: string }
  /** The run, or the date stated, is after today: tiers of a day that has not come. */
  | { readonly code: 'as_of_in_future'; readonly asOf: string; readonly today: string }
  | { readonly code: 'run_not_as_of'; readonly runId: number; readonly runAsOf: string; readonly expected: string; readonly stated: boolean }
  | { readonly code: 'reason_required'; readonly year: number; readonly current: number };

/** The longest reason kept (a sentence or two, like other reasons in the console). */
const MAX_TIER_LIST_REASON_LENGTH = 500;

/**
 * The date a year's January list is evaluated as of: the last day of the previous year.
 *
 * @example yearEndBefore(2027) // '2026-12-31'
 */
export function yearEndBefore(year: number): string {
  return `${String(year - 1).padStart(4, '0')}-12-31`;
}

const trimmed = (text: string | undefined): string => (text ?? '').trim();

/**
 * Approves run `runId` as the next version of the year's tier list, and logs who did it.
 *
 * @example await approveTierList(database, { year: 2027, runId: 4 }, { actor, now }) // ok({ version: 1, counts: { A: 17950, … }, policies: [...] })
 * @example await approveTierList(database, { year: 2027, runId: 9, asOf: '2027-06-30', reason: '年中动态调整' }, { actor, now }) // ok({ version: 2, … })
 */
export async function approveTierList(
  database: DatabaseHandle,
  approval: TierListApproval,
  context: { readonly actor: Actor; readonly now?: Date },
): Promise<Result<TierListRow, TierListIssue>> {
  const now = context.now ?? new Date();
  const { year, runId } = approval;
  if (!Number.isSafeInteger(year) || year < 2000 || year > 2100) return err({ code: 'invalid_year', year });
  if (approval.asOf !== undefined && !isCalendarDate(approval.asOf)) return err({ code: 'invalid_date', asOf: approval.asOf });
  if (approval.asOf !== undefined) {
    const stated = checkNotInFuture(approval.asOf, now);
    if (!stated.ok) return err({ code: 'as_of_in_future', asOf: stated.error.asOf, today: stated.error.today });
  }
  const run = await findEvaluationRun(database.db, runId);
  if (!run) return err({ code: 'run_not_found', runId });
  if (run.status !== 'completed') return err({ code: 'run_not_completed', runId, status: run.status });
  // A run made before evaluations refused future dates may be dated after today: it is refused here too.
  const dated = checkNotInFuture(run.asOf, now);
  if (!dated.ok) return err({ code: 'as_of_in_future', asOf: run.asOf, today: dated.error.today });
  const expected = approval.asOf ?? yearEndBefore(year);
  if (run.asOf !== expected) return err({ code: 'run_not_as_of', runId, runAsOf: run.asOf, expected, stated: approval.asOf !== undefined });
  const reason = trimmed(approval.reason).slice(0, MAX_TIER_LIST_REASON_LENGTH);

  const approved = await database.db.transaction(async (transaction) => {
    const current = await findCurrentTierList(transaction, year);
    if (current && reason === '') return err({ code: 'reason_required', year, current: current.version } as const);
    const row = await insertTierListVersion(transaction, {
      year,
      evaluationRunId: runId,
      asOf: run.asOf,
      approvedBy: context.actor.actorLabel ?? context.actor.actorKind,
      approvedByRole: context.actor.role,
      approvedAt: now,
      reason: reason === '' ? null : reason,
      counts: await countRunTiers(transaction, runId),
      policies: await yearPolicies(transaction, year),
    });
    await recordActivity(transaction, context.actor, {
      action: 'tier_list_approved',
      subject: `${year}/${row.version}`,
      details: { year, version: row.version, runId, asOf: run.asOf, ...(row.reason ? { reason: row.reason } : {}) },
    });
    return ok(row);
  });
  return approved;
}

/** The year's newest adopted policy version of every item (the one a freeze uses), with the item's name. */
async function yearPolicies(db: Executor, year: number): Promise<TierListPolicy[]> {
  const names = new Map((await listInspectionItems(db)).map((item) => [item.code, item.name]));
  const newest = new Map<string, TierListPolicy>();
  // Newest version first per item (listSamplingPolicies' order): the first seen is current.
  for (const policy of await listSamplingPolicies(db, { year })) {
    if (policy.adoptedAt === null || newest.has(policy.itemCode)) continue;
    newest.set(policy.itemCode, { itemCode: policy.itemCode, itemName: names.get(policy.itemCode) ?? policy.itemCode, policyVersion: policy.version, tiers: policy.tiers as PerTier<TierPolicy> });
  }
  return [...newest.values()];
}

/** What a freeze records of the tier list: the version used, and the override reason if any. */
export interface TaskTierListUse {
  readonly tierListVersion: number | null;
  readonly tierListOverrideReason: string | null;
  /** The activity to log with the freeze when staff overrode the list. */
  readonly overrideActivity?: { readonly action: 'tier_list_override'; readonly subject: string; readonly details: Record<string, unknown> };
}

/** The freeze's issue when a task's run is not the year's approved list. */
export type TaskTierListIssue = {
  readonly code: 'tier_list_run_mismatch';
  readonly task: string;
  readonly year: number;
  readonly version: number;
  readonly approvedRunId: number;
  readonly runId: number;
};

/**
 * The freeze's check (issue 17): once a year has an approved tier list, a task of that year
 * is frozen from the current version's run, or staff say why not (`overrideReason`, kept on
 * the task and in the activity log). A year without an approved list freezes as before and
 * the task records no version; an untiered task draws no tiers, so it needs no list.
 *
 * @example await checkTaskTierList(db, task, undefined) // ok({ tierListVersion: 2, tierListOverrideReason: null })
 * @example await checkTaskTierList(db, taskWithOldRun, undefined) // err({ code: 'tier_list_run_mismatch', approvedRunId: 9, runId: 4, … })
 */
export async function checkTaskTierList(db: Executor, task: Pick<TaskRow, 'code' | 'year' | 'evaluationRunId'>, overrideReason: string | undefined): Promise<Result<TaskTierListUse, TaskTierListIssue>> {
  const current = await findCurrentTierList(db, task.year);
  if (!current || task.evaluationRunId === null) return ok({ tierListVersion: current?.version ?? null, tierListOverrideReason: null });
  if (task.evaluationRunId === current.evaluationRunId) return ok({ tierListVersion: current.version, tierListOverrideReason: null });
  const reason = trimmed(overrideReason).slice(0, MAX_TIER_LIST_REASON_LENGTH);
  if (reason === '') return err({ code: 'tier_list_run_mismatch', task: task.code, year: task.year, version: current.version, approvedRunId: current.evaluationRunId, runId: task.evaluationRunId });
  return ok({
    tierListVersion: current.version,
    tierListOverrideReason: reason,
    overrideActivity: {
      action: 'tier_list_override',
      subject: task.code,
      details: { task: task.code, year: task.year, version: current.version, approvedRunId: current.evaluationRunId, runId: task.evaluationRunId, reason },
    },
  });
}

/**
 * A tier-list issue in Chinese or English.
 *
 * @example describeTierListIssue({ code: 'reason_required', year: 2027, current: 1 }, 'en') // '2027 already has an approved tier list (version 1): …'
 */
export function describeTierListIssue(issue: TierListIssue | TaskTierListIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'invalid_year':
      return zh ? `年度 ${issue.year} 无效（应为 2000–2100 年）` : `year ${issue.year} is not a year from 2000 to 2100`;
    case 'invalid_date':
      return zh ? `“${issue.asOf}”不是有效日期（YYYY-MM-DD）` : `'${issue.asOf}' is not a date (YYYY-MM-DD)`;
    case 'run_not_found':
      return zh ? `没有第 ${issue.runId} 次信用评价` : `there is no evaluation run ${issue.runId}`;
    case 'run_not_completed':
      return zh ? `第 ${issue.runId} 次信用评价尚未完成（${issue.status}），不能作为分级分类监管清单` : `evaluation run ${issue.runId} is ${issue.status}, not completed, so it cannot be approved as the tier list`;
    case 'as_of_in_future':
      return zh
        ? `评价日期 ${issue.asOf} 晚于今天（${issue.today}）：分级分类监管清单不能采用尚未到来的日期`
        : `the evaluation date ${issue.asOf} is after today (${issue.today}): a tier list cannot be as of a day that has not come`;
    case 'run_not_as_of':
      return issue.stated
        ? zh
          ? `第 ${issue.runId} 次信用评价的评价日期是 ${issue.runAsOf}，不是所述的 ${issue.expected}`
          : `evaluation run ${issue.runId} is as of ${issue.runAsOf}, not the date stated, ${issue.expected}`
        : zh
          ? `第 ${issue.runId} 次信用评价的评价日期是 ${issue.runAsOf}；年度清单应按上年末（${issue.expected}）评价，如采用其他日期请写明评价日期`
          : `evaluation run ${issue.runId} is as of ${issue.runAsOf}; the year's list is evaluated as of the end of the previous year (${issue.expected}): state the date to approve another one`;
    case 'reason_required':
      return zh
        ? `${issue.year} 年已批准分级分类监管清单（第 ${issue.current} 版）：再次批准是动态调整，须写明理由`
        : `${issue.year} already has an approved tier list (version ${issue.current}): approving again is a dynamic adjustment and needs a reason`;
    case 'tier_list_run_mismatch':
      return zh
        ? `任务 ${issue.task} 使用第 ${issue.runId} 次信用评价，而 ${issue.year} 年批准的分级分类监管清单（第 ${issue.version} 版）是第 ${issue.approvedRunId} 次评价：请改用已批准的清单，或写明不采用的理由后再冻结`
        : `task ${issue.task} uses evaluation run ${issue.runId}, but the approved ${issue.year} tier list (version ${issue.version}) is run ${issue.approvedRunId}: re-plan the task with the approved list, or give the reason for not using it, then freeze`;
    default:
      return assertNever(issue, 'tier list issue');
  }
}

/**
 * The HTTP status of an approval issue: 404 no such run, 409 the run is not ready, 422 the
 * rest (a date or reason the rules refuse).
 *
 * @example statusOfTierListIssue({ code: 'reason_required', year: 2027, current: 1 }) // 422
 */
export function statusOfTierListIssue(issue: TierListIssue): 400 | 404 | 409 | 422 {
  switch (issue.code) {
    case 'invalid_year':
    case 'invalid_date':
      return 400;
    case 'run_not_found':
      return 404;
    case 'run_not_completed':
      return 409;
    case 'as_of_in_future':
    case 'run_not_as_of':
    case 'reason_required':
      return 422;
    default:
      return assertNever(issue, 'tier list issue');
  }
}

const EXPORT_PAGE_SIZE = 5000;

/**
 * The list's enterprises with their tiers, a page at a time (credit-code order), so a county
 * of 10^6 enterprises is never one array in memory. Internal: staff only, never published.
 *
 * @example for await (const page of tierListPages(db, list)) write(page)
 */
export async function* tierListPages(db: Executor, list: Pick<TierListRow, 'evaluationRunId'>): AsyncGenerator<TierListEntry[]> {
  let afterCode: string | null = null;
  for (;;) {
    const page = await readTierListPage(db, list.evaluationRunId, afterCode, EXPORT_PAGE_SIZE);
    if (page.length === 0) return;
    yield page;
    if (page.length < EXPORT_PAGE_SIZE) return;
    afterCode = page[page.length - 1]!.creditCode;
  }
}
