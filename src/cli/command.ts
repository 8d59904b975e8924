/** What every CLI command receives and returns: the streams, and an exit code. */
import type { Readable, Writable } from 'node:stream';
import { say } from './language.ts';

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
  /** The argument synopsis, e.g. `[CODE ...]`: printed by `suiji help` and with usage errors. */
  readonly usage: string;
  /** What it does, in a few words, for `suiji help`: Chinese and English (src/cli/language.ts picks one). */
  readonly summary: { readonly zh: string; readonly en: string };
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
    throw argumentError(error);
  }
}

/**
 * The `UsageError` for an error of `parseArgs`, in the CLI's language: node's own message in
 * English, a Chinese one for the mistakes people make (an unknown option, a missing value, an
 * extra argument).
 *
 * @example throw argumentError(error) // in Chinese: 没有选项 --verbose; in English: node's "Unknown option '--verbose'. …"
 */
export function argumentError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const chinese = {
    ERR_PARSE_ARGS_UNKNOWN_OPTION: `没有选项 ${quoted}`,
    ERR_PARSE_ARGS_INVALID_OPTION_VALUE: `选项 ${quoted} 的值有误（缺少值，或此选项不带值）`,
    ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: `多余的参数 ${quoted}`,
  }[String((error as { code?: unknown } | null)?.code)];
  return new UsageError(chinese === undefined ? message : say(chinese, message));
}

/**
 * The usage mistake of a flag whose value is not one of those it takes.
 *
 * @example throw new UsageError(notOneOf('--role', ['staff', 'admin'], 'boss')) // --role must be one of staff, admin, got 'boss'
 */
export function notOneOf(flag: string, allowed: readonly string[], given: string | undefined): string {
  const list = allowed.join(', ');
  return given === undefined ? say(`请给出 ${flag}，可为 ${list}`, `${flag} must be one of ${list}`) : say(`${flag} 须为 ${list} 之一，而不是 '${given}'`, `${flag} must be one of ${list}, got '${given}'`);
}

/** The usage mistake of an argument a command does not take. */
export function unexpectedArgument(argument: string | undefined): string {
  return say(`多余的参数 ${argument}`, `unexpected argument ${argument}`);
}
