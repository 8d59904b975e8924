/**
 * The inspection year as the portal publishes it, before the draws: the item list
 * (涉企检查事项清单: names, legal basis, departments) and each year's plan (年度抽查计划)
 * with its tasks (item names, departments, scheduled draw time). Never the pools, strata,
 * policies' tiers or evaluation runs: those stay internal.
 */
import { createHash } from 'node:crypto';
import { departmentOf, type Department } from '../core/department.ts';
import { entropyTimeOf, isScheduledSource, type AnnouncedEntropySource } from '../core/draw/entropy-source.ts';
import type { Executor } from '../persistence/database.ts';
import { taskMethodOf, type TaskMethod } from './self-inspection.ts';
import { listDepartments } from '../persistence/department-repository.ts';
import { findAnnualPlan, listAnnualPlans, listInspectionItems, listTasks, type AnnualPlanRow, type TaskRow } from '../persistence/inspection-repository.ts';

export interface PublicItem {
  readonly code: string;
  readonly name: string;
  readonly legalBasis: string;
  readonly keyArea: boolean;
  readonly department: Department;
}

export interface PublicPlanTask {
  readonly code: string;
  readonly name: string;
  readonly round: number;
  readonly trigger: TaskRow['trigger'];
  /** Issue 17: on site or self-inspection (自查), with the self-inspection task an on-site follow-up draws from. */
  readonly method: TaskMethod;
  readonly status: TaskRow['status'];
  readonly items: readonly { readonly code: string; readonly name: string }[];
  readonly departments: readonly Department[];
  /** The announced source of public entropy, and its time: the draw follows it. */
  readonly entropySource: AnnouncedEntropySource;
  readonly scheduledDrawAt?: string;
}

export interface PublicPlan {
  readonly plan: AnnualPlanRow;
  readonly tasks: readonly PublicPlanTask[];
}

/**
 * What turns the codes of plans and published records into names: the item list's names by
 * code and the department records.
 */
export interface NameBook {
  /** An item's name; its code when the item list has no such item. */
  item(code: string): { readonly code: string; readonly name: string };
  /** A department reference (a code, or a legacy free text) as a record; the text as both names when none matches. */
  department(reference: string): Department;
  /** Changes whenever any name in the book changes: what a page rendered from it is cached under. */
  readonly version: string;
}

/**
 * The item names and department records, read once for a page.
 *
 * @example (await loadNameBook(db)).department('SCJG') // { code: 'SCJG', nameZh: '市场监管', nameEn: 'Market regulation' }
 */
export async function loadNameBook(db: Executor): Promise<NameBook> {
  const departments = await listDepartments(db);
  const itemNames = new Map((await listInspectionItems(db)).map((item) => [item.code, item.name]));
  return {
    version: createHash('sha256').update(JSON.stringify([departments, [...itemNames]])).digest('base64url'),
    item: (code) => ({ code, name: itemNames.get(code) ?? code }),
    department: (reference) => departmentOf(reference, departments),
  };
}

/**
 * The item list (涉企检查事项清单), by code, each with its department's names.
 *
 * @example await loadPublicItemList(db) // [{ code: 'SP-01', name: '食品经营者…', legalBasis: '…', department: { nameZh: '市场监管', … } }]
 */
export async function loadPublicItemList(db: Executor): Promise<PublicItem[]> {
  const departments = await listDepartments(db);
  return (await listInspectionItems(db)).map((item) => ({
    code: item.code,
    name: item.name,
    legalBasis: item.legalBasis,
    keyArea: item.keyArea,
    department: departmentOf(item.department, departments),
  }));
}

/** @example await listPublicPlanYears(db) // [{ year: 2026, name: '…', roundsPerYear: 2 }] */
export async function listPublicPlanYears(db: Executor): Promise<AnnualPlanRow[]> {
  return listAnnualPlans(db);
}

/**
 * A year's plan with its tasks (item names, departments, scheduled draw times); undefined
 * when the year has no plan.
 *
 * @example await loadPublicPlan(db, 2026) // { plan: { year: 2026, … }, tasks: [{ code: '2026-ZH-01', items: [{ name: '…' }], scheduledDrawAt: '2026-11-05T10:00:00+08:00', … }] }
 */
export async function loadPublicPlan(db: Executor, year: number): Promise<PublicPlan | undefined> {
  const plan = await findAnnualPlan(db, year);
  if (!plan) return undefined;
  const names = await loadNameBook(db);
  const tasks: PublicPlanTask[] = [];
  for (const task of await listTasks(db, { year })) tasks.push({
    code: task.code,
    name: task.name,
    round: task.round,
    trigger: task.trigger,
    method: await taskMethodOf(db, task),
    status: task.status,
    items: task.items.map(names.item),
    departments: task.departments.map((entry) => names.department(entry.department)),
    entropySource: task.entropySource,
    ...(isScheduledSource(task.entropySource) ? { scheduledDrawAt: entropyTimeOf(task.entropySource) } : {}),
  });
  return { plan, tasks };
}
