/**
 * Public documents with strong ETags (RFC 9110 section 8.8.3): the tag is the SHA-256 of
 * the exact bytes sent, so a mirror or browser asks again with If-None-Match and gets
 * 304 Not Modified while nothing changed.
 */
import { createHash } from 'node:crypto';
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

/**
 * Sends `body` with its strong ETag, or 304 when the client already has it.
 *
 * @example sendWithEtag(request, response, JSON.stringify(page), 'application/json')
 */
export function sendWithEtag(request: Request, response: Response, body: string, contentType: string): void {
  const etag = `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;
  response.set('ETag', etag);
  setPublicCacheControl(response, 'no-cache');
  if (matches(request.get('if-none-match'), etag)) {
    response.status(304).end();
    return;
  }
  response.type(contentType).send(body);
}
