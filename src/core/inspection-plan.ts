/**
 * The documents staff write for an inspection year, as checked shapes: inspection items
 * (抽查事项清单), sampling policies, the annual plan (年度抽查计划) and its tasks, the
 * inspector directory (执法人员名录) and declared conflicts (回避). The CLI's plan files and
 * the HTTP API accept exactly these.
 */
import { z } from 'zod';
import { parseCreditCode } from './credit-code.ts';
import { entropySourceSchema } from './draw/entropy-source.ts';
import { ENTERPRISE_FLAGS, ENTITY_TYPES } from './enterprise.ts';

const code = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
const text = z.string().trim().min(1, 'must not be empty').max(500);
const count = z.number().int().nonnegative();
const year = z.number().int().min(2000).max(2100);

export const inspectionItemSchema = z.strictObject({
  code,
  name: text,
  legalBasis: text,
  department: text,
  category: text,
  keyArea: z.boolean().default(false),
});
export type InspectionItem = z.output<typeof inspectionItemSchema>;

const tierPolicySchema = z.strictObject({ ratio: z.string(), minimum: count, frequency: count });

/** Semantic rules (ratio range and order, frequency bound) are `validateSamplingPolicy`'s. */
export const samplingPolicyDocumentSchema = z.strictObject({
  itemCode: code,
  year,
  tiers: z.strictObject({ A: tierPolicySchema, B: tierPolicySchema, C: tierPolicySchema, D: tierPolicySchema }),
  untiered: tierPolicySchema.optional(),
  annualCap: z.number().int().min(1),
  overrideReason: text.optional(),
});
export type SamplingPolicyDocument = z.output<typeof samplingPolicyDocumentSchema>;

export const annualPlanSchema = z.strictObject({ year, name: text, roundsPerYear: z.number().int().min(1).max(52) });
export type AnnualPlan = z.output<typeof annualPlanSchema>;

export const inspectorSchema = z.strictObject({
  badge: code,
  name: text,
  department: text,
  qualifications: z.array(text).default([]),
  active: z.boolean().default(true),
});
export type InspectorDocument = z.output<typeof inspectorSchema>;

const creditCode = z.string().transform((value, context) => {
  const parsed = parseCreditCode(value);
  if (parsed.ok) return parsed.value.value;
  context.addIssue({ code: 'custom', message: 'is not a valid unified social credit code (GB 32100-2015)' });
  return z.NEVER;
});

export const conflictSchema = z.strictObject({ badge: code, creditCode, reason: text });
export type ConflictDocument = z.output<typeof conflictSchema>;

const entityTypes = Object.keys(ENTITY_TYPES) as [keyof typeof ENTITY_TYPES, ...(keyof typeof ENTITY_TYPES)[]];
const flags = Object.keys(ENTERPRISE_FLAGS) as [keyof typeof ENTERPRISE_FLAGS, ...(keyof typeof ENTERPRISE_FLAGS)[]];

export const TASK_TRIGGERS = ['planned', 'complaint', 'referral', 'superior_assigned'] as const;

export const taskConditionsSchema = z.strictObject({
  regions: z.array(z.string().regex(/^\d{1,6}$/, 'must be a GB/T 2260 code or prefix')).optional(),
  industries: z.array(z.string().regex(/^[A-T]\d{0,4}$/, 'must be a GB/T 4754 code or prefix')).optional(),
  entityTypes: z.array(z.enum(entityTypes)).optional(),
  flags: z.array(z.enum(flags)).optional(),
});

export const inspectionTaskSchema = z
  .strictObject({
    code,
    name: text,
    year,
    round: z.number().int().min(1),
    items: z.array(code).min(1, 'a task inspects at least one item'),
    /** In the task's order; a joint task (综合查一次) lists several. */
    departments: z.array(z.strictObject({ department: text, teamSize: z.number().int().min(1) })).min(1),
    trigger: z.enum(TASK_TRIGGERS).default('planned'),
    /** The evaluation run whose tiers make the strata; absent = one stratum `ALL`. */
    evaluationRunId: z.number().int().positive().optional(),
    /** Default: `sealed` with tier strata, `open` with the single stratum. */
    visibility: z.enum(['open', 'sealed']).optional(),
    qualification: text,
    conditions: taskConditionsSchema.default({}),
    /**
     * The announced source of public entropy with its time (draw/v1.1), e.g.
     * `{"kind": "public-event", "description": "公开抽取会现场掷骰子", "at": "2027-03-02T10:00:00+08:00"}`
     * or `{"kind": "drand-quicknet", "round": 1234567}`.
     */
    entropySource: entropySourceSchema,
  })
  .superRefine((task, context) => {
    const seen = new Set<string>();
    let total = 0;
    task.departments.forEach((entry, index) => {
      if (seen.has(entry.department)) context.addIssue({ code: 'custom', path: ['departments', index, 'department'], message: `department ${entry.department} is listed twice` });
      seen.add(entry.department);
      total += entry.teamSize;
    });
    if (total < 2) context.addIssue({ code: 'custom', path: ['departments'], message: 'a team needs at least 2 inspectors in total' });
    if (new Set(task.items).size !== task.items.length) context.addIssue({ code: 'custom', path: ['items'], message: 'an item is listed twice' });
  });
export type InspectionTaskDocument = z.output<typeof inspectionTaskSchema>;

/** A plan file: any of the parts, loaded in this order (plan, items, policies, inspectors, conflicts, tasks). */
export const planFileSchema = z.strictObject({
  plan: annualPlanSchema.optional(),
  items: z.array(inspectionItemSchema).default([]),
  policies: z.array(samplingPolicyDocumentSchema).default([]),
  inspectors: z.array(inspectorSchema).default([]),
  conflicts: z.array(conflictSchema).default([]),
  tasks: z.array(inspectionTaskSchema).default([]),
});
export type PlanFile = z.output<typeof planFileSchema>;

/**
 * The visibility a task gets: as given, else `sealed` when tiers make its strata (tiers are
 * never published) and `open` for the single stratum.
 *
 * @example visibilityOf({ evaluationRunId: 3 }) // 'sealed'
 */
export function visibilityOf(task: Pick<InspectionTaskDocument, 'visibility' | 'evaluationRunId'>): 'open' | 'sealed' {
  return task.visibility ?? (task.evaluationRunId === undefined ? 'open' : 'sealed');
}
