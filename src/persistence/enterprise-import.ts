/**
 * Bulk upsert of enterprises for the directory import: batches of rows go in as array
 * parameters (`unnest`), one statement per batch, inside one transaction that the caller
 * commits or rolls back. Existing enterprises are matched by credit code; a row equal to
 * what is stored is left alone, so re-importing a file changes nothing.
 */
import { sql } from 'drizzle-orm';
import type { Enterprise } from '../core/enterprise.ts';
import { rowsOf, type DatabaseHandle, type Executor } from './database.ts';
import { copyText } from './copy-text.ts';
import { runRollbackableTransaction } from './rollback-transaction.ts';
import { checkStoredCount } from './stored-count.ts';
import { textArrayLiteral } from './sql-arrays.ts';

export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
}

export interface EnterpriseImportSession {
  /** Inserts new and updates changed enterprises; credit codes must be unique in the batch. */
  upsert(rows: readonly Enterprise[]): Promise<UpsertCounts>;
}

function flagsLiteral(flags: readonly string[]): string {
  // Flag keys are lower-case identifiers, so the array literal needs no quoting.
  return `{${flags.join(',')}}`;
}

async function upsertEnterprises(executor: Executor, rows: readonly Enterprise[]): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const column = (key: Exclude<keyof Enterprise, 'flags'>) => textArrayLiteral(rows.map((row) => row[key]));
  const result = await executor.execute(sql`
    with input as (
      select * from unnest(
        ${column('creditCode')}::text[], ${column('name')}::text[],
        ${column('regionCode')}::text[], ${column('industryCode')}::text[],
        ${column('registrationDate')}::date[], ${column('entityType')}::text[],
        ${column('status')}::text[], ${textArrayLiteral(rows.map((row) => flagsLiteral(row.flags)))}::text[]
      ) as t(credit_code, name, region_code, industry_code, registration_date, entity_type, status, flags)
    ), upserted as (
      insert into enterprises as e (credit_code, name, region_code, industry_code, registration_date, entity_type, status, flags)
      select credit_code, name, region_code, industry_code, registration_date, entity_type, status, flags::text[] from input
      on conflict (credit_code) do update set
        name = excluded.name, region_code = excluded.region_code, industry_code = excluded.industry_code,
        registration_date = excluded.registration_date, entity_type = excluded.entity_type,
        status = excluded.status, flags = excluded.flags, updated_at = now()
      where (e.name, e.region_code, e.industry_code, e.registration_date, e.entity_type, e.status, e.flags)
        is distinct from (excluded.name, excluded.region_code, excluded.industry_code, excluded.registration_date,
                          excluded.entity_type, excluded.status, excluded.flags)
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from upserted
  `);
  const [counts] = rowsOf<{ inserted: number | string; updated: number | string }>(result);
  // Unchanged rows are not in the counts above, so what proves the batch stored is that every
  // one of its credit codes is in the table now (the same transaction sees its own writes).
  const [present] = rowsOf<{ count: number | string }>(
    await executor.execute(sql`select count(*) as count from enterprises where credit_code = any(${column('creditCode')}::text[])`),
  );
  checkStoredCount('enterprises', rows.length, Number(present?.count ?? 0));
  return { inserted: Number(counts?.inserted ?? 0), updated: Number(counts?.updated ?? 0) };
}

/**
 * Runs an import in one transaction. `work` returns whether to commit: returning
 * `{ commit: false }` undoes every upsert made through the session.
 *
 * @example await runEnterpriseImport(database, async (session) => ({ commit: true, value: await session.upsert(rows) }))
 */
export async function runEnterpriseImport<T>(
  database: DatabaseHandle,
  work: (session: EnterpriseImportSession) => Promise<{ readonly commit: boolean; readonly value: T }>,
): Promise<T> {
  return runRollbackableTransaction(database, (transaction) => work({ upsert: (rows) => upsertEnterprises(transaction, rows) }));
}

const COPY_COLUMNS = 'credit_code, name, region_code, industry_code, registration_date, entity_type, status, flags';

/**
 * Loads rows already in PostgreSQL's COPY text format (tab-separated, one row per line,
 * columns as in `COPY_COLUMNS`) with a plain COPY: no validation, no upsert. The import
 * benchmark's baseline, and the fastest way rows can enter the table. Returns the rows stored.
 *
 * @example await copyEnterpriseText(database, '91350100M000100Y43\t福州示例有限公司\t350102\tF5211\t2020-01-02\tcompany\tactive\t{}\n')
 */
export async function copyEnterpriseText(database: DatabaseHandle, text: string): Promise<number> {
  return copyText(database, `enterprises (${COPY_COLUMNS})`, text);
}
