import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createApiToken,
  listApiTokens,
  resolveApiToken,
  revokeApiToken,
  roleSatisfies,
  type CredentialRole,
  type Role,
} from '../../src/application/api-tokens.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { apiTokens } from '../../src/persistence/schema/index.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';

describe(`API tokens on ${testDatabaseKind}`, () => {
  let database: DatabaseHandle;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('creates a prefixed token of 32 random bytes and stores only its SHA-256', async () => {
    const created = await createApiToken(database.db, { label: 'nightly import', role: 'staff' });

    expect(created.token).toMatch(/^suiji_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(created.token.slice('suiji_'.length), 'base64url')).toHaveLength(32);
    const rows = await database.db.select().from(apiTokens);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(created.token.slice('suiji_'.length));
    expect(rows[0]).toMatchObject({ label: 'nightly import', role: 'staff', revokedAt: null });
  });

  it('never creates the same token twice', async () => {
    const first = await createApiToken(database.db, { label: 'a', role: 'staff' });
    const second = await createApiToken(database.db, { label: 'a', role: 'staff' });

    expect(first.token).not.toBe(second.token);
    expect(first.id).not.toBe(second.id);
  });

  it('resolves a token to its id and role', async () => {
    const created = await createApiToken(database.db, { label: 'auditor desk', role: 'auditor' });

    const resolved = await resolveApiToken(database.db, created.token);

    expect(resolved).toMatchObject({ id: created.id, role: 'auditor', label: 'auditor desk', revokedAt: null });
  });

  it('resolves nothing for a malformed, unknown or altered token', async () => {
    const created = await createApiToken(database.db, { label: 'x', role: 'staff' });
    const altered = created.token.slice(0, -1) + (created.token.endsWith('A') ? 'B' : 'A');

    for (const presented of ['', 'suiji_', created.token.slice('suiji_'.length), `suiji_${'A'.repeat(43)}`, altered, `${created.token} `]) {
      expect(await resolveApiToken(database.db, presented)).toBeUndefined();
    }
  });

  it('revokes a token so that it no longer resolves, keeping the record', async () => {
    const created = await createApiToken(database.db, { label: 'laptop', role: 'admin' });

    const revoked = await revokeApiToken(database.db, created.id);

    expect(revoked.ok).toBe(true);
    expect(await resolveApiToken(database.db, created.token)).toBeUndefined();
    const [record] = await listApiTokens(database.db);
    expect(record?.revokedAt).toBeInstanceOf(Date);
  });

  it('reports revoking twice and revoking an unknown id as issues, not errors', async () => {
    const created = await createApiToken(database.db, { label: 'laptop', role: 'staff' });
    await revokeApiToken(database.db, created.id);

    const again = await revokeApiToken(database.db, created.id);
    const unknown = await revokeApiToken(database.db, created.id + 1000);

    expect(again).toMatchObject({ ok: false, error: { code: 'already_revoked', id: created.id } });
    expect(unknown).toEqual({ ok: false, error: { code: 'unknown_token', id: created.id + 1000 } });
  });

  it('refuses an empty label', async () => {
    await expect(createApiToken(database.db, { label: '  ', role: 'staff' })).rejects.toThrow(/label/);
  });
});

describe('roleSatisfies (DESIGN.md section 2)', () => {
  const table: [Role, CredentialRole, boolean][] = [
    ['staff', 'staff', true],
    ['admin', 'staff', true],
    ['admin', 'admin', true],
    ['staff', 'admin', false],
    ['auditor', 'staff', false],
    ['admin', 'auditor', false],
    ['auditor', 'auditor', true],
    ['enterprise', 'staff', false],
    ['public', 'staff', false],
    ['public', 'enterprise', false],
  ];
  for (const [actual, required, expected] of table) {
    it(`${expected ? 'lets' : 'does not let'} ${actual} act as ${required}`, () => {
      expect(roleSatisfies(actual, required)).toBe(expected);
    });
  }
});
