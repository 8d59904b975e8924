/**
 * The public publication log (no login): the latest signed tree head, inclusion and
 * consistency proofs, and the leaves by range. Mirrors save tree heads and check each new
 * one with `suiji log check`.
 */
import type { Request, Response, Router } from 'express';
import {
  describeLogProofIssue,
  getConsistencyProof,
  getInclusionProof,
  getLatestTreeHead,
  getLeaves,
  LogNodeCache,
  type LogProofIssue,
} from '../../application/publication-log.ts';
import type { DatabaseHandle } from '../../persistence/database.ts';
import { addRoute, problemResponse, type OpenAPIRegistry } from '../openapi.ts';
import type { Result } from '../../core/result.ts';
import { sendDocument, setPublicCacheControl } from '../cacheable.ts';
import { IMMUTABLE_CACHE_CONTROL, JSON_TYPE, type PublicContentCache } from '../public-cache.ts';
import { HttpError, NotFoundError, parseRequestPart } from '../problem.ts';
import {
  consistencyProofQuerySchema,
  consistencyProofSchema,
  inclusionProofQuerySchema,
  inclusionProofSchema,
  LEAVES_PAGE_DEFAULT,
  LEAVES_PAGE_MAX,
  leavesPageSchema,
  leavesQuerySchema,
  signedTreeHeadSchema,
} from '../schemas/publication-log.ts';

export const PUBLIC_LOG_PATH = '/api/public/log';

function toHttpError(issue: LogProofIssue): HttpError {
  const detail = describeLogProofIssue(issue);
  return issue.code === 'empty_log' || issue.code === 'unknown_record' ? new NotFoundError(detail) : new HttpError(400, detail);
}

/** Proofs between fixed sizes never change; the latest head does. */
function setCaching(response: Response, fixed: boolean): void {
  setPublicCacheControl(response, fixed ? IMMUTABLE_CACHE_CONTROL : 'no-cache');
}

export function registerPublicationLogRoutes(router: Router, registry: OpenAPIRegistry, deps: { database: DatabaseHandle; publicCache: PublicContentCache }): void {
  const { readPublic } = deps.database;
  const { publicCache } = deps;
  /** A proof between fixed tree sizes never changes: from the cache, else computed and kept. */
  const sendFixedProof = async (request: Request, response: Response, name: string, compute: () => Promise<Result<unknown, LogProofIssue>>) => {
    let issue: LogProofIssue | undefined;
    const document = await publicCache.read(name, async () => {
      const proof = await compute();
      if (proof.ok) return JSON.stringify(proof.value);
      issue = proof.error;
      return undefined;
    }, JSON_TYPE);
    if (!document) throw toHttpError(issue ?? { code: 'empty_log' });
    sendDocument(request, response, document, IMMUTABLE_CACHE_CONTROL);
  };
  // Complete subtrees never change, so one cache serves every request of this process.
  const cache = new LogNodeCache();

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${PUBLIC_LOG_PATH}/tree-head`,
      summary: 'The latest signed tree head of the publication log',
      tags: ['publication log'],
      responses: {
        200: { description: 'The head.', content: { 'application/json': { schema: signedTreeHeadSchema } } },
        404: problemResponse('Nothing has been published yet.'),
      },
    },
    async (_request, response) => {
      const head = await readPublic((db) => getLatestTreeHead(db));
      if (!head) throw toHttpError({ code: 'empty_log' });
      setCaching(response, false);
      response.json(head);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${PUBLIC_LOG_PATH}/proof/inclusion`,
      summary: 'Inclusion proof of a published record in the log',
      tags: ['publication log'],
      request: { query: inclusionProofQuerySchema },
      responses: {
        200: { description: 'The proof, with the signed head of that tree size.', content: { 'application/json': { schema: inclusionProofSchema } } },
        400: problemResponse('Invalid parameters, or a tree size the log has not reached or that does not contain the record.'),
        404: problemResponse('No record with this hash is in the log.'),
      },
    },
    async (request, response) => {
      const query = parseRequestPart(inclusionProofQuerySchema, request.query);
      if (query.treeSize !== undefined) {
        const treeSize = query.treeSize;
        await sendFixedProof(request, response, `log-inclusion:${query.hash}@${treeSize}`, () => readPublic((db) => getInclusionProof(db, { recordHash: query.hash }, treeSize, cache)));
        return;
      }
      const proof = await readPublic((db) => getInclusionProof(db, { recordHash: query.hash }, query.treeSize, cache));
      if (!proof.ok) throw toHttpError(proof.error);
      setCaching(response, query.treeSize !== undefined);
      response.json(proof.value);
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${PUBLIC_LOG_PATH}/proof/consistency`,
      summary: 'Consistency proof between two tree sizes',
      description: 'Proves that the tree of `second` leaves extends the tree of `first` leaves unchanged (RFC 6962 section 2.1.2).',
      tags: ['publication log'],
      request: { query: consistencyProofQuerySchema },
      responses: {
        200: { description: 'The proof, with both signed heads.', content: { 'application/json': { schema: consistencyProofSchema } } },
        400: problemResponse('Invalid sizes: first > second, or beyond the log.'),
        404: problemResponse('Nothing has been published yet.'),
      },
    },
    async (request, response) => {
      const query = parseRequestPart(consistencyProofQuerySchema, request.query);
      await sendFixedProof(request, response, `log-consistency:${query.first}-${query.second}`, () => readPublic((db) => getConsistencyProof(db, query.first, query.second, cache)));
    },
  );

  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${PUBLIC_LOG_PATH}/leaves`,
      summary: 'Leaves of the log by index range',
      tags: ['publication log'],
      request: { query: leavesQuerySchema },
      responses: {
        200: { description: 'One page of leaves; follow `next`.', content: { 'application/json': { schema: leavesPageSchema } } },
        400: problemResponse(`Invalid range: end ≤ start, or more than ${LEAVES_PAGE_MAX} leaves.`),
      },
    },
    async (request, response) => {
      const query = parseRequestPart(leavesQuerySchema, request.query);
      const end = query.end ?? query.start + LEAVES_PAGE_DEFAULT;
      if (end <= query.start) throw new HttpError(400, `end ${end} must be larger than start ${query.start}`);
      if (end - query.start > LEAVES_PAGE_MAX) throw new HttpError(400, `at most ${LEAVES_PAGE_MAX} leaves per page: ask for start..start+${LEAVES_PAGE_MAX}`);
      // One read, so the leaves and the size come from the same snapshot's server.
      const { size, leaves } = await readPublic(async (db) => {
        const head = await getLatestTreeHead(db);
        const treeSize = head?.treeSize ?? 0;
        return { size: treeSize, leaves: await getLeaves(db, query.start, Math.min(end, treeSize)) };
      });
      const reached = Math.min(end, size);
      setCaching(response, end <= size);
      response.json({ treeSize: size, leaves, next: reached < size ? reached : null });
    },
  );
}
