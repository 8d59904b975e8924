/**
 * Public documents with strong ETags (RFC 9110 section 8.8.3): the tag is the SHA-256 of
 * the exact bytes sent, so a mirror or browser asks again with If-None-Match and gets
 * 304 Not Modified while nothing changed.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

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
  response.set('Cache-Control', 'no-cache');
  if (matches(request.get('if-none-match'), etag)) {
    response.status(304).end();
    return;
  }
  response.type(contentType).send(body);
}
