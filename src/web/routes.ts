/**
 * The web: the public portal, the enterprise page, the staff console and the account pages,
 * rendered on the server. Each area registers its own pages here. Pages call the same
 * application use cases as the API and are guarded by the same roles.
 */
import express, { type Router } from 'express';
import type { ServedDependencies } from '../http/app.ts';
import { registerAccountPages } from './accounts/index.ts';
import { registerAssetRoutes } from './assets.ts';
import { registerConsoleCyclePages } from './console/cycle.ts';
import { registerConsoleCorePages } from './console/dashboard.ts';
import { registerPublicPages } from './public/index.ts';

/** The router of every page and asset (not part of the OpenAPI document: these are HTML). */
export function createWebRouter(deps: ServedDependencies): Router {
  const router = express.Router();
  registerAssetRoutes(router);
  registerPublicPages(router, deps);
  registerConsoleCyclePages(router, deps);
  registerAccountPages(router, deps);
  registerConsoleCorePages(router, deps);
  return router;
}
