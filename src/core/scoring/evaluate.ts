/**
 * Credit evaluation (信用风险分类) of one enterprise as of a date under a compiled model:
 * indicators from its records, formulas into a 0-100 score, thresholds into a tier, hard
 * rules over the tier, and the observation mark. Pure and deterministic; compile a model
 * once and evaluate many enterprises with it.
 */
import type { CreditRecord } from '../credit-record.ts';
import { addYears, completedYears } from '../credit-record.ts';
import { ENTERPRISE_FLAGS, type Enterprise } from '../enterprise.ts';
import { linkFormulaProgram, type CompiledFormula, type FormulaProgram, type SourceCompiler } from './formula.ts';
import {
  groupRecordsByKind,
  prepareDecay,
  prepareIndicator,
  type DecayAtDate,
  type EvaluationContext,
  type IndicatorComputation,
  type IndicatorFamily,
} from './indicators.ts';
import { compileModelParts, modelKey, TIERS, type ScoringModel, type Tier } from './model.ts';

/** A model ready to evaluate with. Build it once per run with `compileModel`. */
export interface CompiledModel {
  readonly model: ScoringModel;
  /** e.g. `credit-risk/1`. */
  readonly key: string;
  readonly indicators: readonly { readonly name: string; readonly family: IndicatorFamily; readonly neutral: number; readonly compute: IndicatorComputation }[];
  readonly formulas: readonly CompiledFormula[];
  readonly rules: readonly { readonly id: string; readonly atLeast: Tier; readonly when: CompiledFormula }[];
  readonly scoreSlot: number;
  /** The formulas and rule conditions as run: generated code or closures (see `compileModel`). */
  readonly program: FormulaProgram;
  /** Decay cut-offs of the last evaluation date, reused while the date stays the same. */
  readonly decayCache: { asOf: string; schedules: Map<string, DecayAtDate> };
  /** Scratch values; evaluation is synchronous, so one buffer per compiled model is safe. */
  readonly scratch: Float64Array;
}

/** One indicator in an evaluation: its value and how many score points it moved. */
export interface IndicatorOutcome {
  readonly name: string;
  readonly family: IndicatorFamily;
  readonly value: number;
  /**
   * The score minus the score the enterprise would have had with this indicator at its
   * neutral value and everything else unchanged: negative when the indicator cost points.
   */
  readonly contribution: number;
}

/** The evaluation of one enterprise: everything staff need to explain its tier. */
export interface Evaluation {
  readonly creditCode: string;
  readonly modelKey: string;
  readonly asOf: string;
  /** 0-100, two decimals. */
  readonly score: number;
  /** The tier the score alone gives. */
  readonly scoreTier: Tier;
  /** The tier after hard rules. */
  readonly tier: Tier;
  /** In the observation period (观察期): still scored, treated with soft measures only. */
  readonly observation: boolean;
  readonly indicators: readonly IndicatorOutcome[];
  readonly formulas: readonly { readonly name: string; readonly value: number }[];
  /** Ids of the hard rules whose condition held, in model order. */
  readonly rulesFired: readonly string[];
}

export interface CompileModelOptions {
  /**
   * Turns the formulas' generated JavaScript into a function (in Node:
   * `src/application/formula-compiler.ts`). Without it the closures run: same results,
   * slower, and no `new Function`, which a strict Content-Security-Policy forbids.
   */
  readonly compileSource?: SourceCompiler;
}

/**
 * Compiles a model validated by `validateModel`. Throws if it is not valid: that is a bug.
 *
 * @example
 * const compiled = compileModel(defaultModel); compiled.key // 'credit-risk/1'
 * const fast = compileModel(defaultModel, { compileSource: compileFormulaSource });
 */
export function compileModel(model: ScoringModel, options: CompileModelOptions = {}): CompiledModel {
  const parts = compileModelParts(model);
  if (!parts.ok) throw new Error(`model ${modelKey(model)} is invalid: ${parts.error.map((issue) => issue.message).join('; ')}`);
  const rules = model.rules.map((rule, index) => ({ id: rule.id, atLeast: rule.atLeast, when: parts.value.rules[index]! }));
  return {
    model,
    key: modelKey(model),
    indicators: model.indicators.map((definition) => ({
      name: definition.name,
      family: definition.family,
      neutral: definition.neutral,
      compute: prepareIndicator(definition),
    })),
    formulas: parts.value.formulas,
    rules,
    scoreSlot: model.indicators.length + model.formulas.findIndex((formula) => formula.name === model.score),
    program: linkFormulaProgram(parts.value.formulas, model.indicators.length, parts.value.rules, options.compileSource),
    decayCache: { asOf: '', schedules: new Map() },
    scratch: new Float64Array(model.indicators.length + model.formulas.length),
  };
}

function decayFor(compiled: CompiledModel, asOf: string): (name: string) => DecayAtDate {
  const cache = compiled.decayCache;
  if (cache.asOf !== asOf) {
    cache.asOf = asOf;
    cache.schedules = new Map(Object.entries(compiled.model.decay).map(([name, schedule]) => [name, prepareDecay(schedule, asOf)]));
  }
  const schedules = cache.schedules;
  return (name) => schedules.get(name)!;
}

/**
 * Runs the formulas over `values` (indicators already filled in) and returns the score,
 * clamped to 0-100 (validation already requires that on samples), or NaN if not finite.
 */
function runFormulas(compiled: CompiledModel, values: Float64Array): number {
  compiled.program.computeFormulas(values);
  const score = values[compiled.scoreSlot]!;
  return Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : Number.NaN;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * The tier a score falls in under the model's thresholds.
 *
 * @example tierOfScore({ A: 85, B: 70, C: 55 }, 84.99) // 'B'
 */
export function tierOfScore(thresholds: ScoringModel['tiers'], score: number): Tier {
  return score >= thresholds.A ? 'A' : score >= thresholds.B ? 'B' : score >= thresholds.C ? 'C' : 'D';
}

/** The riskier of two tiers. */
function riskier(a: Tier, b: Tier): Tier {
  return TIERS.indexOf(a) >= TIERS.indexOf(b) ? a : b;
}

/**
 * Whether an enterprise is a new business form the model's observation period covers: it has
 * one of the named flags or is in one of the named industries (by GB/T 4754 prefix).
 *
 * @example qualifiesForObservation({ flags: ['new_business_form'], years: 2 }, enterprise)
 */
export function qualifiesForObservation(observation: ScoringModel['observation'], enterprise: Pick<Enterprise, 'flags' | 'industryCode'>): boolean {
  if (observation.flag !== undefined && enterprise.flags.includes(observation.flag)) return true;
  if (observation.flags?.some((flag) => enterprise.flags.includes(flag))) return true;
  return observation.industries?.some((prefix) => enterprise.industryCode.startsWith(prefix)) ?? false;
}

/**
 * Who the observation period covers and for how long, as a person reads it.
 *
 * @example describeObservation({ flags: ['new_business_form'], industries: ['I65'], years: 2 }, 'zh') // '新业态，或行业 I65；登记后 2 年内'
 */
export function describeObservation(observation: ScoringModel['observation'], lang: 'zh' | 'en'): string {
  const flags = [...new Set([...(observation.flag === undefined ? [] : [observation.flag]), ...(observation.flags ?? [])])];
  const who = [
    ...flags.map((flag) => (lang === 'zh' ? ENTERPRISE_FLAGS[flag] : flag.replace(/_/g, ' '))),
    ...(observation.industries?.length ? [`${lang === 'zh' ? '行业 ' : 'industries '}${observation.industries.join(lang === 'zh' ? '、' : ', ')}`] : []),
  ].join(lang === 'zh' ? '，或' : ', or ');
  return lang === 'zh' ? `${who}；登记后 ${observation.years} 年内` : `${who}; within ${observation.years} years of registration`;
}

/**
 * The first day an enterprise is no longer in observation: its registration's N-th
 * anniversary, from which it enters the normal draws.
 *
 * @example observationEndDate({ flags: ['new_business_form'], years: 2 }, { registrationDate: '2025-03-01' }) // '2027-03-01'
 */
export function observationEndDate(observation: ScoringModel['observation'], enterprise: Pick<Enterprise, 'registrationDate'>): string {
  return addYears(enterprise.registrationDate, observation.years);
}

/**
 * Whether an enterprise is in the observation period at `asOf`: it qualifies (see
 * `qualifiesForObservation`) and its registration's N-th anniversary is after `asOf`.
 *
 * @example isInObservation({ flag: 'new_business_form', years: 2 }, enterprise, '2025-01-01')
 */
export function isInObservation(observation: ScoringModel['observation'], enterprise: Enterprise, asOf: string): boolean {
  return qualifiesForObservation(observation, enterprise) && completedYears(enterprise.registrationDate, asOf) < observation.years;
}

/**
 * Evaluates one enterprise as of `asOf` (`YYYY-MM-DD`) from its records; records dated
 * after `asOf` are ignored. `context.relatedParties` feeds the related-party indicator
 * (see `buildRelatedPartyIndex`). Throws if the model yields a non-finite score, a defect
 * validation exists to catch.
 *
 * @example
 * const compiled = compileModel(defaultModel);
 * evaluateEnterprise(compiled, enterprise, records, '2025-01-01').tier // 'A'
 */
export function evaluateEnterprise(
  compiled: CompiledModel,
  enterprise: Enterprise,
  records: Iterable<CreditRecord>,
  asOf: string,
  context: EvaluationContext = {},
): Evaluation {
  const grouped = groupRecordsByKind(records);
  const decay = decayFor(compiled, asOf);
  const values = compiled.scratch;
  const indicators = compiled.indicators;
  for (let index = 0; index < indicators.length; index++) {
    values[index] = roundTo(indicators[index]!.compute(enterprise, grouped, asOf, decay, context), 6);
  }
  return finishEvaluation(compiled, enterprise.creditCode, asOf, isInObservation(compiled.model.observation, enterprise, asOf));
}

/**
 * Completes an evaluation from indicator values already in `compiled.scratch` (model
 * order): formulas, score, tier, hard rules and contributions. Shared by `evaluateEnterprise`
 * and `evaluateIndicatorValues`, so a stored evaluation is explained by the very same code.
 */
function finishEvaluation(compiled: CompiledModel, creditCode: string, asOf: string, observation: boolean): Evaluation {
  const values = compiled.scratch;
  const indicators = compiled.indicators;
  const rawScore = runFormulas(compiled, values);
  if (!Number.isFinite(rawScore)) {
    throw new Error(`model ${compiled.key} gives score ${rawScore} for ${creditCode} as of ${asOf}`);
  }
  const formulas = compiled.formulas.map((formula, index) => ({ name: formula.name, value: roundTo(values[indicators.length + index]!, 6) }));
  const scoreTier = tierOfScore(compiled.model.tiers, roundTo(rawScore, 2));
  let tier = scoreTier;
  const rulesFired: string[] = [];
  const conditions = compiled.program.rules;
  for (let index = 0; index < compiled.rules.length; index++) {
    const rule = compiled.rules[index]!;
    if (conditions[index]!(values) !== 0) {
      rulesFired.push(rule.id);
      tier = riskier(tier, rule.atLeast);
    }
  }
  const outcomes: IndicatorOutcome[] = new Array(indicators.length);
  for (let index = 0; index < indicators.length; index++) {
    const indicator = indicators[index]!;
    const value = values[index]!;
    let contribution = 0;
    if (value !== indicator.neutral) {
      values[index] = indicator.neutral;
      contribution = roundTo(rawScore - runFormulas(compiled, values), 2) || 0;
      values[index] = value;
    }
    outcomes[index] = { name: indicator.name, family: indicator.family, value, contribution };
  }
  return {
    creditCode,
    modelKey: compiled.key,
    asOf,
    score: roundTo(rawScore, 2),
    scoreTier,
    tier,
    observation,
    indicators: outcomes,
    formulas,
    rulesFired,
  };
}

/**
 * Re-evaluates from stored indicator values (model order): the same score, tier, rules and
 * contributions `evaluateEnterprise` gave, since formulas and rules depend on nothing else.
 * Lets a run store only the indicator values and explain any tier later.
 *
 * @example evaluateIndicatorValues(compiled, { creditCode, asOf: '2025-01-01', observation: false, values }).tier // 'B'
 */
export function evaluateIndicatorValues(
  compiled: CompiledModel,
  input: { readonly creditCode: string; readonly asOf: string; readonly observation: boolean; readonly values: readonly number[] },
): Evaluation {
  if (input.values.length !== compiled.indicators.length) {
    throw new Error(`model ${compiled.key} has ${compiled.indicators.length} indicators, got ${input.values.length} values`);
  }
  compiled.scratch.set(input.values);
  return finishEvaluation(compiled, input.creditCode, input.asOf, input.observation);
}
