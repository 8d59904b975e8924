import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** What an enterprise and its staged import row both hold besides the credit code and flags. */
const enterpriseDetailColumns = () => ({
  name: text('name').notNull(),
  /** GB/T 2260 administrative division, six digits. */
  regionCode: text('region_code').notNull(),
  /** GB/T 4754-2017 industry: a section letter and up to four digits, e.g. `C1391`. */
  industryCode: text('industry_code').notNull(),
  registrationDate: date('registration_date', { mode: 'string' }).notNull(),
  /** See `EntityType` in src/core/enterprise.ts. */
  entityType: text('entity_type').notNull(),
  /** See `EnterpriseStatus` in src/core/enterprise.ts. */
  status: text('status').notNull(),
});

/** The enterprise directory (检查对象名录库), keyed by unified social credit code. */
export const enterprises = pgTable(
  'enterprises',
  {
    creditCode: text('credit_code').primaryKey(),
    ...enterpriseDetailColumns(),
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('enterprises_region_idx').on(table.regionCode, table.creditCode),
    index('enterprises_industry_idx').on(table.industryCode, table.creditCode),
    index('enterprises_status_idx').on(table.status, table.creditCode),
    check('enterprises_credit_code_length', sql`char_length(${table.creditCode}) = 18`),
  ],
);

/**
 * Rows of a directory import in progress, validated and COPYed in batches before any of
 * them touches `enterprises`: duplicates are found here, and the upsert reads from here in
 * short chunks, so a million-row import never holds one long transaction (on PGlite that
 * would block every request). Emptied when the import ends, whatever its outcome.
 */
export const enterpriseImportStaging = pgTable(
  'enterprise_import_staging',
  {
    importId: text('import_id').notNull(),
    /** The row's line in the file, for messages and chunking. */
    line: integer('line').notNull(),
    creditCode: text('credit_code').notNull(),
    ...enterpriseDetailColumns(),
    flags: text('flags').array().notNull(),
  },
  (table) => [primaryKey({ columns: [table.importId, table.line] })],
);
