/**
 * `suiji verify` on the second random (draw/v1.1 section 8): a public record's assignment is
 * checked from the published inspector snapshot, and `--substitution` checks substitution
 * records against the draw.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { runCli } from '../../src/cli/main.ts';
import { buildDrawRecord, toPublicRecord, type DrawRecord } from '../../src/core/draw/record.ts';
import { rankSubstitutes, SUBSTITUTION_FORMAT, type SubstitutionRecord } from '../../src/core/draw/substitution.ts';
import { computeRecordHash } from '../../src/core/signature.ts';
import { testCodes, testSalt } from '../core/draw/codes.ts';
import { entropyFieldsOf } from '../../src/core/draw/entropy-source.ts';

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const chunks: string[] = [];
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const stderr = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const code = await runCli(args, { stdin: Readable.from(['']), stdout, stderr });
  return { code, stdout: chunks.join('') };
}

const codes = testCodes(40);
const built = buildDrawRecord(
  {
    task: { code: '2027-CLI-02', departments: ['market'] },
    visibility: 'sealed',
    frozenAt: '2027-03-01T09:00:00+08:00',
    ...entropyFieldsOf({ kind: 'public-event', description: 'dice rolled at the public meeting', at: '2027-03-02T10:00:00+08:00' }, 86400),
    exclusions: [],
    nonce: '3c'.repeat(32),
    entropy: '6.5.4.3.2.1',
    drawnAt: '2027-03-02T10:15:00+08:00',
    strata: [{ label: 'ALL', ratio: '0.25', minimum: 1, salt: testSalt('stratum-ALL', 0), members: codes.map((code, index) => ({ code, salt: testSalt(code, index) })) }],
    assignment: {
      qualification: 'food',
      departments: [{ department: 'market', teamSize: 2 }],
      inspectors: Array.from({ length: 6 }, (_, index) => ({ inspectorId: `M-${index}`, department: 'market', qualifications: ['food'], active: true })),
      conflicts: [],
      conflictsSalt: 'aa'.repeat(16),
    },
  },
  nodeSha256,
);
if (!built.ok) throw new Error(JSON.stringify(built.error));
const publicRecord = toPublicRecord(built.value);

function substitutionOf(record: DrawRecord): SubstitutionRecord {
  const assignment = record.assignments![0]!;
  const leaving = assignment.team[0]!.badge;
  const ranked = rankSubstitutes({ seed: record.seed, snapshot: record.inspectorSnapshot!, assignments: record.assignments!, number: 1, code: assignment.code, leaving, teamBefore: assignment.team }, nodeSha256);
  if (!ranked.ok) throw new Error('rank');
  return {
    format: SUBSTITUTION_FORMAT,
    algorithm: 'assign/v1',
    task: record.task.code,
    drawRecordHash: computeRecordHash(record, nodeSha256),
    number: 1,
    code: assignment.code,
    department: 'market',
    leaving,
    replacement: ranked.value.ranked[0]!,
    reason: 'illness',
    substitutedAt: '2027-03-05T09:00:00+08:00',
    teamBefore: assignment.team,
  };
}

let directory: string;
beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-assign-'));
});
afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

const write = (name: string, value: unknown): string => {
  const file = path.join(directory, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
};

describe('suiji verify and the inspector assignment', () => {
  it("checks a sealed public record's assignment (no longer not applicable), and exits 1 when a team is changed", async () => {
    // A bare record: its signature is skipped on purpose (issue 19); the assignment is what is tested.
    const passed = await run(['verify', write('record.json', publicRecord), '--no-signature']);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('PASS assignment: all 10 teams follow assign/v1 on the inspector snapshot; 0 recusal(s) assumed');

    const changed = structuredClone(publicRecord) as unknown as { assignments: { team: { badge: string }[] }[] };
    const team = changed.assignments[0]!.team;
    [team[0]!.badge, team[1]!.badge] = [team[1]!.badge, team[0]!.badge];
    const failed = await run(['verify', write('changed.json', changed), '--no-signature']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('FAIL assignment:');
  });

  it('checks a substitution with --substitution, and exits 1 for a forged one', async () => {
    const substitution = substitutionOf(publicRecord);
    const passed = await run(['verify', write('record.json', publicRecord), '--no-signature', '--substitution', write('substitution.json', substitution)]);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('PASS substitution-replacement:');

    const others = publicRecord.inspectorSnapshot!.inspectors.map((inspector) => inspector.badge).filter((badge) => !substitution.teamBefore.some((member) => member.badge === badge));
    const forged = { ...substitution, replacement: others.find((badge) => badge !== substitution.replacement)!, teamBefore: [...substitution.teamBefore].reverse() };
    const failed = await run(['verify', write('record.json', publicRecord), '--no-signature', '--substitution', write('forged.json', forged)]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('FAIL substitution-team:');
  });
});
