import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveApiToken } from '../../src/application/api-tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/persistence/database.ts';
import { runSuiji as suiji } from '../support/cli.ts';

// The commands read the environment once through loadConfig: aim it at a throwaway data
// directory, or at a throwaway database on the DATABASE_URL server.
const serverUrl = process.env.DATABASE_URL || undefined;
const scratchDatabase = `suiji_cli_token_${randomBytes(6).toString('hex')}`;
const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-cli-token-'));
process.env.DATA_DIR = scratchDir;
if (serverUrl) {
  const url = new URL(serverUrl);
  url.pathname = `/${scratchDatabase}`;
  process.env.DATABASE_URL = url.toString();
}

async function roleOf(token: string): Promise<string | undefined> {
  const config = loadConfig();
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    return (await resolveApiToken(database.db, token))?.role;
  } finally {
    await database.close();
  }
}

describe(`suiji token on ${serverUrl ? 'postgres' : 'pglite'}`, () => {
  beforeAll(async () => {
    if (!serverUrl) return;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${scratchDatabase}`);
    await admin.end();
  });
  afterAll(async () => {
    fs.rmSync(scratchDir, { recursive: true, force: true });
    if (!serverUrl) return;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${scratchDatabase} with (force)`);
    await admin.end();
  });

  it('creates a token, lists it without the secret, and revokes it by id', async () => {
    const created = await suiji('token', 'create', '--role', 'staff', '--label', 'nightly import');

    expect(created.exitCode).toBe(0);
    const token = created.stdout.trim();
    expect(created.stdout).toMatch(/^suiji_[A-Za-z0-9_-]{43}\n$/);
    expect(created.stderr).toContain('not shown again');
    expect(created.stderr).not.toContain(token);
    expect(await roleOf(token)).toBe('staff');

    const listed = await suiji('token', 'list');
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain('staff\tnightly import');
    expect(listed.stdout).not.toContain(token);
    const id = /^(\d+)\tstaff\tnightly import/m.exec(listed.stdout)?.[1];
    expect(id).toBeDefined();

    const revoked = await suiji('token', 'revoke', id as string);
    expect(revoked.exitCode).toBe(0);
    expect(await roleOf(token)).toBeUndefined();

    const again = await suiji('token', 'revoke', id as string);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('already revoked');
  });

  it('reports an unknown token id with exit code 1', async () => {
    const result = await suiji('token', 'revoke', '999999');

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('no API token has ID 999999');
  });

  const usageMistakes: [string, string[]][] = [
    ['an unknown role', ['token', 'create', '--role', 'root', '--label', 'x']],
    ['a missing label', ['token', 'create', '--role', 'staff']],
    ['an unknown flag', ['token', 'create', '--role', 'staff', '--label', 'x', '--forever']],
    ['a non-numeric id', ['token', 'revoke', 'abc']],
    ['no id', ['token', 'revoke']],
  ];
  for (const [mistake, argv] of usageMistakes) {
    it(`exits 2 with the usage for ${mistake}`, async () => {
      const result = await suiji(...argv);

      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('Usage: suiji token');
      expect(result.stdout).toBe('');
    });
  }
});
