/**
 * Staff use cases of the inspection year: save inspection items, sampling policies (each
 * save is a new version), the annual plan, tasks, inspectors and conflicts, or load all
 * of them from one plan file in one transaction.
 */
import type { z } from 'zod';
import { bilingualZodErrors, zodIssueReason } from '../core/zod-issues.ts';
import { bilingual, bilingualReason, type BilingualReason } from '../core/language.ts';
import {
  annualPlanSchema,
  conflictSchema,
  inspectionItemSchema,
  inspectionTaskSchema,
  inspectorSchema,
  planFileSchema,
  samplingPolicyDocumentSchema,
  visibilityOf,
  type AnnualPlan,
  type ConflictDocument,
  type InspectionItem,
  type InspectionTaskDocument,
  type InspectorDocument,
  type PlanFile,
  type SamplingPolicyDocument,
} from '../core/inspection-plan.ts';
import { departmentCodeOf, type Department } from '../core/department.ts';
import { describeSamplingPolicyIssue, validateSamplingPolicy, type SamplingPolicyIssue } from '../core/policy/sampling-policy.ts';
import type { ApprovalMark } from '../core/four-eyes.ts';
import { assertNever, err, ok, type Result } from '../core/result.ts';
import type { DatabaseHandle, Executor } from '../persistence/database.ts';
import { listDepartments } from '../persistence/department-repository.ts';
import {
  findAnnualPlan,
  findInspectionItems,
  findInspector,
  findSamplingPolicyVersion,
  findTask,
  insertSamplingPolicyVersion,
  markPolicyAdopted,
  upsertAnnualPlan,
  upsertConflict,
  upsertInspectionItem,
  upsertInspector,
  upsertPlannedTask,
  deleteConflict,
  updateInspectorActive,
  type SamplingPolicyRow,
} from '../persistence/inspection-repository.ts';

/** One problem with staff input: where (a path such as `policies[2].tiers.B.ratio`) and why, in English (`reason`) and Chinese (`reasonZh`). */
export interface PlanIssue extends BilingualReason {
  readonly path: string;
  /** The tagged issue behind `reason`, when a policy check found it (tests and callers match on its code). */
  readonly issue?: SamplingPolicyIssue;
}


function noInspector(badge: string): BilingualReason {
  return bilingual(`没有执法证号为 ${badge} 的执法人员`, `no inspector with badge ${badge}`);
}

function pathText(parts: readonly PropertyKey[]): string {
  return parts.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}

function fromZod(error: z.ZodError, prefix: string): PlanIssue[] {
  return error.issues.map((issue) => ({ path: pathText([...(prefix ? [prefix] : []), ...issue.path]) || '(root)', ...zodIssueReason(issue) }));
}

function parseDocument<Schema extends z.ZodType>(schema: Schema, value: unknown, prefix = ''): Result<z.output<Schema>, PlanIssue[]> {
  const parsed = schema.safeParse(value, { error: bilingualZodErrors });
  return parsed.success ? ok(parsed.data) : err(fromZod(parsed.error, prefix));
}

/**
 * A plan document with its department references as codes: a code, Chinese or English name
 * of a department record becomes the record's code; any other text is kept (a legacy
 * free-text department, see src/core/department.ts), so plans from before departments load.
 */
function withDepartmentCode<Document extends { readonly department: string }>(document: Document, departments: readonly Department[]): Document {
  return { ...document, department: departmentCodeOf(document.department, departments) };
}

function withDepartmentCodes(task: InspectionTaskDocument, departments: readonly Department[]): InspectionTaskDocument {
  return { ...task, departments: task.departments.map((entry) => withDepartmentCode(entry, departments)) };
}

export async function saveInspectionItem(db: Executor, value: unknown): Promise<Result<InspectionItem, PlanIssue[]>> {
  const parsed = parseDocument(inspectionItemSchema, value);
  if (!parsed.ok) return parsed;
  const item = withDepartmentCode(parsed.value, await listDepartments(db));
  await upsertInspectionItem(db, item);
  return ok(item);
}

async function checkPolicy(db: Executor, policy: SamplingPolicyDocument, prefix: string): Promise<PlanIssue[]> {
  const issues: PlanIssue[] = [];
  const [item] = await findInspectionItems(db, [policy.itemCode]);
  if (!item) issues.push({ path: `${prefix}itemCode`, ...bilingual(`没有检查事项 ${policy.itemCode}`, `no inspection item ${policy.itemCode}`) });
  const plan = await findAnnualPlan(db, policy.year);
  const checked = validateSamplingPolicy(policy, plan?.roundsPerYear);
  if (!checked.ok) for (const issue of checked.error) issues.push({ path: `${prefix}tiers`, ...bilingualReason((lang) => describeSamplingPolicyIssue(issue, lang)), issue });
  return issues;
}

/**
 * Validates a policy and stores it as the next version of its item and year.
 *
 * @example await saveSamplingPolicy(db, { itemCode: 'SP-01', year: 2027, tiers, annualCap: 2 }) // ok({ version: 1, … })
 */
export async function saveSamplingPolicy(db: Executor, value: unknown): Promise<Result<SamplingPolicyRow, PlanIssue[]>> {
  const policy = parseDocument(samplingPolicyDocumentSchema, value);
  if (!policy.ok) return policy;
  const issues = await checkPolicy(db, policy.value, '');
  if (issues.length > 0) return err(issues);
  return ok(await insertSamplingPolicyVersion(db, policy.value));
}

/** A saved sampling-policy version, as staff and admins name it. */
export interface PolicyVersionReference {
  readonly itemCode: string;
  readonly year: number;
  readonly version: number;
}

export type PolicyVersionIssue =
  | { readonly code: 'policy_version_not_found'; readonly itemCode: string; readonly year: number; readonly version: number }
  | { readonly code: 'policy_version_adopted'; readonly itemCode: string; readonly year: number; readonly version: number };

/**
 * Adopts a saved version (an admin act, issue 13): from then on a freeze may use it. Whether a
 * second admin approved it is the caller's `approval` (see application/approvals.ts).
 *
 * @example await adoptPolicyVersion(db, { itemCode: 'SP-01', year: 2027, version: 2 }, actingAlone('wang.admin')) // ok({ version: 2, adoptedAt, approvedBy: ['wang.admin'], fourEyes: false, … })
 */
export async function adoptPolicyVersion(
  db: Executor,
  reference: PolicyVersionReference,
  approval: ApprovalMark,
  now: Date = new Date(),
): Promise<Result<SamplingPolicyRow, PolicyVersionIssue>> {
  const row = await findSamplingPolicyVersion(db, reference);
  if (!row) return err({ code: 'policy_version_not_found', ...reference });
  if (!(await markPolicyAdopted(db, row.id, approval, now))) return err({ code: 'policy_version_adopted', ...reference });
  return ok({ ...row, adoptedAt: now, approvedBy: [...approval.approvedBy], fourEyes: approval.fourEyes });
}

/**
 * Checks that a version exists and is not adopted yet (before proposing its adoption).
 *
 * @example await checkPolicyVersionAdoptable(db, { itemCode: 'SP-01', year: 2027, version: 9 }) // err({ code: 'policy_version_not_found', … })
 */
export async function checkPolicyVersionAdoptable(db: Executor, reference: PolicyVersionReference): Promise<Result<SamplingPolicyRow, PolicyVersionIssue>> {
  const row = await findSamplingPolicyVersion(db, reference);
  if (!row) return err({ code: 'policy_version_not_found', ...reference });
  if (row.adoptedAt !== null) return err({ code: 'policy_version_adopted', ...reference });
  return ok(row);
}

/**
 * A policy-version issue for people, in Chinese or English.
 *
 * @example describePolicyVersionIssue({ code: 'policy_version_adopted', itemCode: 'SP-01', year: 2027, version: 2 }, 'zh') // 'SP-01 的 2027 年抽查比例 v2 已采纳'
 */
export function describePolicyVersionIssue(issue: PolicyVersionIssue, lang: 'zh' | 'en'): string {
  const name = lang === 'zh' ? `${issue.itemCode} 的 ${issue.year} 年抽查比例 v${issue.version}` : `the ${issue.year} sampling policy v${issue.version} of ${issue.itemCode}`;
  switch (issue.code) {
    case 'policy_version_not_found':
      return lang === 'zh' ? `没有${name}` : `there is no ${name}`;
    case 'policy_version_adopted':
      return lang === 'zh' ? `${name} 已采纳` : `${name} is already adopted`;
    default:
      return assertNever(issue, 'policy version issue');
  }
}

export async function saveAnnualPlan(db: Executor, value: unknown): Promise<Result<AnnualPlan, PlanIssue[]>> {
  const plan = parseDocument(annualPlanSchema, value);
  if (plan.ok) await upsertAnnualPlan(db, plan.value);
  return plan;
}

export async function saveInspector(db: Executor, value: unknown): Promise<Result<InspectorDocument, PlanIssue[]>> {
  const parsed = parseDocument(inspectorSchema, value);
  if (!parsed.ok) return parsed;
  const inspector = withDepartmentCode(parsed.value, await listDepartments(db));
  await upsertInspector(db, inspector);
  return ok(inspector);
}

export async function saveConflict(db: Executor, value: unknown): Promise<Result<ConflictDocument, PlanIssue[]>> {
  const conflict = parseDocument(conflictSchema, value);
  if (!conflict.ok) return conflict;
  if (!(await findInspector(db, conflict.value.badge))) return err([{ path: 'badge', ...noInspector(conflict.value.badge) }]);
  await upsertConflict(db, conflict.value);
  return conflict;
}

/** What deactivating an inspector or removing a conflict can refuse. */
export type DirectoryIssue =
  | { readonly code: 'inspector_not_found'; readonly badge: string }
  | { readonly code: 'conflict_not_found'; readonly badge: string; readonly creditCode: string };

/**
 * Takes an inspector out of the draws (`active: false`) or back in. The inspector stays in the
 * directory: earlier draws name the badge, and a team of a drawn task keeps its members.
 *
 * @example await setInspectorActive(db, 'SP-0007', false) // ok({ badge: 'SP-0007', active: false })
 */
export async function setInspectorActive(db: Executor, badge: string, active: boolean): Promise<Result<{ badge: string; active: boolean }, DirectoryIssue>> {
  return (await updateInspectorActive(db, badge, active)) ? ok({ badge, active }) : err({ code: 'inspector_not_found', badge });
}

/**
 * Removes a declared conflict (回避): from the next freeze on, the inspector may be drawn for the enterprise.
 *
 * @example await removeConflict(db, { badge: 'SP-0007', creditCode: '91350102MA2Y3K7X1B' }) // ok(undefined)
 */
export async function removeConflict(db: Executor, conflict: { readonly badge: string; readonly creditCode: string }): Promise<Result<void, DirectoryIssue>> {
  return (await deleteConflict(db, conflict.badge, conflict.creditCode)) ? ok(undefined) : err({ code: 'conflict_not_found', ...conflict });
}

/**
 * A directory issue for people, in Chinese or English.
 *
 * @example describeDirectoryIssue({ code: 'inspector_not_found', badge: 'X-1' }, 'zh') // '没有执法证号为 X-1 的执法人员'
 */
export function describeDirectoryIssue(issue: DirectoryIssue, lang: 'zh' | 'en'): string {
  switch (issue.code) {
    case 'inspector_not_found':
      return lang === 'zh' ? `没有执法证号为 ${issue.badge} 的执法人员` : `there is no inspector with badge ${issue.badge}`;
    case 'conflict_not_found':
      return lang === 'zh' ? `执法证号 ${issue.badge} 与 ${issue.creditCode} 之间没有回避关系` : `there is no conflict between badge ${issue.badge} and ${issue.creditCode}`;
    default:
      return assertNever(issue, 'directory issue');
  }
}

export type TaskSaveIssue = PlanIssue[] | { readonly code: 'task_not_planned'; readonly task: string };

async function checkTask(db: Executor, task: InspectionTaskDocument, prefix: string): Promise<PlanIssue[]> {
  const issues: PlanIssue[] = [];
  const plan = await findAnnualPlan(db, task.year);
  if (!plan) issues.push({ path: `${prefix}year`, ...bilingual(`没有 ${task.year} 年的年度抽查计划，请先保存计划`, `no annual plan for ${task.year}; save the plan first`) });
  else if (task.round > plan.roundsPerYear) issues.push({ path: `${prefix}round`, ...bilingual(`${task.year} 年的计划只有 ${plan.roundsPerYear} 轮`, `the ${task.year} plan has ${plan.roundsPerYear} round(s)`) });
  const followed = task.conditions.acceptedReportsOf;
  if (followed !== undefined && (await findTask(db, followed))?.mode !== 'self_inspection') {
    issues.push({ path: `${prefix}conditions.acceptedReportsOf`, ...bilingual(`没有自查任务 ${followed}`, `no self-inspection task ${followed}`) });
  }
  const found = new Set((await findInspectionItems(db, task.items)).map((item) => item.code));
  task.items.forEach((item, index) => {
    if (!found.has(item)) issues.push({ path: `${prefix}items[${index}]`, ...bilingual(`没有检查事项 ${item}`, `no inspection item ${item}`) });
  });
  // Two references (a name and a code) may resolve to the same department.
  const seen = new Set<string>();
  task.departments.forEach((entry, index) => {
    if (seen.has(entry.department)) issues.push({ path: `${prefix}departments[${index}].department`, ...bilingual(`部门 ${entry.department} 重复`, `department ${entry.department} is listed twice`) });
    seen.add(entry.department);
  });
  return issues;
}

/**
 * Saves a task of the annual plan; a task already frozen or drawn cannot change.
 *
 * @example await saveTask(db, { code: '2027-JM-003', name: '…', year: 2027, round: 1, items: ['SP-01'], … })
 */
export async function saveTask(db: Executor, value: unknown): Promise<Result<InspectionTaskDocument, TaskSaveIssue>> {
  const parsed = parseDocument(inspectionTaskSchema, value);
  if (!parsed.ok) return parsed;
  const task = withDepartmentCodes(parsed.value, await listDepartments(db));
  const issues = await checkTask(db, task, '');
  if (issues.length > 0) return err(issues);
  const saved = await upsertPlannedTask(db, {
    ...task,
    evaluationRunId: task.evaluationRunId ?? null,
    reportDue: task.reportDue ?? null,
    visibility: visibilityOf(task),
  });
  return saved ? ok(task) : err({ code: 'task_not_planned', task: task.code });
}

export interface PlanLoadSummary {
  readonly plan: boolean;
  readonly items: number;
  readonly policies: number;
  readonly inspectors: number;
  readonly conflicts: number;
  readonly tasks: number;
}

/** Thrown inside the load transaction to undo it; never leaves this module. */
class PlanRejected extends Error {
  constructor(readonly issues: PlanIssue[]) {
    super('plan rejected');
  }
}

/**
 * Loads a plan file (`planFileSchema`) all or nothing: every problem is reported with its
 * path, and nothing is saved unless there is none.
 *
 * @example await loadPlanFile(database, JSON.parse(text)) // ok({ items: 4, policies: 4, … }) or err([{ path: 'policies[1].tiers', reason }])
 */
export async function loadPlanFile(
  database: DatabaseHandle,
  value: unknown,
  options: {
    /** Adopt the file's policies too, as one admin (`FOUR_EYES=off`, the demo, test worlds); otherwise they are saved only. */
    readonly adoptPolicies?: ApprovalMark;
    readonly now?: Date;
  } = {},
): Promise<Result<PlanLoadSummary, PlanIssue[]>> {
  const file = parseDocument(planFileSchema, value);
  if (!file.ok) return file;
  const plan: PlanFile = file.value;
  try {
    return ok(
      await database.db.transaction(async (transaction) => {
        const issues: PlanIssue[] = [];
        const departments = await listDepartments(transaction);
        if (plan.plan) await upsertAnnualPlan(transaction, plan.plan);
        for (const item of plan.items) await upsertInspectionItem(transaction, withDepartmentCode(item, departments));
        for (const [index, policy] of plan.policies.entries()) {
          const found = await checkPolicy(transaction, policy, `policies[${index}].`);
          if (found.length > 0) issues.push(...found);
          else {
            const saved = await insertSamplingPolicyVersion(transaction, policy);
            if (options.adoptPolicies) await markPolicyAdopted(transaction, saved.id, options.adoptPolicies, options.now ?? new Date());
          }
        }
        for (const inspector of plan.inspectors) await upsertInspector(transaction, withDepartmentCode(inspector, departments));
        for (const [index, conflict] of plan.conflicts.entries()) {
          if (!(await findInspector(transaction, conflict.badge))) {
            issues.push({ path: `conflicts[${index}].badge`, ...noInspector(conflict.badge) });
            continue;
          }
          await upsertConflict(transaction, conflict);
        }
        for (const [index, planned] of plan.tasks.entries()) {
          const task = withDepartmentCodes(planned, departments);
          const found = await checkTask(transaction, task, `tasks[${index}].`);
          if (found.length > 0) {
            issues.push(...found);
            continue;
          }
          const saved = await upsertPlannedTask(transaction, { ...task, evaluationRunId: task.evaluationRunId ?? null, reportDue: task.reportDue ?? null, visibility: visibilityOf(task) });
          if (!saved) issues.push({ path: `tasks[${index}].code`, ...bilingual(`任务 ${task.code} 已冻结或已抽取，不能再改`, `task ${task.code} is already frozen or drawn and cannot change`) });
        }
        if (issues.length > 0) throw new PlanRejected(issues);
        return {
          plan: plan.plan !== undefined,
          items: plan.items.length,
          policies: plan.policies.length,
          inspectors: plan.inspectors.length,
          conflicts: plan.conflicts.length,
          tasks: plan.tasks.length,
        };
      }),
    );
  } catch (error) {
    if (error instanceof PlanRejected) return err(error.issues);
    throw error;
  }
}
