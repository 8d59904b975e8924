import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSetup, createSetupLink, findSetupLink, findUserByUsername, verifyLogin } from '../../src/application/accounts.ts';
import { runCli } from '../../src/cli/main.ts';
import { withConfiguredDatabase } from '../../src/cli/configured-database.ts';
import { runSuiji, useTemporaryCliDatabase } from '../support/cli.ts';
import { TEST_PASSWORD } from '../support/session.ts';

const cli = useTemporaryCliDatabase('cli_user');

describe('suiji user', () => {
  beforeAll(() => cli.create());
  afterAll(() => cli.dispose());

  it('setup-link prints a one-time link path that creates the account; list shows it; a second link for the name resets its password', async () => {
    const made = await runSuiji('user', 'setup-link', '--role', 'admin', '--username', 'Chief');
    expect(made.exitCode).toBe(0);
    const token = /^\/setup\/([A-Za-z0-9_-]{43})\n$/.exec(made.stdout)?.[1];
    expect(token).toBeDefined();
    expect(made.stderr).toContain('creates the account chief with the admin role');

    await withConfiguredDatabase(async (database) => {
      const created = await completeSetup(database.db, token!, { password: TEST_PASSWORD });
      expect(created.ok).toBe(true);
    });
    const listed = await runSuiji('user', 'list');
    const reset = await runSuiji('user', 'setup-link', '--username', 'chief');

    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toMatch(/\n\d+\tchief\tadmin\t/);
    expect(reset.exitCode).toBe(0);
    expect(reset.stderr).toContain('sets a new password for chief (admin)');
    const resetToken = /^\/setup\/([A-Za-z0-9_-]{43})\n$/.exec(reset.stdout)![1]!;
    await withConfiguredDatabase(async (database) => {
      expect(await findSetupLink(database.db, resetToken)).toMatchObject({ purpose: 'reset_password', targetUsername: 'chief' });
    });
  });

  it('refuses an unknown role and a malformed username', async () => {
    const badRole = await runSuiji('user', 'setup-link', '--role', 'root');
    const badName = await runSuiji('user', 'setup-link', '--role', 'staff', '--username', 'x');

    expect(badRole.exitCode).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of staff, admin, auditor');
    expect(badName.exitCode).toBe(1);
    expect(badName.stderr).toContain('not a valid username');
  });

  it('password reads the new password from stdin, refuses a weak one, and ends the unused reset links', async () => {
    const typed = async (password: string) => {
      const stdin = new PassThrough();
      stdin.end(`${password}\n`);
      const stderr = new PassThrough();
      const said: string[] = [];
      stderr.on('data', (chunk: Buffer) => said.push(chunk.toString()));
      const exitCode = await runCli(['user', 'password', '--username', 'chief'], { stdin, stdout: new PassThrough(), stderr });
      return { exitCode, stderr: said.join('') };
    };
    const resetToken = await withConfiguredDatabase(async (database) => {
      const chief = await findUserByUsername(database.db, 'chief');
      const link = await createSetupLink(database.db, { purpose: 'reset_password', userId: chief!.id });
      return link.ok ? link.value.token : undefined;
    });

    const weak = await typed('password123456');
    const strong = await typed('the bureau opens at eight every weekday');

    expect(weak.exitCode).toBe(1);
    expect(weak.stderr).toContain('密码太容易被猜到');
    expect(strong.exitCode).toBe(0);
    await withConfiguredDatabase(async (database) => {
      expect((await verifyLogin(database.db, 'chief', 'the bureau opens at eight every weekday')).ok).toBe(true);
      expect(await findSetupLink(database.db, resetToken!)).toBeUndefined();
    });
  });
});
