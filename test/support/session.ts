/**
 * Browser sessions for HTTP tests: a user made through the real setup-link flow, then
 * signed in through POST /login like a browser. The returned agent keeps the session
 * cookie; send `csrfToken` as form field `_csrf` or header `X-CSRF-Token` on every POST.
 *
 * @example const { agent, csrfToken } = await signIn(app, database, 'staff')
 * await agent.post('/console/tasks/2027-ZH-01/freeze').type('form').send({ _csrf: csrfToken })
 */
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import supertest from 'supertest';
import { completeSetup, createSetupLink, type UserRole } from '../../src/application/accounts.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import type { PasswordParameters } from '../../src/persistence/schema/index.ts';

export interface SignedIn {
  readonly agent: ReturnType<typeof supertest.agent>;
  readonly csrfToken: string;
  readonly username: string;
  readonly password: string;
  readonly userId: number;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * A cheap scrypt cost for test accounts (1 MiB, ~1 ms a hash instead of 32 MiB and ~0.1 s):
 * `signIn` and `createTestApp` use it. Production's cost is `PASSWORD_PARAMETERS`, which
 * the server's composition always uses (test/integration/first-admin.test.ts checks it).
 */
export const TEST_PASSWORD_PARAMETERS: PasswordParameters = { algorithm: 'scrypt', n: 2 ** 10, r: 8, p: 1, keyLength: 32 };

/** The CSRF token a page carries in `<meta name="csrf-token">` (undefined without a session). */
export function csrfTokenOfPage(page: string): string | undefined {
  return /<meta name="csrf-token" content="([^"]+)">/.exec(page)?.[1];
}

async function csrfTokenOf(agent: ReturnType<typeof supertest.agent>): Promise<string> {
  const page = await agent.get('/login').set('Accept', 'text/html');
  const token = csrfTokenOfPage(page.text);
  if (!token) throw new Error(`signed in, but GET /login (${page.status}) carries no CSRF token`);
  return token;
}

/**
 * Creates a user of `role` (through a setup link) and signs it in through POST /login.
 *
 * @example const admin = await signIn(app, database, 'admin', { username: 'chief' })
 */
export async function signIn(
  app: Express,
  database: DatabaseHandle,
  role: UserRole,
  options: { readonly username?: string } = {},
): Promise<SignedIn> {
  const username = options.username ?? `${role}-${randomBytes(4).toString('hex')}`;
  const link = await createSetupLink(database.db, { purpose: 'create_user', role, username });
  if (!link.ok) throw new Error(`setup link for ${username}: ${link.error.code}`);
  const created = await completeSetup(database.db, link.value.token, { password: TEST_PASSWORD }, TEST_PASSWORD_PARAMETERS);
  if (!created.ok) throw new Error(`setup of ${username}: ${created.error.code}`);
  const agent = supertest.agent(app);
  const login = await agent.post('/login').type('form').send({ username, password: TEST_PASSWORD });
  if (login.status !== 303) throw new Error(`POST /login for ${username} answered ${login.status}: ${login.text.slice(0, 300)}`);
  return { agent, csrfToken: await csrfTokenOf(agent), username, password: TEST_PASSWORD, userId: created.value.user.id };
}

export interface SignedInEnterprise {
  readonly agent: ReturnType<typeof supertest.agent>;
  readonly csrfToken: string;
  readonly creditCode: string;
}

/**
 * Signs an enterprise in with its credit code and the receipt code of one of its receipts
 * (e.g. `deriveReceiptCode(keys, taskCode, creditCode)` after a draw).
 *
 * @example const enterprise = await signInEnterprise(app, code, deriveReceiptCode(keys, '2027-ZH-01', code))
 */
export async function signInEnterprise(app: Express, creditCode: string, receiptCode: string): Promise<SignedInEnterprise> {
  const agent = supertest.agent(app);
  const login = await agent.post('/enterprise/login').type('form').send({ creditCode, receiptCode });
  if (login.status !== 303) throw new Error(`POST /enterprise/login for ${creditCode} answered ${login.status}: ${login.text.slice(0, 300)}`);
  return { agent, csrfToken: await csrfTokenOf(agent), creditCode };
}
