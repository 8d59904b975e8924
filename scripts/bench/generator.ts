/**
 * Synthetic county generator throughput: `generateEnterprises` streaming 1,000,000 rows, and
 * the same rows turned into directory CSV lines, against two baselines measured in the same
 * run: the bare seeded random stream (20 draws per row, about what a row consumes) and the
 * GB 32100 check character alone (one per row). Goal: over 200,000 rows/s, since the
 * generator feeds the 10^6-row benchmarks.
 *
 *   npm run bench -- generator [--quick]     (--quick: 100,000 rows)
 */
import { computeCreditCodeCheckCharacter } from '../../src/core/credit-code.ts';
import { formatDirectoryCsvRow } from '../../src/core/synthetic/directory-csv.ts';
import { generateEnterprises } from '../../src/core/synthetic/enterprises.ts';
import { createRandomSource } from '../../src/core/synthetic/random.ts';

const quick = process.argv.includes('--quick');
const rows = quick ? 100_000 : 1_000_000;
const repeats = 3;
const options = { seed: 'bench-county', count: rows, asOf: '2025-01-31' };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Median milliseconds over the repeats; `sink` keeps the work from being optimised away. */
let sink = 0;
function measure(run: () => number): number {
  const times: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    sink += run();
    times.push(performance.now() - started);
  }
  return median(times);
}

const randomOnly = measure(() => {
  const random = createRandomSource(options.seed);
  let total = 0;
  for (let index = 0; index < rows * 20; index++) total += random.uniform();
  return total;
});

const checkOnly = measure(() => {
  let total = 0;
  for (let index = 0; index < rows; index++) {
    total += computeCreditCodeCheckCharacter(`91350102MA${String(index).padStart(7, '0')}`).length;
  }
  return total;
});

const generateOnly = measure(() => {
  let total = 0;
  for (const enterprise of generateEnterprises(options)) total += enterprise.name.length;
  return total;
});

let csvBytes = 0;
const generateCsv = measure(() => {
  let total = 0;
  for (const enterprise of generateEnterprises(options)) total += formatDirectoryCsvRow(enterprise).length;
  csvBytes = total;
  return total;
});

const rate = (milliseconds: number) => Math.round((rows / milliseconds) * 1000).toLocaleString('en-US');
const ratio = (milliseconds: number) => `${(milliseconds / randomOnly).toFixed(1)}x`;

process.stdout.write(
  [
    `${rows.toLocaleString('en-US')} rows, median of ${repeats} runs${quick ? ' (--quick)' : ''}.`,
    '',
    '| what | ms | rows/s | time vs random stream |',
    '|---|---:|---:|---:|',
    `| baseline: seeded random stream, 20 draws per row | ${randomOnly.toFixed(0)} | ${rate(randomOnly)} | 1.0x |`,
    `| baseline: GB 32100 check character, 1 per row | ${checkOnly.toFixed(0)} | ${rate(checkOnly)} | ${ratio(checkOnly)} |`,
    `| generateEnterprises | ${generateOnly.toFixed(0)} | ${rate(generateOnly)} | ${ratio(generateOnly)} |`,
    `| generateEnterprises + directory CSV line | ${generateCsv.toFixed(0)} | ${rate(generateCsv)} | ${ratio(generateCsv)} |`,
    '',
    `CSV: ${(csvBytes / rows).toFixed(1)} characters per row. Goal over 200,000 rows/s: ${rows / generateOnly * 1000 > 200_000 ? 'met' : 'NOT met'}.`,
    sink === 0 ? '' : '',
  ].join('\n'),
);
