import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActivity } from '../../src/application/activity-log.ts';
import { listScoringModels } from '../../src/application/scoring-models.ts';
import { defaultScoringModel, type ScoringModel } from '../../src/core/scoring/model.ts';
import { testDatabaseKind } from '../support/database.ts';
import { signIn } from '../support/session.ts';
import { createTestApp, type TestApp } from './fixtures.ts';
import { englishIn } from '../support/english-text.ts';

function nextVersion(change: (model: { -readonly [K in keyof ScoringModel]: ScoringModel[K] } & { formulas: { name: string; description: string; expression: string }[] }) => void, version = 2): string {
  const model = structuredClone(defaultScoringModel()) as never as Parameters<typeof change>[0];
  model.version = version;
  change(model);
  return JSON.stringify(model, null, 2);
}

describe(`console scoring models on ${testDatabaseKind}`, () => {
  let context: TestApp;
  beforeAll(async () => {
    context = await createTestApp();
  });
  afterAll(async () => {
    await context.database.close();
  });

  const request = () => supertest(context.app);

  it.each(['/console/models', '/console/models/new', '/console/models/credit-risk/1'])('sends the public from %s to the login page (303)', async (path) => {
    const response = await request().get(path).set('Accept', 'text/html');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
  });

  it.each(['staff', 'auditor'] as const)('refuses the model pages to the %s role (403)', async (role) => {
    for (const path of ['/console/models', '/console/models/new']) {
      const response = await request().get(path).set('Authorization', context.bearer[role]).set('Accept', 'text/html');
      expect(response.status).toBe(403);
    }
    const save = await request().post('/console/models').set('Authorization', context.bearer[role]).type('form').send({ definition: nextVersion(() => {}) });
    expect(save.status).toBe(403);
    const check = await request().post('/console/models/validate').set('Authorization', context.bearer[role]).send({ definition: '{}' });
    expect(check.status).toBe(403);
  });

  it('answers the live check to the public with 401', async () => {
    const response = await request().post('/console/models/validate').send({ definition: '{}' });
    expect(response.status).toBe(401);
  });

  it('lists the versions and offers the next version as a draft', async () => {
    const list = await request().get('/console/models').set('Authorization', context.bearer.admin);
    expect(list.status).toBe(200);
    expect(list.text).toContain('data-model="credit-risk/1"');

    const draft = await request().get('/console/models/new').set('Authorization', context.bearer.admin);
    expect(draft.status).toBe(200);
    expect(draft.text).toContain('<label for="model-definition">');
    expect(draft.text).toContain('&quot;version&quot;: 2');
    expect(draft.text).toContain('src="/assets/formula-check.js"');
    expect(draft.text).toContain('data-formula="formula:score"');
  });

  it('reports an invalid formula next to it and saves nothing', async () => {
    const text = nextVersion((model) => {
      model.formulas[1]!.expression = 'penalty_weight +* 2';
    });
    const response = await request().post('/console/models?lang=en').set('Authorization', context.bearer.admin).type('form').send({ definition: text });
    expect(response.status).toBe(422);
    expect(response.text).toContain('role="alert"');
    const row = /<tr data-formula="formula:operations"[\s\S]*?<\/tr>/.exec(response.text)?.[0] ?? '';
    expect(row).toContain('class="has-problems"');
    expect(row).toContain('syntax error');
    // The other formulas are fine and say so.
    expect(/<tr data-formula="formula:basic"[\s\S]*?<\/tr>/.exec(response.text)?.[0]).toContain('check-ok');
    expect((await listScoringModels(context.database.db)).map((model) => model.key)).toEqual(['credit-risk/1']);
  });

  it('rejects a malicious formula without running it', async () => {
    const marker = '__suijiFormulaRan';
    const text = nextVersion((model) => {
      model.formulas[0]!.expression = `evaluate("${marker} = 1") + import({x: 1}, {override: true})`;
      model.formulas[2]!.expression = 'supervision.constructor.constructor("return process")()';
    });
    const response = await request().post('/console/models/validate?lang=en').set('Authorization', context.bearer.admin).send({ definition: text });
    expect(response.status).toBe(200);
    expect(response.body.valid).toBe(false);
    const basic = response.body.formulas.find((formula: { name: string }) => formula.name === 'basic');
    expect(basic.problems.join(' ')).toMatch(/function 'evaluate' is not allowed/);
    const supervision = response.body.formulas.find((formula: { name: string }) => formula.name === 'supervision');
    expect(supervision.problems.length).toBeGreaterThan(0);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('checks as one types: problems by formula and rule, and problems elsewhere by path', async () => {
    const broken = nextVersion((model) => {
      model.formulas[3]!.expression = 'basic + unknown_indicator';
      (model as unknown as { rules: { when: string }[] }).rules[0]!.when = 'max(1)';
      (model as unknown as { tiers: { A: number } }).tiers.A = 10;
    });
    const check = await request().post('/console/models/validate').set('Authorization', context.bearer.admin).send({ definition: broken });
    expect(check.status).toBe(200);
    expect(check.body.valid).toBe(false);
    expect(check.body.other).toEqual([expect.objectContaining({ path: 'tiers' })]);

    const brokenFormulas = nextVersion((model) => {
      model.formulas[3]!.expression = 'basic + unknown_indicator';
      (model as unknown as { rules: { when: string }[] }).rules[0]!.when = 'import(1)';
    });
    const byFormula = await request().post('/console/models/validate?lang=en').set('Authorization', context.bearer.admin).send({ definition: brokenFormulas });
    const problemsOf = (name: string) => byFormula.body.formulas.find((formula: { name: string }) => formula.name === name).problems;
    expect(problemsOf('related').join(' ')).toContain('unknown_indicator');
    expect(problemsOf('serious_dishonesty').join(' ')).toContain("'import' is not allowed");
    expect(problemsOf('basic')).toEqual([]);

    const notJson = await request().post('/console/models/validate').set('Authorization', context.bearer.admin).send({ definition: '{"id": ' });
    expect(notJson.body).toMatchObject({ valid: false, formulas: [], other: [expect.objectContaining({ path: '(JSON)' })] });

    const valid = await request().post('/console/models/validate').set('Authorization', context.bearer.admin).send({ definition: nextVersion(() => {}) });
    expect(valid.body).toMatchObject({ valid: true, key: 'credit-risk/2', other: [] });
  });

  it('checks a model in the page\'s language: every problem in Chinese on the Chinese page', async () => {
    const broken = nextVersion((model) => {
      model.formulas[3]!.expression = 'basic + unknown_indicator';
      (model as unknown as { rules: { when: string }[] }).rules[0]!.when = 'import(1)';
      (model as unknown as { tiers: { A: number } }).tiers.A = 10;
    });
    const check = await request().post('/console/models/validate?lang=zh').set('Authorization', context.bearer.admin).send({ definition: broken });
    const body = check.body as { formulas: { problems: string[] }[]; other: { message: string }[] };
    const problems = [...body.formulas.flatMap((formula) => formula.problems), ...body.other.map((problem) => problem.message)];
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/[\u3400-\u9fff]/);
    expect(englishIn(problems.map((problem) => `<p>${problem}</p>`).join(''))).toEqual([]);
    const page = await request().post('/console/models').set('Authorization', context.bearer.admin).set('Accept', 'text/html').type('form').send({ definition: broken });
    expect(page.status).toBe(422);
    expect(englishIn(/<ul id="formula-check-other"[\s\S]*?<\/ul>/.exec(page.text)?.[0] ?? '')).toEqual([]);
  });

  it('saves a new version, which then appears in the list and runs can use', async () => {
    const text = nextVersion((model) => {
      model.description = 'Stricter tiers for 2026';
      (model as unknown as { tiers: { A: number; B: number; C: number } }).tiers = { A: 90, B: 75, C: 60 };
    });
    const saved = await request().post('/console/models').set('Authorization', context.bearer.admin).type('form').send({ definition: text });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/console/models/credit-risk/2?saved=new');

    const page = await request().get(saved.headers.location!).set('Authorization', context.bearer.admin).query({ lang: 'en' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Saved the new version credit-risk/2');
    expect(page.text).toContain('Stricter tiers for 2026');

    const list = await request().get('/console/models').set('Authorization', context.bearer.admin);
    expect(list.text).toContain('data-model="credit-risk/2"');

    // A saved version never changes: the same key with another definition is refused.
    const changed = nextVersion((model) => {
      model.description = 'Something else';
    });
    const conflict = await request().post('/console/models').set('Authorization', context.bearer.admin).type('form').send({ definition: changed });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('role="alert"');

    const evaluations = await request().get('/console/evaluations').set('Authorization', context.bearer.admin);
    expect(evaluations.text).toContain('<option value="credit-risk/2">');
  });

  it('checks and saves from a signed-in admin session with the CSRF token, and logs the change', async () => {
    const admin = await signIn(context.app, context.database, 'admin');
    const page = await admin.agent.get('/console/models/new').set('Accept', 'text/html');
    expect(page.text).toContain(`<meta name="csrf-token" content="${admin.csrfToken}">`);
    const text = nextVersion(() => {}, 3);

    const unsigned = await admin.agent.post('/console/models/validate').send({ definition: text });
    expect(unsigned.status).toBe(403);
    const check = await admin.agent.post('/console/models/validate').set('X-CSRF-Token', admin.csrfToken).send({ definition: text });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ valid: true, key: 'credit-risk/3' });

    const saved = await admin.agent.post('/console/models').type('form').send({ _csrf: admin.csrfToken, definition: text });
    expect(saved.status).toBe(303);
    const log = await listActivity(context.database.db, { limit: 20 });
    expect(log.items).toContainEqual(expect.objectContaining({ action: 'scoring_model_saved', subject: 'credit-risk/3', actorLabel: admin.username }));
    // Checking is not activity: no entry for the validate calls.
    expect(log.items.some((entry) => entry.path === '/console/models/validate')).toBe(false);
  });
});
