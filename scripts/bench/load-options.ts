/**
 * The options of the public-side load script (`scripts/bench/load.ts`), read from its
 * arguments. Each takes `=` (the bench runner passes on only arguments starting with `-`).
 */

/** A long job the public GETs are measured during (issue 12 section 2). */
export type LoadJob = 'evaluation' | 'import';

export interface LoadOptions {
  /** A running server to load; without it the script serves its own demo. */
  readonly url: string | undefined;
  /** The server's process id, for its CPU time (with `url`). */
  readonly pid: number | undefined;
  readonly task: string | undefined;
  readonly enterprises: number;
  /** Per endpoint; with `during`, the longest the measurement waits for the job to end. */
  readonly durationMs: number;
  readonly concurrency: number;
  readonly acceptEncoding: 'gzip' | 'identity';
  readonly during: LoadJob | undefined;
  /** Rows of the generated CSV uploaded by `--during=import`. */
  readonly rows: number;
  /** The evaluation date of `--during=evaluation`. */
  readonly asOf: string;
  /** Where the served demo writes its V8 CPU profile (`node --cpu-prof-dir`), if anywhere. */
  readonly cpuProfileDir: string | undefined;
}

/** Without `--duration`, a measurement during a job waits this long at most for it to end. */
const DURING_DEFAULT_DURATION_S = 600;

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name}= takes a positive whole number, not ${JSON.stringify(text)}`);
  return value;
}

/**
 * The options in `argv` (the script's arguments, `process.argv.slice(2)`); throws with the
 * reason on an argument it cannot use.
 *
 * @example parseLoadOptions(['--during=import', '--rows=50000']) // { during: 'import', rows: 50000, durationMs: 600000, … }
 */
export function parseLoadOptions(argv: readonly string[]): LoadOptions {
  const option = (name: string) => {
    const prefix = `--${name}=`;
    return argv.find((argument) => argument.startsWith(prefix))?.slice(prefix.length);
  };
  const during = option('during');
  if (during !== undefined && during !== 'evaluation' && during !== 'import') throw new Error(`--during= takes evaluation or import, not ${JSON.stringify(during)}`);
  const url = option('url');
  if (url !== undefined && option('cpu-prof') !== undefined) throw new Error('--cpu-prof= profiles the demo this script serves: leave out --url (or start your server with node --cpu-prof)');
  if (during && url !== undefined) throw new Error(`--during=${during} serves its own demo: leave out --url`);
  const pid = option('pid');
  return {
    url,
    pid: pid === undefined ? undefined : positiveInteger('pid', pid, 0),
    task: option('task'),
    enterprises: positiveInteger('enterprises', option('enterprises'), 20_000),
    durationMs: positiveInteger('duration', option('duration'), during ? DURING_DEFAULT_DURATION_S : 10) * 1000,
    concurrency: positiveInteger('concurrency', option('concurrency'), 50),
    acceptEncoding: argv.includes('--identity') ? 'identity' : 'gzip',
    during,
    rows: positiveInteger('rows', option('rows'), 200_000),
    asOf: option('as-of') ?? '2025-06-30',
    cpuProfileDir: option('cpu-prof'),
  };
}
