/**
 * Scoring formulas in a restricted subset of mathjs expression syntax: the one entry point.
 *
 * A formula is parsed by mathjs, its node tree is checked against a whitelist, and the
 * validated tree is translated into plain JavaScript closures. mathjs never evaluates
 * anything: what is not on the whitelist (assignments, property access, matrices, strings,
 * units, `import`, `evaluate`, `parse`...) is rejected before any code exists to run it.
 * The same tree is also written out as JavaScript source, which a caller-injected compiler
 * may turn into functions; both give the same numbers bit for bit.
 *
 * The work is done in four files: `formula-syntax.ts` (the language, its whitelist and
 * helpers), `formula-closures.ts` (the closure back-end), `formula-source.ts` (the source
 * back-end) and `formula-program.ts` (linking formulas into one program). Their public names
 * are re-exported here.
 */
import { translateFormula } from './formula-closures.ts';
import { emitExpression } from './formula-source.ts';
import { FormulaRejection, parseFormula, type CompiledFormula, type FormulaIssue } from './formula-syntax.ts';
import { err, ok, type Result } from '../result.ts';

export { linkFormulaProgram, type FormulaProgram, type SourceCompiler } from './formula-program.ts';
export { formatNumberLiteral, formulaProgramSource } from './formula-source.ts';
export { MAX_FORMULA_DEPTH, RESERVED_NAMES, type CompiledFormula, type FormulaIssue } from './formula-syntax.ts';

/**
 * Checks a formula against the whitelist and turns it into a function of a value array.
 * `names[i]` is read from slot `i`. mathjs only parses; it never evaluates.
 *
 * @example
 * const compiled = compileFormula('basic', 'clamp(10 - 2 * penalties, 0, 10)', ['penalties']);
 * compiled.ok && compiled.value.evaluate(Float64Array.of(3)) // 4
 */
export function compileFormula(formula: string, source: string, names: readonly string[]): Result<CompiledFormula, FormulaIssue> {
  const parsed = parseFormula(formula, source);
  if (!parsed.ok) return parsed;
  const slots = new Map(names.map((name, index) => [name, index]));
  try {
    const { evaluate, references } = translateFormula(formula, parsed.value, slots);
    const code = emitExpression(parsed.value, slots);
    let nodes = 0;
    parsed.value.traverse(() => {
      nodes++;
    });
    return ok({ name: formula, source, references, evaluate, code, nodes });
  } catch (error) {
    if (error instanceof FormulaRejection) return err(error.issue);
    if (error instanceof RangeError) {
      return err({ code: 'forbidden_construct', formula, construct: 'depth', message: `formula '${formula}': nested too deeply`, messageZh: `公式“${formula}”嵌套过深` });
    }
    throw error;
  }
}
