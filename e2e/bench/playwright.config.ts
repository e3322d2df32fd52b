import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';

/**
 * `npm run bench`: the benchmark suite (issue 8), one worker, files in order, each measuring its items against
 * the real web host in Debian's Chromium and saving its figures; the global teardown writes BENCHMARKS.md.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.bench.ts',
  outputDir: '../../test-results/bench',
  tsconfig: '../../tsconfig.e2e.json',
  timeout: 10 * 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './report/global-setup.ts',
  globalTeardown: './report/global-teardown.ts',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 800 },
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
  },
});
