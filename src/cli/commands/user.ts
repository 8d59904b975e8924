/**
 * `suiji user setup-link|password|list`: for a bureau that lost its first-start link or
 * locked out its only admin. A setup link is printed once (as a path to append to the
 * server's address); only its hash is stored. `user password` sets a password read from
 * standard input (never from the command line, where `ps` and the shell history see it).
 */
import os from 'node:os';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import {
  createSetupLink,
  describePasswordIssue,
  findUserByUsername,
  isUserRole,
  listUsers,
  normaliseUsername,
  setPassword,
  setupPath,
  USER_ROLES,
} from '../../application/accounts.ts';
import { cliActor, recordActivity, systemActor } from '../../application/activity-log.ts';
import { asUsage, notOneOf, UsageError, type CliRunner, type CliIo } from '../command.ts';
import { say } from '../language.ts';
import { withConfiguredDatabase } from '../configured-database.ts';

export const userSetupLinkCommand: CliRunner = {
  async run(args, io) {
    const { values } = asUsage(() => parseArgs({ args, options: { role: { type: 'string' }, username: { type: 'string' } }, strict: true }));
    const username = values.username === undefined ? undefined : normaliseUsername(values.username);
    const outcome = await withConfiguredDatabase(async (database) => {
      const existing = username === undefined ? undefined : await findUserByUsername(database.db, username);
      if (existing) {
        if (existing.disabledAt !== null) return { error: say(`账号 ${existing.username} 已停用`, `user ${existing.username} is disabled`) };
        const created = await createSetupLink(database.db, { purpose: 'reset_password', userId: existing.id });
        if (!created.ok) return { error: created.error.code };
        await recordActivity(database.db, cliActor(os.userInfo().username), { action: 'setup_link_created', subject: existing.username, details: { purpose: 'reset_password', via: 'cli' } });
        return { token: created.value.token, what: say(`为 ${existing.username}（${existing.role}）设置新密码`, `sets a new password for ${existing.username} (${existing.role})`) };
      }
      const role = values.role;
      if (role === undefined || !isUserRole(role)) {
        throw new UsageError(notOneOf('--role', USER_ROLES, role));
      }
      const created = await createSetupLink(database.db, { purpose: 'create_user', role, username });
      if (!created.ok) return { error: created.error.code === 'username_invalid' ? say(`“${username ?? ''}”不是有效的用户名（2 至 40 个 a-z 0-9 . _ - 字符）`, `'${username ?? ''}' is not a valid username (2-40 of a-z 0-9 . _ -)`) : created.error.code };
      await recordActivity(database.db, cliActor(os.userInfo().username), { action: 'setup_link_created', subject: created.value.link.username, details: { purpose: 'create_user', role, via: 'cli' } });
      return {
        token: created.value.token,
        what: say(`创建${username === undefined ? '一个账号' : `账号 ${username}`}，角色为 ${role}`, `creates ${username === undefined ? 'an account' : `the account ${username}`} with the ${role} role`),
      };
    });
    if ('error' in outcome) {
      io.stderr.write(`suiji user setup-link: ${outcome.error}\n`);
      return 1;
    }
    io.stdout.write(`${setupPath(outcome.token)}\n`);
    const example = `https://suiji.example.gov.cn${setupPath(outcome.token)}`;
    io.stderr.write(
      say(
        `此一次性链接用于${outcome.what}。请在 24 小时内在服务器的地址上打开（例如 ${example}）。\n`,
        `This one-time link ${outcome.what}. Open it on the server's address (e.g. ${example}) within 24 hours.\n`,
      ),
    );
    return 0;
  },
};

async function firstLine(stdin: CliIo['stdin']): Promise<string | undefined> {
  const lines = readline.createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return undefined;
}

export const userPasswordCommand: CliRunner = {
  async run(args, io) {
    const { values } = asUsage(() => parseArgs({ args, options: { username: { type: 'string' } }, strict: true }));
    if (values.username === undefined) throw new UsageError(say('须给出 --username', '--username is required'));
    const username = normaliseUsername(values.username);
    const password = await firstLine(io.stdin);
    if (password === undefined || password === '') {
      io.stderr.write('suiji user password: 请在标准输入的第一行给出新密码 / give the new password on the first line of standard input\n');
      return 1;
    }
    const outcome = await withConfiguredDatabase(async (database) => {
      const user = await findUserByUsername(database.db, username);
      if (!user || user.disabledAt !== null) return `没有启用的用户 ${username} / no active user ${username}`;
      const set = await setPassword(database.db, user.id, password);
      if (!set.ok) return set.error.code === 'unknown_user' ? `没有用户 ${username} / no user ${username}` : `${describePasswordIssue(set.error, 'zh')} / ${describePasswordIssue(set.error, 'en')}`;
      await recordActivity(database.db, systemActor, { action: 'password_changed', subject: user.username, details: { via: 'cli' } });
      return undefined;
    });
    if (outcome !== undefined) {
      io.stderr.write(`suiji user password: ${outcome}\n`);
      return 1;
    }
    io.stderr.write(`密码已设置；${username} 的会话和未使用的重置链接已失效。 / The password is set; ${username}'s sessions and unused reset links have ended.\n`);
    return 0;
  },
};

export const userListCommand: CliRunner = {
  async run(args, io) {
    asUsage(() => parseArgs({ args, options: {}, strict: true }));
    const users = await withConfiguredDatabase((database) => listUsers(database.db));
    io.stdout.write('id\tusername\trole\tdisplay_name\tcreated_at\tdisabled_at\n');
    for (const user of users) {
      io.stdout.write(`${user.id}\t${user.username}\t${user.role}\t${user.displayName}\t${user.createdAt.toISOString()}\t${user.disabledAt?.toISOString() ?? ''}\n`);
    }
    return 0;
  },
};
