/** Argument parsing shared by the commands that take positional arguments and no options. */
import { parseArgs } from 'node:util';
import { asUsage } from '../command.ts';

/**
 * The positional arguments of a command that takes no options; any option is a usage error.
 *
 * @example parsePositionals(['2027-JM-003']) // ['2027-JM-003']
 * @example parsePositionals(['--force']) // throws UsageError: Unknown option '--force'
 */
export function parsePositionals(args: readonly string[]): string[] {
  return asUsage(() => parseArgs({ args: [...args], options: {}, allowPositionals: true, strict: true })).positionals;
}
