/**
 * Offline draws from a pool file's bytes (issue 16): the byte scanner and the record written
 * from the same bytes give exactly the bytes of the ordinary path (JSON.parse,
 * parseOfflinePool, drawOfflinePool, JSON.stringify(record, null, 2)), and every input the
 * scanner does not handle goes back to that path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJsonChunks } from '../../src/cli/json-file.ts';
import { coreSha256, utf8Bytes } from '../../src/core/hash.ts';
import { drawOfflinePool, parseOfflinePool } from '../../src/core/draw/offline-draw.ts';
import { drawScannedPool, scanOfflinePool } from '../../src/core/draw/pool-bytes.ts';
import { testCode, testCodes } from '../core/draw/codes.ts';

const seed = `${'3c'.repeat(32)}-3.6.1.5.2.4`;

/** The record file the byte path writes, or undefined when it hands the pool back. */
function drawFromBytes(text: string, drawSeed = seed): string | undefined {
  const scanned = scanOfflinePool(utf8Bytes(text));
  const record = scanned && drawScannedPool(scanned, drawSeed, coreSha256);
  if (!record) return undefined;
  const chunks: Buffer[] = [];
  writeJsonChunks(record, (chunk) => chunks.push(Buffer.from(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** The record file of the ordinary path (the previous reader and writer). */
function drawFromText(text: string, drawSeed = seed): string {
  const pool = parseOfflinePool(JSON.parse(text));
  if (!pool.ok) throw new Error('pool rejected');
  const record = drawOfflinePool(pool.value, drawSeed, coreSha256);
  if (!record.ok) throw new Error('draw rejected');
  return `${JSON.stringify(record.value, null, 2)}\n`;
}

const pool = (strata: readonly { label: string; ratio: string; minimum?: number; members: readonly string[] }[], task = 'T-1'): Record<string, unknown> => ({ task, strata });

describe('offline draws from the pool file bytes', () => {
  it('writes a 100,000-member record byte for byte as the previous reader and writer do', () => {
    const codes = testCodes(100_000, 7);
    const text = JSON.stringify(
      pool([
        { label: 'A', ratio: '0.01', minimum: 1, members: codes.slice(0, 40_000) },
        { label: 'B', ratio: '0.03', members: codes.slice(40_000, 75_000) },
        { label: 'C', ratio: '0.1', minimum: 2, members: codes.slice(75_000) },
      ]),
    );
    const fromBytes = drawFromBytes(text);
    expect(fromBytes).toBeDefined();
    expect(fromBytes).toBe(drawFromText(text));
  });

  it('gives the previous bytes on random pools: any layout, unsorted members, extra fields, non-ASCII task names, empty strata', () => {
    const member = fc.integer({ min: 0, max: 5_000 });
    const stratum = fc.record({
      members: fc.uniqueArray(member, { maxLength: 60 }),
      ratio: fc.constantFrom('0', '0.1', '0.5', '1'),
      minimum: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
      extra: fc.option(fc.jsonValue(), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(stratum, { minLength: 1, maxLength: 4 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), fc.constantFrom(undefined, 2, '\t'), fc.oneof(fc.constant(seed), fc.string({ maxLength: 12 })), (strata, task, indent, drawSeed) => {
        // Members are distinct across strata: stratum i takes codes i, i + 4, i + 8, …
        const value = pool(
          strata.map((entry, index) => ({
            label: `S${index}`,
            ratio: entry.ratio,
            ...(entry.minimum === undefined ? {} : { minimum: entry.minimum }),
            ...(entry.extra === undefined ? {} : { note: entry.extra }),
            members: entry.members.map((n) => testCode(n * 4 + index)),
          })),
          task,
        );
        const text = JSON.stringify(value, null, indent);
        let expected: string | undefined;
        try {
          expected = drawFromText(text, drawSeed);
        } catch {
          expected = undefined;
        }
        const fromBytes = drawFromBytes(text, drawSeed);
        // The byte path only ever declines (to the ordinary path), never differs.
        if (fromBytes !== undefined) expect(fromBytes).toBe(expected);
        // A plain pool, a valid seed and a policy that gives sample sizes: the byte path takes it.
        if (expected !== undefined && !/[\\"]/.test(task) && !JSON.stringify(value).includes('\\')) expect(fromBytes).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a string with an escape', `{"task": "T\\u002d1", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1)}"]}]}`],
    ['a code in lower case (normalised by the ordinary path)', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1).toLowerCase()}"]}]}`],
    ['a code with spaces around it', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": [" ${testCode(1)}"]}]}`],
    ['an invalid code', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1).slice(0, 17)}0"]}]}`],
    ['a code listed twice', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1)}", "${testCode(1)}"]}]}`],
    ['a code in two strata', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1)}"]}, {"label": "B", "ratio": "0.5", "members": ["${testCode(1)}"]}]}`],
    ['a repeated key (JSON.parse keeps the last)', `{"task": "T", "task": "U", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1)}"]}]}`],
    ['a byte order mark', `\ufeff{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1)}"]}]}`],
    ['a trailing comma (not JSON)', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1)}",]}]}`],
    ['text after the document', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1)}"]}]} x`],
    ['a member that is not a string', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": [7]}]}`],
    ['a stratum without members', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5"}]}`],
    ['an invalid ratio', `{"task": "T", "strata": [{"label": "A", "ratio": "half", "members": ["${testCode(1)}"]}]}`],
    ['a repeated label', `{"task": "T", "strata": [{"label": "A", "ratio": "0.5", "members": ["${testCode(1)}"]}, {"label": "A", "ratio": "0.5", "members": ["${testCode(2)}"]}]}`],
  ])('hands the pool back to the ordinary path for %s', (_case, text) => {
    expect(drawFromBytes(text)).toBeUndefined();
  });

  it('hands the pool back for an invalid seed, which the ordinary path reports', () => {
    const text = JSON.stringify(pool([{ label: 'A', ratio: '0.5', members: testCodes(4) }]));
    expect(drawFromBytes(text, 'has spaces')).toBeUndefined();
    expect(drawFromBytes(text, '01382438112797316654')).toBe(drawFromText(text, '01382438112797316654'));
  });
});
