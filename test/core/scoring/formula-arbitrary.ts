/**
 * Random formulas for property tests, as source text in the restricted language.
 *
 * `anyFormula` covers the whole language (every operator and function, literals from 0 to
 * 5e-324 and 1e300) for comparing our two evaluation paths on any input, NaN and ±Infinity
 * included. `tameFormula` keeps to what mathjs evaluates exactly like IEEE arithmetic on
 * finite inputs (no NaN or Infinity can arise, no floor/ceil/round, which mathjs rounds with
 * a tolerance, no negative base for ^), for comparing with mathjs itself.
 */
import fc from 'fast-check';

export const FORMULA_NAMES = ['penalty_weight', 'age', 'listed'] as const;

const name = fc.constantFrom(...FORMULA_NAMES);
const literal = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map(String),
  fc.constantFrom('0.1', '0.5', '2.5', '1e300', '5e-324', '1e-7', '0'),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
);
const implicitProduct = fc.tuple(fc.integer({ min: 1, max: 9 }), name).map(([factor, variable]) => `${factor} ${variable}`);

/** Sometimes parenthesised, so both bare precedence and ParenthesisNode are exercised. */
function group(source: string, parenthesise: boolean): string {
  return parenthesise ? `(${source})` : source;
}

function formulaArbitrary(tame: boolean): fc.Arbitrary<string> {
  const leaf = tame ? fc.oneof(name, fc.integer({ min: 0, max: 100 }).map(String), fc.constantFrom('0.1', '0.5', '2.5'), implicitProduct) : fc.oneof(name, literal, fc.constantFrom('pi', 'e'), implicitProduct);
  const binaryOperators = tame
    ? ['+', '-', '*', '<', '<=', '>', '>=', '==', '!=', 'and', 'or']
    : ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', 'and', 'or'];
  const unaryOperators = tame ? ['-', 'not '] : ['-', '+', 'not '];
  const { node } = fc.letrec<{ node: string }>((tie) => {
    const child = tie('node');
    const wrapped = fc.tuple(child, fc.boolean()).map(([source, parenthesise]) => group(source, parenthesise));
    const calls = tame
      ? [
          fc.array(child, { minLength: 1, maxLength: 4 }).chain((args) => fc.constantFrom('min', 'max').map((fn) => `${fn}(${args.join(', ')})`)),
          child.map((a) => `abs(${a})`),
          fc.tuple(child, child, child).map(([a, b, c]) => `clamp(${a}, ${b}, ${c})`),
          fc.tuple(child, child).map(([a, b]) => `(${a}) / (abs(${b}) + 1)`),
          child.map((a) => `sqrt(abs(${a}))`),
          child.map((a) => `log(abs(${a}) + 1)`),
          child.map((a) => `abs(${a}) ^ 2`),
        ]
      : [
          fc.array(child, { minLength: 1, maxLength: 4 }).chain((args) => fc.constantFrom('min', 'max').map((fn) => `${fn}(${args.join(', ')})`)),
          fc.tuple(fc.constantFrom('abs', 'floor', 'ceil', 'sqrt', 'exp', 'log', 'round'), child).map(([fn, a]) => `${fn}(${a})`),
          fc.tuple(fc.constantFrom('log', 'round'), child, child).map(([fn, a, b]) => `${fn}(${a}, ${b})`),
          fc.tuple(child, child, child).map(([a, b, c]) => `clamp(${a}, ${b}, ${c})`),
        ];
    return {
      node: fc.oneof(
        { depthSize: 'small', maxDepth: tame ? 4 : 6 },
        leaf,
        fc.tuple(wrapped, fc.constantFrom(...binaryOperators), wrapped).map(([a, operator, b]) => `${a} ${operator} ${b}`),
        fc.tuple(fc.constantFrom(...unaryOperators), child).map(([operator, a]) => `${operator}(${a})`),
        fc.tuple(wrapped, wrapped, wrapped).map(([condition, a, b]) => `(${condition} ? ${a} : ${b})`),
        fc.tuple(wrapped, fc.constantFrom('<', '<=', '=='), wrapped, fc.constantFrom('<', '>=', '!='), wrapped).map((parts) => parts.join(' ')),
        ...calls,
      ),
    };
  });
  return node;
}

export const anyFormula = formulaArbitrary(false);
export const tameFormula = formulaArbitrary(true);

/** Any double, with the awkward ones (NaN, ±Infinity, -0, halves) often. */
export const anyValue = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, -1, 0.5, -2.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));

/** Finite values where the tame formulas stay finite. */
export const tameValue = fc.oneof(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.constantFrom(0, -0, 1, 2.5, 3));
