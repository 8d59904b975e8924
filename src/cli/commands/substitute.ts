/**
 * `suiji substitute TASK CODE --leaving BADGE --reason illness|recusal|other [--note TEXT]
 * [--out FILE]`: an inspector leaves an enterprise's team; assign/v1 draws the replacement
 * from the snapshot committed at freeze (draw/v1.1 section 8.2), and the signed
 * `suiji.inspector-substitution/1` record is appended to the publication log. `--out`
 * writes the signed envelope, which `suiji verify RECORD --substitution FILE` checks.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { describeSubstitutionEntryIssue, substituteInspector } from '../../application/inspector-substitution.ts';
import { withBureauSession } from '../bureau-session.ts';
import { asUsage, UsageError, type CliRunner } from '../command.ts';
import { say } from '../language.ts';

export const substituteCommand: CliRunner = {
  async run(args, io) {
    const { values, positionals } = asUsage(() =>
      parseArgs({ args, options: { leaving: { type: 'string' }, reason: { type: 'string' }, note: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true, strict: true }),
    );
    const [taskCode, creditCode, ...extra] = positionals;
    if (!taskCode || !creditCode || extra.length > 0) throw new UsageError(say('请给出任务编号 TASK 和市场主体代码 CODE', 'give TASK and the enterprise CODE'));
    if (!values.leaving || !values.reason) throw new UsageError(say('请给出 --leaving BADGE 和 --reason illness|recusal|other', 'give --leaving BADGE and --reason illness|recusal|other'));
    const request = { taskCode, creditCode, leaving: values.leaving, reason: values.reason, ...(values.note === undefined ? {} : { reasonText: values.note }) };
    const substituted = await withBureauSession((database, keys) => substituteInspector(database, keys, request));
    if (!substituted.ok) {
      io.stderr.write(`${describeSubstitutionEntryIssue(substituted.error, 'zh')} / ${describeSubstitutionEntryIssue(substituted.error, 'en')}\n`);
      return 1;
    }
    const { record, envelope, leafIndex } = substituted.value;
    if (values.out !== undefined) fs.writeFileSync(values.out, `${JSON.stringify(envelope, null, 2)}\n`);
    io.stdout.write(
      `${record.task} 第 ${record.number} 次替换：${record.code} 的 ${record.leaving} 由 ${record.replacement} 替换（公示日志第 ${leafIndex} 条） / ` +
        `substitution ${record.number} of ${record.task}: ${record.replacement} replaces ${record.leaving} on the team of ${record.code} (log leaf ${leafIndex}, record ${envelope.recordHash})\n`,
    );
    return 0;
  },
};
