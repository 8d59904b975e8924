/** `GET /healthz`: is the process up and does its database answer. */
import type { Router } from 'express';
import type { Logger } from '../../logger.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { pingDatabase } from '../../persistence/database-health.ts';
import { addRoute, type OpenAPIRegistry } from '../openapi.ts';
import { healthSchema, type Health } from '../schemas/health.ts';

export function registerHealthRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  deps: { database: DatabaseHandle; logger: Logger },
): void {
  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/healthz',
      summary: 'Liveness and database reachability',
      tags: ['operations'],
      responses: {
        200: { description: 'Healthy.', content: { 'application/json': { schema: healthSchema } } },
        503: { description: 'The database does not answer.', content: { 'application/json': { schema: healthSchema } } },
      },
    },
    async (_request, response) => {
      const kind = deps.database.client.kind;
      try {
        await pingDatabase(deps.database.db);
      } catch (error) {
        deps.logger.error({ err: error }, 'health check: database unreachable');
        const body: Health = { status: 'unavailable', database: { kind, reachable: false } };
        response.status(503).json(body);
        return;
      }
      const body: Health = { status: 'ok', database: { kind, reachable: true } };
      response.set('Cache-Control', 'no-store').json(body);
    },
  );
}
