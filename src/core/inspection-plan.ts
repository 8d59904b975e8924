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

const code = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/, '应为 1 到 64 个字母、数字、“.”“_”或“-”，以字母或数字开头 / must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
const text = z.string().trim().min(1, '不能为空 / must not be empty').max(500);
const count = z.number().int().nonnegative();
const year = z.number().int().min(2000).max(2100);

/** `schema` with a description for the plan's JSON Schema (docs/plan.schema.json), "中文 / English". */
function described<Schema extends z.ZodType>(schema: Schema, description: string): Schema {
  return schema.meta({ description });
}

export const inspectionItemSchema = z
  .strictObject({
    code: described(code, '事项编号，任务和抽查比例用它引用事项 / Item code, by which tasks and policies refer to the item'),
    name: described(text, '检查事项名称 / Name of the inspection item'),
    legalBasis: described(text, '法律依据（法律、法规、规章及条款） / Legal basis (law, regulation or rule and its article)'),
    department: described(text, '实施部门 / Department that carries out the item'),
    category: described(text, '类别，按原文显示，例如"食品安全" / Category, shown as written, e.g. "食品安全"'),
    keyArea: described(z.boolean().default(false), '是否重点领域（默认 false） / Whether it is a key area (default false)'),
  })
  .meta({ description: '抽查事项清单中的一项 / One entry of the list of inspection items (抽查事项清单)' });
export type InspectionItem = z.output<typeof inspectionItemSchema>;

const tierPolicySchema = z
  .strictObject({
    ratio: described(z.string(), '抽查比例，0 到 1 的小数字符串，最多 4 位小数，例如 "0.05" 即 5% / Sampling ratio, a decimal string from 0 to 1 with at most 4 decimals, e.g. "0.05" for 5%'),
    minimum: described(count, '每轮从该等级至少抽取的企业数（该等级企业更少时全部抽取） / Fewest enterprises drawn from the tier per round (all of them when it has fewer)'),
    frequency: described(count, '一年中有几轮抽查包括该等级（不超过年度计划的轮数）；0 表示只有投诉举报等触发的任务才会抽到（无事不扰） / Rounds of the year that include the tier (at most the plan\'s rounds); 0: only triggered tasks reach it'),
  })
  .meta({ description: '一个等级的抽查比例 / The sampling policy of one tier' });

/** Semantic rules (ratio range and order, frequency bound) are `validateSamplingPolicy`'s. */
export const samplingPolicyDocumentSchema = z
  .strictObject({
    itemCode: described(code, '适用的检查事项编号（items 中的 code） / Code of the item it applies to (a code of items)'),
    year: described(year, '适用年度 / Year it applies to'),
    tiers: described(
      z.strictObject({ A: tierPolicySchema, B: tierPolicySchema, C: tierPolicySchema, D: tierPolicySchema }),
      'A、B、C、D 四个信用风险等级各自的比例，比例随风险升高不降低 / Ratios of the credit-risk tiers A, B, C and D, never lower for a riskier tier',
    ),
    untiered: described(tierPolicySchema.optional(), '不按等级分层的任务所用的比例；省略则用 B 类的 / Policy of a task without tiers; tier B\'s when absent'),
    annualCap: described(z.number().int().min(1), '一家企业一年内最多被计划抽查的次数（至少 1） / Most planned inspections of one enterprise in a year (at least 1)'),
    overrideReason: described(text.optional(), '比例不满足 D ≥ C ≥ B ≥ A 时必须写明的理由 / Why the ratios may break the order D ≥ C ≥ B ≥ A (required when they do)'),
  })
  .meta({ description: '一个事项一个年度的抽查比例（每次导入生成新版本） / Sampling policy of one item for one year (each load makes a new version)' });
export type SamplingPolicyDocument = z.output<typeof samplingPolicyDocumentSchema>;

export const annualPlanSchema = z
  .strictObject({
    year: described(year, '计划年度 / Year of the plan'),
    name: described(text, '年度抽查计划名称 / Name of the annual plan'),
    roundsPerYear: described(z.number().int().min(1).max(52), '一年抽查的轮数（1 到 52） / Rounds of inspection in the year (1 to 52)'),
  })
  .meta({ description: '年度抽查计划 / The annual inspection plan (年度抽查计划)' });
export type AnnualPlan = z.output<typeof annualPlanSchema>;

export const inspectorSchema = z
  .strictObject({
    badge: described(code, '执法证号 / Badge number'),
    name: described(text, '姓名 / Name'),
    department: described(text, '所属部门 / Department'),
    qualifications: described(z.array(text).default([]), '资格，例如"行政执法"；任务的 qualification 要求其中之一 / Qualifications, e.g. "行政执法"; a task\'s qualification must be one of them'),
    active: described(z.boolean().default(true), '是否在岗参与抽取（默认 true） / Whether the inspector can be drawn (default true)'),
  })
  .meta({ description: '执法人员名录中的一人 / One inspector of the directory (执法人员名录)' });
export type InspectorDocument = z.output<typeof inspectorSchema>;

const creditCode = z.string().transform((value, context) => {
  const parsed = parseCreditCode(value);
  if (parsed.ok) return parsed.value.value;
  context.addIssue({ code: 'custom', message: '不是有效的统一社会信用代码（GB 32100-2015） / is not a valid unified social credit code (GB 32100-2015)' });
  return z.NEVER;
});

export const conflictSchema = z
  .strictObject({
    badge: described(code, '需回避的执法人员的执法证号 / Badge of the inspector who must not inspect the enterprise'),
    creditCode: described(creditCode, '企业的统一社会信用代码（18 位，GB 32100-2015） / Unified social credit code of the enterprise (18 characters, GB 32100-2015)'),
    reason: described(text, '回避理由 / Reason of the conflict'),
  })
  .meta({ description: '回避关系：该人员不会被抽去检查该企业 / A declared conflict (回避): the inspector is never drawn for the enterprise' });
export type ConflictDocument = z.output<typeof conflictSchema>;

const entityTypes = Object.keys(ENTITY_TYPES) as [keyof typeof ENTITY_TYPES, ...(keyof typeof ENTITY_TYPES)[]];
const flags = Object.keys(ENTERPRISE_FLAGS) as [keyof typeof ENTERPRISE_FLAGS, ...(keyof typeof ENTERPRISE_FLAGS)[]];

export const TASK_TRIGGERS = ['planned', 'complaint', 'referral', 'superior_assigned'] as const;

/** How selected enterprises are checked: on site (现场检查), or by their own report under a commitment (自查, 承诺式检查). */
export const TASK_MODES = ['on_site', 'self_inspection'] as const;
export type TaskMode = (typeof TASK_MODES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const taskConditionsSchema = z
  .strictObject({
    regions: described(
      z.array(z.string().regex(/^\d{1,6}$/, '应为 GB/T 2260 行政区划代码或其前缀 / must be a GB/T 2260 code or prefix')).optional(),
      '行政区划代码或其前缀（GB/T 2260），例如 "3501" / Region codes or prefixes (GB/T 2260), e.g. "3501"',
    ),
    industries: described(
      z.array(z.string().regex(/^[A-T]\d{0,4}$/, '应为 GB/T 4754 行业代码或其前缀 / must be a GB/T 4754 code or prefix')).optional(),
      '国民经济行业代码或其前缀（GB/T 4754），例如 "H62" / Industry codes or prefixes (GB/T 4754), e.g. "H62"',
    ),
    entityTypes: described(z.array(z.enum(entityTypes)).optional(), '市场主体类型 / Entity types'),
    flags: described(z.array(z.enum(flags)).optional(), '企业标记，例如 "food"（食品） / Enterprise flags, e.g. "food" (食品)'),
    acceptedReportsOf: described(
      code.optional(),
      '自查任务编号：只抽取该任务中自查报告已被受理的企业（自查后的现场抽查） / Code of a self-inspection task: only enterprises whose report in it was accepted (the on-site follow-up)',
    ),
  })
  .meta({ description: '抽取范围：企业须满足每一个给出的条件 / Who is in the pool: an enterprise meets every condition given' });

export const inspectionTaskSchema = z
  .strictObject({
    code: described(code, '任务编号，例如 "2027-SP-01" / Task code, e.g. "2027-SP-01"'),
    name: described(text, '任务名称 / Name of the task'),
    year: described(year, '年度 / Year'),
    round: described(z.number().int().min(1), '第几轮 / Round of the year'),
    items: described(z.array(code).min(1, '一个任务至少检查一个事项 / a task inspects at least one item'), '检查的事项编号（至少一个） / Codes of the items inspected (at least one)'),
    /** In the task's order; a joint task (综合查一次) lists several. */
    departments: described(
      z
        .array(
          z.strictObject({
            department: described(text, '部门名称 / Department'),
            teamSize: described(z.number().int().min(1), '该部门每个检查组的人数 / Inspectors of this department in each team'),
          }),
        )
        .min(1),
      '参与部门及各自的检查组人数；联合检查（综合查一次）列出多个，合计至少 2 人 / Departments and their team sizes; a joint task (综合查一次) lists several, at least 2 inspectors in all',
    ),
    trigger: described(
      z.enum(TASK_TRIGGERS).default('planned'),
      '任务来源：planned 计划、complaint 投诉举报、referral 转办、superior_assigned 上级交办（默认 planned） / Why the task exists (default planned)',
    ),
    /** The evaluation run whose tiers make the strata; absent = one stratum `ALL`. */
    evaluationRunId: described(
      z.number().int().positive().optional(),
      '按哪一次信用风险评价的等级分层抽取；省略则不分层 / The evaluation run whose tiers make the strata; without it, one stratum',
    ),
    /** Default: `sealed` with tier strata, `open` with the single stratum. */
    visibility: described(
      z.enum(['open', 'sealed']).optional(),
      'open 公开企业名单，sealed 只公开承诺值（默认：分层时 sealed，否则 open） / open publishes the pool, sealed only its commitment (default: sealed with tiers, else open)',
    ),
    mode: described(
      z.enum(TASK_MODES).default('on_site'),
      '检查方式：on_site 现场检查，self_inspection 自查（承诺式检查：被抽中企业提交自查报告和承诺书）（默认 on_site） / How selected enterprises are checked: on site, or by a self-inspection report with a commitment (default on_site)',
    ),
    reportDue: described(
      isoDate.optional(),
      '自查报告截止日期（含当日，北京时间），自查任务必填 / Last day (Asia/Shanghai, inclusive) for self-inspection reports; required for a self-inspection task',
    ),
    qualification: described(text, '检查人员须具备的资格，例如"行政执法" / Qualification every drawn inspector must have, e.g. "行政执法"'),
    conditions: described(taskConditionsSchema.default({}), '抽取范围（默认全部企业） / Who is in the pool (default: every enterprise)'),
    /**
     * The announced source of public entropy with its time (draw/v1.1), e.g.
     * `{"kind": "public-event", "description": "公开抽取会现场掷骰子", "at": "2027-03-02T10:00:00+08:00"}`
     * or `{"kind": "drand-quicknet", "round": 1234567}`.
     */
    entropySource: described(
      entropySourceSchema,
      '公开随机源及其时间：{"kind": "public-event", "description", "at"} 或 {"kind": "drand-quicknet", "round"}；须在冻结后至少 ENTROPY_NOTICE 才到来 / The public entropy and its time; it comes at least ENTROPY_NOTICE after the freeze',
    ),
  })
  .superRefine((task, context) => {
    const seen = new Set<string>();
    let total = 0;
    task.departments.forEach((entry, index) => {
      if (seen.has(entry.department)) context.addIssue({ code: 'custom', path: ['departments', index, 'department'], message: `部门 ${entry.department} 重复 / department ${entry.department} is listed twice` });
      seen.add(entry.department);
      total += entry.teamSize;
    });
    if (total < 2) context.addIssue({ code: 'custom', path: ['departments'], message: '每个检查组合计至少 2 人 / a team needs at least 2 inspectors in total' });
    if (new Set(task.items).size !== task.items.length) context.addIssue({ code: 'custom', path: ['items'], message: '事项重复 / an item is listed twice' });
    if (task.mode === 'self_inspection' && task.reportDue === undefined) context.addIssue({ code: 'custom', path: ['reportDue'], message: '自查任务须写明报告提交截止日期 / a self-inspection task needs its report due date' });
    if (task.mode === 'self_inspection' && task.conditions.acceptedReportsOf !== undefined) context.addIssue({ code: 'custom', path: ['conditions', 'acceptedReportsOf'], message: '自查报告的后续抽查是现场检查任务，不能是自查任务 / a follow-up of self-inspection reports is an on-site task' });
  });
export type InspectionTaskDocument = z.output<typeof inspectionTaskSchema>;

/** A plan file: any of the parts, loaded in this order (plan, items, policies, inspectors, conflicts, tasks). */
export const planFileSchema = z
  .strictObject({
    plan: described(annualPlanSchema.optional(), '年度抽查计划（可省略） / The annual plan (optional)'),
    items: described(z.array(inspectionItemSchema).default([]), '检查事项 / Inspection items'),
    policies: described(z.array(samplingPolicyDocumentSchema).default([]), '抽查比例 / Sampling policies'),
    inspectors: described(z.array(inspectorSchema).default([]), '执法人员 / Inspectors'),
    conflicts: described(z.array(conflictSchema).default([]), '回避关系 / Conflicts'),
    tasks: described(z.array(inspectionTaskSchema).default([]), '抽查任务 / Inspection tasks'),
  })
  .meta({
    title: '随机（Suiji）计划文件 / Suiji plan file',
    description: '计划文件：suiji plan load 和控制台"计划"页导入，全部通过才保存。说明见 docs/plan.md / A plan file, loaded by suiji plan load and the console\'s plan page, all or nothing. See docs/plan.md',
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
