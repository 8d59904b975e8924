import { pino, type Logger } from 'pino';

export type { Logger };

/** What a logged error keeps: never a driver's `params`, `parameters`, `query` or `detail` (they can hold personal data or secrets). */
const KEPT_ERROR_FIELDS = ['type', 'message', 'stack', 'code', 'status', 'severity'] as const;

/** A failed query's message and stack carry its parameters after `params:`; they are cut off. */
function withoutParameters(text: string): string {
  return text.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/g, '\nparams: [withheld]');
}

/**
 * The `err` serializer: pino's standard one, then only the fields above, with query parameters
 * withheld, and the same for each `cause`.
 *
 * @example serializeError(new DrizzleQueryError('select … where username = $1', ['li.wei'])) // { type: 'DrizzleQueryError', message: 'Failed query: select … where username = $1\nparams: [withheld]', … }
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  const standard = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of KEPT_ERROR_FIELDS) {
    const value = standard[field];
    if (value !== undefined) kept[field] = typeof value === 'string' ? withoutParameters(value) : value;
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof Error && depth < 3) kept.cause = serializeError(cause, depth + 1);
  return kept;
}

/** Structured JSON logs on stderr (or `destination`, in tests), so stdout stays free for CLI output. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { service: 'suiji' }, serializers: { err: serializeError } }, destination);
}
