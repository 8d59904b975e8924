/** Scoring model versions as stored JSON: save once, read by key or latest version. */
import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from './database.ts';

export interface StoredModel {
  readonly id: string;
  readonly version: number;
  readonly definition: unknown;
  readonly createdAt: string;
}

export type SaveModelOutcome = 'inserted' | 'unchanged' | 'conflict';

/**
 * Saves a model version unless one with the same id and version exists: the same
 * definition again is `unchanged` (JSON equality, key order aside), a different one a
 * `conflict` and nothing is written.
 *
 * @example await saveModelVersion(db, 'credit-risk', 2, model) // 'inserted'
 */
export async function saveModelVersion(executor: Executor, id: string, version: number, definition: unknown): Promise<SaveModelOutcome> {
  const json = JSON.stringify(definition);
  const result = await executor.execute(sql`
    with inserted as (
      insert into scoring_models (id, version, definition) values (${id}, ${version}, ${json}::jsonb)
      on conflict (id, version) do nothing
      returning 1
    )
    select (select count(*) from inserted) as inserted,
           (select definition = ${json}::jsonb from scoring_models where id = ${id} and version = ${version}) as same
  `);
  const [row] = rowsOf<{ inserted: number | string; same: boolean | null }>(result);
  if (Number(row?.inserted ?? 0) > 0) return 'inserted';
  return row?.same ? 'unchanged' : 'conflict';
}

const selectModel = sql`select id, version, definition, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at from scoring_models`;

function toStored(row: { id: string; version: number | string; definition: unknown; created_at: string }): StoredModel {
  return { id: row.id, version: Number(row.version), definition: row.definition, createdAt: row.created_at };
}

/**
 * One model version, or the latest version of `id` when `version` is undefined.
 *
 * @example await findModel(db, 'credit-risk') // the highest version
 */
export async function findModel(executor: Executor, id: string, version?: number): Promise<StoredModel | undefined> {
  const result = await executor.execute(
    version === undefined
      ? sql`${selectModel} where id = ${id} order by version desc limit 1`
      : sql`${selectModel} where id = ${id} and version = ${version}`,
  );
  const [row] = rowsOf<{ id: string; version: number | string; definition: unknown; created_at: string }>(result);
  return row ? toStored(row) : undefined;
}

/**
 * Every stored model version, by id and version.
 *
 * @example (await listModels(db)).map((model) => `${model.id}/${model.version}`) // ['credit-risk/1']
 */
export async function listModels(executor: Executor): Promise<StoredModel[]> {
  const result = await executor.execute(sql`${selectModel} order by id, version`);
  return rowsOf<{ id: string; version: number | string; definition: unknown; created_at: string }>(result).map(toStored);
}
