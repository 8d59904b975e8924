/** Reading the enterprise directory: filtered, keyset-paginated lists and single lookups. */
import { and, asc, eq, gt, ilike, like, type SQL } from 'drizzle-orm';
import type { Executor } from './database.ts';
import { enterprises } from './schema/index.ts';

export type EnterpriseRow = typeof enterprises.$inferSelect;

export interface EnterpriseFilter {
  /** Exact GB/T 2260 code. */
  readonly regionCode?: string | undefined;
  /** A GB/T 4754 code or a prefix of one (`C`, `C13`, `C1391`); must match `^[A-T]\d{0,4}$`. */
  readonly industryPrefix?: string | undefined;
  readonly status?: string | undefined;
  /** Case-insensitive substring of the name; LIKE wildcards in it match literally. */
  readonly nameContains?: string | undefined;
}

export interface EnterprisePageRequest {
  /** Return codes strictly after this one (the last code of the previous page). */
  readonly afterCreditCode?: string | undefined;
  readonly limit: number;
}

export interface EnterprisePage {
  readonly rows: EnterpriseRow[];
  /** The last code of this page when more rows follow, otherwise null. */
  readonly nextAfterCreditCode: string | null;
}

function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function filterConditions(filter: EnterpriseFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.regionCode !== undefined) conditions.push(eq(enterprises.regionCode, filter.regionCode));
  if (filter.industryPrefix !== undefined) {
    if (!/^[A-T]\d{0,4}$/.test(filter.industryPrefix)) throw new Error(`invalid industry prefix ${filter.industryPrefix}`);
    conditions.push(like(enterprises.industryCode, `${filter.industryPrefix}%`));
  }
  if (filter.status !== undefined) conditions.push(eq(enterprises.status, filter.status));
  if (filter.nameContains !== undefined) {
    conditions.push(ilike(enterprises.name, `%${escapeLikePattern(filter.nameContains)}%`));
  }
  return conditions;
}

/**
 * One page of the directory in credit-code order. Keyset pagination: each page starts after
 * the previous page's last code, so pages stay consistent while rows are added and cost the
 * same at any depth.
 *
 * @example await listEnterprises(db, { regionCode: '350102' }, { limit: 50 })
 * // { rows: [...50 rows], nextAfterCreditCode: '91350102…' }
 */
export async function listEnterprises(
  db: Executor,
  filter: EnterpriseFilter,
  page: EnterprisePageRequest,
): Promise<EnterprisePage> {
  const conditions = filterConditions(filter);
  if (page.afterCreditCode !== undefined) conditions.push(gt(enterprises.creditCode, page.afterCreditCode));
  // One row beyond the page tells whether another page exists without a count.
  const rows = await db
    .select()
    .from(enterprises)
    .where(and(...conditions))
    .orderBy(asc(enterprises.creditCode))
    .limit(page.limit + 1);
  if (rows.length <= page.limit) return { rows, nextAfterCreditCode: null };
  const pageRows = rows.slice(0, page.limit);
  return { rows: pageRows, nextAfterCreditCode: pageRows[pageRows.length - 1]?.creditCode ?? null };
}

/** @example await findEnterprise(db, '91350100M000100Y43') // the row, or undefined */
export async function findEnterprise(db: Executor, creditCode: string): Promise<EnterpriseRow | undefined> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.creditCode, creditCode));
  return row;
}
