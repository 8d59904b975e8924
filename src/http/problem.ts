/**
 * The one mapping from errors to HTTP responses: every error becomes an RFC 9457
 * `application/problem+json` body. Handlers throw; this decides status and wording.
 */
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { pathForLog } from './request-path.ts';
import type { Problem, ProblemFieldError } from './schemas/problem.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An error that is the client's to fix (or a known condition), with its status. */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  constructor(
    readonly status: number,
    readonly detail: string,
    /** RFC 9457 extension members, e.g. `errors` or an import report. */
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** 400 with the offending fields. */
export class ValidationError extends HttpError {
  override readonly name = 'ValidationError';
  constructor(readonly errors: readonly ProblemFieldError[]) {
    super(400, `The request has ${errors.length === 1 ? 'an invalid input' : `${errors.length} invalid inputs`}.`, { errors });
  }

  /** Field names are the parameter or property path, e.g. `limit` or `rows.3.name`. */
  static fromZod(error: z.ZodError): ValidationError {
    return new ValidationError(
      error.issues.flatMap((issue) => {
        const prefix = issue.path.map(String).join('.');
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => ({ field: prefix ? `${prefix}.${key}` : key, reason: 'is not accepted here' }));
        }
        return [{ field: prefix || '(root)', reason: describeZodIssue(issue) }];
      }),
    );
  }
}

/** 401: no credential, or one that is unknown or revoked (RFC 6750 section 3). */
export class UnauthorizedError extends HttpError {
  override readonly name = 'UnauthorizedError';
  constructor(detail: string, bearerError?: 'invalid_token') {
    super(401, detail, {}, {
      'WWW-Authenticate': bearerError ? `Bearer realm="suiji", error="${bearerError}"` : 'Bearer realm="suiji"',
    });
  }
}

/** 403: the credential is valid but its role may not do this. */
export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError';
  constructor(detail: string) {
    super(403, detail);
  }
}

export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  constructor(detail: string) {
    super(404, detail);
  }
}

export class ConflictError extends HttpError {
  override readonly name = 'ConflictError';
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(409, detail, extensions);
  }
}

export class PayloadTooLargeError extends HttpError {
  override readonly name = 'PayloadTooLargeError';
  constructor(detail: string) {
    super(413, detail);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(detail: string) {
    super(415, detail);
  }
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  return issue.message;
}

/**
 * Parses one part of a request with its schema, throwing a `ValidationError` whose fields
 * name the bad inputs.
 *
 * @example const { limit } = parseRequestPart(enterpriseListQuerySchema, request.query)
 */
export function parseRequestPart<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  return parsed.data;
}

/** The body-parser errors we can explain (they carry `type` and `status`). */
function fromBodyParserError(error: {
  type?: unknown;
  status?: unknown;
  limit?: unknown;
  expose?: unknown;
  message?: unknown;
}): HttpError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(`The request body exceeds the limit of ${String(error.limit)} bytes.`);
    case 'entity.parse.failed':
      return new HttpError(400, 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('The request body has an unsupported character set or content encoding.');
    case 'request.aborted':
      return new HttpError(400, 'The request was aborted before its body was received.');
    default:
      // body-parser marks the errors whose message is safe to show.
      if (error.expose === true && typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
        return new HttpError(error.status, String(error.message));
      }
      return undefined;
  }
}

/** Turns any thrown value into an `HttpError`; undefined means "ours to fix" (500). */
function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof z.ZodError) return ValidationError.fromZod(error);
  // body-parser's errors carry `type`; others from http-errors (a bad Content-Encoding's
  // zlib failure among them) carry only `status` and `expose`: both are the client's.
  if (typeof error === 'object' && error !== null && ('type' in error || 'expose' in error)) return fromBodyParserError(error);
  return undefined;
}

/** Writes a problem response. */
export function sendProblem(request: Request, response: Response, error: HttpError): void {
  const problem: Problem = {
    ...error.extensions,
    type: 'about:blank',
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.detail,
    instance: request.originalUrl.split('?')[0],
  };
  // Refused before its body was read (an anonymous upload, say): close the connection
  // rather than wait for, or drain, a body we will never use.
  if (!request.complete) response.set('Connection', 'close');
  response.status(error.status).set(error.headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * The error middleware: known errors become their problem; anything else is logged and
 * answered with a bare 500 that reveals nothing about the internals.
 */
export function problemErrorHandler(
  logger: Logger,
  /** Answers a person's browser with a page instead; returns false to fall back to the problem. */
  sendPage: (request: Request, response: Response, error: HttpError) => boolean = () => false,
): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    let known = toHttpError(error);
    if (!known) {
      logger.error({ err: error, method: request.method, path: pathForLog(request) }, 'request failed');
      known = new HttpError(500, 'The server could not complete the request. The error has been logged.');
    }
    if (!sendPage(request, response, known)) sendProblem(request, response, known);
  };
}

/** The catch-all after every route: a 404 problem instead of express's HTML page. */
export function notFoundHandler(): RequestHandler {
  return (request) => {
    throw new NotFoundError(`No resource at ${request.method} ${request.path}.`);
  };
}
