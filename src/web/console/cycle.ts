/**
 * The console pages of the inspection year: the approved tier lists, the plan (items, policies, tasks), freezing and
 * drawing tasks, entering and publishing results, and reviewing the red and black lists.
 */
import { registerApprovalPages } from './approvals.ts';
import { registerCorrectionPages } from './corrections.ts';
import type { Router } from 'express';
import type { AppDependencies } from '../../http/app.ts';
import { registerExportPages } from './exports.ts';
import { registerListPages } from './lists.ts';
import { registerObservationPages } from './observation.ts';
import { registerNoticePages } from './notices.ts';
import { registerTaskDownloadPages } from './task-downloads.ts';
import { registerPlanPages } from './plan/page.ts';
import { registerResultPages } from './results.ts';
import { registerSelfInspectionPages } from './self-inspection.ts';
import { registerDepartmentPages } from './departments.ts';
import { registerTaskPages } from './tasks.ts';
import { registerTierListPages } from './tier-lists.ts';

export function registerConsoleCyclePages(router: Router, deps: AppDependencies): void {
  registerPlanPages(router, deps);
  registerTierListPages(router, deps);
  registerObservationPages(router, deps);
  registerTaskPages(router, deps);
  registerNoticePages(router, deps);
  registerTaskDownloadPages(router, deps);
  registerResultPages(router, deps);
  registerSelfInspectionPages(router, deps);
  registerDepartmentPages(router, deps);
  registerListPages(router, deps);
  registerExportPages(router, deps);
  registerApprovalPages(router, deps);
  registerCorrectionPages(router, deps);
}
