/**
 * The closure back-end of scoring formulas: a parsed tree checked against the whitelist
 * (`formula-syntax.ts`) while it is translated into plain JavaScript closures over the slot
 * array. What is not on the whitelist is rejected before any closure exists to run it.
 * These closures are what runs when no `SourceCompiler` is given (a strict CSP, the
 * browser verifier); `formula-source.ts` must give the same numbers bit for bit.
 */
import type { MathNode } from 'mathjs';
import {
  CONSTRUCT_NAMES,
  FORMULA_COMPARISONS,
  FORMULA_CONSTANTS,
  FORMULA_FUNCTIONS,
  FORMULA_HELPERS,
  FormulaRejection,
  isFormulaFunction,
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_LENGTH,
  type FormulaFunctionName,
  type FormulaValues,
} from './formula-syntax.ts';

type Evaluator = (values: FormulaValues) => number;

/** A whitelisted call as a closure; `pieces` show which arguments are constants, for the common shapes worth a direct closure. */
type ClosureBuilder = (args: Evaluator[], pieces: readonly Piece[]) => Evaluator;

function unary(helper: 'abs' | 'floor' | 'ceil' | 'sqrt' | 'exp'): ClosureBuilder {
  const apply = FORMULA_HELPERS[helper];
  return ([a]) => {
    const x = a as Evaluator;
    return (values) => apply(x(values));
  };
}

function constantOf(piece: Piece | undefined): number | undefined {
  return piece?.kind === 'constant' ? piece.value : undefined;
}

function extremum(which: 'min' | 'max'): ClosureBuilder {
  const pick = which === 'min' ? Math.min : Math.max;
  return (args, pieces) => {
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
  };
}

const closureBuilders: Readonly<Record<FormulaFunctionName, ClosureBuilder>> = {
  min: extremum('min'),
  max: extremum('max'),
  abs: unary('abs'),
  floor: unary('floor'),
  ceil: unary('ceil'),
  sqrt: unary('sqrt'),
  exp: unary('exp'),
  round: ([a, b]) => {
    const x = a as Evaluator;
    const { round, roundDigits } = FORMULA_HELPERS;
    if (!b) return (values) => round(x(values));
    const digits = b;
    return (values) => roundDigits(x(values), digits(values));
  },
  log: ([a, b]) => {
    const x = a as Evaluator;
    const { log, logBase } = FORMULA_HELPERS;
    if (!b) return (values) => log(x(values));
    const base = b;
    return (values) => logBase(x(values), base(values));
  },
  clamp: (args, pieces) => {
    const [x, low, high] = args as [Evaluator, Evaluator, Evaluator];
    const lowValue = constantOf(pieces[1]);
    const highValue = constantOf(pieces[2]);
    if (lowValue !== undefined && highValue !== undefined) return (values) => Math.min(Math.max(x(values), lowValue), highValue);
    return (values) => Math.min(Math.max(x(values), low(values)), high(values));
  },
};

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

interface Translation {
  readonly formula: string;
  readonly slots: ReadonlyMap<string, number>;
  readonly references: string[];
}

function reject(translation: Translation, construct: string, [detailZh, detail]: readonly [zh: string, en: string]): never {
  throw new FormulaRejection({
    code: 'forbidden_construct',
    formula: translation.formula,
    construct,
    message: `formula '${translation.formula}': ${detail} is not allowed`,
    messageZh: `公式“${translation.formula}”中不允许${detailZh}`,
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
  if (depth > MAX_FORMULA_DEPTH) reject(translation, 'depth', [`超过 ${MAX_FORMULA_DEPTH} 层的嵌套`, `nesting deeper than ${MAX_FORMULA_DEPTH} levels`]);
  const formula = translation.formula;
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value;
      if (typeof value !== 'number') reject(translation, 'constant', [`${value === null ? 'null' : typeof value} 常量 ${JSON.stringify(value)}`, `the ${value === null ? 'null' : typeof value} constant ${JSON.stringify(value)}`]);
      if (!Number.isFinite(value)) reject(translation, 'constant', [`非有限数 ${String(value)}`, `the non-finite number ${String(value)}`]);
      return { kind: 'constant', value };
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      const slot = translation.slots.get(name);
      if (slot !== undefined) {
        if (!translation.references.includes(name)) translation.references.push(name);
        return { kind: 'slot', factor: 1, slot };
      }
      const constant = FORMULA_CONSTANTS.get(name);
      if (constant !== undefined) return { kind: 'constant', value: constant };
      if (isFormulaFunction(name)) reject(translation, 'function value', [`把函数 ${name} 当作值使用`, `using the function '${name}' as a value`]);
      throw new FormulaRejection({ code: 'unknown_name', formula, identifier: name, message: `formula '${formula}': unknown name '${name}'`, messageZh: `公式“${formula}”中有未知的名称 ${name}` });
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
      return reject(translation, 'operator', [`运算符 ${op}（${fn}）`, `the operator '${op}' (${fn})`]);
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
        if (!build || !FORMULA_COMPARISONS.has(conditional)) {
          return reject(translation, 'operator', [`比较 ${conditional}`, `the comparison '${conditional}'`]);
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
      if (fn.type !== 'SymbolNode') return reject(translation, 'call', ['调用具名函数以外的东西（例如属性访问的结果）', 'calling anything but a named function (such as the result of a property access)']);
      const name = (fn as unknown as { name: string }).name;
      if (!isFormulaFunction(name)) {
        throw new FormulaRejection({
          code: 'forbidden_function',
          formula,
          function: name,
          message: `formula '${formula}': the function '${name}' is not allowed (allowed: ${Object.keys(FORMULA_FUNCTIONS).join(', ')})`,
          messageZh: `公式“${formula}”中不允许函数 ${name}（允许：${Object.keys(FORMULA_FUNCTIONS).join('、')}）`,
        });
      }
      const spec = FORMULA_FUNCTIONS[name];
      if (args.length < spec.minArgs || args.length > spec.maxArgs) {
        const expected = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
        throw new FormulaRejection({
          code: 'wrong_arity',
          formula,
          function: name,
          message: `formula '${formula}': ${name} takes ${expected} arguments, got ${args.length}`,
          messageZh: `公式“${formula}”中 ${name} 需要 ${expected.replace(' to ', ' 到 ')} 个参数，实际 ${args.length} 个`,
        });
      }
      const pieces = args.map((argument) => translatePiece(argument, translation, depth + 1));
      return general(closureBuilders[name](pieces.map(toEvaluator), pieces));
    }
    default:
      return reject(translation, node.type, CONSTRUCT_NAMES[node.type] ?? [`${node.type} 结构`, `the construct ${node.type}`]);
  }
}

/** A formula that passed the whitelist, as a closure, with the names it reads. */
export interface TranslatedFormula {
  readonly evaluate: (values: FormulaValues) => number;
  /** Names the formula reads, in first-use order. */
  readonly references: readonly string[];
}

/**
 * Checks a parsed formula against the whitelist and turns it into a closure over the slot
 * array, `slots` giving each name's slot. Throws `FormulaRejection` on the first forbidden node.
 *
 * @example
 * translateFormula('basic', parsed, new Map([['penalties', 0]])).evaluate(Float64Array.of(3))
 */
export function translateFormula(formula: string, tree: MathNode, slots: ReadonlyMap<string, number>): TranslatedFormula {
  const translation: Translation = { formula, slots, references: [] };
  const evaluate = translate(tree, translation, 0);
  return { evaluate, references: translation.references };
}
