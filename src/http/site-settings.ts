/**
 * How this deployment is reached and how long sessions last: the parts of the configuration
 * that routes and pages need per request (cookies, links, the CSRF Origin check). Set once
 * on the app by `createApp`; read with `siteSettingsOf(request)`.
 */
import type { Express, Request } from 'express';
import { DEFAULT_SESSION_LIMITS, PASSWORD_PARAMETERS, type SessionLimits } from '../application/accounts.ts';
import type { PasswordParameters } from '../persistence/schema/index.ts';

export interface SiteSettings {
  /**
   * The address the public uses, e.g. `https://suiji.example.gov.cn` behind a reverse proxy:
   * setup links name it, the CSRF check compares Origin with it, and session cookies are
   * Secure when it is https. Undefined: the request's own scheme and Host.
   */
  readonly publicOrigin?: URL;
  readonly sessionLimits: SessionLimits;
  /** How long a proved password lets a session do sensitive acts without asking again. */
  readonly reauthenticationWindowMs: number;
  /**
   * The scrypt cost of new password hashes and of the decoy for unknown usernames: the full
   * `PASSWORD_PARAMETERS` unless the composition passes another. The server never does
   * (no configuration sets it); tests pass a cheap one to save ~0.1 s per hash.
   */
  readonly passwordParameters: PasswordParameters;
}

/** Five minutes: long enough to finish one review, short enough that an unattended session cannot publish. */
const DEFAULT_REAUTHENTICATION_WINDOW_MS = 5 * 60 * 1000;

const DEFAULT_SITE_SETTINGS: SiteSettings = {
  sessionLimits: DEFAULT_SESSION_LIMITS,
  reauthenticationWindowMs: DEFAULT_REAUTHENTICATION_WINDOW_MS,
  passwordParameters: PASSWORD_PARAMETERS,
};

export function setSiteSettings(app: Express, settings: Partial<SiteSettings>): void {
  app.locals.siteSettings = { ...DEFAULT_SITE_SETTINGS, ...settings } satisfies SiteSettings;
}

export function siteSettingsOf(request: Request): SiteSettings {
  return (request.app.locals.siteSettings as SiteSettings | undefined) ?? DEFAULT_SITE_SETTINGS;
}

/**
 * The origin links to this site start with: `PUBLIC_ORIGIN`, else the request's.
 *
 * @example siteOrigin(request) // 'https://suiji.example.gov.cn'
 */
export function siteOrigin(request: Request): string {
  const { publicOrigin } = siteSettingsOf(request);
  return publicOrigin ? publicOrigin.origin : `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}

/** Whether `origin` (an Origin header) is this site: scheme, host and port of PUBLIC_ORIGIN when set, else the Host. */
export function isSiteOrigin(origin: string, request: Request): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    // `Origin: null` (sandboxed frames, some redirects) names no site we know.
    return false;
  }
  const { publicOrigin } = siteSettingsOf(request);
  return publicOrigin ? parsed.origin === publicOrigin.origin : parsed.host === request.get('host');
}

/** Cookies are Secure on https, whether TLS ends here or at the proxy named by PUBLIC_ORIGIN. */
export function servedOverHttps(request: Request): boolean {
  return request.secure || siteSettingsOf(request).publicOrigin?.protocol === 'https:';
}
