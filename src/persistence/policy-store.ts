/**
 * Queries of policy derivation and simulation (issue 7): past inspection results per tier of
 * an evaluation run, the tiers of a run, the history of runs, active inspectors of a
 * department, and the adoption rows beside adopted policy versions.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { isTier, type Tier } from '../core/policy/tier.ts';
import { rowsOf, type Executor } from './database.ts';
import { inspectors, policyAdoptions, samplingPolicies } from './schema/index.ts';

/** Outcomes of an inspection result that found nothing; every other outcome counts as a problem found. */
const NO_PROBLEM_OUTCOME = 'no_problem';

/**
 * Inspection results (`inspection_result` credit records dated on or before `asOf`) per tier
 * the enterprises have in evaluation run `runId`, optionally of one item only.
 *
 * @example await countInspectionResultsByTier(db, 3, '2027-01-01') // { D: { inspected: 41, problemsFound: 13 }, … }
 */
export async function countInspectionResultsByTier(
  db: Executor,
  runId: number,
  asOf: string,
  itemCode?: string,
): Promise<Partial<Record<Tier, { inspected: number; problemsFound: number }>>> {
  const result = await db.execute(sql`
    select v.tier, count(*) as inspected, count(*) filter (where r.data->>'outcome' <> ${NO_PROBLEM_OUTCOME}) as problems
    from credit_records r join evaluations v on v.credit_code = r.credit_code and v.run_id = ${runId}
    where r.kind = 'inspection_result' and r.date <= ${asOf}::date
      ${itemCode === undefined ? sql`` : sql`and r.data->>'itemCode' = ${itemCode}`}
    group by v.tier
  `);
  const counts: Partial<Record<Tier, { inspected: number; problemsFound: number }>> = {};
  for (const row of rowsOf<{ tier: string; inspected: number | string; problems: number | string }>(result)) {
    if (isTier(row.tier)) counts[row.tier] = { inspected: Number(row.inspected), problemsFound: Number(row.problems) };
  }
  return counts;
}

/** Every enterprise's tier in a run. */
export async function loadRunTiers(db: Executor, runId: number): Promise<Map<string, Tier>> {
  const result = await db.execute(sql`select credit_code, tier from evaluations where run_id = ${runId}`);
  const tiers = new Map<string, Tier>();
  for (const row of rowsOf<{ credit_code: string; tier: string }>(result)) if (isTier(row.tier)) tiers.set(row.credit_code, row.tier);
  return tiers;
}

/** Completed runs of a model key, oldest first. */
export async function listCompletedRuns(db: Executor, modelKey: string): Promise<{ id: number; asOf: string }[]> {
  const result = await db.execute(sql`
    select id, as_of::text as as_of from evaluation_runs where status = 'completed' and model_key = ${modelKey} order by as_of, id
  `);
  return rowsOf<{ id: number | string; as_of: string }>(result).map((row) => ({ id: Number(row.id), asOf: row.as_of }));
}

/** Active inspectors of a department. */
export async function countActiveInspectors(db: Executor, department: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(inspectors)
    .where(and(eq(inspectors.department, department), eq(inspectors.active, true)));
  return Number(row?.count ?? 0);
}

/**
 * Locks an item's row until the transaction ends, so adoptions of one item run one after the
 * other and each gets the next version instead of colliding on the same one.
 */
export async function lockInspectionItem(db: Executor, itemCode: string): Promise<boolean> {
  return rowsOf(await db.execute(sql`select code from inspection_items where code = ${itemCode} for update`)).length > 0;
}

export type PolicyAdoptionInsert = typeof policyAdoptions.$inferInsert;

export async function insertPolicyAdoption(db: Executor, adoption: PolicyAdoptionInsert): Promise<void> {
  await db.insert(policyAdoptions).values(adoption);
}

export interface PolicyAdoptionRow {
  readonly itemCode: string;
  readonly year: number;
  readonly version: number;
  readonly envelope: string;
  readonly recordHash: string;
  readonly leafIndex: number;
  readonly derivationHash: string;
}

/** Adopted policy versions of an item (or of all items) and year, newest version first. */
export async function listPolicyAdoptions(db: Executor, filter: { itemCode?: string | undefined; year?: number | undefined }): Promise<PolicyAdoptionRow[]> {
  const conditions = [];
  if (filter.itemCode !== undefined) conditions.push(eq(samplingPolicies.itemCode, filter.itemCode));
  if (filter.year !== undefined) conditions.push(eq(samplingPolicies.year, filter.year));
  return db
    .select({
      itemCode: samplingPolicies.itemCode,
      year: samplingPolicies.year,
      version: samplingPolicies.version,
      envelope: policyAdoptions.envelope,
      recordHash: policyAdoptions.recordHash,
      leafIndex: policyAdoptions.leafIndex,
      derivationHash: policyAdoptions.derivationHash,
    })
    .from(policyAdoptions)
    .innerJoin(samplingPolicies, eq(samplingPolicies.id, policyAdoptions.policyId))
    .where(and(...conditions))
    .orderBy(asc(samplingPolicies.itemCode), desc(samplingPolicies.year), desc(samplingPolicies.version));
}
