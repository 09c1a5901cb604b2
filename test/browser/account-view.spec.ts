/**
 * The account view as a person meets it, in Chromium against the real core: the header in every
 * state (live, stale, failing with old numbers, disabled, needs credentials, no cap, in burst,
 * limit 0), the actions menu by keyboard, the chart's x axis over each whole range, the words
 * instead of an empty chart, the values under the pointer (and the arrow keys), and the forecast
 * line with and without a forecast. Accounts are put in their states by test/harness/account-states.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeForecast } from '../../main/model/forecast.ts';
import { clockText } from '../../main/model/glance.ts';
import { RANGE_KEYS, RANGE_MS } from '../../main/model/history.ts';
import { OLD_MS, startStatesHarness, type StateName, type StatesHarness } from '../harness/account-states.ts';
import { startHarness, type Harness } from '../harness/server.ts';

let states: StatesHarness;

test.beforeAll(async () => {
  states = await startStatesHarness();
});

test.afterAll(async () => {
  await states?.close();
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

async function open(page: Page, state: StateName, base = states.harness.url, id = states.ids[state]): Promise<void> {
  await page.goto(`${base}#/account/${id}`);
  await expect(page.locator('.acct-fresh-text')).not.toBeEmpty();
  await expect(page.locator('.chart canvas, .chart[data-empty="true"] .chart-empty:not(:empty)').first()).toBeVisible();
}

/** What the header says, as text a person reads. */
async function header(page: Page): Promise<Record<string, string>> {
  const text = (sel: string) => page.locator(sel).innerText();
  return { number: await text('.acct-number'), pct: await text('.acct-pct'), level: await text('.acct-level-wrap'), fresh: await text('.acct-fresh') };
}

/** The visible buttons and links of the header's action row, in order. */
async function actions(page: Page): Promise<string[]> {
  return page.locator('.acct-actions').locator('button:visible, a:visible').allInnerTexts().then((t) => t.map((s) => s.replace('▾', '').trim()));
}

/** The minutes in "last data N min ago": at least the 6 the harness set up (more on a slow run). */
async function minutesAgo(page: Page): Promise<number> {
  const text = await page.locator('.acct-ago').innerText();
  const minutes = Number(/last data (\d+) min ago/.exec(text)?.[1]);
  expect(minutes, text).toBeGreaterThanOrEqual(OLD_MS / 60_000);
  return minutes;
}

/** Old numbers look old: the reading grey (the muted colour), the bar hatched. */
async function looksOld(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const muted = getComputedStyle(document.querySelector('.acct-provider')!).color;
    const number = getComputedStyle(document.querySelector('.acct-number')!).color;
    const fill = getComputedStyle(document.querySelector('.acct-fill')!).backgroundImage;
    return number === muted && fill.includes('repeating-linear-gradient');
  });
}

test('header, live: the number, its level and "live" in words, three actions on one row, the chart above the fold at 360x480', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 360, height: 480 });
  await open(page, 'live');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Live');
  expect(await header(page)).toEqual({ number: '12 / 20', pct: '60%', level: 'normal', fresh: expect.stringMatching(/^live · updated \d+ s ago$/) });
  await expect(page.getByRole('meter')).toHaveAttribute('aria-valuenow', '60');
  await expect(page.getByRole('meter')).toHaveAttribute('aria-label', '12 / 20, 60%, normal, live');
  expect(await looksOld(page)).toBe(false);
  expect(await actions(page)).toEqual(['Refresh now', 'Edit', 'More']);
  const tops = await page.locator('.acct-actions').locator('button:visible, a:visible').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(new Set(tops).size, 'the actions share one row').toBe(1);
  const plot = await page.locator('.chart canvas').boundingBox();
  expect(plot!.y + plot!.height, 'the chart ends above the fold').toBeLessThanOrEqual(480);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(problems).toEqual([]);
});

test('header, stale: the last numbers kept but grey and hatched, "stale since …" and "last data 6 min ago"', async ({ page }) => {
  await open(page, 'stale');
  const last = states.harness.core.state().accounts.find((a) => a.id === states.ids.stale)!.lastSuccessAt!;
  expect(await header(page)).toEqual({ number: '17 / 20', pct: '85%', level: 'high', fresh: `stale since ${clockText(last, Date.now())} · last data ${await minutesAgo(page)} min ago` });
  await expect(page.locator('.acct-head')).toHaveAttribute('data-current', 'false');
  expect(await looksOld(page)).toBe(true);
  await expect(page.getByRole('meter')).toHaveAttribute('aria-label', /^17 \/ 20, 85%, high, stale since/);
});

test('header, failing with old numbers: "failing: provider error", the provider\'s message, the old reading grey', async ({ page }) => {
  await open(page, 'failing');
  expect(await header(page)).toEqual({ number: '19 / 20', pct: '95%', level: 'critical', fresh: `failing: provider error · last data ${await minutesAgo(page)} min ago` });
  await expect(page.locator('.acct-problem')).toContainText('HTTP 503');
  expect(await looksOld(page)).toBe(true);
  expect(await actions(page)).toEqual(['Refresh now', 'Edit', 'More']);
});

test('header, disabled: dimmed, "disabled", and Enable is the action at hand', async ({ page }) => {
  await open(page, 'disabled');
  expect(await header(page)).toEqual({ number: '5 / 20', pct: '25%', level: 'normal', fresh: `disabled · last data ${await minutesAgo(page)} min ago` });
  expect(await looksOld(page)).toBe(true);
  expect(await actions(page)).toEqual(['Enable', 'Edit', 'More']);
  expect(await page.locator('.acct-reading').evaluate((el) => Number(getComputedStyle(el).opacity))).toBeLessThan(1);
  await page.getByRole('button', { name: 'More' }).click();
  await expect(page.getByRole('menuitem')).toHaveText(['Export CSV (24h)', 'Snooze alerts 1 h', 'Snooze alerts until tomorrow 07:00', 'Remove…']);
});

test('header, needs credentials: said in words with what to do, and "Enter credentials" opens the form', async ({ page }) => {
  await open(page, 'credentials');
  expect((await header(page)).fresh).toBe(`needs credentials · last data ${await minutesAgo(page)} min ago`);
  await expect(page.locator('.acct-problem')).toHaveText('Credentials missing from the keychain: enter them again');
  expect(await actions(page)).toEqual(['Enter credentials', 'More']);
  await page.getByRole('link', { name: 'Enter credentials' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit Needs credentials');
});

test('header, no cap, in burst, limit 0: each in its own words', async ({ page }) => {
  await open(page, 'nocap');
  expect(await header(page)).toEqual({ number: '41', pct: '', level: 'no cap', fresh: expect.stringMatching(/^live/) });
  await expect(page.locator('.acct-unit')).toHaveText('calls');
  await expect(page.getByRole('meter')).toBeHidden();
  await expect(page.locator('.details')).toContainText('LimitNo cap');

  await open(page, 'burst');
  expect(await header(page)).toEqual({ number: '24 / 20', pct: '120%', level: 'in burst', fresh: expect.stringMatching(/^live/) });
  await expect(page.locator('.acct-head')).toHaveAttribute('data-tone', 'critical');
  await expect(page.locator('.details')).toContainText('calls above the limit cost a surcharge');

  await open(page, 'limit0');
  expect(await header(page)).toEqual({ number: '0 / 0', pct: '', level: 'at limit · limit 0, no calls possible', fresh: expect.stringMatching(/^live/) });
});

test('actions menu by keyboard: arrows, Home/End, a letter, Escape and focus back on the button; items run; Remove opens its dialog', async ({ page }) => {
  const problems = watchConsole(page);
  await open(page, 'nocap');
  const more = page.getByRole('button', { name: 'More' });
  const menu = page.getByRole('menu');
  const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());
  await expect(more).toHaveAttribute('aria-haspopup', 'menu');
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('menuitem')).toHaveText(['Disable', 'Export CSV (24h)', 'Snooze alerts 1 h', 'Snooze alerts until tomorrow 07:00', 'Remove…']);
  expect(await focused()).toBe('Disable');
  await page.keyboard.press('ArrowDown');
  expect(await focused()).toBe('Export CSV (24h)');
  await page.keyboard.press('End');
  expect(await focused()).toBe('Remove…');
  await page.keyboard.press('ArrowDown'); // wraps
  expect(await focused()).toBe('Disable');
  await page.keyboard.press('ArrowUp'); // wraps back
  expect(await focused()).toBe('Remove…');
  await page.keyboard.press('Home');
  await page.keyboard.press('s');
  expect(await focused()).toBe('Snooze alerts 1 h');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();
  await expect(more).toHaveAttribute('aria-expanded', 'false');

  // ArrowUp opens on the last item; Enter on an item runs it and gives focus back to the button.
  await page.keyboard.press('ArrowUp');
  expect(await focused()).toBe('Remove…');
  await page.keyboard.press('Home');
  await page.keyboard.press('s');
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();
  await expect(page.locator('.acct-fresh')).toContainText(/alerts snoozed until \d\d:\d\d/);
  // The snooze is main's: a reloaded window still shows it and can clear it.
  await page.reload();
  await expect(page.locator('.acct-fresh')).toContainText(/alerts snoozed until \d\d:\d\d/);
  await more.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Clear snooze' })).toBeVisible();
  await page.keyboard.press('c');
  expect(await focused()).toBe('Clear snooze');
  await page.keyboard.press('Enter');
  await expect(page.locator('.acct-fresh')).not.toContainText('snoozed');

  // Export from the menu downloads this range's CSV.
  await page.getByRole('tab', { name: '7d' }).click();
  await more.click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export CSV (7d)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^headroom-no-cap-7d-\d{4}-\d\d-\d\d\.csv$/);

  // Disable from the menu; Enable comes forward; enable again.
  await more.click();
  await page.getByRole('menuitem', { name: 'Disable' }).click();
  await expect(page.locator('.acct-fresh-text')).toHaveText('disabled');
  await expect(page.getByRole('button', { name: 'Enable' })).toBeVisible();
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeVisible();
  expect((await states.harness.core.api.listAccounts()).find((a) => a.id === states.ids.nocap)!.enabled).toBe(true);

  // Tab or a click elsewhere closes it, without choosing anything.
  await more.click();
  await page.keyboard.press('Tab');
  await expect(menu).toBeHidden();
  await more.click();
  await page.locator('.acct-id').click();
  await expect(menu).toBeHidden();

  // Remove… opens the dialog; Escape closes it and focus comes back to the menu button; nothing removed.
  await more.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove, keep history' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(more).toBeFocused();
  expect((await states.harness.core.api.listAccounts()).some((a) => a.id === states.ids.nocap)).toBe(true);
  expect(problems).toEqual([]);
});

test('chart: the x axis spans each whole range (1 h … 30 d), also when the data covers a few minutes of it', async ({ page }) => {
  for (const state of ['nocap', 'burst'] as const) {
    await open(page, state);
    for (const range of RANGE_KEYS) {
      await page.getByRole('tab', { name: range }).click();
      const chart = page.locator('.chart');
      const started = Date.now();
      const span = async () => Number(await chart.getAttribute('data-x-max')) - Number(await chart.getAttribute('data-x-min'));
      await expect.poll(async () => Math.abs((await span()) - RANGE_MS[range]), { message: `${state} ${range}: the axis spans the range` }).toBeLessThan(1000);
      const max = Number(await chart.getAttribute('data-x-max'));
      expect(Math.abs(max - started), `${state} ${range}: it ends now`).toBeLessThan(120_000);
    }
  }
  // Samples over a few minutes of a 24 h axis: said, so the empty left part reads as "not yet", not as a gap.
  await page.getByRole('tab', { name: '24h' }).click();
  await expect(page.locator('.chart-readout .since')).toHaveText(/^history since \d\d:\d\d$/);
});

test('chart: no history yet, in words instead of an axis', async ({ page }) => {
  await open(page, 'waiting');
  await expect(page.locator('.chart-empty')).toHaveText('No history yet: the first poll is on its way');
  await expect(page.locator('.chart canvas')).toHaveCount(0);
  await expect(page.locator('.forecast-text')).toHaveText('None before the first reading.');

  await open(page, 'fresh');
  const first = (await states.harness.core.api.getHistory(states.ids.fresh, '24h')).points;
  expect(first).toHaveLength(1);
  await expect(page.locator('.chart-empty')).toHaveText(`No history yet, first sample at ${clockText(first[0].t, Date.now())}`);
  await expect(page.locator('.chart canvas')).toHaveCount(0);
  await page.getByRole('tab', { name: '30d' }).click();
  await expect(page.locator('.chart-empty')).toHaveText(/^No history yet, first sample at \d\d:\d\d$/);
});

test('chart: the values under the pointer (time, calls, peak, limit), and by keyboard', async ({ page }) => {
  await open(page, 'stale');
  const readout = page.locator('.chart-readout');
  await expect(readout).toHaveText(/calls.*peak.*limit.*warn 80%.*critical 95%/);
  const over = (await page.locator('.chart .u-over').boundingBox())!;
  await page.mouse.move(over.x + over.width * 0.5, over.y + over.height * 0.5);
  await expect(readout).toHaveText(/^(\w{3} \d+ )?\d\d:\d\d · calls \d+(\.\d)? · peak \d+ · limit 20$/);
  await page.mouse.move(over.x + over.width * 0.5, over.y + over.height + 60);
  await expect(readout).toHaveText(/warn 80%/);

  // The arrow keys walk the points: End is the newest (the one live sample, in its hour), Left the hour before.
  await page.locator('.chart').focus();
  await page.keyboard.press('End');
  await expect(readout).toHaveText(/^\d\d:00 · calls 17 · peak 17 · limit 20$/);
  const newest = await readout.innerText();
  await page.keyboard.press('ArrowLeft');
  await expect(readout).not.toHaveText(newest);
  await expect(readout).toHaveText(/^(\w{3} \d+ )?\d\d:00 · calls \d+(\.\d)? · peak \d+ · limit 20$/);

  // Without a cap, the readout says so.
  await open(page, 'nocap');
  await page.locator('.chart').focus();
  await page.keyboard.press('Home');
  await expect(readout).toHaveText(/ · calls \d+(\.\d)? · peak \d+ · no cap$/);
});

test.describe('forecast line (demo accounts)', () => {
  let demo: Harness;
  let dataDir: string;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-forecast-'));
    demo = await startHarness({ dataDir });
  });

  test.afterAll(async () => {
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('under the chart: days to the limit when rising, why not otherwise, "no cap" without one, the purchase outlook for Retell', async ({ page }) => {
    const accounts = await demo.core.api.listAccounts();
    const id = (end: string) => accounts.find((a) => a.label.endsWith(end))!.id;
    const expected = async (end: string) => describeForecast(await demo.core.api.getForecast(id(end)));
    const cases: Array<[string, RegExp]> = [
      ['Main account', /^Daily peak \d+ of 46, rising ~[\d.]+ a week: limit in about \d+ (days|weeks)\.$/],
      ['Staging', /^Daily peak \d+ of 20, no clear rise: no limit in sight\.$/],
      ['Enterprise', /^Daily peak \d+, no cap: nothing to forecast\.$/],
      ['Production', /Buying the remaining 20 would raise it to 120\.$/],
    ];
    for (const [label, shape] of cases) {
      await page.goto(`${demo.url}#/account/${id(label)}`);
      const line = page.locator('.forecast');
      await expect(line).toBeVisible();
      await expect(line.locator('.forecast-label')).toHaveText('Forecast');
      await expect(line.locator('.forecast-text')).toHaveText(await expected(label));
      await expect(line.locator('.forecast-text')).toHaveText(shape);
      // Under the chart, not above it.
      const [chart, forecast] = await Promise.all([page.locator('.chart').boundingBox(), line.boundingBox()]);
      expect(forecast!.y, label).toBeGreaterThan(chart!.y + chart!.height - 1);
    }
    await page.goto(`${demo.url}#/account/${id('Main account')}`);
    await expect(page.locator('.forecast')).toHaveAttribute('data-reason', 'rising');
  });
});
