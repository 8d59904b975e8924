import fc from 'fast-check';
import { all, create, evaluate as mathjsEvaluate, type FactoryFunctionMap } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { compileFormulaSource } from '../../../src/application/formula-compiler.ts';
import { FORMULA_FUNCTIONS } from '../../../src/core/scoring/formula-syntax.ts';
import { compileFormula, linkFormulaProgram, MAX_FORMULA_DEPTH, type CompiledFormula } from '../../../src/core/scoring/formula.ts';
import { anyFormula, anyValue, FORMULA_NAMES, tameFormula, tameValue } from './formula-arbitrary.ts';

const NAMES = [...FORMULA_NAMES];

/** The formula evaluated every way we run it: closure, generated code as formula, as rule, and in a whole-model pass. */
function evaluateEveryWay(compiled: CompiledFormula, values: readonly number[]): { closure: number; generated: number[] } {
  const program = linkFormulaProgram([compiled], NAMES.length, [compiled], compileFormulaSource);
  const slots = Float64Array.from([...values, 12345]);
  program.computeFormulas(slots);
  const input = Float64Array.from(values);
  return { closure: compiled.evaluate(input), generated: [program.formulas[0]!(input), program.rules[0]!(input), slots[NAMES.length]!] };
}

function compileOrThrow(source: string): CompiledFormula {
  const compiled = compileFormula('f', source, NAMES);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value;
}

/** Evaluates with the closures, checking that generated code gives the very same number. */
function run(source: string, values: number[] = [0, 0, 0]): number {
  const { closure, generated } = evaluateEveryWay(compileOrThrow(source), values);
  for (const value of generated) expect(value).toBe(closure);
  return closure;
}

/** mathjs with exact comparisons (no tolerance), as our formulas compare. */
const exactMathjs = create(all as FactoryFunctionMap, { relTol: Number.MIN_VALUE, absTol: 0 });
const clamp = (x: number, low: number, high: number): number => Math.min(Math.max(x, low), high);

/** Equal numbers: NaN equals NaN, 0 equals -0 (mathjs does not keep the sign of a zero as IEEE does). */
function sameNumber(left: number, right: number): boolean {
  return left === right || (Number.isNaN(left) && Number.isNaN(right));
}

function rejection(source: string) {
  const compiled = compileFormula('danger', source, NAMES);
  expect(compiled.ok).toBe(false);
  if (compiled.ok) throw new Error('accepted');
  return compiled.error;
}

describe('compileFormula: what a formula may do', () => {
  it.each([
    ['1 + 2 * 3 - 4 / 2', 5],
    ['2 ^ 3', 8],
    ['-penalty_weight + +age', 1],
    ['(age - penalty_weight) * 2', 2],
    ['min(penalty_weight, age, 1)', 1],
    ['max(0, 40 - 15 * penalty_weight)', 10],
    ['clamp(120 - age, 0, 100)', 100],
    ['abs(-3) + floor(2.7) + ceil(2.1) + sqrt(16) + round(2.5) + round(-2.5)', 12],
    ['round(3.14159, 2)', 3.14],
    ['log(exp(2)) + log(100, 10)', 4],
    ['listed >= 1 ? 10 : 20', 20],
    ['penalty_weight > 1 and age > 2', 1],
    ['penalty_weight > 5 or not listed', 1],
    ['1 < age < 4', 1],
    ['age == 3 and penalty_weight != 3', 1],
    ['2 age', 6],
    ['pi > 3 and e < 3', 1],
  ])('evaluates %s', (source, expected) => {
    expect(run(source, [2, 3, 0])).toBeCloseTo(expected, 12);
  });

  it('lists the names a formula reads', () => {
    const compiled = compileFormula('f', 'age + max(age, listed)', NAMES);
    expect(compiled.ok && compiled.value.references).toEqual(['age', 'listed']);
  });

  it('agrees with mathjs bit for bit on arithmetic, min, max, abs and conditionals over random values, closures and generated code alike', () => {
    const formulas = [
      'max(0, 40 - 15 * penalty_weight - 8 * age) + 3 * listed',
      'min(10, 8 - 3 * penalty_weight + age / 4)',
      'listed > 0 ? age ^ 2 : abs(penalty_weight - age)',
      '(penalty_weight + 1) * (age - 2) / 3',
      '6 + 3 * min(age, 3) - 3 * listed',
      '0.1 * age + 0.7 * penalty_weight - 0.3 * listed + 0.2 - (age - 0.1 * penalty_weight)',
      'min(max(age + penalty_weight + listed + 0.5 * age + 2, 0), 100)',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...formulas), fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 1 }), (source, penalty_weight, age, listed) => {
        const ours = run(source, [penalty_weight, age, listed]);
        const theirs = mathjsEvaluate(source, { penalty_weight, age, listed }) as number;
        expect(ours).toBe(theirs);
      }),
    );
  });

  it('gives bit-for-bit the same number from closures and generated code on random formulas and any inputs, NaN and infinities included', () => {
    fc.assert(
      fc.property(anyFormula, fc.tuple(anyValue, anyValue, anyValue), (source, values) => {
        const compiled = compileFormula('f', source, NAMES);
        fc.pre(compiled.ok);
        if (!compiled.ok) return;
        const { closure, generated } = evaluateEveryWay(compiled.value, values);
        for (const value of generated) expect(Object.is(value, closure)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same number from both back-ends for every whitelisted function at every arity, constant and variable arguments alike', () => {
    const argumentChoices = ['penalty_weight', 'age', '2.5', '-0', 'listed'];
    for (const [name, { minArgs, maxArgs }] of Object.entries(FORMULA_FUNCTIONS)) {
      for (let arity = minArgs; arity <= Math.min(maxArgs, 4); arity++) {
        fc.assert(
          fc.property(fc.array(fc.constantFrom(...argumentChoices), { minLength: arity, maxLength: arity }), fc.tuple(anyValue, anyValue, anyValue), (args, values) => {
            const compiled = compileFormula('f', `${name}(${args.join(', ')})`, NAMES);
            expect(compiled.ok).toBe(true);
            if (!compiled.ok) return;
            const { closure, generated } = evaluateEveryWay(compiled.value, values);
            for (const value of generated) expect(Object.is(value, closure)).toBe(true);
          }),
          { numRuns: 40 },
        );
      }
    }
  });

  it('agrees with mathjs evaluate (exact comparisons) on random formulas and finite inputs, closures and generated code alike', () => {
    fc.assert(
      fc.property(tameFormula, fc.tuple(tameValue, tameValue, tameValue), (source, values) => {
        const compiled = compileFormula('f', source, NAMES);
        fc.pre(compiled.ok);
        if (!compiled.ok) return;
        const [penalty_weight, age, listed] = values;
        const theirs = Number(exactMathjs.evaluate(source, { penalty_weight, age, listed, clamp }));
        const { closure, generated } = evaluateEveryWay(compiled.value, values);
        expect(sameNumber(closure, theirs)).toBe(true);
        for (const value of generated) expect(Object.is(value, closure)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('compileFormula: malicious and unsupported formulas are rejected before anything runs', () => {
  it.each([
    ['import({}, {override: true})', 'forbidden_function', "the function 'import' is not allowed"],
    ['createUnit("x")', 'forbidden_function', "the function 'createUnit' is not allowed"],
    ['evaluate("1+1")', 'forbidden_function', "the function 'evaluate' is not allowed"],
    ['parse("1").compile()', 'forbidden_construct', 'calling anything but a named function'],
    ['simplify("x+x")', 'forbidden_function', "the function 'simplify' is not allowed"],
    ['derivative("x^2", "x")', 'forbidden_function', "the function 'derivative' is not allowed"],
    ['resolve(age)', 'forbidden_function', "the function 'resolve' is not allowed"],
    ['reviver()', 'forbidden_function', "the function 'reviver' is not allowed"],
    ['f(x) = x', 'forbidden_construct', 'function definition is not allowed'],
    ['age = 3', 'forbidden_construct', 'assignment is not allowed'],
    ['cos.constructor("return process")', 'forbidden_construct', 'calling anything but a named function'],
    ['cos.constructor("return process")()', 'syntax_error', 'syntax error'],
    ['cos.name', 'forbidden_construct', 'property or index access is not allowed'],
    ['cos["constructor"]', 'forbidden_construct', 'property or index access is not allowed'],
    ['max.apply', 'forbidden_construct', 'property or index access is not allowed'],
    ['(age).constructor', 'forbidden_construct', 'property or index access is not allowed'],
    ['zeros(1000000000)', 'forbidden_function', "the function 'zeros' is not allowed"],
    ['ones(100000, 100000)', 'forbidden_function', "the function 'ones' is not allowed"],
    ['[1:1000000000]', 'forbidden_construct', 'array or matrix is not allowed'],
    ['1:1000000000', 'forbidden_construct', 'range is not allowed'],
    ['[age, 1]', 'forbidden_construct', 'array or matrix is not allowed'],
    ['{a: 1}', 'forbidden_construct', 'object is not allowed'],
    ['age; 1', 'forbidden_construct', 'block of several expressions is not allowed'],
    ['"text"', 'forbidden_construct', 'the string constant "text" is not allowed'],
    ['true', 'forbidden_construct', 'the boolean constant true is not allowed'],
    ['null', 'forbidden_construct', 'the null constant null is not allowed'],
    ['1e400', 'forbidden_construct', 'the non-finite number Infinity is not allowed'],
    ['Infinity', 'forbidden_construct', 'the non-finite number Infinity is not allowed'],
    ['5 cm', 'unknown_name', "unknown name 'cm'"],
    ['5 cm to inch', 'unknown_name', "unknown name 'cm'"],
    ['age!', 'forbidden_construct', "the operator '!' (factorial)"],
    ['age % 2', 'forbidden_construct', "the operator '%' (mod)"],
    ['age xor listed', 'forbidden_construct', "the operator 'xor' (xor)"],
    ['age & 1', 'forbidden_construct', "the operator '&' (bitAnd)"],
    ['max', 'forbidden_construct', "using the function 'max' as a value is not allowed"],
    ['max(cos)', 'unknown_name', "unknown name 'cos'"],
    ['cos(age)', 'forbidden_function', "the function 'cos' is not allowed"],
    ['constructor', 'unknown_name', "unknown name 'constructor'"],
    ['__proto__', 'unknown_name', "unknown name '__proto__'"],
    ['typeOf(age)', 'forbidden_function', "the function 'typeOf' is not allowed"],
    ['max()', 'wrong_arity', 'max takes 1 to 16 arguments, got 0'],
    ['clamp(age, 0)', 'wrong_arity', 'clamp takes 3 arguments, got 2'],
    ['1 +', 'syntax_error', 'syntax error'],
  ])('rejects %s', (source, code, detail) => {
    const issue = rejection(source);
    expect(issue.code).toBe(code);
    expect(issue.formula).toBe('danger');
    expect(issue.message).toContain("formula 'danger'");
    expect(issue.message).toContain(detail);
  });

  it('rejects a formula nested deeper than the limit', () => {
    const source = '('.repeat(MAX_FORMULA_DEPTH + 5) + 'age' + ')'.repeat(MAX_FORMULA_DEPTH + 5);
    expect(rejection(source).message).toMatch(/nest/);
  });

  it('rejects a formula nested deep enough to overflow the parser without crashing', () => {
    const source = '('.repeat(20000) + 'age' + ')'.repeat(20000);
    expect(rejection(source).code).toMatch(/syntax_error|forbidden_construct/);
  });

  it('rejects an overlong formula', () => {
    expect(rejection('1+'.repeat(2000) + '1').message).toContain('longer than');
  });

  it('never exposes an evaluator for a rejected formula', () => {
    const compiled = compileFormula('danger', 'import({}, {override: true})', NAMES);
    expect('value' in compiled).toBe(false);
  });
});
