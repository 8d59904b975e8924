/**
 * `suiji beacon check ROUND SIGNATURE` on real drand quicknet rounds (sources of the vectors:
 * test/core/draw/beacon.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { runSuiji } from '../support/cli.ts';

const ROUND_1000 = 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39';
const ROUND_1000_RANDOMNESS = 'fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd';
const ROUND_657413 = 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b';
const RELAY_JSON_1000 = `{"round":1000,"randomness":"${ROUND_1000_RANDOMNESS}","signature":"${ROUND_1000}"}\n`;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-beacon-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function writeFile(name: string, text: string): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function runWithStdin(stdinText: string, ...argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const exitCode = await runCli(argv, { stdin: Readable.from([stdinText]), stdout, stderr });
  return { exitCode, stdout: out.join(''), stderr: err.join('') };
}

describe('suiji beacon check', () => {
  it("prints round 1000's time in UTC and Beijing time, its randomness and the E to enter, exit 0", async () => {
    const result = await runSuiji('beacon', 'check', '1000', ROUND_1000);
    expect(result).toEqual({
      exitCode: 0,
      stdout: [
        'drand quicknet round 1000: signature valid',
        'chain: 52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
        'time: 2023-08-23T15:59:24Z (UTC) = 2023-08-23T23:59:24+08:00 (Beijing time)',
        `randomness: ${ROUND_1000_RANDOMNESS}`,
        `entropy E: drand-quicknet.1000.${ROUND_1000}`,
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('reads the signature from a relay JSON file', async () => {
    const result = await runSuiji('beacon', 'check', '1000', writeFile('round-1000.json', RELAY_JSON_1000));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`entropy E: drand-quicknet.1000.${ROUND_1000}\n`);
  });

  it('reads the relay JSON from standard input with -', async () => {
    const result = await runWithStdin(RELAY_JSON_1000, 'beacon', 'check', '1000', '-');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`randomness: ${ROUND_1000_RANDOMNESS}\n`);
  });

  it('writes E in lowercase from an upper-case signature', async () => {
    const result = await runSuiji('beacon', 'check', '1000', ROUND_1000.toUpperCase());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`drand-quicknet.1000.${ROUND_1000}\n`);
  });

  it("refuses another round's real signature, exit 1 with the reason in the CLI's language", async () => {
    const result = await runSuiji('beacon', 'check', '1000', ROUND_657413);
    expect(result).toEqual({ exitCode: 1, stdout: '', stderr: "suiji beacon check: the signature is not drand quicknet's signature for round 1000 (BLS verification failed)\n" });
  });

  it('refuses a relay JSON file for another round than ROUND, exit 1', async () => {
    const result = await runSuiji('beacon', 'check', '1001', writeFile('round-1000-again.json', RELAY_JSON_1000));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('suiji beacon check: the paste is round 1000, round 1001 is expected\n');
  });

  it.each(['0', '-5', '1.5', '1e3', 'abc', '99999999999999999999'])('refuses round %s, exit 1', async (round) => {
    const result = await runSuiji('beacon', 'check', '--', round, ROUND_1000);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`suiji beacon check: a drand round must be a whole number from 1 up, got "${round}"\n`);
  });

  it('refuses a malformed signature, exit 1', async () => {
    const result = await runSuiji('beacon', 'check', '1000', ROUND_1000.slice(0, 94));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('a quicknet signature is 48 bytes (96 hex characters), got 47');
  });

  it('refuses 48 bytes that are not a curve point, exit 1', async () => {
    const result = await runSuiji('beacon', 'check', '1000', '11'.repeat(48));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('not the compressed encoding of a valid BLS12-381 G1 point');
  });

  it('says which file it cannot read, exit 1', async () => {
    const missing = path.join(workDir, 'no-such-round.json');
    const result = await runSuiji('beacon', 'check', '1000', missing);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`cannot read ${missing}`);
  });

  it('treats a missing SIGNATURE as a usage error, exit 2', async () => {
    const result = await runSuiji('beacon', 'check', '1000');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Usage: suiji beacon check ROUND SIGNATURE');
  });

  it('is listed in the help', async () => {
    const result = await runSuiji('help');
    expect(result.stdout).toContain('beacon check ROUND SIGNATURE');
  });
});
