/**
 * `suiji freeze TASK`: freezes a planned task (pool, strata, policies, salts, poolRoot, nonce
 * commitment) and prints what to publish before the draw.
 */
import { describeFreezeIssue, freezeTask } from '../../application/freeze-task.ts';
import { describeEntropySource } from '../../core/draw/entropy-source.ts';
import { withBureauSession } from '../bureau-session.ts';
import { argumentError, unexpectedArgument, UsageError, type CliRunner } from '../command.ts';
import { cliLanguage, say } from '../language.ts';
import { parseArgs } from 'node:util';

export const freezeCommand: CliRunner = {
  async run(args, io) {
    let positionals: string[];
    let values: { 'tier-list-override-reason'?: string };
    try {
      ({ positionals, values } = parseArgs({ args, options: { 'tier-list-override-reason': { type: 'string' } }, allowPositionals: true, strict: true }));
    } catch (error) {
      throw argumentError(error);
    }
    const [task, ...rest] = positionals;
    if (task === undefined) throw new UsageError(say('请给出任务编号 TASK', 'give the TASK code'));
    if (rest.length > 0) throw new UsageError(unexpectedArgument(rest[0]));
    const result = await withBureauSession((database, keys, config) => freezeTask(database, keys, task, { noticeSeconds: config.entropyNoticeSeconds, tierListOverrideReason: values['tier-list-override-reason'] }));
    if (!result.ok) {
      io.stderr.write(`${describeFreezeIssue(result.error, 'zh')}\n${describeFreezeIssue(result.error)}\n`);
      return 1;
    }
    const summary = result.value;
    io.stdout.write(
      say(`任务 ${summary.task} 已于 ${summary.frozenAt} 冻结\n`, `Task ${summary.task} frozen at ${summary.frozenAt}\n`) +
        say(`  候选 ${summary.candidates} 户，抽取名单 ${summary.poolSize} 户\n`, `  candidates ${summary.candidates}, pool ${summary.poolSize}\n`) +
        summary.policies.map((policy) => `  已采纳抽查比例 / adopted policy ${policy.itemCode} v${policy.version}\n`).join('') +
        summary.strata.map((stratum) => say(`  层 ${stratum.label}：N ${stratum.N}，比例 ${stratum.ratio}，最低数 ${stratum.minimum}\n`, `  stratum ${stratum.label}: N ${stratum.N}, ratio ${stratum.ratio}, minimum ${stratum.minimum}\n`)).join('') +
        summary.exclusions.map((entry) => say(`  排除（${entry.reason}）：${entry.count}\n`, `  excluded (${entry.reason}): ${entry.count}\n`)).join('') +
        (summary.tierListVersion === null ? '' : `  分级分类监管清单 / tier list: version ${summary.tierListVersion}${summary.tierListOverrideReason ? `, 未采用的理由 / override: ${summary.tierListOverrideReason}` : ''}\n`) +
        (summary.notEvaluated > 0 ? say(`  该次评价未评价、归入 B 层：${summary.notEvaluated}\n`, `  not evaluated by the run, placed in stratum B: ${summary.notEvaluated}\n`) : '') +
        say('现在公布：\n', 'Publish now:\n') +
        `  poolRoot        ${summary.poolRoot}\n  nonceCommitment ${summary.nonceCommitment}\n  ${say('熵来源         ', 'entropy source ')} ${describeEntropySource(summary.entropySource, cliLanguage())}\n` +
        `  entropyAt       ${summary.entropyAt} ${say(`（提前公告 ${summary.notice} 秒；此前拒绝抽取）`, `(notice ${summary.notice} s; the draw is refused before it)`)}\n`,
    );
    return 0;
  },
};
