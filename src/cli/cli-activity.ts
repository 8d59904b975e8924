/**
 * Changes made at the command line are in the activity log like those over HTTP (issue 13),
 * with actor `cli:<os user>`: the runner calls this once after a command that `recordsActivity`
 * succeeded.
 */
import os from 'node:os';
import { cliActor, recordActivity } from '../application/activity-log.ts';
import type { CliIo } from './command.ts';
import { withConfiguredDatabase } from './configured-database.ts';

/**
 * Records the command and its arguments; returns the exit code (1 when the entry could not be written).
 *
 * @example await recordCliActivity(['freeze'], ['2027-SP-01'], io) // 0; the log has { actorLabel: 'cli:wang', action: 'cli', subject: 'freeze', details: { args: ['2027-SP-01'] } }
 */
export async function recordCliActivity(command: readonly string[], args: readonly string[], io: CliIo): Promise<number> {
  try {
    await withConfiguredDatabase((database) => recordActivity(database.db, cliActor(os.userInfo().username), { action: 'cli', subject: command.join(' '), details: { args: [...args] } }));
    return 0;
  } catch (error) {
    io.stderr.write(`操作已完成，但未能写入操作日志 / done, but the activity log entry could not be written: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
