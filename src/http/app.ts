/**
 * The express application, without `listen`: tests drive it with supertest, `main.ts`
 * serves it. Everything it needs comes in through `deps`.
 */
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { BureauKeys } from '../application/bureau-keys.ts';
import { createJobRunner } from '../application/job-runner.ts';
import type { JobRunner } from '../application/jobs.ts';
import type { Logger } from '../logger.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { cookieSigningSecret } from '../application/accounts.ts';
import { activityLogging } from './activity.ts';
import { authenticate } from './auth.ts';
import { privateByDefault } from './cacheable.ts';
import { cachedDrawDocuments, PublicContentCache, publishedDrawDocuments, type PublishedDrawDocuments } from './public-cache.ts';
import { sharedVerificationWorker, type RecordVerifier } from '../application/verification-worker.ts';
import { setSiteSettings, type SiteSettings } from './site-settings.ts';
import { ownPasswordRateLimiters } from './login-rate-limit.ts';
import { refuseControlCharacters } from './control-characters.ts';
import { csrfProtection, isStateChanging } from './csrf.ts';
import { registerAccountRoutes } from './routes/accounts.ts';
import { addRoute, createOpenApiRegistry, generateOpenApiDocument } from './openapi.ts';
import { notFoundHandler, problemErrorHandler } from './problem.ts';
import { ENTERPRISE_IMPORT_PATH, registerEnterpriseRoutes } from './routes/enterprises.ts';
import { defineImportJob } from './import-jobs.ts';
import { RECORD_IMPORT_PATH, registerCreditRoutes } from './routes/credit.ts';
import { registerDrawRoutes } from './routes/draws.ts';
import { registerSubstitutionRoutes } from './routes/substitutions.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerInspectionRoutes } from './routes/inspection.ts';
import { registerPolicyRoutes } from './routes/policy.ts';
import { registerApprovalRoutes } from './routes/approvals.ts';
import { registerPublicationLogRoutes } from './routes/publication-log.ts';
import { registerReceiptCodeRoutes } from './routes/receipt-codes.ts';
import { registerResultRoutes } from './routes/results.ts';
import { registerDepartmentRoutes } from './routes/departments.ts';
import { registerCorrectionRoutes } from './routes/corrections.ts';
import { registerListRoutes } from './routes/lists.ts';
import { registerTierListRoutes } from './routes/tier-lists.ts';
import { registerJobRoutes } from './routes/jobs.ts';
import { sendErrorPage } from '../web/error-page.ts';
import { languageMiddleware } from '../web/page.ts';
import { createWebRouter } from '../web/routes.ts';

export interface AppDependencies {
  readonly database: DatabaseHandle;
  readonly logger: Logger;
  /** Largest directory import body accepted (default 200 MB). */
  readonly importBodyLimitBytes?: number;
  /** The bureau's signing key and server secret; without them freeze and draw answer 503. */
  readonly bureauKeys?: BureauKeys;
  /** express's trust proxy setting (default false: the client is whoever connected). */
  readonly trustProxy?: boolean | number | string;
  /** The public origin and session limits (defaults: the request's origin; 30 min idle, 12 h). */
  readonly site?: Partial<SiteSettings>;
  /** Minimum seconds from a freeze to its entropy time (config `ENTROPY_NOTICE`; default 24 h). */
  readonly entropyNoticeSeconds?: number;
  /** FOUR_EYES (default true): policy adoption and list publication need a second admin's approval. */
  readonly fourEyes?: boolean;
  /** The clock of freezes and draws (default: the system clock); tests pass a simulated one. */
  readonly now?: () => Date;
  /** Bytes of published documents kept in memory (default 64 MiB). */
  readonly publicCacheBytes?: number;
  /** The CJK font file of the notices' PDF (config NOTICE_FONT; default Debian's WenQuanYi Micro Hei). */
  readonly noticeFontPath?: string;
  /** Where published records are verified (default: one worker thread per process). */
  readonly verifier?: RecordVerifier;
  /** Runs heavy operations in the background (default: pg-boss on PostgreSQL, in-process on PGlite; its owner starts and closes it). */
  readonly jobs?: JobRunner;
}

/** What the routes and pages are given: the dependencies and the app's cache of published documents. */
export interface ServedDependencies extends AppDependencies {
  readonly publicCache: PublicContentCache;
  readonly publishedDraws: PublishedDrawDocuments;
  readonly verifier: RecordVerifier;
  readonly jobs: JobRunner;
  /** One set for the API route and the page that change one's own password: guesses on either count on both. */
  readonly ownPasswordLimiters: readonly express.RequestHandler[];
}

/** Ordinary JSON and text bodies: requests, not files. */
const bodyLimit = '1mb';
const IMPORT_PATHS = new Set([ENTERPRISE_IMPORT_PATH, RECORD_IMPORT_PATH]);

/**
 * Builds the app.
 *
 * @example const app = createApp({ database: await createTestDatabase(), logger })
 * await supertest(app).get('/healthz') // 200 { status: 'ok', … }
 */
export function createApp(dependencies: AppDependencies): Express {
  const publicCache = new PublicContentCache(dependencies.publicCacheBytes);
  const deps: ServedDependencies = {
    ...dependencies,
    publicCache,
    publishedDraws: publishedDrawDocuments(publicCache, dependencies.database),
    verifier: dependencies.verifier ?? sharedVerificationWorker(),
    jobs: dependencies.jobs ?? createJobRunner(dependencies.database, dependencies.logger),
    ownPasswordLimiters: ownPasswordRateLimiters(),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Behind a reverse proxy, the client's address (login limits, logs) and scheme come from
  // X-Forwarded-* only when the operator says whom to trust.
  app.set('trust proxy', deps.trustProxy ?? false);
  setSiteSettings(app, deps.site ?? {});
  app.use(
    helmet({
      // Everything is served by Suiji: no CDN, no inline script or style, forms post only here.
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          scriptSrcAttr: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      // Not helmet's no-referrer: under it browsers send `Origin: null` on same-site form
      // posts, which the CSRF check must then refuse. Same-origin sends it only to us.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  // Publication day: a cached record or commitment is answered here, past nothing else.
  app.use(cachedDrawDocuments(deps.publishedDraws));

  // Import files are read by their routes, after authentication (readImportBody); the
  // general parsers leave those paths alone, so an anonymous upload is never read.
  const notAnImport: (parser: express.RequestHandler) => express.RequestHandler = (parser) => (request, response, next) =>
    IMPORT_PATHS.has(request.path) ? next() : parser(request, response, next);
  app.use(notAnImport(express.json({ limit: bodyLimit })));
  app.use(notAnImport(express.text({ limit: bodyLimit })));
  app.use(notAnImport(express.urlencoded({ extended: false, limit: bodyLimit })));
  app.use(refuseControlCharacters());
  // Session cookies are signed; the secret derives from the bureau's, so sessions survive restarts.
  app.use(cookieParser(cookieSigningSecret(deps.bureauKeys)));
  app.use(languageMiddleware());
  app.use(activityLogging(deps.database.db, deps.logger));
  app.use(authenticate(deps.database.db));
  app.use(privateByDefault());
  app.use(csrfProtection());
  // Anything changed through this server (a freeze, a draw) shows in the draw list at once.
  app.use((request, response, next) => {
    if (isStateChanging(request.method)) response.on('finish', () => deps.publishedDraws.changed());
    next();
  });

  const router = express.Router();
  const registry = createOpenApiRegistry();
  registerHealthRoutes(router, registry, deps);
  registerEnterpriseRoutes(router, registry, deps);
  defineImportJob(deps.jobs, deps.database);
  registerPublicationLogRoutes(router, registry, deps);
  registerInspectionRoutes(router, registry, deps);
  registerDrawRoutes(router, registry, deps);
  registerReceiptCodeRoutes(router, registry, deps);
  registerSubstitutionRoutes(router, registry, deps);
  registerCreditRoutes(router, registry, deps);
  registerResultRoutes(router, registry, deps);
  registerDepartmentRoutes(router, registry, deps);
  registerCorrectionRoutes(router, registry, deps);
  registerListRoutes(router, registry, deps);
  registerTierListRoutes(router, registry, deps);
  registerPolicyRoutes(router, registry, deps);
  registerApprovalRoutes(router, registry, deps);
  registerAccountRoutes(router, registry, deps);
  registerJobRoutes(router, registry, deps);

  let document: unknown;
  addRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document',
      tags: ['operations'],
      responses: {
        200: { description: 'The document.', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
      },
    },
    (_request, response) => {
      // Generated on first use, after every route has registered.
      document ??= generateOpenApiDocument(registry);
      response.json(document);
    },
  );

  app.use(router);
  // The API router alone is what the OpenAPI document describes (a test compares them).
  app.locals.apiRouter = router;
  app.locals.jobs = deps.jobs;
  app.use(createWebRouter(deps));
  app.use(notFoundHandler());
  app.use(problemErrorHandler(deps.logger, sendErrorPage));
  return app;
}
