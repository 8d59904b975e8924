/**
 * The receipt check of the verifier (draw/v1 section 10 item 4, draw/v1.1 section 7.2): an
 * enterprise's `suiji.receipt/1`, in the bureau's signed envelope, against a draw record.
 *
 * It checks, in order: the envelope's recordHash and Ed25519 signature against the key set
 * (an unsigned receipt, or one whose signature cannot be checked, fails unless the caller
 * explicitly gives up signatures with `skipSignature`); for a sealed record of draw/v1.1 that
 * the receipt's N, k and stratum salt open its stratum's `sizeCommitment` and, with the
 * threshold, its `commitment`, and that k follows from N, ratio and minimum; the member's
 * inclusion in `poolRoot`; its ticket from the seed; that the threshold is a selected
 * enterprise with that ticket; and selected ⇔ (ticket, code) ≤ (threshold, thresholdCode).
 *
 * Accepts the receipt as served (envelope), bare, or inside the notification that
 * `suiji receipt TASK CODE --notification` prints (`{receiptCode, readAt, receipt}`).
 */
import { hexToBytes, type Sha256 } from '../hash.ts';
import { createTextLeafHasher, verifyInclusion } from '../merkle.ts';
import { computeRecordHash, describeSignatureIssue, verifyEnvelopeSignature, type PublicKeySet, type SignedEnvelope } from '../signature.ts';
import { computePoolLeaf, type DrawRecord, type Receipt, type RecordStratum } from '../draw/record.ts';
import { computeSampleSize, describeSampleSizeIssue } from '../draw/sample-size.ts';
import { computeStratumCommitment, computeStratumSizeCommitment } from '../draw/stratum-commitment.ts';
import { compareTicketed, createTicketer } from '../draw/ticket.ts';
import { describeSchemaError, envelopeSchema, keySetSchema, receiptSchema } from './record-schema.ts';

export interface ReceiptCheckOptions {
  /** The key set of `/.well-known/suiji-keys.json`. */
  readonly keys?: unknown;
  /** The user explicitly accepts an unsigned receipt, or one whose signature is not checked. */
  readonly skipSignature?: boolean;
  readonly hash: Sha256;
}

export interface ReceiptCheckOutcome {
  /** Empty when the receipt passed. */
  readonly problems: readonly string[];
  /** What was established, for the passed check's reason. */
  readonly summary: string;
}

/** The receipt inside `suiji receipt --notification`'s output, or the value itself. */
function unwrapNotification(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'receipt' in value && 'receiptCode' in value) return (value as { receipt: unknown }).receipt;
  return value;
}

function checkReceiptSignature(value: unknown, options: ReceiptCheckOptions): { receipt: unknown; problems: string[]; note: string } {
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) {
    return options.skipSignature
      ? { receipt: value, problems: [], note: 'unsigned receipt (signature not required)' }
      : { receipt: value, problems: ['the receipt is not in its signed envelope {record, recordHash, signature}'], note: '' };
  }
  const signed = envelope.data as SignedEnvelope;
  const computed = computeRecordHash(signed.record, options.hash);
  if (computed !== signed.recordHash) return { receipt: signed.record, problems: [`the canonical receipt hashes to ${computed}, not ${signed.recordHash}`], note: '' };
  if (options.keys === undefined) {
    return options.skipSignature
      ? { receipt: signed.record, problems: [], note: 'signature not checked (signature not required)' }
      : { receipt: signed.record, problems: ["no key set given to check the receipt's signature against"], note: '' };
  }
  const keys = keySetSchema.safeParse(options.keys);
  if (!keys.success) return { receipt: signed.record, problems: [`key set ${describeSchemaError(keys.error)}`], note: '' };
  const verified = verifyEnvelopeSignature(signed, keys.data as PublicKeySet);
  if (!verified.ok) return { receipt: signed.record, problems: [`receipt signature: ${describeSignatureIssue(verified.error)}`], note: '' };
  return { receipt: signed.record, problems: [], note: `signed by key ${verified.value.keyId}` };
}

/**
 * Where the receipt's N, k and stratum salt fail to open its stratum's commitments in a
 * sealed record of draw/v1.1, or differ from a record that publishes N and k.
 */
function findStratumProblems(receipt: Receipt, stratum: RecordStratum, hash: Sha256): string[] {
  const problems: string[] = [];
  if (stratum.commitment === undefined) {
    if (receipt.N !== undefined && receipt.N !== stratum.N) problems.push(`the receipt says N = ${receipt.N}, the record ${String(stratum.N)}`);
    if (receipt.k !== undefined && receipt.k !== stratum.k) problems.push(`the receipt says k = ${receipt.k}, the record ${String(stratum.k)}`);
    return problems;
  }
  if (receipt.N === undefined || receipt.k === undefined || receipt.stratumSalt === undefined) {
    return [`the record commits to stratum ${stratum.label}'s size, but the receipt does not give N, k and stratumSalt to open it`];
  }
  const opening = { label: stratum.label, N: receipt.N, k: receipt.k, salt: receipt.stratumSalt };
  const k = computeSampleSize(receipt.N, stratum);
  if (!k.ok) problems.push(`stratum ${stratum.label}: ${describeSampleSizeIssue(k.error)}`);
  else if (k.value !== receipt.k) problems.push(`N = ${receipt.N}, ratio ${stratum.ratio}, minimum ${stratum.minimum} give k = ${k.value}, the receipt says ${receipt.k}`);
  if (computeStratumSizeCommitment(opening, hash) !== stratum.sizeCommitment) problems.push(`N = ${receipt.N}, k = ${receipt.k} and the stratum salt do not open stratum ${stratum.label}'s sizeCommitment`);
  if (computeStratumCommitment({ ...opening, threshold: receipt.threshold, thresholdCode: receipt.thresholdCode }, hash) !== stratum.commitment) {
    problems.push(`the threshold is not stratum ${stratum.label}'s: N, k, threshold, thresholdCode and the stratum salt do not open its commitment`);
  }
  return problems;
}

/**
 * Checks a receipt against a draw record; `problems` is empty when it passed.
 *
 * @example
 * checkReceipt(sealedRecord, receiptEnvelope, { keys, hash: nobleSha256 })
 * // { problems: [], summary: '91… is in the committed pool in stratum C, and had to be selected; signed by key …' }
 */
export function checkReceipt(record: DrawRecord, value: unknown, options: ReceiptCheckOptions): ReceiptCheckOutcome {
  const { hash } = options;
  const signature = checkReceiptSignature(unwrapNotification(value), options);
  const parsed = receiptSchema.safeParse(signature.receipt);
  if (!parsed.success) return { problems: [...signature.problems, `receipt ${describeSchemaError(parsed.error)}`], summary: '' };
  const receipt = parsed.data as Receipt;
  const problems = [...signature.problems];
  if (receipt.task !== record.task.code) problems.push(`the receipt is for task ${receipt.task}, the record for ${record.task.code}`);
  if (record.poolRoot === undefined) return { problems: [...problems, 'the record has no poolRoot to check a receipt against'], summary: '' };
  if (receipt.poolRoot !== record.poolRoot) problems.push('the receipt names a different poolRoot from the record');
  const stratum = record.strata.find((entry) => entry.label === receipt.stratum);
  if (!stratum) problems.push(`the record has no stratum ${receipt.stratum}`);
  else problems.push(...findStratumProblems(receipt, stratum, hash));
  const poolSize = record.poolSize ?? record.strata.reduce((sum, entry) => sum + (entry.N ?? 0), 0);
  if (receipt.treeSize !== poolSize) problems.push(`the receipt's tree has ${receipt.treeSize} leaves, the record's pool ${poolSize}`);
  const leafHash = createTextLeafHasher(hash)(computePoolLeaf(receipt));
  const included = verifyInclusion(
    { leafHash, leafIndex: receipt.leafIndex, treeSize: receipt.treeSize, proof: receipt.proof.map((node) => hexToBytes(node) as Uint8Array), root: hexToBytes(record.poolRoot) as Uint8Array },
    hash,
  );
  if (!included) problems.push(`the inclusion proof of ${receipt.code}/${receipt.stratum}/salt does not lead to poolRoot`);
  const ticket = createTicketer(record.seed, hash).ticket(receipt.code);
  if (ticket !== receipt.ticket) problems.push("the receipt's ticket is not the one the seed gives");

  if ((receipt.threshold === undefined) !== (receipt.thresholdCode === undefined)) problems.push('threshold and thresholdCode come together');
  const threshold = receipt.threshold !== undefined && receipt.thresholdCode !== undefined ? { ticket: receipt.threshold, code: receipt.thresholdCode } : undefined;
  const k = receipt.k ?? stratum?.k;
  if (stratum && threshold === undefined && k !== 0) problems.push(`stratum ${stratum.label} has k = ${String(k)} but the receipt gives no threshold`);
  if (threshold !== undefined && k === 0) problems.push(`stratum ${receipt.stratum} has k = 0 but the receipt gives a threshold`);
  if (stratum?.threshold !== undefined && (stratum.threshold !== receipt.threshold || stratum.thresholdCode !== receipt.thresholdCode)) problems.push("the receipt's threshold differs from the record's");
  if (threshold) {
    const thresholdEntry = record.selected.find((member) => member.code === threshold.code);
    if (!thresholdEntry || thresholdEntry.ticket !== threshold.ticket) problems.push(`the threshold ${threshold.code} is not a selected enterprise with that ticket`);
  }
  const mustBeSelected = threshold !== undefined && compareTicketed({ code: receipt.code, ticket }, threshold) <= 0;
  if (receipt.selected !== mustBeSelected) problems.push(`the receipt says selected = ${receipt.selected}, but (ticket, code) ${mustBeSelected ? '≤' : '>'} (threshold, thresholdCode)`);
  const listed = record.selected.some((member) => member.code === receipt.code);
  if (listed !== mustBeSelected) problems.push(`the record ${listed ? 'lists' : 'does not list'} ${receipt.code} as selected`);

  const binding =
    stratum?.commitment !== undefined
      ? `its N = ${String(receipt.N)}, k = ${String(receipt.k)} and threshold open the stratum's commitments`
      : stratum?.threshold !== undefined
        ? "the threshold is the record's own"
        : 'the record publishes no stratum commitment (draw/v1), so the threshold is not tied to the stratum';
  return {
    problems,
    summary: `${receipt.code} is in the committed pool in stratum ${receipt.stratum}, and ${mustBeSelected ? 'had to be selected' : 'could not be selected'}; ${binding}; ${signature.note}`,
  };
}
