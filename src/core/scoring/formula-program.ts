/**
 * Linking compiled formulas into one program over the slot array: the generated source
 * turned into functions by an injected `SourceCompiler` when there is one (Node), the
 * closures otherwise (a strict Content-Security-Policy, the browser verifier).
 */
import { formulaProgramSource } from './formula-source.ts';
import { FORMULA_HELPERS, type CompiledFormula, type FormulaHelpers, type FormulaValues } from './formula-syntax.ts';

/**
 * Turns JavaScript source into a function, as `new Function(...parameters, body)` does.
 * Injected by the caller: the core never creates code itself (a strict CSP forbids it).
 */
export type SourceCompiler = (parameters: readonly string[], body: string) => (...args: never[]) => unknown;

/** Formulas and rule conditions as functions of the slot array. */
export interface FormulaProgram {
  /** Computes formula `i` into slot `firstSlot + i`, in order. */
  readonly computeFormulas: (values: FormulaValues) => void;
  readonly formulas: readonly ((values: FormulaValues) => number)[];
  readonly rules: readonly ((values: FormulaValues) => number)[];
}

/**
 * The formulas and rules as one program: generated code when a `compileSource` is given,
 * the closures otherwise. Both compute the same values.
 *
 * @example
 * const program = linkFormulaProgram(formulas, 15, rules, (parameters, body) => new Function(...parameters, body));
 * program.computeFormulas(values);
 */
export function linkFormulaProgram(
  formulas: readonly CompiledFormula[],
  firstSlot: number,
  rules: readonly CompiledFormula[],
  compileSource?: SourceCompiler,
): FormulaProgram {
  if (!compileSource) {
    const evaluators = formulas.map((formula) => formula.evaluate);
    return {
      computeFormulas: (values) => {
        for (let index = 0; index < evaluators.length; index++) values[firstSlot + index] = evaluators[index]!(values);
      },
      formulas: evaluators,
      rules: rules.map((rule) => rule.evaluate),
    };
  }
  const factory = compileSource(['h'], formulaProgramSource(formulas, firstSlot, rules)) as unknown as (helpers: FormulaHelpers) => FormulaProgram;
  const program = factory(FORMULA_HELPERS);
  if (typeof program.computeFormulas !== 'function' || program.formulas.length !== formulas.length || program.rules.length !== rules.length) {
    throw new Error('the source compiler returned something other than the formula program');
  }
  return program;
}
