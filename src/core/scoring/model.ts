/**
 * A scoring model (信用风险分类模型) as versioned data: indicators, formulas, tier
 * thresholds, hard rules and the observation period. `validateModel` checks a model read
 * from JSON and reports every problem at once, each naming the formula it concerns.
 * A model version, once used, never changes: a change is a new version (`credit-risk/2`).
 */
import { z } from 'zod';
import { ENTERPRISE_FLAGS, type EnterpriseFlag } from '../enterprise.ts';
import { TIER_NAMES, TIERS, type Tier } from '../policy/tier.ts';
import { err, ok, type Result } from '../result.ts';
import type { Language } from '../language.ts';
import { bilingualZodErrors, zodIssueReason } from '../zod-issues.ts';
import { compileFormula, RESERVED_NAMES, type CompiledFormula } from './formula.ts';
import { checkModelBudget } from './model-budget.ts';
import creditRiskModelVersion1 from './models/credit-risk-1.json' with { type: 'json' };
import { indicatorDefinitionSchema, indicatorSampleMaximum, type DecaySchedule, type IndicatorDefinition } from './indicators.ts';

export { TIERS, TIER_NAMES, type Tier };

/** A named combination of indicators and earlier formulas. */
export interface FormulaDefinition {
  readonly name: string;
  readonly description: string;
  /** The description in Chinese, for Chinese pages (optional in the model format). */
  readonly descriptionZh?: string | undefined;
  /** Restricted mathjs expression (see formula.ts). */
  readonly expression: string;
}

/** A hard rule: when `when` is non-zero, the tier is at least as risky as `atLeast`. */
export interface HardRule {
  readonly id: string;
  readonly description: string;
  readonly descriptionZh?: string | undefined;
  readonly when: string;
  readonly atLeast: Tier;
}

export interface ScoringModel {
  /** e.g. `credit-risk`. */
  readonly id: string;
  readonly version: number;
  readonly description: string;
  readonly descriptionZh?: string | undefined;
  /** Named decay schedules that indicators refer to. */
  readonly decay: Readonly<Record<string, DecaySchedule>>;
  readonly indicators: readonly IndicatorDefinition[];
  /** Evaluated in order; a formula may use indicators and formulas before it. */
  readonly formulas: readonly FormulaDefinition[];
  /** The formula whose value, 0-100, is the credit score. */
  readonly score: string;
  /** Lowest score of tiers A, B and C; anything lower is D. */
  readonly tiers: { readonly A: number; readonly B: number; readonly C: number };
  readonly rules: readonly HardRule[];
  /**
   * Observation period (观察期) for new business forms, chosen by the bureau: enterprises with
   * one of `flags` (or `flag`, the form of models saved before issue 17) or in one of
   * `industries` (GB/T 4754 codes or prefixes), registered less than `years` before the
   * evaluation date. At least one of the three is given.
   */
  readonly observation: {
    readonly flag?: EnterpriseFlag | undefined;
    readonly flags?: readonly EnterpriseFlag[] | undefined;
    readonly industries?: readonly string[] | undefined;
    readonly years: number;
  };
}

/**
 * The key a model version is known by.
 *
 * @example modelKey({ id: 'credit-risk', version: 1 }) // 'credit-risk/1'
 */
export function modelKey(model: Pick<ScoringModel, 'id' | 'version'>): string {
  return `${model.id}/${model.version}`;
}

const enterpriseFlag = z.enum(Object.keys(ENTERPRISE_FLAGS) as [EnterpriseFlag, ...EnterpriseFlag[]]);
const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case: a lower-case letter, then letters, digits, _');
const tier = z.enum(TIERS);
const score = z.number().finite().min(0).max(100);

const decayScheduleSchema = z
  .array(z.object({ withinYears: z.number().int().positive(), weight: z.number().finite().min(0).max(1) }).strict())
  .min(1)
  .refine((steps) => steps.every((step, index) => index === 0 || step.withinYears > steps[index - 1]!.withinYears), {
    message: '各档的 withinYears 应逐档增大 / withinYears must increase from step to step',
  })
  .refine((steps) => steps.every((step, index) => index === 0 || step.weight <= steps[index - 1]!.weight), {
    message: '权重不得随年限增大：越旧的记录分量不能越重 / weights must not increase with age: an older record never counts more',
  });

export const scoringModelSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and -'),
    version: z.number().int().positive(),
    description: z.string().min(1),
    decay: z.record(identifier, decayScheduleSchema),
    indicators: z.array(indicatorDefinitionSchema).min(1),
    descriptionZh: z.string().min(1).optional(),
    formulas: z.array(z.object({ name: identifier, description: z.string().min(1), descriptionZh: z.string().min(1).optional(), expression: z.string().min(1) }).strict()).min(1),
    score: identifier,
    tiers: z
      .object({ A: score, B: score, C: score })
      .strict()
      .refine((tiers) => tiers.A > tiers.B && tiers.B > tiers.C, { message: '等级分数线应从 A 到 B 到 C 依次降低 / thresholds must fall from A to B to C' }),
    rules: z.array(z.object({ id: identifier, description: z.string().min(1), descriptionZh: z.string().min(1).optional(), when: z.string().min(1), atLeast: tier }).strict()),
    observation: z
      .object({
        flag: enterpriseFlag.optional(),
        flags: z.array(enterpriseFlag).min(1).optional(),
        industries: z.array(z.string().regex(/^[A-T]\d{0,4}$/, 'must be a GB/T 4754 code or prefix, e.g. I65 or F5292')).min(1).optional(),
        years: z.number().int().positive().max(10),
      })
      .strict()
      .refine((observation) => observation.flag !== undefined || observation.flags !== undefined || observation.industries !== undefined, {
        message: '请写明适用对象：flags（如 ["new_business_form"]）和/或 industries（GB/T 4754 代码或前缀） / name who qualifies: flags (e.g. ["new_business_form"]) and/or industries (GB/T 4754 codes or prefixes)',
      }),
  })
  .strict();

/** A problem with a model. `formula` names the formula (or rule) concerned, when one is. */
export interface ModelIssue {
  readonly code:
    | 'schema'
    | 'duplicate_name'
    | 'reserved_name'
    | 'unknown_decay'
    | 'unknown_formula'
    | 'syntax_error'
    | 'forbidden_construct'
    | 'forbidden_function'
    | 'unknown_name'
    | 'wrong_arity'
    | 'later_formula'
    | 'not_finite'
    | 'score_out_of_range'
    | 'over_budget';
  readonly formula?: string;
  /** Where in the JSON document, e.g. `formulas.2.expression`. */
  readonly path: string;
  /** English. */
  readonly message: string;
  readonly messageZh: string;
}

/**
 * A model issue in Chinese or English.
 *
 * @example describeModelIssue({ code: 'unknown_formula', path: 'score', message: "score: no formula is named 'x'", messageZh: '评分：没有名为 x 的公式' }, 'zh') // '评分：没有名为 x 的公式'
 */
export function describeModelIssue(issue: Pick<ModelIssue, 'message' | 'messageZh'>, lang: Language): string {
  return lang === 'zh' ? issue.messageZh : issue.message;
}

/** The label of a rule condition in messages, so a problem names what to fix. */
export function ruleLabel(rule: Pick<HardRule, 'id'>): string {
  return `rule ${rule.id}`;
}

/** The slot names a compiled model uses: indicators first, then formulas in order. */
export function modelSlotNames(model: ScoringModel): string[] {
  return [...model.indicators.map((indicator) => indicator.name), ...model.formulas.map((formula) => formula.name)];
}

export interface CompiledModelParts {
  readonly formulas: readonly CompiledFormula[];
  readonly rules: readonly CompiledFormula[];
}

/**
 * Compiles a schema-valid model's formulas and rule conditions, reporting every problem.
 * Formula `i` sees the indicators and formulas `0..i-1`; rules see everything.
 */
export function compileModelParts(model: ScoringModel): Result<CompiledModelParts, ModelIssue[]> {
  const issues: ModelIssue[] = [];
  const indicatorNames = model.indicators.map((indicator) => indicator.name);
  const formulaNames = model.formulas.map((formula) => formula.name);
  const slots = modelSlotNames(model);
  const formulas: CompiledFormula[] = [];
  model.formulas.forEach((formula, index) => {
    const visible = slots.slice(0, indicatorNames.length + index);
    const compiled = compileFormula(formula.name, formula.expression, visible);
    if (compiled.ok) {
      formulas.push(compiled.value);
      return;
    }
    const issue = compiled.error;
    const path = `formulas.${index}.expression`;
    if (issue.code === 'unknown_name' && formulaNames.indexOf(issue.identifier) >= index) {
      issues.push({
        code: 'later_formula',
        formula: formula.name,
        path,
        message: `formula '${formula.name}': uses formula '${issue.identifier}', which is not defined before it (a formula may use only earlier ones)`,
        messageZh: `公式“${formula.name}”用到了在它之后才定义的公式 ${issue.identifier}（公式只能用前面的公式）`,
      });
    } else {
      issues.push({ code: issue.code, formula: formula.name, path, message: issue.message, messageZh: issue.messageZh });
    }
  });
  const rules: CompiledFormula[] = [];
  model.rules.forEach((rule, index) => {
    const compiled = compileFormula(ruleLabel(rule), rule.when, slots);
    if (compiled.ok) rules.push(compiled.value);
    else issues.push({ code: compiled.error.code, formula: ruleLabel(rule), path: `rules.${index}.when`, message: compiled.error.message, messageZh: compiled.error.messageZh });
  });
  return issues.length ? err(issues) : ok({ formulas, rules });
}

function checkNames(model: ScoringModel): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const seen = new Map<string, string>();
  const claim = (name: string, path: string, [whatZh, what]: readonly [zh: string, en: string]): void => {
    if (RESERVED_NAMES.has(name)) {
      issues.push({ code: 'reserved_name', path, message: `${what} '${name}': the name is reserved (a function, constant or keyword)`, messageZh: `${whatZh}“${name}”：名称已被保留（函数、常量或关键字）` });
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      issues.push({ code: 'duplicate_name', path, message: `${what} '${name}': the name is already used at ${earlier}`, messageZh: `${whatZh}“${name}”：名称已在 ${earlier} 用过` });
    }
    else seen.set(name, path);
  };
  model.indicators.forEach((indicator, index) => claim(indicator.name, `indicators.${index}.name`, ['指标', 'indicator']));
  model.formulas.forEach((formula, index) => claim(formula.name, `formulas.${index}.name`, ['公式', 'formula']));
  const ruleIds = new Set<string>();
  model.rules.forEach((rule, index) => {
    if (ruleIds.has(rule.id)) issues.push({ code: 'duplicate_name', path: `rules.${index}.id`, message: `rule '${rule.id}': the id is already used`, messageZh: `规则“${rule.id}”：编号已被使用` });
    ruleIds.add(rule.id);
  });
  model.indicators.forEach((indicator, index) => {
    const decay = 'decay' in indicator.params ? indicator.params.decay : undefined;
    if (decay !== undefined && !Object.hasOwn(model.decay, decay)) {
      issues.push({
        code: 'unknown_decay',
        path: `indicators.${index}.params.decay`,
        message: `indicator '${indicator.name}': unknown decay schedule '${decay}' (defined: ${Object.keys(model.decay).join(', ') || 'none'})`,
        messageZh: `指标“${indicator.name}”：未定义的衰减表 ${decay}（已定义：${Object.keys(model.decay).join('、') || '无'}）`,
      });
    }
  });
  if (!model.formulas.some((formula) => formula.name === model.score)) {
    issues.push({ code: 'unknown_formula', formula: model.score, path: 'score', message: `score: no formula is named '${model.score}'`, messageZh: `评分：没有名为 ${model.score} 的公式` });
  }
  return issues;
}

/** A small deterministic generator for sample inputs: the core never uses unseeded randomness. */
function sampleGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Indicator value vectors a formula must handle: all neutral, all zero, all at their
 * maximum, each indicator alone through a ladder of values, and pseudo-random mixes.
 */
export function sampleIndicatorValues(indicators: readonly IndicatorDefinition[]): number[][] {
  const maxima = indicators.map(indicatorSampleMaximum);
  const neutral = indicators.map((indicator) => indicator.neutral);
  const ladders = maxima.map((maximum, index) =>
    [...new Set([0, neutral[index]!, 0.3, 0.6, 1, 1.5, 2, 3, 5, 10, 50, maximum])].filter((value) => value <= maximum),
  );
  const samples: number[][] = [neutral, neutral.map(() => 0), maxima];
  ladders.forEach((ladder, index) => {
    for (const value of ladder) samples.push(neutral.map((base, other) => (other === index ? value : base)));
  });
  const random = sampleGenerator(20240630 + indicators.length);
  for (let count = 0; count < 256; count++) {
    samples.push(ladders.map((ladder) => ladder[Math.floor(random() * ladder.length)]!));
  }
  return samples;
}

function describeSample(indicators: readonly IndicatorDefinition[], sample: readonly number[], lang: Language): string {
  const parts = indicators.flatMap((indicator, index) => (sample[index] === 0 ? [] : [`${indicator.name}=${sample[index]}`]));
  if (lang === 'zh') return parts.length ? parts.join('，') : '各指标均为 0';
  return parts.length ? parts.join(', ') : 'every indicator 0';
}

function checkSamples(model: ScoringModel, parts: CompiledModelParts): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const failed = new Set<string>();
  const slotCount = model.indicators.length + model.formulas.length;
  const scoreIndex = model.formulas.findIndex((formula) => formula.name === model.score);
  for (const sample of sampleIndicatorValues(model.indicators)) {
    const values = new Float64Array(slotCount);
    values.set(sample);
    parts.formulas.forEach((formula, index) => {
      const value = formula.evaluate(values);
      values[model.indicators.length + index] = value;
      const path = `formulas.${index}.expression`;
      if (!Number.isFinite(value) && !failed.has(formula.name)) {
        failed.add(formula.name);
        issues.push({
          code: 'not_finite',
          formula: formula.name,
          path,
          message: `formula '${formula.name}': gives ${value} when ${describeSample(model.indicators, sample, 'en')}`,
          messageZh: `公式“${formula.name}”在 ${describeSample(model.indicators, sample, 'zh')} 时得出 ${value}`,
        });
      } else if (index === scoreIndex && Number.isFinite(value) && (value < 0 || value > 100) && !failed.has(formula.name)) {
        failed.add(formula.name);
        issues.push({
          code: 'score_out_of_range',
          formula: formula.name,
          path,
          message: `formula '${formula.name}': the score must be within 0-100 but is ${value} when ${describeSample(model.indicators, sample, 'en')}`,
          messageZh: `公式“${formula.name}”：评分应在 0 到 100 之间，但在 ${describeSample(model.indicators, sample, 'zh')} 时为 ${value}`,
        });
      }
    });
    model.rules.forEach((rule, index) => {
      const value = parts.rules[index]!.evaluate(values);
      if (!Number.isFinite(value) && !failed.has(ruleLabel(rule))) {
        failed.add(ruleLabel(rule));
        issues.push({
          code: 'not_finite',
          formula: ruleLabel(rule),
          path: `rules.${index}.when`,
          message: `formula '${ruleLabel(rule)}': gives ${value} when ${describeSample(model.indicators, sample, 'en')}`,
          messageZh: `规则“${rule.id}”的条件在 ${describeSample(model.indicators, sample, 'zh')} 时得出 ${value}`,
        });
      }
    });
  }
  return issues;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(root)';
}

/**
 * Validates a model read from JSON: its shape, names, decay schedules, every formula and
 * rule (syntax, whitelist, known names), the cost budget (`model-budget.ts`), and that every formula gives a finite number, and
 * the score one within 0-100, on a grid of sample indicator values. Returns every problem.
 *
 * The budget is a rule for saving: a version stored before it (or before a tighter one) is
 * read with `{ checkBudget: false }`, so its runs stay explainable.
 *
 * @example
 * const checked = validateModel(JSON.parse(text));
 * if (!checked.ok) for (const issue of checked.error) console.log(issue.message);
 */
export function validateModel(json: unknown, options: { readonly checkBudget?: boolean } = {}): Result<ScoringModel, ModelIssue[]> {
  const parsed = scoringModelSchema.safeParse(json, { error: bilingualZodErrors });
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((issue) => {
        const path = formatPath(issue.path);
        const formula = namedFormulaAt(json, issue.path);
        const { reason, reasonZh } = zodIssueReason(issue);
        const where = `${formula ? `'${formula}' ` : ''}${path}`;
        return { code: 'schema' as const, path, ...(formula ? { formula } : {}), message: `${where}: ${reason}`, messageZh: `${where}：${reasonZh}` };
      }),
    );
  }
  const model = parsed.data as ScoringModel;
  const nameIssues = checkNames(model);
  const compiled = compileModelParts(model);
  const compileIssues = compiled.ok ? [] : compiled.error;
  if (nameIssues.length || !compiled.ok) return err([...nameIssues, ...compileIssues]);
  const budgetIssues = options.checkBudget === false ? [] : checkModelBudget(model, compiled.value);
  if (budgetIssues.length) return err(budgetIssues);
  const sampleIssues = checkSamples(model, compiled.value);
  return sampleIssues.length ? err(sampleIssues) : ok(model);
}

/** For a schema problem inside `formulas[i]`, `indicators[i]` or `rules[i]`, the name there. */
function namedFormulaAt(json: unknown, path: readonly PropertyKey[]): string | undefined {
  const [section, index] = path;
  if (typeof index !== 'number' || (section !== 'formulas' && section !== 'indicators' && section !== 'rules')) return undefined;
  const entry = (json as Record<string, unknown[]>)[section]?.[index] as Record<string, unknown> | undefined;
  const name = section === 'rules' ? entry?.['id'] : entry?.['name'];
  return typeof name === 'string' ? (section === 'rules' ? `rule ${name}` : name) : undefined;
}

/**
 * The default model `credit-risk/1`, validated (it is part of the code: invalid is a bug).
 * docs/scoring-model.md explains every weight and threshold.
 *
 * @example defaultScoringModel().tiers.A // 85
 */
export function defaultScoringModel(): ScoringModel {
  const checked = validateModel(creditRiskModelVersion1);
  if (!checked.ok) throw new Error(`the default model is invalid: ${checked.error.map((issue) => issue.message).join('; ')}`);
  return checked.value;
}
