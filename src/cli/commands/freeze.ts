/**
 * `suiji freeze TASK`: freezes a planned task (pool, strata, policies, salts, poolRoot, nonce
 * commitment) and prints what to publish before the draw.
 */
import { describeFreezeIssue, freezeTask } from '../../application/freeze-task.ts';
import { describeEntropySource } from '../../core/draw/entropy-source.ts';
import { withBureauSession } from '../bureau-session.ts';
import { UsageError, type CliRunner } from '../command.ts';
import { parseArgs } from 'node:util';

export const freezeCommand: CliRunner = {
  async run(args, io) {
    let positionals: string[];
    let values: { 'tier-list-override-reason'?: string };
    try {
      ({ positionals, values } = parseArgs({ args, options: { 'tier-list-override-reason': { type: 'string' } }, allowPositionals: true, strict: true }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const [task, ...rest] = positionals;
    if (task === undefined) throw new UsageError('give the TASK code');
    if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
    const result = await withBureauSession((database, keys, config) => freezeTask(database, keys, task, { noticeSeconds: config.entropyNoticeSeconds, tierListOverrideReason: values['tier-list-override-reason'] }));
    if (!result.ok) {
      io.stderr.write(`${describeFreezeIssue(result.error, 'zh')}\n${describeFreezeIssue(result.error)}\n`);
      return 1;
    }
    const summary = result.value;
    io.stdout.write(
      `Task ${summary.task} frozen at ${summary.frozenAt}\n` +
        `  candidates ${summary.candidates}, pool ${summary.poolSize}\n` +
        summary.policies.map((policy) => `  已采纳抽查比例 / adopted policy ${policy.itemCode} v${policy.version}\n`).join('') +
        summary.strata.map((stratum) => `  stratum ${stratum.label}: N ${stratum.N}, ratio ${stratum.ratio}, minimum ${stratum.minimum}\n`).join('') +
        summary.exclusions.map((entry) => `  excluded (${entry.reason}): ${entry.count}\n`).join('') +
        (summary.tierListVersion === null ? '' : `  分级分类监管清单 / tier list: version ${summary.tierListVersion}${summary.tierListOverrideReason ? `, 未采用的理由 / override: ${summary.tierListOverrideReason}` : ''}\n`) +
        (summary.notEvaluated > 0 ? `  not evaluated by the run, placed in stratum B: ${summary.notEvaluated}\n` : '') +
        `Publish now:\n  poolRoot        ${summary.poolRoot}\n  nonceCommitment ${summary.nonceCommitment}\n  entropy source  ${describeEntropySource(summary.entropySource, 'zh')} / ${describeEntropySource(summary.entropySource, 'en')}\n` +
        `  entropyAt       ${summary.entropyAt} (notice ${summary.notice} s; the draw is refused before it)\n`,
    );
    return 0;
  },
};
