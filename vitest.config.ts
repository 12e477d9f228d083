import { defineConfig } from 'vitest/config';

// PORTAL_TEST_ENGINE=postgres (npm run test:unit:pg) runs the same tests on PostgreSQL: the global setup starts or
// reuses a cluster and gives the workers a postgres DATABASE_URL; each test database is a copy of a migrated template.
// Otherwise SQLite, whatever DATABASE_URL the shell has (the workers and the servers they start inherit it).
const onPostgres = process.env.PORTAL_TEST_ENGINE === 'postgres';
if (!onPostgres) delete process.env.DATABASE_URL;

const shared = { environment: 'node' as const, testTimeout: 60_000, hookTimeout: 60_000, setupFiles: onPostgres ? ['tests/setup/postgres-worker.ts'] : [] };

export default defineConfig({
  test: {
    globalSetup: onPostgres ? ['tests/setup/postgres-global.ts'] : [],
    // unit: rules against a real SQLite, no build needed; site: the built site and the real server (npm test
    // builds first); build: tests that run `astro sync`/`astro build` on a scratch copy of the project (slow).
    projects: [
      { test: { ...shared, name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { test: { ...shared, name: 'site', include: ['tests/site/**/*.test.ts'] } },
      { test: { ...shared, name: 'build', include: ['tests/build/**/*.test.ts'] } },
    ],
  },
});
