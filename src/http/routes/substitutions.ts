/**
 * Inspector substitutions (draw/v1.1 section 8.2): staff record one (assign/v1 draws the
 * replacement), anyone reads a task's signed substitution records.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import { describeSubstitutionEntryIssue, listSubstitutionEnvelopeTexts, statusOfSubstitutionIssue, substituteInspector } from '../../application/inspector-substitution.ts';
import { SUBSTITUTION_REASONS } from '../../core/draw/substitution.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { requireRole } from '../auth.ts';
import { addRoute, authProblemResponses, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { HttpError, parseRequestPart } from '../problem.ts';
import { drawIdParamsSchema } from '../schemas/draw.ts';
import { assertBureauKeys } from '../bureau-key-guard.ts';

const substitutionBodySchema = z
  .object({
    creditCode: z.string().min(1),
    leaving: z.string().min(1).meta({ description: "The leaving inspector's badge number (执法证号)." }),
    reason: z.enum(SUBSTITUTION_REASONS).meta({ description: 'illness (病假), recusal (回避) or other (其他, with reasonText).' }),
    reasonText: z.string().max(200).optional(),
  })
  .strict();
const envelopeSchema = z
  .object({ record: z.record(z.string(), z.unknown()), recordHash: z.string(), signature: z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), value: z.string() }) })
  .meta({ id: 'SignedInspectorSubstitution', description: 'A `suiji.inspector-substitution/1` record in its signed envelope (spec/draw-v1.md section 8.2).' });
const taskParamsSchema = z.object({ code: drawIdParamsSchema.shape.id });
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

export function registerSubstitutionRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; bureauKeys?: BureauKeys | undefined }): void {
  const { database } = deps;

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/draws/{id}/substitutions',
      summary: "A task's inspector substitutions, signed, in counter order",
      tags: ['public'],
      request: { params: drawIdParamsSchema },
      responses: { 200: json(z.object({ items: z.array(envelopeSchema) }), 'The substitutions (none is an empty list).') },
    },
    async (request, response) => {
      const { id } = parseRequestPart(drawIdParamsSchema, request.params);
      const texts = await listSubstitutionEnvelopeTexts(database.db, id);
      response.type('application/json').send(`{"items":[${texts.join(',')}]}`);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/{code}/substitutions',
      summary: 'Record that an inspector leaves a team; assign/v1 draws the replacement, and the signed record is logged',
      tags: ['inspection results'],
      security: [{ [BEARER_SECURITY_SCHEME]: [] }],
      request: { params: taskParamsSchema, body: { content: { 'application/json': { schema: substitutionBodySchema } } } },
      responses: {
        201: json(envelopeSchema, 'The signed substitution.'),
        400: problemResponse('The enterprise was not selected, the inspector is not on its team, or the reason is missing.'),
        404: problemResponse('No such task.'),
        409: problemResponse('The task is not drawn, or its draw has no inspector snapshot.'),
        422: problemResponse('No eligible inspector is left to draw.'),
        ...authProblemResponses('staff'),
      },
    },
    requireRole('staff'),
    async (request, response) => {
      const { code: id } = parseRequestPart(taskParamsSchema, request.params);
      const body = parseRequestPart(substitutionBodySchema, request.body);
      assertBureauKeys(deps.bureauKeys, 'sign');
      const substituted = await substituteInspector(database, deps.bureauKeys, { taskCode: id, ...body });
      if (!substituted.ok) {
        const issue = substituted.error;
        throw new HttpError(statusOfSubstitutionIssue(issue), `${describeSubstitutionEntryIssue(issue, 'zh')} / ${describeSubstitutionEntryIssue(issue, 'en')}`, { code: issue.code });
      }
      response.status(201).type('application/json').send(JSON.stringify(substituted.value.envelope));
    },
  );
}
