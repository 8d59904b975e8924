/**
 * The invariants a crash must never break (issue 12 section 3), read from the database after
 * a restart: runs completed (with every evaluation stored) or failed, tasks planned, frozen or
 * drawn with exactly their records and log leaves, the publication log dense with every tree
 * head's root recomputed from its leaves, every leaf's record present. `scripts/crash-test`
 * runs it after each `kill -9`.
 */
import { sql } from 'drizzle-orm';
import type { Sha256 } from '../core/hash.ts';
import { buildMerkleTree, hashLeaf } from '../core/merkle.ts';
import { rowsOf, type Executor } from './database.ts';

async function rows<Row>(db: Executor, query: ReturnType<typeof sql>): Promise<Row[]> {
  return rowsOf<Row>(await db.execute(query));
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Table sizes the crash test compares with a complete run's (an import is all or nothing).
 * Credit records written by results publication (source 随机抽查结果公示…) are not imported ones.
 */
export async function countImportedRows(db: Executor): Promise<{ enterprises: number; creditRecords: number }> {
  const [row] = await rows<{ enterprises: number | string; credit_records: number | string }>(
    db,
    sql`select (select count(*) from enterprises) as enterprises, (select count(*) from credit_records where source not like '随机抽查结果公示%') as credit_records`,
  );
  return { enterprises: Number(row?.enterprises ?? 0), creditRecords: Number(row?.credit_records ?? 0) };
}

/**
 * Every broken invariant, in words; empty when the database is consistent.
 *
 * @example await findConsistencyViolations(database.db, nodeSha256) // []
 */
export async function findConsistencyViolations(db: Executor, hash: Sha256): Promise<string[]> {
  const violations: string[] = [];

  for (const run of await rows<{ id: number; status: string; evaluated: number; stored: number | string }>(
    db,
    sql`select r.id, r.status, r.evaluated, (select count(*) from evaluations e where e.run_id = r.id) as stored from evaluation_runs r order by r.id`,
  )) {
    if (run.status === 'running') violations.push(`evaluation run ${run.id} is still running after the restart`);
    if (run.status === 'completed' && Number(run.stored) !== run.evaluated) violations.push(`evaluation run ${run.id} completed with ${run.evaluated} evaluated but ${String(run.stored)} stored`);
  }

  const leaves = await rows<{ leaf_index: number; record_hash: string; kind: string; reference: string }>(db, sql`select leaf_index, record_hash, kind, reference from log_leaves order by leaf_index`);
  const leafHashes = new Set(leaves.map((leaf) => leaf.record_hash));
  leaves.forEach((leaf, index) => {
    if (leaf.leaf_index !== index) violations.push(`the log is not dense: leaf ${leaf.leaf_index} at position ${index}`);
  });

  for (const task of await rows<{
    code: string;
    status: string;
    members: number | string;
    commitment_hash: string | null;
    record_hash: string | null;
    receipts: number | string;
    tree_size: number | null;
    tree_seed: string | null;
    selections: number | string;
    selected_count: number | null;
  }>(
    db,
    sql`select t.code, t.status,
      (select coalesce(sum(c.size), 0) from task_pool_chunks c where c.task_code = t.code) as members,
      (t.commitment_envelope::jsonb ->> 'recordHash') as commitment_hash,
      d.public_record_hash as record_hash, d.selected_count,
      (select count(*) from draw_receipts r where r.task_code = t.code) as receipts,
      p.size as tree_size, p.seed as tree_seed,
      (select count(*) from draw_selections s where s.task_code = t.code) as selections
      from inspection_tasks t left join draw_records d on d.task_code = t.code left join task_pool_trees p on p.task_code = t.code order by t.code`,
  )) {
    const members = Number(task.members);
    const receipts = Number(task.receipts);
    const frozenOrDrawn = task.status === 'frozen' || task.status === 'drawn';
    if (task.status === 'planned' && (members > 0 || task.commitment_hash !== null || task.record_hash !== null)) violations.push(`task ${task.code} is planned but has ${members} pool members, a commitment or a draw record`);
    if (frozenOrDrawn && (members === 0 || task.commitment_hash === null || !leafHashes.has(task.commitment_hash))) violations.push(`task ${task.code} is ${task.status} without its pool, commitment or commitment leaf`);
    if (task.status === 'frozen' && (task.record_hash !== null || receipts > 0)) violations.push(`task ${task.code} is frozen but has a draw record or receipts`);
    if (task.status === 'frozen' && (task.tree_seed !== null || Number(task.selections) > 0)) violations.push(`task ${task.code} is frozen but has a draw seed or selected members`);
    // Issue 15: receipts are built from the pool's chunks and the draw's seed; draws from before stored one per member.
    const receiptsServable = receipts > 0 ? receipts === members : task.tree_seed !== null && task.tree_size === members;
    if (task.status === 'drawn' && (task.record_hash === null || !leafHashes.has(task.record_hash) || !receiptsServable || Number(task.selections) !== task.selected_count))
      violations.push(`task ${task.code} is drawn without its record, its leaf, its selected members (${String(task.selections)} of ${String(task.selected_count)}) or what its receipts are built from (${receipts} stored of ${members} members, tree of ${String(task.tree_size)})`);
  }

  const published = new Set(
    (
      await rows<{ record_hash: string }>(
        db,
        sql`select public_record_hash as record_hash from draw_records
          union all select commitment_envelope::jsonb ->> 'recordHash' from inspection_tasks where commitment_envelope is not null
          union all select record_hash from results_batches
          union all select record_hash from list_editions where record_hash is not null
          union all select record_hash from result_corrections`,
      )
    ).map((row) => row.record_hash),
  );
  for (const batch of await rows<{ task_code: string; batch: number; record_hash: string }>(db, sql`select task_code, batch, record_hash from results_batches`)) {
    if (!leafHashes.has(batch.record_hash)) violations.push(`results batch ${batch.task_code}#${batch.batch} has no log leaf`);
  }
  for (const edition of await rows<{ code: string; record_hash: string }>(db, sql`select code, record_hash from list_editions where status = 'published'`)) {
    if (!leafHashes.has(edition.record_hash)) violations.push(`list edition ${edition.code} is published without a log leaf`);
  }
  for (const correction of await rows<{ number: number; record_hash: string }>(db, sql`select number, record_hash from result_corrections`)) {
    if (!leafHashes.has(correction.record_hash)) violations.push(`result correction ${correction.number} has no log leaf`);
  }
  const checkedKinds = new Set(['draw_commitment', 'draw_record', 'results_batch', 'list_edition', 'result_correction']);
  for (const leaf of leaves) {
    if (checkedKinds.has(leaf.kind) && !published.has(leaf.record_hash)) violations.push(`leaf ${leaf.leaf_index} (${leaf.kind} ${leaf.reference}) has no stored record`);
  }

  const heads = await rows<{ tree_size: number; root_hash: string }>(db, sql`select tree_size, root_hash from log_tree_heads order by tree_size`);
  const leafNodes = leaves.map((leaf) => hashLeaf(hexToBytes(leaf.record_hash), hash));
  for (const head of heads) {
    if (head.tree_size > leaves.length) {
      violations.push(`tree head of size ${head.tree_size} but only ${leaves.length} leaves`);
      continue;
    }
    const root = bytesToHex(buildMerkleTree(leafNodes.slice(0, head.tree_size), hash).root());
    if (root !== head.root_hash) violations.push(`tree head of size ${head.tree_size}: stored root ${head.root_hash}, recomputed ${root}`);
  }
  if (leaves.length > 0 && heads.at(-1)?.tree_size !== leaves.length) violations.push(`the latest tree head has size ${String(heads.at(-1)?.tree_size)}, the log ${leaves.length} leaves`);
  return violations;
}
