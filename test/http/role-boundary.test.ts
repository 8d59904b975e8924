/**
 * The role boundary, for every operation in the OpenAPI document (so a route added later is
 * covered without touching this file): the public gets 401 on everything that is not public,
 * an enterprise session gets 401 or 403 on every staff, admin and auditor route, and staff
 * and auditor sessions get 403 wherever their role is not among the roles the operation
 * documents (its 403 response names them).
 */
import type { Express } from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEphemeralBureauKeys, deriveReceiptCode } from '../../src/application/bureau-keys.ts';
import { drawTask } from '../../src/application/draw-task.ts';
import { freezeTask } from '../../src/application/freeze-task.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { loadTasks, seedWorld, worldTasks, WORLD_CALENDAR } from '../integration/draw-world.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';
import { signIn, signInEnterprise, type SignedIn, type SignedInEnterprise } from '../support/session.ts';
import { loadPoolMembers } from '../../src/persistence/draw-repository.ts';

interface Operation {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  /** Roles allowed, from the documented 403 response; empty for public operations. */
  readonly roles: readonly string[];
}

const publicPath = /^\/(api\/public\/|\.well-known\/)|^\/(healthz|openapi\.json)$/;

/** Plausible values for path parameters: authorisation is decided before any lookup. */
const parameterValues: Record<string, string> = {
  code: '91350102000000019M',
  id: '2027-SP-01',
  task: '2027-SP-01',
  runId: '1',
  version: '1',
  batch: '1',
  list: 'black',
  edition: '2027-black-1',
};

function concretePath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => encodeURIComponent(parameterValues[name] ?? 'x'));
}

/**
 * The roles an operation admits, read from its documented 403 ("... its role is not
 * staff or auditor.", "The token is not an auditor's (or admin's).").
 */
function documentedRoles(description: string): string[] {
  const named = /role is not ([a-z ]+)\.$/.exec(description)?.[1] ?? /not an? ([a-z]+)'s(?: \(or ([a-z]+)'s\))?/.exec(description)?.slice(1).filter(Boolean).join(' or ');
  if (!named) throw new Error(`cannot tell the roles from the 403 description "${description}"`);
  return named.split(' or ');
}

function operationsOf(document: { paths: Record<string, Record<string, { responses?: Record<string, { description?: string }> }>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const forbidden = operation.responses?.['403']?.description;
      return { method: method as Operation['method'], path, roles: publicPath.test(path) || forbidden === undefined ? [] : documentedRoles(forbidden) };
    }),
  );
}

function admits(roles: readonly string[], role: string): boolean {
  return roles.includes(role) || (role === 'admin' && roles.includes('staff'));
}

describe(`the role boundary on every documented route on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  let app: Express;
  let operations: Operation[];
  let staff: SignedIn;
  let auditor: SignedIn;
  let enterprise: SignedInEnterprise;

  beforeAll(async () => {
    database = await createTestDatabase();
    const keys = createEphemeralBureauKeys();
    app = createApp({ database, logger: createLogger('silent'), bureauKeys: keys });
    // A drawn task, so that an enterprise can sign in with a real receipt code.
    const world = await seedWorld(database, { enterprises: 40 });
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    if (!(await freezeTask(database, keys, task.code, { now: WORLD_CALENDAR.frozenAt })).ok) throw new Error('freeze failed');
    if (!(await drawTask(database, keys, task.code, '3.6.1.5.2.4', { now: WORLD_CALENDAR.drawnAt })).ok) throw new Error('draw failed');
    const [member] = await loadPoolMembers(database.db, task.code);
    enterprise = await signInEnterprise(app, member!.code, deriveReceiptCode(keys, task.code, member!.code));
    staff = await signIn(app, database, 'staff');
    auditor = await signIn(app, database, 'auditor');
    operations = operationsOf((await supertest(app).get('/openapi.json')).body);
  });
  afterAll(async () => {
    await database.close();
  });

  function send(agent: ReturnType<typeof supertest.agent> | ReturnType<typeof supertest>, operation: Operation, csrfToken?: string): supertest.Test {
    const request = agent[operation.method](concretePath(operation.path));
    if (csrfToken !== undefined) request.set('X-CSRF-Token', csrfToken);
    return operation.method === 'get' ? request : request.send({});
  }

  it('finds the operations and the roles of each (every non-public operation documents 401 and 403)', () => {
    const guarded = operations.filter((operation) => !publicPath.test(operation.path));
    expect(guarded.length).toBeGreaterThan(30);
    for (const operation of guarded) expect(operation.roles.length, `${operation.method} ${operation.path}`).toBeGreaterThan(0);
    expect(operations.filter((operation) => operation.roles.length === 1 && operation.roles[0] === 'admin').length).toBeGreaterThan(0);
  });

  it('answers 401 to the public on every route that is not public, never 2xx', async () => {
    const answers: string[] = [];
    for (const operation of operations.filter((candidate) => !publicPath.test(candidate.path))) {
      const response = await send(supertest(app), operation);
      answers.push(`${response.status} ${operation.method} ${operation.path}`);
    }
    expect(answers.filter((answer) => !answer.startsWith('401 '))).toEqual([]);
  });

  it('answers 401 or 403 to an enterprise session on every staff, admin and auditor route', async () => {
    const answers: string[] = [];
    // The enterprise's own routes (its statements, issue 17) admit it.
    for (const operation of operations.filter((candidate) => candidate.roles.length > 0 && !admits(candidate.roles, 'enterprise'))) {
      const response = await send(enterprise.agent, operation, enterprise.csrfToken);
      answers.push(`${response.status} ${operation.method} ${operation.path}`);
    }
    expect(answers.filter((answer) => !/^40[13] /.test(answer))).toEqual([]);
  });

  for (const role of ['staff', 'auditor'] as const) {
    it(`answers 403 to ${role === 'staff' ? 'a staff' : 'an auditor'} session exactly on the routes not documented for ${role}`, async () => {
      const signedIn = role === 'staff' ? staff : auditor;
      const wrong: string[] = [];
      for (const operation of operations.filter((candidate) => candidate.roles.length > 0)) {
        const response = await send(signedIn.agent, operation, signedIn.csrfToken);
        const allowed = admits(operation.roles, role);
        if (allowed ? [401, 403].includes(response.status) : response.status !== 403) wrong.push(`${response.status} ${operation.method} ${operation.path} (${operation.roles.join('|')})`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('answers 403 to a staff session on the admin pages', async () => {
    for (const path of ['/console/admin/users', '/console/models', '/console/activity']) {
      const response = await staff.agent.get(path).set('Accept', 'text/html');
      expect(response.status, path).toBe(403);
    }
  });
});
