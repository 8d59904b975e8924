/**
 * Published draws (一公开): the list, each freeze commitment (before the draw), each signed public record and its server-side
 * verification (no login); an enterprise's receipt (with the receipt code from its
 * notification); the audit record (auditor or admin); and the bureau's public keys.
 */
import type { Request, RequestHandler, Router } from 'express';
import type { BureauKeys } from '../../application/bureau-keys.ts';
import {
  bureauKeySet,
  findAuditEnvelopeText,
  getDrawLogProofs,
  listPublishedDraws,
  publishedDrawVerificationInput,
  readSignedReceipt,
  verifySubmittedDocuments,
} from '../../application/draw-publication.ts';
import { allChecksPassed } from '../../core/verify/index.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { principalOf, signInNeeded } from '../auth.ts';
import { addRoute, BEARER_SECURITY_SCHEME, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import { ForbiddenError, HttpError, NotFoundError, parseRequestPart, UnauthorizedError } from '../problem.ts';
import {
  drawIdParamsSchema,
  drawListSchema,
  drawLogProofsSchema,
  keySetSchema,
  receiptParamsSchema,
  receiptQuerySchema,
  receiptSchema,
  signedCommitmentSchema,
  signedEnvelopeSchema,
  verificationReportSchema,
  verifyRequestSchema,
  verifyResponseSchema,
} from '../schemas/draw.ts';
import { receiptLookupRateLimiter, verifyRateLimiter } from '../login-rate-limit.ts';
import { etaggedDocument, sendDocument, type EtaggedDocument } from '../cacheable.ts';
import { IMMUTABLE_CACHE_CONTROL, JSON_TYPE, SHORT_CACHE_CONTROL, type PublicContentCache, type PublishedDrawDocuments } from '../public-cache.ts';
import type { RecordVerifier } from '../../application/verification-worker.ts';
import { requireBureauKeys } from '../bureau-key-guard.ts';

export const KEY_SET_PATH = '/.well-known/suiji-keys.json';
const PRIVILEGED_ROLES = new Set(['staff', 'admin', 'auditor']);

/** Auditors supervise the bureau; admins run it. Both may read audit records, staff may not. */
const requireAuditor: RequestHandler = (_request, response, next) => {
  const { role } = principalOf(response);
  if (role === 'public') throw new UnauthorizedError(signInNeeded('auditor'));
  if (role !== 'auditor' && role !== 'admin') throw new ForbiddenError(`Audit records are for the auditor role; you have the ${role} role.`);
  next();
};

function sendJsonText(response: Parameters<RequestHandler>[1], text: string): void {
  response.type('application/json').send(text);
}

export function registerDrawRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  deps: { database: DatabaseHandle; bureauKeys?: BureauKeys | undefined; publicCache: PublicContentCache; publishedDraws: PublishedDrawDocuments; verifier: RecordVerifier },
): void {
  const { db } = deps.database;
  const { publicCache, publishedDraws } = deps;
  // Verifications in progress, by the name their report is cached under: concurrent
  // requests for one record share one computation.
  const verifying = new Map<string, Promise<EtaggedDocument>>();
  const reportName = (record: EtaggedDocument) => `verify:${record.etag}`;
  /** Served from the cache or from a verification already running: costs no computation. */
  const answeredWithoutComputing = (request: Request): boolean => {
    const record = publicCache.get(`draw-record:${String(request.params.id)}`);
    return record !== undefined && (publicCache.get(reportName(record)) !== undefined || verifying.has(reportName(record)));
  };

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: KEY_SET_PATH,
      summary: "The bureau's Ed25519 public keys that sign records",
      tags: ['public'],
      responses: { 200: { description: 'The key set.', content: { 'application/json': { schema: keySetSchema } } } },
    },
    (_request, response) => {
      response.json(deps.bureauKeys ? bureauKeySet(deps.bureauKeys) : { keys: [] });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/draws',
      summary: 'Every frozen or drawn task, with its status',
      tags: ['public'],
      responses: { 200: { description: 'The draws.', content: { 'application/json': { schema: drawListSchema } } } },
    },
    async (_request, response) => {
      response.json({ items: await deps.database.readPublic((db) => listPublishedDraws(db)) });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/draws/{id}',
      summary: 'The signed public record of a draw (sealed or open)',
      tags: ['public'],
      request: { params: drawIdParamsSchema },
      responses: { 200: { description: 'The envelope.', content: { 'application/json': { schema: signedEnvelopeSchema } } }, 404: problemResponse('No draw of this task.') },
    },
    async (request, response) => {
      const { id } = parseRequestPart(drawIdParamsSchema, request.params);
      const record = await publishedDraws.record(id);
      if (!record) throw new NotFoundError(`Task ${id} has no published draw.`);
      sendDocument(request, response, record, IMMUTABLE_CACHE_CONTROL);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/draws/{id}/commitment',
      summary: 'The signed freeze commitment (poolRoot, nonceCommitment, entropy source, strata), public before the draw',
      tags: ['public'],
      request: { params: drawIdParamsSchema },
      responses: { 200: { description: 'The envelope.', content: { 'application/json': { schema: signedCommitmentSchema } } }, 404: problemResponse('The task is unknown or not frozen yet.') },
    },
    async (request, response) => {
      const { id } = parseRequestPart(drawIdParamsSchema, request.params);
      const commitment = await publishedDraws.commitment(id);
      if (!commitment) throw new NotFoundError(`Task ${id} has no published commitment (not frozen yet).`);
      sendDocument(request, response, commitment, IMMUTABLE_CACHE_CONTROL);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/draws/{id}/verify',
      summary: "The server's verification of a published record (every check of spec section 10)",
      tags: ['public'],
      request: { params: drawIdParamsSchema },
      responses: {
        200: { description: 'The report (cached per record; strong ETag).', content: { 'application/json': { schema: verificationReportSchema } } },
        404: problemResponse('No draw of this task.'),
        429: problemResponse('Too many verifications from this address; try again after Retry-After seconds.'),
      },
    },
    verifyRateLimiter(answeredWithoutComputing),
    async (request, response) => {
      const { id } = parseRequestPart(drawIdParamsSchema, request.params);
      const keys = requireBureauKeys(deps.bureauKeys, 'verify');
      const record = await publishedDraws.record(id);
      if (!record) throw new NotFoundError(`Task ${id} has no published draw.`);
      const name = reportName(record);
      let report = publicCache.get(name) ?? verifying.get(name);
      if (!report) {
        const computing = (async () => {
          const input = await deps.database.readPublic((db) => publishedDrawVerificationInput(db, keys, id, record.body.toString('utf8')));
          if (!input) throw new NotFoundError(`Task ${id} has no published draw.`);
          const checks = await deps.verifier.verify(input);
          const text = JSON.stringify({ task: id, passed: allChecksPassed(checks), checks });
          // A failing report is not kept: what failed may be the log catching up, not the record.
          return allChecksPassed(checks) ? publicCache.put(name, text, JSON_TYPE) : etaggedDocument(text, JSON_TYPE);
        })().finally(() => verifying.delete(name));
        verifying.set(name, computing);
        report = computing;
      }
      sendDocument(request, response, await report, SHORT_CACHE_CONTROL);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/draws/{id}/log-proof',
      summary: "Inclusion proofs of the draw's record and of its freeze commitment in the same signed tree",
      description: 'Each proof carries the signed tree head it is against, and the head signed when its leaf was appended. Save it and run `suiji verify record.json --commitment commitment.json --keys keys.json --log-proof THIS_FILE --require-log`.',
      tags: ['public'],
      request: { params: drawIdParamsSchema },
      responses: { 200: { description: 'The proofs.', content: { 'application/json': { schema: drawLogProofsSchema } } }, 404: problemResponse('The task is unknown or not frozen yet.') },
    },
    async (request, response) => {
      const { id } = parseRequestPart(drawIdParamsSchema, request.params);
      const proofs = await deps.database.readPublic((db) => getDrawLogProofs(db, id));
      if (!proofs) throw new NotFoundError(`Task ${id} has published nothing yet.`);
      response.set('Cache-Control', 'no-cache');
      response.json(proofs);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/public/verify',
      summary: 'Verify documents you send (record, commitment, log proofs, tree heads), exactly as `suiji verify` does',
      description: "Nothing is looked up for you: a log proof without a signed tree head fails, a published record without its envelope fails. Without `keys`, the bureau's own key set checks the signatures (`keysFrom` says so).",
      tags: ['public'],
      request: { body: { content: { 'application/json': { schema: verifyRequestSchema } } } },
      responses: { 200: { description: 'The checks.', content: { 'application/json': { schema: verifyResponseSchema } } }, 400: problemResponse('The body is not a verify request.') },
    },
    (request, response) => {
      const documents = parseRequestPart(verifyRequestSchema, request.body);
      const { keysFrom, checks } = verifySubmittedDocuments(deps.bureauKeys, documents);
      response.json({ passed: allChecksPassed(checks), keysFrom, checks });
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/draws/{id}/receipts/{code}',
      summary: "An enterprise's signed receipt: its stratum's N, k and salt, its ticket, the threshold and its inclusion proof",
      description: 'Needs the receipt code printed on the enterprise\'s notification (query `receiptCode` or header `X-Receipt-Code`); staff, admin and auditor tokens need none, nor does the enterprise\'s own signed-in session for its own code.',
      tags: ['public'],
      request: { params: receiptParamsSchema, query: receiptQuerySchema },
      security: [{}, { [BEARER_SECURITY_SCHEME]: [] }],
      responses: {
        200: { description: 'The receipt in its signed envelope.', content: { 'application/json': { schema: receiptSchema } } },
        401: problemResponse('No receipt code given.'),
        503: problemResponse('This server has no bureau key to sign receipts with.'),
        404: problemResponse('No receipt for this code and receipt code (the same answer whether the enterprise is not in the pool or the receipt code is wrong).'),
        429: problemResponse('Too many failed receipt look-ups from this address; try again after Retry-After seconds.'),
      },
    },
    receiptLookupRateLimiter(),
    async (request, response) => {
      const { id, code } = parseRequestPart(receiptParamsSchema, request.params);
      const { receiptCode: queryCode } = parseRequestPart(receiptQuerySchema, request.query);
      const receiptCode = queryCode ?? request.get('x-receipt-code');
      const principal = principalOf(response);
      // An enterprise signed in (with a receipt code) reads its own receipts without retyping one.
      const privileged = PRIVILEGED_ROLES.has(principal.role) || (principal.role === 'enterprise' && principal.enterpriseCode === code);
      if (!deps.bureauKeys) throw new HttpError(503, 'This server has no bureau key configured.');
      const result = await readSignedReceipt(db, deps.bureauKeys, id, code, { receiptCode, privileged });
      if (!result.ok) {
        if (result.error.code === 'receipt_code_required') throw new UnauthorizedError('Give the receipt code printed on your notification as ?receiptCode= or the X-Receipt-Code header.');
        throw new NotFoundError(`No receipt of ${code} in task ${id} matches this receipt code.`);
      }
      response.json(result.value);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/draws/{id}/audit',
      summary: 'The signed audit record of a draw: every member with its stratum and salt, and the inspector snapshot',
      tags: ['audit'],
      security: [{ [BEARER_SECURITY_SCHEME]: [] }],
      request: { params: drawIdParamsSchema },
      responses: {
        200: { description: 'The envelope.', content: { 'application/json': { schema: signedEnvelopeSchema } } },
        401: problemResponse('Not signed in: no session cookie or bearer token.'),
        403: problemResponse('The token is not an auditor\'s (or admin\'s).'),
        404: problemResponse('No draw of this task.'),
      },
    },
    requireAuditor,
    async (request, response) => {
      const { id } = parseRequestPart(drawIdParamsSchema, request.params);
      const text = await findAuditEnvelopeText(db, id);
      if (text === undefined) throw new NotFoundError(`Task ${id} has no draw.`);
      sendJsonText(response, text);
    },
  );
}
