/**
 * The settings form's problems: every one at once, each under its own field in words, shown once,
 * cleared as that field changes; the order of the levels (warn < critical <= at limit) included; and
 * what main rejects shown the same way, by field.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toApiErrorShape } from '../../main/api/ipc-channels.ts';
import { validateArgs } from '../../main/api/validate.ts';
import { startHarness, type Harness } from '../harness/server.ts';

let harness: Harness;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-settings-'));
  harness = await startHarness({ dataDir });
});

test.afterAll(async () => {
  await harness?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openSettings(page: Page): Promise<void> {
  await page.goto(harness.url + '#/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
}

/** The problem shown under a field, found the way assistive technology finds it (aria-describedby). */
const problemOf = (page: Page, label: string | RegExp) =>
  page.getByLabel(label).evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent ?? null);

test('every problem at once, each at its field in words, once; warn < critical <= at limit; nothing saved', async ({ page }) => {
  await openSettings(page);
  const before = harness.core.settings();
  await page.getByLabel('Poll every (seconds)').fill('5');
  await page.getByLabel('Warn at (%)').fill('99');
  await page.getByLabel('Critical at (%)').fill('50');
  await page.getByLabel('"At limit" at (%)').fill('40');
  await page.getByLabel(/Serve metrics/).check();
  await page.getByLabel('Metrics port').fill('80');
  await page.getByLabel('Fire after consecutive polls').fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();

  expect(await problemOf(page, 'Poll every (seconds)')).toBe('Must be between 10 and 86400');
  expect(await problemOf(page, 'Warn at (%)')).toBe('Must be below the critical level (50%)');
  expect(await problemOf(page, 'Critical at (%)')).toBe('Must not exceed the "at limit" level (40%)');
  expect(await problemOf(page, 'Metrics port')).toBe('Must be between 1024 and 65535');
  expect(await problemOf(page, 'Fire after consecutive polls')).toBe('Must be a whole number between 1 and 100');
  expect(await problemOf(page, '"At limit" at (%)')).toBe('');
  for (const label of ['Poll every (seconds)', 'Warn at (%)', 'Critical at (%)', 'Metrics port', 'Fire after consecutive polls']) await expect(page.getByLabel(label)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('"At limit" at (%)')).not.toHaveAttribute('aria-invalid', 'true');
  // Once: the line above Save counts them and repeats none.
  await expect(page.getByRole('alert')).toHaveText('Nothing was saved: correct the 5 fields marked above.');
  await expect(page.getByText('Must be between 10 and 86400')).toHaveCount(1);
  await expect(page.getByLabel('Poll every (seconds)')).toBeFocused(); // the first in the form
  expect(harness.core.settings()).toEqual(before);
});

test('a problem clears when its field changes, and so does one the change resolved; then it saves', async ({ page }) => {
  await openSettings(page);
  await page.getByLabel('Poll every (seconds)').fill('5');
  await page.getByLabel('Warn at (%)').fill('99');
  await page.getByRole('button', { name: 'Save settings' }).click();
  expect(await problemOf(page, 'Warn at (%)')).toBe('Must be below the critical level (95%)');
  expect(await problemOf(page, 'Poll every (seconds)')).toBe('Must be between 10 and 86400');

  // Raising "critical" above warn resolves warn's problem; the poll interval's stays.
  await page.getByLabel('Critical at (%)').fill('99.5');
  expect(await problemOf(page, 'Warn at (%)')).toBe('');
  await expect(page.getByLabel('Warn at (%)')).not.toHaveAttribute('aria-invalid', 'true');
  expect(await problemOf(page, 'Poll every (seconds)')).toBe('Must be between 10 and 86400');
  // Typing in a field takes its problem away at once, even before it is right.
  await page.getByLabel('Poll every (seconds)').fill('6');
  expect(await problemOf(page, 'Poll every (seconds)')).toBe('');
  await expect(page.locator('.form-error')).toHaveText('');
  await page.getByLabel('Poll every (seconds)').fill('20');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(harness.core.settings()).toMatchObject({ pollIntervalSec: 20, alerts: { warnPct: 99, criticalPct: 99.5 } });
  await harness.core.api.updateSettings({ pollIntervalSec: 30, alerts: { warnPct: 80, criticalPct: 95 } });
});

test("main's problems by field are shown at those fields", async ({ page }) => {
  await openSettings(page);
  // What main answers when it refuses a patch (its own validation, as over IPC): say another window
  // had changed what this form checked against.
  let mainError: unknown;
  try {
    validateArgs('updateSettings', [{ metrics: { enabled: true, port: 80 } }]);
  } catch (err) {
    mainError = toApiErrorShape(err);
  }
  expect(mainError).toMatchObject({ code: 'invalid-argument', fields: { 'metrics.port': 'must be between 1024 and 65535' } });
  await page.route('**/api/updateSettings', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: mainError }) }));
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByLabel('Metrics port')).toHaveAttribute('aria-invalid', 'true');
  expect(await problemOf(page, 'Metrics port')).toBe('Must be between 1024 and 65535');
  await expect(page.getByRole('alert')).toHaveText('Nothing was saved: correct the field marked above.');
  await expect(page.getByText(/between 1024 and 65535/)).toHaveCount(1);
});

test('the problems are read with their fields, and visible at 360x480', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 480 });
  await openSettings(page);
  await page.getByLabel('Critical at (%)').fill('120');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByLabel('Critical at (%)')).toBeFocused();
  await expect(page.getByLabel('Critical at (%)')).toHaveAccessibleDescription('Must not exceed the "at limit" level (100%)');
  await expect(page.locator('#s-critical-error')).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the forecast alert: off by default, on with a number of days, checked like the rest, off again', async ({ page }) => {
  await openSettings(page);
  const on = page.getByLabel(/daily peak is forecast to reach its limit/);
  const days = page.getByLabel('Within (days)');
  await expect(on).not.toBeChecked();
  await expect(days).toBeDisabled();
  await on.check();
  await days.fill('500');
  await page.getByRole('button', { name: 'Save settings' }).click();
  expect(await problemOf(page, 'Within (days)')).toBe('Must be between 1 and 180');
  expect(harness.core.settings().alerts.forecastDays).toBeNull();
  await days.fill('10');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(harness.core.settings().alerts.forecastDays).toBe(10);
  await openSettings(page);
  await expect(on).toBeChecked();
  await expect(days).toHaveValue('10');
  await on.uncheck();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(harness.core.settings().alerts.forecastDays).toBeNull();
});
