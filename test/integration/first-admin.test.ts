import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD_PARAMETERS } from '../../src/application/accounts.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer, type RunningServer } from '../../src/main.ts';
import { openDatabase } from '../../src/persistence/database.ts';
import { users } from '../../src/persistence/schema/index.ts';
import { testDatabaseKind, testDatabaseUrl } from '../support/database.ts';

describe(`first start on ${testDatabaseKind}`, () => {
  const logger = createLogger('silent');
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A fresh data directory and, on PostgreSQL, a fresh database: the same for every start. */
  async function freshEnvironment(): Promise<Record<string, string>> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-first-admin-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    if (!testDatabaseUrl) return { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
    const name = `suiji_first_admin_${randomBytes(6).toString('hex')}`;
    const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    cleanups.push(async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end({ timeout: 5 });
    });
    const url = new URL(testDatabaseUrl);
    url.pathname = `/${name}`;
    return { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url.toString() };
  }

  async function start(environment: Record<string, string>): Promise<{ server: RunningServer; printed: string }> {
    const printed: string[] = [];
    const server = await startServer(parseConfig(environment), { logger, stderr: { write: (text: string) => printed.push(text) } });
    cleanups.push(() => server.close());
    return { server, printed: printed.join('') };
  }

  it('names PUBLIC_ORIGIN in the link, prints it on the terminal only, never in the JSON log (issue 13)', async () => {
    const environment = { ...(await freshEnvironment()), PUBLIC_ORIGIN: 'https://suiji.example.gov.cn' };
    const logged: string[] = [];
    const printed: string[] = [];
    const server = await startServer(parseConfig(environment), { logger: pino({ level: 'trace' }, { write: (line: string) => logged.push(line) }), stderr: { write: (text: string) => printed.push(text) } });
    cleanups.push(() => server.close());
    expect(server.setupLink).toMatch(/^https:\/\/suiji\.example\.gov\.cn\/setup\/[A-Za-z0-9_-]{43}$/);
    expect(printed.join('')).toContain(server.setupLink);
    const token = server.setupLink!.split('/').pop()!;
    expect(logged.join('\n')).toContain('setup link');
    expect(logged.join('\n')).not.toContain(token);
  });

  it('prints a one-time admin setup link while no admin exists, and none once one does', async () => {
    const environment = await freshEnvironment();
    const first = await start(environment);

    expect(first.server.setupLink).toMatch(new RegExp(`^${first.server.url}/setup/[A-Za-z0-9_-]{43}$`));
    expect(first.printed).toContain(first.server.setupLink);
    const link = first.server.setupLink!;
    expect((await fetch(link)).status).toBe(200);
    const form = new URLSearchParams({ username: 'chief', password: 'the first admin passphrase', passwordAgain: 'the first admin passphrase' });
    const created = await fetch(link, { method: 'POST', body: form, redirect: 'manual' });
    expect(created.status).toBe(303);
    expect(created.headers.get('set-cookie')).toMatch(/^suiji_session=/);
    expect((await fetch(link, { method: 'POST', body: form, redirect: 'manual' })).status).toBe(404);
    await first.server.close();

    const second = await start(environment);

    expect(second.server.setupLink).toBeUndefined();
    expect(second.printed).toBe('');
    const login = await fetch(`${second.server.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'chief', password: 'the first admin passphrase' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
  });

  it('hashes the first admin password at the full production cost (scrypt N=2^15), whatever the tests use elsewhere', async () => {
    const environment = await freshEnvironment();
    const { server } = await start(environment);
    const form = new URLSearchParams({ username: 'chief', password: 'the first admin passphrase', passwordAgain: 'the first admin passphrase' });
    expect((await fetch(server.setupLink!, { method: 'POST', body: form, redirect: 'manual' })).status).toBe(303);
    await server.close();

    const database = await openDatabase(parseConfig(environment));
    const [chief] = await database.db.select().from(users);
    await database.close();

    expect(chief!.passwordParameters).toEqual(PASSWORD_PARAMETERS);
    expect(PASSWORD_PARAMETERS).toMatchObject({ algorithm: 'scrypt', n: 2 ** 15, r: 8 });
  });

  it('prints a new link at each start until the admin is created', async () => {
    const environment = await freshEnvironment();
    const first = await start(environment);
    await first.server.close();

    const second = await start(environment);

    expect(second.server.setupLink).toBeDefined();
    expect(second.server.setupLink).not.toBe(first.server.setupLink);
  });
});
