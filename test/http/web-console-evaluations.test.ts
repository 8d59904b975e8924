import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluateAll } from '../../src/application/evaluate-all.ts';
import { importCreditRecords } from '../../src/application/import-credit-records.ts';
import { claimEvaluationRun } from '../../src/persistence/evaluation-store.ts';
import { testDatabaseKind } from '../support/database.ts';
import { creditCode, csvBytes, importTestDirectory } from '../support/credit-fixtures.ts';
import { signIn } from '../support/session.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

describe(`console evaluations on ${testDatabaseKind}`, () => {
  let context: TestApp;
  beforeAll(async () => {
    context = await createTestApp();
    await importTestDirectory(context.database, [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4, registered: '2025-06-01', flags: '新业态' }]);
    // Enterprise 1 was fined in March 2025: it scores lower than the others.
    const report = await importCreditRecords(context.database, {
      content: csvBytes('统一社会信用代码,处罚决定书文号,处罚决定日期,违法行为,处罚种类,来源', `${creditCode(1)},A-1,2025-03-01,未按规定标明价格,罚款,案件系统`),
      format: 'csv',
      kind: 'penalty',
    });
    expect(report.applied).toBe(true);
  });
  afterAll(async () => {
    await context.database.close();
  });

  const request = () => supertest(context.app);

  /** Starts a run from the console form and waits until its progress endpoint says it is done. */
  async function runFromConsole(asOf: string): Promise<number> {
    const started = await request().post('/console/evaluations').set('Authorization', context.bearer.staff).type('form').send({ asOf, model: 'credit-risk' });
    expect(started.status).toBe(303);
    const runId = Number(/^\/console\/evaluations\/(\d+)$/.exec(started.headers.location ?? '')?.[1]);
    expect(runId).toBeGreaterThan(0);
    await vi.waitFor(
      async () => {
        const progress = await request().get(`/console/evaluations/${runId}/progress`).set('Authorization', context.bearer.staff);
        expect(progress.body).toMatchObject({ status: 'completed', evaluated: 4, total: 4 });
      },
      { timeout: 30_000, interval: 50 },
    );
    return runId;
  }

  it.each([
    ['get', '/console/evaluations'],
    ['post', '/console/evaluations'],
    ['get', '/console/evaluations/1'],
    ['get', `/console/evaluations/1/enterprises/${creditCode(1)}`],
  ] as const)('sends the public from %s %s to the login page (303)', async (method, path) => {
    const response = await request()[method](path).set('Accept', 'text/html');
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(/^\/login\?next=/);
  });

  it('answers the progress endpoint to the public with 401, not a page', async () => {
    const response = await request().get('/console/evaluations/1/progress');
    expect(response.status).toBe(401);
  });

  it('lets an auditor read the evaluations but not start one (403)', async () => {
    const page = await request().get('/console/evaluations').set('Authorization', context.bearer.auditor);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('action="/console/evaluations"');
    const start = await request().post('/console/evaluations').set('Authorization', context.bearer.auditor).type('form').send({ asOf: '2025-12-31' });
    expect(start.status).toBe(403);
  });

  it('runs an evaluation from the console, shows its distribution, and its changes after a second run', async () => {
    const form = await request().get('/console/evaluations').set('Authorization', context.bearer.staff);
    expect(form.text).toContain('<label for="run-asOf">');

    const first = await runFromConsole('2025-06-30');
    const firstPage = await request().get(`/console/evaluations/${first}`).set('Authorization', context.bearer.staff);
    expect(firstPage.status).toBe(200);
    expect(firstPage.text).toContain('class="tier-distribution"');
    expect(firstPage.text).toContain('<svg');
    expect(firstPage.text).not.toContain('id="tier-transitions"');

    const second = await runFromConsole('2026-06-30');
    const secondPage = await request().get(`/console/evaluations/${second}?lang=en`).set('Authorization', context.bearer.staff);
    expect(secondPage.text).toContain('id="tier-transitions"');
    expect(secondPage.text).toContain(`Compared with run ${first}`);
    // Every enterprise was in both runs: no one is new or gone.
    expect(secondPage.text).toMatch(/data-from="none" data-to="A">0</);

    const index = await request().get('/console/evaluations?lang=en').set('Authorization', context.bearer.auditor);
    expect(index.text).toContain(`data-run="${first}"`);
    expect(index.text).toContain(`data-run="${second}"`);
    expect(index.text).toContain('Previous (2025-06-30)');

    const dashboard = await request().get('/console').set('Authorization', context.bearer.staff);
    expect(dashboard.text).toContain(`/console/evaluations/${second}`);

    // The same date and model again: the completed run is shown, not redone.
    const repeated = await request().post('/console/evaluations').set('Authorization', context.bearer.staff).type('form').send({ asOf: '2026-06-30', model: 'credit-risk' });
    expect(repeated.status).toBe(303);
    expect(repeated.headers.location).toBe(`/console/evaluations/${second}?existing=1`);

    // One enterprise's tier, explained: the search box leads there.
    const search = await request().get(`/console/evaluations/${first}?code=${creditCode(1).toLowerCase()}`).set('Authorization', context.bearer.auditor);
    expect(search.status).toBe(303);
    expect(search.headers.location).toBe(`/console/evaluations/${first}/enterprises/${creditCode(1)}`);
    const explained = await request().get(search.headers.location!).set('Authorization', context.bearer.auditor).query({ lang: 'en' });
    expect(explained.status).toBe(200);
    expect(explained.text).toContain('id="explained-score"');
    expect(explained.text).toMatch(/<tr data-indicator="penalty_weight">.*<td class="number">1<\/td><td class="number">0<\/td><td class="number">−15\.00<\/td><\/tr>/);
    expect(explained.text).toContain('A-1');
    expect(explained.text).toContain('id="records-used"');
  });

  it('starts a run from a signed-in session only with the CSRF token', async () => {
    const staff = await signIn(context.app, context.database, 'staff');
    const page = await staff.agent.get('/console/evaluations').set('Accept', 'text/html');
    expect(page.text).toContain(`name="_csrf" value="${staff.csrfToken}"`);

    const forged = await staff.agent.post('/console/evaluations').set('Accept', 'text/html').type('form').send({ asOf: '2024-06-30' });
    expect(forged.status).toBe(403);

    const started = await staff.agent.post('/console/evaluations').type('form').send({ _csrf: staff.csrfToken, asOf: '2024-06-30', model: 'credit-risk' });
    expect(started.status).toBe(303);
    const runId = /(\d+)$/.exec(started.headers.location ?? '')?.[1];
    await vi.waitFor(
      async () => {
        const progress = await staff.agent.get(`/console/evaluations/${runId}/progress`);
        expect(progress.body.status).toBe('completed');
      },
      { timeout: 30_000, interval: 50 },
    );
  });

  it('says which field is wrong for a bad date, and rejects a bad credit code in the search', async () => {
    const badDate = await request().post('/console/evaluations').set('Authorization', context.bearer.staff).type('form').send({ asOf: '2025-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('id="run-asOf-error"');

    const runs = await request().get('/console/evaluations').set('Authorization', context.bearer.staff);
    const runId = /data-run="(\d+)"/.exec(runs.text)?.[1];
    const badCode = await request().get(`/console/evaluations/${runId}?code=913501020000000000`).set('Authorization', context.bearer.staff);
    expect(badCode.status).toBe(400);
    expect(badCode.text).toContain('id="explain-code-error"');
  });

  it('refuses to start a run while the same run is in progress (409)', async () => {
    const claimed = await claimEvaluationRun(context.database, '2024-12-31', 'credit-risk/1');
    const response = await request()
      .post('/console/evaluations')
      .set('Authorization', context.bearer.staff)
      .set('Accept', 'text/html')
      .type('form')
      .send({ asOf: '2024-12-31', model: 'credit-risk/1' });
    expect(response.status).toBe(409);
    expect(response.text).toContain('请等它完成');
    if (claimed.kind === 'started') await claimed.lease.release();
  });

  it('lets the server read requests between the chunks of a run, so its page can show progress', async () => {
    let evaluated = 0;
    let evaluatedWhenTheLoopTurned: number | undefined;
    const running = evaluateAll(context.database, { asOf: '2024-10-31' }, { chunkSize: 1, onProgress: (progress) => (evaluated = progress.evaluated) });
    setImmediate(() => (evaluatedWhenTheLoopTurned = evaluated));
    const run = await running;
    expect(run.ok && run.value.evaluated).toBe(4);
    // On PGlite every statement resolves without I/O: only a deliberate turn lets a request in.
    expect(evaluatedWhenTheLoopTurned).toBeLessThan(4);
  });

  it('shows a running run with its progress and a refresh that works without JavaScript', async () => {
    const claimed = await claimEvaluationRun(context.database, '2024-11-30', 'credit-risk/1');
    const page = await request().get(`/console/evaluations/${claimed.run.id}`).set('Authorization', context.bearer.staff);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<progress id="evaluation-progress-bar"');
    expect(page.text).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    expect(page.text).toContain('src="/assets/evaluation-progress.js"');
    const script = await request().get('/assets/evaluation-progress.js');
    expect(script.status).toBe(200);
    if (claimed.kind === 'started') await claimed.lease.release();
  });
});
