/**
 * The account pages: sign-in and sign-out, setup links, changing one's own password, the enterprise's own page, user
 * management (admin) and the activity log (admin, auditor).
 */
import type { Router } from 'express';
import type { ServedDependencies } from '../../http/app.ts';
import { registerActivityPage } from './activity.ts';
import { registerEnterprisePage } from './enterprise.ts';
import { registerLoginPages } from './login.ts';
import { registerOwnPasswordPage } from './password.ts';
import { registerSetupPages } from './setup.ts';
import { registerUserPages } from './users.ts';

export function registerAccountPages(router: Router, deps: ServedDependencies): void {
  const { db } = deps.database;
  registerLoginPages(router, db, deps.bureauKeys);
  registerSetupPages(router, db);
  registerOwnPasswordPage(router, db, deps.ownPasswordLimiters);
  registerEnterprisePage(router, deps.database, deps.bureauKeys, deps.now);
  registerUserPages(router, db);
  registerActivityPage(router, db);
}
