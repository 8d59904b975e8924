/**
 * The drizzle schema: the only description of our tables, one file per domain.
 * Migrations in `drizzle/` are generated from it (`scripts/generate-migration.sh NAME`).
 */
export * from './directory.ts';
export * from './accounts.ts';
export * from './evaluation.ts';
export * from './inspection.ts';
export * from './credit.ts';
export * from './publication-log.ts';
export * from './policy.ts';
export * from './results.ts';
export * from './lists.ts';
export * from './users.ts';
export * from './inspector-snapshot.ts';
export * from './tier-lists.ts';
export * from './approvals.ts';
export * from './departments.ts';
export * from './corrections.ts';
export * from './jobs.ts';
export * from './self-inspection.ts';
