/**
 * A draw published through the HTTP API, and the forged evidence of issue 19's audit made
 * from it: a record signed with the bureau key but never logged, "proven" by a made-up
 * one-leaf log proof (with and without the real signed tree head beside it); the real record
 * with a garbage signature; the bare record without its envelope.
 */
import type { Express } from 'express';
import supertest from 'supertest';
import { expect } from 'vitest';
import type { BureauKeys } from '../../src/application/bureau-keys.ts';
import { nodeSha256 } from '../../src/application/node-hash.ts';
import { signRecord } from '../../src/application/record-signing.ts';
import { bytesToHex, hexToBytes } from '../../src/core/hash.ts';
import { hashLeaf } from '../../src/core/merkle.ts';
import type { SignedEnvelope } from '../../src/core/signature.ts';
import type { SignedTreeHead } from '../../src/core/tree-head.ts';
import type { CheckId } from '../../src/core/verify/index.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { WORLD_CALENDAR, createTestAppWithKeys } from '../http/fixtures.ts';
import { seedWorld, worldTasks } from '../integration/draw-world.ts';

export interface PublishedDraw {
  readonly app: Express;
  readonly database: DatabaseHandle;
  readonly keys: BureauKeys;
  readonly task: string;
  readonly envelope: SignedEnvelope<Record<string, unknown>>;
  readonly commitment: SignedEnvelope;
  readonly keySet: unknown;
  /** GET /api/public/draws/{id}/log-proof: the record's and the commitment's proofs in one tree. */
  readonly logProofs: { record: { treeHead: SignedTreeHead }; commitment: unknown };
}

/** Plans, freezes and draws the world's food task over HTTP, and downloads what the public can. */
export async function publishDrawOverHttp(): Promise<PublishedDraw> {
  const { app, database, keys, bearer, clock } = await createTestAppWithKeys();
  const world = await seedWorld(database);
  const task = worldTasks(world.runId).food;
  expect((await supertest(app).post('/api/tasks').set('Authorization', bearer.staff).send(task)).status).toBe(201);
  expect((await supertest(app).post(`/api/tasks/${task.code}/freeze`).set('Authorization', bearer.staff)).status).toBe(200);
  // draw/v1.1: frozen at the world's freeze time, drawn after its dice.
  clock.set(WORLD_CALENDAR.drawnAt);
  expect((await supertest(app).post(`/api/tasks/${task.code}/draw`).set('Authorization', bearer.staff).send({ entropy: '3.6.1.5.2.4' })).status).toBe(200);
  const get = async (path: string) => {
    const response = await supertest(app).get(path);
    expect(response.status, path).toBe(200);
    return response.body as unknown;
  };
  return {
    app,
    database,
    keys,
    task: task.code,
    envelope: (await get(`/api/public/draws/${task.code}`)) as PublishedDraw['envelope'],
    commitment: (await get(`/api/public/draws/${task.code}/commitment`)) as SignedEnvelope,
    keySet: await get('/.well-known/suiji-keys.json'),
    logProofs: (await get(`/api/public/draws/${task.code}/log-proof`)) as PublishedDraw['logProofs'],
  };
}

export interface ForgedCase {
  readonly name: string;
  readonly record: unknown;
  readonly logProof?: unknown;
  readonly treeHead?: unknown;
  /** Whether the key set is given (the garbage-signature case has none, as in the README's old command). */
  readonly withKeys: boolean;
  /** The check that must fail. */
  readonly failing: CheckId;
}

/** The audit's made-up proof: a one-leaf "log" whose root is the record's own leaf hash. */
export function forgedOneLeafProof(recordHash: string): { leafIndex: number; treeSize: number; proof: string[]; rootHash: string } {
  return { leafIndex: 0, treeSize: 1, proof: [], rootHash: bytesToHex(hashLeaf(hexToBytes(recordHash) as Uint8Array, nodeSha256)) };
}

/** Every forged case of the audit, made from a published record, the bureau's key and the log's real signed head. */
export function forgedCases(draw: { envelope: SignedEnvelope<Record<string, unknown>>; keys: BureauKeys; realHead: SignedTreeHead }): ForgedCase[] {
  // Signed by the bureau, never logged: the selection one party is shown and the public is not.
  const unlogged = signRecord({ ...draw.envelope.record, drawnAt: '2027-03-02T11:45:00+08:00' }, draw.keys.signingKey);
  const forged = forgedOneLeafProof(unlogged.recordHash);
  const { realHead } = draw;
  const garbage = { ...draw.envelope, signature: { ...draw.envelope.signature, value: `${'A'.repeat(86)}==` } };
  return [
    { name: 'a made-up proof without a tree head', record: unlogged, logProof: forged, withKeys: true, failing: 'log-inclusion' },
    { name: 'a made-up proof carrying the real signed tree head', record: unlogged, logProof: { ...forged, treeHead: realHead }, withKeys: true, failing: 'log-inclusion' },
    { name: 'a made-up proof with the real signed tree head beside it', record: unlogged, logProof: forged, treeHead: realHead, withKeys: true, failing: 'log-inclusion' },
    { name: 'a garbage signature without a key set', record: garbage, withKeys: false, failing: 'signature' },
    { name: 'the bare record without its envelope', record: draw.envelope.record, withKeys: false, failing: 'signature' },
  ];
}
