/**
 * The source back-end of scoring formulas: a tree that the closure back-end accepted, written
 * out as JavaScript source. Only numeric literals, slot reads `v[i]`, fixed operators and
 * calls to the fixed helper table `FORMULA_HELPERS`, never a name or text from the formula.
 * Turning that source into a function needs `new Function`, which a strict
 * Content-Security-Policy forbids, so the core never does it (see `formula-program.ts`).
 * Both back-ends give the same numbers bit for bit (test/core/scoring/formula.test.ts).
 */
import type { MathNode } from 'mathjs';
import { FORMULA_CONSTANTS, FORMULA_FUNCTIONS, FORMULA_HELPERS, isFormulaFunction, type CompiledFormula, type FormulaFunctionName, type FormulaHelpers } from './formula-syntax.ts';

/** A call to a helper in generated code: `$name(arg, ...)`. */
function call(helper: keyof FormulaHelpers, args: readonly string[]): string {
  return `$${helper}(${args.join(', ')})`;
}

/** Each whitelisted call as JavaScript source, from the arguments' source. */
const emittedCalls: Readonly<Record<FormulaFunctionName, (args: readonly string[]) => string>> = {
  // Pairwise from the left, as the closures fold (Math.min and Math.max are commutative
  // and associative, signed zeros and NaN included, so the constant-bound swap is exact).
  min: (args) => args.slice(1).reduce((result, next) => call('min', [result, next]), args[0] as string),
  max: (args) => args.slice(1).reduce((result, next) => call('max', [result, next]), args[0] as string),
  abs: (args) => call('abs', args),
  floor: (args) => call('floor', args),
  ceil: (args) => call('ceil', args),
  sqrt: (args) => call('sqrt', args),
  exp: (args) => call('exp', args),
  round: (args) => call(args.length === 1 ? 'round' : 'roundDigits', args),
  log: (args) => call(args.length === 1 ? 'log' : 'logBase', args),
  clamp: (args) => call('clamp', args),
};

/**
 * A finite number as a JavaScript literal that reads back as exactly the same number:
 * the shortest round-trip digits (`String`), negative numbers and -0 in parentheses.
 * Anything else (NaN, ±Infinity, a non-number) is a bug: validation rejects it first.
 *
 * @example formatNumberLiteral(-2.5e-7) // '(-2.5e-7)'
 */
export function formatNumberLiteral(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`not a finite number: ${String(value)}`);
  if (Object.is(value, -0)) return '(-0)';
  const digits = String(Math.abs(value));
  if (!/^[0-9]+(\.[0-9]+)?(e[+-][0-9]+)?$/.test(digits) || Number(digits) !== Math.abs(value)) {
    throw new Error(`cannot write ${digits} as a literal`);
  }
  return value < 0 ? `(-${digits})` : digits;
}

/** JavaScript for an operator node, from its operands' source; all exact IEEE operations. */
const emittedOperators: Record<string, (args: readonly string[]) => string> = {
  add: ([a, b]) => `(${a} + ${b})`,
  subtract: ([a, b]) => `(${a} - ${b})`,
  multiply: ([a, b]) => `(${a} * ${b})`,
  divide: ([a, b]) => `(${a} / ${b})`,
  pow: ([a, b]) => `(${a} ** ${b})`,
  smaller: ([a, b]) => `(${a} < ${b} ? 1 : 0)`,
  smallerEq: ([a, b]) => `(${a} <= ${b} ? 1 : 0)`,
  larger: ([a, b]) => `(${a} > ${b} ? 1 : 0)`,
  largerEq: ([a, b]) => `(${a} >= ${b} ? 1 : 0)`,
  equal: ([a, b]) => `(${a} === ${b} ? 1 : 0)`,
  unequal: ([a, b]) => `(${a} !== ${b} ? 1 : 0)`,
  and: ([a, b]) => `(${a} !== 0 && ${b} !== 0 ? 1 : 0)`,
  or: ([a, b]) => `(${a} !== 0 || ${b} !== 0 ? 1 : 0)`,
  unaryMinus: ([a]) => `(-${a})`,
  unaryPlus: ([a]) => a as string,
  not: ([a]) => `(${a} === 0 ? 1 : 0)`,
};

/** The bare comparison of a chain link, `a < b`, for `&&`-joining. */
const emittedComparisons: Record<string, string> = { smaller: '<', smallerEq: '<=', larger: '>', largerEq: '>=', equal: '===', unequal: '!==' };

function unexpected(node: MathNode): never {
  throw new Error(`cannot emit an unvalidated ${node.type}: validate the formula first`);
}

/**
 * Writes a tree that `translateFormula` accepted as one JavaScript expression. It re-checks every
 * node it writes and throws on anything else: reaching that would be a bug, never a formula.
 *
 * @example
 * emitExpression(parsed('10 - 2 * penalties'), new Map([['penalties', 0]])) // '(10 - (2 * v[0]))'
 */
export function emitExpression(node: MathNode, slots: ReadonlyMap<string, number>): string {
  switch (node.type) {
    case 'ConstantNode':
      return formatNumberLiteral((node as unknown as { value: number }).value);
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      const slot = slots.get(name);
      if (slot !== undefined && Number.isSafeInteger(slot) && slot >= 0) return `v[${slot}]`;
      const constant = FORMULA_CONSTANTS.get(name);
      if (constant !== undefined) return formatNumberLiteral(constant);
      return unexpected(node);
    }
    case 'ParenthesisNode':
      return emitExpression((node as unknown as { content: MathNode }).content, slots);
    case 'OperatorNode': {
      const { fn, args } = node as unknown as { fn: string; args: MathNode[] };
      const arity = fn === 'unaryMinus' || fn === 'unaryPlus' || fn === 'not' ? 1 : 2;
      if (!Object.hasOwn(emittedOperators, fn) || args.length !== arity) return unexpected(node);
      return emittedOperators[fn]!(args.map((argument) => emitExpression(argument, slots)));
    }
    case 'ConditionalNode': {
      const parts = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      return `(${emitExpression(parts.condition, slots)} !== 0 ? ${emitExpression(parts.trueExpr, slots)} : ${emitExpression(parts.falseExpr, slots)})`;
    }
    case 'RelationalNode': {
      const { conditionals, params } = node as unknown as { conditionals: string[]; params: MathNode[] };
      const operands = params.map((parameter) => emitExpression(parameter, slots));
      const links = conditionals.map((conditional, index) => {
        if (!Object.hasOwn(emittedComparisons, conditional)) return unexpected(node);
        return `${operands[index]} ${emittedComparisons[conditional]} ${operands[index + 1]}`;
      });
      return `(${links.join(' && ')} ? 1 : 0)`;
    }
    case 'FunctionNode': {
      const { fn, args } = node as unknown as { fn: MathNode; args: MathNode[] };
      const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : '';
      if (!isFormulaFunction(name)) return unexpected(node);
      const { minArgs, maxArgs } = FORMULA_FUNCTIONS[name];
      if (args.length < minArgs || args.length > maxArgs) return unexpected(node);
      return emittedCalls[name](args.map((argument) => emitExpression(argument, slots)));
    }
    default:
      return unexpected(node);
  }
}

/**
 * What generated source may contain once slot reads and helper calls are taken out: digits,
 * the exponent `e`, operators, parentheses, commas and spaces. A last check that no text
 * can have slipped in, whatever a future change to the emitter does.
 */
const SAFE_REMAINDER = /^[0-9.e+\-*/()<>=!?:&|, ]*$/;
const HELPER_CALL = new RegExp(`\\$(?:${Object.keys(FORMULA_HELPERS).join('|')})\\(`, 'g');

function assertSafeCode(code: string): string {
  if (!SAFE_REMAINDER.test(code.replace(/v\[[0-9]+\]/g, ' ').replace(HELPER_CALL, '('))) {
    throw new Error(`generated code failed the safety check: ${code}`);
  }
  return code;
}

/**
 * The body of a function of the helper table `h` that returns a `FormulaProgram`: every
 * formula computed in order into its slot by one straight-line function, and each formula
 * and rule condition on its own. Pure string work on validated formulas.
 *
 * @example
 * formulaProgramSource([compiled], 3, []) // '"use strict";\nconst $min = h.min, ...'
 */
export function formulaProgramSource(formulas: readonly CompiledFormula[], firstSlot: number, rules: readonly CompiledFormula[]): string {
  if (!Number.isSafeInteger(firstSlot) || firstSlot < 0) throw new Error(`bad first slot ${firstSlot}`);
  const codes = formulas.map((formula) => assertSafeCode(formula.code));
  const ruleCodes = rules.map((rule) => assertSafeCode(rule.code));
  const helpers = Object.keys(FORMULA_HELPERS).map((name) => `$${name} = h.${name}`);
  return [
    '"use strict";',
    `const ${helpers.join(', ')};`,
    'function computeFormulas(v) {',
    ...codes.map((code, index) => `  v[${firstSlot + index}] = ${code};`),
    '}',
    `const formulas = [${codes.map((code) => `\n  (v) => ${code}`).join(',')}];`,
    `const rules = [${ruleCodes.map((code) => `\n  (v) => ${code}`).join(',')}];`,
    'return { computeFormulas, formulas, rules };',
  ].join('\n');
}
