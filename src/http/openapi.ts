/**
 * The OpenAPI document, generated from the same zod schemas the routes validate with.
 * Routes are added through `addRoute`, which mounts the handler and registers the
 * operation in one step, so the document cannot miss a route.
 */
import {
  extendZodWithOpenApi,
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';
import { problemSchema } from './schemas/problem.ts';

// The generator calls `.openapi()` on parameter schemas; our schemas describe themselves
// with zod's own `.meta()`, so this patch is only for the generator's use.
extendZodWithOpenApi(z);

export { OpenAPIRegistry };
export type { RouteConfig };

/** Version of the HTTP contract (not of the package); bumped on breaking changes. */
export const API_VERSION = '1.0.0';
export const BEARER_SECURITY_SCHEME = 'bearerAuth';

/** A registry with the shared components (security scheme, problem schema) in place. */
export function createOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER_SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`suiji_…`) created with `suiji token create --role ROLE --label NAME`.',
  });
  return registry;
}

/**
 * A response documented as RFC 9457 problem details.
 *
 * @example responses: { 404: problemResponse('No enterprise has this code.') }
 */
export function problemResponse(description: string): ResponseConfig {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } };
}

/** The 401 and 403 answers of every route that needs a role. */
export function authProblemResponses(role: string): Record<string, ResponseConfig> {
  return {
    401: problemResponse('Not signed in: no session cookie or bearer token, or an expired, unknown or revoked one.'),
    403: problemResponse(`The caller's role (of the session or the API token) does not allow this: its role is not ${role}.`),
  };
}

/** `/api/enterprises/{code}` (OpenAPI) → `/api/enterprises/:code` (express). */
function toExpressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

const routeDocumenters = new WeakMap<RequestHandler, (route: RouteConfig) => RouteConfig>();

/**
 * Marks a middleware as adding to the documentation of every route it guards (a header it
 * reads, an answer it may give), so the document cannot miss it.
 *
 * @example export const guard = documentedMiddleware(handler, (route) => ({ ...route, responses: { ...route.responses, 428: … } }))
 */
export function documentedMiddleware(handler: RequestHandler, document: (route: RouteConfig) => RouteConfig): RequestHandler {
  routeDocumenters.set(handler, document);
  return handler;
}

/**
 * Mounts a handler and documents it.
 *
 * @example addRoute(router, registry, { method: 'get', path: '/healthz', responses: { 200: … } }, handler)
 */
export function addRoute(
  router: Router,
  registry: OpenAPIRegistry,
  route: RouteConfig,
  ...handlers: RequestHandler[]
): void {
  registry.registerPath(handlers.reduce((documented, handler) => routeDocumenters.get(handler)?.(documented) ?? documented, route));
  router[route.method](toExpressPath(route.path), ...handlers);
}

/** The OpenAPI 3.1 document of everything registered. */
export function generateOpenApiDocument(registry: OpenAPIRegistry): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Suiji API',
      version: API_VERSION,
      description:
        'Credit-differentiated double-random inspections (双随机、一公开). Errors are RFC 9457 problem details.',
    },
  });
}
