// npm run screenshots: PNGs of the main views at 360x480 and 800x600, light and dark, in
// test/browser/screenshots/ (or $HEADROOM_SHOTS_DIR): the demo views (with and without a forecast,
// the add form with its field errors, the settings form with its errors), the account view in
// each state (test/harness/account-states.ts), the overview's freshness states (stale, error,
// disabled) and 200 accounts (list, cards, grouped, filtered). `npm run screenshots -- overview-200
// settings` makes only the shots whose names contain one of the words given.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { FLEET_STATES_MIN } from './fleet.ts';
import { startStatesHarness } from './account-states.ts';
import { startHarness, type Harness } from './server.ts';

const out = process.env.HEADROOM_SHOTS_DIR || join(import.meta.dirname, '..', 'browser', 'screenshots');
mkdirSync(out, { recursive: true });
const SIZES = [
  [360, 480],
  [800, 600],
] as const;
const SCHEMES = ['light', 'dark'] as const;
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.some((word) => name.includes(word));

/** One state of the window: where to go and what to do before the picture. */
interface Shot {
  name: string;
  hash: string;
  /** Waits for what the picture must show, then arranges the page. */
  prepare: (page: Page) => Promise<void>;
  fullPage: (width: number) => boolean;
}

const whenFilled = async (page: Page) => void (await page.waitForSelector('article .card-numbers:not(:empty), article .dense-numbers:not(:empty)'));

async function shoot(browser: Browser, harness: Harness, shots: Shot[]): Promise<void> {
  for (const scheme of SCHEMES) {
    for (const [width, height] of SIZES) {
      for (const shot of shots.filter((s) => wanted(s.name))) {
        // A page of its own per shot: the overview's choices (list, groups) live in its storage.
        const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
        await page.goto(harness.url + shot.hash);
        await shot.prepare(page);
        await page.waitForTimeout(300); // sparklines and fonts settle
        const file = join(out, `${shot.name}-${width}x${height}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: shot.fullPage(width) });
        console.log(file);
        await page.close();
      }
    }
  }
}

/** The add form sent with mistakes: every error at its field. */
async function addWithErrors(page: Page): Promise<void> {
  await page.getByLabel('Provider').selectOption('vobiz');
  await page.getByLabel('Auth ID').fill('XX_1');
  await page.locator('summary').click();
  await page.getByLabel(/Base URL/).fill('example.com/api');
  await page.getByLabel(/Poll interval/).fill('5');
  await page.getByLabel('Warn %').fill('97');
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.waitForSelector('#f-label-error:not(:empty)');
  await page.evaluate(() => window.scrollTo(0, 0)); // the focused first field scrolled it; the sticky header belongs at the top
}

const ACCOUNT_READY = '.chart canvas, .chart[data-empty="true"] .chart-empty:not(:empty)';
const ready = (selector: string) => async (page: Page) => void (await page.waitForSelector(selector));

async function demoShots(browser: Browser): Promise<void> {
  if (!['overview', 'account', 'account-forecast', 'account-noforecast', 'add', 'add-errors', 'edit', 'settings', 'settings-errors'].some(wanted)) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'headroom-shots-'));
  const harness = await startHarness({ dataDir });
  try {
    const accounts = await harness.core.api.listAccounts();
    const byLabel = (end: string) => accounts.find((a) => a.label.endsWith(end))!.id;
    const form = ready('form');
    const forecastLine = ready('.forecast:not([hidden]) .forecast-text:not(:empty)');
    await shoot(browser, harness, [
      { name: 'overview', hash: '#/', prepare: whenFilled, fullPage: (w) => w > 400 },
      { name: 'account', hash: `#/account/${byLabel('Production')}`, prepare: ready(ACCOUNT_READY), fullPage: () => true },
      // The forecast line: a rising account with days to its limit, and a flat one without a forecast.
      { name: 'account-forecast', hash: `#/account/${byLabel('Main account')}`, prepare: forecastLine, fullPage: () => false },
      { name: 'account-noforecast', hash: `#/account/${byLabel('Staging')}`, prepare: forecastLine, fullPage: () => false },
      { name: 'add', hash: '#/add', prepare: form, fullPage: () => true },
      {
        name: 'add-errors',
        hash: '#/add',
        prepare: async (page) => {
          await form(page);
          await addWithErrors(page);
        },
        fullPage: () => true,
      },
      { name: 'edit', hash: `#/edit/${byLabel('Production')}`, prepare: form, fullPage: () => true },
      { name: 'settings', hash: '#/settings', prepare: form, fullPage: () => true },
      {
        name: 'settings-errors',
        hash: '#/settings',
        prepare: async (page) => {
          await page.getByLabel('Poll every (seconds)').fill('5');
          await page.getByLabel('Warn at (%)').fill('99');
          await page.getByLabel('Critical at (%)').fill('50');
          await page.getByLabel(/Serve metrics/).check();
          await page.getByLabel('Metrics port').fill('80');
          await page.getByRole('button', { name: 'Save settings' }).click();
          await page.waitForSelector('.field-error:not(:empty)');
        },
        fullPage: () => true,
      },
    ]);
  } finally {
    await harness.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Scrolls the account with this label into the middle of the window. */
const scrollTo = (label: string) => async (page: Page) => {
  await whenFilled(page);
  await page.getByRole('article', { name: label }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
};

/** Clicks a toggle of the overview and waits until it is on (or off). */
const toggle = (name: string, on = true) => async (page: Page) => {
  await page.getByRole('button', { name }).click();
  await page.waitForSelector(`button[aria-label="${name}"][aria-pressed="${on}"]`);
};

/** Shots of a fleet harness (`names`: what they will be called, so an unwanted harness is not even started). */
async function fleetShots(browser: Browser, count: number, names: string[], shots: (harness: Harness) => Shot[]): Promise<void> {
  if (!names.some(wanted)) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'headroom-shots-fleet-'));
  const harness = await startHarness({ dataDir, demo: false, fleet: { count, states: true } });
  try {
    await shoot(browser, harness, shots(harness));
  } finally {
    await harness.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The account view in each state, on real accounts of the real core (test/harness/account-states.ts). */
async function accountStateShots(browser: Browser): Promise<void> {
  const names = ['stale', 'error', 'disabled', 'credentials-error', 'burst', 'nocap', 'limit0', 'empty-history', 'first-sample'].map((n) => `account-${n}`);
  if (!names.some(wanted)) return;
  const states = await startStatesHarness();
  try {
    const account = (name: string, id: string): Shot => ({ name: `account-${name}`, hash: `#/account/${id}`, prepare: ready(ACCOUNT_READY), fullPage: () => false });
    await shoot(browser, states.harness, [
      account('stale', states.ids.stale),
      account('error', states.ids.failing),
      account('disabled', states.ids.disabled),
      account('credentials-error', states.ids.credentials),
      account('burst', states.ids.burst),
      account('nocap', states.ids.nocap),
      account('limit0', states.ids.limit0),
      account('empty-history', states.ids.waiting),
      account('first-sample', states.ids.fresh),
    ]);
  } finally {
    await states.close();
  }
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  await demoShots(browser);
  await accountStateShots(browser);
  await fleetShots(browser, FLEET_STATES_MIN, ['overview-error', 'overview-stale', 'overview-disabled', 'overview-stale-error-disabled-list'], (harness) => {
    const label = (id: string | undefined) => harness.fleet!.accounts.find((a) => a.id === id)!.label;
    const { stale, disabled } = harness.fleet!.roles;
    return [
      // Worst first: the failing account and the one without credentials lead.
      { name: 'overview-error', hash: '#/', prepare: whenFilled, fullPage: () => false },
      { name: 'overview-stale', hash: '#/', prepare: scrollTo(label(stale)), fullPage: () => false },
      { name: 'overview-disabled', hash: '#/', prepare: scrollTo(label(disabled)), fullPage: () => false },
      {
        name: 'overview-stale-error-disabled-list',
        hash: '#/',
        prepare: async (page) => {
          await whenFilled(page);
          await toggle('Dense list')(page);
        },
        fullPage: () => false,
      },
    ];
  });
  await fleetShots(browser, 200, ['overview-200-list', 'overview-200-cards', 'overview-200-grouped', 'overview-200-filtered'], () => [
    { name: 'overview-200-list', hash: '#/', prepare: whenFilled, fullPage: () => false },
    {
      name: 'overview-200-cards',
      hash: '#/',
      prepare: async (page) => {
        await whenFilled(page);
        await toggle('Dense list', false)(page); // 200 accounts open as the list: back to cards
        await whenFilled(page);
      },
      fullPage: () => false,
    },
    {
      name: 'overview-200-grouped',
      hash: '#/',
      prepare: async (page) => {
        await whenFilled(page);
        await toggle('Group by provider')(page);
      },
      fullPage: () => false,
    },
    {
      name: 'overview-200-filtered',
      hash: '#/',
      prepare: async (page) => {
        await whenFilled(page);
        await page.getByLabel('Filter accounts').fill('vobiz sales');
        await page.waitForSelector('.filter-status:not(:empty)');
      },
      fullPage: () => false,
    },
  ]);
} finally {
  await browser.close();
}
