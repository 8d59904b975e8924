/**
 * `suiji token create|revoke|list`: API tokens for the HTTP API. A token is printed once,
 * at creation; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import {
  createApiToken,
  CREDENTIAL_ROLES,
  isCredentialRole,
  listApiTokens,
  revokeApiToken,
} from '../../application/api-tokens.ts';
import { assertNever } from '../../core/result.ts';
import { asUsage, UsageError, type CliCommand } from '../command.ts';
import { withConfiguredDatabase } from '../configured-database.ts';

export const tokenCreateCommand: CliCommand = {
  path: ['token', 'create'],
  recordsActivity: true,
  usage: `--role ${CREDENTIAL_ROLES.join('|')} --label NAME   create an API token and print it (shown only once)`,
  async run(args, io) {
    const { values } = asUsage(() =>
      parseArgs({ args, options: { role: { type: 'string' }, label: { type: 'string' } }, strict: true }),
    );
    const role = values.role;
    const label = values.label?.trim();
    if (role === undefined || !isCredentialRole(role)) {
      throw new UsageError(`--role must be one of ${CREDENTIAL_ROLES.join(', ')}${role === undefined ? '' : `, got '${role}'`}`);
    }
    if (!label) throw new UsageError('--label is required: say who or what the token is for');
    const created = await withConfiguredDatabase((database) => createApiToken(database.db, { role, label }));
    io.stdout.write(`${created.token}\n`);
    io.stderr.write(
      `Created API token ${created.id} (${created.role}, "${created.label}"). ` +
        'Store it now: it is not shown again. Send it as "Authorization: Bearer <token>".\n',
    );
    return 0;
  },
};

export const tokenRevokeCommand: CliCommand = {
  path: ['token', 'revoke'],
  recordsActivity: true,
  usage: 'ID   revoke an API token; it stops working at once',
  async run(args, io) {
    const { positionals } = asUsage(() => parseArgs({ args, options: {}, strict: true, allowPositionals: true }));
    const [idText, ...extra] = positionals;
    if (idText === undefined || extra.length > 0 || !/^[1-9]\d{0,9}$/.test(idText)) {
      throw new UsageError('give exactly one token ID (a positive integer; see `suiji token list`)');
    }
    const result = await withConfiguredDatabase((database) => revokeApiToken(database.db, Number(idText)));
    if (result.ok) {
      io.stdout.write(`Revoked API token ${result.value.id} (${result.value.role}, "${result.value.label}").\n`);
      return 0;
    }
    const issue = result.error;
    switch (issue.code) {
      case 'unknown_token':
        io.stderr.write(`suiji token revoke: no API token has ID ${issue.id}.\n`);
        return 1;
      case 'already_revoked':
        io.stderr.write(`suiji token revoke: API token ${issue.id} was already revoked at ${issue.revokedAt.toISOString()}.\n`);
        return 1;
      default:
        return assertNever(issue, 'revoke issue');
    }
  },
};

export const tokenListCommand: CliCommand = {
  path: ['token', 'list'],
  usage: '   list API tokens (ID, role, label, created, revoked); tokens themselves are never stored',
  async run(args, io) {
    asUsage(() => parseArgs({ args, options: {}, strict: true }));
    const tokens = await withConfiguredDatabase((database) => listApiTokens(database.db));
    io.stdout.write('id\trole\tlabel\tcreated_at\trevoked_at\n');
    for (const token of tokens) {
      io.stdout.write(
        `${token.id}\t${token.role}\t${token.label}\t${token.createdAt.toISOString()}\t${token.revokedAt?.toISOString() ?? ''}\n`,
      );
    }
    return 0;
  },
};
