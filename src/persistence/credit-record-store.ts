/**
 * Storing and reading credit records. Imports upsert batches by natural key with array
 * parameters (one statement per batch); evaluation runs read one chunk of enterprises'
 * records as of a date in one query; related-party links live in their own table, keyed
 * by hashed person id, and come back as `related_party_link` records.
 */
import { sql } from 'drizzle-orm';
import type { CreditRecord, RelatedPartyLink } from '../core/credit-record.ts';
import { rowsOf, type Executor } from './database.ts';
import { textArrayLiteral } from './sql-arrays.ts';
import { checkStoredCount } from './stored-count.ts';

/** A validated record ready to store. */
export interface RecordToStore {
  readonly record: CreditRecord;
  /** See `creditRecordNaturalKey`. */
  readonly naturalKey: string;
  /** See `recordEffectiveDate`. */
  readonly effectiveDate: string;
}

export interface RecordUpsertCounts {
  readonly inserted: number;
  readonly updated: number;
}

function countsOf(result: unknown): RecordUpsertCounts {
  const [counts] = rowsOf<{ inserted: number | string; updated: number | string }>(result);
  return { inserted: Number(counts?.inserted ?? 0), updated: Number(counts?.updated ?? 0) };
}

async function upsertRecords(executor: Executor, rows: readonly RecordToStore[]): Promise<RecordUpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const column = (value: (row: RecordToStore) => string | null) => textArrayLiteral(rows.map(value));
  return countsOf(
    await executor.execute(sql`
      with input as (
        select * from unnest(
          ${column((row) => row.record.creditCode)}::text[], ${column((row) => row.record.kind)}::text[],
          ${column((row) => row.effectiveDate)}::date[], ${column((row) => row.naturalKey)}::text[],
          ${column((row) => row.record.source)}::text[], ${column((row) => row.record.legalBasis ?? null)}::text[],
          ${column((row) => JSON.stringify(row.record))}::jsonb[]
        ) as t(credit_code, kind, date, natural_key, source, legal_basis, data)
      ), upserted as (
        insert into credit_records as r (credit_code, kind, date, natural_key, source, legal_basis, data)
        select credit_code, kind, date, natural_key, source, legal_basis, data from input
        on conflict (credit_code, kind, natural_key) do update set
          date = excluded.date, source = excluded.source, legal_basis = excluded.legal_basis, data = excluded.data, imported_at = now()
        where (r.date, r.source, r.legal_basis, r.data) is distinct from (excluded.date, excluded.source, excluded.legal_basis, excluded.data)
        returning (xmax = 0) as inserted
      )
      select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from upserted
    `),
  );
}

async function upsertLinks(executor: Executor, links: readonly RelatedPartyLink[]): Promise<RecordUpsertCounts> {
  if (links.length === 0) return { inserted: 0, updated: 0 };
  const column = (value: (link: RelatedPartyLink) => string | null) => textArrayLiteral(links.map(value));
  return countsOf(
    await executor.execute(sql`
      with input as (
        select * from unnest(
          ${column((link) => link.personId)}::text[], ${column((link) => link.creditCode)}::text[], ${column((link) => link.role)}::text[],
          ${column((link) => link.date)}::date[], ${column((link) => link.endDate ?? null)}::date[],
          ${column((link) => link.source)}::text[], ${column((link) => link.legalBasis ?? null)}::text[]
        ) as t(person_hash, credit_code, role, start_date, end_date, source, legal_basis)
      ), upserted as (
        insert into related_parties as p (person_hash, credit_code, role, start_date, end_date, source, legal_basis)
        select person_hash, credit_code, role, start_date, end_date, source, legal_basis from input
        on conflict (credit_code, person_hash, role, start_date) do update set
          end_date = excluded.end_date, source = excluded.source, legal_basis = excluded.legal_basis, imported_at = now()
        where (p.end_date, p.source, p.legal_basis) is distinct from (excluded.end_date, excluded.source, excluded.legal_basis)
        returning (xmax = 0) as inserted
      )
      select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from upserted
    `),
  );
}

/**
 * Checks that every record and link of a batch is in its table after the upsert (unchanged
 * ones are not in the upsert's counts, so those cannot tell); the same transaction sees
 * its own writes.
 */
async function checkBatchStored(executor: Executor, records: readonly RecordToStore[], links: readonly RelatedPartyLink[]): Promise<void> {
  if (records.length > 0) {
    const column = (value: (row: RecordToStore) => string) => textArrayLiteral(records.map(value));
    const [row] = rowsOf<{ count: number | string }>(
      await executor.execute(sql`
        select count(*) as count from credit_records r
        join unnest(${column((row) => row.record.creditCode)}::text[], ${column((row) => row.record.kind)}::text[], ${column((row) => row.naturalKey)}::text[])
          as t(credit_code, kind, natural_key) on r.credit_code = t.credit_code and r.kind = t.kind and r.natural_key = t.natural_key
      `),
    );
    checkStoredCount('credit_records', records.length, Number(row?.count ?? 0));
  }
  if (links.length > 0) {
    const column = (value: (link: RelatedPartyLink) => string) => textArrayLiteral(links.map(value));
    const [row] = rowsOf<{ count: number | string }>(
      await executor.execute(sql`
        select count(*) as count from related_parties p
        join unnest(${column((link) => link.creditCode)}::text[], ${column((link) => link.personId)}::text[], ${column((link) => link.role)}::text[],
                    ${column((link) => link.date)}::date[]) as t(credit_code, person_hash, role, start_date)
          on p.credit_code = t.credit_code and p.person_hash = t.person_hash and p.role = t.role and p.start_date = t.start_date
      `),
    );
    checkStoredCount('related_parties', links.length, Number(row?.count ?? 0));
  }
}

/**
 * Inserts new and updates changed records; natural keys must be unique in the batch.
 * Records equal to what is stored are left alone, so a re-import changes nothing.
 *
 * @example await upsertCreditRecords(transaction, [{ record, naturalKey: '2023', effectiveDate: '2024-06-30' }])
 */
export async function upsertCreditRecords(executor: Executor, rows: readonly RecordToStore[]): Promise<RecordUpsertCounts> {
  const links: RelatedPartyLink[] = [];
  const others: RecordToStore[] = [];
  for (const row of rows) {
    if (row.record.kind === 'related_party_link') links.push(row.record);
    else others.push(row);
  }
  const recordCounts = await upsertRecords(executor, others);
  const linkCounts = await upsertLinks(executor, links);
  await checkBatchStored(executor, others, links);
  return { inserted: recordCounts.inserted + linkCounts.inserted, updated: recordCounts.updated + linkCounts.updated };
}

/**
 * Which of `codes` are in the directory.
 *
 * @example await findKnownCreditCodes(db, ['91350100M000100Y43']) // Set { '91350100M000100Y43' }
 */
export async function findKnownCreditCodes(executor: Executor, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const result = await executor.execute(
    sql`select credit_code from enterprises where credit_code = any(${textArrayLiteral(codes)}::text[])`,
  );
  return new Set(rowsOf<{ credit_code: string }>(result).map((row) => row.credit_code));
}

/** Related-party links as records: the shape the core reads. */
const linkAsRecord = sql`jsonb_strip_nulls(jsonb_build_object(
  'kind', 'related_party_link', 'creditCode', credit_code, 'source', source, 'legalBasis', legal_basis,
  'personId', person_hash, 'role', role, 'date', start_date, 'endDate', end_date))`;

/**
 * Every record of the enterprises whose codes lie in [firstCode, lastCode] that can affect
 * an evaluation as of `asOf` (effective on or before it), links included, in one query.
 *
 * @example await loadRecordsInRange(db, '9135…01', '9135…99', '2025-01-01')
 */
export async function loadRecordsInRange(executor: Executor, firstCode: string, lastCode: string, asOf: string): Promise<CreditRecord[]> {
  const result = await executor.execute(sql`
    select data from credit_records where credit_code >= ${firstCode} and credit_code <= ${lastCode} and date <= ${asOf}::date
    union all
    select ${linkAsRecord} from related_parties where credit_code >= ${firstCode} and credit_code <= ${lastCode} and start_date <= ${asOf}::date
  `);
  return rowsOf<{ data: CreditRecord }>(result).map((row) => row.data);
}

/**
 * One enterprise's records, links included, oldest first.
 *
 * @example await listEnterpriseRecords(db, '91350100M000100Y43')
 */
export async function listEnterpriseRecords(executor: Executor, creditCode: string): Promise<{ record: CreditRecord; effectiveDate: string }[]> {
  const result = await executor.execute(sql`
    select * from (
      select data, date::text as effective_date, kind, natural_key from credit_records where credit_code = ${creditCode}
      union all
      select ${linkAsRecord}, start_date::text, 'related_party_link', person_hash || role from related_parties where credit_code = ${creditCode}
    ) records order by effective_date, kind, natural_key
  `);
  return rowsOf<{ data: CreditRecord; effective_date: string }>(result).map((row) => ({ record: row.data, effectiveDate: row.effective_date }));
}

/**
 * Links of the enterprises on the serious-dishonesty list at `asOf`: what the related-party
 * index of an evaluation run is built from.
 *
 * @example buildRelatedPartyIndex(await loadLinksOfDishonestEnterprises(db, asOf), codes, asOf)
 */
export async function loadLinksOfDishonestEnterprises(executor: Executor, asOf: string): Promise<{ links: RelatedPartyLink[]; dishonestCodes: Set<string> }> {
  const listed = await executor.execute(sql`
    select distinct credit_code from credit_records
    where kind = 'serious_dishonesty_listing' and date <= ${asOf}::date
      and (data->>'removedDate' is null or data->>'removedDate' > ${asOf})
  `);
  const dishonestCodes = new Set(rowsOf<{ credit_code: string }>(listed).map((row) => row.credit_code));
  if (dishonestCodes.size === 0) return { links: [], dishonestCodes };
  const result = await executor.execute(sql`
    select ${linkAsRecord} as data from related_parties
    where credit_code = any(${textArrayLiteral([...dishonestCodes])}::text[]) and start_date <= ${asOf}::date
  `);
  return { links: rowsOf<{ data: RelatedPartyLink }>(result).map((row) => row.data), dishonestCodes };
}

/**
 * The key of the person-id HMAC, created from `generate()` on first use. Every process
 * gets the same key, so the same ID number always gives the same person hash.
 *
 * @example const key = await loadPersonHashKey(db, () => randomBytes(32))
 */
export async function loadPersonHashKey(executor: Executor, generate: () => Uint8Array): Promise<Buffer> {
  const hex = Buffer.from(generate()).toString('hex');
  await executor.execute(sql`insert into person_hash_keys (id, key) values (1, decode(${hex}, 'hex')) on conflict (id) do nothing`);
  const [row] = rowsOf<{ key: string }>(await executor.execute(sql`select encode(key, 'hex') as key from person_hash_keys where id = 1`));
  return Buffer.from(row!.key, 'hex');
}
