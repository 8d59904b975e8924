/**
 * Background jobs (issue 15): staff poll a job started with `Prefer: respond-async`.
 */
import type { Router } from 'express';
import type { JobRunner } from '../../application/jobs.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { findJob } from '../../persistence/job-repository.ts';
import { requireRole } from '../auth.ts';
import { jobResponse } from '../jobs.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { NotFoundError, parseRequestPart } from '../problem.ts';
import { jobParamsSchema, jobSchema } from '../schemas/jobs.ts';

export function registerJobRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; jobs: JobRunner }): void {
  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/jobs/{id}',
      summary: 'A background job: state, progress, counts, result link or the reason it failed',
      description: 'Jobs are started by the endpoints of heavy operations (evaluation, freeze, draw, results publication, list building) when the request says `Prefer: respond-async`; their 202 answer names this resource in `Location`.',
      tags: ['operations'],
      security: [{ [BEARER_SECURITY_SCHEME]: [] }],
      request: { params: jobParamsSchema },
      responses: {
        200: { description: 'The job.', content: { 'application/json': { schema: jobSchema } } },
        ...authProblemResponses('staff'),
        404: problemResponse('No such job.'),
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const { id } = parseRequestPart(jobParamsSchema, request.params);
      const job = await findJob(deps.database.db, id);
      if (!job) throw new NotFoundError(`没有作业 ${id}。 / No job ${id}.`);
      response.json(jobResponse(job));
    },
  );
}
