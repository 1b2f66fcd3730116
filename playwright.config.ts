import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests run against Debian's Chromium (never a downloaded browser);
 * ARCFLUX_CHROMIUM points elsewhere when needed. Each test starts its own server or app
 * with a fresh data folder, so they run one at a time.
 */
const chromiumPath = process.env.ARCFLUX_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  // Limits that only turn a hang into a failure, with room for a busy 2-core machine.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'on',
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
