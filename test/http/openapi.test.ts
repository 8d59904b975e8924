import type { Express } from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../support/database.ts';
import { createTestApp, type TestApp } from './fixtures.ts';

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type Paths = Record<string, Record<string, Operation>>;

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD /path` of the API router (pages are HTML, not API), in OpenAPI path syntax. */
function mountedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        for (const method of Object.keys(layer.route.methods)) found.push(`${method} ${path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app.locals.apiRouter as { stack: Layer[] }).stack);
  return found.sort();
}

describe(`GET /openapi.json on ${testDatabaseKind}`, () => {
  let context: TestApp;
  let paths: Paths;
  beforeAll(async () => {
    context = await createTestApp();
    const response = await supertest(context.app).get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    paths = response.body.paths;
  });
  afterAll(async () => {
    await context.database.close();
  });

  it('documents the public contract paths', () => {
    const documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(
      [
        'get /healthz',
        'get /openapi.json',
        'get /api/enterprises',
        'get /api/enterprises/{code}',
        'post /api/enterprises/import',
        'get /api/imports/rejects/{id}',
        'get /api/enterprises/{code}/records',
        'post /api/records/import',
        'get /api/models',
        'post /api/models',
        'get /api/models/{id}/{version}',
        'get /api/evaluations',
        'post /api/evaluations',
        'get /api/evaluations/{runId}',
        'get /api/jobs/{id}',
        'get /api/evaluations/{runId}/enterprises/{code}',
        'get /api/evaluations/{runId}/changes',
        'get /api/public/log/tree-head',
        'get /api/public/log/proof/inclusion',
        'get /api/public/log/proof/consistency',
        'get /api/public/log/leaves',
        'get /api/inspection-items',
        'post /api/inspection-items',
        'get /api/sampling-policies',
        'post /api/sampling-policies',
        'get /api/inspectors',
        'post /api/inspectors',
        'get /api/inspector-conflicts',
        'post /api/inspector-conflicts',
        'post /api/annual-plans',
        'get /api/tasks',
        'post /api/tasks',
        'get /api/tasks/{code}',
        'post /api/tasks/{code}/freeze',
        'post /api/tasks/{code}/draw',
        'get /.well-known/suiji-keys.json',
        'get /api/public/draws',
        'get /api/public/draws/{id}/log-proof',
        'post /api/public/verify',
        'get /api/public/draws/{id}',
        'get /api/public/draws/{id}/commitment',
        'get /api/public/draws/{id}/verify',
        'get /api/public/draws/{id}/receipts/{code}',
        'get /api/draws/{id}/audit',
        'get /api/public/draws/{id}/substitutions',
        'post /api/tasks/{code}/substitutions',
        'post /api/inspection-items/{code}/derivations',
        'post /api/inspection-items/{code}/policies/adopt',
        'post /api/inspection-items/{code}/policies/{year}/{version}/adopt',
        'get /api/approvals',
        'post /api/approvals/{id}/approve',
        'post /api/approvals/{id}/reject',
        'post /api/approvals/{id}/withdraw',
        'post /api/simulations',
        'get /api/public/policies',
        'post /api/results',
        'get /api/results/overdue',
        'post /api/tasks/{code}/results/publish',
        'get /api/public/results',
        'get /api/public/results/batches/{task}/{batch}',
        'get /api/departments',
        'put /api/departments/{code}',
        'put /api/users/{username}/department',
        'post /api/tasks/{code}/test-results',
        'get /api/tasks/{code}/test-results',
        'post /api/results/corrections',
        'get /api/public/results/corrections/{number}',
        'get /api/public/leniency-lists',
        'post /api/enterprise/statements',
        'get /api/statements',
        'post /api/statements/{id}/answer',
        'post /api/lists/{list}/editions',
        'get /api/lists/editions/{edition}',
        'post /api/lists/editions/{edition}/removals',
        'post /api/lists/editions/{edition}/publish',
        'post /api/lists/{list}/exit-notices',
        'post /api/tier-lists',
        'get /api/tier-lists',
        'get /api/tier-lists/{year}',
        'get /api/tier-lists/{year}/versions/{version}',
        'get /api/tier-lists/{year}/versions/{version}/export.csv',
        'get /api/tier-lists/{year}/versions/{version}/export.xlsx',
        'get /api/draws/{id}/receipt-codes',
        'get /api/draws/{id}/receipt-codes/{code}',
        'get /api/public/list-editions/{edition}',
        'get /api/public/exit-notices',
        'get /api/public/lists/{list}/editions',
        'get /api/public/lists/{list}',
        'get /api/activity',
        'post /api/account/password',
      ].sort(),
    );
  });

  it('documents every route the app serves, and nothing it does not', () => {
    const documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(mountedRoutes(context.app)).toEqual(documented.sort());
  });

  it('marks the enterprise routes as needing a bearer token, with 401 and 403 problem responses', () => {
    const operations = [
      paths['/api/enterprises']?.get,
      paths['/api/enterprises/{code}']?.get,
      paths['/api/enterprises/import']?.post,
    ];
    for (const operation of operations) {
      expect(operation?.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(operation?.responses['401']?.content ?? {})).toEqual(['application/problem+json']);
      expect(Object.keys(operation?.responses['403']?.content ?? {})).toEqual(['application/problem+json']);
    }
  });

  it('describes the list filters and the path code from the validation schemas', () => {
    const listParameters = paths['/api/enterprises']?.get?.parameters?.map((parameter) => `${parameter.in}:${parameter.name}`);
    expect(listParameters?.sort()).toEqual(
      ['query:region', 'query:industry', 'query:status', 'query:name', 'query:cursor', 'query:limit'].sort(),
    );
    const getParameters = paths['/api/enterprises/{code}']?.get?.parameters?.map((parameter) => `${parameter.in}:${parameter.name}`);
    expect(getParameters).toEqual(['path:code']);
  });
});
