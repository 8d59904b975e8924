/**
 * Inspection notices (检查通知书) of a drawn task: for every selected enterprise, what the
 * notice tells it (task, items with their legal basis, departments, the team's badges, the
 * inspection window), the receipt code it needs to check its own draw, and the address of
 * the check page. The code is printed on the notice and never put in the address, so a
 * photographed QR code does not open anyone's receipt. Staff only: receipt codes are derived
 * from the server secret, never stored.
 */
import type { Department } from '../core/department.ts';
import { listDepartments } from '../persistence/department-repository.ts';
import type { DrawRecord, Receipt } from '../core/draw/record.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import type { SignedEnvelope } from '../core/signature.ts';
import type { Executor } from '../persistence/database.ts';
import { loadEnterpriseNames } from '../persistence/draw-repository.ts';
import { findInspectionItems, findTask, listInspectorsOfDepartments, type TaskRow } from '../persistence/inspection-repository.ts';
import { deriveReceiptCode, type BureauKeys } from './bureau-keys.ts';
import { findPublicEnvelopeText, readSignedReceipt, type ReceiptAccessIssue } from './draw-publication.ts';
import { RESULT_DUE_WORKING_DAYS } from './inspection-results.ts';
import { createCurrentTeamLookup } from './inspector-substitution.ts';

/** One enterprise's notice. */
export interface InspectionNotice {
  readonly creditCode: string;
  /** From the directory, so sole traders (个体工商户, nameless in public records) are named too. */
  readonly name: string;
  readonly stratum: string | undefined;
  /** The current team (the draw's, with substitutions applied): department, badge and the inspector's name. */
  readonly team: readonly { readonly department: string; readonly badge: string; readonly name: string }[];
  readonly receiptCode: string;
  /** The check page with the task and the credit code filled in; never the receipt code. */
  readonly checkUrl: string;
}

/** The notices of one drawn task, in the draw's order (by ticket). */
export interface TaskNotices {
  readonly task: Pick<TaskRow, 'code' | 'name' | 'year' | 'round' | 'departments'>;
  /** The department records, to show the task's, items' and teams' department references by name (`departmentOf`). */
  readonly departmentRecords: readonly Department[];
  readonly items: readonly { readonly code: string; readonly name: string; readonly legalBasis: string; readonly department: string }[];
  /** The inspection window: from the draw's date (Beijing) to the end of the task's year. */
  readonly window: { readonly from: string; readonly until: string };
  /** Results are published within this many working days of the inspection. */
  readonly resultDueWorkingDays: number;
  readonly notices: readonly InspectionNotice[];
}

export type NoticeIssue = { readonly code: 'task_not_found' } | { readonly code: 'task_not_drawn'; readonly status: TaskRow['status'] };

/**
 * The check page of an enterprise's receipt: task and credit code filled in, the receipt
 * code left for the enterprise to type from its notice.
 *
 * @example checkPageUrl('https://suiji.example.gov.cn', '2027-SP-01', '91350100M000100Y43') // 'https://suiji.example.gov.cn/receipt?draw=2027-SP-01&code=91350100M000100Y43'
 */
export function checkPageUrl(origin: string, taskCode: string, creditCode: string): string {
  return `${origin}/receipt?${new URLSearchParams({ draw: taskCode, code: creditCode }).toString()}`;
}

/** A selected enterprise and its current team, as staff see it (names included). */
export type SelectedEnterprise = Omit<InspectionNotice, 'receiptCode' | 'checkUrl'>;

/** A drawn task's selection: what the notices and the selected-enterprises list show. */
export type TaskSelection = Omit<TaskNotices, 'notices'> & { readonly selected: readonly SelectedEnterprise[] };

/**
 * A drawn task's selected enterprises with their current teams, in the draw's order.
 *
 * @example const selection = await loadTaskSelection(db, '2027-SP-01') // ok({ task, items, window, selected: [...] })
 */
export async function loadTaskSelection(db: Executor, taskCode: string): Promise<Result<TaskSelection, NoticeIssue>> {
  const task = await findTask(db, taskCode);
  if (!task) return err({ code: 'task_not_found' });
  const envelopeText = task.status === 'drawn' ? await findPublicEnvelopeText(db, task.code) : undefined;
  if (envelopeText === undefined) return err({ code: 'task_not_drawn', status: task.status });
  const record = (JSON.parse(envelopeText) as SignedEnvelope<DrawRecord>).record;
  const items = await findInspectionItems(db, task.items);
  const itemOrder = new Map(task.items.map((code, index) => [code, index]));
  const names = await loadEnterpriseNames(db, record.selected.map((member) => member.code));
  const inspectors = new Map((await listInspectorsOfDepartments(db, task.departments.map((entry) => entry.department))).map((row) => [row.badge, row.name]));
  const teamOf = createCurrentTeamLookup(db);
  const selected: SelectedEnterprise[] = [];
  for (const member of record.selected) {
    const team = (await teamOf(task.code, member.code)) ?? [];
    selected.push({
      creditCode: member.code,
      name: names.get(member.code)?.name ?? member.name ?? '',
      stratum: member.stratum,
      team: team.map((entry) => ({ department: entry.department, badge: entry.badge, name: inspectors.get(entry.badge) ?? '' })),
    });
  }
  return ok({
    task: { code: task.code, name: task.name, year: task.year, round: task.round, departments: task.departments },
    departmentRecords: await listDepartments(db),
    items: items
      .map((item) => ({ code: item.code, name: item.name, legalBasis: item.legalBasis, department: item.department }))
      .sort((left, right) => (itemOrder.get(left.code) ?? 0) - (itemOrder.get(right.code) ?? 0)),
    window: { from: (record.drawnAt ?? task.drawnAt ?? `${task.year}-01-01`).slice(0, 10), until: `${task.year}-12-31` },
    resultDueWorkingDays: RESULT_DUE_WORKING_DAYS,
    selected,
  });
}

/**
 * Every selected enterprise's notice of a drawn task: its selection with receipt codes and check addresses.
 *
 * @example const notices = await loadTaskNotices(db, keys, '2027-SP-01', 'https://suiji.example.gov.cn') // ok({ task, items, window, notices: [...] })
 */
export async function loadTaskNotices(db: Executor, keys: BureauKeys, taskCode: string, origin: string): Promise<Result<TaskNotices, NoticeIssue>> {
  const loaded = await loadTaskSelection(db, taskCode);
  if (!loaded.ok) return loaded;
  const { selected, ...selection } = loaded.value;
  return ok({
    ...selection,
    notices: selected.map((member) => ({
      ...member,
      receiptCode: deriveReceiptCode(keys, selection.task.code, member.creditCode),
      checkUrl: checkPageUrl(origin, selection.task.code, member.creditCode),
    })),
  });
}

/**
 * A notice issue for people, in Chinese or English.
 *
 * @example describeNoticeIssue({ code: 'task_not_drawn', status: 'frozen' }, 'zh') // '任务尚未抽取（现为 frozen），没有检查通知书。'
 */
export function describeNoticeIssue(issue: NoticeIssue, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  switch (issue.code) {
    case 'task_not_found':
      return zh ? '没有该抽查任务。' : 'No such task.';
    case 'task_not_drawn':
      return zh ? `任务尚未抽取（现为 ${issue.status}），没有检查通知书。` : `The task is not drawn yet (it is ${issue.status}), so it has no notices.`;
    default:
      return assertNever(issue, 'notice issue');
  }
}

/** @example statusOfNoticeIssue({ code: 'task_not_found' }) // 404 */
export function statusOfNoticeIssue(issue: NoticeIssue): 404 | 409 {
  switch (issue.code) {
    case 'task_not_found':
      return 404;
    case 'task_not_drawn':
      return 409;
    default:
      return assertNever(issue, 'notice issue');
  }
}

/** What `suiji receipt --notification` prints and the staff API answers: `verify --receipt` takes it as it is. */
export interface ReceiptNotification {
  readonly receiptCode: string;
  /** The API address where the enterprise reads its receipt with the code (the code itself left out). */
  readonly readAt: string;
  readonly receipt: SignedEnvelope<Receipt>;
}

/**
 * A pool member's receipt with its receipt code, for staff to hand on (privileged read).
 *
 * @example await readReceiptNotification(db, keys, '2027-SP-01', '91350100M000100Y43') // ok({ receiptCode: 'K7QD-…', readAt: '/api/public/draws/2027-SP-01/receipts/9135…?receiptCode=…', receipt })
 */
export async function readReceiptNotification(db: Executor, keys: BureauKeys, taskCode: string, creditCode: string): Promise<Result<ReceiptNotification, ReceiptAccessIssue>> {
  const receipt = await readSignedReceipt(db, keys, taskCode, creditCode, { privileged: true });
  if (!receipt.ok) return receipt;
  return ok({
    receiptCode: deriveReceiptCode(keys, taskCode, creditCode),
    readAt: `/api/public/draws/${encodeURIComponent(taskCode)}/receipts/${creditCode}?receiptCode=…`,
    receipt: receipt.value,
  });
}
