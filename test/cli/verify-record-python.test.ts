/**
 * docs/verify_record.py, the checker a member of the public runs without Node: its RFC 8785
 * canonical form equals ours on the value types records contain (non-ASCII, control
 * characters, key order by UTF-16 code units), it passes a really published draw, and it
 * fails every forged case of the audit (issue 19).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalizeJson } from '../../src/core/canonical-json.ts';
import { testDatabaseKind } from '../support/database.ts';
import { forgedCases, publishDrawOverHttp, type PublishedDraw } from '../support/forged-evidence.ts';

const script = new URL('../../docs/verify_record.py', import.meta.url).pathname;

function python(args: string[]): { status: number; stdout: string } {
  const result = spawnSync('python3', [script, ...args], { encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: `${result.stdout}${result.stderr}` };
}

describe('the Python canonical form (RFC 8785)', () => {
  it('equals canonicalizeJson on strings with non-ASCII, control characters and line separators, integers and key order', () => {
    const value = {
      名称: '福州市鼓楼区 “食品” 店\u2028',
      b: [1, -42, 9007199254740991, 0, true, false, null, { z: 'tab\there', a: 'quote " and \\ and \u0001 and \u007f' }],
      A: '😀 astral',
      '\uE000': 'private use key sorts after an astral key by code unit',
      '😀': 'astral key',
      ratio: '0.03',
    };
    const json = JSON.stringify(value);
    const fromPython = execFileSync('python3', ['-c', `import json,sys; sys.path.insert(0, ${JSON.stringify(path.dirname(script))}); import verify_record; sys.stdout.write(verify_record.canonical(json.loads(sys.stdin.read())))`], {
      input: json,
      encoding: 'utf8',
    });
    expect(fromPython).toBe(canonicalizeJson(value));
  });
});

describe(`docs/verify_record.py on a published draw on ${testDatabaseKind}`, () => {
  let draw: PublishedDraw;
  let directory: string;
  const file = (name: string, content: unknown): string => {
    const target = path.join(directory, name);
    fs.writeFileSync(target, JSON.stringify(content));
    return target;
  };

  beforeAll(async () => {
    draw = await publishDrawOverHttp();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-python-'));
  }, 120_000);
  afterAll(async () => {
    await draw?.database.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('passes the record, its signature, the signed tree head and the inclusion proof', () => {
    const result = python([file('record.json', draw.envelope), '--keys', file('keys.json', draw.keySet), '--log-proof', file('proof.json', draw.logProofs.record)]);
    expect(result.stdout).toContain('PASS signature:');
    expect(result.stdout).toContain('PASS log-inclusion:');
    expect(result.stdout).toContain('PASS seed:');
    expect(result.status).toBe(0);
  });

  it('checks the commitment order with the draw\'s log proofs', () => {
    const result = python([file('record.json', draw.envelope), '--keys', file('keys.json', draw.keySet), '--log-proof', file('log-proof.json', draw.logProofs), '--commitment', file('commitment.json', draw.commitment)]);
    // Records carry entropyAt from draw/v1.1 (issue 11) on; without it the order cannot be shown.
    const hasEntropyAt = 'entropyAt' in draw.envelope.record;
    expect(result.stdout).toMatch(hasEntropyAt ? /PASS commitment-log: commitment leaf \d+ before record leaf/ : /FAIL commitment-log: the record has no entropyAt/);
  });

  it('fails every forged case of the audit', () => {
    for (const forged of forgedCases({ ...draw, realHead: draw.logProofs.record.treeHead })) {
      // The Python checker always needs the key set: "without keys" is the Node CLI's case.
      const args = [file('forged.json', forged.record), '--keys', file('keys.json', draw.keySet)];
      if (forged.logProof !== undefined) args.push('--log-proof', file('forged-proof.json', forged.logProof));
      if (forged.treeHead !== undefined) args.push('--tree-head', file('head.json', forged.treeHead));
      const result = python(args);
      expect(result.stdout, forged.name).toContain(`FAIL ${forged.failing}:`);
      expect(result.status, forged.name).toBe(1);
    }
  });
});
