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
import { asUsage, notOneOf, UsageError, type CliRunner } from '../command.ts';
import { say } from '../language.ts';
import { withConfiguredDatabase } from '../configured-database.ts';
import { parsePositionals } from './positionals.ts';

export const tokenCreateCommand: CliRunner = {
  async run(args, io) {
    const { values } = asUsage(() =>
      parseArgs({ args, options: { role: { type: 'string' }, label: { type: 'string' } }, strict: true }),
    );
    const role = values.role;
    const label = values.label?.trim();
    if (role === undefined || !isCredentialRole(role)) {
      throw new UsageError(notOneOf('--role', CREDENTIAL_ROLES, role));
    }
    if (!label) throw new UsageError(say('须给出 --label：说明令牌给谁或做什么用', '--label is required: say who or what the token is for'));
    const created = await withConfiguredDatabase((database) => createApiToken(database.db, { role, label }));
    io.stdout.write(`${created.token}\n`);
    io.stderr.write(
      say(
        `已创建 API 令牌 ${created.id}（${created.role}，“${created.label}”）。请立即保存：它不会再显示。请求时以 "Authorization: Bearer <令牌>" 发送。\n`,
        `Created API token ${created.id} (${created.role}, "${created.label}"). Store it now: it is not shown again. Send it as "Authorization: Bearer <token>".\n`,
      ),
    );
    return 0;
  },
};

export const tokenRevokeCommand: CliRunner = {
  async run(args, io) {
    const [idText, ...extra] = parsePositionals(args);
    if (idText === undefined || extra.length > 0 || !/^[1-9]\d{0,9}$/.test(idText)) {
      throw new UsageError(say('请只给一个令牌编号 ID（正整数；见 `suiji token list`）', 'give exactly one token ID (a positive integer; see `suiji token list`)'));
    }
    const result = await withConfiguredDatabase((database) => revokeApiToken(database.db, Number(idText)));
    if (result.ok) {
      const { id, role, label } = result.value;
      io.stdout.write(say(`已吊销 API 令牌 ${id}（${role}，“${label}”）。\n`, `Revoked API token ${id} (${role}, "${label}").\n`));
      return 0;
    }
    const issue = result.error;
    switch (issue.code) {
      case 'unknown_token':
        io.stderr.write(say(`suiji token revoke: 没有编号为 ${issue.id} 的 API 令牌。\n`, `suiji token revoke: no API token has ID ${issue.id}.\n`));
        return 1;
      case 'already_revoked':
        io.stderr.write(say(`suiji token revoke: API 令牌 ${issue.id} 已于 ${issue.revokedAt.toISOString()} 吊销。\n`, `suiji token revoke: API token ${issue.id} was already revoked at ${issue.revokedAt.toISOString()}.\n`));
        return 1;
      default:
        return assertNever(issue, 'revoke issue');
    }
  },
};

export const tokenListCommand: CliRunner = {
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
