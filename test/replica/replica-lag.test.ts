/**
 * Public reads from a real streaming replica (issue 15), on the pair `scripts/dev-replica.sh`
 * starts: with WAL replay paused (`pg_wal_replay_pause()`), the replica lags behind every
 * freeze and draw, and the public side must still never serve a draw record before its
 * commitment, nor a tree head or draw list older than what it already served; once the
 * replica has caught up, it answers the public reads.
 */
import type { Express } from 'express';
import postgres from 'postgres';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CredentialRole } from '../../src/application/api-tokens.ts';
import { findCommitmentEnvelopeText, findPublicEnvelopeText } from '../../src/application/draw-publication.ts';
import { getLatestTreeHead } from '../../src/application/publication-log.ts';
import { openPostgres, type DatabaseHandle } from '../../src/persistence/database.ts';
import { parseLsn } from '../../src/persistence/replica-reads.ts';
import { createTestAppWithKeys, WORLD_CALENDAR, type TestClock } from '../http/fixtures.ts';
import { seedWorld, worldTasks, type World } from '../integration/draw-world.ts';
import { testDatabaseReadUrl, withDatabaseName } from '../support/database.ts';

const readUrl = testDatabaseReadUrl!;
let database: DatabaseHandle;
let app: Express;
let world: World;
let bearer: Record<CredentialRole, string>;
let clock: TestClock;
/** The replica server itself (any database: replay is the whole server's). */
let replicaServer: postgres.Sql;
/** This test's database as the replica has it, read directly. */
let replicaDirect: DatabaseHandle;

/** The one row a query returned. */
function only<Row>(rows: readonly Row[]): Row {
  const [row] = rows;
  if (row === undefined) throw new Error('the query returned no row');
  return row;
}

function primarySql(): postgres.Sql {
  if (database.client.kind !== 'postgres') throw new Error('the replica tests run on PostgreSQL');
  return database.client.sql;
}

/** Waits (bounded) until the replica has replayed everything the primary has written so far. */
async function replicaCaughtUp(): Promise<void> {
  const target = parseLsn(only(await primarySql()<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`).lsn);
  for (let attempt = 0; attempt < 500; attempt++) {
    const { replayed } = only(await replicaServer<{ replayed: string }[]>`select pg_last_wal_replay_lsn()::text as replayed`);
    if (parseLsn(replayed) >= target) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the replica did not catch up within 10 s');
}

async function setReplay(state: 'paused' | 'running'): Promise<void> {
  await (state === 'paused' ? replicaServer`select pg_wal_replay_pause()` : replicaServer`select pg_wal_replay_resume()`);
  for (let attempt = 0; attempt < 500; attempt++) {
    const { now } = only(await replicaServer<{ now: string }[]>`select pg_get_wal_replay_pause_state() as now`);
    if (state === 'running' ? now === 'not paused' : now === 'paused') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`replay did not become ${state}`);
}

beforeEach(async () => {
  ({ database, app, bearer, clock } = await createTestAppWithKeys());
  world = await seedWorld(database);
  replicaServer = postgres(readUrl, { max: 1, onnotice: () => {} });
  const { name } = only(await primarySql()<{ name: string }[]>`select current_database() as name`);
  replicaDirect = openPostgres(withDatabaseName(readUrl, name));
  await replicaCaughtUp();
});

afterEach(async () => {
  await setReplay('running');
  await replicaDirect.close();
  await replicaServer.end({ timeout: 5 });
  await database.close();
});

async function freezeAndDraw(): Promise<string> {
  const task = worldTasks(world.runId).food;
  expect((await supertest(app).post('/api/tasks').set('Authorization', bearer.staff).send(task)).status).toBe(201);
  expect((await supertest(app).post(`/api/tasks/${task.code}/freeze`).set('Authorization', bearer.staff)).status).toBe(200);
  clock.set(WORLD_CALENDAR.drawnAt);
  expect((await supertest(app).post(`/api/tasks/${task.code}/draw`).set('Authorization', bearer.staff).send({ entropy: '3.6.1.5.2.4' })).status).toBe(200);
  return task.code;
}

describe('public reads with a streaming replica (PostgreSQL primary + hot standby)', () => {
  it('a replica lagging behind never serves a draw record before its commitment, nor a tree head or draw list behind it', async () => {
    await setReplay('paused');
    const code = await freezeAndDraw();
    // The replica really lags: it has neither the commitment nor the record.
    expect(await findCommitmentEnvelopeText(replicaDirect.db, code)).toBeUndefined();
    expect(await findPublicEnvelopeText(replicaDirect.db, code)).toBeUndefined();
    const primaryReadsBefore = database.replicaReads!.counts.primary;

    const record = await supertest(app).get(`/api/public/draws/${code}`);
    const commitment = await supertest(app).get(`/api/public/draws/${code}/commitment`);
    const proofs = await supertest(app).get(`/api/public/draws/${code}/log-proof`);
    const head = await supertest(app).get('/api/public/log/tree-head');
    const list = await supertest(app).get('/api/public/draws');

    expect(record.status).toBe(200);
    expect(commitment.status).toBe(200);
    expect(proofs.status).toBe(200);
    expect(record.text).toBe(await findPublicEnvelopeText(database.db, code));
    expect(commitment.text).toBe(await findCommitmentEnvelopeText(database.db, code));
    expect((head.body as { treeSize: number }).treeSize).toBe((await getLatestTreeHead(database.db))!.treeSize);
    expect((list.body as { items: { taskCode: string; status: string }[] }).items.find((item) => item.taskCode === code)?.status).toBe('drawn');
    expect((await supertest(app).get(`/draws/${code}`)).status).toBe(200);
    // Each of those read the primary, the only server that had what was asked.
    expect(database.replicaReads!.counts.primary).toBeGreaterThan(primaryReadsBefore);
    expect(await findPublicEnvelopeText(replicaDirect.db, code)).toBeUndefined();
  });

  it('once the replica has caught up, it answers the public reads, the same as the primary', async () => {
    const code = await freezeAndDraw();
    const expected = (await getLatestTreeHead(database.db))!;
    let served: unknown;
    // Other tests' writes on the same server can move the primary on between catching up and the read: try again.
    for (let attempt = 0; attempt < 20 && database.replicaReads!.counts.replica === 0; attempt++) {
      await replicaCaughtUp();
      served = (await supertest(app).get('/api/public/log/tree-head')).body;
    }
    expect(database.replicaReads!.counts.replica).toBeGreaterThan(0);
    expect(served).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(await findPublicEnvelopeText(replicaDirect.db, code)).toBe(await findPublicEnvelopeText(database.db, code));
  });
});
