/**
 * `suiji <command> [args]`: picks the command whose words match the longest prefix of
 * the arguments and runs it. Run with `npm run -s suiji -- <command>`.
 */
import { UsageError, type CliCommand, type CliIo } from './command.ts';
import { commands } from './commands.ts';
import { cliLanguage, say } from './language.ts';

function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  let best: CliCommand | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, index) => argv[index] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best && { command: best, rest: argv.slice(best.path.length) };
}

function printHelp(io: CliIo): void {
  const lang = cliLanguage();
  io.stdout.write(say('用法：suiji <命令> [选项]\n\n命令：\n', 'Usage: suiji <command> [options]\n\nCommands:\n'));
  for (const command of [...commands].sort((a, b) => a.path.join(' ').localeCompare(b.path.join(' ')))) {
    const synopsis = command.usage === '' ? '' : ` ${command.usage}`;
    io.stdout.write(`  ${command.path.join(' ')}${synopsis}  ${command.summary[lang]}\n`);
  }
  io.stdout.write(say('\n输出语言：SUIJI_LANG（或 LANG）以 zh 开头时为中文，否则为英文。\n', '\nLanguage: Chinese when SUIJI_LANG (or LANG) starts with zh, English otherwise.\n'));
}

/** Runs the CLI and returns the exit code (0 success, 1 failure reported, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    printHelp(io);
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr.write(say(`suiji: 没有命令“${argv.join(' ')}”。运行 suiji help 查看命令列表。\n`, `suiji: unknown command '${argv.join(' ')}'. Run 'suiji help' for the list.\n`));
    return 2;
  }
  try {
    const runner = await found.command.load();
    const code = await runner.run(found.rest, io);
    const { recordsActivity } = found.command;
    const records = typeof recordsActivity === 'function' ? recordsActivity(found.rest) : recordsActivity === true;
    // Loaded only here: commands that change nothing never load the database.
    return code === 0 && records ? await (await import('./cli-activity.ts')).recordCliActivity(found.command.path, found.rest, io) : code;
  } catch (error) {
    if (error instanceof UsageError) {
      const name = `suiji ${found.command.path.join(' ')}`;
      io.stderr.write(`${name}: ${error.message}\n${say('用法：', 'Usage: ')}${name} ${found.command.usage}\n`);
      return 2;
    }
    io.stderr.write(`suiji ${found.command.path.join(' ')}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/**
 * Runs the CLI as this process: its arguments, its standard streams, its exit code. When the
 * reader of our output goes away (`suiji help | head`), the process ends quietly, as Unix
 * tools do, instead of dying with an unhandled EPIPE.
 *
 * @example await runCliProcess() // what bin/suiji.js and `npm run suiji` do
 */
export async function runCliProcess(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli/main.ts');
if (isEntryPoint) await runCliProcess();
