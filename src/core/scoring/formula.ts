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
 *
 * A validated tree can also be written out as JavaScript source (`formulaProgramSource`):
 * only numeric literals, slot reads `v[i]`, fixed operators and calls to the fixed helper
 * table `FORMULA_HELPERS`, never a name or text from the formula. Turning that source into
 * a function needs `new Function`, which a strict Content-Security-Policy forbids, so the
 * core never does it: the caller may inject a `SourceCompiler` (Node does), and without one
 * the closures run. Both give the same numbers bit for bit.
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
type HelperName = keyof FormulaHelpers;

/** A call to a helper in generated code: `$name(arg, ...)`. */
function call(helper: HelperName, args: readonly string[]): string {
  return `$${helper}(${args.join(', ')})`;
}

interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** `pieces` show which arguments are constants, for the common shapes worth a direct closure. */
  readonly build: (args: Evaluator[], pieces: readonly Piece[]) => Evaluator;
  /** The call as JavaScript source, from the arguments' source. */
  readonly emit: (args: readonly string[]) => string;
}

function unary(helper: 'abs' | 'floor' | 'ceil' | 'sqrt' | 'exp'): FunctionSpec {
  const apply = FORMULA_HELPERS[helper];
  return {
    minArgs: 1,
    maxArgs: 1,
    build: ([a]) => {
      const x = a as Evaluator;
      return (values) => apply(x(values));
    },
    emit: (args) => call(helper, args),
  };
}

function constantOf(piece: Piece | undefined): number | undefined {
  return piece?.kind === 'constant' ? piece.value : undefined;
}

function extremum(which: 'min' | 'max'): FunctionSpec {
  const pick = which === 'min' ? Math.min : Math.max;
  return {
    minArgs: 1,
    maxArgs: 16,
    build: (args, pieces) => {
      if (args.length === 1) return args[0] as Evaluator;
      if (args.length === 2) {
        const [a, b] = args as [Evaluator, Evaluator];
        const bound = constantOf(pieces[1]) ?? constantOf(pieces[0]);
        const other = constantOf(pieces[1]) !== undefined ? a : b;
        if (bound !== undefined) {
          return which === 'min' ? (values) => Math.min(other(values), bound) : (values) => Math.max(other(values), bound);
        }
        return which === 'min' ? (values) => Math.min(a(values), b(values)) : (values) => Math.max(a(values), b(values));
      }
      return (values) => {
        let result = (args[0] as Evaluator)(values);
        for (let index = 1; index < args.length; index++) result = pick(result, (args[index] as Evaluator)(values));
        return result;
      };
    },
    // Pairwise from the left, as the closures fold (Math.min and Math.max are commutative
    // and associative, signed zeros and NaN included, so the constant-bound swap is exact).
    emit: (args) => args.slice(1).reduce((result, next) => call(which, [result, next]), args[0] as string),
  };
}

const functions = new Map<string, FunctionSpec>([
  ['min', extremum('min')],
  ['max', extremum('max')],
  ['abs', unary('abs')],
  ['floor', unary('floor')],
  ['ceil', unary('ceil')],
  ['sqrt', unary('sqrt')],
  ['exp', unary('exp')],
  [
    'round',
    {
      minArgs: 1,
      maxArgs: 2,
      build: ([a, b]) => {
        const x = a as Evaluator;
        const { round, roundDigits } = FORMULA_HELPERS;
        if (!b) return (values) => round(x(values));
        const digits = b;
        return (values) => roundDigits(x(values), digits(values));
      },
      emit: (args) => call(args.length === 1 ? 'round' : 'roundDigits', args),
    },
  ],
  [
    'log',
    {
      minArgs: 1,
      maxArgs: 2,
      build: ([a, b]) => {
        const x = a as Evaluator;
        const { log, logBase } = FORMULA_HELPERS;
        if (!b) return (values) => log(x(values));
        const base = b;
        return (values) => logBase(x(values), base(values));
      },
      emit: (args) => call(args.length === 1 ? 'log' : 'logBase', args),
    },
  ],
  [
    'clamp',
    {
      minArgs: 3,
      maxArgs: 3,
      build: (args, pieces) => {
        const [x, low, high] = args as [Evaluator, Evaluator, Evaluator];
        const lowValue = constantOf(pieces[1]);
        const highValue = constantOf(pieces[2]);
        if (lowValue !== undefined && highValue !== undefined) return (values) => Math.min(Math.max(x(values), lowValue), highValue);
        return (values) => Math.min(Math.max(x(values), low(values)), high(values));
      },
      emit: (args) => call('clamp', args),
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

/** `indicator >= 1` and the like, the usual shape of a rule condition, as one closure. */
const slotComparisons: Record<string, (slot: number, bound: number) => Evaluator> = {
  smaller: (slot, bound) => (values) => ((values[slot] as number) < bound ? 1 : 0),
  smallerEq: (slot, bound) => (values) => ((values[slot] as number) <= bound ? 1 : 0),
  larger: (slot, bound) => (values) => ((values[slot] as number) > bound ? 1 : 0),
  largerEq: (slot, bound) => (values) => ((values[slot] as number) >= bound ? 1 : 0),
  equal: (slot, bound) => (values) => ((values[slot] as number) === bound ? 1 : 0),
  unequal: (slot, bound) => (values) => ((values[slot] as number) !== bound ? 1 : 0),
};

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

/**
 * A translated sub-expression. Keeping constants and (scaled) slots visible lets sums such as
 * `40 - 15 * penalty_weight - 8 * findings` run as one loop instead of a tree of closures.
 * Every rewrite below is exact in IEEE arithmetic (negation, ×1, x - y = x + (-y), the same
 * left-to-right order), so results equal a naive evaluation of the tree bit for bit.
 */
type Piece =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'slot'; readonly factor: number; readonly slot: number }
  | { readonly kind: 'general'; readonly factor: number; readonly evaluate: Evaluator };

function general(evaluate: Evaluator): Piece {
  return { kind: 'general', factor: 1, evaluate };
}

function negate(piece: Piece): Piece {
  return piece.kind === 'constant' ? { kind: 'constant', value: -piece.value } : { ...piece, factor: -piece.factor };
}

function toEvaluator(piece: Piece): Evaluator {
  switch (piece.kind) {
    case 'constant': {
      const value = piece.value;
      return () => value;
    }
    case 'slot': {
      const { factor, slot } = piece;
      return factor === 1 ? (values) => values[slot] as number : (values) => factor * (values[slot] as number);
    }
    case 'general': {
      const { factor, evaluate } = piece;
      return factor === 1 ? evaluate : (values) => factor * evaluate(values);
    }
  }
}

/** `a ± b ± c ...` along the left spine, as one loop over terms in the original order. */
function translateSum(node: MathNode, translation: Translation, depth: number): Piece {
  const rights: { node: MathNode; sign: number }[] = [];
  let current = node;
  for (;;) {
    while (current.type === 'ParenthesisNode') current = (current as unknown as { content: MathNode }).content;
    const operator = current as unknown as { type: string; fn?: string; args?: MathNode[] };
    if (operator.type !== 'OperatorNode' || (operator.fn !== 'add' && operator.fn !== 'subtract') || operator.args?.length !== 2) break;
    rights.unshift({ node: operator.args[1] as MathNode, sign: operator.fn === 'add' ? 1 : -1 });
    current = operator.args[0] as MathNode;
    if (rights.length > MAX_FORMULA_LENGTH) break;
  }
  const terms = [translatePiece(current, translation, depth + 1), ...rights.map((right) => {
    const piece = translatePiece(right.node, translation, depth + 1);
    return right.sign === 1 ? piece : negate(piece);
  })];
  if (terms.every((term) => term.kind === 'constant')) {
    let total = (terms[0] as { value: number }).value;
    for (let index = 1; index < terms.length; index++) total += (terms[index] as { value: number }).value;
    return { kind: 'constant', value: total };
  }
  const count = terms.length;
  const kinds = Int8Array.from(terms, (term) => (term.kind === 'constant' ? 0 : term.kind === 'slot' ? 1 : 2));
  const factors = Float64Array.from(terms, (term) => (term.kind === 'constant' ? term.value : term.factor));
  const slots = Int32Array.from(terms, (term) => (term.kind === 'slot' ? term.slot : 0));
  const unrolled = linearClosure(kinds, factors, slots);
  if (unrolled) return general(unrolled);
  if (!kinds.includes(2)) {
    return general((values) => {
      let total = kinds[0] === 0 ? (factors[0] as number) : (factors[0] as number) * (values[slots[0] as number] as number);
      for (let index = 1; index < count; index++) {
        total += kinds[index] === 0 ? (factors[index] as number) : (factors[index] as number) * (values[slots[index] as number] as number);
      }
      return total;
    });
  }
  // With a general term, each term is its own closure; a leading constant is inlined.
  const parts = terms.map(toEvaluator);
  const [first, second, third] = parts as [Evaluator, Evaluator, Evaluator | undefined];
  const lead = terms[0]!.kind === 'constant' ? (terms[0] as { value: number }).value : undefined;
  if (count === 2) return general(lead !== undefined ? (values) => lead + second(values) : (values) => first(values) + second(values));
  if (count === 3 && third) {
    return general(lead !== undefined ? (values) => lead + second(values) + third(values) : (values) => first(values) + second(values) + third(values));
  }
  return general((values) => {
    let total = first(values);
    for (let index = 1; index < count; index++) total += (parts[index] as Evaluator)(values);
    return total;
  });
}

/**
 * `c + k1·x1 + k2·x2 ...` and `k1·x1 + k2·x2 ...` with up to five terms as straight-line
 * closures: the shape of most scoring formulas, where a loop's branches would dominate.
 */
function linearClosure(kinds: Int8Array, factors: Float64Array, slots: Int32Array): Evaluator | undefined {
  const count = kinds.length;
  const leadingConstant = kinds[0] === 0;
  for (let index = leadingConstant ? 1 : 0; index < count; index++) if (kinds[index] !== 1) return undefined;
  const [k0, k1, k2, k3, k4] = [factors[0]!, factors[1] ?? 0, factors[2] ?? 0, factors[3] ?? 0, factors[4] ?? 0];
  const [s0, s1, s2, s3, s4] = [slots[0]!, slots[1] ?? 0, slots[2] ?? 0, slots[3] ?? 0, slots[4] ?? 0];
  if (leadingConstant) {
    switch (count) {
      case 2: return (v) => k0 + k1 * v[s1]!;
      case 3: return (v) => k0 + k1 * v[s1]! + k2 * v[s2]!;
      case 4: return (v) => k0 + k1 * v[s1]! + k2 * v[s2]! + k3 * v[s3]!;
      case 5: return (v) => k0 + k1 * v[s1]! + k2 * v[s2]! + k3 * v[s3]! + k4 * v[s4]!;
      default: return undefined;
    }
  }
  switch (count) {
    case 2: return (v) => k0 * v[s0]! + k1 * v[s1]!;
    case 3: return (v) => k0 * v[s0]! + k1 * v[s1]! + k2 * v[s2]!;
    case 4: return (v) => k0 * v[s0]! + k1 * v[s1]! + k2 * v[s2]! + k3 * v[s3]!;
    case 5: return (v) => k0 * v[s0]! + k1 * v[s1]! + k2 * v[s2]! + k3 * v[s3]! + k4 * v[s4]!;
    default: return undefined;
  }
}

/** `a * b`, keeping `constant × slot` a scaled slot when that is exact (the slot's factor is ±1). */
function translateProduct(left: Piece, right: Piece): Piece {
  if (left.kind === 'constant' && right.kind === 'constant') return { kind: 'constant', value: left.value * right.value };
  const [constant, other] = left.kind === 'constant' ? [left, right] : right.kind === 'constant' ? [right, left] : [undefined, undefined];
  if (constant && other && other.kind !== 'constant' && Math.abs(other.factor) === 1) return { ...other, factor: constant.value * other.factor };
  const a = toEvaluator(left);
  const b = toEvaluator(right);
  return general((values) => a(values) * b(values));
}

function translate(node: MathNode, translation: Translation, depth: number): Evaluator {
  return toEvaluator(translatePiece(node, translation, depth));
}

function translatePiece(node: MathNode, translation: Translation, depth: number): Piece {
  if (depth > MAX_FORMULA_DEPTH) reject(translation, 'depth', `nesting deeper than ${MAX_FORMULA_DEPTH} levels`);
  const formula = translation.formula;
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value;
      if (typeof value !== 'number') reject(translation, 'constant', `the ${value === null ? 'null' : typeof value} constant ${JSON.stringify(value)}`);
      if (!Number.isFinite(value)) reject(translation, 'constant', `the non-finite number ${String(value)}`);
      return { kind: 'constant', value };
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      const slot = translation.slots.get(name);
      if (slot !== undefined) {
        if (!translation.references.includes(name)) translation.references.push(name);
        return { kind: 'slot', factor: 1, slot };
      }
      const constant = constants.get(name);
      if (constant !== undefined) return { kind: 'constant', value: constant };
      if (functions.has(name)) reject(translation, 'function value', `using the function '${name}' as a value`);
      throw new FormulaRejection({ code: 'unknown_name', formula, identifier: name, message: `formula '${formula}': unknown name '${name}'` });
    }
    case 'ParenthesisNode':
      return translatePiece((node as unknown as { content: MathNode }).content, translation, depth + 1);
    case 'OperatorNode': {
      const { fn, op, args } = node as unknown as { fn: string; op: string; args: MathNode[] };
      if ((fn === 'add' || fn === 'subtract') && args.length === 2) return translateSum(node, translation, depth);
      if (fn === 'multiply' && args.length === 2) {
        return translateProduct(translatePiece(args[0] as MathNode, translation, depth + 1), translatePiece(args[1] as MathNode, translation, depth + 1));
      }
      if (fn === 'unaryMinus' && args.length === 1) return negate(translatePiece(args[0] as MathNode, translation, depth + 1));
      if (fn === 'unaryPlus' && args.length === 1) return translatePiece(args[0] as MathNode, translation, depth + 1);
      if (args.length === 2 && Object.hasOwn(slotComparisons, fn)) {
        const left = translatePiece(args[0] as MathNode, translation, depth + 1);
        const right = translatePiece(args[1] as MathNode, translation, depth + 1);
        if (left.kind === 'slot' && left.factor === 1 && right.kind === 'constant') return general(slotComparisons[fn]!(left.slot, right.value));
        const build = binaryOperators.get(fn)!;
        return general(build(toEvaluator(left), toEvaluator(right)));
      }
      const operands = args.map((argument) => translate(argument, translation, depth + 1));
      if (operands.length === 2) {
        const build = binaryOperators.get(fn);
        if (build) return general(build(operands[0] as Evaluator, operands[1] as Evaluator));
      } else if (operands.length === 1) {
        const build = unaryOperators.get(fn);
        if (build) return general(build(operands[0] as Evaluator));
      }
      return reject(translation, 'operator', `the operator '${op}' (${fn})`);
    }
    case 'ConditionalNode': {
      const parts = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      const condition = translate(parts.condition, translation, depth + 1);
      const whenTrue = translate(parts.trueExpr, translation, depth + 1);
      const whenFalse = translate(parts.falseExpr, translation, depth + 1);
      return general((values) => (condition(values) !== 0 ? whenTrue(values) : whenFalse(values)));
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
      return general((values) => {
        for (const comparison of comparisons) if (comparison(values) === 0) return 0;
        return 1;
      });
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
      const pieces = args.map((argument) => translatePiece(argument, translation, depth + 1));
      return general(spec.build(pieces.map(toEvaluator), pieces));
    }
    default:
      return reject(translation, node.type, constructNames[node.type] ?? `the construct ${node.type}`);
  }
}

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
 * Writes a tree that `translate` accepted as one JavaScript expression. It re-checks every
 * node it writes and throws on anything else: reaching that would be a bug, never a formula.
 */
function emitExpression(node: MathNode, slots: ReadonlyMap<string, number>): string {
  switch (node.type) {
    case 'ConstantNode':
      return formatNumberLiteral((node as unknown as { value: number }).value);
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      const slot = slots.get(name);
      if (slot !== undefined && Number.isSafeInteger(slot) && slot >= 0) return `v[${slot}]`;
      const constant = constants.get(name);
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
      const spec = fn.type === 'SymbolNode' ? functions.get((fn as unknown as { name: string }).name) : undefined;
      if (!spec || args.length < spec.minArgs || args.length > spec.maxArgs) return unexpected(node);
      return spec.emit(args.map((argument) => emitExpression(argument, slots)));
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
    const code = emitExpression(tree, translation.slots);
    return ok({ name: formula, source, references: translation.references, evaluate, code });
  } catch (error) {
    if (error instanceof FormulaRejection) return err(error.issue);
    if (error instanceof RangeError) {
      return err({ code: 'forbidden_construct', formula, construct: 'depth', message: `formula '${formula}': nested too deeply` });
    }
    throw error;
  }
}
