/**
 * Verifying an open record read from its bytes (issue 16): `scanOpenRecord` keeps members as
 * offsets into the file, and `verifyRecord` gives exactly the checks it gives the same file
 * parsed with JSON.parse, for good records and for every kind of damage to the members.
 */
import { describe, expect, it } from 'vitest';
import { coreSha256, utf8Bytes } from '../../src/core/hash.ts';
import { drawOfflinePool } from '../../src/core/draw/offline-draw.ts';
import { scanOpenRecord } from '../../src/core/verify/record-bytes.ts';
import { verifyRecord } from '../../src/core/verify/index.ts';
import { testCodes } from './draw/codes.ts';

const codes = testCodes(3_000, 11);
const drawn = drawOfflinePool(
  {
    task: 'T-1',
    strata: [
      { label: 'A', ratio: '0.01', minimum: 2, members: codes.slice(0, 2_000) },
      { label: 'B', ratio: '0.1', minimum: 1, members: codes.slice(2_000) },
    ],
  },
  `${'3c'.repeat(32)}-3.6.1.5.2.4`,
  coreSha256,
);
if (!drawn.ok) throw new Error('draw failed');
const good = drawn.value;
type Editable = { strata: { members: { code: string }[]; threshold?: string }[]; selected: { code: string }[] };

/** The checks of a record file, read from bytes and parsed as text. */
function bothWays(text: string): { fromBytes: unknown; fromText: unknown } {
  const scanned = scanOpenRecord(utf8Bytes(text));
  expect(scanned).toBeDefined();
  return { fromBytes: verifyRecord({ record: scanned, hash: coreSha256 }), fromText: verifyRecord({ record: JSON.parse(text), hash: coreSha256 }) };
}

const edited = (edit: (record: Editable) => void): string => {
  const copy = structuredClone(good) as unknown as Editable;
  edit(copy);
  return JSON.stringify(copy, null, 2);
};

describe('verifying an open record read from its bytes', () => {
  it('gives the same passing checks as the parsed record, in any layout', () => {
    for (const text of [JSON.stringify(good, null, 2), JSON.stringify(good)]) {
      const { fromBytes, fromText } = bothWays(text);
      expect(fromBytes).toEqual(fromText);
      expect((fromBytes as { status: string }[]).some((check) => check.status === 'failed')).toBe(false);
    }
  });

  it.each<[string, (record: Editable) => void]>([
    ['members out of credit-code order', (record) => record.strata[0]!.members.reverse()],
    ['a member listed twice in one stratum', (record) => record.strata[0]!.members.splice(5, 1, record.strata[0]!.members[4]!)],
    ['a member in two strata', (record) => record.strata[1]!.members.splice(0, 1, record.strata[0]!.members[0]!)],
    ['a member missing', (record) => record.strata[1]!.members.splice(3, 1)],
    ['a changed threshold', (record) => (record.strata[0]!.threshold = `0.${'1'.repeat(64)}`)],
    ['a selected code swapped', (record) => (record.selected[0]!.code = record.strata[1]!.members[7]!.code)],
  ])('gives the same failing checks as the parsed record for %s', (_case, edit) => {
    const { fromBytes, fromText } = bothWays(edited(edit));
    expect(fromBytes).toEqual(fromText);
    expect((fromBytes as { status: string }[]).some((check) => check.status === 'failed')).toBe(true);
  });

  it.each([
    ['an envelope', JSON.stringify({ record: good, recordHash: '00', signature: {} })],
    ['members with salts (an audit record)', edited((record) => ((record.strata[0]!.members[0] as { salt?: string }).salt = '0'.repeat(32)))],
    ['a member that is not a valid credit code', edited((record) => (record.strata[0]!.members[0]!.code = 'AB-130'))],
    ['a member with another field', edited((record) => ((record.strata[0]!.members[0] as { name?: string }).name = 'x'))],
    ['an escape in a string', JSON.stringify(good).replace('"T-1"', '"T\\u002d1"')],
  ])('leaves %s to JSON.parse', (_case, text) => {
    expect(scanOpenRecord(utf8Bytes(text))).toBeUndefined();
  });
});
