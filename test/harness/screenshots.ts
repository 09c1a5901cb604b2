// npm run screenshots: PNGs of the main views at 360x480 and 800x600, light and dark, in test/browser/screenshots/
// (or in $SCREENSHOTS_DIR): the demo views, then the account view in its states (test/harness/account-states.ts)
// and the add form with its field errors.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startHarness } from './server.ts';
import { startStatesHarness } from './account-states.ts';

const out = process.env.SCREENSHOTS_DIR || join(import.meta.dirname, '..', 'browser', 'screenshots');
mkdirSync(out, { recursive: true });
const SIZES = [[360, 480], [800, 600]] as const;
const SCHEMES = ['light', 'dark'] as const;

interface Shot {
  name: string;
  hash: string;
  /** What must be on screen before the picture is taken. */
  ready: string;
  /** Steps after loading (e.g. a form submitted with mistakes). */
  act?: (page: Page) => Promise<void>;
  fullPage?: boolean | ((width: number) => boolean);
}

const ACCOUNT_READY = '.chart canvas, .chart[data-empty="true"] .chart-empty:not(:empty)';

async function shoot(browser: Browser, base: string, shots: Shot[]): Promise<void> {
  for (const scheme of SCHEMES) {
    for (const [width, height] of SIZES) {
      const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
      for (const shot of shots) {
        await page.goto(base + shot.hash);
        await page.waitForSelector(shot.ready);
        await shot.act?.(page);
        await page.waitForTimeout(300);
        const file = join(out, `${shot.name}-${width}x${height}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: typeof shot.fullPage === 'function' ? shot.fullPage(width) : (shot.fullPage ?? false) });
        console.log(file);
      }
      await page.close();
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

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const dataDir = mkdtempSync(join(tmpdir(), 'headroom-shots-'));
const harness = await startHarness({ dataDir });
try {
  const accounts = await harness.core.api.listAccounts();
  const byLabel = (end: string) => accounts.find((a) => a.label.endsWith(end))!.id;
  await shoot(browser, harness.url, [
    { name: 'overview', hash: '#/', ready: '.card .gauge-numbers:not(:empty)', fullPage: (width) => width > 400 },
    { name: 'account', hash: `#/account/${byLabel('Production')}`, ready: ACCOUNT_READY, fullPage: true },
    // The forecast line: a rising account with days to its limit, and a flat one without a forecast.
    { name: 'account-forecast', hash: `#/account/${byLabel('Main account')}`, ready: '.forecast:not([hidden]) .forecast-text:not(:empty)' },
    { name: 'account-noforecast', hash: `#/account/${byLabel('Staging')}`, ready: '.forecast:not([hidden]) .forecast-text:not(:empty)' },
    { name: 'add', hash: '#/add', ready: 'form', fullPage: true },
    { name: 'add-errors', hash: '#/add', ready: 'form', act: addWithErrors, fullPage: true },
    { name: 'edit', hash: `#/edit/${byLabel('Production')}`, ready: 'form', fullPage: true },
    { name: 'settings', hash: '#/settings', ready: 'form', fullPage: true },
  ]);
} finally {
  await harness.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const states = await startStatesHarness();
try {
  const account = (name: string, id: string): Shot => ({ name: `account-${name}`, hash: `#/account/${id}`, ready: ACCOUNT_READY });
  await shoot(browser, states.harness.url, [
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
  await browser.close();
}
