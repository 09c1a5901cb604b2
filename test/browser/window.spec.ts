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
  await expect(page.locator('.card .card-numbers').first()).not.toHaveText('—');
}

test('overview: every demo account, worst first, with level and freshness in words; name order toggle', async ({ page }) => {
  const problems = watchConsole(page);
  await openOverview(page);
  await expect(page.getByRole('article')).toHaveCount(7);
  await expect(page.locator('.card .fresh').first()).toHaveText('live');
  await expect(page.locator('body')).not.toContainText('OK');
  // One reading of the whole list (polls patch it meanwhile): fullest level first, then the higher percentage.
  const shown = await page.locator('.card').evaluateAll((cards) => cards.map((c) => ({ level: c.querySelector('.level')!.textContent!, pct: c.querySelector('.card-pct')!.textContent! })));
  const rank = ['in burst', 'at limit', 'critical', 'high', 'normal', 'no cap'];
  const keys = shown.map((x) => [rank.indexOf(x.level), -Number.parseInt(x.pct || '0', 10)]);
  expect(keys.every(([level]) => level >= 0)).toBe(true);
  expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  const enterprise = page.getByRole('article', { name: 'Demo · Enterprise' });
  await expect(enterprise.locator('.card-numbers')).toContainText('calls');
  await expect(enterprise.locator('.level')).toHaveText('no cap');
  await page.getByRole('button', { name: /Sort:/ }).click();
  const labels = await page.locator('.card-label').allTextContents();
  expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
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
  await page.getByRole('button', { name: 'More' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export CSV (7d)' }).click();
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
  await expect(page.locator('.test-result')).toContainText(/Could not connect: .*credentials rejected/);
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
  await expect(page.locator('#s-poll-error')).toHaveText('Must be between 10 and 86400');
  await expect(page.getByLabel('Poll every (seconds)')).toBeFocused();
  await page.getByLabel('Poll every (seconds)').fill('45');
  await page.getByLabel('Warn at (%)').fill('96');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('#s-warn-error')).toHaveText('Must be below the critical level (95%)');
  expect(harness.core.settings().alerts.warnPct).toBe(80);
  await page.getByLabel('Warn at (%)').fill('80');
  await expect(page.getByLabel('From')).toBeDisabled();
  await page.getByLabel('Quiet hours', { exact: true }).check();
  await expect(page.getByLabel('From')).toBeEnabled();
  await page.getByLabel('From').fill('21:30');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('.form-status')).toHaveText('Saved.');
  expect(harness.core.settings().alerts.quietHours).toMatchObject({ enabled: true, start: '21:30' });
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
    await page.waitForSelector(hash.startsWith('#/account') ? '.chart canvas' : hash === '#/' ? '.card .card-numbers:not(:empty)' : 'form');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, hash).toBeLessThanOrEqual(0);
  }
});

test('per-account thresholds in the edit form: checked against the defaults, saved, cleared again', async ({ page }) => {
  const problems = watchConsole(page);
  const staging = (await harness.core.api.listAccounts()).find((a) => a.label.endsWith('Staging'))!;
  await page.goto(harness.url + `#/edit/${staging.id}`);
  await expect(page.locator('details.advanced')).toHaveAttribute('open', ''); // demo accounts have their own poll interval
  await expect(page.getByLabel('Warn %')).toHaveAttribute('placeholder', '80');
  await page.getByLabel('Warn %').fill('97');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#f-warnPct-error')).toHaveText('Warn (97%) must be below critical (95%)');
  await page.getByLabel('Critical %').fill('99');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('h1')).toHaveText('Demo · Staging');
  expect((await harness.core.api.listAccounts()).find((a) => a.id === staging.id)!.alerts).toEqual({ warnPct: 97, criticalPct: 99 });
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Warn %')).toHaveValue('97');
  await page.getByLabel('Warn %').fill('');
  await page.getByLabel('Critical %').fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('h1')).toHaveText('Demo · Staging');
  expect((await harness.core.api.listAccounts()).find((a) => a.id === staging.id)!.alerts).toBeUndefined();
  expect(problems).toEqual([]);
});

test('main drives the window: navigate events open views; the pause banner resumes polling', async ({ page }) => {
  const problems = watchConsole(page);
  await openOverview(page);
  const agents = (await harness.core.api.listAccounts()).find((a) => a.label.endsWith('Agents'))!;
  harness.core.navigate({ accountId: agents.id, view: 'account' });
  await expect(page.locator('h1')).toHaveText('Demo · Agents');
  harness.core.navigate({ accountId: null, view: 'settings' });
  await expect(page.locator('h1')).toHaveText('Settings');
  harness.core.navigate({ accountId: null, view: 'overview' });
  await expect(page.locator('h1')).toHaveText('Accounts');

  await expect(page.locator('.banner.pause')).toBeHidden();
  await harness.core.api.pauseAll(null);
  await expect(page.locator('.banner.pause')).toContainText('paused until you resume');
  await expect(page.locator('.card .fresh').first()).toHaveText('paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('.banner.pause')).toBeHidden();
  expect(harness.core.state().pause).toBeNull();
  expect(problems).toEqual([]);
});

test('a state push patches the cards in place instead of rebuilding them', async ({ page }) => {
  await openOverview(page);
  await page.locator('.card').first().evaluate((el) => el.setAttribute('data-marked', 'yes'));
  const id = await page.locator('.card').first().getAttribute('data-id');
  await harness.core.api.pauseAll(null); // every account's freshness changes to "paused"
  try {
    await expect(page.locator(`.card[data-id="${id}"] .fresh`)).toHaveText('paused');
    await expect(page.locator(`.card[data-id="${id}"]`)).toHaveAttribute('data-marked', 'yes');
  } finally {
    await harness.core.api.resume();
  }
});

test('a hidden window runs no timers, and starts them again when shown', async ({ page }) => {
  await page.addInitScript(() => {
    const live = new Set<number>();
    const setI = window.setInterval.bind(window);
    const clearI = window.clearInterval.bind(window);
    const setT = window.setTimeout.bind(window);
    const clearT = window.clearTimeout.bind(window);
    window.setInterval = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
      const id = setI(fn, ms, ...rest);
      live.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) live.delete(id);
      clearI(id);
    }) as typeof window.clearInterval;
    // Timeouts of a second or more count as timers too (short ones are rendering work).
    window.setTimeout = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
      if ((ms ?? 0) < 1000) return setT(fn, ms, ...rest);
      const id: number = setT(() => {
        live.delete(id);
        if (typeof fn === 'function') (fn as (...a: unknown[]) => void)(...rest);
      }, ms);
      live.add(id);
      return id;
    }) as typeof window.setTimeout;
    window.clearTimeout = ((id?: number) => {
      if (id !== undefined) live.delete(id);
      clearT(id);
    }) as typeof window.clearTimeout;
    let hidden = false;
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    Object.assign(window, {
      liveTimers: () => live.size,
      setHidden: (value: boolean) => {
        hidden = value;
        document.dispatchEvent(new Event('visibilitychange'));
      },
    });
  });
  const timers = () => page.evaluate(() => (window as unknown as { liveTimers(): number }).liveTimers());
  const setHidden = (value: boolean) => page.evaluate((v) => (window as unknown as { setHidden(v: boolean): void }).setHidden(v), value);
  const production = (await harness.core.api.listAccounts()).find((a) => a.label.endsWith('Production'))!;
  for (const hash of ['#/', `#/account/${production.id}`]) {
    await page.goto(harness.url + hash);
    await page.waitForSelector(hash === '#/' ? '.card .card-numbers:not(:empty)' : '.chart canvas');
    expect(await timers(), hash).toBeGreaterThan(0);
    await setHidden(true);
    expect(await timers(), hash).toBe(0);
    await setHidden(false);
    expect(await timers(), hash).toBeGreaterThan(0);
  }
});

test('remove dialog by keyboard: from the actions menu, focus moves in, Escape closes it and returns focus, nothing removed', async ({ page }) => {
  const staging = (await harness.core.api.listAccounts()).find((a) => a.label.endsWith('Staging'))!;
  await page.goto(harness.url + `#/account/${staging.id}`);
  await page.getByRole('button', { name: 'More' }).focus();
  await page.keyboard.press('ArrowUp'); // opens the menu on its last item
  await expect(page.getByRole('menuitem', { name: 'Remove…' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove, keep history' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('button', { name: 'More' })).toBeFocused();
  expect((await harness.core.api.listAccounts()).some((a) => a.id === staging.id)).toBe(true);
});
