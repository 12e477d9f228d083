import { defineConfig } from 'vitest/config';

const shared = { environment: 'node' as const, testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    // unit: rules against a real SQLite, no build needed; site: the built site and the real server (npm test
    // builds first); build: tests that run `astro sync`/`astro build` on a scratch copy of the project (slow).
    projects: [
      { test: { ...shared, name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { test: { ...shared, name: 'site', include: ['tests/site/**/*.test.ts'] } },
      { test: { ...shared, name: 'build', include: ['tests/build/**/*.test.ts'] } },
    ],
  },
});
