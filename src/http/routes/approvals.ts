/**
 * Four eyes over HTTP (issue 13): the pending proposals (admin), and approving, rejecting or
 * withdrawing one. The routes that propose (policy adoption, list publication) answer 202 with
 * the pending proposal when four eyes are on, through `sendRequestedAct`.
 */
import type { Response, Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../application/activity-log.ts';
import { decideApproval, describeApprovalIssue, listApprovals, statusOfApprovalIssue, type ApprovalIssue, type Decision, type RequestedAct } from '../../application/approvals.ts';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import type { Result } from '../../core/result.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { markActivityRecorded } from '../activity.ts';
import { requireReauthentication } from '../reauthentication.ts';
import { principalOf, requireRole } from '../auth.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { HttpError, parseRequestPart } from '../problem.ts';
import { approvalListQuerySchema, approvalParamsSchema, approvalSchema, decisionBodySchema, proposedSchema } from '../schemas/approvals.ts';
import { assertBureauKeys } from '../bureau-key-guard.ts';

/** A refused approval or act as problem+json: the status of `statusOfApprovalIssue`, the tagged issue beside. */
export function approvalProblem(issue: ApprovalIssue): HttpError {
  return new HttpError(statusOfApprovalIssue(issue), describeApprovalIssue(issue, 'en'), { code: issue.code, issue });
}

/** The 202 of a proposal (four eyes on), or `done` when the act ran at once (FOUR_EYES=off). */
export function sendRequestedAct(response: Response, requested: Result<RequestedAct, ApprovalIssue>, done: (value: Extract<RequestedAct, { status: 'done' }>) => void): void {
  if (!requested.ok) throw approvalProblem(requested.error);
  markActivityRecorded(response);
  if (requested.value.status === 'proposed') response.status(202).json({ status: 'proposed', approval: requested.value.approval });
  else done(requested.value);
}

/** The OpenAPI answer of a route that may propose instead of acting. */
export const proposedResponse = { description: 'Four eyes (FOUR_EYES=on): proposed; another admin approves it at POST /api/approvals/{id}/approve.', content: { 'application/json': { schema: proposedSchema } } };

export function registerApprovalRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; bureauKeys?: BureauKeys | undefined; now?: (() => Date) | undefined }): void {
  const secured = { tags: ['four eyes'], security: [{ [BEARER_SECURITY_SCHEME]: [] }] };
  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/approvals',
      summary: 'Proposals of acts that need a second admin (policy adoption, list publication), newest first (admin)',
      ...secured,
      request: { query: approvalListQuerySchema },
      responses: { 200: { description: 'The proposals.', content: { 'application/json': { schema: z.array(approvalSchema) } } }, ...authProblemResponses('admin') },
    },
    requireRole('admin'),
    async (request, response) => {
      const query = parseRequestPart(approvalListQuerySchema, request.query);
      response.json(await listApprovals(deps.database.db, query));
    },
  );

  const decisionRoute = (decision: Decision, summary: string): void => {
    addRoute(
      router,
      registry,
      {
        method: 'post',
        path: `/api/approvals/{id}/${decision}`,
        summary,
        ...secured,
        request: { params: approvalParamsSchema, body: { required: false, content: { 'application/json': { schema: decisionBodySchema } } } },
        responses: {
          200: { description: 'Decided; for an approval, `outcome` is what the act did (the signed record when it publishes one).', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
          ...authProblemResponses('admin'),
          404: problemResponse('No such proposal.'),
          409: problemResponse('Already decided, or the act is refused now (e.g. the edition was published meanwhile).'),
          422: problemResponse('The act is refused now (e.g. the derivation became infeasible).'),
          503: problemResponse('No bureau key configured.'),
        },
      },
      requireRole('admin'),
      // Approving is where the act (publication, adoption) happens: the password again, as for acting alone.
      requireReauthentication(deps.database.db),
      async (request, response) => {
        const { id } = parseRequestPart(approvalParamsSchema, request.params);
        const body = parseRequestPart(decisionBodySchema, request.body ?? {});
        assertBureauKeys(deps.bureauKeys, 'publish');
        const decided = await decideApproval(deps.database, deps.bureauKeys, id, decision, actorOf(principalOf(response)), { reason: body.reason, ...(deps.now ? { now: deps.now() } : {}) });
        if (!decided.ok) throw approvalProblem(decided.error);
        markActivityRecorded(response);
        response.json(decided.value);
      },
    );
  };
  decisionRoute('approve', 'Approve another admin\'s proposal: the act runs now and its record names both admins (admin, not the proposer)');
  decisionRoute('reject', 'Reject another admin\'s proposal (admin, not the proposer)');
  decisionRoute('withdraw', 'Withdraw one\'s own proposal (the proposing admin)');
}
