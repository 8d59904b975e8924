/**
 * The language of scoring formulas: a restricted subset of mathjs expression syntax, its
 * whitelist and what each allowed function means.
 *
 * Allowed: finite number literals; the names given by the caller (indicators, earlier
 * formulas) and the constants `pi` and `e`; `+ - * / ^`, unary `-` and `+`; comparisons
 * `< <= > >= == !=` (also chained, `a < b < c`); `and`, `or`, `not`; `c ? a : b`;
 * parentheses; and the functions min, max, abs, round, floor, ceil, sqrt, log, exp, clamp.
 *
 * Semantics are plain IEEE double arithmetic: comparisons and logic give 1 or 0, a
 * condition is true when non-zero, comparisons are exact (no mathjs tolerance), `round`
 * rounds half away from zero, `clamp(x, lo, hi)` is `min(max(x, lo), hi)`.
 *
 * mathjs only parses here. The two back-ends that run a parsed tree, closures
 * (`formula-closures.ts`) and JavaScript source (`formula-source.ts`), both read this file,
 * so they accept the same formulas and compute with the same helper functions.
 */
import { create, parseDependencies, type FactoryFunctionMap, type MathNode } from 'mathjs';
import { err, ok, type Result } from '../result.ts';

/** The variables a formula reads: slot `i` holds the value of `names[i]`. */
export type FormulaValues = Float64Array;

/** A validated formula, ready to run many times. */
export interface CompiledFormula {
  readonly name: string;
  readonly source: string;
  /** Names the formula reads, in first-use order. */
  readonly references: readonly string[];
  readonly evaluate: (values: FormulaValues) => number;
  /**
   * The formula as one JavaScript expression over the slot array `v` and the helpers
   * `$min`, `$max`... (see `FORMULA_HELPERS`), written from the validated tree.
   */
  readonly code: string;
  /** Nodes in the formula's syntax tree: its cost per evaluation (see `model-budget.ts`). */
  readonly nodes: number;
}

export type FormulaIssue =
  | ({ readonly code: 'syntax_error'; readonly formula: string } & FormulaMessage)
  | ({ readonly code: 'forbidden_construct'; readonly formula: string; readonly construct: string } & FormulaMessage)
  | ({ readonly code: 'forbidden_function'; readonly formula: string; readonly function: string } & FormulaMessage)
  | ({ readonly code: 'unknown_name'; readonly formula: string; readonly identifier: string } & FormulaMessage)
  | ({ readonly code: 'wrong_arity'; readonly formula: string; readonly function: string } & FormulaMessage);

/** A formula problem's words: `message` in English (as always), `messageZh` in Chinese. */
interface FormulaMessage {
  readonly message: string;
  readonly messageZh: string;
}

/** Longest source accepted, and deepest tree: both keep a hostile formula from costing much. */
export const MAX_FORMULA_LENGTH = 2000;
export const MAX_FORMULA_DEPTH = 48;

/**
 * The parser instance: only what `parse` needs, and, following mathjs's security guidance,
 * the functions that could reach beyond an expression replaced by ones that throw. Nothing
 * here is ever called at evaluation time; this is defence in depth around `parse` alone.
 */
const parser = create(parseDependencies as FactoryFunctionMap);
// Keep our own reference first: the instance's `parse` is disabled below like the rest.
const parse = parser.parse;
const disabledFunctions = ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'reviver', 'compile'];
parser.import(
  Object.fromEntries(
    disabledFunctions.map((name) => [
      name,
      () => {
        throw new Error(`Function ${name} is disabled`);
      },
    ]),
  ),
  { override: true },
);

/**
 * Parses a formula's source into a mathjs tree, not yet checked against the whitelist.
 *
 * @example
 * parseFormula('basic', '10 - 2 * penalties') // { ok: true, value: OperatorNode }
 */
export function parseFormula(formula: string, source: string): Result<MathNode, FormulaIssue> {
  if (source.length > MAX_FORMULA_LENGTH) {
    return err({
      code: 'forbidden_construct',
      formula,
      construct: 'length',
      message: `formula '${formula}': longer than ${MAX_FORMULA_LENGTH} characters`,
      messageZh: `公式“${formula}”超过 ${MAX_FORMULA_LENGTH} 个字符`,
    });
  }
  try {
    return ok(parse(source));
  } catch (error) {
    const detail = error instanceof RangeError ? 'nested too deeply' : error instanceof Error ? error.message : String(error);
    // mathjs words its syntax errors in English only; the Chinese says where and quotes them.
    const detailZh = error instanceof RangeError ? '嵌套过深' : detail;
    return err({ code: 'syntax_error', formula, message: `formula '${formula}': syntax error: ${detail}`, messageZh: `公式“${formula}”语法错误：${detailZh}` });
  }
}

/** The named constants a formula may read. */
export const FORMULA_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** Rounds half away from zero, as mathjs's `round` does, optionally to `digits` decimals. */
function roundHalfAway(value: number, digits = 0): number {
  const factor = 10 ** digits;
  const scaled = Math.abs(value) * factor;
  return (Math.sign(value) * Math.round(scaled)) / factor;
}

/**
 * The only functions generated code may call, passed in as an argument (generated code
 * reads no global). The closures call the same functions, so both paths agree bit for bit.
 */
export const FORMULA_HELPERS = Object.freeze({
  min: Math.min,
  max: Math.max,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  logBase: (x: number, base: number): number => Math.log(x) / Math.log(base),
  round: (x: number): number => roundHalfAway(x),
  roundDigits: (x: number, digits: number): number => roundHalfAway(x, Math.min(15, Math.max(0, Math.trunc(digits)))),
  clamp: (x: number, low: number, high: number): number => Math.min(Math.max(x, low), high),
});

export type FormulaHelpers = typeof FORMULA_HELPERS;

/**
 * The functions a formula may call, with how many arguments each takes. Both back-ends key
 * their tables by `FormulaFunctionName`, so a function added here without them fails to compile.
 */
export const FORMULA_FUNCTIONS = Object.freeze({
  min: { minArgs: 1, maxArgs: 16 },
  max: { minArgs: 1, maxArgs: 16 },
  abs: { minArgs: 1, maxArgs: 1 },
  floor: { minArgs: 1, maxArgs: 1 },
  ceil: { minArgs: 1, maxArgs: 1 },
  sqrt: { minArgs: 1, maxArgs: 1 },
  exp: { minArgs: 1, maxArgs: 1 },
  round: { minArgs: 1, maxArgs: 2 },
  log: { minArgs: 1, maxArgs: 2 },
  clamp: { minArgs: 3, maxArgs: 3 },
});

export type FormulaFunctionName = keyof typeof FORMULA_FUNCTIONS;

/**
 * Whether `name` is a whitelisted function.
 *
 * @example
 * isFormulaFunction('clamp') // true
 * isFormulaFunction('evaluate') // false
 */
export function isFormulaFunction(name: string): name is FormulaFunctionName {
  return Object.hasOwn(FORMULA_FUNCTIONS, name);
}

/** Names a formula may not use for a variable: functions, constants and parser keywords. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(FORMULA_FUNCTIONS),
  ...FORMULA_CONSTANTS.keys(),
  ...['and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'true', 'false', 'null', 'undefined', 'end', 'NaN', 'Infinity'],
]);

/** The comparisons a formula may use, by mathjs operator name. */
export const FORMULA_COMPARISONS: ReadonlySet<string> = new Set(['smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal']);

/** What each mathjs node type is called in messages, Chinese and English. */
export const CONSTRUCT_NAMES: Readonly<Record<string, readonly [zh: string, en: string]>> = {
  AccessorNode: ['属性或下标访问', 'property or index access'],
  ArrayNode: ['数组或矩阵', 'array or matrix'],
  AssignmentNode: ['赋值', 'assignment'],
  BlockNode: ['多个表达式组成的块', 'block of several expressions'],
  FunctionAssignmentNode: ['函数定义', 'function definition'],
  IndexNode: ['下标', 'index'],
  ObjectNode: ['对象', 'object'],
  RangeNode: ['范围', 'range'],
};

/** Thrown inside the tree walk to stop at the first forbidden node; caught in `compileFormula`. */
export class FormulaRejection extends Error {
  constructor(readonly issue: FormulaIssue) {
    super(issue.message);
  }
}
