/**
 * The publication log (公示日志): an append-only RFC 6962 Merkle log of every published
 * record's digest, with the complete subtrees it has built and a signed tree head for every
 * size. A trigger (migration `publication_log_guard`) makes the database itself refuse any
 * UPDATE, DELETE or TRUNCATE of these tables; the code only ever inserts.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** What a leaf is the digest of. A new kind of publication is a new value (and migration). */
export const LOG_LEAF_KINDS = [
  'draw_commitment',
  'draw_record',
  'results_batch',
  'list_edition',
  'exit_notice',
  'scoring_model',
  'policy',
  'inspector_substitution',
  'result_correction',
] as const;
export type LogLeafKind = (typeof LOG_LEAF_KINDS)[number];

/** One leaf per published record: leaf `leafIndex` of the log is the raw 32 bytes of `recordHash`. */
export const logLeaves = pgTable(
  'log_leaves',
  {
    /** 0, 1, 2, … without gaps (appends are serialised by an advisory lock). */
    leafIndex: integer('leaf_index').primaryKey(),
    /** sha256hex(canonical(record)) of the published record. */
    recordHash: text('record_hash').notNull().unique(),
    kind: text('kind').$type<LogLeafKind>().notNull(),
    /** What the record is about, for people reading the log: a task code, a list edition, … */
    reference: text('reference').notNull(),
    appendedAt: timestamp('appended_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('log_leaves_index_non_negative', sql`${table.leafIndex} >= 0`),
    check('log_leaves_hash_is_sha256', sql`${table.recordHash} ~ '^[0-9a-f]{64}$'`),
    check('log_leaves_kind_known', sql`${table.kind} in (${sql.raw(LOG_LEAF_KINDS.map((kind) => `'${kind}'`).join(', '))})`),
  ],
);

/**
 * Complete subtrees of the log: node `(level, position)` is MTH of leaves
 * `[position·2^level, (position+1)·2^level)`; level 0 holds the leaf hashes. Immutable once
 * written, so any proof is assembled from O(log n) of them (src/core/merkle-nodes.ts).
 */
export const logNodes = pgTable(
  'log_nodes',
  {
    level: smallint('level').notNull(),
    position: integer('position').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.level, table.position] }),
    check('log_nodes_level_range', sql`${table.level} between 0 and 62`),
    check('log_nodes_position_non_negative', sql`${table.position} >= 0`),
    check('log_nodes_hash_is_sha256', sql`${table.hash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** The signed tree head of every size the log has had (RFC 6962 section 3.5). */
export const logTreeHeads = pgTable(
  'log_tree_heads',
  {
    treeSize: integer('tree_size').primaryKey(),
    rootHash: text('root_hash').notNull(),
    /** Milliseconds since 1970 (RFC 6962's timestamp), exactly as signed. */
    timestamp: bigint('timestamp', { mode: 'number' }).notNull(),
    keyId: text('key_id').notNull(),
    /** Base64 Ed25519 signature over the canonical `suiji.tree-head/1` payload. */
    signature: text('signature').notNull(),
    /** Fingerprint of the key set the head pins (part of the signed payload); null in heads signed before it existed. */
    keySetFingerprint: text('key_set_fingerprint'),
  },
  (table) => [
    check('log_tree_heads_size_positive', sql`${table.treeSize} >= 1`),
    check('log_tree_heads_root_is_sha256', sql`${table.rootHash} ~ '^[0-9a-f]{64}$'`),
    check('log_tree_heads_fingerprint_is_sha256', sql`${table.keySetFingerprint} is null or ${table.keySetFingerprint} ~ '^[0-9a-f]{64}$'`),
  ],
);
