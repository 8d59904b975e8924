import type { Express } from 'express';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CredentialRole } from '../../src/application/api-tokens.ts';
import { type BureauKeys } from '../../src/application/bureau-keys.ts';
import { publicKeySetOf } from '../../src/application/record-signing.ts';
import { verifyEnvelopeSignature, type SignedEnvelope } from '../../src/core/signature.ts';
import type { DatabaseHandle } from '../../src/persistence/database.ts';
import { YEAR, type World } from '../integration/draw-world.ts';
import { createPolicyWorldDatabase } from '../integration/policy-world.ts';
import { approveAsSecondAdmin, createTestAppWithKeys } from './fixtures.ts';

let database: DatabaseHandle;
let keys: BureauKeys;
let app: Express;
let world: World;
let bearer: Record<CredentialRole, string>;

beforeEach(async () => {
  ({ database, seeded: world } = await createPolicyWorldDatabase());
  ({ database, keys, app, bearer } = await createTestAppWithKeys({ database }));
});

afterEach(async () => {
  await database.close();
});

const derivationBody = () => ({ year: YEAR, evaluationRunId: world.runId, capacity: { per: 'year', inspections: 60 } });
const simulationBody = () => ({ itemCode: 'G1', year: YEAR, evaluationRunId: world.runId, years: 3, seed: 'http-what-if' });

describe('policy routes', () => {
  it('turn away the public with 401, other roles with 403, and staff from adoption', async () => {
    const derive = () => supertest(app).post('/api/inspection-items/G1/derivations');
    const adopt = () => supertest(app).post('/api/inspection-items/G1/policies/adopt');
    const simulate = () => supertest(app).post('/api/simulations');
    for (const route of [derive(), adopt(), simulate()]) expect((await route.send({})).status).toBe(401);
    for (const role of ['enterprise', 'auditor'] as const) {
      expect((await derive().set('Authorization', bearer[role]).send(derivationBody())).status).toBe(403);
      expect((await simulate().set('Authorization', bearer[role]).send(simulationBody())).status).toBe(403);
      expect((await adopt().set('Authorization', bearer[role]).send(derivationBody())).status).toBe(403);
    }
    expect((await adopt().set('Authorization', bearer.staff).send(derivationBody())).status).toBe(403);
    const published = await supertest(app).get('/api/public/policies');
    expect(published.body).toEqual({ items: [] });
  });

  it('derive for staff, adopt for admin by the reviewed hash, and publish the signed record', async () => {
    const derived = await supertest(app).post('/api/inspection-items/G1/derivations').set('Authorization', bearer.staff).send(derivationBody());
    expect(derived.status).toBe(200);
    expect(derived.body.derivation.feasible).toBe(true);
    expect(derived.body.derivation.explanation.length).toBeGreaterThan(0);
    const adopted = await supertest(app)
      .post('/api/inspection-items/G1/policies/adopt')
      .set('Authorization', bearer.admin)
      .send({ ...derivationBody(), derivationHash: derived.body.derivationHash });
    expect(adopted.status).toBe(202);
    const approved = await approveAsSecondAdmin(app, database, adopted.body.approval.id);
    expect(approved.status).toBe(200);
    const adoption = approved.body.outcome.adoption;
    expect(adoption.policy.version).toBe(2);
    const published = await supertest(app).get('/api/public/policies').query({ item: 'G1' });
    expect(published.body.items).toHaveLength(1);
    const envelope = published.body.items[0].envelope as SignedEnvelope;
    expect(envelope.recordHash).toBe(adoption.envelope.recordHash);
    expect(envelope.record).toMatchObject({ approvedBy: ['test admin (token 3)', 'second admin (token 5)'], fourEyes: true });
    expect(verifyEnvelopeSignature(envelope, publicKeySetOf([keys.signingKey])).ok).toBe(true);
  });

  it('answer 409 for a stale hash, 422 for an infeasible derivation, 404 for an unknown item, 400 for bad input', async () => {
    const adopt = (body: object, item = 'G1') => supertest(app).post(`/api/inspection-items/${item}/policies/adopt`).set('Authorization', bearer.admin).send(body);
    expect((await adopt({ ...derivationBody(), derivationHash: '0'.repeat(64) })).status).toBe(409);
    const infeasible = await adopt({ ...derivationBody(), capacity: { per: 'year', inspections: 10 } });
    expect(infeasible.status).toBe(422);
    expect(infeasible.body.detail).toContain('22 inspections a year short');
    expect((await adopt(derivationBody(), 'NOPE')).status).toBe(404);
    const bad = await supertest(app)
      .post('/api/inspection-items/G1/derivations')
      .set('Authorization', bearer.staff)
      .send({ ...derivationBody(), bounds: { A: { minRatio: '0.5', maxRatio: '0.1' }, B: { minRatio: '0', maxRatio: '1' }, C: { minRatio: '0', maxRatio: '1' }, D: { minRatio: '0', maxRatio: '1' } } });
    expect(bad.status).toBe(400);
  });

  it('simulate reproducibly from the seed', async () => {
    const first = await supertest(app).post('/api/simulations').set('Authorization', bearer.staff).send(simulationBody());
    const second = await supertest(app).post('/api/simulations').set('Authorization', bearer.staff).send(simulationBody());
    expect(first.status).toBe(200);
    expect(first.body.report.seed).toBe('http-what-if');
    expect(second.body).toEqual(first.body);
  });

  it("simulate a stored version under its own annual cap, and a proposed policy under the cap given with it", async () => {
    const stored = await supertest(app).post('/api/simulations').set('Authorization', bearer.staff).send(simulationBody());
    expect(stored.body.policy.annualCap).toBe(1);
    expect(stored.body.report.annualCap).toBe(1);
    const tier = (ratio: string, frequency: number) => ({ ratio, minimum: 0, frequency });
    const proposed = { A: tier('0', 0), B: tier('0.05', 1), C: tier('0.3', 2), D: tier('1', 2) };
    const capped = await supertest(app).post('/api/simulations').set('Authorization', bearer.staff).send({ ...simulationBody(), proposed, annualCap: 1 });
    expect(capped.status).toBe(200);
    // D at ratio 1 in both rounds: with a cap of 1, round 2 finds every D enterprise already at the cap.
    expect(capped.body.report.tiers.D.inspectionsPerYear).toBe(capped.body.pool.tierCounts.D);
    const misplaced = await supertest(app).post('/api/simulations').set('Authorization', bearer.staff).send({ ...simulationBody(), annualCap: 1 });
    expect(misplaced.status).toBe(400);
  });
});
