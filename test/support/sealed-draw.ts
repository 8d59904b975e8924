/** Small sealed draws of draw/v1.1 built in the core alone: audit record, public record and freeze commitment. */
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { buildDrawCommitment, type DrawCommitment } from '../../src/core/draw/commitment.ts';
import { buildDrawRecord, toPublicRecord, type DrawRecord } from '../../src/core/draw/record.ts';
import { testCodes, testSalt } from '../core/draw/codes.ts';
import { entropyFieldsOf } from '../../src/core/draw/entropy-source.ts';

/** draw/v1.1: dice announced for 2027-03-02 10:00, 25 h after the freeze, before the draw. */
const DICE = entropyFieldsOf({ kind: 'public-event', description: 'dice rolled at the public meeting', at: '2027-03-02T10:00:00+08:00' }, 86400);

export interface Pool {
  readonly label: string;
  readonly ratio: string;
  readonly minimum: number;
  readonly size: number;
}

/** A sealed draw of the given strata: its audit record, public record and freeze commitment. */
export function sealedDraw(pools: readonly Pool[]): { audit: DrawRecord; record: DrawRecord; commitment: DrawCommitment } {
  const codes = testCodes(pools.reduce((sum, pool) => sum + pool.size, 0));
  let offset = 0;
  const strata = pools.map((pool, index) => {
    const members = codes.slice(offset, offset + pool.size).map((code, at) => ({ code, salt: testSalt(code, offset + at) }));
    offset += pool.size;
    return { label: pool.label, ratio: pool.ratio, minimum: pool.minimum, salt: testSalt(`stratum-${pool.label}`, index), members };
  });
  const built = buildDrawRecord(
    { task: { code: '2027-SEALED-01' }, visibility: 'sealed', frozenAt: '2027-03-01T09:00:00+08:00', ...DICE, exclusions: [], nonce: '7a'.repeat(32), entropy: '3.6.1.5.2.4', drawnAt: '2027-03-02T10:15:00+08:00', strata },
    nodeSha256,
  );
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  const audit = built.value;
  const commitment = buildDrawCommitment(
    {
      visibility: 'sealed',
      task: audit.task,
      frozenAt: audit.frozenAt as string,
      poolRoot: audit.poolRoot as string,
      nonceCommitment: audit.nonceCommitment as string,
      ...DICE,
      strata: strata.map((stratum) => ({ label: stratum.label, ratio: stratum.ratio, minimum: stratum.minimum, salt: stratum.salt, N: stratum.members.length })),
      exclusions: [],
    },
    nodeSha256,
  );
  if (!commitment.ok) throw new Error(JSON.stringify(commitment.error));
  return { audit, record: toPublicRecord(audit), commitment: commitment.value };
}

export const tiers = (sizes: readonly number[]): Pool[] =>
  [
    { label: 'A', ratio: '0.05', minimum: 1 },
    { label: 'B', ratio: '0.1', minimum: 1 },
    { label: 'C', ratio: '0.3', minimum: 2 },
    { label: 'D', ratio: '0.5', minimum: 2 },
  ].map((policy, index) => ({ ...policy, size: sizes[index] as number }));

