/**
 * Storage of inspection items, sampling policies (versioned: a new version is a new row),
 * annual plans, tasks, inspectors and declared conflicts.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { AnnouncedEntropySource } from '../core/draw/entropy-source.ts';
import type { TaskMode } from '../core/inspection-plan.ts';
import type { TierPolicy } from '../core/policy/sampling-policy.ts';
import type { PerTier } from '../core/policy/tier.ts';
import type { Executor } from './database.ts';
import { annualPlans, inspectionItems, inspectionTasks, inspectorConflicts, inspectors, samplingPolicies, type TaskStatus } from './schema/index.ts';

export type InspectionItemRow = typeof inspectionItems.$inferSelect;
export type InspectorRow = typeof inspectors.$inferSelect;
export type ConflictRow = typeof inspectorConflicts.$inferSelect;
export type AnnualPlanRow = typeof annualPlans.$inferSelect;

export interface SamplingPolicyRow {
  readonly id: number;
  readonly itemCode: string;
  readonly year: number;
  readonly version: number;
  readonly tiers: PerTier<TierPolicy>;
  readonly untiered: TierPolicy | null;
  readonly annualCap: number;
  readonly overrideReason: string | null;
  readonly createdAt: Date;
  /** Null until an admin adopts the version; freeze uses only adopted versions. */
  readonly adoptedAt: Date | null;
  readonly approvedBy: string[] | null;
  readonly fourEyes: boolean | null;
}

export interface TaskRow {
  readonly code: string;
  readonly name: string;
  readonly year: number;
  readonly round: number;
  readonly items: string[];
  readonly departments: { department: string; teamSize: number }[];
  readonly trigger: 'planned' | 'complaint' | 'referral' | 'superior_assigned';
  readonly evaluationRunId: number | null;
  readonly visibility: 'open' | 'sealed';
  readonly qualification: string;
  /** Issue 17: on site (default) or self-inspection by commitment (自查). */
  readonly mode: TaskMode;
  /** Self-inspection tasks: the last day for reports (YYYY-MM-DD); null otherwise. */
  readonly reportDue: string | null;
  readonly conditions: Record<string, unknown>;
  /** An `EntropySource` object, or the free text of a task planned before draw/v1.1. */
  readonly entropySource: AnnouncedEntropySource;
  readonly status: TaskStatus;
  readonly strata: { label: string; ratio: string; minimum: number }[] | null;
  readonly exclusions: { reason: string; count: number }[] | null;
  readonly poolRoot: string | null;
  readonly nonce: string | null;
  readonly nonceCommitment: string | null;
  readonly frozenAt: string | null;
  readonly drawnAt: string | null;
  /** Set at freeze (draw/v1.1); null before the freeze and for tasks frozen before v1.1. */
  readonly entropyNotice: number | null;
  /** Set at freeze: the version of the year's approved tier list the task used; null when the year had none. */
  readonly tierListVersion: number | null;
  /** Set at freeze when staff froze from another run than the approved list's: why. */
  readonly tierListOverrideReason: string | null;
}

/** @example await upsertInspectionItem(db, { code: 'SP-01', name: '食品经营许可', … }) */
export async function upsertInspectionItem(db: Executor, item: Omit<typeof inspectionItems.$inferInsert, 'createdAt'>): Promise<void> {
  await db
    .insert(inspectionItems)
    .values(item)
    .onConflictDoUpdate({
      target: inspectionItems.code,
      set: { name: item.name, legalBasis: item.legalBasis, department: item.department, category: item.category, keyArea: item.keyArea ?? false },
    });
}

export async function listInspectionItems(db: Executor): Promise<InspectionItemRow[]> {
  return db.select().from(inspectionItems).orderBy(asc(inspectionItems.code));
}

export async function findInspectionItems(db: Executor, codes: readonly string[]): Promise<InspectionItemRow[]> {
  if (codes.length === 0) return [];
  return db.select().from(inspectionItems).where(inArray(inspectionItems.code, [...codes]));
}

/**
 * Stores a policy as the next version for its item and year (never overwriting one).
 * The version number comes from the rows present; the unique constraint turns a race
 * between two writers into an error instead of two equal versions.
 *
 * @example await insertSamplingPolicyVersion(db, { itemCode: 'SP-01', year: 2027, tiers, annualCap: 2 }) // 1, then 2, …
 */
export async function insertSamplingPolicyVersion(
  db: Executor,
  policy: { itemCode: string; year: number; tiers: PerTier<TierPolicy>; untiered?: TierPolicy | undefined; annualCap: number; overrideReason?: string | undefined },
): Promise<SamplingPolicyRow> {
  const [row] = await db
    .insert(samplingPolicies)
    .values({
      itemCode: policy.itemCode,
      year: policy.year,
      version: sql`(select coalesce(max(${samplingPolicies.version}), 0) + 1 from ${samplingPolicies} where ${samplingPolicies.itemCode} = ${policy.itemCode} and ${samplingPolicies.year} = ${policy.year})`,
      tiers: policy.tiers,
      untiered: policy.untiered ?? null,
      annualCap: policy.annualCap,
      overrideReason: policy.overrideReason ?? null,
    })
    .returning();
  if (!row) throw new Error('insert into sampling_policies returned no row');
  return row as SamplingPolicyRow;
}

/** Every version of the policies of a year (or of one item), newest first. */
export async function listSamplingPolicies(db: Executor, filter: { year?: number | undefined; itemCode?: string | undefined }): Promise<SamplingPolicyRow[]> {
  const conditions = [];
  if (filter.year !== undefined) conditions.push(eq(samplingPolicies.year, filter.year));
  if (filter.itemCode !== undefined) conditions.push(eq(samplingPolicies.itemCode, filter.itemCode));
  const rows = await db
    .select()
    .from(samplingPolicies)
    .where(and(...conditions))
    .orderBy(asc(samplingPolicies.itemCode), desc(samplingPolicies.year), desc(samplingPolicies.version));
  return rows as SamplingPolicyRow[];
}

/**
 * The newest ADOPTED version of each item's policy for a year: what a freeze uses (issue 13).
 *
 * @example await findAdoptedPolicies(db, 2027, ['SP-01']) // [{ itemCode: 'SP-01', version: 2, adoptedAt, … }]
 */
export async function findAdoptedPolicies(db: Executor, year: number, itemCodes: readonly string[]): Promise<SamplingPolicyRow[]> {
  if (itemCodes.length === 0) return [];
  const rows = await db
    .selectDistinctOn([samplingPolicies.itemCode])
    .from(samplingPolicies)
    .where(and(eq(samplingPolicies.year, year), inArray(samplingPolicies.itemCode, [...itemCodes]), isNotNull(samplingPolicies.adoptedAt)))
    .orderBy(asc(samplingPolicies.itemCode), desc(samplingPolicies.version));
  return rows as SamplingPolicyRow[];
}

export async function findSamplingPolicyVersion(db: Executor, version: { itemCode: string; year: number; version: number }): Promise<SamplingPolicyRow | undefined> {
  const [row] = await db
    .select()
    .from(samplingPolicies)
    .where(and(eq(samplingPolicies.itemCode, version.itemCode), eq(samplingPolicies.year, version.year), eq(samplingPolicies.version, version.version)));
  return row as SamplingPolicyRow | undefined;
}

/**
 * Marks a saved version adopted, once: false when it was adopted already (or does not exist).
 *
 * @example await markPolicyAdopted(db, policyId, { approvedBy: ['li.admin', 'wang.admin'], fourEyes: true }, now) // true
 */
export async function markPolicyAdopted(db: Executor, policyId: number, mark: { approvedBy: readonly string[]; fourEyes: boolean }, at: Date): Promise<boolean> {
  const rows = await db
    .update(samplingPolicies)
    .set({ adoptedAt: at, approvedBy: [...mark.approvedBy], fourEyes: mark.fourEyes })
    .where(and(eq(samplingPolicies.id, policyId), isNull(samplingPolicies.adoptedAt)))
    .returning({ id: samplingPolicies.id });
  return rows.length === 1;
}

/** The newest version of each item's policy for a year, adopted or not. */
export async function findCurrentPolicies(db: Executor, year: number, itemCodes: readonly string[]): Promise<SamplingPolicyRow[]> {
  if (itemCodes.length === 0) return [];
  const rows = await db
    .selectDistinctOn([samplingPolicies.itemCode])
    .from(samplingPolicies)
    .where(and(eq(samplingPolicies.year, year), inArray(samplingPolicies.itemCode, [...itemCodes])))
    .orderBy(asc(samplingPolicies.itemCode), desc(samplingPolicies.version));
  return rows as SamplingPolicyRow[];
}

export async function upsertAnnualPlan(db: Executor, plan: { year: number; name: string; roundsPerYear: number }): Promise<void> {
  await db.insert(annualPlans).values(plan).onConflictDoUpdate({ target: annualPlans.year, set: { name: plan.name, roundsPerYear: plan.roundsPerYear } });
}

/** Every annual plan, latest year first. @example await listAnnualPlans(db) */
export async function listAnnualPlans(db: Executor): Promise<AnnualPlanRow[]> {
  return db.select().from(annualPlans).orderBy(desc(annualPlans.year));
}

export async function findAnnualPlan(db: Executor, year: number): Promise<AnnualPlanRow | undefined> {
  const [row] = await db.select().from(annualPlans).where(eq(annualPlans.year, year));
  return row;
}

export async function upsertInspector(db: Executor, inspector: typeof inspectors.$inferInsert): Promise<void> {
  await db
    .insert(inspectors)
    .values(inspector)
    .onConflictDoUpdate({
      target: inspectors.badge,
      set: { name: inspector.name, department: inspector.department, qualifications: inspector.qualifications ?? [], active: inspector.active ?? true },
    });
}

export async function listInspectors(db: Executor): Promise<InspectorRow[]> {
  return db.select().from(inspectors).orderBy(asc(inspectors.badge));
}

/** Inspectors of the given departments (the directory snapshot of a draw). */
export async function listInspectorsOfDepartments(db: Executor, departments: readonly string[]): Promise<InspectorRow[]> {
  if (departments.length === 0) return [];
  return db.select().from(inspectors).where(inArray(inspectors.department, [...departments])).orderBy(asc(inspectors.badge));
}

export async function findInspector(db: Executor, badge: string): Promise<InspectorRow | undefined> {
  const [row] = await db.select().from(inspectors).where(eq(inspectors.badge, badge));
  return row;
}

export async function upsertConflict(db: Executor, conflict: typeof inspectorConflicts.$inferInsert): Promise<void> {
  await db
    .insert(inspectorConflicts)
    .values(conflict)
    .onConflictDoUpdate({ target: [inspectorConflicts.badge, inspectorConflicts.creditCode], set: { reason: conflict.reason } });
}

export async function listConflicts(db: Executor): Promise<ConflictRow[]> {
  return db.select().from(inspectorConflicts).orderBy(asc(inspectorConflicts.badge), asc(inspectorConflicts.creditCode));
}

/** Marks an inspector active or not (drawn or not); false when no inspector has that badge. */
export async function updateInspectorActive(db: Executor, badge: string, active: boolean): Promise<boolean> {
  const rows = await db.update(inspectors).set({ active }).where(eq(inspectors.badge, badge)).returning({ badge: inspectors.badge });
  return rows.length > 0;
}

/** Deletes one declared conflict; false when there is none for that inspector and enterprise. */
export async function deleteConflict(db: Executor, badge: string, creditCode: string): Promise<boolean> {
  const rows = await db
    .delete(inspectorConflicts)
    .where(and(eq(inspectorConflicts.badge, badge), eq(inspectorConflicts.creditCode, creditCode)))
    .returning({ badge: inspectorConflicts.badge });
  return rows.length > 0;
}

/** Conflicts of the given inspectors. */
export async function listConflictsOfInspectors(db: Executor, badges: readonly string[]): Promise<ConflictRow[]> {
  if (badges.length === 0) return [];
  return db.select().from(inspectorConflicts).where(inArray(inspectorConflicts.badge, [...badges]));
}

/**
 * Inserts a task, or replaces it while it is still `planned`. Returns false when a task
 * with this code is already frozen or drawn (it is then left as it is).
 */
export async function upsertPlannedTask(
  db: Executor,
  task: Omit<typeof inspectionTasks.$inferInsert, 'status' | 'createdAt'>,
): Promise<boolean> {
  const rows = await db
    .insert(inspectionTasks)
    .values(task)
    .onConflictDoUpdate({
      target: inspectionTasks.code,
      set: {
        name: task.name,
        year: task.year,
        round: task.round,
        items: task.items,
        departments: task.departments,
        trigger: task.trigger,
        evaluationRunId: task.evaluationRunId ?? null,
        visibility: task.visibility,
        qualification: task.qualification,
        mode: task.mode ?? 'on_site',
        reportDue: task.reportDue ?? null,
        conditions: task.conditions,
        entropySource: task.entropySource,
      },
      setWhere: sql`${inspectionTasks.status} = 'planned'`,
    })
    .returning({ code: inspectionTasks.code });
  return rows.length > 0;
}

export async function findTask(db: Executor, code: string): Promise<TaskRow | undefined> {
  const [row] = await db.select().from(inspectionTasks).where(eq(inspectionTasks.code, code));
  return row as TaskRow | undefined;
}

export async function listTasks(db: Executor, filter: { year?: number | undefined }): Promise<TaskRow[]> {
  const rows = await db
    .select()
    .from(inspectionTasks)
    .where(filter.year === undefined ? undefined : eq(inspectionTasks.year, filter.year))
    .orderBy(asc(inspectionTasks.year), asc(inspectionTasks.round), asc(inspectionTasks.code));
  return rows as TaskRow[];
}
