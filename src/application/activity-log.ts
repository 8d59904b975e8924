/**
 * The activity log (操作日志): who did what, for admins and auditors. Every state-changing
 * request that succeeded is an entry, and so are sign-ins (failed ones with the username
 * tried only), sign-outs, setup links used and accounts created or disabled. Entries name
 * accounts, API tokens and enterprises; never a password, never a natural person's data.
 */
import type { ActivityAction } from '../core/activity-vocabulary.ts';
import {
  insertActivity,
  listActivityEntries,
  type ActivityEntryRecord,
  type ActivityEntryValues,
} from '../persistence/activity-log-repository.ts';
import type { Executor } from '../persistence/database.ts';
import type { ActivitySection, ActorKind } from '../persistence/schema/index.ts';

export type { ActivityEntryRecord, ActivitySection, ActorKind };

/** Who acted, as the log names them. */
export interface Actor {
  readonly actorKind: ActorKind;
  readonly actorId: string | null;
  readonly actorLabel: string | null;
  readonly role: string;
}

/** What `actorOf` needs to know of a caller (the HTTP principal has these fields). */
export interface ActingPrincipal {
  readonly role: string;
  readonly tokenId?: number | undefined;
  readonly tokenLabel?: string | undefined;
  readonly userId?: number | undefined;
  readonly username?: string | undefined;
  readonly enterpriseCode?: string | undefined;
}

/**
 * The log's name for a caller.
 *
 * @example actorOf({ role: 'staff', userId: 3, username: 'li.wei' }) // { actorKind: 'user', actorId: '3', actorLabel: 'li.wei', role: 'staff' }
 */
export function actorOf(principal: ActingPrincipal): Actor {
  if (principal.userId !== undefined) {
    return { actorKind: 'user', actorId: String(principal.userId), actorLabel: principal.username ?? null, role: principal.role };
  }
  if (principal.enterpriseCode !== undefined) {
    return { actorKind: 'enterprise', actorId: principal.enterpriseCode, actorLabel: principal.enterpriseCode, role: principal.role };
  }
  if (principal.tokenId !== undefined) {
    return { actorKind: 'token', actorId: String(principal.tokenId), actorLabel: principal.tokenLabel ?? `token ${principal.tokenId}`, role: principal.role };
  }
  return { actorKind: 'anonymous', actorId: null, actorLabel: null, role: principal.role };
}

/** Suiji itself (first start). */
export const systemActor: Actor = { actorKind: 'system', actorId: null, actorLabel: 'suiji', role: 'system' };

/**
 * An operator at the command line, named by their operating-system account.
 *
 * @example cliActor('wang') // { actorKind: 'cli', actorId: 'wang', actorLabel: 'cli:wang', role: 'cli' }
 */
export function cliActor(osUser: string): Actor {
  return { actorKind: 'cli', actorId: osUser, actorLabel: `cli:${osUser}`, role: 'cli' };
}

export interface ActivityEvent {
  /** `changes` (default) or `security`: refused requests, for admins. */
  readonly section?: ActivitySection;
  /** One of the log's vocabulary (`core/activity-vocabulary.ts`), so the page can name it. */
  readonly action: ActivityAction;
  readonly method?: string | null;
  readonly path?: string | null;
  readonly status?: number | null;
  readonly subject?: string | null;
  readonly details?: Record<string, unknown> | null;
}

/**
 * Appends one entry.
 *
 * @example await recordActivity(db, actorOf(principal), { action: 'user_disabled', subject: 'li.wei' })
 */
export async function recordActivity(db: Executor, actor: Actor, event: ActivityEvent): Promise<void> {
  const values: ActivityEntryValues = { ...actor, ...event };
  await insertActivity(db, values);
}

export interface ActivityPage {
  readonly items: ActivityEntryRecord[];
  /** The id to pass as `before` for the next (older) page, when there is one. */
  readonly nextBefore?: number;
}

/**
 * Entries newest first, `limit` at a time: pass the page's `nextBefore` to get the next one.
 *
 * @example const page = await listActivity(db, { limit: 50, action: 'login_failed' })
 * const older = await listActivity(db, { limit: 50, action: 'login_failed', before: page.nextBefore })
 */
export async function listActivity(
  db: Executor,
  query: { readonly limit: number; readonly before?: number | undefined; readonly actor?: string | undefined; readonly action?: string | undefined; readonly section?: ActivitySection | undefined },
): Promise<ActivityPage> {
  const rows = await listActivityEntries(db, { ...query, limit: query.limit + 1 });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return rows.length > query.limit && last ? { items, nextBefore: last.id } : { items };
}
