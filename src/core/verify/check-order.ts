/**
 * The verifier's checks of the order of events (spec draw/v1.1 section 3.1):
 *
 * - `order`: `frozenAt + notice <= entropyAt <= drawnAt`, `entropyAt` is the time of the
 *   announced source, and the record repeats the commitment's entropy fields when the
 *   commitment is given. A record with a nonce commitment but no `entropyAt` (made before
 *   v1.1) fails: nothing shows the entropy was unknown when the nonce was committed.
 *   Offline records (no nonce commitment) are not applicable.
 * - `beacon`: for a drand source, E is `drand-quicknet.<round>.<signature>` for the
 *   committed round and the signature verifies under the quicknet key, offline.
 *
 * Each returns a status and an English reason; `verifyRecord` gives them their ids and titles.
 */
import { compareEntropyFields, type DrawCommitment } from '../draw/commitment.ts';
import { describeBeaconIssue, parseDrandEntropy, verifyQuicknetRound } from '../draw/beacon.ts';
import { entropyInstantOf, entropyTimeOf, isScheduledSource } from '../draw/entropy-source.ts';
import type { DrawRecord } from '../draw/record.ts';
import { parseRecordTime } from '../record-time.ts';
import { commitmentSchema } from './record-schema.ts';
import type { CheckStatus } from './verify-record.ts';

export interface OrderFinding {
  readonly status: CheckStatus;
  readonly reason: string;
}

const passed = (reason: string): OrderFinding => ({ status: 'passed', reason });
const failed = (reason: string): OrderFinding => ({ status: 'failed', reason });
const notApplicable = (reason: string): OrderFinding => ({ status: 'not_applicable', reason });

/** The commitment document out of its envelope, when it parses (the `commitment` check reports it otherwise). */
function committedEntropy(commitment: unknown): DrawCommitment | undefined {
  const document = typeof commitment === 'object' && commitment !== null && 'record' in commitment ? (commitment as { record: unknown }).record : commitment;
  const parsed = commitmentSchema.safeParse(document);
  return parsed.success ? (parsed.data as DrawCommitment) : undefined;
}

/**
 * The `order` check.
 *
 * @example checkOrder({ ...record, drawnAt: '2027-03-02T09:59:00+08:00' }).status // 'failed' (drawn before entropyAt 10:00)
 */
export function checkOrder(record: DrawRecord, commitment?: unknown): OrderFinding {
  if (record.nonceCommitment === undefined) return notApplicable('offline record: no nonce was committed, so there is no order of events to check');
  const { entropySource, entropyAt, notice, frozenAt, drawnAt } = record;
  if (entropyAt === undefined || !isScheduledSource(entropySource)) {
    return failed('the record carries no scheduled entropy source and entropyAt (made before draw/v1.1): the order of freeze, entropy and draw cannot be proven');
  }
  if (notice === undefined) return failed('the record carries entropyAt but no notice');
  if (frozenAt === undefined || drawnAt === undefined) return failed('the record must carry frozenAt and drawnAt with entropyAt');
  const frozen = parseRecordTime(frozenAt);
  const entropy = parseRecordTime(entropyAt);
  const drawn = parseRecordTime(drawnAt);
  if (frozen === undefined || entropy === undefined || drawn === undefined) return failed('frozenAt, entropyAt and drawnAt must be ISO 8601 times with their offset');
  const problems: string[] = [];
  const sourceTime = entropyTimeOf(entropySource);
  // The same instant is enough (the record writes +08:00; another offset names the same time).
  if (entropy !== entropyInstantOf(entropySource)) problems.push(`entropyAt is ${entropyAt}, but the announced source's time is ${sourceTime}`);
  if (frozen + notice * 1000 > entropy) problems.push(`entropyAt ${entropyAt} is less than the notice of ${notice} s after frozenAt ${frozenAt}`);
  if (entropy > drawn) problems.push(`drawnAt ${drawnAt} is before entropyAt ${entropyAt}: the draw came before its entropy existed`);
  const committed = commitment === undefined ? undefined : committedEntropy(commitment);
  if (committed) problems.push(...compareEntropyFields(record, committed));
  if (problems.length) return failed(problems.join('; '));
  return passed(`frozen ${frozenAt}, entropy at ${entropyAt} (notice ${notice} s), drawn ${drawnAt}${committed ? '; as committed at freeze' : ''}`);
}

/**
 * The `beacon` check.
 *
 * @example checkBeacon(recordWithRound657413).status // 'passed'
 */
export function checkBeacon(record: DrawRecord): OrderFinding {
  const source = record.entropySource;
  if (!isScheduledSource(source)) return notApplicable('the record names no drand round');
  if (source.kind === 'public-event') return notApplicable('the entropy is a public event (trusted to happen when announced): no signature to check');
  if (record.entropy === undefined) return failed(`the source is drand quicknet round ${source.round}, but the record carries no entropy`);
  const parsed = parseDrandEntropy(record.entropy);
  if (!parsed.ok) return failed(describeBeaconIssue(parsed.error, 'en'));
  if (parsed.value.round !== source.round) return failed(`the entropy is round ${parsed.value.round}, the committed round is ${source.round}`);
  const verified = verifyQuicknetRound(parsed.value.round, parsed.value.signatureHex);
  if (!verified.ok) return failed(describeBeaconIssue(verified.error, 'en'));
  return passed(`quicknet round ${source.round}'s BLS signature verifies; its randomness is ${verified.value.randomness}`);
}
