/**
 * The real app in Electron, demo mode, throwaway data dir: tray, window from the tray, close keeps
 * it running, a second instance focuses the first, Quit exits. Hooks: main/shell/e2e-hooks.ts.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { HeadroomBridge } from '../../main/api/contract.ts';

declare global {
  interface Window {
    headroom: HeadroomBridge;
  }
}
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
let app: ElectronApplication;
let dataDir: string;

function env(): Record<string, string> {
  return { ...(process.env as Record<string, string>), HEADROOM_DATA_DIR: dataDir, HEADROOM_E2E: '1' };
}

test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-e2e-'));
  app = await electron.launch({ args: [root, '--demo', '--no-sandbox'], env: env() });
});

test.afterEach(async () => {
  await app.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

type Hooks = { trays: Array<{ isDestroyed(): boolean }>; trayUpdates: number; windowVisible: () => boolean; trayActions: { openWindow(): void } };

test('starts in the tray with the window hidden, opens from the tray, close hides, quit exits', async () => {
  await expect.poll(() => app.evaluate(() => ((globalThis as Record<string, unknown>).__headroomE2E as Hooks | undefined)?.trays.length ?? 0)).toBe(1);
  expect(await app.evaluate(() => ((globalThis as Record<string, unknown>).__headroomE2E as Hooks).windowVisible())).toBe(false);
  await expect.poll(() => app.evaluate(() => ((globalThis as Record<string, unknown>).__headroomE2E as Hooks).trayUpdates)).toBeGreaterThan(0);

  await app.evaluate(() => ((globalThis as Record<string, unknown>).__headroomE2E as Hooks).trayActions.openWindow());
  const page = await app.firstWindow();
  await expect(page.locator('body')).toContainText('Demo · Production');
  expect(await app.evaluate(() => ((globalThis as Record<string, unknown>).__headroomE2E as Hooks).windowVisible())).toBe(true);

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

  await page.close();
  expect(await app.evaluate(() => ((globalThis as Record<string, unknown>).__headroomE2E as Hooks).trays[0].isDestroyed())).toBe(false);

  const exited = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
  await app.evaluate(({ app: electronApp }) => electronApp.quit());
  await exited;
});

test('a second launch exits and focuses the first', async () => {
  const electronPath = await app.evaluate(() => process.execPath);
  const second = spawn(electronPath, [root, '--demo', '--no-sandbox'], { env: env() });
  const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
  expect(code).toBe(0);
  await expect.poll(() => app.evaluate(() => ((globalThis as Record<string, unknown>).__headroomE2E as Hooks).windowVisible())).toBe(true);
});
