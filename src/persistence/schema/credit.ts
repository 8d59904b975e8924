/**
 * Credit records (信用记录) and related-party links. A record's fields are kept whole in
 * `data` (the validated `CreditRecord`); the columns beside it are what queries select on.
 * Related parties are kept apart, by hashed person id only: an ID number is never stored.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, customType, date, index, pgTable, primaryKey, smallint, text, timestamp, jsonb, unique } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * One record of any kind but `related_party_link`. `date` is the day from which the record
 * can affect an evaluation (its decision, listing, filing date; an annual report's due date),
 * so "records as of D" is `date <= D`. `natural_key` identifies the record within its
 * enterprise and kind (a penalty's decision number, a report's year...): re-importing a file
 * updates records in place instead of adding copies.
 */
export const creditRecords = pgTable(
  'credit_records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    creditCode: text('credit_code').notNull(),
    kind: text('kind').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    naturalKey: text('natural_key').notNull(),
    source: text('source').notNull(),
    legalBasis: text('legal_basis'),
    data: jsonb('data').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('credit_records_natural_key').on(table.creditCode, table.kind, table.naturalKey),
    index('credit_records_code_date_idx').on(table.creditCode, table.date),
    index('credit_records_kind_date_idx').on(table.kind, table.date),
  ],
);

/**
 * A natural person's role (legal representative 法定代表人, controlling investor 控股股东) in
 * an enterprise, by a keyed hash of the person's ID number.
 */
export const relatedParties = pgTable(
  'related_parties',
  {
    personHash: text('person_hash').notNull(),
    creditCode: text('credit_code').notNull(),
    role: text('role').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    source: text('source').notNull(),
    legalBasis: text('legal_basis'),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.creditCode, table.personHash, table.role, table.startDate] }),
    index('related_parties_person_idx').on(table.personHash),
    check('related_parties_hash_is_hex', sql`${table.personHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * The HMAC key that turns ID numbers into person hashes, created on first use. One row.
 * Kept in the database so every process (CLI, server) hashes alike; see docs/credit-records.md.
 */
export const personHashKeys = pgTable(
  'person_hash_keys',
  {
    id: smallint('id').primaryKey(),
    key: bytea('key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('person_hash_keys_single_row', sql`${table.id} = 1`)],
);
