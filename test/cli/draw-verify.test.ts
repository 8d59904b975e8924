/** `suiji draw --pool` and `suiji verify`, end to end through the CLI entry point. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { entropyFieldsOf } from '../../src/core/draw/entropy-source.ts';
import { buildDrawRecord, toPublicRecord } from '../../src/core/draw/record.ts';
import { testCodes, testSalt } from '../core/draw/codes.ts';
import { commitmentOfRecord } from '../support/draw-commitment.ts';

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const code = await runCli(args, { stdin: Readable.from(['']), stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const fixtures = new URL('../fixtures/draw/', import.meta.url).pathname;
const goldenSeed = fs.readFileSync(path.join(fixtures, 'golden-seed.txt'), 'utf8');
let directory: string;
beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-draw-'));
});
afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('suiji draw --pool and suiji verify', () => {
  it('prints the golden record for the golden pool and seed', async () => {
    const result = await run(['draw', '--pool', path.join(fixtures, 'golden-pool.json'), '--seed', goldenSeed]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(fixtures, 'golden-record.json'), 'utf8')));
  });

  it('writes the record with --out, and verify passes it with exit 0', async () => {
    const out = path.join(directory, 'record.json');
    const drawn = await run(['draw', '--pool', path.join(fixtures, 'golden-pool.json'), '--seed', goldenSeed, '--out', out]);
    expect(drawn).toEqual({ code: 0, stdout: `${out}: 11 selected (A 2/40, B 3/25, C 3/12, D 3/3)\n`, stderr: '' });
    const verified = await run(['verify', out]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('PASS selection:');
    expect(verified.stdout).toContain('N/A  signature:');
    expect(verified.stdout).toContain(`${out}: verified`);
  });

  it('fails verification with exit 1 when a ticket is changed, and when a signature is required', async () => {
    const record = JSON.parse(fs.readFileSync(path.join(fixtures, 'golden-record.json'), 'utf8')) as { selected: { ticket: string }[] };
    const file = path.join(directory, 'tampered.json');
    record.selected[0]!.ticket = record.selected[0]!.ticket.replace(/.$/, (digit) => String((Number(digit) + 1) % 10));
    fs.writeFileSync(file, JSON.stringify(record));
    const tampered = await run(['verify', file]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('FAIL tickets:');
    const unsigned = await run(['verify', path.join(fixtures, 'golden-record.json'), '--require-signature']);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stdout).toContain('FAIL signature:');
  });

  it('rejects an invalid code naming the file, line, stratum and code', async () => {
    const [good] = testCodes(1);
    const file = path.join(directory, 'pool.json');
    fs.writeFileSync(file, JSON.stringify({ task: 'T', strata: [{ label: 'A', ratio: '0.1', minimum: 0, members: [good, '91350100M000100Y44'] }] }, null, 2));
    const result = await run(['draw', '--pool', file, '--seed', goldenSeed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${file}:10: stratum A, member 2: "91350100M000100Y44" is not a valid credit code: check character is '4', expected '3'\n`);
  });

  it('rejects a code present in two strata, naming the code and both strata', async () => {
    const [shared, other] = testCodes(2);
    const file = path.join(directory, 'pool.json');
    fs.writeFileSync(file, JSON.stringify({ task: 'T', strata: [{ label: 'A', ratio: '0.1', minimum: 0, members: [shared] }, { label: 'B', ratio: '0.1', minimum: 0, members: [other, shared] }] }, null, 2));
    const result = await run(['draw', '--pool', file, '--seed', goldenSeed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${file}:\\d+: enterprise ${shared} is in strata A and B`));
  });

  it('reports a code listed twice within one stratum as such, not as "in strata A and A"', async () => {
    const [twice, other] = testCodes(2);
    const file = path.join(directory, 'pool.json');
    fs.writeFileSync(file, JSON.stringify({ task: 'T', strata: [{ label: 'A', ratio: '0.1', minimum: 0, members: [twice, other, twice] }] }, null, 2));
    const result = await run(['draw', '--pool', file, '--seed', goldenSeed]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${file}:\\d+: enterprise ${twice} is listed twice in stratum A`));
  });

  it('asks for the public entropy when a task draw has none', async () => {
    const result = await run(['draw', '2027-JM-003']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs --entropy E');
  });

  it('takes --entropy or --beacon for a task draw, not both, and neither for an offline draw', async () => {
    const both = await run(['draw', '2027-JM-003', '--entropy', '3.6.1', '--beacon', 'round.json']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --entropy E or --beacon FILE|SIGNATURE, not both');
    const offline = await run(['draw', '--pool', path.join(fixtures, 'golden-pool.json'), '--seed', 'x'.repeat(20), '--beacon', 'ab']);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain('--entropy and --beacon are for task draws');
  });

  it('refuses --seed in a task draw, which takes the public entropy instead', async () => {
    const result = await run(['draw', '2027-JM-003', '--entropy', '3.6.1.5.2.4', '--seed', '01382438112797316654']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a task draw takes --entropy');
  });

  it('refuses a seed with spaces as a usage error', async () => {
    const result = await run(['draw', '--pool', path.join(fixtures, 'golden-pool.json'), '--seed', 'has spaces in the seed']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('printable ASCII');
  });
});

describe('suiji verify --commitment', () => {
  function recordAndCommitment() {
    const codes = testCodes(40);
    const built = buildDrawRecord(
      {
        task: { code: '2027-JM-009' },
        visibility: 'sealed',
        frozenAt: '2027-03-01T09:00:00+08:00',
        ...entropyFieldsOf({ kind: 'public-event', description: 'dice rolled at the public meeting', at: '2027-03-02T10:00:00+08:00' }, 86400),
        exclusions: [],
        nonce: '7a'.repeat(32),
        entropy: '3.6.1.5.2.4',
        drawnAt: '2027-03-02T10:15:00+08:00',
        strata: [
          { label: 'A', ratio: '0.1', minimum: 1, salt: testSalt('stratum-A', 0), members: codes.slice(0, 25).map((code, index) => ({ code, salt: testSalt(code, index) })) },
          { label: 'B', ratio: '0.2', minimum: 1, salt: testSalt('stratum-B', 1), members: codes.slice(25).map((code, index) => ({ code, salt: testSalt(code, index + 25) })) },
        ],
      },
      nodeSha256,
    );
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    const record = toPublicRecord(built.value);
    return { record, commitment: commitmentOfRecord(built.value) };
  }

  it('passes a record that repeats the commitment, and fails with exit 1 one whose poolRoot differs', async () => {
    const { record, commitment } = recordAndCommitment();
    const recordFile = path.join(directory, 'record.json');
    const commitmentFile = path.join(directory, 'commitment.json');
    fs.writeFileSync(recordFile, JSON.stringify(record));
    fs.writeFileSync(commitmentFile, JSON.stringify(commitment));
    const passed = await run(['verify', recordFile, '--commitment', commitmentFile, '--no-signature']);
    expect(passed.stdout).toContain('PASS commitment:');
    expect(passed.code).toBe(0);

    fs.writeFileSync(recordFile, JSON.stringify({ ...record, poolRoot: 'ab'.repeat(32) }));
    const failed = await run(['verify', recordFile, '--commitment', commitmentFile]);
    expect(failed.stdout).toMatch(/FAIL commitment: .*poolRoot/);
    expect(failed.code).toBe(1);
  });

  it('fails with exit 1 a record whose draw came before its entropy time, though every ticket recomputes (draw/v1.1)', async () => {
    const { record } = recordAndCommitment();
    const recordFile = path.join(directory, 'record.json');
    fs.writeFileSync(recordFile, JSON.stringify({ ...record, drawnAt: '2027-03-02T09:59:00+08:00' }));
    const result = await run(['verify', recordFile]);
    expect(result.stdout).toContain('PASS tickets:');
    expect(result.stdout).toMatch(/FAIL order: .*before entropyAt 2027-03-02T10:00:00\+08:00/);
    expect(result.code).toBe(1);
  });

  it('fails with exit 1 a record made before draw/v1.1, whose order of events cannot be proven', async () => {
    const { record } = recordAndCommitment();
    const { entropyAt: _entropyAt, notice: _notice, ...old } = record;
    const recordFile = path.join(directory, 'record.json');
    fs.writeFileSync(recordFile, JSON.stringify({ ...old, entropySource: 'dice rolled at the public meeting of 2027-03-02' }));
    const result = await run(['verify', recordFile]);
    expect(result.stdout).toMatch(/FAIL order: .*cannot be proven/);
    expect(result.code).toBe(1);
  });
});
