/** Enterprises in an evaluation run's observation period (观察期), with their soft measures. */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { SoftMeasure } from '../core/credit-record.ts';
import type { Executor } from './database.ts';
import { creditRecords, enterprises, evaluations } from './schema/index.ts';

export interface ObservedEnterprise {
  readonly creditCode: string;
  readonly name: string;
  readonly registrationDate: string;
  readonly industryCode: string;
  readonly flags: readonly string[];
  /** Its soft measures, oldest first. */
  readonly measures: readonly SoftMeasure[];
}

/**
 * One page, in credit-code order, of the enterprises a run evaluated as in observation, each
 * with every soft measure on record (keyset paging: pass the page's `nextAfter`).
 *
 * @example await listEnterprisesInObservation(db, 3, { limit: 100 }) // { items: [...], nextAfter: '9135…' }
 */
export async function listEnterprisesInObservation(
  executor: Executor,
  runId: number,
  page: { readonly after?: string | undefined; readonly limit: number },
): Promise<{ readonly items: ObservedEnterprise[]; readonly nextAfter?: string }> {
  const rows = await executor
    .select({
      creditCode: enterprises.creditCode,
      name: enterprises.name,
      registrationDate: enterprises.registrationDate,
      industryCode: enterprises.industryCode,
      flags: enterprises.flags,
    })
    .from(evaluations)
    .innerJoin(enterprises, eq(enterprises.creditCode, evaluations.creditCode))
    .where(and(eq(evaluations.runId, runId), eq(evaluations.observation, true), page.after === undefined ? undefined : gt(evaluations.creditCode, page.after)))
    .orderBy(asc(evaluations.creditCode))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const measures = new Map<string, SoftMeasure[]>();
  if (shown.length > 0) {
    const recorded = await executor
      .select({ creditCode: creditRecords.creditCode, data: creditRecords.data })
      .from(creditRecords)
      .where(and(eq(creditRecords.kind, 'soft_measure'), inArray(creditRecords.creditCode, shown.map((row) => row.creditCode))))
      .orderBy(asc(creditRecords.date), asc(creditRecords.id));
    for (const { creditCode, data } of recorded) {
      const list = measures.get(creditCode) ?? [];
      list.push(data as SoftMeasure);
      measures.set(creditCode, list);
    }
  }
  const items = shown.map((row) => ({ ...row, registrationDate: String(row.registrationDate), flags: row.flags ?? [], measures: measures.get(row.creditCode) ?? [] }));
  return rows.length > page.limit ? { items, nextAfter: shown[shown.length - 1]!.creditCode } : { items };
}
