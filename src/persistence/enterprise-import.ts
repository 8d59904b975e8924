/**
 * Bulk upsert of enterprises for the directory import, through a staging table
 * (`openImportStaging`): batches are COPYed into it outside any transaction, duplicates are
 * found there, and one transaction moves the rows into `enterprises` chunk by chunk.
 * Existing enterprises are matched by credit code; a row equal to what is stored is left
 * alone, so re-importing a file changes nothing.
 */
import { sql } from 'drizzle-orm';
import type { Enterprise } from '../core/enterprise.ts';
import { rowsOf, type DatabaseHandle, type Executor } from './database.ts';
import { checkStoredCount } from './stored-count.ts';
import { copyField, copyText } from './copy-text.ts';

export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
}

function flagsLiteral(flags: readonly string[]): string {
  // Flag keys are lower-case identifiers, so the array literal needs no quoting.
  return `{${flags.join(',')}}`;
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

/** An enterprise as staged, with its line in the file. */
export interface StagedEnterprise extends Enterprise {
  readonly line: number;
}

/** A later row with a credit code an earlier row of the same file has. */
export interface StagedDuplicate {
  readonly line: number;
  readonly creditCode: string;
  readonly firstLine: number;
}

export interface ImportStaging {
  /** COPYs a batch into the staging table (lines unique within the import). */
  stage(rows: readonly StagedEnterprise[]): Promise<void>;
  /**
   * Duplicates after `afterLine` in line order, at most `limit`; `remove` takes them out
   * of the staging table (so only the first row of each credit code is upserted).
   */
  duplicates(afterLine: number, limit: number, remove: boolean): Promise<StagedDuplicate[]>;
  /**
   * Runs `work` in one transaction, giving it `upsert(fromLine, toLine)`, which moves the
   * staged rows with `fromLine <= line < toLine` into `enterprises`: all chunks commit
   * together, or none does (a crash in the middle leaves the directory as it was).
   */
  apply<T>(work: (upsert: (fromLine: number, toLine: number) => Promise<UpsertCounts & { readonly rows: number }>) => Promise<T>): Promise<T>;
  /** Empties this import's part of the staging table. */
  discard(): Promise<void>;
}

const STAGING_COLUMNS = `import_id, line, ${COPY_COLUMNS}`;

function stagingCopyLine(importId: string, row: StagedEnterprise): string {
  const fields = [row.creditCode, row.name, row.regionCode, row.industryCode, row.registrationDate, row.entityType, row.status].map(copyField);
  return `${importId}\t${row.line}\t${fields.join('\t')}\t${copyField(flagsLiteral(row.flags))}\n`;
}

/** One chunk of staged rows into `enterprises`, with the stored-count check. */
async function upsertStagedChunk(transaction: Executor, importId: string, fromLine: number, toLine: number): Promise<UpsertCounts & { readonly rows: number }> {
  const [counts] = rowsOf<{ inserted: number | string; updated: number | string; staged: number | string }>(
    await transaction.execute(sql`
      with upserted as (
        insert into enterprises as e (${sql.raw(COPY_COLUMNS)})
        select ${sql.raw(COPY_COLUMNS)} from enterprise_import_staging
        where import_id = ${importId} and line >= ${fromLine} and line < ${toLine}
        on conflict (credit_code) do update set
          name = excluded.name, region_code = excluded.region_code, industry_code = excluded.industry_code,
          registration_date = excluded.registration_date, entity_type = excluded.entity_type,
          status = excluded.status, flags = excluded.flags, updated_at = now()
        where (e.name, e.region_code, e.industry_code, e.registration_date, e.entity_type, e.status, e.flags)
          is distinct from (excluded.name, excluded.region_code, excluded.industry_code, excluded.registration_date,
                            excluded.entity_type, excluded.status, excluded.flags)
        returning (xmax = 0) as inserted
      )
      select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated,
        (select count(*) from enterprise_import_staging where import_id = ${importId} and line >= ${fromLine} and line < ${toLine}) as staged
      from upserted
    `),
  );
  const inserted = Number(counts?.inserted ?? 0);
  const updated = Number(counts?.updated ?? 0);
  const rows = Number(counts?.staged ?? 0);
  // Every row the statement inserted or updated is stored: when they are all the staged rows
  // (a first import), the chunk is proven stored without a second pass over it.
  if (inserted + updated !== rows) await checkChunkStored(transaction, importId, fromLine, toLine, rows);
  return { inserted, updated, rows };
}

/**
 * Unchanged rows are not returned by the upsert: what proves such a chunk stored is that every
 * staged credit code of it is in the table now (the transaction sees its own writes).
 */
async function checkChunkStored(transaction: Executor, importId: string, fromLine: number, toLine: number, staged: number): Promise<void> {
  const [check] = rowsOf<{ present: number | string }>(
    await transaction.execute(sql`
      select count(e.credit_code) as present
      from enterprise_import_staging s left join enterprises e on e.credit_code = s.credit_code
      where s.import_id = ${importId} and s.line >= ${fromLine} and s.line < ${toLine}
    `),
  );
  checkStoredCount('enterprises', staged, Number(check?.present ?? 0));
}

/**
 * The staging area of one import, named by `importId` (unique per import).
 *
 * @example const staging = openImportStaging(database, randomUUID()); await staging.stage(rows); await staging.apply((upsert) => upsert(1, 50_001))
 */
export function openImportStaging(database: DatabaseHandle, importId: string): ImportStaging {
  return {
    async stage(rows) {
      if (rows.length === 0) return;
      await copyText(database, `enterprise_import_staging (${STAGING_COLUMNS})`, rows.map((row) => stagingCopyLine(importId, row)).join(''));
    },
    async duplicates(afterLine, limit, remove) {
      const found = rowsOf<{ line: number; credit_code: string; first_line: number }>(
        await database.db.execute(sql`
          select line, credit_code, first_line from (
            select line, credit_code, min(line) over (partition by credit_code) as first_line
            from enterprise_import_staging where import_id = ${importId}
          ) staged
          where line > first_line and line > ${afterLine}
          order by line limit ${limit}
        `),
      ).map((row) => ({ line: Number(row.line), creditCode: row.credit_code, firstLine: Number(row.first_line) }));
      if (remove && found.length > 0) {
        const lines = `{${found.map((row) => row.line).join(',')}}`;
        await database.db.execute(sql`delete from enterprise_import_staging where import_id = ${importId} and line = any(${lines}::int[])`);
      }
      return found;
    },
    apply(work) {
      return database.db.transaction((transaction) => work((fromLine, toLine) => upsertStagedChunk(transaction, importId, fromLine, toLine)));
    },
    async discard() {
      await database.db.execute(sql`delete from enterprise_import_staging where import_id = ${importId}`);
    },
  };
}
