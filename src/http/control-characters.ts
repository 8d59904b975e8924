/**
 * No request string may carry a control character: PostgreSQL refuses NUL in text (the
 * request then ended in a 500), and no name, code or note a bureau keeps needs one. Tab,
 * line feed and carriage return stay allowed in bodies (notes span lines). One check for
 * every route and page, before any of them reads its input.
 */
import type { RequestHandler } from 'express';
import { ValidationError } from './problem.ts';
import type { ProblemFieldError } from './schemas/problem.ts';

// Matching control characters is this module's purpose.
// eslint-disable-next-line no-control-regex
const inPathOrQuery = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const inBody = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function findInValue(value: unknown, field: string, pattern: RegExp, found: ProblemFieldError[]): void {
  if (found.length >= 10) return;
  if (typeof value === 'string') {
    if (pattern.test(value)) found.push({ field, reason: 'contains a control character (such as NUL, %00), which is not accepted' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => findInValue(item, `${field}.${index}`, pattern, found));
  } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) {
      const name = field === '' ? key : `${field}.${key}`;
      if (pattern.test(key)) found.push({ field: name, reason: 'has a name with a control character' });
      else findInValue(item, name, pattern, found);
    }
  }
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * 400 problem naming every field (path, `query.x`, `body.rows.3.name`) that holds a
 * control character. Mounted after the body parsers.
 *
 * @example app.use(refuseControlCharacters())
 */
export function refuseControlCharacters(): RequestHandler {
  return (request, _response, next) => {
    const found: ProblemFieldError[] = [];
    if (inPathOrQuery.test(decodedPath(request.path))) found.push({ field: '(path)', reason: 'contains a control character (such as NUL, %00), which is not accepted' });
    findInValue(request.query, 'query', inPathOrQuery, found);
    findInValue(request.body, 'body', inBody, found);
    if (found.length > 0) throw new ValidationError(found);
    next();
  };
}
