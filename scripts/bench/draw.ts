/**
 * Offline draw of 1,000,000 members in 4 strata and its verification (issue 4), side by
 * side with the bare cost of one SHA-256 per member (the ticket's hash input, seedHash +
 * code), which no draw/v1 implementation can avoid. Goal: draw and verification each
 * within 2x of that baseline, memory bounded (peak RSS).
 *
 * Also: the same with the pure-JS hash the browser verifier uses, and the audit record of
 * a database draw (salts, RFC 6962 pool root over every member) with its verification.
 *
 *   npm run bench -- draw [--quick]     (--quick: 100,000 members)
 */
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { computeCreditCodeCheckCharacter, CREDIT_CODE_ALPHABET } from '../../src/core/credit-code.ts';
import { drawOfflinePool, parseOfflinePool } from '../../src/core/draw/offline-draw.ts';
import { buildDrawRecord } from '../../src/core/draw/record.ts';
import { nobleSha256, type Sha256 } from '../../src/core/hash.ts';
import { allChecksPassed, verifyRecord } from '../../src/core/verify/index.ts';

const quick = process.argv.includes('--quick');
const total = quick ? 100_000 : 1_000_000;
const seed = `${'3c'.repeat(32)}-3.6.1.5.2.4`;
const shares = [
  { label: 'A', share: 0.4, ratio: '0.01', minimum: 1 },
  { label: 'B', share: 0.35, ratio: '0.03', minimum: 1 },
  { label: 'C', share: 0.2, ratio: '0.1', minimum: 2 },
  { label: 'D', share: 0.05, ratio: '0.3', minimum: 2 },
];

function code(n: number): string {
  let body = '';
  let rest = n;
  for (let position = 0; position < 9; position++) {
    body = (CREDIT_CODE_ALPHABET[rest % 31] as string) + body;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91350100${body}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

const codes = Array.from({ length: total }, (_, index) => code(index * 7919 + 13));
let offset = 0;
const poolFile = {
  task: 'BENCH-1',
  strata: shares.map((stratum) => {
    const size = stratum.label === 'D' ? total - offset : Math.round(total * stratum.share);
    const members = codes.slice(offset, offset + size);
    offset += size;
    return { label: stratum.label, ratio: stratum.ratio, minimum: stratum.minimum, members };
  }),
};

function time<T>(run: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
}

function bareHashing(hash: Sha256): number {
  const digest = hash.prefixed(hash.hex(seed));
  return time(() => {
    for (const member of codes) digest(member);
  }).ms;
}

const rows: { name: string; ms: number; baseline: number }[] = [];
// First passes warm the JIT; the figures are the second passes.
bareHashing(nodeSha256);
bareHashing(nobleSha256);
const nativeBaseline = bareHashing(nodeSha256);
const nobleBaseline = bareHashing(nobleSha256);

const parsed = time(() => parseOfflinePool(poolFile));
if (!parsed.value.ok) throw new Error('pool rejected');
const pool = parsed.value.value;
rows.push({ name: 'parse and validate the pool file (GB 32100 check of every code)', ms: parsed.ms, baseline: nativeBaseline });

const drawn = time(() => drawOfflinePool(pool, seed, nodeSha256));
if (!drawn.value.ok) throw new Error('draw failed');
const record = drawn.value.value;
rows.push({ name: 'offline draw, node:crypto', ms: drawn.ms, baseline: nativeBaseline });

const verified = time(() => verifyRecord({ record, hash: nodeSha256 }));
if (!allChecksPassed(verified.value)) throw new Error('verification failed');
rows.push({ name: 'verify the offline record, node:crypto', ms: verified.ms, baseline: nativeBaseline });

const drawnNoble = time(() => drawOfflinePool(pool, seed, nobleSha256));
rows.push({ name: 'offline draw, @noble/hashes (browser)', ms: drawnNoble.ms, baseline: nobleBaseline });
const verifiedNoble = time(() => verifyRecord({ record, hash: nobleSha256 }));
if (!allChecksPassed(verifiedNoble.value)) throw new Error('verification failed');
rows.push({ name: 'verify the offline record, @noble/hashes (browser)', ms: verifiedNoble.ms, baseline: nobleBaseline });

const salt = (index: number): string => index.toString(16).padStart(32, '0');
let memberIndex = 0;
const audit = time(() =>
  buildDrawRecord(
    {
      task: { code: 'BENCH-1' },
      visibility: 'sealed',
      frozenAt: '2027-03-01T09:00:00+08:00',
      entropySource: 'bench',
      exclusions: [],
      nonce: '3c'.repeat(32),
      entropy: '3.6.1.5.2.4',
      drawnAt: '2027-03-02T10:15:00+08:00',
      strata: pool.strata.map((stratum) => ({ ...stratum, members: stratum.members.map((member) => ({ code: member, salt: salt(memberIndex++) })) })),
    },
    nodeSha256,
  ),
);
if (!audit.value.ok) throw new Error('audit record failed');
rows.push({ name: 'audit record of a database draw (salts + RFC 6962 pool root), node:crypto', ms: audit.ms, baseline: nativeBaseline });
const auditVerified = time(() => verifyRecord({ record: audit.value.ok ? audit.value.value : undefined, hash: nodeSha256 }));
if (!allChecksPassed(auditVerified.value)) throw new Error('audit verification failed');
rows.push({ name: 'verify the audit record (pool root + full re-draw), node:crypto', ms: auditVerified.ms, baseline: nativeBaseline });

const peakMiB = process.resourceUsage().maxRSS / 1024;
const strataSummary = record.strata.map((stratum) => `${stratum.label} ${stratum.k}/${stratum.N}`).join(', ');
process.stdout.write(`${total.toLocaleString('en')} members in 4 strata (${strataSummary}); ${record.selected.length.toLocaleString('en')} selected\n\n`);
process.stdout.write('| step | time | vs one SHA-256 per member |\n|---|---:|---:|\n');
process.stdout.write(`| baseline: one SHA-256 per member, node:crypto | ${(nativeBaseline / 1000).toFixed(2)} s (${((nativeBaseline * 1e6) / total).toFixed(0)} ns each) | 1.00x |\n`);
process.stdout.write(`| baseline: one SHA-256 per member, @noble/hashes | ${(nobleBaseline / 1000).toFixed(2)} s (${((nobleBaseline * 1e6) / total).toFixed(0)} ns each) | ${(nobleBaseline / nativeBaseline).toFixed(2)}x of node:crypto |\n`);
for (const row of rows) process.stdout.write(`| ${row.name} | ${(row.ms / 1000).toFixed(2)} s | ${(row.ms / row.baseline).toFixed(2)}x |\n`);
process.stdout.write(`\nPeak RSS of the whole run: ${peakMiB.toFixed(0)} MiB. Goal: draw and verification ≤ 2x the baseline of the same hash.\n`);
