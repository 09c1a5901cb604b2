import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (none can be fetched here).
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/browser',
  reporter: process.env.CI ? 'line' : 'list',
  workers: 2,
  // Last-resort guards, not expectations of speed: the flows wait for what they check, and a busy
  // 2-core CI machine (other jobs beside it) can take several times the usual.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
});
