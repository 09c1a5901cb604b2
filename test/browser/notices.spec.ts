/**
 * A repaired settings file: the window shows the notice, and once it was on screen the notice is
 * no longer kept for later (it stays on screen while the app runs). A hidden window does not count
 * as seen.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pendingNotices } from '../../main/core/notices/pending.ts';
import { startHarness, type Harness } from '../harness/server.ts';

let harness: Harness;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-notices-'));
  writeFileSync(join(dataDir, 'config.json'), '{"configVersion":1,"settings":{"theme":"dark"},"accounts":[');
  harness = await startHarness({ dataDir, demo: false });
});

test.afterAll(async () => {
  await harness?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a config repair notice: kept while the window is hidden, shown, then no longer pending but still on screen', async ({ page }) => {
  const [notice] = pendingNotices(dataDir);
  expect(notice?.message).toMatch(/Your settings file had problems/);

  // Loaded in a hidden window (a tray app starts without showing it): not seen yet.
  await page.addInitScript(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => (window as unknown as { shown?: boolean }).shown !== true });
  });
  await page.goto(harness.url);
  await expect(page.getByRole('status').filter({ hasText: 'Your settings file had problems' })).toBeAttached();
  expect(pendingNotices(dataDir).map((n) => n.id)).toEqual([notice.id]);

  // Shown: now a person has seen it.
  await page.evaluate(() => {
    (window as unknown as { shown?: boolean }).shown = true;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(() => pendingNotices(dataDir).length).toBe(0);
  await expect(page.getByRole('status').filter({ hasText: 'Your settings file had problems' })).toBeVisible();
  expect(harness.core.notices().map((n) => n.id)).toContain(notice.id);
});
