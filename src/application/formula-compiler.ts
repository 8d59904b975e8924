/**
 * Turns the scoring formulas' generated JavaScript into functions, for `compileModel`'s
 * `compileSource` option. Lives outside src/core because `new Function` is code creation,
 * which a browser under a strict Content-Security-Policy refuses; the core only writes the
 * source (from validated formulas: literals, slot reads, fixed operators and helpers).
 */
import type { SourceCompiler } from '../core/scoring/formula.ts';

/**
 * `new Function(...parameters, body)`.
 *
 * @example compileModel(model, { compileSource: compileFormulaSource })
 */
export const compileFormulaSource: SourceCompiler = (parameters, body) => new Function(...parameters, body) as (...args: never[]) => unknown;
