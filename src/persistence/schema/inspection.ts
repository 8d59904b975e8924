/**
 * Inspection items, sampling policies, the annual plan and its tasks, inspectors, and the
 * frozen pools, draw records and receipts of draws (issue 4, spec/draw-v1.md).
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { AnnouncedEntropySource } from '../../core/draw/entropy-source.ts';
import type { TaskMode } from '../../core/inspection-plan.ts';

/** Inspection items (抽查事项清单). */
export const inspectionItems = pgTable('inspection_items', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  legalBasis: text('legal_basis').notNull(),
  department: text('department').notNull(),
  /** Items of one category count as one inspection for 综合查一次 (see `jointInspectionExcludes`). */
  category: text('category').notNull(),
  keyArea: boolean('key_area').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A sampling policy of an item for a year. A new version is a new row: a version that may
 * have been used by a draw is never changed.
 */
export const samplingPolicies = pgTable(
  'sampling_policies',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    itemCode: text('item_code')
      .notNull()
      .references(() => inspectionItems.code),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    /** `SamplingPolicy['tiers']` and `untiered` of src/core/policy/sampling-policy.ts. */
    tiers: jsonb('tiers').notNull(),
    untiered: jsonb('untiered'),
    annualCap: integer('annual_cap').notNull(),
    overrideReason: text('override_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set once, when an admin adopts the version (issue 13): freeze uses only adopted versions. */
    adoptedAt: timestamp('adopted_at', { withTimezone: true }),
    /** Usernames of the staff who adopted it: proposer then approver (one name when four eyes are off). */
    approvedBy: jsonb('approved_by').$type<string[]>(),
    /** Whether the adoption had a second admin's approval (FOUR_EYES). */
    fourEyes: boolean('four_eyes'),
  },
  (table) => [
    unique('sampling_policies_item_year_version').on(table.itemCode, table.year, table.version),
    check('sampling_policies_version_positive', sql`${table.version} >= 1`),
    check('sampling_policies_cap_positive', sql`${table.annualCap} >= 1`),
    check('sampling_policies_adoption_complete', sql`(${table.adoptedAt} is null) = (${table.approvedBy} is null) and (${table.adoptedAt} is null) = (${table.fourEyes} is null)`),
  ],
);

/** The annual plan (年度抽查计划): how many rounds the year has. */
export const annualPlans = pgTable(
  'annual_plans',
  {
    year: integer('year').primaryKey(),
    name: text('name').notNull(),
    roundsPerYear: integer('rounds_per_year').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('annual_plans_rounds_positive', sql`${table.roundsPerYear} >= 1`)],
);

/** Law enforcement inspectors (执法人员), identified by badge number (执法证号). */
export const inspectors = pgTable('inspectors', {
  badge: text('badge').primaryKey(),
  /** A natural person's name: staff data only, never in a record. */
  name: text('name').notNull(),
  department: text('department').notNull(),
  qualifications: text('qualifications').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
});

/** Declared conflicts of interest (回避): this inspector never inspects this enterprise. */
export const inspectorConflicts = pgTable(
  'inspector_conflicts',
  {
    badge: text('badge')
      .notNull()
      .references(() => inspectors.badge),
    creditCode: text('credit_code').notNull(),
    reason: text('reason').notNull(),
  },
  (table) => [primaryKey({ columns: [table.badge, table.creditCode] })],
);

export const TASK_STATUSES = ['planned', 'frozen', 'drawn'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * A task of the annual plan. `planned` → `frozen` (pool, strata, policies, nonce fixed) →
 * `drawn` (records stored); each step is a conditional update on `status`, so it happens
 * once. `nonce` is secret until the draw reveals it in the record.
 */
export const inspectionTasks = pgTable(
  'inspection_tasks',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    year: integer('year')
      .notNull()
      .references(() => annualPlans.year),
    round: integer('round').notNull(),
    items: text('items').array().notNull(),
    /** `[{department, teamSize}]` in the task's order. */
    departments: jsonb('departments').notNull(),
    trigger: text('trigger').notNull(),
    evaluationRunId: integer('evaluation_run_id'),
    visibility: text('visibility').notNull(),
    qualification: text('qualification').notNull(),
    /** `TaskMode`: on site (default, and every task before issue 17) or self-inspection by commitment (自查). */
    mode: text('mode').$type<TaskMode>().notNull().default('on_site'),
    /** Self-inspection tasks: the last day (Asia/Shanghai, inclusive) for reports, YYYY-MM-DD. */
    reportDue: date('report_due', { mode: 'string' }),
    /** `TaskConditions` of src/core/draw/pool.ts. */
    conditions: jsonb('conditions').notNull(),
    /**
     * The announced `EntropySource` object (draw/v1.1); a JSON string for a task planned
     * before v1.1 (free text, no time: such a task cannot be frozen until it is re-planned).
     */
    entropySource: jsonb('entropy_source').$type<AnnouncedEntropySource>().notNull(),
    /** At freeze: the notice (seconds) the freeze was checked against and the commitment publishes. */
    entropyNotice: integer('entropy_notice'),
    status: text('status').$type<TaskStatus>().notNull().default('planned'),
    /** At freeze: the strata with their policies and the exclusion counts. */
    strata: jsonb('strata'),
    exclusions: jsonb('exclusions'),
    poolRoot: text('pool_root'),
    nonce: text('nonce'),
    nonceCommitment: text('nonce_commitment'),
    /** Record time texts (Asia/Shanghai offset), exactly as the record carries them. */
    frozenAt: text('frozen_at'),
    drawnAt: text('drawn_at'),
    /** At freeze: the signed `suiji.draw-commitment/1` envelope (JSON text), public before the draw. */
    commitmentEnvelope: text('commitment_envelope'),
    /** At freeze: the version of the year's approved tier list (tier-lists.ts) the task used; null when the year had none. */
    tierListVersion: integer('tier_list_version'),
    /** At freeze: why staff froze from another run than the approved list's (recorded in the activity log too). */
    tierListOverrideReason: text('tier_list_override_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('inspection_tasks_status_known', sql`${table.status} in ('planned', 'frozen', 'drawn')`),
    check('inspection_tasks_trigger_known', sql`${table.trigger} in ('planned', 'complaint', 'referral', 'superior_assigned')`),
    check('inspection_tasks_visibility_known', sql`${table.visibility} in ('open', 'sealed')`),
    check('inspection_tasks_mode_known', sql`${table.mode} in ('on_site', 'self_inspection')`),
    check('inspection_tasks_report_due', sql`${table.mode} = 'on_site' or ${table.reportDue} is not null`),
    check('inspection_tasks_round_positive', sql`${table.round} >= 1`),
    check(
      'inspection_tasks_frozen_complete',
      sql`${table.status} = 'planned' or (${table.poolRoot} is not null and ${table.nonce} is not null and ${table.nonceCommitment} is not null and ${table.frozenAt} is not null)`,
    ),
    index('inspection_tasks_year_idx').on(table.year, table.status),
  ],
);

/**
 * The frozen pool of a task, compactly (issue 15): its members in credit-code order, cut
 * into chunks of `POOL_CHUNK_SIZE` (src/core/draw/pool-chunks.ts). Salts are not stored:
 * they derive from the server secret. Never changed after the freeze.
 */
export const taskPoolChunks = pgTable(
  'task_pool_chunks',
  {
    taskCode: text('task_code')
      .notNull()
      .references(() => inspectionTasks.code),
    /** Leaf `chunk · POOL_CHUNK_SIZE` is the chunk's first member. */
    chunk: integer('chunk').notNull(),
    /** The chunk's first credit code: the chunk of a code is the last one starting at or before it. */
    firstCode: text('first_code').notNull(),
    size: integer('size').notNull(),
    /** The credit codes, comma-separated (a credit code is [0-9A-Z]{18}). */
    codes: text('codes').notNull(),
    /** The stratum label of each code, in the same order. */
    strata: jsonb('strata').$type<string[]>().notNull(),
  },
  (table) => [primaryKey({ columns: [table.taskCode, table.chunk] }), unique('task_pool_chunks_first_code').on(table.taskCode, table.firstCode), check('task_pool_chunks_size_positive', sql`${table.size} >= 1`)],
);

/**
 * What a receipt needs besides its chunk: the chunk hashes (stored at freeze; for a pool
 * frozen before issue 15, at its draw) and, from the draw, the seed and the strata's
 * thresholds (and sealed N, k, salt).
 */
export const taskPoolTrees = pgTable('task_pool_trees', {
  taskCode: text('task_code')
    .primaryKey()
    .references(() => inspectionTasks.code),
  size: integer('size').notNull(),
  /** `ChunkedPoolTree['chunkRoots']`: 64 hex characters a chunk. */
  chunkRoots: text('chunk_roots').notNull(),
  seed: text('seed'),
  /** `ReceiptContext['strata']` of the draw. */
  strata: jsonb('strata').$type<unknown[]>(),
});

/** The signed envelopes of a drawn task, as JSON text; one row per task, ever. */
export const drawRecords = pgTable('draw_records', {
  taskCode: text('task_code')
    .primaryKey()
    .references(() => inspectionTasks.code),
  publicEnvelope: text('public_envelope').notNull(),
  auditEnvelope: text('audit_envelope').notNull(),
  publicRecordHash: text('public_record_hash').notNull(),
  selectedCount: integer('selected_count').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Draws before issue 15 only: one receipt per pool member, and the SHA-256 of its receipt
 * code. Kept and served as stored; later draws build receipts on request.
 */
export const drawReceipts = pgTable(
  'draw_receipts',
  {
    taskCode: text('task_code')
      .notNull()
      .references(() => drawRecords.taskCode),
    creditCode: text('credit_code').notNull(),
    selected: boolean('selected').notNull(),
    receipt: text('receipt').notNull(),
    receiptCodeHash: text('receipt_code_hash').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.taskCode, table.creditCode] }),
    index('draw_receipts_selected_idx').on(table.creditCode).where(sql`${table.selected}`),
  ],
);

/** The selected members of each drawn task (their tickets are in the record). */
export const drawSelections = pgTable(
  'draw_selections',
  {
    taskCode: text('task_code')
      .notNull()
      .references(() => drawRecords.taskCode),
    creditCode: text('credit_code').notNull(),
  },
  (table) => [primaryKey({ columns: [table.taskCode, table.creditCode] }), index('draw_selections_credit_code_idx').on(table.creditCode)],
);
