import type { Request } from 'express';

/**
 * The path of a request without its query string, for logs: a query can hold a CSRF token
 * (`_csrf`) or a search for a person.
 *
 * @example pathForLog(request) // '/console/lists/black-2026-10-31/publish' for '/console/lists/black-2026-10-31/publish?_csrf=…'
 */
export function pathForLog(request: Request): string {
  const url = request.originalUrl;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
