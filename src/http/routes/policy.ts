/**
 * Policy derivation (staff), adoption (admin: it publishes a signed policy record, which the
 * role table of DESIGN.md gives to bureau leadership), the what-if simulator (staff), and the
 * public list of adopted policy records.
 */
import type { Router } from 'express';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import { actorOf } from '../../application/activity-log.ts';
import { requestAct } from '../../application/approvals.ts';
import { deriveItemPolicy, describePolicyIssue, type PolicyAdoptionIssue } from '../../application/policy-derivation.ts';
import { describeSimulationIssue, simulateItemPolicy } from '../../application/policy-simulation.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { listPolicyAdoptions } from '../../persistence/policy-store.ts';
import { principalOf, requireRole } from '../auth.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { ConflictError, HttpError, NotFoundError, parseRequestPart, ValidationError } from '../problem.ts';
import { policyListQuerySchema } from '../schemas/draw.ts';
import { proposedResponse, sendRequestedAct } from './approvals.ts';
import {
  adoptionRequestSchema,
  adoptionResponseSchema,
  derivationRequestSchema,
  derivationResponseSchema,
  itemCodeParamsSchema,
  policyVersionParamsSchema,
  simulationRequestSchema,
  simulationResponseSchema,
} from '../schemas/policy.ts';
import { requireReauthentication } from '../reauthentication.ts';
import { assertBureauKeys } from '../bureau-key-guard.ts';

const bearer = [{ [BEARER_SECURITY_SCHEME]: [] }];

function throwPolicyIssue(issue: PolicyAdoptionIssue): never {
  const detail = describePolicyIssue(issue, 'en');
  switch (issue.code) {
    case 'item_not_found':
      throw new NotFoundError(detail);
    case 'invalid_input':
      throw new ValidationError(issue.issues.map((entry) => ({ field: 'path' in entry ? entry.path : `bounds.${entry.tier}`, reason: entry.code })));
    case 'derivation_changed':
      throw new ConflictError(detail, { derivationHash: issue.actual });
    default:
      throw new HttpError(422, detail, { issue });
  }
}

export function registerPolicyRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; bureauKeys?: BureauKeys | undefined; fourEyes?: boolean | undefined }): void {
  const { db } = deps.database;

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/inspection-items/{code}/derivations',
      summary: 'Derive the item\'s ratios and frequencies for a year from its pool, capacity, bounds and past results (nothing is stored)',
      tags: ['planning'],
      security: bearer,
      request: { params: itemCodeParamsSchema, body: { required: true, content: { 'application/json': { schema: derivationRequestSchema } } } },
      responses: {
        200: { description: 'The derivation, with its explanation and the hash to adopt it by.', content: { 'application/json': { schema: derivationResponseSchema } } },
        400: problemResponse('Invalid input; `errors` names each field.'),
        ...authProblemResponses('staff'),
        404: problemResponse('No such item.'),
        422: problemResponse('No annual plan for the year, or an unusable evaluation run.'),
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const { code } = parseRequestPart(itemCodeParamsSchema, request.params);
      const body = parseRequestPart(derivationRequestSchema, request.body);
      const derived = await deriveItemPolicy(db, { ...body, itemCode: code });
      if (!derived.ok) throwPolicyIssue(derived.error);
      response.json(derived.value);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/inspection-items/{code}/policies/adopt',
      summary: 'Adopt a derivation as the item\'s next policy version for the year and publish it as a signed suiji.policy/1 record (admin)',
      tags: ['planning'],
      security: bearer,
      request: { params: itemCodeParamsSchema, body: { required: true, content: { 'application/json': { schema: adoptionRequestSchema } } } },
      responses: {
        201: { description: 'Adopted (FOUR_EYES=off): the new version, the signed record (approvedBy, fourEyes: false) and its log leaf.', content: { 'application/json': { schema: adoptionResponseSchema } } },
        202: proposedResponse,
        400: problemResponse('Invalid input.'),
        ...authProblemResponses('admin'),
        404: problemResponse('No such item.'),
        409: problemResponse('The derivation changed since it was reviewed (its hash differs); nothing was stored.'),
        422: problemResponse('Infeasible derivation, invalid resulting policy, no plan or unusable run; nothing was stored.'),
        503: problemResponse('No bureau key configured.'),
      },
    },
    requireRole('admin'),
    requireReauthentication(db),
    async (request, response) => {
      const { code } = parseRequestPart(itemCodeParamsSchema, request.params);
      const body = parseRequestPart(adoptionRequestSchema, request.body);
      assertBureauKeys(deps.bureauKeys, 'publish');
      const act = { kind: 'policy_adoption', derivation: { ...body, itemCode: code } } as const;
      const requested = await requestAct(deps.database, deps.bureauKeys, act, actorOf(principalOf(response)), { fourEyes: deps.fourEyes ?? true });
      if (!requested.ok && requested.error.code === 'policy_derivation_refused') throwPolicyIssue(requested.error.issue);
      sendRequestedAct(response, requested, (done) => {
        if (done.outcome.kind === 'policy_derivation') response.status(201).json(done.outcome.adoption);
      });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/inspection-items/{code}/policies/{year}/{version}/adopt',
      summary: 'Adopt a sampling-policy version staff saved, so that freezes use it (admin; with FOUR_EYES a second admin approves)',
      tags: ['planning'],
      security: bearer,
      request: { params: policyVersionParamsSchema },
      responses: {
        200: { description: 'Adopted (FOUR_EYES=off): the version, with adoptedAt, approvedBy and fourEyes: false.', content: { 'application/json': { schema: adoptionResponseSchema } } },
        202: proposedResponse,
        ...authProblemResponses('admin'),
        404: problemResponse('No such version.'),
        409: problemResponse('The version is adopted already, or its adoption is pending.'),
        503: problemResponse('No bureau key configured.'),
      },
    },
    requireRole('admin'),
    async (request, response) => {
      const { code, year, version } = parseRequestPart(policyVersionParamsSchema, request.params);
      assertBureauKeys(deps.bureauKeys, 'publish');
      const act = { kind: 'policy_adoption', version: { itemCode: code, year, version } } as const;
      const requested = await requestAct(deps.database, deps.bureauKeys, act, actorOf(principalOf(response)), { fourEyes: deps.fourEyes ?? true });
      sendRequestedAct(response, requested, (done) => {
        if (done.outcome.kind === 'policy_version') response.json(done.outcome.policy);
      });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/simulations',
      summary: 'What-if: simulate an item\'s policy (a stored version or a proposed one) for N years; the same request gives the same report',
      tags: ['planning'],
      security: bearer,
      request: { body: { required: true, content: { 'application/json': { schema: simulationRequestSchema } } } },
      responses: {
        200: { description: 'The report, with its seed.', content: { 'application/json': { schema: simulationResponseSchema } } },
        400: problemResponse('Invalid input.'),
        ...authProblemResponses('staff'),
        404: problemResponse('No such item or policy version.'),
        422: problemResponse('No annual plan for the year, or an unusable evaluation run.'),
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const body = parseRequestPart(simulationRequestSchema, request.body);
      const simulated = await simulateItemPolicy(db, body);
      if (!simulated.ok) {
        const detail = describeSimulationIssue(simulated.error, 'en');
        switch (simulated.error.code) {
          case 'item_not_found':
          case 'policy_not_found':
            throw new NotFoundError(detail);
          case 'years_out_of_range':
            throw new ValidationError([{ field: 'years', reason: detail }]);
          case 'invalid_input':
            throw new ValidationError(simulated.error.issues.map((entry) => ({ field: 'path' in entry ? entry.path : 'seed', reason: entry.code })));
          default:
            throw new HttpError(422, detail, { issue: simulated.error });
        }
      }
      response.json(simulated.value);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/policies',
      summary: 'Adopted sampling policies as their signed suiji.policy/1 records (ratios per tier are public policy; no enterprise\'s tier is in them)',
      tags: ['public'],
      request: { query: policyListQuerySchema },
      responses: { 200: { description: 'The records, newest version first per item.', content: { 'application/json': { schema: adoptionResponseSchema } } } },
    },
    async (request, response) => {
      const query = parseRequestPart(policyListQuerySchema, request.query);
      const rows = await listPolicyAdoptions(db, { itemCode: query.item, year: query.year });
      response.json({ items: rows.map((row) => ({ itemCode: row.itemCode, year: row.year, version: row.version, leafIndex: row.leafIndex, envelope: JSON.parse(row.envelope) as unknown })) });
    },
  );
}
