/**
 * The publication-log checks of the verifier (draw/v1 sections 3.1, 9 and 10): nothing about
 * the log is taken from a proof file on its word.
 *
 * - `log-inclusion`: the record's digest is a leaf of a tree whose head is signed by a key of
 *   the key set (`suiji.tree-head/1`, RFC 6962 section 3.5); the proof's treeSize and rootHash
 *   must be the signed head's, then the audit path must lead to that root (RFC 9162
 *   section 2.1.3.2). A proof without a signed head, or without a key set to check it with,
 *   proves nothing and fails.
 * - `log-consistency`: given a head saved earlier and the RFC 6962 consistency proof, the
 *   signed head of the proof extends it (either may be the older one).
 * - `commitment-log`: the freeze commitment is a leaf of the same signed tree, before the
 *   record, and the head signed when the commitment was appended is older than the record's
 *   `entropyAt` (and extends to the proof's tree): the nonce was committed before the
 *   entropy existed.
 *
 * The outcomes are returned as `{status, reason}`; verify-record.ts turns them into checks.
 */
import { startsWithCalendarDate } from '../calendar-date.ts';
import { z } from 'zod';
import { hexToBytes, type Sha256 } from '../hash.ts';
import { computeKeySetFingerprint } from '../key-set-fingerprint.ts';
import { hashLeaf, verifyInclusion } from '../merkle.ts';
import { err, ok, type Result } from '../result.ts';
import { computeRecordHash, describeSignatureIssue, type PublicKeySet } from '../signature.ts';
import { checkTreeHeadConsistency, describeTreeHeadIssue, parseSignedTreeHead, verifyTreeHeadSignature, type SignedTreeHead } from '../tree-head.ts';
import { describeSchemaError, keySetSchema, logInclusionSchema, type LogInclusionProof } from './record-schema.ts';
import type { CheckStatus } from './verify-record.ts';

export interface LogOutcome {
  readonly status: CheckStatus;
  readonly reason: string;
}

/** What the verifier was given about the publication log. */
export interface LogEvidence {
  readonly keys?: unknown;
  /** The record's inclusion proof (the log's document; it may carry `treeHead`). */
  readonly logInclusion?: unknown;
  /** The signed tree head the proof is against, when the proof file carries none (`--tree-head`). */
  readonly treeHead?: unknown;
  /** A signed tree head saved earlier, to check that the log only grew since. */
  readonly oldTreeHead?: unknown;
  /** RFC 6962 consistency proof between `oldTreeHead` and the proof's head (hex nodes, or the log's document). */
  readonly consistencyProof?: unknown;
  /** The freeze commitment (or its envelope), and its inclusion proof in the same tree. */
  readonly commitment?: unknown;
  readonly commitmentLogInclusion?: unknown;
  readonly requireLogInclusion?: boolean;
}

/** What the record itself says that the log checks need. */
export interface LoggedRecordFacts {
  /** sha256hex(canonical(record)). */
  readonly recordHash: string;
  /** Whether the record has a nonce commitment (a published, not offline, draw). */
  readonly hasNonceCommitment: boolean;
  /** The record's `entropyAt` (ISO 8601 with offset), when it has one. */
  readonly entropyAt: unknown;
}

/** A leaf proven to be in the tree of a signed head. */
export interface ProvenLeaf {
  readonly leafIndex: number;
  readonly head: SignedTreeHead;
  readonly proof: LogInclusionProof;
}

const passed = (reason: string): LogOutcome => ({ status: 'passed', reason });
const failed = (reason: string): LogOutcome => ({ status: 'failed', reason });
const notApplicable = (reason: string): LogOutcome => ({ status: 'not_applicable', reason });

const consistencyDocumentSchema = z.union([z.array(z.string()), z.object({ proof: z.array(z.string()) }).loose()]);

/** An ISO 8601 date-time with a seconds field optional and an explicit offset (Z or ±hh:mm). */
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since 1970 of an ISO 8601 date-time with offset, or undefined.
 *
 * @example parseInstant('2027-03-02T10:00:00+08:00') // 1803866400000
 */
export function parseInstant(value: unknown): number | undefined {
  // Date.parse reads an impossible day such as 2023-02-30 as a later one.
  if (typeof value !== 'string' || !isoWithOffset.test(value) || !startsWithCalendarDate(value)) return undefined;
  const milliseconds = Date.parse(value);
  return Number.isFinite(milliseconds) ? milliseconds : undefined;
}

function parseKeys(keys: unknown): Result<PublicKeySet, string> {
  if (keys === undefined) return err('no key set was given to check the signed tree head with');
  const parsed = keySetSchema.safeParse(keys);
  return parsed.success ? ok(parsed.data as PublicKeySet) : err(`key set ${describeSchemaError(parsed.error)}`);
}

function verifySignedHead(value: unknown, keys: PublicKeySet, hash: Sha256, what: string): Result<SignedTreeHead, string> {
  const head = parseSignedTreeHead(value);
  if (!head.ok) return err(`${what} is not a suiji.tree-head/1: ${head.error}`);
  const signed = verifyTreeHeadSignature(head.value, keys);
  if (!signed.ok) return err(`${what}'s signature: ${describeSignatureIssue(signed.error)}`);
  return ok(head.value);
}

/**
 * Proves that `digestHex` (a record's 32-byte digest, the log's leaf) is in the tree of a
 * signed head: the head is the one given separately, or else the one inside the proof.
 *
 * @example proveLogInclusion(recordHash, proofDocument, undefined, keySet, nobleSha256) // ok({ leafIndex, head, proof })
 */
export function proveLogInclusion(digestHex: string, proofValue: unknown, separateHead: unknown, keys: unknown, hash: Sha256): Result<ProvenLeaf, string> {
  const parsed = logInclusionSchema.safeParse(proofValue);
  if (!parsed.success) return err(`proof ${describeSchemaError(parsed.error)}`);
  const proof = parsed.data;
  const headValue = separateHead ?? proof.treeHead;
  if (headValue === undefined) return err('the proof comes without a signed tree head (suiji.tree-head/1), so nothing ties its rootHash to the log');
  const keySet = parseKeys(keys);
  if (!keySet.ok) return keySet;
  const head = verifySignedHead(headValue, keySet.value, hash, 'the tree head');
  if (!head.ok) return head;
  if (proof.treeSize !== head.value.treeSize || proof.rootHash !== head.value.rootHash) {
    return err(`the proof is for a tree of ${proof.treeSize} leaves with root ${proof.rootHash.slice(0, 16)}…, but the signed tree head has ${head.value.treeSize} leaves and root ${head.value.rootHash.slice(0, 16)}…`);
  }
  // The log's leaf is the record's 32-byte digest itself (raw bytes, not hex text).
  const leafHash = hashLeaf(hexToBytes(digestHex) as Uint8Array, hash);
  const included = verifyInclusion(
    { leafHash, leafIndex: proof.leafIndex, treeSize: head.value.treeSize, proof: proof.proof.map((node) => hexToBytes(node) as Uint8Array), root: hexToBytes(head.value.rootHash) as Uint8Array },
    hash,
  );
  if (!included) return err(`the audit path does not lead from this document (leaf ${proof.leafIndex}) to the signed root ${head.value.rootHash.slice(0, 16)}…`);
  return ok({ leafIndex: proof.leafIndex, head: head.value, proof });
}

function fingerprintNote(head: SignedTreeHead, keys: unknown, hash: Sha256): Result<string, string> {
  if (head.keySetFingerprint === undefined) return ok('the head predates key-set fingerprints');
  const fingerprint = computeKeySetFingerprint(keys as PublicKeySet, hash);
  if (fingerprint !== head.keySetFingerprint) return err(`the signed tree head pins key set ${head.keySetFingerprint.slice(0, 16)}…, but the key set given has fingerprint ${fingerprint.slice(0, 16)}…`);
  return ok(`key set fingerprint ${fingerprint.slice(0, 16)}… as pinned in the head`);
}

function checkRecordInclusion(facts: LoggedRecordFacts, evidence: LogEvidence, hash: Sha256): { outcome: LogOutcome; proven?: ProvenLeaf } {
  if (evidence.logInclusion === undefined) {
    return { outcome: evidence.requireLogInclusion ? failed('no publication-log inclusion proof given, and one is required') : notApplicable('no publication-log inclusion proof given') };
  }
  const proven = proveLogInclusion(facts.recordHash, evidence.logInclusion, evidence.treeHead, evidence.keys, hash);
  if (!proven.ok) return { outcome: failed(proven.error) };
  const { head } = proven.value;
  const note = fingerprintNote(head, evidence.keys, hash);
  if (!note.ok) return { outcome: failed(note.error) };
  return {
    outcome: passed(`leaf ${proven.value.leafIndex} of the tree of ${head.treeSize} leaves whose head (root ${head.rootHash.slice(0, 16)}…) is signed by key ${head.signature.keyId}; ${note.value}`),
    proven: proven.value,
  };
}

function checkConsistency(proven: ProvenLeaf | undefined, evidence: LogEvidence, hash: Sha256): LogOutcome {
  if (evidence.oldTreeHead === undefined) return notApplicable('no earlier saved tree head given');
  if (!proven) return failed('the record is not proven in a signed tree, so there is nothing to compare the saved tree head with');
  const keys = parseKeys(evidence.keys);
  if (!keys.ok) return failed(keys.error);
  const saved = parseSignedTreeHead(evidence.oldTreeHead);
  if (!saved.ok) return failed(`the saved tree head is not a suiji.tree-head/1: ${saved.error}`);
  const [older, newer] = saved.value.treeSize <= proven.head.treeSize ? [saved.value, proven.head] : [proven.head, saved.value];
  let nodes: string[] = [];
  if (older.treeSize < newer.treeSize) {
    if (evidence.consistencyProof === undefined) return failed(`no consistency proof given between the trees of ${older.treeSize} and ${newer.treeSize} leaves`);
    const document = consistencyDocumentSchema.safeParse(evidence.consistencyProof);
    if (!document.success) return failed(`consistency proof ${describeSchemaError(document.error)}`);
    nodes = Array.isArray(document.data) ? document.data : document.data.proof;
  }
  const result = checkTreeHeadConsistency(older, newer, nodes, keys.value, hash);
  if (!result.ok) return failed(describeTreeHeadIssue(result.error));
  return passed(`the signed tree of ${newer.treeSize} leaves extends the saved tree of ${older.treeSize} leaves unchanged`);
}

function commitmentDigest(commitment: unknown, hash: Sha256): string {
  const isEnvelope = typeof commitment === 'object' && commitment !== null && 'record' in commitment && 'signature' in commitment;
  return computeRecordHash(isEnvelope ? (commitment as { record: unknown }).record : commitment, hash);
}

function checkCommitmentOrder(facts: LoggedRecordFacts, proven: ProvenLeaf | undefined, evidence: LogEvidence, hash: Sha256): LogOutcome {
  if (!facts.hasNonceCommitment) return notApplicable('an offline record has no freeze commitment');
  const required = (reason: string): LogOutcome => (evidence.requireLogInclusion ? failed(`${reason}, and log proofs are required`) : notApplicable(reason));
  if (evidence.commitment === undefined) return required('no freeze commitment given');
  if (evidence.commitmentLogInclusion === undefined) return required('no publication-log inclusion proof of the freeze commitment given');
  if (!proven) return failed('the record itself is not proven in the publication log, so its order after the commitment cannot be');
  const commitment = proveLogInclusion(commitmentDigest(evidence.commitment, hash), evidence.commitmentLogInclusion, undefined, evidence.keys, hash);
  if (!commitment.ok) return failed(`freeze commitment: ${commitment.error}`);
  const { head, leafIndex, proof } = commitment.value;
  if (head.treeSize !== proven.head.treeSize || head.rootHash !== proven.head.rootHash) {
    return failed(`the commitment's proof is for the tree of ${head.treeSize} leaves, the record's for the tree of ${proven.head.treeSize}: ask the log for both at the same tree size`);
  }
  if (leafIndex >= proven.leafIndex) return failed(`the freeze commitment is leaf ${leafIndex} of the log, not before the record (leaf ${proven.leafIndex})`);

  const entropyAt = parseInstant(facts.entropyAt);
  if (facts.entropyAt === undefined) return failed('the record has no entropyAt, so nothing shows the commitment was logged before the public entropy existed');
  if (entropyAt === undefined) return failed(`the record's entropyAt ${JSON.stringify(facts.entropyAt)} is not an ISO 8601 time with an offset`);
  if (proof.appendedTreeHead === undefined) return failed('the commitment\'s proof comes without the tree head signed when it was appended (appendedTreeHead)');
  const keys = parseKeys(evidence.keys);
  if (!keys.ok) return failed(keys.error);
  const appended = verifySignedHead(proof.appendedTreeHead, keys.value, hash, 'the commitment\'s appendedTreeHead');
  if (!appended.ok) return failed(appended.error);
  if (appended.value.treeSize <= leafIndex) return failed(`the appendedTreeHead covers ${appended.value.treeSize} leaves, not the commitment's leaf ${leafIndex}`);
  const extends_ = checkTreeHeadConsistency(appended.value, head, proof.appendedConsistencyProof ?? [], keys.value, hash);
  if (!extends_.ok) return failed(`the appendedTreeHead and the proof's tree head: ${describeTreeHeadIssue(extends_.error)}`);
  if (appended.value.timestamp >= entropyAt) {
    return failed(`the first signed tree head covering the commitment is of ${new Date(appended.value.timestamp).toISOString()}, not before entropyAt ${String(facts.entropyAt)}`);
  }
  return passed(
    `the freeze commitment is leaf ${leafIndex}, before the record (leaf ${proven.leafIndex}), and a tree head signed at ${new Date(appended.value.timestamp).toISOString()} covered it before entropyAt ${String(facts.entropyAt)}`,
  );
}

/**
 * The three log checks of a record, from what the verifier was given.
 *
 * @example checkLogEvidence({ recordHash, hasNonceCommitment: true, entropyAt: '2027-03-02T10:00:00+08:00' }, { keys, logInclusion, commitment, commitmentLogInclusion }, nobleSha256)
 * // { inclusion: { status: 'passed', … }, consistency: { status: 'not_applicable', … }, commitmentOrder: { status: 'passed', … } }
 */
export function checkLogEvidence(facts: LoggedRecordFacts, evidence: LogEvidence, hash: Sha256): { inclusion: LogOutcome; consistency: LogOutcome; commitmentOrder: LogOutcome } {
  const { outcome, proven } = checkRecordInclusion(facts, evidence, hash);
  return { inclusion: outcome, consistency: checkConsistency(proven, evidence, hash), commitmentOrder: checkCommitmentOrder(facts, proven, evidence, hash) };
}
