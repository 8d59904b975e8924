/**
 * Reading what a draw published (一公开): the list of drawn tasks, the signed public record,
 * the server-side verification report, the audit record (auditors), an enterprise's receipt
 * (with its receipt code), and the bureau's key set.
 */
import { timingSafeEqual } from 'node:crypto';
import { buildChunkReceipt, type ReceiptContext } from '../core/draw/pool-chunks.ts';
import type { Receipt } from '../core/draw/record.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { PublicKeySet, SignedEnvelope } from '../core/signature.ts';
import { verifyRecord, type Check, type VerifyInput } from '../core/verify/index.ts';
import type { Executor } from '../persistence/database.ts';
import { findCommitmentEnvelope, findDrawRecord, findPoolChunk, findPoolTree, findPublicEnvelope, findStoredReceipt, listDrawRecords, type DrawListing } from '../persistence/draw-repository.ts';
import { findTask } from '../persistence/inspection-repository.ts';
import { deriveReceiptCode, deriveSalt, hashReceiptCode, type BureauKeys } from './bureau-keys.ts';
import { nodeSha256 } from './node-hash.ts';
import { getInclusionProof, type LogInclusionProofDocument } from './publication-log.ts';
import { publicKeySetOf, signRecord } from './record-signing.ts';

/** The `/.well-known/suiji-keys.json` document: the current key and the retired ones. */
export function bureauKeySet(keys: BureauKeys): PublicKeySet {
  return publicKeySetOf([keys.signingKey, ...keys.retiredKeys]);
}

/** Frozen and drawn tasks, with their status. */
export async function listPublishedDraws(db: Executor): Promise<DrawListing[]> {
  return listDrawRecords(db);
}

/** The signed public record of a drawn task, as stored (JSON text), or undefined. */
export async function findPublicEnvelopeText(db: Executor, taskCode: string): Promise<string | undefined> {
  return findPublicEnvelope(db, taskCode);
}

/**
 * The signed freeze commitment `suiji.draw-commitment/1` (JSON text), public from the
 * freeze on, or undefined when the task is unknown or not frozen yet.
 *
 * @example await findCommitmentEnvelopeText(db, '2027-JM-003') // '{"record":{"format":"suiji.draw-commitment/1",…},…}'
 */
export async function findCommitmentEnvelopeText(db: Executor, taskCode: string): Promise<string | undefined> {
  return findCommitmentEnvelope(db, taskCode);
}

/** The signed audit record of a drawn task (JSON text): auditors only. */
export async function findAuditEnvelopeText(db: Executor, taskCode: string): Promise<string | undefined> {
  return (await findDrawRecord(db, taskCode))?.auditEnvelope;
}

/** The log proofs of a draw: its record's and its freeze commitment's, in the same signed tree. */
export interface DrawLogProofs {
  readonly record?: LogInclusionProofDocument;
  readonly commitment?: LogInclusionProofDocument;
}

/**
 * The inclusion proofs of a draw's record and of its freeze commitment, both in the latest
 * tree (the commitment's in the tree of the record's proof, so a verifier compares their
 * leaf indexes), each with its signed tree head and the head signed when it was appended.
 *
 * @example await getDrawLogProofs(db, '2027-JM-003') // { record: { leafIndex: 9, treeHead, … }, commitment: { leafIndex: 4, appendedTreeHead, … } }
 */
export async function getDrawLogProofs(db: Executor, taskCode: string): Promise<DrawLogProofs | undefined> {
  const [recordText, commitmentText] = await Promise.all([findPublicEnvelopeText(db, taskCode), findCommitmentEnvelope(db, taskCode)]);
  if (recordText === undefined && commitmentText === undefined) return undefined;
  const hashOf = (text: string) => (JSON.parse(text) as SignedEnvelope).recordHash;
  const record = recordText === undefined ? undefined : await getInclusionProof(db, { recordHash: hashOf(recordText) });
  const treeSize = record?.ok ? record.value.treeSize : undefined;
  const commitment = commitmentText === undefined ? undefined : await getInclusionProof(db, { recordHash: hashOf(commitmentText) }, treeSize);
  return { ...(record?.ok ? { record: record.value } : {}), ...(commitment?.ok ? { commitment: commitment.value } : {}) };
}

/** What the server verifies a published record with: everything but the hash function. */
export type PublishedDrawVerificationInput = Omit<VerifyInput, 'hash'>;

/**
 * The inputs of the server's verification of a published record: the record (its JSON
 * text, when the caller already holds it), its freeze commitment, the bureau's own key set
 * and both log inclusion proofs in the latest tree. Undefined when nothing is published.
 *
 * @example await publishedDrawVerificationInput(db, keys, '2027-JM-003') // { record: {…}, commitment: {…}, keys: {…}, requireSignature: true, … }
 */
export async function publishedDrawVerificationInput(db: Executor, keys: BureauKeys, taskCode: string, recordText?: string): Promise<PublishedDrawVerificationInput | undefined> {
  const text = recordText ?? (await findPublicEnvelopeText(db, taskCode));
  if (text === undefined) return undefined;
  const envelope = JSON.parse(text) as SignedEnvelope;
  const proofs = await getDrawLogProofs(db, taskCode);
  const commitmentText = await findCommitmentEnvelope(db, taskCode);
  const commitment = commitmentText === undefined ? undefined : (JSON.parse(commitmentText) as unknown);
  return {
    record: envelope,
    commitment,
    keys: bureauKeySet(keys),
    requireSignature: true,
    requireLogInclusion: true,
    logInclusion: proofs?.record,
    commitmentLogInclusion: proofs?.commitment,
  };
}

/**
 * Every check of spec section 10 on a published record, signature and publication-log
 * inclusion included, the comparison with the freeze commitment and the commitment's place
 * in the log before the record, with the bureau's own key set and the log's latest tree.
 * On this thread: the HTTP server verifies off its event loop (`VerificationWorker`).
 *
 * @example await verifyPublishedDraw(db, keys, '2027-JM-003') // [{ id: 'seed', status: 'passed', … }, …]
 */
export async function verifyPublishedDraw(db: Executor, keys: BureauKeys, taskCode: string): Promise<Check[] | undefined> {
  const input = await publishedDrawVerificationInput(db, keys, taskCode);
  return input && verifyRecord({ ...input, hash: nodeSha256 });
}

/** Documents someone asks the server to verify (POST /api/public/verify). */
export interface SubmittedDocuments {
  readonly record: unknown;
  readonly receipt?: unknown;
  readonly commitment?: unknown;
  /** Absent: the bureau's own key set is used, and the report says so. */
  readonly keys?: unknown;
  readonly logProof?: unknown;
  readonly treeHead?: unknown;
  readonly oldTreeHead?: unknown;
  readonly consistencyProof?: unknown;
  readonly commitmentLogProof?: unknown;
  readonly requireSignature?: boolean;
  readonly noSignature?: boolean;
  readonly requireLog?: boolean;
}

/**
 * Verifies documents someone sent, exactly as `suiji verify` would with the same files; no
 * proof is looked up on their behalf. Without a key set, the bureau's own is used.
 *
 * @example verifySubmittedDocuments(keys, { record: envelope, logProof, requireLog: true }) // { keysFrom: 'bureau', checks }
 */
export function verifySubmittedDocuments(keys: BureauKeys | undefined, documents: SubmittedDocuments): { keysFrom: 'submitted' | 'bureau' | 'none'; checks: Check[] } {
  const keySet = documents.keys ?? (keys ? bureauKeySet(keys) : undefined);
  const checks = verifyRecord({
    record: documents.record,
    receipt: documents.receipt,
    commitment: documents.commitment,
    keys: keySet,
    logInclusion: documents.logProof,
    treeHead: documents.treeHead,
    oldTreeHead: documents.oldTreeHead,
    consistencyProof: documents.consistencyProof,
    commitmentLogInclusion: documents.commitmentLogProof,
    requireSignature: documents.requireSignature === true,
    skipSignature: documents.noSignature === true,
    requireLogInclusion: documents.requireLog === true,
    hash: nodeSha256,
  });
  return { keysFrom: documents.keys !== undefined ? 'submitted' : keySet ? 'bureau' : 'none', checks };
}

export type ReceiptAccessIssue = { readonly code: 'receipt_not_found' } | { readonly code: 'receipt_code_required' } | { readonly code: 'receipt_code_wrong' };

/**
 * The receipt of a pool member of a drawn task, or undefined (not drawn, not a member). A
 * draw from before issue 15 stored every receipt: it is served as stored. Later draws store
 * the pool in chunks and their hashes: the receipt is built now from the member's chunk,
 * byte for byte the receipt the draw would have issued (`createReceiptIssuer`).
 *
 * @example await buildReceipt(db, keys, '2027-JM-003', '91350100M000100Y43') // { format: 'suiji.receipt/1', selected: false, proof: […], … }
 */
export async function buildReceipt(db: Executor, keys: BureauKeys, taskCode: string, creditCode: string): Promise<Receipt | undefined> {
  const stored = await findStoredReceipt(db, taskCode, creditCode);
  if (stored !== undefined) return JSON.parse(stored) as Receipt;
  const tree = await findPoolTree(db, taskCode);
  if (!tree || tree.seed === null || tree.strata === null) return undefined;
  const chunk = await findPoolChunk(db, taskCode, creditCode);
  if (!chunk?.members.some((member) => member.code === creditCode)) return undefined;
  const task = await findTask(db, taskCode);
  if (task?.poolRoot == null) throw new Error(`drawn task ${taskCode} has no poolRoot`);
  const context: ReceiptContext = { task: taskCode, seed: tree.seed, poolRoot: task.poolRoot, treeSize: tree.size, strata: tree.strata as ReceiptContext['strata'], chunkRoots: tree.chunkRoots };
  const members = chunk.members.map((member) => ({ ...member, salt: deriveSalt(keys, taskCode, member.code) }));
  return buildChunkReceipt(context, { index: chunk.index, members }, creditCode, nodeSha256);
}

/**
 * Whether `receiptCode` is the one printed for this enterprise in this task, in constant
 * time (the code derives from the server secret; nothing is read from the database).
 *
 * @example holdsReceiptCode(keys, '2027-JM-003', '91350100M000100Y43', 'K7QD-3M9X-PA2F-8HZT') // true
 */
export function holdsReceiptCode(keys: BureauKeys, taskCode: string, creditCode: string, receiptCode: string): boolean {
  const presented = Buffer.from(hashReceiptCode(receiptCode), 'hex');
  const expected = Buffer.from(hashReceiptCode(deriveReceiptCode(keys, taskCode, creditCode)), 'hex');
  return timingSafeEqual(presented, expected);
}

/**
 * An enterprise's receipt. The caller proves it is the enterprise with the receipt code
 * printed on its notification, unless it is bureau staff or an auditor (`privileged`).
 * Without privilege, "not in the pool" and "wrong code" give the same answer, so guessing
 * codes reveals nothing about who is in the pool; a wrong code is refused before the
 * database is read.
 *
 * @example await readReceipt(db, keys, '2027-JM-003', '91350100M000100Y43', { receiptCode: 'K7QD-3M9X-PA2F-8HZT' })
 */
export async function readReceipt(
  db: Executor,
  keys: BureauKeys,
  taskCode: string,
  creditCode: string,
  access: { readonly receiptCode?: string | undefined; readonly privileged?: boolean },
): Promise<Result<Receipt, ReceiptAccessIssue>> {
  if (!access.privileged) {
    if (access.receiptCode === undefined || access.receiptCode.trim() === '') return err({ code: 'receipt_code_required' });
    if (!holdsReceiptCode(keys, taskCode, creditCode, access.receiptCode)) return err({ code: 'receipt_code_wrong' });
  }
  const receipt = await buildReceipt(db, keys, taskCode, creditCode);
  if (!receipt) return err({ code: access.privileged ? 'receipt_not_found' : 'receipt_code_wrong' });
  return ok(receipt);
}

/**
 * An enterprise's receipt in the bureau's signed envelope (draw/v1.1 section 7.2), signed
 * now from the receipt served by `readReceipt`: signing every member's receipt at the draw would cost as much
 * as the draw itself at 10^5 members, and a receipt is read by few. Same access rules as
 * `readReceipt`.
 *
 * @example await readSignedReceipt(db, keys, '2027-JM-003', '91350100M000100Y43', { receiptCode }) // ok({ record: receipt, recordHash, signature })
 */
export async function readSignedReceipt(
  db: Executor,
  keys: BureauKeys,
  taskCode: string,
  creditCode: string,
  access: { readonly receiptCode?: string | undefined; readonly privileged?: boolean },
): Promise<Result<SignedEnvelope<Receipt>, ReceiptAccessIssue>> {
  const receipt = await readReceipt(db, keys, taskCode, creditCode, access);
  return receipt.ok ? ok(signRecord(receipt.value, keys.signingKey)) : receipt;
}
