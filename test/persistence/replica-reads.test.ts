/**
 * The routing of public reads between a primary and its streaming replica (issue 15), with
 * the servers' WAL positions played by hand: a read goes to the replica only when it has
 * replayed the primary's position read after the read was asked for; otherwise, and when the
 * replica fails, to the primary. (test/replica/ runs the same on a real pair.)
 */
import { describe, expect, it } from 'vitest';
import { parseLsn, ReplicaReads, type WalPositions } from '../../src/persistence/replica-reads.ts';

type Server = 'primary' | 'replica';

/** Positions set by the test; a primary query reads the position when it starts and answers when the test lets it. */
function positions(start: { primary: bigint; replica: bigint }) {
  const state = { ...start, primaryQueries: 0, replicaQueries: 0, replicaFails: false };
  const waiting: (() => void)[] = [];
  const wal: WalPositions = {
    primary: () => {
      state.primaryQueries++;
      const position = state.primary;
      return new Promise((resolve) => waiting.push(() => resolve(position)));
    },
    replica: async () => {
      state.replicaQueries++;
      if (state.replicaFails) throw new Error('connection refused');
      return state.replica;
    },
  };
  const answerPrimaryQueries = async () => {
    while (waiting.length > 0) {
      for (const answer of waiting.splice(0)) answer();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { state, wal, answerPrimaryQueries };
}

const whichServer = (server: Server) => Promise.resolve(server);

describe('ReplicaReads', () => {
  it('reads from the replica when it has replayed the primary position', async () => {
    const { wal, answerPrimaryQueries } = positions({ primary: 100n, replica: 100n });
    const reads = new ReplicaReads<Server>('primary', 'replica', wal);
    const read = reads.read(whichServer);
    await answerPrimaryQueries();
    expect(await read).toBe('replica');
    expect(reads.counts).toEqual({ replica: 1, primary: 0 });
  });

  it('reads from the primary when the replica lags behind it', async () => {
    const { wal, answerPrimaryQueries } = positions({ primary: 101n, replica: 100n });
    const reads = new ReplicaReads<Server>('primary', 'replica', wal);
    const read = reads.read(whichServer);
    await answerPrimaryQueries();
    expect(await read).toBe('primary');
  });

  it('reads from the primary when the replica cannot say its position or fails the query', async () => {
    const { state, wal, answerPrimaryQueries } = positions({ primary: 100n, replica: 100n });
    state.replicaFails = true;
    const reads = new ReplicaReads<Server>('primary', 'replica', wal);
    const unknownPosition = reads.read(whichServer);
    await answerPrimaryQueries();
    expect(await unknownPosition).toBe('primary');

    state.replicaFails = false;
    const failing = reads.read(async (server) => {
      if (server === 'replica') throw new Error('canceling statement due to conflict with recovery');
      return server;
    });
    await answerPrimaryQueries();
    expect(await failing).toBe('primary');
  });

  it('never fences a read with a primary position asked for before the read was', async () => {
    const { state, wal, answerPrimaryQueries } = positions({ primary: 100n, replica: 100n });
    const reads = new ReplicaReads<Server>('primary', 'replica', wal);
    const early = reads.read(whichServer);
    // A write commits on the primary while the first position query is still running, and a read is asked for.
    state.primary = 200n;
    const late = reads.read(whichServer);
    await answerPrimaryQueries();
    expect(await early).toBe('replica');
    expect(await late).toBe('primary');
    expect(state.primaryQueries).toBe(2);
  });

  it('fences concurrent reads with one primary query, and a replica already far enough with none', async () => {
    const { state, wal, answerPrimaryQueries } = positions({ primary: 100n, replica: 100n });
    const reads = new ReplicaReads<Server>('primary', 'replica', wal);
    const first = reads.read(whichServer);
    await answerPrimaryQueries();
    await first;
    const replicaQueriesBefore = state.replicaQueries;
    const running = reads.read(whichServer);
    const batch = Array.from({ length: 5 }, () => reads.read(whichServer));
    await answerPrimaryQueries();
    expect(await Promise.all([running, ...batch])).toEqual(Array(6).fill('replica'));
    expect(state.primaryQueries).toBe(3);
    expect(state.replicaQueries).toBe(replicaQueriesBefore);
  });
});

describe('parseLsn', () => {
  it('orders PostgreSQL WAL positions across the 32-bit boundary', () => {
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    expect(() => parseLsn('not an lsn')).toThrow();
  });
});
