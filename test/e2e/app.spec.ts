/**
 * The real app in Electron, demo mode, throwaway data dir: tray, window from the tray, close keeps
 * it running, a second instance focuses the first, Quit exits. Hooks: main/shell/e2e-hooks.ts.
 * Run through test/e2e/run.mjs, which finds the Electron binary (HEADROOM_E2E_ELECTRON).
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeadroomBridge } from '../../main/api/contract.ts';
import type { E2EHooks } from '../../main/shell/e2e-hooks.ts';

declare global {
  interface Window {
    headroom: HeadroomBridge;
  }
}

const root = join(import.meta.dirname, '..', '..');
const executablePath = process.env.HEADROOM_E2E_ELECTRON;
let app: ElectronApplication;
let dataDir: string;

function env(): Record<string, string> {
  return { ...(process.env as Record<string, string>), HEADROOM_DATA_DIR: dataDir, HEADROOM_E2E: '1' };
}

/** The shell's test hooks, as seen inside the main process (evaluate() callbacks run there). */
type WithHooks = { __headroomE2E: E2EHooks };

test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-e2e-'));
  app = await electron.launch({ executablePath, args: [root, '--demo'], env: env() });
});

test.afterEach(async () => {
  await app.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

test('starts in the tray with the window hidden, opens from the tray, close hides, Quit exits', async () => {
  await expect.poll(() => app.evaluate(() => (globalThis as unknown as Partial<WithHooks>).__headroomE2E?.trays.length ?? 0)).toBe(1);
  expect(await app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.demo)).toBe(true);
  expect(await app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.windowVisible())).toBe(false);
  await expect.poll(() => app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.trayUpdates)).toBeGreaterThan(0);

  await app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.trayActions!.openWindow());
  const page = await app.firstWindow();
  await expect(page.locator('body')).toContainText('Demo · Production');
  expect(await app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.windowVisible())).toBe(true);

  // Add an account through the UI (demo mode: the in-app simulator accepts the demo credentials).
  const baseUrl = await page.evaluate(async () => (await window.headroom.listAccounts()).find((a) => a.provider === 'retell')!.baseUrl!);
  await page.getByRole('link', { name: 'Add' }).click();
  await page.getByLabel('Label').fill('Added in e2e');
  await page.getByLabel(/API key/).fill('demo_retell_staging');
  await page.locator('summary').click();
  await page.getByLabel(/Base URL/).fill(baseUrl);
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.locator('h1')).toHaveText('Added in e2e');
  await expect(page.locator('.gauge-numbers')).toContainText('/ 20');

  // The window's close button: hidden, not closed; the app and its tray live on.
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close());
  await expect.poll(() => app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.windowVisible())).toBe(false);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  expect(await app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.trays[0].isDestroyed())).toBe(false);
  expect(app.process().exitCode).toBeNull();

  const exited = new Promise<number | null>((resolve) => app.process().once('exit', (code) => resolve(code)));
  await app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.trayActions!.quit());
  expect(await exited).toBe(0);
});

test('a second launch exits at once and shows the first instance\'s window', async () => {
  await expect.poll(() => app.evaluate(() => (globalThis as unknown as Partial<WithHooks>).__headroomE2E?.trays.length ?? 0)).toBe(1);
  expect(await app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.windowVisible())).toBe(false);
  const electronPath = await app.evaluate(() => process.execPath);
  const second = spawn(electronPath, [root, '--demo', ...(process.platform === 'linux' ? ['--no-sandbox'] : [])], { env: env() });
  const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
  expect(code).toBe(0);
  await expect.poll(() => app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.windowVisible())).toBe(true);
  expect(await app.evaluate(() => (globalThis as unknown as WithHooks).__headroomE2E.trays.length)).toBe(1);
});
