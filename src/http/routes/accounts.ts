/**
 * The activity log over HTTP: who did what, newest first, for admins and auditors. (Sign-in,
 * setup links and user management are pages: src/web/accounts/.)
 */
import type { Router } from 'express';
import { listActivity } from '../../application/activity-log.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, type OpenAPIRegistry } from '../openapi.ts';
import { ForbiddenError, parseRequestPart, ValidationError } from '../problem.ts';
import { requireAnyRole } from '../role-access.ts';
import { activityPageSchema, activityQuerySchema } from '../schemas/accounts.ts';

export function registerAccountRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle }): void {
  const { db } = deps.database;

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/activity',
      summary: 'The activity log: who did what (sign-ins, every change), newest first, paged by cursor',
      tags: ['accounts'],
      security: [{ [BEARER_SECURITY_SCHEME]: [] }],
      request: { query: activityQuerySchema },
      responses: {
        200: { description: 'One page of entries.', content: { 'application/json': { schema: activityPageSchema } } },
        400: { description: 'A bad query or cursor.' },
        ...authProblemResponses('admin or auditor'),
      },
    },
    requireAnyRole('admin', 'auditor'),
    async (request, response) => {
      const query = parseRequestPart(activityQuerySchema, request.query);
      let before: number | undefined;
      if (query.cursor !== undefined) {
        const key = decodeCursor(query.cursor, /^[1-9]\d{0,15}$/);
        if (key === undefined) throw new ValidationError([{ field: 'cursor', reason: 'is not a cursor this server gave' }]);
        before = Number(key);
      }
      if (query.section === 'security' && principalOf(response).role !== 'admin') throw new ForbiddenError('The security section of the activity log is for admins.');
      const page = await listActivity(db, { limit: query.limit, before, actor: query.actor, action: query.action, section: query.section });
      response.json({
        items: page.items.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
        ...(page.nextBefore === undefined ? {} : { nextCursor: encodeCursor(String(page.nextBefore)) }),
      });
    },
  );
}
