/**
 * Public documents with strong ETags (RFC 9110 section 8.8.3): the tag is the SHA-256 of
 * the exact bytes sent, so a mirror or browser asks again with If-None-Match and gets
 * 304 Not Modified while nothing changed.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';
import { principalOf } from './auth.ts';

/**
 * Answers to a signed-in caller (token or session) are private: `no-store` unless a route
 * says otherwise, so no proxy or shared browser keeps an audit record, an evaluation or a
 * receipt (OWASP ASVS 8.2.1). Mounted after `authenticate`.
 */
export function privateByDefault(): RequestHandler {
  return (_request, response, next) => {
    if (principalOf(response).role !== 'public') response.set('Cache-Control', 'no-store');
    next();
  };
}

/**
 * Sets a cache policy for public content, but never loosens a private answer's `no-store`.
 *
 * @example setPublicCacheControl(response, 'public, max-age=31536000, immutable')
 */
export function setPublicCacheControl(response: Response, value: string): void {
  if (response.get('Cache-Control') === 'no-store') return;
  response.set('Cache-Control', value);
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  // If-None-Match uses the weak comparison: W/"x" matches "x".
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/** A document as sent: its bytes, their strong ETag and its media type. */
export interface EtaggedDocument {
  readonly body: Buffer;
  /** `"` + base64url SHA-256 of `body` + `"`. */
  readonly etag: string;
  readonly contentType: string;
  /**
   * The same document gzip-coded, with the strong ETag of those bytes (another
   * representation, so another tag: RFC 9110 section 8.8.3); made once by `withGzip`.
   */
  readonly gzip?: { readonly body: Buffer; readonly etag: string };
}

/**
 * The strong ETag of `body`: its SHA-256, base64url, quoted.
 *
 * @example etagOf('{}') // '"RBNvo1WzZ4oRRq0W9-hknpT7T8If536DEMBg9hyq_4o"'
 */
function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** @example etaggedDocument('{"a":1}', 'application/json') // { body: <Buffer …>, etag: '"…"', contentType: 'application/json' } */
export function etaggedDocument(text: string, contentType: string): EtaggedDocument {
  const body = Buffer.from(text, 'utf8');
  return { body, etag: etagOf(body), contentType };
}

/** Below this, gzip's header and the client's inflating cost more than the bytes saved. */
const GZIP_MIN_BYTES = 1024;
/** Compressing blocks the event loop (once, but every request waits): above this, plain bytes are sent. */
const GZIP_MAX_BYTES = 1024 * 1024;

/**
 * The document with its gzip coding attached, made once for documents kept and sent many
 * times (the public cache): the compression is paid at the first request, never per request.
 * Small, very large or incompressible documents are returned as they are.
 *
 * @example withGzip(etaggedDocument(recordText, 'application/json')).gzip?.body.length // about a quarter of the record
 */
export function withGzip(document: EtaggedDocument): EtaggedDocument {
  if (document.gzip || document.body.length < GZIP_MIN_BYTES || document.body.length > GZIP_MAX_BYTES) return document;
  const body = gzipSync(document.body);
  if (body.length >= document.body.length) return document;
  return { ...document, gzip: { body, etag: etagOf(body) } };
}

/**
 * Sends a document with its strong ETag and `cacheControl` (never loosening a signed-in
 * caller's `no-store`), or 304 Not Modified when the client already has it.
 *
 * @example sendDocument(request, response, record, 'public, max-age=31536000, immutable')
 */
export function sendDocument(request: Request, response: Response, document: EtaggedDocument, cacheControl: string): void {
  const { gzip } = document;
  if (gzip) response.vary('Accept-Encoding');
  const coded = gzip && request.acceptsEncodings('gzip', 'identity') === 'gzip' ? gzip : undefined;
  const etag = coded ? coded.etag : document.etag;
  response.set('ETag', etag);
  setPublicCacheControl(response, cacheControl);
  // Either coding's tag names the same content: the client has it.
  const ifNoneMatch = request.get('if-none-match');
  if (matches(ifNoneMatch, document.etag) || (gzip !== undefined && matches(ifNoneMatch, gzip.etag))) {
    response.status(304).end();
    return;
  }
  if (coded) response.set('Content-Encoding', 'gzip');
  response.type(document.contentType).send(coded ? coded.body : document.body);
}

/**
 * Sends `body` with its strong ETag, or 304 when the client already has it; revalidated
 * on every use (`no-cache`), for answers that a new publication changes.
 *
 * @example sendWithEtag(request, response, JSON.stringify(page), 'application/json')
 */
export function sendWithEtag(request: Request, response: Response, body: string, contentType: string): void {
  sendDocument(request, response, etaggedDocument(body, contentType), 'no-cache');
}
