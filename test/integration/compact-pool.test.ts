/**
 * Issue 15: draws store no receipt per member. Receipts are built on request from the pool's
 * chunks and chunk hashes (RFC 6962 subtrees), byte for byte the receipts the draw issued
 * before (`createReceiptIssuer` over the audit record); receipt codes are checked by
 * derivation; the migration keeps the pools and stored receipts of older databases.
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyEnterpriseLogin } from '../../src/application/accounts.ts';
import { createEphemeralBureauKeys, deriveReceiptCode, type BureauKeys } from '../../src/application/bureau-keys.ts';
import { findAuditEnvelopeText, readSignedReceipt } from '../../src/application/draw-publication.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { createReceiptIssuer, type DrawRecord } from '../../src/core/draw/record.ts';
import type { SignedEnvelope } from '../../src/core/signature.ts';
import { findConsistencyViolations } from '../../src/persistence/consistency-check.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { loadPoolMembers } from '../../src/persistence/draw-repository.ts';
import { createWorldDatabase, drawWorldTask, freezeWorldTask, loadTasks, worldTasks, type World } from './draw-world.ts';


let database: DatabaseHandle;
let keys: BureauKeys;
let world: World;

beforeEach(async () => {
  ({ database, seeded: world } = await createWorldDatabase());
  keys = createEphemeralBureauKeys();
});

afterEach(async () => {
  await database.close();
});

async function freeze(taskCode: string): Promise<void> {
  await freezeWorldTask(database, keys, taskCode);
}

async function draw(taskCode: string): Promise<void> {
  await drawWorldTask(database, keys, taskCode);
}

/** The receipts the draw stored per member before issue 15, from its audit record. */
async function receiptsOfAuditRecord(taskCode: string): Promise<Map<string, string>> {
  const audit = (JSON.parse((await findAuditEnvelopeText(database.db, taskCode))!) as SignedEnvelope<DrawRecord>).record;
  return new Map([...createReceiptIssuer(audit, nodeSha256).receipts()].map((receipt) => [receipt.code, JSON.stringify(receipt)]));
}

async function servedReceipt(taskCode: string, code: string): Promise<string | undefined> {
  const served = await readSignedReceipt(database.db, keys, taskCode, code, { privileged: true });
  return served.ok ? JSON.stringify(served.value.record) : undefined;
}

/** Every finding of the consistency check over the whole database (the seeded world passes it on its own). */
async function consistencyViolations(): Promise<string[]> {
  return findConsistencyViolations(database.db, nodeSha256);
}

async function rowCount(table: string, taskCode: string): Promise<number> {
  const result = await database.db.execute(sql`select count(*)::int as count from ${sql.identifier(table)} where task_code = ${taskCode}`);
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return (rows[0] as { count: number }).count;
}

describe('receipts built on request', () => {
  it.each(['food', 'open'] as const)('equal, member by member, the receipts the draw stored before (%s task), and nothing per member is stored', async (name) => {
    const task = worldTasks(world.runId)[name];
    await loadTasks(database, [task]);
    await freeze(task.code);
    await draw(task.code);
    const expected = await receiptsOfAuditRecord(task.code);
    expect(expected.size).toBeGreaterThan(10);
    for (const [code, receipt] of expected) expect(await servedReceipt(task.code, code)).toBe(receipt);
    expect(await rowCount('draw_receipts', task.code)).toBe(0);
    expect(await rowCount('task_pool_chunks', task.code)).toBe(1);
    expect(await consistencyViolations()).toEqual([]);
  });

  it('refuses a receipt for an enterprise outside the pool, with or without privilege, and before the draw', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    await freeze(task.code);
    const member = (await loadPoolMembers(database.db, task.code))[0]!.code;
    expect(await readSignedReceipt(database.db, keys, task.code, member, { privileged: true })).toEqual({ ok: false, error: { code: 'receipt_not_found' } });
    await draw(task.code);
    const pool = new Set((await loadPoolMembers(database.db, task.code)).map((entry) => entry.code));
    const outsider = world.codes.find((code) => !pool.has(code))!;
    expect(await readSignedReceipt(database.db, keys, task.code, outsider, { privileged: true })).toEqual({ ok: false, error: { code: 'receipt_not_found' } });
    // Without privilege "not in the pool" and "wrong code" look the same, even with the code the bureau would derive.
    expect(await readSignedReceipt(database.db, keys, task.code, outsider, { receiptCode: deriveReceiptCode(keys, task.code, outsider) })).toEqual({ ok: false, error: { code: 'receipt_code_wrong' } });
    expect(await readSignedReceipt(database.db, keys, task.code, '91350100MA0000000X', { privileged: true })).toEqual({ ok: false, error: { code: 'receipt_not_found' } });
  });

  it('finds a receipt by its receipt code, refuses a wrong one, and signs an enterprise in with it', async () => {
    const task = worldTasks(world.runId).food;
    await loadTasks(database, [task]);
    await freeze(task.code);
    await draw(task.code);
    const [first, second] = (await loadPoolMembers(database.db, task.code)).map((entry) => entry.code);
    const code = deriveReceiptCode(keys, task.code, first!);
    const found = await readSignedReceipt(database.db, keys, task.code, first!, { receiptCode: code.toLowerCase() });
    expect(found.ok && found.value.record.code).toBe(first);
    expect(await readSignedReceipt(database.db, keys, task.code, first!, { receiptCode: deriveReceiptCode(keys, task.code, second!) })).toEqual({ ok: false, error: { code: 'receipt_code_wrong' } });
    expect(await readSignedReceipt(database.db, keys, task.code, first!, {})).toEqual({ ok: false, error: { code: 'receipt_code_required' } });
    expect(await verifyEnterpriseLogin(database.db, keys, first!, code)).toEqual({ ok: true, value: first });
    expect(await verifyEnterpriseLogin(database.db, keys, second!, code)).toEqual({ ok: false, error: { code: 'login_failed' } });
    expect(await verifyEnterpriseLogin(database.db, createEphemeralBureauKeys(), first!, code)).toEqual({ ok: false, error: { code: 'login_failed' } });
  });
});

/** The statements the compact_pools migration runs on the rows of an older database (its INSERTs and the DROP). */
function conversionStatements(): string[] {
  const file = fs.readdirSync(new URL('../../drizzle/', import.meta.url)).find((name) => name.endsWith('_compact_pools.sql'));
  const text = fs.readFileSync(new URL(`../../drizzle/${file!}`, import.meta.url), 'utf8');
  return text
    .split('--> statement-breakpoint')
    .map((statement) => statement.replace(/^--.*$/gm, '').trim())
    .filter((statement) => statement.startsWith('INSERT INTO') || statement.startsWith('DROP TABLE "task_pool_members"'));
}

/** Puts a task back as a database from before issue 15 held it: one member row with its salt, one stored receipt per member. */
async function makeLegacy(taskCode: string, drawn: boolean): Promise<Map<string, string>> {
  const members = await loadPoolMembers(database.db, taskCode);
  const receipts = drawn ? await receiptsOfAuditRecord(taskCode) : new Map<string, string>();
  await database.db.execute(sql`create table if not exists task_pool_members (task_code text not null references inspection_tasks(code), credit_code text not null, stratum text not null, salt text not null, primary key (task_code, credit_code))`);
  for (const member of members) {
    const salt = (JSON.parse(receipts.get(member.code) ?? '{}') as { salt?: string }).salt ?? '';
    await database.db.execute(sql`insert into task_pool_members values (${taskCode}, ${member.code}, ${member.stratum}, ${salt})`);
  }
  for (const [code, receipt] of receipts) {
    const selected = (JSON.parse(receipt) as { selected: boolean }).selected;
    await database.db.execute(sql`insert into draw_receipts values (${taskCode}, ${code}, ${selected}, ${receipt}, ${'0'.repeat(64)})`);
  }
  for (const table of ['draw_selections', 'task_pool_trees', 'task_pool_chunks']) await database.db.execute(sql`delete from ${sql.identifier(table)} where task_code = ${taskCode}`);
  return receipts;
}

describe('the compact_pools migration on an older database', () => {
  it('keeps a drawn task serving its stored receipts unchanged, and lets a frozen task be drawn with receipts built on request', async () => {
    const tasks = worldTasks(world.runId);
    await loadTasks(database, [tasks.food, tasks.open]);
    await freeze(tasks.food.code);
    await draw(tasks.food.code);
    await freeze(tasks.open.code);
    const stored = await makeLegacy(tasks.food.code, true);
    await makeLegacy(tasks.open.code, false);
    for (const statement of conversionStatements()) await database.db.execute(sql.raw(statement));

    expect(await consistencyViolations()).toEqual([]);
    for (const [code, receipt] of stored) expect(await servedReceipt(tasks.food.code, code)).toBe(receipt);
    const selected = [...stored.values()].filter((receipt) => (JSON.parse(receipt) as { selected: boolean }).selected).length;
    expect(await rowCount('draw_selections', tasks.food.code)).toBe(selected);

    await draw(tasks.open.code);
    const expected = await receiptsOfAuditRecord(tasks.open.code);
    for (const [code, receipt] of expected) expect(await servedReceipt(tasks.open.code, code)).toBe(receipt);
    expect(await consistencyViolations()).toEqual([]);
  });
});
