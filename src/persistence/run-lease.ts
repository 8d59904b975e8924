/**
 * Who is executing an evaluation run: the process holding its lease. A `running` run whose
 * lease nobody holds was orphaned (its process was killed) and may be taken over at once.
 *
 * On PostgreSQL the lease is a session-level advisory lock on a connection the executing
 * process reserves for the run. The server drops it the moment that session ends (process
 * killed, machine gone: the socket closes), and a live process in another machine keeps it
 * however slow its chunks are, so "orphaned" never means "run by another live process" and
 * needs no clock, no heartbeat interval and no migration. A heartbeat column would have
 * needed a lease length: too short and a slow chunk loses a live run, too long and a killed
 * run blocks its date (issue 12 §3: 300 s).
 *
 * On PGlite only one process opens the data directory (`data-dir-lock.ts` proves any earlier
 * holder dead), so a lease is an entry in this process's own set.
 */
import type { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import type { DatabaseHandle } from './database.ts';

/** The first key of every run lease's advisory lock ('SUJI'), the run id being the second. */
const EVALUATION_RUN_LOCK_SPACE = 0x53554a49;
/** The first key of every job lease's advisory lock ('SUJJ'), the job id being the second. */
const JOB_LOCK_SPACE = 0x53554a4a;

/** A held lease on one run; `release` is idempotent. */
export interface RunLease {
  readonly runId: number;
  /** Whether this lease is still held (a PostgreSQL session can be lost under a live process). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

const embeddedLeases = new WeakMap<PGlite, Map<number, Set<number>>>();

/**
 * Takes the lease on `runId`, or answers `undefined` when a live process holds it.
 *
 * @example const lease = await tryTakeRunLease(database, 6); if (lease) { ...; await lease.release() }
 */
export async function tryTakeRunLease(database: DatabaseHandle, runId: number): Promise<RunLease | undefined> {
  return tryTakeLease(database, EVALUATION_RUN_LOCK_SPACE, runId);
}

/**
 * Takes the lease on job `jobId` (`jobs` table), or answers `undefined` when a live process runs it:
 * the same lease as a run's, in its own lock space.
 *
 * @example const lease = await tryTakeJobLease(database, 12); if (lease) { ...; await lease.release() }
 */
export async function tryTakeJobLease(database: DatabaseHandle, jobId: number): Promise<RunLease | undefined> {
  return tryTakeLease(database, JOB_LOCK_SPACE, jobId);
}

async function tryTakeLease(database: DatabaseHandle, space: number, id: number): Promise<RunLease | undefined> {
  return database.client.kind === 'pglite' ? takeEmbeddedLease(database.client.pglite, space, id) : takeAdvisoryLease(database.client.sql, space, id);
}

function takeEmbeddedLease(pglite: PGlite, space: number, runId: number): RunLease | undefined {
  let spaces = embeddedLeases.get(pglite);
  if (!spaces) embeddedLeases.set(pglite, (spaces = new Map()));
  let leases = spaces.get(space);
  if (!leases) spaces.set(space, (leases = new Set()));
  if (leases.has(runId)) return undefined;
  leases.add(runId);
  const held = leases;
  let released = false;
  return {
    runId,
    held: async () => !released,
    release: async () => {
      released = true;
      held.delete(runId);
    },
  };
}

async function takeAdvisoryLease(sql: postgres.Sql, space: number, runId: number): Promise<RunLease | undefined> {
  const reserved = await sql.reserve();
  let taken = false;
  let backendPid = 0;
  try {
    const [row] = await reserved<{ taken: boolean; pid: number }[]>`
      select pg_try_advisory_lock(${space}::int, ${runId}::int) as taken, pg_backend_pid() as pid`;
    taken = row?.taken === true;
    backendPid = Number(row?.pid);
  } finally {
    if (!taken) reserved.release();
  }
  if (!taken) return undefined;
  let released = false;
  return {
    runId,
    // Asked on the pool, not on the reserved session: a lost session would reconnect lock-free.
    held: async () => {
      if (released) return false;
      const [row] = await sql<{ held: boolean }[]>`
        select exists (select 1 from pg_locks where locktype = 'advisory' and granted and pid = ${backendPid}::int
          and classid = ${space}::oid and objid = ${runId}::oid and objsubid = 2) as held`;
      return row?.held === true;
    },
    release: async () => {
      if (released) return;
      released = true;
      try {
        await reserved`select pg_advisory_unlock(${space}::int, ${runId}::int)`;
      } finally {
        reserved.release();
      }
    },
  };
}
