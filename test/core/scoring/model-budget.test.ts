import { describe, expect, it } from 'vitest';
import defaultModelJson from '../../../src/core/scoring/models/credit-risk-1.json' with { type: 'json' };
import { compileModelParts, defaultScoringModel, validateModel, type ModelIssue } from '../../../src/core/scoring/model.ts';
import { evaluationWork, MODEL_BUDGET } from '../../../src/core/scoring/model-budget.ts';

/** The model JSON with formulas that may lack a Chinese description, as a bureau may write them. */
type ModelJson = Omit<typeof defaultModelJson, 'formulas'> & { formulas: { name: string; description: string; descriptionZh?: string; expression: string }[] };

const indicatorNames = defaultModelJson.indicators.map((indicator) => indicator.name);

/** A sum of `terms` terms `k * min(indicator, 3)`, each 5 syntax nodes, plus the clamp around them. */
function sumOfTerms(terms: number, offset: number): string {
  const parts = Array.from({ length: terms }, (_, index) => `${(index % 7) + 1} * min(${indicatorNames[(offset + index) % indicatorNames.length]}, 3)`);
  return `clamp(${parts.join(' + ')}, 0, 1)`;
}

/** The default model with `count` extra formulas of `terms` terms each, before its own. */
function withExtraFormulas(count: number, terms: number): ModelJson {
  const model: ModelJson = structuredClone(defaultModelJson);
  const extra = Array.from({ length: count }, (_, index) => ({ name: `extra_${index}`, description: 'extra', expression: sumOfTerms(terms, index) }));
  model.formulas = [...extra, ...model.formulas];
  return model;
}

function budgetIssues(json: unknown): ModelIssue[] {
  const checked = validateModel(json);
  if (checked.ok) throw new Error('expected the model to be refused');
  return checked.error.filter((issue) => issue.code === 'over_budget');
}

describe('the scoring model cost budget (issue 15)', () => {
  it('leaves the default model well inside the budget', () => {
    const model = defaultScoringModel();
    const parts = compileModelParts(model);
    if (!parts.ok) throw new Error('the default model compiles');
    const work = evaluationWork(model.indicators.length, parts.value.formulas, parts.value.rules);
    expect(work).toBeGreaterThan(0);
    expect(work).toBeLessThan(MODEL_BUDGET.evaluationWork / 5);
  });

  it('counts syntax nodes as mathjs parses them: clamp(2 * min(x, 3), 0, 1) has 10 (a call is its node and its name)', () => {
    const model: ModelJson = structuredClone(defaultModelJson);
    model.formulas = [{ name: 'only', description: 'x', expression: 'clamp(2 * min(enterprise_age_years, 3), 0, 1)' }, ...model.formulas];
    const checked = validateModel(model);
    if (!checked.ok) throw new Error(JSON.stringify(checked.error));
    const parts = compileModelParts(checked.value);
    if (!parts.ok) throw new Error('compiles');
    expect(parts.value.formulas[0]!.nodes).toBe(10);
  });

  it(`refuses more than ${MODEL_BUDGET.formulas} formulas, in Chinese and English`, () => {
    const issues = budgetIssues(withExtraFormulas(MODEL_BUDGET.formulas, 1));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'over_budget', path: 'formulas' }));
    expect(issues[0]).toMatchObject({ messageZh: '公式 70 个，超过上限 64 个', message: '70 formulas: at most 64' });
  });

  it('refuses a formula of more syntax nodes than the limit and names it', () => {
    // 0 * (1 + 1 + … + 1) with 200 ones: 399 nodes in 400 characters, within the length limit.
    const model: ModelJson = structuredClone(defaultModelJson);
    model.formulas = [{ name: 'extra_0', description: 'x', expression: `clamp(0 * (${Array(200).fill('1').join('+')}), 0, 1)` }, ...model.formulas];
    const issues = budgetIssues(model);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'over_budget', formula: 'extra_0', path: 'formulas.0.expression', messageZh: expect.stringMatching(/^“extra_0”有 \d+ 个语法节点/), message: expect.stringContaining('split it') }),
    ]);
  });

  it('refuses a model whose formulas are each small but together cost too much per enterprise (the 450-formula case)', () => {
    // 40 formulas of 10 terms: each under the node limit, together ~48,000 node runs per enterprise.
    const issues = budgetIssues(withExtraFormulas(40, 10));
    expect(issues).toEqual([expect.objectContaining({ code: 'over_budget', path: 'formulas', message: expect.stringContaining('evaluation work') })]);
    expect(issues.some((issue) => issue.formula !== undefined)).toBe(false);
  });

  it('accepts a model just inside every limit', () => {
    // (15 + 1) × (77 + extra nodes) must stay <= 12,000: 10 formulas of 10 terms (73 nodes each) fit.
    const checked = validateModel(withExtraFormulas(9, 10));
    expect(checked.ok).toBe(true);
  });
});
