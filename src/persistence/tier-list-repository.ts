/**
 * Storage of approved tier lists (分级分类监管清单): versions per year (a new version is a new
 * row, numbered by the rows present; the unique constraint turns a race into an error), the
 * tier counts of a run, and the run's enterprises with their tiers in credit-code pages for
 * the internal CSV export.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Tier } from '../core/policy/tier.ts';
import type { TierPolicy } from '../core/policy/sampling-policy.ts';
import type { PerTier } from '../core/policy/tier.ts';
import { rowsOf, type Executor } from './database.ts';
import type { TierCounts } from './evaluation-store.ts';
import { tierLists } from './schema/index.ts';

/** One item's policy for the year as it stood when the list was approved. */
export interface TierListPolicy {
  readonly itemCode: string;
  readonly itemName: string;
  readonly policyVersion: number;
  readonly tiers: PerTier<TierPolicy>;
}

export interface TierListRow {
  readonly id: number;
  readonly year: number;
  readonly version: number;
  readonly evaluationRunId: number;
  readonly asOf: string;
  readonly approvedBy: string;
  readonly approvedByRole: string;
  readonly approvedAt: Date;
  readonly reason: string | null;
  readonly counts: TierCounts;
  readonly policies: readonly TierListPolicy[];
}

export type TierListValues = Omit<TierListRow, 'id' | 'version'>;

/**
 * Stores the next version of a year's list.
 *
 * @example await insertTierListVersion(db, { year: 2027, evaluationRunId: 4, … }) // { version: 1, … }, then 2, …
 */
export async function insertTierListVersion(db: Executor, values: TierListValues): Promise<TierListRow> {
  const [row] = await db
    .insert(tierLists)
    .values({
      ...values,
      policies: [...values.policies],
      version: sql`(select coalesce(max(${tierLists.version}), 0) + 1 from ${tierLists} where ${tierLists.year} = ${values.year})`,
    })
    .returning();
  if (!row) throw new Error('insert into tier_lists returned no row');
  return row as TierListRow;
}

/** The newest version of a year's list (the one the year's tasks use), if any. */
export async function findCurrentTierList(db: Executor, year: number): Promise<TierListRow | undefined> {
  const [row] = await db.select().from(tierLists).where(eq(tierLists.year, year)).orderBy(desc(tierLists.version)).limit(1);
  return row as TierListRow | undefined;
}

export async function findTierList(db: Executor, year: number, version: number): Promise<TierListRow | undefined> {
  const [row] = await db
    .select()
    .from(tierLists)
    .where(and(eq(tierLists.year, year), eq(tierLists.version, version)));
  return row as TierListRow | undefined;
}

/** Every version (of one year, or all), newest year and version first. */
export async function listTierLists(db: Executor, filter: { year?: number | undefined } = {}): Promise<TierListRow[]> {
  const rows = await db
    .select()
    .from(tierLists)
    .where(filter.year === undefined ? undefined : eq(tierLists.year, filter.year))
    .orderBy(desc(tierLists.year), desc(tierLists.version));
  return rows as TierListRow[];
}

/**
 * Enterprises per tier of a run, and how many are in observation, counted from its stored
 * evaluations (a run's own `counts` may be absent).
 *
 * @example await countRunTiers(db, 4) // { A: 17950, B: 1500, C: 350, D: 200, observation: 120 }
 */
export async function countRunTiers(db: Executor, runId: number): Promise<TierCounts> {
  const rows = rowsOf<{ tier: Tier; count: number | string; observation: number | string }>(
    await db.execute(sql`select tier, count(*) as count, count(*) filter (where observation) as observation from evaluations where run_id = ${runId} group by tier`),
  );
  const counts = { A: 0, B: 0, C: 0, D: 0, observation: 0 };
  for (const row of rows) {
    counts[row.tier] += Number(row.count);
    counts.observation += Number(row.observation);
  }
  return counts;
}

export interface TierListEntry {
  readonly creditCode: string;
  readonly name: string;
  readonly regionCode: string;
  readonly industryCode: string;
  readonly tier: Tier;
  readonly observation: boolean;
}

/**
 * One page of a run's enterprises with their tiers, in credit-code order after `afterCode`
 * (keyset paging: a file of 10^6 rows is streamed a page at a time).
 *
 * @example await readTierListPage(db, 4, null, 5000) // [{ creditCode: '9135…', name: '…', tier: 'B', … }, …]
 */
export async function readTierListPage(db: Executor, runId: number, afterCode: string | null, limit: number): Promise<TierListEntry[]> {
  const rows = rowsOf<{ credit_code: string; name: string | null; region_code: string | null; industry_code: string | null; tier: Tier; observation: boolean }>(
    await db.execute(sql`
      select e.credit_code, d.name, d.region_code, d.industry_code, e.tier, e.observation
      from evaluations e left join enterprises d on d.credit_code = e.credit_code
      where e.run_id = ${runId} ${afterCode === null ? sql`` : sql`and e.credit_code > ${afterCode}`}
      order by e.credit_code
      limit ${limit}`),
  );
  return rows.map((row) => ({
    creditCode: row.credit_code,
    name: row.name ?? '',
    regionCode: row.region_code ?? '',
    industryCode: row.industry_code ?? '',
    tier: row.tier,
    observation: row.observation,
  }));
}
