/**
 * `suiji log check`, `log head` and `log proof` end to end: a mirror's saved tree head
 * against a later one (RFC 6962 consistency), a rewritten old entry detected, proofs fetched
 * from a running server, and `suiji verify --log-proof` on the proof `log proof` prints.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { appendRecordToLog, getConsistencyProof, getTreeHead } from '../../src/application/publication-log.ts';
import { generateSigningKey, publicKeySetOf, signRecord } from '../../src/application/record-signing.ts';
import { runCli } from '../../src/cli/main.ts';
import { treeHeadPayload } from '../../src/core/tree-head.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { createTestDatabase, testDatabaseKind } from '../support/database.ts';

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

const { key } = generateSigningKey();
const record = JSON.parse(fs.readFileSync(new URL('../fixtures/draw/golden-record.json', import.meta.url), 'utf8')) as unknown;
const envelope = signRecord(record, key);
const recordHashes = Array.from({ length: 8 }, (_, index) => (index === 3 ? envelope.recordHash : nodeSha256.hex(`record ${index}`)));

async function buildLog(hashes: readonly string[]): Promise<DatabaseHandle> {
  const database = await createTestDatabase();
  for (const [index, recordHash] of hashes.entries()) {
    await appendRecordToLog(database.db, { kind: 'results_batch', reference: `batch ${index}`, recordHash }, key);
  }
  return database;
}

describe(`suiji log on ${testDatabaseKind}`, () => {
  let honest: DatabaseHandle;
  let rewritten: DatabaseHandle;
  let server: Server;
  let baseUrl: string;
  let directory: string;
  const file = (name: string, content: unknown): string => {
    const target = path.join(directory, name);
    fs.writeFileSync(target, JSON.stringify(content, null, 2));
    return target;
  };

  beforeAll(async () => {
    honest = await buildLog(recordHashes);
    // The same log with entry 2 quietly replaced, re-signed with the bureau's own key.
    rewritten = await buildLog(recordHashes.map((hash, index) => (index === 2 ? nodeSha256.hex('a different record 2') : hash)));
    const app = createApp({ database: honest, logger: createLogger('silent'), bureauKeys: { signingKey: key, retiredKeys: [], serverSecret: new Uint8Array(32) } });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'suiji-log-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await honest.close();
    await rewritten.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('passes a later head that extends the saved one, with the proof from a file', async () => {
    const oldHead = file('old.json', await getTreeHead(honest.db, 5));
    const newHead = file('new.json', await getTreeHead(honest.db, 8));
    const proof = await getConsistencyProof(honest.db, 5, 8);
    const keys = file('keys.json', publicKeySetOf([key]));

    const result = await run(['log', 'check', oldHead, newHead, '--proof', file('proof.json', proof.ok && proof.value), '--keys', keys]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PASS the log of 8 leaves extends the log of 5 leaves unchanged');
  });

  it('checks an old saved head signed before key-set fingerprints existed against a new one that pins the key set', async () => {
    const pinned = await getTreeHead(honest.db, 5);
    if (!pinned?.keySetFingerprint) throw new Error('the head should pin the key set');
    const payload = treeHeadPayload({ treeSize: pinned.treeSize, rootHash: pinned.rootHash, timestamp: pinned.timestamp });
    const oldHead = file('old-unpinned.json', { ...payload, signature: signRecord(payload, key).signature });
    const result = await run(['log', 'check', oldHead, file('new.json', await getTreeHead(honest.db, 8)), '--server', baseUrl]);
    expect(result.stdout).toContain('PASS the log of 8 leaves extends the log of 5 leaves unchanged');
    expect(result.code).toBe(0);
  });

  it('detects a rewritten old entry even though every head is properly signed', async () => {
    const oldHead = file('old.json', await getTreeHead(honest.db, 5));
    const newHead = file('rewritten-new.json', await getTreeHead(rewritten.db, 8));
    const proof = await getConsistencyProof(rewritten.db, 5, 8);
    const keys = file('keys.json', publicKeySetOf([key]));

    const result = await run(['log', 'check', oldHead, newHead, '--proof', file('rewritten-proof.json', proof.ok && proof.value), '--keys', keys]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('FAIL the tree of 8 leaves does not extend the tree of 5: an old entry was changed, or the proof is wrong\n');
  });

  it('detects a head at the same size with a different root', async () => {
    const keys = file('keys.json', publicKeySetOf([key]));

    const result = await run(['log', 'check', file('a.json', await getTreeHead(honest.db, 4)), file('b.json', await getTreeHead(rewritten.db, 4)), '--keys', keys]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL the tree of 4 leaves does not extend the tree of 4');
  });

  it('fails a head whose signature does not match, and one signed by an unknown key', async () => {
    const head = await getTreeHead(honest.db, 8);
    const forged = file('forged.json', { ...head, rootHash: '0'.repeat(64) });
    const otherKeys = file('other-keys.json', publicKeySetOf([generateSigningKey().key]));
    const old = file('old.json', await getTreeHead(honest.db, 5));

    const forgedResult = await run(['log', 'check', old, forged, '--proof', file('empty.json', []), '--keys', file('keys.json', publicKeySetOf([key]))]);
    const unknownResult = await run(['log', 'check', old, forged, '--proof', file('empty.json', []), '--keys', otherKeys]);

    expect(forgedResult).toMatchObject({ code: 1, stdout: expect.stringContaining("FAIL the new tree head's signature: the Ed25519 signature does not match") });
    expect(unknownResult).toMatchObject({ code: 1, stdout: expect.stringContaining("FAIL the old tree head's signature: no public key with keyId") });
  });

  it('fetches the consistency proof from the server with --server', async () => {
    const oldHead = file('old.json', await getTreeHead(honest.db, 2));
    const newHead = file('new.json', await getTreeHead(honest.db, 7));

    const result = await run(['log', 'check', oldHead, newHead, '--server', baseUrl, '--keys', file('keys.json', publicKeySetOf([key]))]);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('extends the log of 2 leaves');
  });

  it("checks the signatures against the server's /.well-known/suiji-keys.json without --keys", async () => {
    const result = await run(['log', 'check', file('old.json', await getTreeHead(honest.db, 1)), file('new.json', await getTreeHead(honest.db, 8)), '--server', baseUrl]);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`PASS both tree heads are signed by the bureau (keys ${key.keyId}, ${key.keyId})`);
  });

  it('prints the latest head and an inclusion proof that suiji verify accepts', async () => {
    const head = await run(['log', 'head', '--server', baseUrl]);
    const proof = await run(['log', 'proof', envelope.recordHash, '--server', baseUrl, '--tree-size', '6']);
    const verified = await run(['verify', file('envelope.json', envelope), '--log-proof', file('inclusion.json', JSON.parse(proof.stdout)), '--require-log', '--keys', file('keys.json', publicKeySetOf([key]))]);

    expect(JSON.parse(head.stdout)).toMatchObject({ format: 'suiji.tree-head/1', treeSize: 8 });
    expect(JSON.parse(proof.stdout)).toMatchObject({ leafIndex: 3, treeSize: 6 });
    expect(verified.stdout).toContain('PASS log-inclusion: leaf 3 of the tree of 6 leaves');
    expect(verified.code).toBe(0);
  });

  it('reports usage mistakes with exit 2 and server problems with exit 1', async () => {
    const old = file('old.json', await getTreeHead(honest.db, 5));

    expect((await run(['log', 'check', old])).code).toBe(2);
    expect((await run(['log', 'check', old, old])).stderr).toContain('give --keys KEYS.json or --server URL');
    expect((await run(['log', 'proof', 'xyz', '--server', baseUrl])).code).toBe(2);
    const missing = await run(['log', 'proof', nodeSha256.hex('never published'), '--server', baseUrl]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('answered 404: no record with hash');
    const notJson = path.join(directory, 'broken.json');
    fs.writeFileSync(notJson, '{\n  "format": \n}');
    expect((await run(['log', 'check', notJson, old, '--keys', notJson])).stderr).toMatch(/broken\.json(:3)?: old tree head is not valid JSON/);
  });
});
