/**
 * The window in Debian's Chromium against the real core in demo mode (test/harness/server.ts):
 * overview, account detail, add/edit forms, settings, keyboard, small size, CSP.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../harness/server.ts';

let harness: Harness;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-'));
  harness = await startHarness({ dataDir });
});

test.afterAll(async () => {
  await harness.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Fails the test on any page error or CSP violation. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return problems;
}

async function openOverview(page: Page): Promise<void> {
  await page.goto(harness.url);
  await expect(page.locator('.card').nth(6)).toBeVisible(); // the seven demo accounts (tests may add more)
  await expect(page.locator('.card .gauge-numbers').first()).not.toHaveText('—');
}

test('overview: every demo account, worst first, with gauge and status; name order toggle', async ({ page }) => {
  const problems = watchConsole(page);
  await openOverview(page);
  await expect(page.locator('.card')).toHaveCount(7);
  await expect(page.locator('.card .card-status').first()).toHaveText('OK');
  const pcts = await page.locator('.card').evaluateAll((cards) => cards.map((c) => c.querySelector('.gauge')!.getAttribute('aria-valuenow')));
  const capped = pcts.slice(0, 6).map(Number);
  expect(capped).toEqual([...capped].sort((a, b) => b - a));
  await expect(page.locator('.card', { hasText: 'Enterprise' }).locator('.gauge-numbers')).toContainText('no cap');
  await page.getByRole('button', { name: /Sort:/ }).click();
  const labels = await page.locator('.card-label').allTextContents();
  expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
  await expect(page.locator('.card-updated').first()).toContainText('ago');
  expect(problems).toEqual([]);
});

test('account detail: provider extras, chart, stats, range switch, alert log', async ({ page }) => {
  const problems = watchConsole(page);
  await openOverview(page);
  await page.locator('.card', { hasText: 'Production' }).click();
  await expect(page.locator('h1')).toHaveText('Demo · Production');
  await expect(page.locator('.details')).toContainText('Base concurrency');
  await expect(page.locator('.details')).toContainText('Burst');
  await expect(page.locator('.chart canvas')).toHaveCount(1);
  await expect(page.locator('.stats')).toContainText('Peak');
  await page.getByRole('tab', { name: '7d' }).click();
  await expect(page.getByRole('tab', { name: '7d' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.alert-log li').first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^headroom-demo-production-7d-.*\.csv$/);
  expect(problems).toEqual([]);
});

test('add account: form from the provider fields, inline validation, real test connection, save; secret never filled back', async ({ page }) => {
  const problems = watchConsole(page);
  const vobiz = (await harness.core.api.listAccounts()).find((a) => a.provider === 'vobiz')!;
  await page.goto(harness.url + '#/add');
  await page.getByLabel('Provider').selectOption('vobiz');
  await expect(page.getByLabel(/Auth Token/)).toHaveAttribute('type', 'password');
  await page.getByLabel('Label').fill('My Vobiz');
  await page.getByLabel('Auth ID').fill('XX_1');
  await page.getByLabel(/Auth Token/).fill('demo_vobiz_main');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('#f-authId-error')).toContainText('MA_');
  await page.getByLabel('Auth ID').fill('MA_DEMO0001');
  await page.locator('summary').click();
  await page.getByLabel(/Base URL/).fill(vobiz.baseUrl!);
  await page.getByLabel(/Auth Token/).fill('wrong_token');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toContainText(/Failed: .*credentials rejected/);
  await page.getByLabel(/Auth Token/).fill('demo_vobiz_main');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toContainText(/Connected: \d+ \/ 46 concurrent calls/);
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.locator('h1')).toHaveText('My Vobiz');
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Auth ID')).toHaveValue('MA_DEMO0001');
  await expect(page.getByLabel(/Auth Token/)).toHaveValue('');
  await expect(page.getByLabel(/Auth Token/)).toHaveAttribute('placeholder', /Unchanged/);
  await page.getByLabel('Label').fill('Demo · Production');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#f-label-error')).toContainText('already has this label');
  expect(problems).toEqual([]);
});

test('settings persist across a reload; theme applies', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(harness.url + '#/settings');
  await page.getByLabel('Poll every (seconds)').fill('45');
  await page.getByLabel('Theme').selectOption('dark');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('.form-status')).toHaveText('Saved.');
  await page.getByLabel('Poll every (seconds)').fill('5');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('.form-error')).toContainText('pollIntervalSec');
  await page.reload();
  await expect(page.getByLabel('Poll every (seconds)')).toHaveValue('45');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByLabel('Theme').selectOption('system');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('.form-status')).toHaveText('Saved.');
  expect(problems).toEqual([]);
});

test('keyboard: Tab reaches the controls with a visible focus ring', async ({ page }) => {
  await openOverview(page);
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, text: el.textContent?.trim().slice(0, 30) ?? '', outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focus.outline).not.toBe('none');
    expect(focus.width).not.toBe('0px');
    seen.add(focus.text);
  }
  expect([...seen]).toEqual(expect.arrayContaining(['Headroom', 'Add', 'Settings']));
  await page.keyboard.press('Enter'); // a focused card opens its account
});

test('readable at 360x480: no horizontal overflow on any view', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 480 });
  const id = (await harness.core.api.listAccounts())[0].id;
  for (const hash of ['#/', `#/account/${id}`, '#/add', '#/settings']) {
    await page.goto(harness.url + hash);
    await page.waitForSelector('h1');
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, hash).toBeLessThanOrEqual(0);
  }
});
