/**
 * The overview tells the truth at a glance: each account an article named by its label, saying its
 * level and its freshness in words; old numbers marked old; disabled last. Against the real core
 * with accounts on the provider simulator in every state (test/harness/fleet.ts): a provider that
 * stopped answering (stale), one answering with errors (failing), a vanished keychain entry (needs
 * credentials), a disabled account, and six minutes passed since their last numbers.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLEET_STATES_MIN } from '../harness/fleet.ts';
import { startHarness, type Harness } from '../harness/server.ts';

let harness: Harness;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-overview-'));
  harness = await startHarness({ dataDir, demo: false, fleet: { count: FLEET_STATES_MIN, states: true } });
});

test.afterAll(async () => {
  await harness?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const labelOf = (role: 'stale' | 'failing' | 'needsCredentials' | 'disabled') => harness.fleet!.accounts.find((a) => a.id === harness.fleet!.roles[role])!.label;

async function open(page: Page): Promise<void> {
  await page.goto(harness.url);
  await expect(page.getByRole('article')).toHaveCount(FLEET_STATES_MIN);
  await expect(page.locator('article .card-numbers').first()).not.toHaveText('—');
}

/** How old the numbers read ("last data 6 min ago"): at least the six minutes the clock moved on. */
async function minutesOld(item: Locator): Promise<number> {
  const text = (await item.locator('.age').textContent()) ?? '';
  const m = text.match(/last data (\d+) min ago/);
  expect(m, text).not.toBeNull();
  return Number(m![1]);
}

/** Whether the item's bar is drawn as old numbers: hatched (a repeating gradient), not a flat colour. */
const hatched = (item: Locator) => item.locator('.bar-fill').evaluate((el) => getComputedStyle(el).backgroundImage.includes('repeating-linear-gradient'));

test('each freshness state on a card: live, stale, failing with old numbers, needs credentials, disabled', async ({ page }) => {
  await open(page);
  const live = page.getByRole('article', { name: 'Acme support' });
  await expect(live.locator('.fresh')).toHaveText('live');
  await expect(live.locator('.age')).toHaveText('');
  expect(await hatched(live)).toBe(false);

  const stale = page.getByRole('article', { name: labelOf('stale') });
  await expect(stale.locator('.fresh')).toHaveText(/^stale since \d\d:\d\d$/);
  expect(await minutesOld(stale)).toBeGreaterThanOrEqual(6);
  await expect(stale.locator('.card-numbers')).toHaveText('14 / 20');
  expect(await hatched(stale)).toBe(true);

  const failing = page.getByRole('article', { name: labelOf('failing') });
  await expect(failing.locator('.fresh')).toHaveText('failing: provider error');
  await expect(failing.locator('.card-numbers')).toHaveText('43 / 50'); // the last numbers, kept
  await expect(failing.locator('.level')).toHaveText('high');
  expect(await minutesOld(failing)).toBeGreaterThanOrEqual(6);
  expect(await hatched(failing)).toBe(true);
  // Grey, not the level's colour: the numbers are not today's.
  const [numbersColor, mutedColor] = await Promise.all([failing.locator('.card-pct').evaluate((el) => getComputedStyle(el).color), failing.locator('.card-provider').evaluate((el) => getComputedStyle(el).color)]);
  expect(numbersColor).toBe(mutedColor);

  const noKey = page.getByRole('article', { name: labelOf('needsCredentials') });
  await expect(noKey.locator('.fresh')).toHaveText('needs credentials');
  expect(await minutesOld(noKey)).toBeGreaterThanOrEqual(6);
  expect(await hatched(noKey)).toBe(true);

  const disabled = page.getByRole('article', { name: labelOf('disabled') });
  await expect(disabled.locator('.fresh')).toHaveText('disabled');
  expect(Number(await disabled.evaluate((el) => getComputedStyle(el).opacity))).toBeLessThan(1);
  expect(await hatched(disabled)).toBe(true);
  await expect(page.getByRole('article').last()).toHaveAccessibleName(labelOf('disabled')); // disabled sorts last
  await expect(page.locator('body')).not.toContainText('OK');
});

test('paused: every card says so and its numbers look old; resuming makes them live again', async ({ page }) => {
  await open(page);
  await harness.core.api.pauseAll(null);
  try {
    const card = page.getByRole('article', { name: 'Acme support' });
    await expect(card.locator('.fresh')).toHaveText('paused');
    expect(await hatched(card)).toBe(true);
    await expect(page.locator('article .fresh', { hasText: /^live$/ })).toHaveCount(0);
  } finally {
    await harness.core.api.resume();
  }
  await expect(page.getByRole('article', { name: 'Acme support' }).locator('.fresh')).toHaveText('live');
});

test('the level in words on every card: normal, high, critical, at limit, in burst, no cap', async ({ page }) => {
  await open(page);
  const expected: Array<[string, string, string, string]> = [
    // label, numbers, percent, level
    ['Falcon dispatch', '6 / 30', '20%', 'normal'],
    ['Bluebird sales', '41 / 46', '89%', 'high'],
    ['Acme support', '19 / 20', '95%', 'critical'],
    ['Cedar clinic', '20 / 20', '100%', 'at limit'],
    ['Granite reminders', 'limit 0, no calls possible', '', 'at limit'],
    ['Delta outbound', '26 / 20', '130%', 'in burst'],
    ['Evergreen agents', '17 calls', '', 'no cap'],
  ];
  for (const [label, numbers, pct, level] of expected) {
    const card = page.getByRole('article', { name: label });
    await expect(card.locator('.card-numbers'), label).toHaveText(numbers);
    await expect(card.locator('.card-pct'), label).toHaveText(pct);
    await expect(card.locator('.level'), label).toHaveText(level);
    await expect(card.locator('.fresh'), label).toHaveText('live');
  }
  // The colour follows the level, the words are always there.
  await expect(page.getByRole('article', { name: 'Acme support' })).toHaveAttribute('data-tone', 'critical');
  await expect(page.getByRole('article', { name: 'Bluebird sales' })).toHaveAttribute('data-tone', 'warn');
  await expect(page.getByRole('article', { name: 'Evergreen agents' })).toHaveAttribute('data-tone', 'nocap');
});

test('worst first: failing and needs-credentials lead, then by level and percentage, disabled last; by name on request', async ({ page }) => {
  await open(page);
  const names = () => page.getByRole('article').evaluateAll((items) => items.map((el) => document.getElementById(el.getAttribute('aria-labelledby')!)!.textContent));
  expect(await names()).toEqual([
    labelOf('failing'),
    labelOf('needsCredentials'),
    'Delta outbound', // in burst
    'Cedar clinic', // at limit, 100%
    'Granite reminders', // at limit, limit 0
    'Acme support', // critical
    'Bluebird sales', // high
    labelOf('stale'), // normal 70% (its old numbers)
    'Maple dispatch', // normal 62%
    'Harbor front desk', // normal 40%
    'Falcon dispatch', // normal 20%
    'Evergreen agents', // no cap
    labelOf('disabled'),
  ]);
  await page.getByRole('button', { name: 'Sort: worst first' }).click();
  const sorted = await names();
  expect(sorted).toEqual([...sorted].sort((a, b) => a!.localeCompare(b!)));
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sort: name' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Sort: name' }).click();
});

test('role and name: each account an article named by its label, its text giving level and freshness', async ({ page }) => {
  await open(page);
  for (const account of harness.fleet!.accounts) {
    const item = page.getByRole('article', { name: account.label, exact: true });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(/normal|high|critical|at limit|in burst|no cap|no data yet/);
    await expect(item).toContainText(/live|stale since|failing: |paused|disabled|needs credentials|offline|waiting for the first poll/);
    await expect(item.getByRole('link', { name: account.label, exact: true })).toHaveAttribute('href', `#/account/${encodeURIComponent(account.id)}`);
  }
});

test('keyboard: Tab reaches the filter, toggles and accounts with a visible ring; "/", arrows, Home, End, Escape, Enter', async ({ page }) => {
  await open(page);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const visited: string[] = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    // What a screen reader would call the focused control: its own label, its <label>, or its text.
    visited.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement;
      return el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent!.trim();
    }));
  }
  expect(visited).toEqual(['Headroom', 'Add', 'Settings', 'Sort: worst first', 'Filter accounts', 'Group by provider', 'Dense list', labelOf('failing')]);
  // The focused account has a ring round the whole item.
  const first = page.getByRole('article').first();
  expect(await first.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('link', { name: labelOf('needsCredentials') })).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByRole('link', { name: labelOf('disabled') })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByRole('link', { name: labelOf('failing') })).toBeFocused();

  await page.keyboard.press('/');
  await expect(page.getByLabel('Filter accounts')).toBeFocused();
  await page.keyboard.type('acme');
  await expect(page.getByRole('article')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('link', { name: 'Acme support' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('h1')).toHaveText('Acme support');
  await page.goBack();
  await expect(page.getByLabel('Filter accounts')).toHaveValue('acme');
  await page.getByLabel('Filter accounts').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Filter accounts')).toHaveValue('');
  await expect(page.getByRole('article')).toHaveCount(FLEET_STATES_MIN);
});
