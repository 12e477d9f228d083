import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.TEST_PORT ?? 4391);

export default defineConfig({
  testDir: './tests/browser',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  // Two workers and the server share 2 cores in CI: multi-page flows and axe sweeps take up to ~25 s there.
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // The network is closed here; these keep Chromium from trying to reach Google at start.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    // The production server over the built site (npm test builds first) and a fresh database.
    command: 'node tests/setup/browser-server.ts',
    url: `http://127.0.0.1:${port}/`,
    env: { HOST: '127.0.0.1', PORT: String(port), PORTAL_DEMO_PASSWORD: 'demo password for tests', PORTAL_MFA_REQUIRED_ROLES: '', PORTAL_PSEUDO_LOCALE: '1' },
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
