/**
 * The one place that reads the environment. Everything else receives a `Config`.
 */
import path from 'node:path';
import { z } from 'zod';

/**
 * A duration in seconds from `24h`, `90m`, `3600s` or plain seconds `3600`.
 *
 * @example parseDurationSeconds('24h') // 86400
 * @example parseDurationSeconds('1.5h') // undefined (whole units only)
 */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^\s*(\d{1,9})\s*([hms]?)\s*$/.exec(text);
  if (!match) return undefined;
  const unit = { h: 3600, m: 60, s: 1, '': 1 }[match[2] as 'h' | 'm' | 's' | ''];
  return Number(match[1]) * unit;
}

/**
 * The CJK font the notices' PDF embeds (NOTICE_FONT): Debian's `fonts-wqy-microhei`, a
 * TrueType collection; a `.ttf`/`.otf` path works too.
 */
export const DEFAULT_NOTICE_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A positive duration (parseDurationSeconds), as seconds. */
const durationSecondsSchema = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, context) => {
      const seconds = parseDurationSeconds(text === '' ? fallback : text);
      if (seconds === undefined || seconds < 1) {
        context.addIssue({ code: 'custom', message: 'must be a positive duration such as 24h, 90m, 3600s or 3600 (seconds)' });
        return z.NEVER;
      }
      return seconds;
    });

/**
 * express's `trust proxy`: `false` (default: the client is whoever connected), `true`, a hop
 * count, or addresses/subnets of the proxies (`loopback`, `10.0.0.1`, `10.0.0.0/8, ::1`).
 */
const trustProxySchema = z.string().transform((text): boolean | number | string => {
  const value = text.trim();
  if (value === '' || value === 'false' || value === 'off' || value === '0') return false;
  if (value === 'true' || value === 'on') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
});

/** An origin only: scheme, host and optional port, no path. */
const publicOriginSchema = z
  .string()
  .transform((text, context) => {
    if (text === '') return undefined;
    try {
      const url = new URL(text);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '') return new URL(url.origin);
    } catch {
      // reported below
    }
    context.addIssue({ code: 'custom', message: 'must be an origin such as https://suiji.example.gov.cn (scheme, host and port; no path)' });
    return z.NEVER;
  });

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  SIGNING_KEY_FILE: z.string().optional().or(z.literal('').transform(() => undefined)),
  SERVER_SECRET_FILE: z.string().optional().or(z.literal('').transform(() => undefined)),
  TRUST_PROXY: trustProxySchema.default(false),
  PUBLIC_ORIGIN: publicOriginSchema.optional(),
  SESSION_IDLE: durationSecondsSchema('30m'),
  SESSION_ABSOLUTE: durationSecondsSchema('12h'),
  REAUTHENTICATION_WINDOW: durationSecondsSchema('5m'),
  ENTROPY_NOTICE: durationSecondsSchema('24h'),
  FOUR_EYES: z.enum(['on', 'off']).default('on'),
  NOTICE_FONT: z.string().optional().or(z.literal('').transform(() => undefined)),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(5_000_000),
  SUIJI_TEST_PAUSE_AT: z.string().optional().or(z.literal('').transform(() => undefined)),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the data directory (embedded database, lock file, keys). */
  readonly dataDir: string;
  /** A real PostgreSQL server; undefined means the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /**
   * DATABASE_READ_URL: a streaming replica of DATABASE_URL's server that public pages and
   * `/api/public` read from whenever it has caught up (persistence/replica-reads.ts).
   */
  readonly databaseReadUrl: string | undefined;
  readonly logLevel: (typeof logLevels)[number];
  /** The bureau's Ed25519 key (PKCS#8 PEM); undefined means DATA_DIR/keys/signing-key.pem, made on first start. */
  readonly signingKeyFile: string | undefined;
  /** The secret salts and receipt codes derive from; undefined means DATA_DIR/keys/server-secret, made on first start. */
  readonly serverSecretFile: string | undefined;
  /** express's trust proxy setting (TRUST_PROXY): who may say, in X-Forwarded-*, who the client is. */
  readonly trustProxy: boolean | number | string;
  /** The address the public uses behind a reverse proxy (PUBLIC_ORIGIN). */
  readonly publicOrigin: URL | undefined;
  /** SESSION_IDLE and SESSION_ABSOLUTE, in milliseconds. */
  readonly sessionLimits: { readonly idleMs: number; readonly absoluteMs: number };
  /**
   * REAUTHENTICATION_WINDOW (default 5 minutes), in milliseconds: how long a proved password
   * (at sign-in or asked again) lets a session adopt, publish or manage users without asking.
   */
  readonly reauthenticationWindowMs: number;
  /** Minimum seconds between a freeze and its entropy time (draw/v1.1 section 3.1); default 24 h. */
  readonly entropyNoticeSeconds: number;
  /**
   * FOUR_EYES (default `on`): adopting a policy and publishing a list edition need a second
   * admin's approval. `off` is for a one-person bureau; the signed records then say so.
   */
  readonly fourEyes: boolean;
  /** NOTICE_FONT: the CJK font file of the notices' PDF (default `DEFAULT_NOTICE_FONT_PATH`). */
  readonly noticeFontPath: string;
  /**
   * IMPORT_MAX_ROWS (default 5,000,000): the most data rows an imported directory file may
   * have; a longer file is refused whole, before anything is written.
   */
  readonly importMaxRows: number;
  /**
   * Crash tests only (SUIJI_TEST_PAUSE_AT): `commit:draw` makes the draw print a marker and
   * wait just before its COMMIT, so `scripts/crash-test` kills the process exactly there;
   * `trace` prints the markers without waiting. Unset in production.
   */
  readonly testPauseAt: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates an environment (normally `process.env`) and returns the configuration,
 * or throws a `ConfigError` naming every bad variable.
 */
export function parseConfig(environment: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  if (values.DATABASE_READ_URL !== undefined && values.DATABASE_URL === undefined) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_READ_URL: is a replica of the server at DATABASE_URL, which must be set too / DATABASE_READ_URL 是 DATABASE_URL 所指服务器的只读副本，须同时设置 DATABASE_URL');
  }
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.DATA_DIR),
    databaseUrl: values.DATABASE_URL,
    databaseReadUrl: values.DATABASE_READ_URL,
    logLevel: values.LOG_LEVEL,
    signingKeyFile: values.SIGNING_KEY_FILE === undefined ? undefined : path.resolve(values.SIGNING_KEY_FILE),
    serverSecretFile: values.SERVER_SECRET_FILE === undefined ? undefined : path.resolve(values.SERVER_SECRET_FILE),
    trustProxy: values.TRUST_PROXY,
    publicOrigin: values.PUBLIC_ORIGIN,
    sessionLimits: { idleMs: values.SESSION_IDLE * 1000, absoluteMs: values.SESSION_ABSOLUTE * 1000 },
    reauthenticationWindowMs: values.REAUTHENTICATION_WINDOW * 1000,
    entropyNoticeSeconds: values.ENTROPY_NOTICE,
    fourEyes: values.FOUR_EYES === 'on',
    noticeFontPath: values.NOTICE_FONT === undefined ? DEFAULT_NOTICE_FONT_PATH : path.resolve(values.NOTICE_FONT),
    importMaxRows: values.IMPORT_MAX_ROWS,
    testPauseAt: values.SUIJI_TEST_PAUSE_AT,
  };
}

let loaded: Config | undefined;

/** The process configuration, read from `process.env` once. */
export function loadConfig(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}

/**
 * The variables that choose the CLI's language (src/cli/language.ts), read on each call
 * so a test can set them; unlike `loadConfig`, never fails.
 *
 * @example languageVariables() // { SUIJI_LANG: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'zh_CN.UTF-8' }
 */
export function languageVariables(): LanguageVariables {
  const { SUIJI_LANG, LC_ALL, LC_MESSAGES, LANG } = process.env;
  return { SUIJI_LANG, LC_ALL, LC_MESSAGES, LANG };
}

/** The environment variables that choose a language, most specific first. */
export interface LanguageVariables {
  readonly SUIJI_LANG: string | undefined;
  readonly LC_ALL: string | undefined;
  readonly LC_MESSAGES: string | undefined;
  readonly LANG: string | undefined;
}
