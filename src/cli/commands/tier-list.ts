/**
 * `suiji tier-list approve --year Y --run N [--as-of YYYY-MM-DD] [--reason TEXT]` approves an
 * evaluation run as the next version of the year's tier list (分级分类监管清单, a bureau
 * decision: run it as leadership); `suiji tier-list show [--year Y]` prints the versions with
 * their counts per tier and the year's ratios and frequencies. Internal: tiers are never published.
 */
import { parseArgs } from 'node:util';
import { systemActor } from '../../application/activity-log.ts';
import { approveTierList, describeTierListIssue, type TierListRow } from '../../application/tier-list.ts';
import { loadConfig } from '../../config.ts';
import { TIER_NAMES, TIERS } from '../../core/policy/tier.ts';
import { openDatabase, type DatabaseHandle } from '../../persistence/database.ts';
import { listTierLists } from '../../persistence/tier-list-repository.ts';
import { asUsage, UsageError, type CliRunner } from '../command.ts';
import { say } from '../language.ts';

async function withDatabase<T>(use: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

function parsePositiveInteger(text: string | undefined, flag: string): number {
  if (text === undefined) throw new UsageError(say(`请给出 ${flag}`, `give ${flag}`));
  if (!/^[1-9][0-9]*$/.test(text)) throw new UsageError(say(`${flag} ${text} 不是正整数`, `${flag} ${text} is not a positive whole number`));
  return Number(text);
}

/**
 * A version in lines: who approved it from which run, its counts, and per item the ratio,
 * minimum and frequency of each tier.
 *
 * @example describeTierList(row) // ['2027 年第 1 版 / version 1: run 4 as of 2026-12-31, approved by li.wei (admin) at …', …]
 */
function describeTierList(row: TierListRow): string[] {
  const lines = [
    `${row.year} 年第 ${row.version} 版 / ${row.year} version ${row.version}: 第 ${row.evaluationRunId} 次评价 / run ${row.evaluationRunId}, 评价日期 / as of ${row.asOf}; ` +
      `批准 / approved by ${row.approvedBy} (${row.approvedByRole}) ${row.approvedAt.toISOString()}`,
  ];
  if (row.reason) lines.push(`  调整理由 / reason: ${row.reason}`);
  for (const tier of TIERS) lines.push(`  ${tier} 类（${TIER_NAMES[tier]}）: ${row.counts[tier]}`);
  lines.push(`  其中观察期 / in observation: ${row.counts.observation}`);
  if (row.policies.length === 0) lines.push('  本年度尚无抽查比例 / no sampling policy for the year yet');
  for (const policy of row.policies) {
    const tiers = TIERS.map((tier) => `${tier} ${policy.tiers[tier].ratio} ≥${policy.tiers[tier].minimum} ×${policy.tiers[tier].frequency}`).join(', ');
    lines.push(`  ${policy.itemCode} ${policy.itemName} (v${policy.policyVersion}) 比例 最低数 频次 / ratio minimum rounds: ${tiers}`);
  }
  return lines;
}

export const tierListApproveCommand: CliRunner = {
  async run(args, io) {
    const { values } = asUsage(() =>
      parseArgs({ args, options: { year: { type: 'string' }, run: { type: 'string' }, 'as-of': { type: 'string' }, reason: { type: 'string' } }, allowPositionals: false, strict: true }),
    );
    const year = parsePositiveInteger(values.year, '--year');
    const runId = parsePositiveInteger(values.run, '--run');
    const approved = await withDatabase((database) => approveTierList(database, { year, runId, reason: values.reason, asOf: values['as-of'] }, { actor: systemActor }));
    if (!approved.ok) {
      io.stderr.write(`${describeTierListIssue(approved.error, 'zh')}\n${describeTierListIssue(approved.error, 'en')}\n`);
      return 1;
    }
    for (const line of describeTierList(approved.value)) io.stdout.write(`${line}\n`);
    return 0;
  },
};

export const tierListShowCommand: CliRunner = {
  async run(args, io) {
    const { values } = asUsage(() => parseArgs({ args, options: { year: { type: 'string' } }, allowPositionals: false, strict: true }));
    const year = values.year === undefined ? undefined : parsePositiveInteger(values.year, '--year');
    const rows = await withDatabase((database) => listTierLists(database.db, { year }));
    if (rows.length === 0) {
      io.stdout.write(`${year === undefined ? '' : `${year} 年`}尚无已批准的分级分类监管清单 / no approved tier list${year === undefined ? '' : ` for ${year}`}\n`);
      return 0;
    }
    for (const row of rows) for (const line of describeTierList(row)) io.stdout.write(`${line}\n`);
    return 0;
  },
};
