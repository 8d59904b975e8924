/** Offline draws: the pinned golden draw, and pool files that must be rejected. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPoolStructureIssue } from '../../../src/core/draw/record.ts';
import { nodeSha256 } from '../../../src/application/node-hash.ts';
import { nobleSha256 } from '../../../src/core/hash.ts';
import { drawOfflinePool, parseOfflinePool } from '../../../src/core/draw/offline-draw.ts';
import { testCodes } from './codes.ts';

const fixture = (name: string): string => fs.readFileSync(new URL(`../../fixtures/draw/${name}`, import.meta.url), 'utf8');

describe('offline draw', () => {
  it.each([
    ['node:crypto', nodeSha256],
    ['noble', nobleSha256],
  ])('reproduces the golden record from the golden pool and seed (%s)', (_name, hash) => {
    const pool = parseOfflinePool(JSON.parse(fixture('golden-pool.json')));
    if (!pool.ok) throw new Error(JSON.stringify(pool.error));
    const record = drawOfflinePool(pool.value, fixture('golden-seed.txt'), hash);
    expect(record).toEqual({ ok: true, value: JSON.parse(fixture('golden-record.json')) });
  });

  it('pins the golden selection (so a change to the algorithm cannot hide in a regenerated fixture)', () => {
    const record = JSON.parse(fixture('golden-record.json')) as { selected: { code: string; stratum: string }[] };
    expect(record.selected.map((member) => `${member.stratum}:${member.code}`)).toEqual([
      'C:91350146BH9BKWGY51',
      'C:91350168YPF6ADE6F2',
      'A:913501888TW5NDY9MQ',
      'B:913501000Q75WXJXNX',
      'A:91350166M9CA18D1R4',
      'C:91350188D41D3KEEXW',
      'D:913501869X9GBG15LQ',
      'B:9135016898EW60YM2C',
      'D:91350108WNPEB04LCQ',
      'B:91350126G8XN2NH0MR',
      'D:91350108T8186L0J5Q',
    ]);
  });

  it('lists members in credit-code order whether the pool file gives them sorted or not, with the same draw', () => {
    const codes = testCodes(40);
    const sorted = [...codes].sort();
    const poolOf = (members: string[]) => ({ task: 'T-ORDER', strata: [{ label: 'A', ratio: '0.1', minimum: 3, members }] });
    const fromSorted = drawOfflinePool(poolOf(sorted), '01382438112797316654', nobleSha256);
    const fromShuffled = drawOfflinePool(poolOf([...sorted].reverse()), '01382438112797316654', nobleSha256);
    expect(fromShuffled).toEqual(fromSorted);
    if (!fromSorted.ok) throw new Error('draw failed');
    expect(fromSorted.value.strata[0]?.members?.map((member) => member.code)).toEqual(sorted);
  });

  it('still rejects duplicates in a pool that did not come through parseOfflinePool', () => {
    const [shared, other] = testCodes(2) as [string, string];
    const pool = { task: 'T-HAND', strata: [{ label: 'A', ratio: '0.5', minimum: 1, members: [shared, other] }, { label: 'B', ratio: '0.5', minimum: 1, members: [shared] }] };
    expect(drawOfflinePool(pool, '01382438112797316654', nobleSha256)).toEqual({ ok: false, error: { code: 'duplicate_member', enterprise: shared, strata: ['A', 'B'] } });
  });

  it('normalises lower-case and spaced codes of a pool file while taking normal ones as they are', () => {
    const [first, second] = testCodes(2) as [string, string];
    const pool = parseOfflinePool({ task: 'T-CASE', strata: [{ label: 'A', ratio: '0.5', minimum: 1, members: [` ${first.toLowerCase()} `, second] }] });
    expect(pool.ok && pool.value.strata[0]?.members).toEqual([first, second]);
  });

  it('rejects an invalid credit code, naming it and its stratum', () => {
    const [good] = testCodes(1);
    const pool = parseOfflinePool({ task: 'T', strata: [{ label: 'A', ratio: '0.1', minimum: 0, members: [good, '91350100M000100Y44'] }] });
    expect(pool.ok).toBe(false);
    if (pool.ok) return;
    expect(pool.error).toEqual([
      { code: 'invalid_credit_code', stratum: 'A', index: 1, value: '91350100M000100Y44', issue: { code: 'bad_check_character', expected: '3', actual: '4' } },
    ]);
  });

  it('rejects a code present in two strata, naming the code and both strata', () => {
    const [shared, other] = testCodes(2);
    const pool = parseOfflinePool({
      task: 'T',
      strata: [
        { label: 'A', ratio: '0.1', minimum: 0, members: [shared] },
        { label: 'B', ratio: '0.1', minimum: 0, members: [other, shared?.toLowerCase()] },
      ],
    });
    expect(pool).toEqual({ ok: false, error: [{ code: 'duplicate_member', enterprise: shared, strata: ['A', 'B'] }] });
  });

  it('rejects a bad ratio, a missing task and a repeated label', () => {
    const codes = testCodes(2);
    expect(parseOfflinePool({ strata: [{ label: 'A', ratio: '0.03', minimum: 0, members: [] }] })).toEqual({
      ok: false,
      error: [{ code: 'invalid_shape', path: '$.task', expected: 'a non-empty string' }],
    });
    expect(parseOfflinePool({ task: 'T', strata: [{ label: 'A', ratio: 0.03, minimum: 0, members: [] }] })).toEqual({
      ok: false,
      error: [{ code: 'invalid_policy', stratum: 'A', issue: { code: 'invalid_ratio', ratio: 0.03 } }],
    });
    expect(
      parseOfflinePool({
        task: 'T',
        strata: [
          { label: 'A', ratio: '0.1', minimum: 0, members: [codes[0]] },
          { label: 'A', ratio: '0.1', minimum: 0, members: [codes[1]] },
        ],
      }),
    ).toEqual({ ok: false, error: [{ code: 'duplicate_stratum', stratum: 'A' }] });
  });

  it('refuses a seed that is too short or has spaces', () => {
    const pool = parseOfflinePool({ task: 'T', strata: [{ label: 'A', ratio: '0.1', minimum: 0, members: testCodes(3) }] });
    if (!pool.ok) throw new Error('pool');
    expect(drawOfflinePool(pool.value, 'short', nodeSha256)).toEqual({ ok: false, error: { code: 'invalid_seed', issue: { code: 'seed_length', length: 5 } } });
    expect(drawOfflinePool(pool.value, 'a seed with spaces in it', nodeSha256)).toEqual({ ok: false, error: { code: 'invalid_seed', issue: { code: 'seed_not_printable_ascii' } } });
  });
});

describe('pool structure (duplicates found through sorted fingerprints)', () => {
  it('finds a code present twice among many, naming both strata, and the first duplicate in pool order', () => {
    const codes = Array.from({ length: 20_000 }, (_, index) => `C${index.toString(36).padStart(8, '0')}`);
    const strata = [
      { label: 'A', codes: codes.slice(0, 10_000) },
      { label: 'B', codes: [...codes.slice(10_000), codes[4321] as string, codes[17] as string] },
    ];
    expect(findPoolStructureIssue(strata)).toEqual({ code: 'duplicate_member', enterprise: codes[4321], strata: ['A', 'B'] });
    expect(findPoolStructureIssue([{ label: 'A', codes }])).toBeUndefined();
  });

  it('finds a code repeated within one stratum, and a repeated label', () => {
    expect(findPoolStructureIssue([{ label: 'A', codes: ['x', 'y', 'x'] }])).toEqual({ code: 'duplicate_member', enterprise: 'x', strata: ['A', 'A'] });
    expect(findPoolStructureIssue([{ label: 'A', codes: ['x'] }, { label: 'A', codes: ['y'] }])).toEqual({ code: 'duplicate_stratum', stratum: 'A' });
  });
});
