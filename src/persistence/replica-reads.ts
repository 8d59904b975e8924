/**
 * Public reads from a PostgreSQL streaming replica (DATABASE_READ_URL), without ever showing
 * the public something older than what the primary had committed when the request arrived.
 *
 * A physical replica replays the primary's WAL in commit order, so each of its snapshots is a
 * prefix of the primary's history; what it cannot promise is freshness. Mixing the two servers
 * (and this process's cache of published documents) could then serve a draw record from the
 * primary and, a moment later, a 404 for its commitment or an older tree head from the
 * replica. So every read is fenced: it goes to the replica only when the replica has replayed
 * at least the primary's WAL insert position (`pg_current_wal_insert_lsn()`, past every
 * commit, even an asynchronous one) read after the request arrived; otherwise, and whenever the replica fails (a query cancelled by a replay conflict,
 * a lost connection), it goes to the primary. Each read then sees every write committed
 * before it began, on whichever server, so read-your-writes and the publication log's order
 * hold for every client and every writer (this server, the CLI, another server).
 *
 * The fence costs one tiny query on the primary per batch of concurrent reads (requests that
 * arrive while one position query runs share the next one), and usually none on the
 * replica: replayed positions only grow, so a position seen earlier that is already far
 * enough proves the replica is.
 */
import type postgres from 'postgres';

/** Where each fenced read went, since the process started (for the operator and the benchmarks). */
export interface ReadCounts {
  replica: number;
  primary: number;
}

/** The two servers' WAL positions, as their SQL functions report them. */
export interface WalPositions {
  /** `pg_current_wal_insert_lsn()` on the primary. */
  primary(): Promise<bigint>;
  /** `pg_last_wal_replay_lsn()` on the replica; undefined when it replays nothing (not a standby). */
  replica(): Promise<bigint | undefined>;
}

/**
 * A PostgreSQL LSN (`16/B374D848`) as one number, for comparing positions.
 *
 * @example parseLsn('16/B374D848') // 0x16B374D848n
 */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!match) throw new Error(`not a PostgreSQL LSN: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/** Reads both positions from the two servers' postgres.js pools. */
export function walPositionsOf(primary: postgres.Sql, replica: postgres.Sql): WalPositions {
  return {
    primary: async () => {
      const [row] = await primary<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`;
      if (!row) throw new Error('the primary reported no WAL position');
      return parseLsn(row.lsn);
    },
    replica: async () => {
      const [row] = await replica<{ lsn: string | null }[]>`select pg_last_wal_replay_lsn()::text as lsn`;
      return row?.lsn == null ? undefined : parseLsn(row.lsn);
    },
  };
}

/**
 * One query shared by every caller that arrived while none had started yet: a caller gets an
 * answer from a query that began after it asked (a query already running may have read its
 * answer before the caller's request arrived, so the caller waits for the next one).
 */
function sharedQueryStartedAfterAsking<T>(query: () => Promise<T>): () => Promise<T> {
  let running: Promise<unknown> | undefined;
  let next: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const answer = query();
    running = answer;
    const clear = () => {
      if (running === answer) running = undefined;
    };
    answer.then(clear, clear);
    return answer;
  };
  return () => {
    if (!running) return start();
    next ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      next = undefined;
      return start();
    });
    return next;
  };
}

/**
 * Routes reads between a primary and its replica, as described above.
 *
 * @example const reads = new ReplicaReads(primaryDb, replicaDb, walPositionsOf(primarySql, replicaSql))
 * const record = await reads.read((db) => findPublicEnvelopeText(db, '2026-ZH-01'))
 */
export class ReplicaReads<Db = unknown> {
  readonly counts: ReadCounts = { replica: 0, primary: 0 };
  /** The furthest replay position seen on the replica: it never goes back. */
  private replayed = -1n;
  private readonly primaryPosition: () => Promise<bigint>;
  private readonly replicaPosition: () => Promise<bigint | undefined>;

  constructor(
    private readonly primary: Db,
    private readonly replica: Db,
    positions: WalPositions,
  ) {
    this.primaryPosition = sharedQueryStartedAfterAsking(() => positions.primary());
    // Any answer serves (positions only grow), so concurrent callers share the one running.
    let running: Promise<bigint | undefined> | undefined;
    this.replicaPosition = () => {
      running ??= positions.replica().finally(() => {
        running = undefined;
      });
      return running;
    };
  }

  /**
   * Runs `query` on the replica when it has everything the primary had committed when this
   * was called, else (or when the replica fails) on the primary. `query` must only read.
   */
  async read<T>(query: (db: Db) => Promise<T>): Promise<T> {
    if (await this.replicaIsCurrent()) {
      try {
        const answer = await query(this.replica);
        this.counts.replica++;
        return answer;
      } catch {
        // A replay conflict or a lost replica: the primary answers, and its error (if any) is the one thrown.
      }
    }
    const answer = await query(this.primary);
    this.counts.primary++;
    return answer;
  }

  /** Whether the replica has replayed at least the primary's position as of now. */
  private async replicaIsCurrent(): Promise<boolean> {
    const needed = await this.primaryPosition();
    if (this.replayed >= needed) return true;
    try {
      const replayed = await this.replicaPosition();
      if (replayed !== undefined && replayed > this.replayed) this.replayed = replayed;
    } catch {
      return false;
    }
    return this.replayed >= needed;
  }
}
