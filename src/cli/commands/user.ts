/**
 * `suiji user setup-link|list`: for a bureau that lost its first-start link or locked out
 * its only admin. A setup link is printed once (as a path to append to the server's
 * address); only its hash is stored.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createSetupLink, findUserByUsername, isUserRole, listUsers, normaliseUsername, setupPath, USER_ROLES } from '../../application/accounts.ts';
import { cliActor, recordActivity } from '../../application/activity-log.ts';
import { asUsage, UsageError, type CliCommand } from '../command.ts';
import { withConfiguredDatabase } from '../configured-database.ts';

export const userSetupLinkCommand: CliCommand = {
  path: ['user', 'setup-link'],
  usage: `--role ${USER_ROLES.join('|')} [--username NAME]   print a one-time link (24 h) creating an account; for an existing NAME, one that sets a new password`,
  async run(args, io) {
    const { values } = asUsage(() => parseArgs({ args, options: { role: { type: 'string' }, username: { type: 'string' } }, strict: true }));
    const username = values.username === undefined ? undefined : normaliseUsername(values.username);
    const outcome = await withConfiguredDatabase(async (database) => {
      const existing = username === undefined ? undefined : await findUserByUsername(database.db, username);
      if (existing) {
        if (existing.disabledAt !== null) return { error: `user ${existing.username} is disabled` };
        const created = await createSetupLink(database.db, { purpose: 'reset_password', userId: existing.id });
        if (!created.ok) return { error: created.error.code };
        await recordActivity(database.db, cliActor(os.userInfo().username), { action: 'setup_link_created', subject: existing.username, details: { purpose: 'reset_password', via: 'cli' } });
        return { token: created.value.token, what: `sets a new password for ${existing.username} (${existing.role})` };
      }
      const role = values.role;
      if (role === undefined || !isUserRole(role)) {
        throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}${role === undefined ? '' : `, got '${role}'`}`);
      }
      const created = await createSetupLink(database.db, { purpose: 'create_user', role, username });
      if (!created.ok) return { error: created.error.code === 'username_invalid' ? `'${username ?? ''}' is not a valid username (2-40 of a-z 0-9 . _ -)` : created.error.code };
      await recordActivity(database.db, cliActor(os.userInfo().username), { action: 'setup_link_created', subject: created.value.link.username, details: { purpose: 'create_user', role, via: 'cli' } });
      return { token: created.value.token, what: `creates ${username === undefined ? 'an account' : `the account ${username}`} with the ${role} role` };
    });
    if ('error' in outcome) {
      io.stderr.write(`suiji user setup-link: ${outcome.error}\n`);
      return 1;
    }
    io.stdout.write(`${setupPath(outcome.token)}\n`);
    io.stderr.write(`This one-time link ${outcome.what}. Open it on the server's address (e.g. https://suiji.example.gov.cn${setupPath(outcome.token)}) within 24 hours.\n`);
    return 0;
  },
};

export const userListCommand: CliCommand = {
  path: ['user', 'list'],
  usage: '   list accounts (ID, username, role, created, disabled)',
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
