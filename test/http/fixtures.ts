/** Shared arrangements for the HTTP tests: an app on a fresh database, tokens, enterprises. */
import type { Express } from 'express';
import supertest from 'supertest';
import { createApiToken, type CredentialRole } from '../../src/application/api-tokens.ts';
import { createEphemeralBureauKeys, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { createJobRunner } from '../../src/application/job-runner.ts';
import type { JobRunner } from '../../src/application/jobs.ts';
import { computeCreditCodeCheckCharacter } from '../../src/core/credit-code.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { enterprises } from '../../src/persistence/schema/index.ts';
import { createTestDatabase } from '../support/database.ts';
import { TEST_PASSWORD_PARAMETERS } from '../support/session.ts';

export interface TestApp {
  readonly app: Express;
  readonly database: DatabaseHandle;
  /** `Authorization` header values, one per role. */
  readonly bearer: Record<CredentialRole, string>;
}

/**
 * The test world's calendar (draw/v1.1 section 3.1): tasks are frozen more than the 24-hour
 * notice before the dice of the public meeting at 2027-03-02 10:00 (+08:00) and drawn after.
 */
export const WORLD_CALENDAR = {
  frozenAt: new Date('2027-03-01T01:00:00Z'),
  entropyAt: '2027-03-02T10:00:00+08:00',
  drawnAt: new Date('2027-03-02T02:15:00Z'),
} as const;

/** A settable clock for the app's freezes and draws; it starts at the world's freeze time. */
export interface TestClock {
  readonly now: () => Date;
  set(instant: Date): void;
}

export function createTestClock(start: Date = WORLD_CALENDAR.frozenAt): TestClock {
  let current = start;
  return {
    now: () => current,
    set(instant) {
      current = instant;
    },
  };
}

/**
 * An app on a fresh database (or on `database`, e.g. a seeded world's copy) with a bearer
 * token per role.
 *
 * @example const { app, bearer } = await createTestApp()
 */
export async function createTestApp(
  options: { importBodyLimitBytes?: number; bureauKeys?: BureauKeys; now?: () => Date; database?: DatabaseHandle; fourEyes?: boolean; jobs?: JobRunner } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  // Test accounts hash at a cheap cost; the server's own composition keeps the full one.
  const app = createApp({ logger: createLogger('silent'), site: { passwordParameters: TEST_PASSWORD_PARAMETERS }, ...options, database });
  const bearer = {} as Record<CredentialRole, string>;
  for (const role of ['enterprise', 'staff', 'admin', 'auditor'] as const) {
    const { token } = await createApiToken(database.db, { label: `test ${role}`, role });
    bearer[role] = `Bearer ${token}`;
  }
  return { app, database, bearer };
}

/** A test app whose job runner is started (pg-boss polling every half second on PostgreSQL). */
export interface TestAppWithJobs extends TestApp {
  readonly jobs: JobRunner;
  /** Stops the runner, then closes the database. */
  readonly close: () => Promise<void>;
}

/**
 * `createTestApp` on a fresh database with a started job runner, for the tests that start jobs.
 *
 * @example const context = await createTestAppWithJobs(); … await context.close()
 */
export async function createTestAppWithJobs(): Promise<TestAppWithJobs> {
  const database = await createTestDatabase();
  const jobs = createJobRunner(database, createLogger('silent'), { pollingIntervalSeconds: 0.5 });
  const context = await createTestApp({ database, jobs });
  await jobs.start();
  return {
    ...context,
    jobs,
    close: async () => {
      await jobs.close();
      await database.close();
    },
  };
}

export interface TestAppWithKeys extends TestApp {
  /** Ephemeral bureau keys (signing key and server secret): freeze, draw and publication work. */
  readonly keys: BureauKeys;
  /** The app's clock for freezes and draws, at the world's freeze time until set. */
  readonly clock: TestClock;
}

/**
 * `createTestApp` with bureau keys, for the tests that freeze, draw or publish. Four eyes are
 * on unless `fourEyes: false` (a one-person bureau): then admins adopt and publish alone.
 *
 * @example const { app, keys, clock } = await createTestAppWithKeys({ database: (await createWorldDatabase()).database })
 */
export async function createTestAppWithKeys(options: { database?: DatabaseHandle; fourEyes?: boolean } = {}): Promise<TestAppWithKeys> {
  const keys = createEphemeralBureauKeys();
  const clock = createTestClock();
  return { ...(await createTestApp({ bureauKeys: keys, now: clock.now, ...options })), keys, clock };
}

/**
 * Four eyes: a second admin (another token than `bearer.admin`) approves a proposal; returns the answer.
 *
 * @example const approved = await approveAsSecondAdmin(app, database, proposed.body.approval.id) // 200 { approval, outcome }
 */
export async function approveAsSecondAdmin(app: Express, database: DatabaseHandle, approvalId: number): Promise<supertest.Response> {
  const { token } = await createApiToken(database.db, { label: 'second admin', role: 'admin' });
  return supertest(app).post(`/api/approvals/${approvalId}/approve`).set('Authorization', `Bearer ${token}`);
}

/**
 * A valid unified social credit code (GB 32100-2015 check character) for a region and a
 * serial number, e.g. `creditCodeFor('350102', 7)`.
 */
export function creditCodeFor(regionCode: string, serial: number): string {
  const first17 = `91${regionCode}${String(serial).padStart(8, '0')}M`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

export type EnterpriseSeed = typeof enterprises.$inferInsert;

export function enterpriseSeed(overrides: Partial<EnterpriseSeed> & { creditCode: string }): EnterpriseSeed {
  return {
    name: '示例有限公司',
    regionCode: overrides.creditCode.slice(2, 8),
    industryCode: 'F5211',
    registrationDate: '2020-01-02',
    entityType: 'company',
    status: 'active',
    flags: [],
    ...overrides,
  };
}

export async function insertEnterprises(database: DatabaseHandle, seeds: EnterpriseSeed[]): Promise<void> {
  if (seeds.length > 0) await database.db.insert(enterprises).values(seeds);
}
