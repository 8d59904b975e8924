/**
 * `suiji receipt TASK CODE [--notification]`: an enterprise's receipt of a drawn task, as
 * JSON, in the bureau's signed envelope (draw/v1.1 section 7.2; `suiji verify RECORD
 * --receipt FILE --keys KEYS` accepts this output, with or without `--notification`, as is). Staff print notifications with `--notification`, which adds the enterprise's receipt
 * code (derived from the server secret, so it can be printed again; only its hash is
 * stored) and the web address where the enterprise reads its receipt with that code.
 * Without the flag the code is never shown, so a receipt JSON can be handed on safely.
 */
import { parseArgs } from 'node:util';
import { readSignedReceipt } from '../../application/draw-publication.ts';
import { readReceiptNotification } from '../../application/inspection-notices.ts';
import { parseCreditCode } from '../../core/credit-code.ts';
import { withBureauSession } from '../bureau-session.ts';
import { argumentError, unexpectedArgument, UsageError, type CliRunner } from '../command.ts';
import { say } from '../language.ts';

export const receiptCommand: CliRunner = {
  async run(args, io) {
    let values: { notification?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({ args, options: { notification: { type: 'boolean' } }, allowPositionals: true, strict: true }));
    } catch (error) {
      throw argumentError(error);
    }
    const [task, rawCode, ...rest] = positionals;
    if (task === undefined || rawCode === undefined) throw new UsageError(say('请给出任务编号 TASK 和市场主体的统一社会信用代码 CODE', 'give TASK and the enterprise\'s credit CODE'));
    if (rest.length > 0) throw new UsageError(unexpectedArgument(rest[0]));
    const code = parseCreditCode(rawCode);
    if (!code.ok) throw new UsageError(say(`${rawCode} 不是有效的统一社会信用代码`, `${rawCode} is not a valid unified social credit code`));
    const creditCode = code.value.value;
    return withBureauSession(async (database, keys) => {
      const output = values.notification
        ? await readReceiptNotification(database.db, keys, task, creditCode)
        : await readSignedReceipt(database.db, keys, task, creditCode, { privileged: true });
      if (!output.ok) {
        io.stderr.write(
          say(
            `任务 ${task} 中没有 ${creditCode} 的回执：任务尚未抽取，或该市场主体不在其抽取名单中\n`,
            `no receipt for ${creditCode} in task ${task}: the task is not drawn or the enterprise was not in its pool\n`,
          ),
        );
        return 1;
      }
      io.stdout.write(`${JSON.stringify(output.value, null, 2)}\n`);
      return 0;
    });
  },
};
