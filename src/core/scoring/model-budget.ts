/**
 * The evaluation cost budget of a scoring model, checked when the model is saved (issue 15),
 * so that no valid model can stall an evaluation run: a 450-formula model was once accepted
 * and took the server 61 s.
 *
 * The cost of one enterprise's evaluation, beyond its indicators, is the formulas' syntax
 * nodes run once for the score and once more for every indicator that is not at its neutral
 * value (its contribution in the explanation is the score with that indicator neutral), plus
 * the rules' nodes once. So the budget bounds `(indicators + 1) × formula nodes + rule nodes`.
 * Measured on a loaded 2-core machine (Node 20, generated JavaScript): 0.9-2.2 ns per node
 * run, so a model at the limit costs at most ~20 µs per enterprise on its worst enterprise
 * (every indicator off neutral); the default model `credit-risk/1` uses about a tenth of it.
 * Beyond ~5,000 nodes V8 stops optimising the generated program and the cost jumps tenfold,
 * which the node limits also keep away from.
 */
import type { ModelIssue, ScoringModel } from './model.ts';
import type { CompiledFormula } from './formula-syntax.ts';

/** The limits; `evaluationWork` is in node runs per enterprise (see the module comment). */
export const MODEL_BUDGET = Object.freeze({
  formulas: 64,
  rules: 64,
  nodesPerFormula: 300,
  evaluationWork: 12_000,
});

/**
 * How much work one enterprise's evaluation costs at most, in syntax-node runs.
 *
 * @example evaluationWork(15, [{ nodes: 77 }], []) // 1232
 */
export function evaluationWork(
  indicatorCount: number,
  formulas: readonly Pick<CompiledFormula, 'nodes'>[],
  rules: readonly Pick<CompiledFormula, 'nodes'>[],
): number {
  const sum = (parts: readonly Pick<CompiledFormula, 'nodes'>[]) => parts.reduce((total, part) => total + part.nodes, 0);
  return (indicatorCount + 1) * sum(formulas) + sum(rules);
}

/**
 * Every way a compiled model exceeds `MODEL_BUDGET`, as model issues (code `over_budget`) with
 * where to look and a message in Chinese and English.
 *
 * @example checkModelBudget(model, parts) // [] for the default model
 */
export function checkModelBudget(
  model: Pick<ScoringModel, 'indicators' | 'formulas' | 'rules'>,
  parts: { readonly formulas: readonly CompiledFormula[]; readonly rules: readonly CompiledFormula[] },
): ModelIssue[] {
  const issues: ModelIssue[] = [];
  if (model.formulas.length > MODEL_BUDGET.formulas) {
    issues.push({
      code: 'over_budget',
      path: 'formulas',
      messageZh: `公式 ${model.formulas.length} 个，超过上限 ${MODEL_BUDGET.formulas} 个`,
      message: `${model.formulas.length} formulas: at most ${MODEL_BUDGET.formulas}`,
    });
  }
  if (model.rules.length > MODEL_BUDGET.rules) {
    issues.push({
      code: 'over_budget',
      path: 'rules',
      messageZh: `规则 ${model.rules.length} 条，超过上限 ${MODEL_BUDGET.rules} 条`,
      message: `${model.rules.length} rules: at most ${MODEL_BUDGET.rules}`,
    });
  }
  const tooLarge = (compiled: CompiledFormula, path: string): void => {
    if (compiled.nodes <= MODEL_BUDGET.nodesPerFormula) return;
    issues.push({
      code: 'over_budget',
      formula: compiled.name,
      path,
      messageZh: `“${compiled.name}”有 ${compiled.nodes} 个语法节点，超过上限 ${MODEL_BUDGET.nodesPerFormula} 个，请拆成几个公式`,
      message: `formula '${compiled.name}': ${compiled.nodes} syntax nodes, at most ${MODEL_BUDGET.nodesPerFormula}: split it into several formulas`,
    });
  };
  parts.formulas.forEach((compiled, index) => tooLarge(compiled, `formulas.${index}.expression`));
  parts.rules.forEach((compiled, index) => tooLarge(compiled, `rules.${index}.when`));
  const work = evaluationWork(model.indicators.length, parts.formulas, parts.rules);
  if (work > MODEL_BUDGET.evaluationWork) {
    issues.push({
      code: 'over_budget',
      path: 'formulas',
      messageZh: `每家企业的评价计算量为 ${work}（(指标数 + 1) × 公式节点数 + 规则节点数），超过上限 ${MODEL_BUDGET.evaluationWork}，请减少公式或指标`,
      message: `evaluation work ${work} per enterprise ((indicators + 1) × formula nodes + rule nodes), at most ${MODEL_BUDGET.evaluationWork}: use fewer or shorter formulas, or fewer indicators`,
    });
  }
  return issues;
}
