/**
 * docs/check_receipt.py, the standard-library Python check of a receipt against a sealed
 * record (draw/v1 sections 4 and 6, draw/v1.1 sections 7.1 and 7.2: tickets, RFC 6962
 * inclusion, SHA-256 over RFC 8785 canonical stratum commitments), run with python3 on real
 * receipts and on forged ones.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { generateSigningKey, signRecord } from '../../src/application/record-signing.ts';
import { createReceiptIssuer, type Receipt } from '../../src/core/draw/record.ts';
import { compareTicketed } from '../../src/core/draw/ticket.ts';
import { sealedDraw, tiers } from '../support/sealed-draw.ts';

const script = fileURLToPath(new URL('../../docs/check_receipt.py', import.meta.url));
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-check-receipt-'));
const { key } = generateSigningKey();
const { audit, record } = sealedDraw(tiers([30, 20, 6, 3]));
const receipts = [...createReceiptIssuer(audit, nodeSha256).receipts()];

function runPython(receipt: unknown, recordDocument: unknown = signRecord(record, key)): { status: number | null; stdout: string } {
  const recordFile = path.join(directory, 'record.json');
  const receiptFile = path.join(directory, 'receipt.json');
  fs.writeFileSync(recordFile, JSON.stringify(recordDocument));
  fs.writeFileSync(receiptFile, JSON.stringify(receipt));
  const result = spawnSync('python3', [script, recordFile, receiptFile], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('docs/check_receipt.py', () => {
  it('passes the signed receipts of a selected and a non-selected enterprise, inside the notification as suiji receipt prints it', () => {
    for (const receipt of [receipts.find((entry) => entry.selected)!, receipts.find((entry) => !entry.selected)!]) {
      const notification = { receiptCode: 'K7QD-3M9X-PA2F-8HZT', readAt: '/api/public/draws/…', receipt: signRecord(receipt, key) };
      const result = runPython(notification);
      expect(result.stdout).not.toContain('FAIL');
      expect(result.stdout).toContain('PASS the threshold is this stratum\'s');
      expect(result.status).toBe(0);
    }
  });

  it("fails the forged receipt of issue 19: its threshold swapped for another stratum's selected enterprise", () => {
    const selectedA = receipts.filter((receipt) => receipt.stratum === 'A' && receipt.selected);
    const other = audit.selected.filter((member) => member.stratum !== 'A');
    const pair = selectedA.flatMap((receipt) => other.filter((member) => compareTicketed({ code: receipt.code, ticket: receipt.ticket }, member) < 0).map((member) => ({ receipt, member })))[0]!;
    const forged: Receipt = { ...pair.receipt, threshold: pair.member.ticket, thresholdCode: pair.member.code };
    const result = runPython(forged);
    expect(result.stdout).toContain("FAIL the threshold is this stratum's");
    expect(result.status).toBe(1);
  });

  it('fails a receipt whose ticket, proof or N was edited', () => {
    const receipt = receipts[5]!;
    const digit = receipt.ticket.endsWith('1') ? '2' : '1';
    expect(runPython({ ...receipt, ticket: `${receipt.ticket.slice(0, -1)}${digit}` }).stdout).toContain('FAIL the ticket is the one the seed gives');
    const proof = [...receipt.proof];
    proof[0] = `${proof[0]!.slice(0, 63)}${proof[0]!.endsWith('0') ? '1' : '0'}`;
    expect(runPython({ ...receipt, proof }).stdout).toContain('FAIL the inclusion proof leads to poolRoot');
    const edited = runPython({ ...receipt, N: (receipt.N as number) + 1 });
    expect(edited.stdout).toContain('FAIL N, k and the stratum salt open sizeCommitment');
    expect(edited.status).toBe(1);
  });
});
