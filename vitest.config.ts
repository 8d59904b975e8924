import { defineConfig } from 'vitest/config';

/**
 * Two projects, so each file runs where it costs least on a 2-core machine:
 * - `core`: the pure core tests (no database, no server, no environment), on worker threads
 *   sharing their module graph across files (isolate: false): core modules are pure, so a
 *   file cannot leave state behind for the next one;
 * - `database`: everything else, each file in its own forked process (PGlite's WebAssembly
 *   and the app's module-level state stay per file); only this project's global setup
 *   migrates a template database, and only when one of its files runs.
 * Two workers in all: vitest's default on 2 cores is one (cores - 1), which left the second
 * core idle while a test waited for its database.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    // The CLI follows the locale (src/cli/language.ts): tests read its English output wherever they run.
    env: { SUIJI_LANG: 'en' },
    hookTimeout: 120_000,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          include: ['test/core/**/*.test.ts'],
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'database',
          include: ['test/**/*.test.ts'],
          exclude: ['test/core/**', 'test/replica/**'],
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          // Tests of a real primary + replica pair (scripts/dev-replica.sh): only when one is given.
          name: 'replica',
          include: process.env.DATABASE_READ_URL ? ['test/replica/**/*.test.ts'] : [],
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
        },
      },
    ],
  },
});
