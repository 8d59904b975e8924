/**
 * The freeze commitment a draw record repeats, rebuilt from the record (an audit or open
 * record: it needs every stratum's N, and a sealed one its stratum salts), for tests that
 * verify a record against its commitment. `overrides` replaces fields of the input, e.g. to
 * commit to another notice.
 */
import { buildDrawCommitment, type DrawCommitment, type DrawCommitmentInput } from '../../src/core/draw/commitment.ts';
import type { DrawRecord } from '../../src/core/draw/record.ts';

export function commitmentOfRecord(record: DrawRecord, overrides: Partial<DrawCommitmentInput> = {}): DrawCommitment {
  const built = buildDrawCommitment({
    visibility: record.visibility,
    task: record.task,
    frozenAt: record.frozenAt!,
    poolRoot: record.poolRoot!,
    nonceCommitment: record.nonceCommitment!,
    entropySource: record.entropySource!,
    ...(record.entropyAt === undefined ? {} : { entropyAt: record.entropyAt }),
    ...(record.notice === undefined ? {} : { notice: record.notice }),
    strata: record.strata.map((stratum) => ({
      label: stratum.label,
      N: stratum.N as number,
      ratio: stratum.ratio,
      minimum: stratum.minimum,
      ...(stratum.salt ? { salt: stratum.salt } : {}),
    })),
    exclusions: record.exclusions ?? [],
    ...(record.inspectorSnapshot ? { inspectorSnapshot: record.inspectorSnapshot } : {}),
    ...(record.conflictsCommitment ? { conflictsCommitment: record.conflictsCommitment } : {}),
    ...overrides,
  });
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  return built.value;
}
