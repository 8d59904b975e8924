/**
 * Heavy operations as jobs over HTTP (issue 15): `Prefer: respond-async` (RFC 7240) gets
 * 202 with `Location: /api/jobs/{id}`; the job is polled to its end, with its counts and
 * result link, or its reason in Chinese and English. Runs on PGlite (in-process runner) and,
 * with DATABASE_URL, on PostgreSQL (pg-boss).
 */
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/application/job-runner.ts';
import type { JobRunner } from '../../src/application/jobs.ts';
import { createLogger } from '../../src/logger.ts';
import { importTestDirectory } from '../support/credit-fixtures.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

/** Polls a job until it has finished (its runner works in the background). */
async function pollUntilFinished(context: TestApp, location: string): Promise<supertest.Response> {
  for (;;) {
    const job = await supertest(context.app).get(location).set('Authorization', context.bearer.staff);
    if (job.status !== 200 || job.body.state === 'succeeded' || job.body.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`jobs over HTTP on ${testDatabaseKind}`, () => {
  let context: TestApp;
  let jobs: JobRunner;
  beforeAll(async () => {
    const database = await createTestDatabase();
    jobs = createJobRunner(database, createLogger('silent'), { pollingIntervalSeconds: 0.5 });
    context = await createTestApp({ database, jobs, now: () => new Date('2026-06-01T04:00:00Z') });
    await importTestDirectory(context.database, [{ n: 1 }, { n: 2 }, { n: 3, registered: '2025-06-01', flags: '新业态' }]);
    await jobs.start();
  });
  afterAll(async () => {
    await jobs.close();
    await context.database.close();
  });

  const request = () => supertest(context.app);

  it('starts an evaluation as a job with Prefer: respond-async, and the job ends succeeded with its counts and result link', async () => {
    const started = await request().post('/api/evaluations').set('Authorization', context.bearer.staff).set('Prefer', 'respond-async').send({ asOf: '2026-01-01', model: 'credit-risk/1' });
    expect(started.status).toBe(202);
    expect(started.headers['preference-applied']).toBe('respond-async');
    expect(started.headers['location']).toBe(`/api/jobs/${started.body.id}`);
    expect(started.body).toMatchObject({ kind: 'evaluation', state: 'queued', startedBy: 'test staff' });

    const finished = await pollUntilFinished(context, started.headers['location']!);
    expect(finished.body).toMatchObject({ state: 'succeeded', attempts: 1, error: null, progress: { done: 3, total: 3 } });
    expect(finished.body.counts).toMatchObject({ evaluated: 3 });
    expect(finished.body.counts.A + finished.body.counts.B + finished.body.counts.C + finished.body.counts.D).toBe(3);
    const run = await request().get(finished.body.resultLink).set('Authorization', context.bearer.staff);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'completed', evaluated: 3 });
    expect(finished.body.result).toEqual(run.body);
  });

  it('answers without a job when the client does not ask for one, as before', async () => {
    const started = await request().post('/api/evaluations').set('Authorization', context.bearer.staff).send({ asOf: '2026-01-01', model: 'credit-risk/1' });
    expect(started.status).toBe(200);
    expect(started.headers['location']).toMatch(/^\/api\/evaluations\/\d+$/);
  });

  it('stores the reason of a failed job in Chinese and English, with the status the endpoint would have answered', async () => {
    const started = await request().post('/api/evaluations').set('Authorization', context.bearer.staff).set('Prefer', 'respond-async').send({ asOf: '2026-12-31', model: 'credit-risk/1' });
    expect(started.status).toBe(202);
    const finished = await pollUntilFinished(context, started.headers['location']!);
    expect(finished.body.state).toBe('failed');
    expect(finished.body.error.status).toBe(400);
    expect(finished.body.error.zh).toContain('晚于今天');
    expect(finished.body.error.zh).not.toContain('after today');
    expect(finished.body.error.en).toContain('after today');

    const page = await request().get(`/console/jobs/${started.body.id}`).set('Authorization', context.bearer.staff);
    expect(page.status).toBe(200);
    expect(page.text).toContain('失败');
    expect(page.text).toContain('晚于今天');
    expect(page.text).not.toContain('after today');
  });

  it('shows a finished job on its console page, Chinese first, with its counts and the link to its outcome', async () => {
    const started = await request().post('/api/evaluations').set('Authorization', context.bearer.staff).set('Prefer', 'respond-async').send({ asOf: '2026-01-01', model: 'credit-risk/1' });
    const finished = await pollUntilFinished(context, started.headers['location']!);

    const page = await request().get(`/console/jobs/${started.body.id}`).set('Authorization', context.bearer.staff);
    expect(page.status).toBe(200);
    expect(page.text).toContain('信用风险分类评价');
    expect(page.text).toContain('已完成');
    expect(page.text).toContain(`href="${finished.body.resultLink}"`);
    expect(page.text).toContain('id="job-counts"');
    expect((await request().get('/console/jobs/999999').set('Authorization', context.bearer.staff)).status).toBe(404);
  });

  it('builds a list edition as a job', async () => {
    const started = await request().post('/api/lists/red/editions').set('Authorization', context.bearer.staff).set('Prefer', 'respond-async').send({ from: '2025-01-01', to: '2025-12-31' });
    expect(started.status).toBe(202);
    const finished = await pollUntilFinished(context, started.headers['location']!);
    expect(finished.body).toMatchObject({ kind: 'list', state: 'succeeded', counts: { entries: expect.any(Number) } });
  });

  it('answers 404 problem+json for a job that does not exist, and 401 to the public', async () => {
    const missing = await request().get('/api/jobs/999999').set('Authorization', context.bearer.staff);
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('application/problem+json');
    expect(missing.body.detail).toContain('No job 999999');
    expect((await request().get('/api/jobs/1')).status).toBe(401);
    expect((await request().get('/api/jobs/1').set('Authorization', context.bearer.enterprise)).status).toBe(403);
  });
});
