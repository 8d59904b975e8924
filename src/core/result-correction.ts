/**
 * Corrections of published inspection results (issue 17, 撤销 / 补正 / 变更): a published
 * result is never edited; a correction is a signed `suiji.result-correction/1` record of its
 * own, a leaf of the publication log, that names the batch record it corrects by hash. A
 * verifier holding both records checks the link with `checkCorrectionLink`.
 */
import type { InspectionOutcome } from './credit-record.ts';
import { err, ok, type Result } from './result.ts';

export const RESULT_CORRECTION_FORMAT = 'suiji.result-correction/1';

/** 撤销 (revocation: the result no longer stands), 补正 (supplement: fill in or fix the record), 变更 (change: a different finding). */
export const CORRECTION_KINDS = ['revocation', 'supplement', 'change'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

/** The kinds' names, Chinese then English, as the portal and the public JSON show them. */
export const CORRECTION_KIND_NAMES: Record<CorrectionKind, readonly [chinese: string, english: string]> = {
  revocation: ['撤销', 'Revoked'],
  supplement: ['补正', 'Supplemented'],
  change: ['变更', 'Changed'],
};

/** What the result says after a supplement or a change (a revocation carries none). */
export interface CorrectedResult {
  readonly outcome: InspectionOutcome;
  readonly summary: string;
  readonly correctiveOrder?: string;
}

/** The signed correction record. */
export interface ResultCorrectionRecord {
  readonly format: typeof RESULT_CORRECTION_FORMAT;
  /** 1, 2, … across the bureau. */
  readonly number: number;
  readonly kind: CorrectionKind;
  /**
   * The published result corrected: its task, batch, the batch record's hash, enterprise and
   * item, and the department whose findings it is when the batch result names one (a joint
   * task's item has a result per department).
   */
  readonly original: {
    readonly task: string;
    readonly batch: number;
    readonly recordHash: string;
    readonly creditCode: string;
    readonly item: string;
    readonly department?: string;
  };
  readonly corrected?: CorrectedResult;
  readonly reason: string;
  /** The proposer first, then the approver (four eyes); one name when four eyes are off. */
  readonly approvedBy: readonly string[];
  readonly fourEyes: boolean;
  readonly publishedAt: string;
}

/** The parts of a `suiji.results-batch/1` record a link check reads. */
export interface CorrectedBatch {
  readonly recordHash: string;
  readonly record: { readonly task: string; readonly batch: number; readonly results: readonly { readonly creditCode: string; readonly item: string; readonly department?: string }[] };
}

export type CorrectionLinkIssue =
  | { readonly code: 'batch_hash_differs'; readonly expected: string; readonly actual: string }
  | { readonly code: 'batch_differs'; readonly expected: string; readonly actual: string }
  | { readonly code: 'result_not_in_batch'; readonly creditCode: string; readonly item: string; readonly department?: string };

/**
 * Whether a correction corrects a result of this published batch: same batch record hash,
 * task and batch number, and the batch holds the enterprise's result for the item (the
 * named department's, when the correction names one).
 *
 * @example checkCorrectionLink(correction, batchEnvelope) // ok(undefined) or err({ code: 'result_not_in_batch', creditCode, item })
 */
export function checkCorrectionLink(correction: Pick<ResultCorrectionRecord, 'original'>, batch: CorrectedBatch): Result<void, CorrectionLinkIssue> {
  const { original } = correction;
  if (original.recordHash !== batch.recordHash) return err({ code: 'batch_hash_differs', expected: original.recordHash, actual: batch.recordHash });
  const expected = `${original.task}#${original.batch}`;
  const actual = `${batch.record.task}#${batch.record.batch}`;
  if (expected !== actual) return err({ code: 'batch_differs', expected, actual });
  const found = batch.record.results.some(
    (result) => result.creditCode === original.creditCode && result.item === original.item && (original.department === undefined || result.department === original.department),
  );
  return found
    ? ok(undefined)
    : err({ code: 'result_not_in_batch', creditCode: original.creditCode, item: original.item, ...(original.department === undefined ? {} : { department: original.department }) });
}
