/**
 * The generated-code path of the scoring formulas: validated formulas written as JavaScript
 * source, turned into functions only by an injected compiler (Node's `new Function`), never
 * by the core. Same numbers as the closures; nothing from a formula's text reaches the source.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { compileFormulaSource } from '../../../src/application/formula-compiler.ts';
import type { CreditRecord } from '../../../src/core/credit-record.ts';
import { compileModel, evaluateEnterprise } from '../../../src/core/scoring/evaluate.ts';
import { compileFormula, formatNumberLiteral, formulaProgramSource, linkFormulaProgram, type CompiledFormula } from '../../../src/core/scoring/formula.ts';
import { defaultScoringModel, validateModel, type ScoringModel } from '../../../src/core/scoring/model.ts';
import { anyFormula, FORMULA_NAMES } from './formula-arbitrary.ts';
import { abnormalListing, annualReport, complaint, dishonestyListing, enterprise, honour, inspection, penalty } from './fixtures.ts';

const NAMES = [...FORMULA_NAMES];

function compileOrThrow(source: string): CompiledFormula {
  const compiled = compileFormula('f', source, NAMES);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value;
}

/** What a literal may look like: digits, a fraction, an exponent, a sign in parentheses. */
const LITERAL = /^(\(-)?[0-9]+(\.[0-9]+)?(e[+-][0-9]+)?\)?$/;

describe('formatNumberLiteral', () => {
  it('writes any finite number as a literal that reads back as the same number, sign of zero included', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const literal = formatNumberLiteral(value);
        expect(literal).toMatch(LITERAL);
        expect(Object.is(new Function(`return ${literal};`)(), value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [0, '0'],
    [-0, '(-0)'],
    [2.5, '2.5'],
    [-2.5e-7, '(-2.5e-7)'],
    [1e21, '1e+21'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [Number.MIN_VALUE, '5e-324'],
    [-Number.MAX_VALUE, '(-1.7976931348623157e+308)'],
  ])('writes %s as %s', (value, literal) => {
    expect(formatNumberLiteral(value)).toBe(literal);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a string with code', '1; globalThis.pwned = 1' as unknown as number],
    ['an object with a toString', { toString: () => '1, process' } as unknown as number],
    ['a bigint', 10n as unknown as number],
  ])('refuses %s', (_label, value) => {
    expect(() => formatNumberLiteral(value)).toThrow();
  });
});

describe('generated formula source', () => {
  it('contains only slot reads, helper calls, numeric literals and operators, never a name from the formula', () => {
    const eOutsideAnExponent = /(?<![0-9])e|e(?![+-][0-9])/;
    fc.assert(
      fc.property(anyFormula, (source) => {
        const compiled = compileFormula('f', source, NAMES);
        fc.pre(compiled.ok);
        if (!compiled.ok) return;
        const stripped = compiled.value.code.replace(/v\[[0-9]+\]/g, '0').replace(/\$[a-zA-Z]+\(/g, '(');
        expect(stripped).toMatch(/^[0-9.e+\-*/()<>=!?:&|, ]*$/);
        expect(stripped).not.toMatch(eOutsideAnExponent);
        for (const name of NAMES) expect(compiled.value.code).not.toContain(name);
      }),
      { numRuns: 500 },
    );
  });

  it('writes extreme literals exactly, so they cannot turn into text: 1e308, 5e-324, and 1e-400 as 0', () => {
    expect(compileOrThrow('1e308 * age').code).toBe('(1e+308 * v[1])');
    expect(compileOrThrow('5e-324 + age').code).toBe('(5e-324 + v[1])');
    expect(compileOrThrow('1e-400 - age').code).toBe('(0 - v[1])');
    expect(compileOrThrow('-0').code).toBe('(-0)');
  });

  it('writes the constants pi and e as their numeric literals', () => {
    expect(compileOrThrow('pi + e').code).toBe(`(${String(Math.PI)} + ${String(Math.E)})`);
  });

  it('rejects NaN, Infinity and overflowing literals before any source exists', () => {
    for (const source of ['NaN', 'Infinity', '-Infinity', '1e400', '1e309 * age']) {
      const compiled = compileFormula('f', source, NAMES);
      expect(compiled.ok).toBe(false);
      expect('value' in compiled).toBe(false);
    }
  });

  it('writes the default model as one straight-line function over the slots', () => {
    const model = defaultScoringModel();
    const compiled = compileModel(model);
    const source = formulaProgramSource(compiled.formulas, model.indicators.length, compiled.rules.map((rule) => rule.when));
    expect(source).toContain('function computeFormulas(v) {\n  v[15] = ((6 + (3 * $min(v[0], 3))) - (3 * v[1]));');
    expect(source).toContain('v[20] = $clamp(((((v[15] + v[16]) + v[17]) + v[18]) + v[19]), 0, 100);');
    expect(source).toContain('(v) => (v[8] >= 1 ? 1 : 0)');
  });

  it('refuses a compiler that returns something other than the program', () => {
    const compiled = compileOrThrow('age + 1');
    expect(() => linkFormulaProgram([compiled], 3, [], () => () => ({}))).toThrow(/formula program/);
  });
});

/** The formulas of the malicious cases, each put where a model's formula goes. */
const MALICIOUS = [
  'import({}, {override: true})',
  'createUnit("x")',
  'evaluate("1+1")',
  'parse("1").compile()',
  'f(x) = x',
  'cos.constructor("return process")()',
  'cos.constructor("return process")',
  'max.constructor',
  'cos["constructor"]',
  'zeros(1000000000)',
  '[1:1000000000]',
  '"); globalThis.pwned = 1; ("',
  'key_area; globalThis',
  '__proto__',
];

function withFormula(expression: string): ScoringModel {
  const model = structuredClone(defaultScoringModel()) as unknown as { formulas: { expression: string }[] };
  model.formulas[0]!.expression = expression;
  return model as unknown as ScoringModel;
}

describe('malicious formulas never reach the source compiler', () => {
  it.each(MALICIOUS)('rejects %s when the model is validated and compiled, without calling compileSource', (expression) => {
    const compileSource = vi.fn(compileFormulaSource);
    expect(validateModel(withFormula(expression)).ok).toBe(false);
    expect(() => compileModel(withFormula(expression), { compileSource })).toThrow(/is invalid/);
    expect(compileSource).not.toHaveBeenCalled();
    expect((globalThis as Record<string, unknown>)['pwned']).toBeUndefined();
  });
});

const dateArbitrary = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2026-06-30T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const recordArbitrary: fc.Arbitrary<CreditRecord> = fc.oneof(
  fc.tuple(dateArbitrary, fc.constantFrom('warning', 'fine', 'heavy' as const)).map(([date, severity]) => penalty(date, { severity })),
  fc.tuple(dateArbitrary, fc.option(dateArbitrary, { nil: undefined })).map(([listed, removed]) => abnormalListing(listed, removed && removed >= listed ? removed : undefined)),
  dateArbitrary.map((listed) => dishonestyListing(listed)),
  fc.tuple(fc.integer({ min: 2018, max: 2024 }), fc.option(dateArbitrary, { nil: null })).map(([year, filed]) => annualReport(year, filed && filed > `${year}-12-31` ? filed : null)),
  fc.tuple(dateArbitrary, fc.boolean()).map(([date, substantiated]) => complaint(date, substantiated)),
  fc.tuple(dateArbitrary, fc.constantFrom('no_problem', 'unreachable', 'refused_inspection', 'problem_corrected' as const)).map(([date, outcome]) => inspection(date, outcome)),
  fc.tuple(dateArbitrary, fc.constantFrom('contract_honouring', 'credit_commitment' as const), fc.boolean()).map(([date, type, fulfilled]) => honour(date, type, fulfilled)),
);

describe('compileModel with and without compileSource', () => {
  const model = defaultScoringModel();
  const closures = compileModel(model);
  const generated = compileModel(model, { compileSource: compileFormulaSource });

  it('gives the same evaluation of any enterprise, score, tier, contributions and rules alike', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 12 }), fc.integer({ min: 2000, max: 2024 }), (records, year) => {
        const subject = enterprise({ registrationDate: `${year}-03-01` });
        expect(evaluateEnterprise(generated, subject, records, '2025-07-01')).toEqual(evaluateEnterprise(closures, subject, records, '2025-07-01'));
      }),
      { numRuns: 300 },
    );
  });

  it('computes the same slots and rule conditions bit for bit on any indicator values', () => {
    const slots = model.indicators.length + model.formulas.length;
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: model.indicators.length, maxLength: model.indicators.length }), (indicators) => {
        const left = new Float64Array(slots);
        const right = new Float64Array(slots);
        left.set(indicators);
        right.set(indicators);
        closures.program.computeFormulas(left);
        generated.program.computeFormulas(right);
        for (let index = 0; index < slots; index++) expect(Object.is(left[index], right[index])).toBe(true);
        closures.program.rules.forEach((rule, index) => expect(Object.is(generated.program.rules[index]!(left), rule(left))).toBe(true));
      }),
    );
  });

  it('creates no code without compileSource: Function and eval are never touched, as under a strict CSP', () => {
    const originalFunction = globalThis.Function;
    const originalEval = globalThis.eval;
    const refuse = (): never => {
      throw new Error('code creation refused');
    };
    let evaluation;
    try {
      globalThis.Function = refuse as unknown as FunctionConstructor;
      globalThis.eval = refuse;
      const compiled = compileModel(model);
      evaluation = evaluateEnterprise(compiled, enterprise(), [penalty('2025-01-01')], '2025-07-01');
    } finally {
      globalThis.Function = originalFunction;
      globalThis.eval = originalEval;
    }
    expect(evaluation.score).toBe(evaluateEnterprise(generated, enterprise(), [penalty('2025-01-01')], '2025-07-01').score);
  });
});
