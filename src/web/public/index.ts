/**
 * The public portal (no login): home, draws, the in-browser verifier, "was I drawn fairly?",
 * red and black lists, results, the item list and annual plans, and the publication log. Pages read through the same
 * application functions as the public API and show only what it publishes.
 */
import type { Router } from 'express';
import type { ServedDependencies } from '../../http/app.ts';
import { registerCorrectionPages } from './corrections.ts';
import { registerDrawPages } from './draws.ts';
import { registerHomePage } from './home.ts';
import { registerListPages } from './lists.ts';
import { registerLogPage } from './log-page.ts';
import { registerPlanPages } from './plan.ts';
import { registerReceiptPage } from './receipt-page.ts';
import { registerResultPages } from './results.ts';
import { registerVerifyPages } from './verify-page.ts';

export function registerPublicPages(router: Router, deps: ServedDependencies): void {
  registerHomePage(router, deps);
  registerVerifyPages(router, deps);
  registerDrawPages(router, deps);
  registerReceiptPage(router, deps);
  // Before the list pages: /lists/leniency is not a red or black list (/lists/:list).
  registerCorrectionPages(router, deps);
  registerListPages(router, deps);
  registerResultPages(router, deps);
  registerPlanPages(router, deps);
  registerLogPage(router, deps);
}
