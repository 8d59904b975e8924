/** What every CLI command receives and returns: the streams, and an exit code. */
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

/** A command's code: what `load` of its `CliCommand` gives. */
export interface CliRunner {
  run(args: string[], io: CliIo): Promise<number>;
}

/** A command as the CLI lists it: selected and described without loading its code. */
export interface CliCommand {
  /** The words that select it, e.g. `['codes', 'check']`. */
  readonly path: readonly string[];
  /** One line for `suiji help`, with the argument synopsis first. */
  readonly usage: string;
  /** Imports the command's module (and with it its dependencies) when it runs. */
  load(): Promise<CliRunner>;
  /**
   * It changes the bureau's data: a success is recorded in the activity log as `cli:<os user>`
   * (issue 13). A function decides by the arguments (`draw --pool` is a public, offline draw
   * that touches no database).
   */
  readonly recordsActivity?: boolean | ((args: readonly string[]) => boolean);
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs an argument parse (e.g. `parseArgs`), turning its plain errors for unknown or malformed
 * flags into `UsageError`s: those are usage mistakes.
 *
 * @example const { values } = asUsage(() => parseArgs({ args, options, strict: true }))
 */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
