/**
 * `suiji backup DIR` and `suiji restore DIR`: the database with the bureau's key files. On the
 * embedded database the backup is made by the process that holds DATA_DIR (the running server),
 * so it needs no downtime; on PostgreSQL they wrap `pg_dump -Fc` and `pg_restore`.
 */
import { parseArgs } from 'node:util';
import { backUp, describeBackupIssue, restore, type BackupIssue } from '../../application/backup.ts';
import { loadConfig } from '../../config.ts';
import { asUsage, UsageError, type CliRunner, type CliIo } from '../command.ts';
import { say } from '../language.ts';

function directoryArgument(args: string[]): string {
  const { positionals } = asUsage(() => parseArgs({ args, options: {}, allowPositionals: true, strict: true }));
  if (positionals.length !== 1) throw new UsageError(say('请给出一个目录', 'give one directory'));
  return positionals[0] as string;
}

function reportIssue(issue: BackupIssue, io: CliIo): number {
  io.stderr.write(`${describeBackupIssue(issue, 'zh')}\n${describeBackupIssue(issue, 'en')}\n`);
  return 1;
}

export const backupCommand: CliRunner = {
  async run(args, io) {
    const directory = directoryArgument(args);
    const result = await backUp(loadConfig(), directory);
    if (!result.ok) return reportIssue(result.error, io);
    io.stdout.write(`已备份到 ${result.value.directory} / backed up into ${result.value.directory}: ${result.value.files.join(', ')}\n`);
    return 0;
  },
};

export const restoreCommand: CliRunner = {
  async run(args, io) {
    const directory = directoryArgument(args);
    const result = await restore(loadConfig(), directory);
    if (!result.ok) return reportIssue(result.error, io);
    io.stdout.write(`已从 ${result.value.directory} 恢复 / restored from ${result.value.directory}: ${result.value.files.join(', ')}\n`);
    return 0;
  },
};
