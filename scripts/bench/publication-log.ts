/**
 * Publication log: appending records (each in its own transaction, with a signed tree head,
 * as publishing does) and inclusion proofs for random leaves at 10^3, 10^4 and 10^5 leaves,
 * on PGlite (a temporary data directory) and, when DATABASE_URL is set, on PostgreSQL.
 *
 * Proof time is measured three ways: from O(log n) stored subtrees (the server's way), the
 * same with the per-process node cache warm, and the baseline that loads every leaf hash
 * and builds the whole tree for each proof (O(n)). The stored-subtree proof must grow with
 * log n, not n.
 *
 *   npm run bench -- publication-log [--quick]     (--quick: 10^4 records instead of 10^5)
 */
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { appendRecordToLog, getInclusionProof, LogNodeCache } from '../../src/application/publication-log.ts';
import { generateSigningKey } from '../../src/application/record-signing.ts';
import { hexToBytes } from '../../src/core/hash.ts';
import { buildMerkleTree } from '../../src/core/merkle.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { listLeafHashes } from '../../src/persistence/publication-log-repository.ts';
import { withTemporaryPglite, withTemporaryPostgres } from '../support/temporary-database.ts';

const quick = process.argv.includes('--quick');
const total = quick ? 10_000 : 100_000;
const checkpoints = [1_000, 10_000, 100_000].filter((size) => size <= total);
const proofsPerCheckpoint = 200;
const baselineProofs = 3;
const databaseUrl = process.env.DATABASE_URL || undefined;
const { key } = generateSigningKey();

interface ProofFigures {
  readonly size: number;
  readonly proofLength: number;
  readonly storedMs: number;
  readonly cachedMs: number;
  readonly baselineMs: number;
}

interface Figures {
  readonly database: string;
  readonly appendsPerSecond: number;
  readonly proofs: ProofFigures[];
}

/** A small seeded generator, so every run proves the same leaves. */
function seededIndexes(count: number, size: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % size;
  });
}

async function timePerProof(indexes: readonly number[], prove: (index: number) => Promise<number>): Promise<{ ms: number; length: number }> {
  let length = 0;
  const started = performance.now();
  for (const index of indexes) length = Math.max(length, await prove(index));
  return { ms: (performance.now() - started) / indexes.length, length };
}

async function measureProofs(database: DatabaseHandle, size: number): Promise<ProofFigures> {
  const { db } = database;
  const indexes = seededIndexes(proofsPerCheckpoint, size, size);
  const proofLength = async (index: number, cache?: LogNodeCache): Promise<number> => {
    const proof = await getInclusionProof(db, { leafIndex: index }, size, cache);
    if (!proof.ok) throw new Error(`no proof for leaf ${index}: ${proof.error.code}`);
    return proof.value.proof.length;
  };
  const stored = await timePerProof(indexes, (index) => proofLength(index));
  const cache = new LogNodeCache();
  for (const index of seededIndexes(proofsPerCheckpoint, size, size + 1)) await proofLength(index, cache);
  const cached = await timePerProof(indexes, (index) => proofLength(index, cache));
  const baseline = await timePerProof(indexes.slice(0, baselineProofs), async (index) => {
    const hashes: Uint8Array[] = [];
    for (let start = 0; start < size; start += 10_000) {
      for (const hex of await listLeafHashes(db, start, Math.min(size, start + 10_000))) hashes.push(hexToBytes(hex) as Uint8Array);
    }
    return buildMerkleTree(hashes, nodeSha256).inclusionProof(index).length;
  });
  if (baseline.length !== stored.length && size > 1) throw new Error('the baseline and stored proofs differ in length');
  return { size, proofLength: stored.length, storedMs: stored.ms, cachedMs: cached.ms, baselineMs: baseline.ms };
}

async function measure(label: string, database: DatabaseHandle): Promise<Figures> {
  const proofs: ProofFigures[] = [];
  let appendSeconds = 0;
  let size = 0;
  for (const checkpoint of checkpoints) {
    const started = performance.now();
    for (; size < checkpoint; size++) {
      await appendRecordToLog(database.db, { kind: 'results_batch', reference: `bench ${size}`, recordHash: nodeSha256.hex(`bench record ${size}`) }, key);
    }
    appendSeconds += (performance.now() - started) / 1000;
    proofs.push(await measureProofs(database, checkpoint));
    process.stderr.write(`${label}: ${checkpoint} leaves measured\n`);
  }
  return { database: label, appendsPerSecond: total / appendSeconds, proofs };
}

const results: Figures[] = [await withTemporaryPglite((database) => measure('PGlite', database))];
if (databaseUrl) results.push(await withTemporaryPostgres(databaseUrl, (database) => measure('PostgreSQL', database)));

process.stdout.write(`${total.toLocaleString('en-US')} records appended one per transaction (leaf, completed subtrees, Ed25519-signed tree head).\n\n`);
process.stdout.write('| database | appends/s |\n|---|---:|\n');
for (const result of results) process.stdout.write(`| ${result.database} | ${Math.round(result.appendsPerSecond).toLocaleString('en-US')} |\n`);
process.stdout.write(`\nInclusion proof of a random leaf (${proofsPerCheckpoint} proofs; baseline ${baselineProofs}), ms per proof:\n\n`);
process.stdout.write('| database | leaves | log2 n | proof length | stored subtrees | + warm node cache | baseline: load all leaves, build tree | baseline / stored |\n');
process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|\n');
for (const result of results) {
  for (const proof of result.proofs) {
    process.stdout.write(
      `| ${result.database} | ${proof.size.toLocaleString('en-US')} | ${Math.log2(proof.size).toFixed(1)} | ${proof.proofLength} | ${proof.storedMs.toFixed(2)} | ${proof.cachedMs.toFixed(2)} | ${proof.baselineMs.toFixed(1)} | ${(proof.baselineMs / proof.storedMs).toFixed(0)}x |\n`,
    );
  }
}
for (const result of results) {
  const first = result.proofs[0];
  const last = result.proofs[result.proofs.length - 1];
  if (first && last && last !== first) {
    process.stdout.write(
      `\n${result.database}: from ${first.size.toLocaleString('en-US')} to ${last.size.toLocaleString('en-US')} leaves (${(last.size / first.size).toFixed(0)}x), ` +
        `stored-subtree proof time x${(last.storedMs / first.storedMs).toFixed(2)}, proof length ${first.proofLength} → ${last.proofLength}; baseline x${(last.baselineMs / first.baselineMs).toFixed(1)}.\n`,
    );
  }
}
if (!databaseUrl) process.stdout.write('\nPostgreSQL skipped: set DATABASE_URL to measure it too.\n');
