/**
 * Storage of freezes and draws: candidates and the year's history for pool building, the
 * frozen pool in chunks with its chunk hashes (bulk, as array parameters through `unnest`),
 * the once-only status steps, the signed records, the selected members and what receipts
 * are built from (issue 15); the stored receipts of draws from before.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { PoolCandidate, YearHistory } from '../core/draw/pool.ts';
import type { TaskTrigger } from '../core/draw/record.ts';
import type { Tier } from '../core/policy/tier.ts';
import { rowsOf, type Executor } from './database.ts';
import { drawReceipts, drawRecords, inspectionTasks, taskPoolChunks, taskPoolTrees } from './schema/index.ts';
import { checkStoredCount } from './stored-count.ts';
import type { TaskRow } from './inspection-repository.ts';

/**
 * A PostgreSQL text-array literal, sent as one text parameter and cast with `::text[]`
 * (drizzle's postgres.js driver does not serialise JS arrays as parameters).
 */
function toTextArray(values: readonly string[]): string {
  let literal = '{';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) literal += ',';
    literal += `"${(values[index] as string).replace(/[\\"]/g, (character) => `\\${character}`)}"`;
  }
  return `${literal}}`;
}

/**
 * Every directory entry with its evaluation in `evaluationRunId` (when given), in
 * credit-code order: the candidates the pool builder filters. With `acceptedReportsOf` (a
 * follow-up of a self-inspection task, issue 17), each says whether its report there was accepted.
 *
 * @example await loadPoolCandidates(db, 3) // [{ code, regionCode, …, evaluation: { tier: 'B', observation: false } }, …]
 */
export async function loadPoolCandidates(db: Executor, evaluationRunId: number | null, acceptedReportsOf?: string): Promise<PoolCandidate[]> {
  const result = await db.execute(sql`
    select e.credit_code, e.region_code, e.industry_code, e.entity_type, e.status, e.flags,
           to_char(e.registration_date, 'YYYY-MM-DD') as registration_date, v.tier, v.observation,
           ${acceptedReportsOf === undefined ? sql`null` : sql`exists (select 1 from self_inspection_reports r where r.task_code = ${acceptedReportsOf} and r.credit_code = e.credit_code and r.status = 'accepted')`} as report_accepted
    from enterprises e
    left join evaluations v on v.credit_code = e.credit_code and v.run_id = ${evaluationRunId ?? -1}
    order by e.credit_code
  `);
  return rowsOf<{
    credit_code: string;
    region_code: string;
    industry_code: string;
    entity_type: string;
    status: string;
    flags: string[] | string;
    registration_date: string;
    tier: string | null;
    observation: boolean | null;
    report_accepted: boolean | null;
  }>(result).map((row) => ({
    code: row.credit_code,
    regionCode: row.region_code,
    industryCode: row.industry_code,
    entityType: row.entity_type,
    status: row.status,
    flags: parseTextArray(row.flags),
    registrationDate: row.registration_date,
    ...(row.tier === null ? {} : { evaluation: { tier: row.tier as Tier, observation: row.observation === true } }),
    ...(row.report_accepted === null ? {} : { reportAccepted: row.report_accepted }),
  }));
}

/** Raw `text[]` columns come back as arrays from PGlite and postgres.js alike, or as a literal from older paths. */
function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.slice(1, -1);
  return inner === '' ? [] : inner.split(',');
}

/**
 * What earlier drawn tasks of the year did: every drawn joint task (two or more departments)
 * with its round, trigger, items, departments, item categories and selected enterprises, and
 * how often each enterprise was selected by planned tasks. Which joint tasks hold an
 * enterprise back from a given task is the core's rule (`poolHistoryFor`). Self-inspection
 * tasks (自查) are not inspections by the bureau: they neither count against the annual
 * cap nor hold anyone back (their on-site follow-up is drawn from their accepted reports).
 *
 * @example await loadYearHistory(db, 2027) // { jointInspections: [{ task: '2027-ZH-01', round: 1, departments: ['信用科', '食品科'], selected: […], … }], plannedSelections: Map {…} }
 */
export async function loadYearHistory(db: Executor, year: number): Promise<YearHistory> {
  const joint = await db.execute(sql`
    select t.code, t.round, t.trigger, t.items,
           array(select entry->>'department' from jsonb_array_elements(t.departments) with ordinality as d(entry, position) order by position) as departments,
           array(select distinct i.category from inspection_items i where i.code = any(t.items) order by i.category) as categories,
           array(select s.credit_code from draw_selections s where s.task_code = t.code order by s.credit_code) as selected
    from inspection_tasks t
    where t.year = ${year} and t.status = 'drawn' and jsonb_array_length(t.departments) >= 2 and t.mode = 'on_site'
    order by t.code
  `);
  const planned = await db.execute(sql`
    select s.credit_code, count(*) as times
    from draw_selections s join inspection_tasks t on t.code = s.task_code
    where t.year = ${year} and t.status = 'drawn' and t.trigger = 'planned' and t.mode = 'on_site'
    group by s.credit_code
  `);
  return {
    jointInspections: rowsOf<{
      code: string;
      round: number;
      trigger: TaskTrigger;
      items: string[] | string;
      departments: string[] | string;
      categories: string[] | string;
      selected: string[] | string;
    }>(joint).map((row) => ({
      task: row.code,
      round: Number(row.round),
      trigger: row.trigger,
      items: parseTextArray(row.items),
      departments: parseTextArray(row.departments),
      categories: parseTextArray(row.categories),
      selected: parseTextArray(row.selected),
    })),
    plannedSelections: new Map(rowsOf<{ credit_code: string; times: number | string }>(planned).map((row) => [row.credit_code, Number(row.times)])),
  };
}

export interface FreezeFields {
  readonly strata: readonly { label: string; ratio: string; minimum: number }[];
  readonly exclusions: readonly { reason: string; count: number }[];
  readonly poolRoot: string;
  readonly nonce: string;
  readonly nonceCommitment: string;
  readonly frozenAt: string;
  /** The notice (seconds) the entropy time was checked against (draw/v1.1). */
  readonly entropyNotice: number;
  /** The signed freeze commitment, JSON text. */
  readonly commitmentEnvelope: string;
  /** The version of the year's approved tier list the task used (null: the year had none). */
  readonly tierListVersion?: number | null;
  /** Why the task was frozen from another run than the approved list's. */
  readonly tierListOverrideReason?: string | null;
}

/**
 * planned → frozen, only if the task is still planned. False means someone else froze it
 * first (or it is not planned): nothing was changed.
 */
export async function markTaskFrozen(db: Executor, code: string, fields: FreezeFields): Promise<boolean> {
  const rows = await db
    .update(inspectionTasks)
    .set({ status: 'frozen', ...fields, strata: [...fields.strata], exclusions: [...fields.exclusions] })
    .where(and(eq(inspectionTasks.code, code), eq(inspectionTasks.status, 'planned')))
    .returning({ code: inspectionTasks.code });
  return rows.length === 1;
}

/** The `count` of an `insert ... returning` wrapped in `with inserted as (...) select count(*)`. */
function insertedCount(result: unknown): number {
  return Number(rowsOf<{ count: number | string }>(result)[0]?.count ?? 0);
}

/** Chunks per bulk statement (each chunk `POOL_CHUNK_SIZE` members). */
const CHUNK_BATCH_SIZE = 100;

/**
 * Stores a frozen pool, members already in credit-code order, as chunks of `chunkSize`
 * (one statement per batch of chunks, each checked to have stored every chunk it sent:
 * `StoredCountMismatchError` otherwise, which rolls the freeze back), and its chunk hashes.
 *
 * @example await insertPoolChunks(transaction, '2027-JM-003', sortedMembers, POOL_CHUNK_SIZE, tree.chunkRoots)
 */
export async function insertPoolChunks(db: Executor, taskCode: string, sorted: readonly { code: string; stratum: string }[], chunkSize: number, chunkRoots: string): Promise<void> {
  const chunkCount = Math.ceil(sorted.length / chunkSize);
  for (let first = 0; first < chunkCount; first += CHUNK_BATCH_SIZE) {
    const chunks: { index: number; members: readonly { code: string; stratum: string }[] }[] = [];
    for (let index = first; index < Math.min(first + CHUNK_BATCH_SIZE, chunkCount); index++) chunks.push({ index, members: sorted.slice(index * chunkSize, (index + 1) * chunkSize) });
    const result = await db.execute(sql`
      with inserted as (
        insert into task_pool_chunks (task_code, chunk, first_code, size, codes, strata)
        select ${taskCode}, chunk, first_code, size, codes, strata::jsonb
        from unnest(${`{${chunks.map((chunk) => chunk.index).join(',')}}`}::integer[], ${toTextArray(chunks.map((chunk) => (chunk.members[0] as { code: string }).code))}::text[],
                    ${`{${chunks.map((chunk) => chunk.members.length).join(',')}}`}::integer[], ${toTextArray(chunks.map((chunk) => chunk.members.map((member) => member.code).join(',')))}::text[],
                    ${toTextArray(chunks.map((chunk) => JSON.stringify(chunk.members.map((member) => member.stratum))))}::text[]) as t(chunk, first_code, size, codes, strata)
        returning 1
      )
      select count(*) as count from inserted
    `);
    checkStoredCount('task_pool_chunks', chunks.length, insertedCount(result));
  }
  await db.insert(taskPoolTrees).values({ taskCode, size: sorted.length, chunkRoots });
}

/** A stored chunk of a frozen pool: its members in credit-code order. */
export interface StoredPoolChunk {
  readonly index: number;
  readonly members: readonly { readonly code: string; readonly stratum: string }[];
}

function chunkOf(row: { chunk: number; codes: string; strata: string[] }): StoredPoolChunk {
  const codes = row.codes.split(',');
  return { index: row.chunk, members: codes.map((code, index) => ({ code, stratum: row.strata[index] as string })) };
}

/** What claiming a task for its draw found. */
export type DrawClaim =
  | { readonly kind: 'claimed'; readonly task: TaskRow }
  /** Another transaction holds the task (a draw in progress): answered at once, not after it. */
  | { readonly kind: 'being_drawn' }
  /** No such task, or not frozen: nothing was changed. */
  | { readonly kind: 'not_claimable' };

/** PostgreSQL's lock_not_available, raised by NOWAIT; drizzle wraps it in `cause`. */
function isLockNotAvailable(error: unknown): boolean {
  for (let current = error; current instanceof Error || (typeof current === 'object' && current !== null); current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '55P03') return true;
    if ((current as { cause?: unknown }).cause === undefined) break;
  }
  return false;
}

/**
 * frozen → drawn, only if the task is frozen. The task's row is locked with NOWAIT first, so
 * while another draw holds it (its whole draw, one transaction) a second one is told at once
 * instead of waiting for it (issue 12: ~100 s); the transaction is then unusable and must be
 * rolled back. Returns the task as it was when frozen.
 */
export async function claimTaskForDraw(db: Executor, code: string, drawnAt: string): Promise<DrawClaim> {
  try {
    await db.execute(sql`select code from inspection_tasks where code = ${code} for update nowait`);
  } catch (error) {
    if (isLockNotAvailable(error)) return { kind: 'being_drawn' };
    throw error;
  }
  const [row] = await db
    .update(inspectionTasks)
    .set({ status: 'drawn', drawnAt })
    .where(and(eq(inspectionTasks.code, code), eq(inspectionTasks.status, 'frozen')))
    .returning();
  return row ? { kind: 'claimed', task: row as TaskRow } : { kind: 'not_claimable' };
}

/** A frozen pool's members in credit-code order (without salts: they are derived). */
export async function loadPoolMembers(db: Executor, taskCode: string): Promise<{ code: string; stratum: string }[]> {
  const rows = await db
    .select({ chunk: taskPoolChunks.chunk, codes: taskPoolChunks.codes, strata: taskPoolChunks.strata })
    .from(taskPoolChunks)
    .where(eq(taskPoolChunks.taskCode, taskCode))
    .orderBy(asc(taskPoolChunks.chunk));
  return rows.flatMap((row) => chunkOf(row).members);
}

/**
 * The chunk of a frozen pool that would hold `creditCode` (the last one starting at or
 * before it), or undefined; whether it does hold it is for the caller to see.
 *
 * @example await findPoolChunk(db, '2027-JM-003', '91350100M000100Y43') // { index: 3, members: [{ code, stratum }, …] }
 */
export async function findPoolChunk(db: Executor, taskCode: string, creditCode: string): Promise<StoredPoolChunk | undefined> {
  const [row] = await db
    .select({ chunk: taskPoolChunks.chunk, codes: taskPoolChunks.codes, strata: taskPoolChunks.strata })
    .from(taskPoolChunks)
    // Code-unit order, as the leaves are, whatever the database's collation.
    .where(and(eq(taskPoolChunks.taskCode, taskCode), sql`${taskPoolChunks.firstCode} collate "C" <= ${creditCode}`))
    .orderBy(sql`${taskPoolChunks.firstCode} collate "C" desc`)
    .limit(1);
  return row && chunkOf(row);
}

/** The chunk hashes of a frozen pool, with the draw's seed and strata once drawn. */
export async function findPoolTree(db: Executor, taskCode: string): Promise<typeof taskPoolTrees.$inferSelect | undefined> {
  const [row] = await db.select().from(taskPoolTrees).where(eq(taskPoolTrees.taskCode, taskCode));
  return row;
}

/**
 * At the draw: what receipts are built from besides the pool (the seed and the strata's
 * thresholds), and the chunk hashes of a pool frozen before issue 15 (`chunkRoots`).
 */
export async function storeReceiptContext(db: Executor, taskCode: string, context: { size: number; seed: string; strata: unknown[]; chunkRoots?: string | undefined }): Promise<void> {
  const { chunkRoots, ...drawn } = context;
  if (chunkRoots !== undefined) await db.insert(taskPoolTrees).values({ taskCode, chunkRoots, ...drawn });
  else await db.update(taskPoolTrees).set({ seed: drawn.seed, strata: drawn.strata }).where(eq(taskPoolTrees.taskCode, taskCode));
}

/** Names and entity types of the given enterprises. */
export async function loadEnterpriseNames(db: Executor, codes: readonly string[]): Promise<Map<string, { name: string; entityType: string }>> {
  if (codes.length === 0) return new Map();
  const result = await db.execute(sql`
    select credit_code, name, entity_type from enterprises where credit_code = any(${toTextArray(codes)}::text[])
  `);
  return new Map(rowsOf<{ credit_code: string; name: string; entity_type: string }>(result).map((row) => [row.credit_code, { name: row.name, entityType: row.entity_type }]));
}

export async function insertDrawRecord(db: Executor, row: typeof drawRecords.$inferInsert): Promise<void> {
  await db.insert(drawRecords).values(row);
}

/**
 * Stores the selected members of a draw in one statement, checked to have stored every one
 * (`StoredCountMismatchError` otherwise, which rolls the draw back).
 */
export async function insertSelections(db: Executor, taskCode: string, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const result = await db.execute(sql`
    with inserted as (
      insert into draw_selections (task_code, credit_code)
      select ${taskCode}, code from unnest(${toTextArray(codes)}::text[]) as t(code)
      returning 1
    )
    select count(*) as count from inserted
  `);
  checkStoredCount('draw_selections', codes.length, insertedCount(result));
}

export async function findDrawRecord(db: Executor, taskCode: string): Promise<typeof drawRecords.$inferSelect | undefined> {
  const [row] = await db.select().from(drawRecords).where(eq(drawRecords.taskCode, taskCode));
  return row;
}

/** The public envelope of a drawn task alone (not its large audit envelope), JSON text. */
export async function findPublicEnvelope(db: Executor, taskCode: string): Promise<string | undefined> {
  const [row] = await db.select({ envelope: drawRecords.publicEnvelope }).from(drawRecords).where(eq(drawRecords.taskCode, taskCode));
  return row?.envelope;
}

export interface DrawListing {
  readonly taskCode: string;
  readonly name: string;
  readonly year: number;
  readonly round: number;
  readonly visibility: string;
  /** `frozen` (commitment published, not drawn yet) or `drawn`. */
  readonly status: string;
  readonly frozenAt: string | null;
  readonly drawnAt: string | null;
  readonly selectedCount: number | null;
  readonly recordHash: string | null;
}

/** Every frozen or drawn task (the ones with something public), newest year first. */
export async function listDrawRecords(db: Executor): Promise<DrawListing[]> {
  return db
    .select({
      taskCode: inspectionTasks.code,
      name: inspectionTasks.name,
      year: inspectionTasks.year,
      round: inspectionTasks.round,
      visibility: inspectionTasks.visibility,
      status: inspectionTasks.status,
      frozenAt: inspectionTasks.frozenAt,
      drawnAt: inspectionTasks.drawnAt,
      selectedCount: drawRecords.selectedCount,
      recordHash: drawRecords.publicRecordHash,
    })
    .from(inspectionTasks)
    .leftJoin(drawRecords, eq(drawRecords.taskCode, inspectionTasks.code))
    .where(inArray(inspectionTasks.status, ['frozen', 'drawn']))
    .orderBy(sql`${inspectionTasks.year} desc`, asc(inspectionTasks.round), asc(inspectionTasks.code));
}

/** The signed freeze commitment of a frozen or drawn task (JSON text), or undefined. */
export async function findCommitmentEnvelope(db: Executor, taskCode: string): Promise<string | undefined> {
  const [row] = await db.select({ envelope: inspectionTasks.commitmentEnvelope }).from(inspectionTasks).where(eq(inspectionTasks.code, taskCode));
  return row?.envelope ?? undefined;
}

/** A receipt stored by a draw from before issue 15 (JSON text), or undefined. */
export async function findStoredReceipt(db: Executor, taskCode: string, creditCode: string): Promise<string | undefined> {
  const [row] = await db
    .select({ receipt: drawReceipts.receipt })
    .from(drawReceipts)
    .where(and(eq(drawReceipts.taskCode, taskCode), eq(drawReceipts.creditCode, creditCode)));
  return row?.receipt;
}

/** The status of an evaluation run (`running`, `completed`, `failed`), or undefined when there is none. */
export async function findEvaluationRunStatus(db: Executor, runId: number): Promise<string | undefined> {
  const result = await db.execute(sql`select status from evaluation_runs where id = ${runId}`);
  return rowsOf<{ status: string }>(result)[0]?.status;
}
