/**
 * The account pages: sign-in and sign-out, setup links, the enterprise's own page, user
 * management (admin) and the activity log (admin, auditor).
 */
import type { Router } from 'express';
import type { AppDependencies } from '../../http/app.ts';
import { registerLoginPages } from './login.ts';
import { registerSetupPages } from './setup.ts';

export function registerAccountPages(router: Router, deps: AppDependencies): void {
  const { db } = deps.database;
  registerLoginPages(router, db);
  registerSetupPages(router, db);
}
