/**
 * Scoring formulas in a restricted subset of mathjs expression syntax.
 *
 * A formula is parsed by mathjs, its node tree is checked against a whitelist, and the
 * validated tree is translated into plain JavaScript closures. mathjs never evaluates
 * anything: what is not on the whitelist (assignments, property access, matrices, strings,
 * units, `import`, `evaluate`, `parse`...) is rejected before any code exists to run it.
 *
 * Allowed: finite number literals; the names given by the caller (indicators, earlier
 * formulas) and the constants `pi` and `e`; `+ - * / ^`, unary `-` and `+`; comparisons
 * `< <= > >= == !=` (also chained, `a < b < c`); `and`, `or`, `not`; `c ? a : b`;
 * parentheses; and the functions min, max, abs, round, floor, ceil, sqrt, log, exp, clamp.
 *
 * Semantics are plain IEEE double arithmetic: comparisons and logic give 1 or 0, a
 * condition is true when non-zero, comparisons are exact (no mathjs tolerance), `round`
 * rounds half away from zero, `clamp(x, lo, hi)` is `min(max(x, lo), hi)`.
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
}

export type FormulaIssue =
  | { readonly code: 'syntax_error'; readonly formula: string; readonly message: string }
  | { readonly code: 'forbidden_construct'; readonly formula: string; readonly construct: string; readonly message: string }
  | { readonly code: 'forbidden_function'; readonly formula: string; readonly function: string; readonly message: string }
  | { readonly code: 'unknown_name'; readonly formula: string; readonly identifier: string; readonly message: string }
  | { readonly code: 'wrong_arity'; readonly formula: string; readonly function: string; readonly message: string };

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

type Evaluator = (values: FormulaValues) => number;

const constants = new Map<string, number>([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** Rounds half away from zero, as mathjs's `round` does, optionally to `digits` decimals. */
function roundHalfAway(value: number, digits = 0): number {
  const factor = 10 ** digits;
  const scaled = Math.abs(value) * factor;
  return (Math.sign(value) * Math.round(scaled)) / factor;
}

interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly build: (args: Evaluator[]) => Evaluator;
}

function unary(apply: (x: number) => number): FunctionSpec {
  return {
    minArgs: 1,
    maxArgs: 1,
    build: ([a]) => {
      const x = a as Evaluator;
      return (values) => apply(x(values));
    },
  };
}

function variadic(pick: (a: number, b: number) => number): FunctionSpec {
  return {
    minArgs: 1,
    maxArgs: 16,
    build: (args) => {
      if (args.length === 1) return args[0] as Evaluator;
      if (args.length === 2) {
        const [a, b] = args as [Evaluator, Evaluator];
        return (values) => pick(a(values), b(values));
      }
      return (values) => {
        let result = (args[0] as Evaluator)(values);
        for (let index = 1; index < args.length; index++) result = pick(result, (args[index] as Evaluator)(values));
        return result;
      };
    },
  };
}

const functions = new Map<string, FunctionSpec>([
  ['min', variadic(Math.min)],
  ['max', variadic(Math.max)],
  ['abs', unary(Math.abs)],
  ['floor', unary(Math.floor)],
  ['ceil', unary(Math.ceil)],
  ['sqrt', unary(Math.sqrt)],
  ['exp', unary(Math.exp)],
  [
    'round',
    {
      minArgs: 1,
      maxArgs: 2,
      build: ([a, b]) => {
        const x = a as Evaluator;
        if (!b) return (values) => roundHalfAway(x(values));
        return (values) => roundHalfAway(x(values), Math.min(15, Math.max(0, Math.trunc(b(values)))));
      },
    },
  ],
  [
    'log',
    {
      minArgs: 1,
      maxArgs: 2,
      build: ([a, b]) => {
        const x = a as Evaluator;
        if (!b) return (values) => Math.log(x(values));
        return (values) => Math.log(x(values)) / Math.log(b(values));
      },
    },
  ],
  [
    'clamp',
    {
      minArgs: 3,
      maxArgs: 3,
      build: (args) => {
        const [x, low, high] = args as [Evaluator, Evaluator, Evaluator];
        return (values) => Math.min(Math.max(x(values), low(values)), high(values));
      },
    },
  ],
]);

/** Names a formula may not use for a variable: functions, constants and parser keywords. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...functions.keys(),
  ...constants.keys(),
  ...['and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'true', 'false', 'null', 'undefined', 'end', 'NaN', 'Infinity'],
]);

const binaryOperators = new Map<string, (a: Evaluator, b: Evaluator) => Evaluator>([
  ['add', (a, b) => (v) => a(v) + b(v)],
  ['subtract', (a, b) => (v) => a(v) - b(v)],
  ['multiply', (a, b) => (v) => a(v) * b(v)],
  ['divide', (a, b) => (v) => a(v) / b(v)],
  ['pow', (a, b) => (v) => a(v) ** b(v)],
  ['smaller', (a, b) => (v) => (a(v) < b(v) ? 1 : 0)],
  ['smallerEq', (a, b) => (v) => (a(v) <= b(v) ? 1 : 0)],
  ['larger', (a, b) => (v) => (a(v) > b(v) ? 1 : 0)],
  ['largerEq', (a, b) => (v) => (a(v) >= b(v) ? 1 : 0)],
  ['equal', (a, b) => (v) => (a(v) === b(v) ? 1 : 0)],
  ['unequal', (a, b) => (v) => (a(v) !== b(v) ? 1 : 0)],
  ['and', (a, b) => (v) => (a(v) !== 0 && b(v) !== 0 ? 1 : 0)],
  ['or', (a, b) => (v) => (a(v) !== 0 || b(v) !== 0 ? 1 : 0)],
]);

const unaryOperators = new Map<string, (a: Evaluator) => Evaluator>([
  ['unaryMinus', (a) => (v) => -a(v)],
  ['unaryPlus', (a) => a],
  ['not', (a) => (v) => (a(v) === 0 ? 1 : 0)],
]);

/** What each mathjs node type is called in messages. */
const constructNames: Record<string, string> = {
  AccessorNode: 'property or index access',
  ArrayNode: 'array or matrix',
  AssignmentNode: 'assignment',
  BlockNode: 'block of several expressions',
  FunctionAssignmentNode: 'function definition',
  IndexNode: 'index',
  ObjectNode: 'object',
  RangeNode: 'range',
};

class FormulaRejection extends Error {
  constructor(readonly issue: FormulaIssue) {
    super(issue.message);
  }
}

interface Translation {
  readonly formula: string;
  readonly slots: ReadonlyMap<string, number>;
  readonly references: string[];
}

function reject(translation: Translation, construct: string, detail: string): never {
  throw new FormulaRejection({
    code: 'forbidden_construct',
    formula: translation.formula,
    construct,
    message: `formula '${translation.formula}': ${detail} is not allowed`,
  });
}

function translate(node: MathNode, translation: Translation, depth: number): Evaluator {
  if (depth > MAX_FORMULA_DEPTH) reject(translation, 'depth', `nesting deeper than ${MAX_FORMULA_DEPTH} levels`);
  const formula = translation.formula;
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value;
      if (typeof value !== 'number') reject(translation, 'constant', `the ${value === null ? 'null' : typeof value} constant ${JSON.stringify(value)}`);
      if (!Number.isFinite(value)) reject(translation, 'constant', `the non-finite number ${String(value)}`);
      return () => value;
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      const slot = translation.slots.get(name);
      if (slot !== undefined) {
        if (!translation.references.includes(name)) translation.references.push(name);
        return (values) => values[slot] as number;
      }
      const constant = constants.get(name);
      if (constant !== undefined) return () => constant;
      if (functions.has(name)) reject(translation, 'function value', `using the function '${name}' as a value`);
      throw new FormulaRejection({ code: 'unknown_name', formula, identifier: name, message: `formula '${formula}': unknown name '${name}'` });
    }
    case 'ParenthesisNode':
      return translate((node as unknown as { content: MathNode }).content, translation, depth + 1);
    case 'OperatorNode': {
      const { fn, op, args } = node as unknown as { fn: string; op: string; args: MathNode[] };
      const operands = args.map((argument) => translate(argument, translation, depth + 1));
      if (operands.length === 2) {
        const build = binaryOperators.get(fn);
        if (build) return build(operands[0] as Evaluator, operands[1] as Evaluator);
      } else if (operands.length === 1) {
        const build = unaryOperators.get(fn);
        if (build) return build(operands[0] as Evaluator);
      }
      return reject(translation, 'operator', `the operator '${op}' (${fn})`);
    }
    case 'ConditionalNode': {
      const parts = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      const condition = translate(parts.condition, translation, depth + 1);
      const whenTrue = translate(parts.trueExpr, translation, depth + 1);
      const whenFalse = translate(parts.falseExpr, translation, depth + 1);
      return (values) => (condition(values) !== 0 ? whenTrue(values) : whenFalse(values));
    }
    case 'RelationalNode': {
      const { conditionals, params } = node as unknown as { conditionals: string[]; params: MathNode[] };
      const operands = params.map((parameter) => translate(parameter, translation, depth + 1));
      const comparisons = conditionals.map((conditional, index) => {
        const build = binaryOperators.get(conditional);
        if (!build || !['smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal'].includes(conditional)) {
          return reject(translation, 'operator', `the comparison '${conditional}'`);
        }
        return build(operands[index] as Evaluator, operands[index + 1] as Evaluator);
      });
      return (values) => {
        for (const comparison of comparisons) if (comparison(values) === 0) return 0;
        return 1;
      };
    }
    case 'FunctionNode': {
      const { fn, args } = node as unknown as { fn: MathNode; args: MathNode[] };
      if (fn.type !== 'SymbolNode') return reject(translation, 'call', 'calling anything but a named function (such as the result of a property access)');
      const name = (fn as unknown as { name: string }).name;
      const spec = functions.get(name);
      if (!spec) {
        throw new FormulaRejection({
          code: 'forbidden_function',
          formula,
          function: name,
          message: `formula '${formula}': the function '${name}' is not allowed (allowed: ${[...functions.keys()].join(', ')})`,
        });
      }
      if (args.length < spec.minArgs || args.length > spec.maxArgs) {
        const expected = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
        throw new FormulaRejection({
          code: 'wrong_arity',
          formula,
          function: name,
          message: `formula '${formula}': ${name} takes ${expected} arguments, got ${args.length}`,
        });
      }
      return spec.build(args.map((argument) => translate(argument, translation, depth + 1)));
    }
    default:
      return reject(translation, node.type, constructNames[node.type] ?? `the construct ${node.type}`);
  }
}

/**
 * Checks a formula against the whitelist and turns it into a function of a value array.
 * `names[i]` is read from slot `i`. mathjs only parses; it never evaluates.
 *
 * @example
 * const compiled = compileFormula('basic', 'clamp(10 - 2 * penalties, 0, 10)', ['penalties']);
 * compiled.ok && compiled.value.evaluate(Float64Array.of(3)) // 4
 */
export function compileFormula(formula: string, source: string, names: readonly string[]): Result<CompiledFormula, FormulaIssue> {
  if (source.length > MAX_FORMULA_LENGTH) {
    return err({ code: 'forbidden_construct', formula, construct: 'length', message: `formula '${formula}': longer than ${MAX_FORMULA_LENGTH} characters` });
  }
  let tree: MathNode;
  try {
    tree = parse(source);
  } catch (error) {
    const detail = error instanceof RangeError ? 'nested too deeply' : error instanceof Error ? error.message : String(error);
    return err({ code: 'syntax_error', formula, message: `formula '${formula}': syntax error: ${detail}` });
  }
  const translation: Translation = { formula, slots: new Map(names.map((name, index) => [name, index])), references: [] };
  try {
    const evaluate = translate(tree, translation, 0);
    return ok({ name: formula, source, references: translation.references, evaluate });
  } catch (error) {
    if (error instanceof FormulaRejection) return err(error.issue);
    if (error instanceof RangeError) {
      return err({ code: 'forbidden_construct', formula, construct: 'depth', message: `formula '${formula}': nested too deeply` });
    }
    throw error;
  }
}
