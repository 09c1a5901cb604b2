import { defineConfig } from '@playwright/test';

// Electron end-to-end tests; test/e2e/run.mjs runs them only where an Electron binary exists.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
});
