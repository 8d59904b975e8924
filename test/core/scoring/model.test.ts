import { describe, expect, it } from 'vitest';
import defaultModelJson from '../../../src/core/scoring/models/credit-risk-1.json' with { type: 'json' };
import { defaultScoringModel, modelKey, validateModel, type ModelIssue } from '../../../src/core/scoring/model.ts';

type ModelJson = typeof defaultModelJson & Record<string, unknown>;

function changed(change: (model: ModelJson) => void): ModelJson {
  const model = structuredClone(defaultModelJson) as ModelJson;
  change(model);
  return model;
}

function problems(json: unknown): ModelIssue[] {
  const checked = validateModel(json);
  if (checked.ok) throw new Error('expected the model to be rejected');
  return checked.error;
}

function formula(model: ModelJson, name: string): { expression: string } {
  return model.formulas.find((entry) => entry.name === name)!;
}

describe('validateModel', () => {
  it('accepts the default model as credit-risk/1', () => {
    const checked = validateModel(defaultModelJson);
    expect(checked.ok).toBe(true);
    expect(modelKey(defaultScoringModel())).toBe('credit-risk/1');
  });

  it('names the formula that uses an unknown name', () => {
    const issues = problems(changed((model) => (formula(model, 'basic').expression = '6 + 3 * min(enterprise_age, 3)')));
    expect(issues).toEqual([
      { code: 'unknown_name', formula: 'basic', path: 'formulas.0.expression', message: "formula 'basic': unknown name 'enterprise_age'", messageZh: '公式“basic”中有未知的名称 enterprise_age' },
    ]);
  });

  it('names the formula with a syntax error', () => {
    const [issue] = problems(changed((model) => (formula(model, 'social').expression = 'min(10, 8 -')));
    expect(issue).toMatchObject({ code: 'syntax_error', formula: 'social' });
    expect(issue!.message).toMatch(/^formula 'social': syntax error/);
  });

  it('names the formula that calls a forbidden function', () => {
    const [issue] = problems(changed((model) => (formula(model, 'related').expression = 'evaluate("15")')));
    expect(issue).toMatchObject({ code: 'forbidden_function', formula: 'related' });
    expect(issue!.message).toContain("formula 'related': the function 'evaluate' is not allowed");
  });

  it('reports every problem at once, each with its formula', () => {
    const issues = problems(
      changed((model) => {
        formula(model, 'basic').expression = 'unknown_thing';
        formula(model, 'operations').expression = 'import({}, {override: true})';
        formula(model, 'supervision').expression = 'cos.name';
      }),
    );
    expect(issues.map((issue) => [issue.code, issue.formula])).toEqual([
      ['unknown_name', 'basic'],
      ['forbidden_function', 'operations'],
      ['forbidden_construct', 'supervision'],
    ]);
  });

  it('rejects a formula that divides by an indicator that can be 0, naming the formula and the values', () => {
    const [issue] = problems(changed((model) => (formula(model, 'related').expression = '15 / related_dishonest')));
    expect(issue).toMatchObject({ code: 'not_finite', formula: 'related' });
    expect(issue!.message).toMatch(/^formula 'related': gives Infinity when /);
  });

  it('rejects a formula that gives NaN on extreme values', () => {
    const [issue] = problems(changed((model) => (formula(model, 'supervision').expression = '40 - sqrt(10 - penalty_weight)')));
    expect(issue).toMatchObject({ code: 'not_finite', formula: 'supervision' });
    expect(issue!.message).toContain('gives NaN when');
    expect(issue!.message).toContain('penalty_weight=');
  });

  it('rejects a formula that overflows on extreme values', () => {
    const [issue] = problems(changed((model) => (formula(model, 'social').expression = 'min(10, 8 - exp(complaints_substantiated * 1000))')));
    expect(issue).toMatchObject({ code: 'not_finite', formula: 'social' });
  });

  it('rejects a score formula that can leave 0-100', () => {
    const [issue] = problems(changed((model) => (formula(model, 'score').expression = 'basic + operations + supervision + related + social')));
    expect(issue).toMatchObject({ code: 'score_out_of_range', formula: 'score' });
    expect(issue!.message).toMatch(/^formula 'score': the score must be within 0-100 but is -?\d/);
  });

  it('rejects a formula that uses a formula defined after it', () => {
    const [issue] = problems(changed((model) => (formula(model, 'basic').expression = 'score / 2')));
    expect(issue).toMatchObject({ code: 'later_formula', formula: 'basic' });
    expect(issue!.message).toContain("uses formula 'score', which is not defined before it");
  });

  it('names the rule whose condition is invalid', () => {
    const [issue] = problems(changed((model) => (model.rules[0]!.when = 'dishonesty_listed >= 1 and f(x) = 1')));
    expect(issue).toMatchObject({ formula: 'rule serious_dishonesty', path: 'rules.0.when' });
  });

  it('rejects duplicate and reserved names', () => {
    const issues = problems(
      changed((model) => {
        model.formulas[1]!.name = 'basic';
        model.indicators[0]!.name = 'max';
      }),
    );
    expect(issues.map((issue) => issue.code)).toEqual(expect.arrayContaining(['duplicate_name', 'reserved_name']));
    expect(issues.map((issue) => issue.message).join('\n')).toContain("formula 'basic': the name is already used at formulas.0.name");
  });

  it('rejects an indicator that refers to an unknown decay schedule', () => {
    const [issue] = problems(changed((model) => ((model.indicators[2]!.params as { decay: string }).decay = 'forever')));
    expect(issue).toMatchObject({ code: 'unknown_decay', path: 'indicators.2.params.decay' });
  });

  it('rejects a score that names no formula', () => {
    const [issue] = problems(changed((model) => (model.score = 'total')));
    expect(issue).toMatchObject({ code: 'unknown_formula', path: 'score' });
  });

  it('rejects thresholds that do not fall from A to C', () => {
    const [issue] = problems(changed((model) => (model.tiers = { A: 70, B: 85, C: 55 })));
    expect(issue).toMatchObject({ code: 'schema', path: 'tiers' });
    expect(issue!.message).toContain('thresholds must fall from A to B to C');
  });

  it('rejects a decay schedule under which older records would count more', () => {
    const [issue] = problems(changed((model) => (model.decay.standard[2]!.weight = 0.9)));
    expect(issue).toMatchObject({ code: 'schema', path: 'decay.standard' });
  });

  it('names the formula whose entry is malformed', () => {
    const [issue] = problems(changed((model) => ((model.formulas[4] as { expression: unknown }).expression = 42)));
    expect(issue).toMatchObject({ code: 'schema', formula: 'social', path: 'formulas.4.expression' });
  });

  it('rejects unknown indicator functions and parameters', () => {
    const issues = problems(
      changed((model) => {
        (model.indicators[0] as { function: string }).function = 'shell';
        (model.indicators[1]!.params as Record<string, unknown>)['extra'] = 1;
      }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['indicators.0.function', 'indicators.1.params']);
  });
});
