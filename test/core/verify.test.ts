/**
 * The verifier (spec section 10) on open, sealed, audit and offline records, receipts and
 * signed envelopes; any tampering must make it fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { generateSigningKey, publicKeySetOf, signRecord } from '../../src/application/record-signing.ts';
import type { DrawCommitment } from '../../src/core/draw/commitment.ts';
import { entropyFieldsOf } from '../../src/core/draw/entropy-source.ts';
import { buildDrawRecord, createReceiptIssuer, toPublicRecord, type DrawRecord, type DrawRecordInput, type RecordMember } from '../../src/core/draw/record.ts';
import { bytesToHex, hexToBytes } from '../../src/core/hash.ts';
import { buildMerkleTree, hashLeaf } from '../../src/core/merkle.ts';
import { computeRecordHash } from '../../src/core/signature.ts';
import { treeHeadPayload } from '../../src/core/tree-head.ts';
import { allChecksPassed, verifyRecord, type Check } from '../../src/core/verify/index.ts';
import { testCodes, testSalt } from './draw/codes.ts';
import { commitmentOfRecord } from '../support/draw-commitment.ts';

const nonce = '5f'.repeat(32);
const codes = testCodes(260);
const salted = (list: string[], offset: number) => list.map((code, index) => ({ code, salt: testSalt(code, index + offset) }));

function drawInput(visibility: 'open' | 'sealed'): DrawRecordInput {
  return {
    task: { code: '2027-JM-003', name: '2027 joint inspection', year: 2027, round: 1, items: ['food labelling'], departments: ['market', 'health'], trigger: 'planned' },
    visibility,
    frozenAt: '2027-03-01T09:00:00+08:00',
    // draw/v1.1: dice announced for 2027-03-02 10:00, 25 h after the freeze, before the draw.
    ...entropyFieldsOf({ kind: 'public-event', description: 'dice rolled at the public meeting', at: '2027-03-02T10:00:00+08:00' }, 86400),
    exclusions: [{ reason: 'jointly_inspected_this_year', count: 12 }],
    nonce,
    entropy: '3.6.1.5.2.4',
    drawnAt: '2027-03-02T10:15:00+08:00',
    strata: [
      { label: 'A', ratio: '0.03', minimum: 1, salt: testSalt('stratum-A', 0), members: salted(codes.slice(0, 150), 0) },
      { label: 'B', ratio: '0.1', minimum: 2, salt: testSalt('stratum-B', 1), members: salted(codes.slice(150, 230), 150) },
      { label: 'C', ratio: '0.25', minimum: 2, salt: testSalt('stratum-C', 2), members: salted(codes.slice(230), 230) },
    ],
    assignment: {
      qualification: 'food',
      departments: [
        { department: 'market', teamSize: 2 },
        { department: 'health', teamSize: 1 },
      ],
      inspectors: [
        ...Array.from({ length: 6 }, (_, index) => ({ inspectorId: `M-${index}`, department: 'market', qualifications: ['food'], active: true })),
        ...Array.from({ length: 3 }, (_, index) => ({ inspectorId: `H-${index}`, department: 'health', qualifications: ['food'], active: true })),
      ],
      conflicts: [{ inspectorId: 'M-0', code: codes[0] as string }],
      conflictsSalt: 'c0'.repeat(16),
    },
  };
}

function audit(visibility: 'open' | 'sealed'): DrawRecord {
  const result = buildDrawRecord(drawInput(visibility), nodeSha256);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const auditOpen = audit('open');
const auditSealed = audit('sealed');
const { key } = generateSigningKey();
const keys = publicKeySetOf([key]);
const statusOf = (checks: Check[], id: Check['id']) => checks.find((entry) => entry.id === id)?.status;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('verifyRecord', () => {
  it('passes an open record in its signed envelope with every check but the commitment, receipt and log', () => {
    const checks = verifyRecord({ record: signRecord(toPublicRecord(auditOpen), key), keys, requireSignature: true, hash: nodeSha256 });
    expect(checks.map((entry) => [entry.id, entry.status])).toEqual([
      ['format', 'passed'],
      ['commitment', 'not_applicable'],
      ['seed', 'passed'],
      ['order', 'passed'],
      ['beacon', 'not_applicable'],
      ['sample-size', 'passed'],
      ['tickets', 'passed'],
      ['selection', 'passed'],
      ['receipt', 'not_applicable'],
      ['assignment', 'passed'],
      ['record-hash', 'passed'],
      ['signature', 'passed'],
      ['log-inclusion', 'not_applicable'],
      ['log-consistency', 'not_applicable'],
      ['commitment-log', 'not_applicable'],
    ]);
  });

  it('re-runs the assignment from an audit record', () => {
    const checks = verifyRecord({ record: auditSealed, skipSignature: true });
    expect(statusOf(checks, 'assignment')).toBe('passed');
    expect(statusOf(checks, 'selection')).toBe('passed');
    expect(allChecksPassed(checks)).toBe(true);
  });

  it('passes a sealed public record that maps no enterprise to a stratum', () => {
    const sealed = toPublicRecord(auditSealed);
    expect(sealed.strata.every((stratum) => stratum.members === undefined && stratum.threshold === undefined)).toBe(true);
    expect(sealed.selected.every((member) => member.stratum === undefined)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain(codes[1] as string);
    const checks = verifyRecord({ record: sealed, skipSignature: true });
    expect(statusOf(checks, 'selection')).toBe('passed');
    expect(allChecksPassed(checks)).toBe(true);
  });

  it("verifies every member's receipt against the sealed record, and rejects a receipt whose selected flag or proof is altered", () => {
    const sealed = toPublicRecord(auditSealed);
    const issuer = createReceiptIssuer(auditSealed, nodeSha256);
    let selectedCount = 0;
    for (const receipt of issuer.receipts()) {
      const checks = verifyRecord({ record: sealed, receipt: signRecord(receipt, key), keys, hash: nodeSha256 });
      expect(statusOf(checks, 'receipt'), receipt.code).toBe('passed');
      if (receipt.selected) selectedCount++;
    }
    expect(selectedCount).toBe(sealed.selected.length);
    const receipt = issuer.receiptFor(codes[7] as string);
    if (!receipt) throw new Error('receipt');
    // Signed by the bureau after the edit, so that only the edited content can fail.
    const signedReceipt = (edited: object) => ({ record: sealed, receipt: signRecord(edited, key), keys });
    expect(statusOf(verifyRecord(signedReceipt({ ...receipt, selected: !receipt.selected })), 'receipt')).toBe('failed');
    expect(statusOf(verifyRecord(signedReceipt({ ...receipt, stratum: receipt.stratum === 'A' ? 'B' : 'A' })), 'receipt')).toBe('failed');
    const proof = [...receipt.proof];
    proof[0] = `${proof[0]?.slice(0, 63)}${proof[0]?.endsWith('0') ? '1' : '0'}`;
    expect(statusOf(verifyRecord(signedReceipt({ ...receipt, proof })), 'receipt')).toBe('failed');
  });

  it('passes the offline golden record with seed, signature and log not applicable, and fails it when a signature is required', async () => {
    const { readFileSync } = await import('node:fs');
    const record: unknown = JSON.parse(readFileSync(new URL('../fixtures/draw/golden-record.json', import.meta.url), 'utf8'));
    const checks = verifyRecord({ record });
    expect(allChecksPassed(checks)).toBe(true);
    expect(statusOf(checks, 'seed')).toBe('not_applicable');
    expect(statusOf(checks, 'signature')).toBe('not_applicable');
    const required = verifyRecord({ record, requireSignature: true });
    expect(statusOf(required, 'signature')).toBe('failed');
    expect(allChecksPassed(required)).toBe(false);
  });

  it('checks an inclusion proof of the record digest against a signed tree head of the publication log (RFC 6962)', () => {
    const record = toPublicRecord(auditOpen);
    const digest = hexToBytes(computeRecordHash(record, nodeSha256)) as Uint8Array;
    const leaves = [new Uint8Array(32), digest, new Uint8Array(32).fill(7)].map((leaf) => hashLeaf(leaf, nodeSha256));
    const log = buildMerkleTree(leaves, nodeSha256);
    const payload = treeHeadPayload({ treeSize: 3, rootHash: bytesToHex(log.root()), timestamp: 1_800_000_000_000 });
    const treeHead = { ...payload, signature: signRecord(payload, key).signature };
    const logInclusion = { leafIndex: 1, treeSize: 3, proof: log.inclusionProof(1).map(bytesToHex), rootHash: bytesToHex(log.root()), treeHead };
    expect(statusOf(verifyRecord({ record, logInclusion, keys }), 'log-inclusion')).toBe('passed');
    expect(statusOf(verifyRecord({ record, logInclusion: { ...logInclusion, leafIndex: 2 }, keys }), 'log-inclusion')).toBe('failed');
  });

  it('shows where a tampered ticket differs, even in its last digit', () => {
    const record = clone(toPublicRecord(auditOpen));
    const member = record.selected[0]!;
    const original = member.ticket;
    const edited = original.slice(0, -1) + String((Number(original.at(-1)) + 1) % 10);
    (member as { ticket: string }).ticket = edited;
    const tickets = verifyRecord({ record, hash: nodeSha256 }).find((entry) => entry.id === 'tickets');
    expect(tickets?.status).toBe('failed');
    expect(tickets?.reason).toContain(`has ticket ${edited.slice(0, 6)}…${edited.slice(-7)}`);
    expect(tickets?.reason).toContain(`the seed gives ${original.slice(0, 6)}…${original.slice(-7)}`);
  });

  it('reports a malformed document as a failed format check instead of throwing', () => {
    expect(verifyRecord({ record: { format: 'something else' } }).map((entry) => entry.status)).toEqual(['failed']);
    expect(verifyRecord({ record: null })[0]?.status).toBe('failed');
  });

  /** A record as plain mutable JSON, the way a forger edits it. */
  interface EditableRecord {
    nonce: string;
    selected: { code: string; ticket: string; stratum?: string }[];
    strata: { label: string; N: number; k: number; members: { code: string; salt: string }[] }[];
  }
  type Tamper = { name: string; apply: (envelope: { record: EditableRecord; recordHash: string; signature: { value: string } }, pick: number) => void };
  const flipDigit = (text: string, position: number): string => {
    const index = 2 + (position % (text.length - 2));
    return text.slice(0, index) + String((Number(text[index]) + 1) % 10) + text.slice(index + 1);
  };
  const tampers: Tamper[] = [
    { name: 'a ticket', apply: (envelope, pick) => void (envelope.record.selected[pick % envelope.record.selected.length]!.ticket = flipDigit(envelope.record.selected[pick % envelope.record.selected.length]!.ticket, pick)) },
    {
      name: 'a selected code',
      apply: (envelope, pick) => {
        const chosen = new Set(envelope.record.selected.map((member) => member.code));
        const others = codes.filter((code) => !chosen.has(code));
        envelope.record.selected[pick % envelope.record.selected.length]!.code = others[pick % others.length] as string;
      },
    },
    { name: 'the nonce', apply: (envelope, pick) => void (envelope.record.nonce = `${nonce.slice(0, pick % 64)}${nonce[pick % 64] === '0' ? '1' : '0'}${nonce.slice((pick % 64) + 1)}`) },
    { name: 'k', apply: (envelope, pick) => void (envelope.record.strata[pick % envelope.record.strata.length]!.k += 1) },
    {
      name: "a member's stratum",
      apply: (envelope, pick) => {
        const strata = envelope.record.strata;
        const from = strata[pick % strata.length]!;
        const to = strata[(pick + 1) % strata.length]!;
        const [moved] = from.members.splice(pick % from.members.length, 1);
        to.members.push(moved!);
        to.members.sort((left, right) => (left.code < right.code ? -1 : 1));
        from.N -= 1;
        to.N += 1;
        for (const member of envelope.record.selected) if (member.code === moved!.code) member.stratum = to.label;
      },
    },
    {
      name: 'the signature',
      apply: (envelope, pick) => {
        const bytes = Buffer.from(envelope.signature.value, 'base64');
        bytes[pick % 64]! ^= 1 << (pick % 8);
        envelope.signature.value = bytes.toString('base64');
      },
    },
  ];

  it.each(tampers.map((tamper) => [tamper.name, tamper] as const))('fails when %s of a signed open record is changed (signed or bare)', (_name, tamper) => {
    const original = signRecord(toPublicRecord(auditOpen), key);
    fc.assert(
      fc.property(fc.nat(10_000), (pick) => {
        const envelope = clone(original) as unknown as Parameters<Tamper['apply']>[0];
        tamper.apply(envelope, pick);
        expect(allChecksPassed(verifyRecord({ record: envelope, keys, hash: nodeSha256 }))).toBe(false);
        // Not only the record hash: the draw checks themselves catch a changed record.
        if (tamper.name !== 'the signature') expect(allChecksPassed(verifyRecord({ record: envelope.record, hash: nodeSha256 }))).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it("fails a tampered member's stratum even on the unsigned open record (through poolRoot)", () => {
    const record = clone(toPublicRecord(auditOpen)) as unknown as { strata: { label: string; N: number; members: { code: string }[] }[] };
    const moved = record.strata[0]!.members.pop()!;
    record.strata[1]!.members.push(moved);
    record.strata[1]!.members.sort((left, right) => (left.code < right.code ? -1 : 1));
    record.strata[0]!.N -= 1;
    record.strata[1]!.N += 1;
    const checks = verifyRecord({ record });
    expect(statusOf(checks, 'selection')).toBe('failed');
  });

  it('reports a member listed twice within one stratum as such, not as "in strata A and A"', () => {
    const record = clone(auditOpen);
    const members = record.strata[0]!.members!;
    (members as RecordMember[]).splice(1, 0, members[0]!);
    const checks = verifyRecord({ record, skipSignature: true });
    expect(checks.find((entry) => entry.id === 'selection')?.reason).toContain(`enterprise ${members[0]!.code} is listed twice in stratum A`);
  });

  it('fails an audit record whose assignment was changed', () => {
    const record = clone(auditSealed) as unknown as { assignments: { team: { badge: string }[] }[] };
    const team = record.assignments[0]!.team;
    [team[0]!.badge, team[1]!.badge] = [team[1]!.badge, team[0]!.badge];
    expect(statusOf(verifyRecord({ record }), 'assignment')).toBe('failed');
  });
});

describe('verifyRecord against the freeze commitment (spec section 3 step 1)', () => {
  const commitmentOf = (record: DrawRecord): DrawCommitment => commitmentOfRecord(record);

  it('passes a sealed public record that repeats its signed commitment, which maps no code to a tier', () => {
    const commitment = commitmentOf(auditSealed);
    expect(JSON.stringify(commitment)).not.toContain(codes[0]);
    const checks = verifyRecord({ record: signRecord(toPublicRecord(auditSealed), key), commitment: signRecord(commitment, key), keys, requireSignature: true, hash: nodeSha256 });
    expect(statusOf(checks, 'commitment')).toBe('passed');
    expect(allChecksPassed(checks)).toBe(true);
  });

  it('fails a record whose poolRoot differs from the committed one', () => {
    const commitment = { ...commitmentOf(auditSealed), poolRoot: 'ab'.repeat(32) };
    const checks = verifyRecord({ record: toPublicRecord(auditSealed), commitment, hash: nodeSha256 });
    expect(statusOf(checks, 'commitment')).toBe('failed');
    expect(checks.find((entry) => entry.id === 'commitment')?.reason).toContain('poolRoot');
  });

  it('fails a record whose nonce commitment or entropy source differs from the committed one', () => {
    const commitment = commitmentOf(auditOpen);
    expect(statusOf(verifyRecord({ record: auditOpen, commitment: { ...commitment, nonceCommitment: 'cd'.repeat(32) } }), 'commitment')).toBe('failed');
    expect(statusOf(verifyRecord({ record: auditOpen, commitment: { ...commitment, entropySource: 'another lottery' } }), 'commitment')).toBe('failed');
  });

  it('fails a commitment envelope whose signature is not the bureau key\'s', () => {
    const other = generateSigningKey().key;
    const checks = verifyRecord({ record: auditOpen, commitment: signRecord(commitmentOf(auditOpen), other), keys });
    expect(statusOf(checks, 'commitment')).toBe('failed');
  });
});
