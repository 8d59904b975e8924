/**
 * The verifier, draw/v1 section 10: one pure function from a published document (a draw
 * record: open, sealed, audit or offline; or its signed envelope), optionally a receipt,
 * the bureau's key set and a publication-log inclusion proof, to a list of checks, each
 * passed, failed or not applicable with a reason. The CLI (`suiji verify`), the server's
 * verification endpoint and the browser page all call this.
 *
 * Checks, in order: format; commitment (against the freeze commitment, when given); 1 seed;
 * order and beacon (draw/v1.1 section 3.1, in check-order.ts); 2 sample-size; 3 tickets; 4
 * selection and receipt; 5 assignment; 6 record-hash, signature, log-inclusion,
 * log-consistency, commitment-log (check-log.ts).
 *
 * Nothing unproven passes: a published record (one with a poolRoot or a nonce commitment)
 * whose signature was not checked, for want of a key set or of its envelope, fails the
 * signature check unless the caller explicitly skips signatures (`skipSignature`).
 */
import { coreSha256, type Sha256 } from '../hash.ts';
import { computeRecordHash, describeSignatureIssue, verifyEnvelopeSignature, type PublicKeySet, type SignedEnvelope } from '../signature.ts';
import { compareWithCommitment, type DrawCommitment } from '../draw/commitment.ts';
import { CodeList } from '../draw/code-list.ts';
import { compareCodes, computePoolRoot, findPoolStructureIssue, type DrawRecord, type PoolMember, type RecordMember } from '../draw/record.ts';
import { computeSampleSize, describeSampleSizeIssue } from '../draw/sample-size.ts';
import { computeNonceCommitment, describeSeedIssue, validateNonce, validateSeed } from '../draw/seed.ts';
import { drawKeyedStrata, keyStrata } from '../draw/selection.ts';
import { compareTicketed, createTicketer } from '../draw/ticket.ts';
import { checkAssignment } from './check-assignment.ts';
import { checkLogEvidence } from './check-log.ts';
import { checkBeacon, checkOrder } from './check-order.ts';
import { checkReceipt } from './check-receipt.ts';
import { commitmentSchema, describeSchemaError, envelopeSchema, keySetSchema, recordSchema } from './record-schema.ts';
import { findStratumSizeProblems } from './stratum-sizes.ts';

export type CheckId =
  | 'format'
  | 'commitment'
  | 'seed'
  | 'order'
  | 'beacon'
  | 'sample-size'
  | 'tickets'
  | 'selection'
  | 'receipt'
  | 'assignment'
  | 'record-hash'
  | 'signature'
  | 'log-inclusion'
  | 'log-consistency'
  | 'commitment-log';
export type CheckStatus = 'passed' | 'failed' | 'not_applicable';

export interface Check {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  readonly reason: string;
}

export interface VerifyInput {
  /** A draw record, or its envelope `{record, recordHash, signature}` (detected by shape). */
  readonly record: unknown;
  readonly receipt?: unknown;
  /**
   * The freeze commitment `suiji.draw-commitment/1` published before the draw (or its
   * signed envelope): the record must repeat its poolRoot, nonceCommitment, entropySource
   * and strata. Without it the check is not applicable.
   */
  readonly commitment?: unknown;
  /** The key set of `/.well-known/suiji-keys.json`. */
  readonly keys?: unknown;
  /** Inclusion proof of the record's digest in the publication log, when the caller has one (it may carry its signed `treeHead`). */
  readonly logInclusion?: unknown;
  /** The signed tree head `suiji.tree-head/1` the inclusion proof is against, when the proof carries none. */
  readonly treeHead?: unknown;
  /** A signed tree head saved earlier, and the consistency proof between it and the proof's head. */
  readonly oldTreeHead?: unknown;
  readonly consistencyProof?: unknown;
  /** Inclusion proof of the freeze commitment in the same signed tree as the record. */
  readonly commitmentLogInclusion?: unknown;
  /** Fail (rather than skip) when the record is not signed or the signature cannot be checked, even an offline record. */
  readonly requireSignature?: boolean;
  /**
   * The caller chose not to check signatures (`--no-signature`): an unchecked record
   * signature is then not applicable instead of failed, and an unsigned receipt, or one
   * without a key set to check it against, is accepted.
   */
  readonly skipSignature?: boolean;
  /** Fail (rather than skip) when no publication-log inclusion proof is given, for the record or (with a nonce commitment) for its freeze commitment. */
  readonly requireLogInclusion?: boolean;
  /** Defaults to the pure-JS SHA-256; Node callers pass the native one for large records. */
  readonly hash?: Sha256;
}

const titles: Record<CheckId, string> = {
  format: 'The document is a suiji.draw-record/1 record (or its signed envelope)',
  commitment: 'The record repeats the commitment published at freeze (poolRoot, nonceCommitment, entropy source, strata)',
  seed: 'Seed: sha256(nonce) equals the commitment and seed = nonce + "-" + entropy',
  order: 'Order of events: frozenAt + notice <= entropyAt <= drawnAt, entropyAt is the announced source\'s time',
  beacon: 'drand beacon: the entropy is the committed round and its BLS signature verifies',
  'sample-size': 'Sample size k of every stratum from N, ratio and minimum',
  tickets: 'Ticket of every selected enterprise, recomputed from the seed',
  selection: 'Selected set equals the draw of the pool (open/audit) or is consistent (sealed)',
  receipt: "Receipt: signed, opens its stratum's commitments, inclusion in the pool commitment and selected ⇔ (ticket, code) ≤ threshold",
  assignment: 'Inspector assignment assign/v1 from the inspector snapshot committed at freeze',
  'record-hash': 'recordHash is SHA-256 of the RFC 8785 canonical record',
  signature: "Ed25519 signature by the bureau's published key",
  'log-inclusion': 'Inclusion of the record in the publication log, under a tree head signed by the bureau',
  'log-consistency': 'The signed tree head extends the tree head saved earlier',
  'commitment-log': 'The freeze commitment was logged before the record, and under a signed tree head older than entropyAt',
};

const check = (id: CheckId, status: CheckStatus, reason: string): Check => ({ id, title: titles[id], status, reason });
const pass = (id: CheckId, reason: string): Check => check(id, 'passed', reason);
const fail = (id: CheckId, reason: string): Check => check(id, 'failed', reason);
const skip = (id: CheckId, reason: string): Check => check(id, 'not_applicable', reason);

/** Lists at most a few items in a reason, saying how many there were. */
function summarise(items: readonly string[], limit = 3): string {
  const shown = items.slice(0, limit).join('; ');
  return items.length > limit ? `${shown}; and ${items.length - limit} more` : shown;
}

function isEnvelope(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'record' in value && 'signature' in value;
}

/**
 * Verifies a draw record (and optionally a receipt) and returns every check.
 *
 * @example
 * const checks = verifyRecord({ record: JSON.parse(text), keys, requireSignature: true });
 * const allPassed = checks.every((c) => c.status !== 'failed');
 */
export function verifyRecord(input: VerifyInput): Check[] {
  const hash = input.hash ?? coreSha256;
  let envelope: SignedEnvelope | undefined;
  let rawRecord = input.record;
  if (isEnvelope(input.record)) {
    const parsedEnvelope = envelopeSchema.safeParse(input.record);
    if (!parsedEnvelope.success) return [fail('format', `envelope ${describeSchemaError(parsedEnvelope.error)}`)];
    envelope = parsedEnvelope.data as SignedEnvelope;
    rawRecord = parsedEnvelope.data.record;
  }
  // Members still in a file's bytes (`scanOpenRecord`) are valid by construction: the schema sees an empty list in their place.
  const codeLists = new Map<number, CodeList>();
  const parsed = recordSchema.safeParse(setCodeListsAside(rawRecord, codeLists));
  if (!parsed.success) return [fail('format', `record ${describeSchemaError(parsed.error)}`)];
  const memberIssue = findMemberShapeIssue(parsed.data.strata);
  if (memberIssue) return [fail('format', memberIssue)];
  if (codeLists.size > 0 && (envelope || input.logInclusion !== undefined)) throw new Error('a record read with scanOpenRecord has no canonical text to hash: parse it with JSON.parse');
  const record = (codeLists.size === 0 ? parsed.data : { ...parsed.data, strata: parsed.data.strata.map((stratum, index) => ({ ...stratum, members: codeLists.get(index) ?? stratum.members })) }) as DrawRecord;

  const checks: Check[] = [pass('format', describeKind(record))];
  checks.push(input.commitment === undefined ? skip('commitment', 'no freeze commitment given') : checkCommitment(record, input.commitment, input, hash));
  checks.push(checkSeed(record, hash));
  const order = checkOrder(record, input.commitment);
  checks.push(check('order', order.status, order.reason));
  const beacon = checkBeacon(record);
  checks.push(check('beacon', beacon.status, beacon.reason));
  const sizes = checkSampleSizes(record, hash);
  checks.push(sizes.check);
  checks.push(checkTickets(record, hash));
  checks.push(checkSelection(record, sizes.k, hash));
  checks.push(input.receipt === undefined ? skip('receipt', 'no receipt given') : receiptCheck(record, input, hash));
  checks.push(checkAssignmentOfRecord(record, hash));
  checks.push(...checkPublication(record, rawRecord, envelope, input, hash));
  return checks;
}

/** A stratum's members as verifyRecord takes them: parsed objects, or codes still in the file's bytes. */
type MemberListing = readonly RecordMember[] | CodeList;

const membersOf = (stratum: DrawRecord['strata'][number]): MemberListing => (stratum.members as MemberListing | undefined) ?? [];

/** The record with every `CodeList` of members replaced by an empty array (noted in `lists` by stratum index); other values unchanged. */
function setCodeListsAside(value: unknown, lists: Map<number, CodeList>): unknown {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { strata?: unknown }).strata)) return value;
  const strata = (value as { strata: unknown[] }).strata;
  if (!strata.some((stratum) => (stratum as { members?: unknown } | null)?.members instanceof CodeList)) return value;
  return {
    ...value,
    strata: strata.map((stratum, index) => {
      const members = (stratum as { members?: unknown } | null)?.members;
      if (!(members instanceof CodeList)) return stratum;
      lists.set(index, members);
      return { ...(stratum as object), members: [] };
    }),
  };
}

function describeKind(record: DrawRecord): string {
  const hasMembers = record.strata.some((stratum) => stratum.members !== undefined);
  if (record.poolRoot === undefined && record.nonceCommitment === undefined) return 'offline open record (no pool commitment, no nonce)';
  if (record.visibility === 'open') return 'open record';
  return hasMembers ? 'audit record of a sealed draw' : 'sealed public record';
}

function findMemberShapeIssue(strata: readonly { label: string; members?: readonly unknown[] | undefined }[]): string | undefined {
  for (const [stratumIndex, stratum] of strata.entries()) {
    if (!stratum.members) continue;
    for (const [index, member] of stratum.members.entries()) {
      const valid =
        typeof member === 'object' &&
        member !== null &&
        typeof (member as { code?: unknown }).code === 'string' &&
        ((member as { salt?: unknown }).salt === undefined || typeof (member as { salt?: unknown }).salt === 'string');
      if (!valid) return `record strata[${stratumIndex}].members[${index}]: expected {"code": string, "salt"?: string}`;
    }
  }
  return undefined;
}

function checkCommitment(record: DrawRecord, value: unknown, { keys, skipSignature }: VerifyInput, hash: Sha256): Check {
  let document = value;
  let signatureNote = 'unsigned commitment';
  if (isEnvelope(value)) {
    const parsedEnvelope = envelopeSchema.safeParse(value);
    if (!parsedEnvelope.success) return fail('commitment', `commitment envelope ${describeSchemaError(parsedEnvelope.error)}`);
    const envelope = parsedEnvelope.data as SignedEnvelope;
    document = envelope.record;
    const computed = computeRecordHash(document, hash);
    if (computed !== envelope.recordHash) return fail('commitment', `the canonical commitment hashes to ${computed}, not ${envelope.recordHash}`);
    if (keys === undefined && !skipSignature) return fail('commitment', 'the commitment\'s signature not checked: no key set given');
    signatureNote = 'signature not checked (explicitly skipped)';
    const keySet = keys === undefined ? undefined : keySetSchema.safeParse(keys);
    if (keySet && !keySet.success) return fail('commitment', `key set ${describeSchemaError(keySet.error)}`);
    if (keySet?.success) {
      const verified = verifyEnvelopeSignature(envelope, keySet.data as PublicKeySet);
      if (!verified.ok) return fail('commitment', `commitment signature: ${describeSignatureIssue(verified.error)}`);
      signatureNote = `commitment signed by key ${verified.value.keyId}`;
    }
  }
  const parsed = commitmentSchema.safeParse(document);
  if (!parsed.success) return fail('commitment', `commitment ${describeSchemaError(parsed.error)}`);
  const problems = compareWithCommitment(record, parsed.data as DrawCommitment);
  if (problems.length) return fail('commitment', summarise(problems));
  return pass('commitment', `poolRoot, nonceCommitment, entropy source and strata are those committed at ${parsed.data.frozenAt}; ${signatureNote}`);
}

function checkSeed(record: DrawRecord, hash: Sha256): Check {
  const seed = validateSeed(record.seed);
  if (!seed.ok) return fail('seed', describeSeedIssue(seed.error));
  const { nonce, nonceCommitment, entropy } = record;
  if (nonce === undefined && nonceCommitment === undefined && entropy === undefined) {
    return skip('seed', 'offline record: the seed was given directly, there is no nonce commitment to check');
  }
  if (nonce === undefined || nonceCommitment === undefined || entropy === undefined) {
    return fail('seed', 'the record must carry nonce, nonceCommitment and entropy together');
  }
  if (!validateNonce(nonce).ok) return fail('seed', 'the nonce is not 64 lowercase hex characters');
  const commitment = computeNonceCommitment(nonce, hash);
  if (commitment !== nonceCommitment) return fail('seed', `sha256(nonce) is ${commitment}, but the commitment published at freeze is ${nonceCommitment}`);
  if (record.seed !== `${nonce}-${entropy}`) return fail('seed', 'the seed is not nonce + "-" + entropy');
  return pass('seed', 'the nonce matches its commitment and the seed is nonce + "-" + entropy');
}

function checkSampleSizes(record: DrawRecord, hash: Sha256): { check: Check; k: (number | undefined)[] } {
  const problems: string[] = findStratumSizeProblems(record, hash);
  const computed = record.strata.map((stratum) => {
    // A sealed public record of draw/v1.1 commits to N and k: receipts and the audit record open them.
    if (stratum.N === undefined || stratum.k === undefined) return undefined;
    if (stratum.members !== undefined && stratum.members.length !== stratum.N) {
      problems.push(`stratum ${stratum.label} lists ${stratum.members.length} members but says N = ${stratum.N}`);
    }
    const k = computeSampleSize(stratum.N, stratum);
    if (!k.ok) {
      problems.push(`stratum ${stratum.label}: ${describeSampleSizeIssue(k.error)}`);
      return undefined;
    }
    if (k.value !== stratum.k) problems.push(`stratum ${stratum.label}: N = ${stratum.N}, ratio ${stratum.ratio}, minimum ${stratum.minimum} give k = ${k.value}, the record says ${stratum.k}`);
    return k.value;
  });
  if (record.strata.length === 0) problems.push('the record has no strata');
  const check = problems.length
    ? fail('sample-size', summarise(problems))
    : record.strata.every((stratum) => stratum.N !== undefined)
      ? pass('sample-size', record.strata.map((stratum) => `${stratum.label}: k = ${stratum.k} of ${stratum.N}`).join(', '))
      : pass('sample-size', `sealed record: k = ${record.sampleSize} of N = ${record.poolSize} in all; per stratum N and k are committed, opened by the audit record and by each receipt for its own stratum`);
  return { check, k: computed };
}

/**
 * A long ticket shortened to its start and the part where it differs from `other`, so a
 * reason shows the edited digit (tickets are up to 80 characters).
 *
 * @example abbreviateAround(`0.${'1'.repeat(70)}8`, `0.${'1'.repeat(70)}9`) // '0.1111…1111118'
 */
function abbreviateAround(ticket: string, other: string): string {
  if (ticket.length <= 24) return ticket;
  let first = 0;
  while (first < ticket.length && ticket[first] === other[first]) first++;
  if (first < 12) return `${ticket.slice(0, 14)}…`;
  const from = Math.max(6, first - 6);
  const to = Math.min(ticket.length, first + 6);
  return `${ticket.slice(0, 6)}…${ticket.slice(from, to)}${to < ticket.length ? '…' : ''}`;
}

function checkTickets(record: DrawRecord, hash: Sha256): Check {
  const ticketer = createTicketer(record.seed, hash);
  const wrong = record.selected.flatMap((member) => {
    const expected = ticketer.ticket(member.code);
    return expected === member.ticket ? [] : [`${member.code} has ticket ${abbreviateAround(member.ticket, expected)}, the seed gives ${abbreviateAround(expected, member.ticket)}`];
  });
  if (wrong.length) return fail('tickets', `${wrong.length} ticket(s) wrong: ${summarise(wrong)}`);
  return pass('tickets', `all ${record.selected.length} tickets recomputed from the seed`);
}

function findOrderProblem(record: DrawRecord): string | undefined {
  for (let index = 1; index < record.selected.length; index++) {
    if (compareTicketed(record.selected[index - 1] as DrawRecord['selected'][number], record.selected[index] as DrawRecord['selected'][number]) >= 0) {
      return `selected is not in strictly increasing (ticket, code) order at position ${index + 1}`;
    }
  }
  return undefined;
}

// One pattern object for a million salts (a literal inside the callback is a new RegExp per call).
const saltPattern = /^[0-9a-f]{32}$/;

function checkSelection(record: DrawRecord, computedK: readonly (number | undefined)[], hash: Sha256): Check {
  const withMembers = record.strata.filter((stratum) => stratum.members !== undefined).length;
  const order = findOrderProblem(record);
  if (withMembers === 0) return checkSealedSelection(record, order);
  if (withMembers !== record.strata.length) return fail('selection', 'some strata list their members and others do not');
  if (order) return fail('selection', order);

  const problems: string[] = [];
  const poolMembers: PoolMember[] = [];
  let memberCount = 0;
  for (const stratum of record.strata) {
    const members = membersOf(stratum);
    memberCount += members.length;
    if (members instanceof CodeList) {
      // Codes from the file's bytes: compared there; they carry no salts.
      for (const index of members.outOfOrder()) problems.push(`stratum ${stratum.label}: members are not in credit-code order at ${members.codeAt(index)}`);
      continue;
    }
    for (let index = 0; index < members.length; index++) {
      const member = members[index] as NonNullable<typeof members>[number];
      if (index > 0 && compareCodes((members[index - 1] as typeof member).code, member.code) >= 0) problems.push(`stratum ${stratum.label}: members are not in credit-code order at ${member.code}`);
      if (member.salt !== undefined) poolMembers.push({ code: member.code, stratum: stratum.label, salt: member.salt });
    }
  }
  // Each stratum's codes once: the duplicate check and the re-draw both read them (a million strings).
  const codesOf = record.strata.map((stratum) => {
    const members = membersOf(stratum);
    return members instanceof CodeList ? members : members.map((member) => member.code);
  });
  const codeStrings = (index: number): readonly string[] => {
    const codes = codesOf[index] as readonly string[] | CodeList;
    return codes instanceof CodeList ? Array.from({ length: codes.length }, (_, member) => codes.codeAt(member)) : codes;
  };
  // The re-draw's digests first: they prove there is no duplicate without a pass over a million
  // strings, and only when two fingerprints meet does the exact check name the first code listed
  // twice. Strata go in by position, so a repeated label (the sizes check's concern) hides no code.
  const ticketer = createTicketer(record.seed, hash);
  const keyed = keyStrata(
    ticketer,
    record.strata.map((stratum, index) => ({
      label: stratum.label,
      codes: codesOf[index] as readonly string[] | CodeList,
      k: Math.min(computedK[index] ?? stratum.k ?? 0, stratum.members?.length ?? 0),
    })),
  );
  const duplicate = keyed.mayRepeat ? findPoolStructureIssue(record.strata.map((_, index) => ({ label: String(index), codes: codeStrings(index) }))) : undefined;
  if (duplicate?.code === 'duplicate_member') {
    const [previous, current] = duplicate.strata.map((position) => record.strata[Number(position)]?.label);
    problems.unshift(previous === current ? `enterprise ${duplicate.enterprise} is listed twice in stratum ${previous}` : `enterprise ${duplicate.enterprise} is listed in strata ${previous} and ${current}`);
  }
  if (problems.length) return fail('selection', summarise(problems));

  let rootNote = 'no poolRoot in this offline record, so no pool commitment to check';
  if (record.poolRoot !== undefined) {
    if (poolMembers.length !== memberCount) return fail('selection', 'a record with a poolRoot must give every member its salt');
    const badSalt = poolMembers.find((member) => !saltPattern.test(member.salt));
    if (badSalt) return fail('selection', `the salt of ${badSalt.code} is not 32 lowercase hex characters`);
    const root = computePoolRoot(poolMembers, hash);
    if (root !== record.poolRoot) return fail('selection', `the listed members and strata give pool root ${root}, but the record's poolRoot is ${record.poolRoot}`);
    rootNote = 'the members and their strata match poolRoot';
  }

  const drawn = drawKeyedStrata(ticketer, keyed.strata);
  drawn.strata.forEach((expected, index) => {
    const stratum = record.strata[index] as DrawRecord['strata'][number];
    if (stratum.threshold !== expected.threshold || stratum.thresholdCode !== expected.thresholdCode) {
      problems.push(`stratum ${stratum.label}: threshold should be ${expected.threshold === undefined ? 'absent' : `${expected.thresholdCode} at ${expected.threshold.slice(0, 14)}…`}`);
    }
  });
  const expected = drawn.selected.map((member) => `${member.code}/${member.stratum}/${member.ticket}`);
  const actual = record.selected.map((member) => `${member.code}/${member.stratum ?? '?'}/${member.ticket}`);
  const expectedSet = new Set(expected);
  const actualSet = new Set(actual);
  const missing = drawn.selected.filter((_, index) => !actualSet.has(expected[index] as string)).map((member) => `${member.code} (${member.stratum}) should be selected`);
  const extra = record.selected.filter((_, index) => !expectedSet.has(actual[index] as string)).map((member) => `${member.code} should not be selected${member.stratum === undefined ? '' : ` in ${member.stratum}`}`);
  problems.push(...missing, ...extra);
  if (problems.length === 0 && expected.join('\n') !== actual.join('\n')) problems.push('selected is not in draw order');
  if (problems.length) return fail('selection', summarise(problems));
  return pass('selection', `${rootNote}; every member is in one stratum; the ${record.selected.length} selected are exactly the draw's`);
}

function checkSealedSelection(record: DrawRecord, order: string | undefined): Check {
  if (record.visibility === 'open') return fail('selection', 'an open record must list every stratum\'s members');
  const leaks = record.strata.filter((stratum) => stratum.threshold !== undefined || stratum.thresholdCode !== undefined).map((stratum) => stratum.label);
  if (leaks.length) return fail('selection', `a sealed public record must not carry thresholds (strata ${leaks.join(', ')})`);
  if (record.selected.some((member) => member.stratum !== undefined)) return fail('selection', 'a sealed public record must not give the stratum of a selected enterprise');
  const total = record.sampleSize ?? record.strata.reduce((sum, stratum) => sum + (stratum.k ?? 0), 0);
  if (record.selected.length !== total) return fail('selection', `${record.selected.length} enterprises are selected, but the ${record.sampleSize === undefined ? "strata's k add up to" : 'sampleSize is'} ${total}`);
  const codes = new Set(record.selected.map((member) => member.code));
  if (codes.size !== record.selected.length) return fail('selection', 'a code is selected more than once');
  if (order) return fail('selection', order);
  return pass('selection', `sealed record: ${total} distinct enterprises selected, as the strata's k add up to (the full draw is checked from the audit record or, per enterprise, from its receipt)`);
}

function receiptCheck(record: DrawRecord, input: VerifyInput, hash: Sha256): Check {
  const outcome = checkReceipt(record, input.receipt, { keys: input.keys, skipSignature: input.skipSignature === true, hash });
  return outcome.problems.length ? fail('receipt', summarise(outcome.problems)) : pass('receipt', outcome.summary);
}

function checkAssignmentOfRecord(record: DrawRecord, hash: Sha256): Check {
  const outcome = checkAssignment(record, hash);
  return check('assignment', outcome.status, outcome.reason);
}

function checkPublication(record: DrawRecord, rawRecord: unknown, envelope: SignedEnvelope | undefined, input: VerifyInput, hash: Sha256): Check[] {
  // Canonicalising a million-member record costs as much as drawing it: only when needed.
  const computedHash = envelope || input.logInclusion !== undefined ? computeRecordHash(rawRecord, hash) : '';
  const published = record.poolRoot !== undefined || record.nonceCommitment !== undefined;
  const unchecked = (id: CheckId, reason: string): Check => {
    if (input.requireSignature) return fail(id, `${reason}, and a signature is required`);
    if (input.skipSignature) return skip(id, `${reason}; signature checks were explicitly skipped`);
    return published || envelope ? fail(id, `signature not checked: ${reason}; a published record is verified only with its envelope and the bureau's key set`) : skip(id, reason);
  };
  const unsigned = published ? 'the record came without its signed envelope' : 'an offline record is unsigned';

  const hashCheck = envelope
    ? envelope.recordHash === computedHash
      ? pass('record-hash', `recordHash ${computedHash}`)
      : fail('record-hash', `the canonical record hashes to ${computedHash}, not ${envelope.recordHash}`)
    : unchecked('record-hash', unsigned);

  let signatureCheck: Check;
  if (!envelope) signatureCheck = unchecked('signature', unsigned);
  else if (input.keys === undefined) signatureCheck = unchecked('signature', 'no key set given to check the signature against');
  else {
    const keys = keySetSchema.safeParse(input.keys);
    if (!keys.success) signatureCheck = fail('signature', `key set ${describeSchemaError(keys.error)}`);
    else {
      const verified = verifyEnvelopeSignature(envelope, keys.data as PublicKeySet);
      signatureCheck = verified.ok ? pass('signature', `signed by key ${verified.value.keyId}`) : fail('signature', describeSignatureIssue(verified.error));
    }
  }

  const log = checkLogEvidence(
    { recordHash: computedHash, hasNonceCommitment: record.nonceCommitment !== undefined, entropyAt: (rawRecord as { entropyAt?: unknown }).entropyAt },
    {
      keys: input.keys,
      logInclusion: input.logInclusion,
      treeHead: input.treeHead,
      oldTreeHead: input.oldTreeHead,
      consistencyProof: input.consistencyProof,
      commitment: input.commitment,
      commitmentLogInclusion: input.commitmentLogInclusion,
      requireLogInclusion: input.requireLogInclusion ?? false,
    },
    hash,
  );
  return [
    hashCheck,
    signatureCheck,
    check('log-inclusion', log.inclusion.status, log.inclusion.reason),
    check('log-consistency', log.consistency.status, log.consistency.reason),
    check('commitment-log', log.commitmentOrder.status, log.commitmentOrder.reason),
  ];
}

/** True when no check failed (not-applicable checks do not fail a record). */
export function allChecksPassed(checks: readonly Check[]): boolean {
  return checks.every((entry) => entry.status !== 'failed');
}
