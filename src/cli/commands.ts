/** Every command of the `suiji` CLI; each lives in its own file under ./commands. */
import type { CliCommand } from './command.ts';

export const commands: readonly CliCommand[] = [];
