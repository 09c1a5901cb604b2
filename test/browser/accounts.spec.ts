/**
 * A real account's life through the window: the real core (not demo), the real keychain
 * (gnome-keyring in the D-Bus session `npm test` starts) and the provider simulator.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Keychain, loadKeytar } from '../../main/core/secrets/keychain.ts';
import { startProviderSimulator, type ProviderSimulator } from '../../main/core/simulator/server.ts';
import { startHarness, type Harness } from '../harness/server.ts';

const SECRET = `key_browser_${process.pid}_c0ffee`;
let keychain: Keychain | null = null;
let sim: ProviderSimulator;
let harness: Harness;
let dataDir: string;
let simKey: string;

test.beforeAll(async () => {
  try {
    keychain = await loadKeytar();
    await keychain.getPassword('Headroom-test', 'probe');
  } catch {
    keychain = null;
    return;
  }
  sim = await startProviderSimulator();
  simKey = sim.addAccount('retell', { apiKey: SECRET }, { current: 7, limit: 20, base_concurrency: 20, concurrency_burst_enabled: false });
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-acct-'));
  // No notification daemon here: every delivery fails, which the window must show, not crash on.
  const notifier = { notify: () => Promise.reject(new Error('no notification daemon on this bus')) };
  harness = await startHarness({ dataDir, demo: false, core: { keychain, notifier } });
});

test.afterAll(async () => {
  await harness?.close();
  await sim?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('add through the form into the real keychain, gauge, history, errors, edit, CSV, remove', async ({ page }) => {
  test.skip(!keychain, 'no Secret Service on this session bus (npm test runs the browser tests inside dbus-run-session with gnome-keyring)');
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try demo data' })).toBeVisible();
  await page.getByRole('link', { name: 'Add account' }).first().click();

  await page.getByLabel('Label').fill('Production');
  await page.getByLabel(/API key/).fill(SECRET);
  await page.locator('summary').click();
  await page.getByLabel(/Base URL/).fill(sim.baseUrls.retell);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toHaveText('Connected: 7 / 20 concurrent calls (35%)');
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.locator('h1')).toHaveText('Production');

  const [account] = await harness.core.api.listAccounts();
  expect(JSON.parse((await keychain!.getPassword('Headroom', account.id))!)).toEqual({ apiKey: SECRET });

  await expect(page.locator('.acct-number')).toHaveText('7 / 20');
  await expect(page.locator('.acct-pct')).toHaveText('35%');
  await expect(page.locator('.acct-fresh-text')).toHaveText('live');
  await expect(page.locator('.details')).toContainText('Base concurrency');
  sim.set(simKey, { current: 15 });
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.locator('.acct-number')).toHaveText('15 / 20');
  await page.getByRole('tab', { name: '1h' }).click();
  await expect(page.locator('.stats')).toContainText(/Peak\s*15/);

  sim.fail(simKey, { kind: 'status', status: 503 });
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.locator('.acct-fresh-text')).toHaveText('failing: provider error');
  await expect(page.locator('.acct-problem')).toContainText('provider error (HTTP 503)');
  await expect(page.locator('.acct-number')).toHaveText('15 / 20'); // the last good reading stays, marked old
  await expect(page.locator('.acct-head')).toHaveAttribute('data-current', 'false');
  sim.fail(simKey, { kind: 'status', status: 401 });
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.locator('.acct-fresh-text')).toHaveText('failing: credentials rejected');
  await expect(page.getByRole('button', { name: 'Retry now' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeHidden(); // stopped on an auth error: retrying is what helps
  sim.fail(simKey, null);
  await page.getByRole('button', { name: 'Retry now' }).click();
  await expect(page.locator('.acct-fresh-text')).toHaveText('live');

  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Disable' }).click();
  await expect(page.locator('.acct-fresh-text')).toHaveText('disabled');
  await page.getByRole('button', { name: 'Enable' }).click();
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.locator('.acct-fresh-text')).toHaveText('live');

  // The keychain entry vanished (another tool, a reset keyring): "needs credentials", restored by editing.
  await keychain!.deletePassword('Headroom', account.id);
  // Asked through the API, not the button: the poll Enable set off may still be on its way and
  // find the entry gone first, which hides "Refresh now" before a click could land.
  await harness.core.api.refreshNow(account.id);
  await expect(page.locator('.acct-fresh-text')).toHaveText('needs credentials');
  await page.getByRole('link', { name: 'Headroom' }).click();
  await expect(page.getByRole('article', { name: 'Production' })).toContainText('needs credentials');
  await page.locator('.card').click();
  await page.getByRole('link', { name: 'Enter credentials' }).click();
  await page.getByLabel(/API key/).fill(SECRET);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('h1')).toHaveText('Production');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.locator('.acct-fresh-text')).toHaveText('live');

  // Polls land on the overview as patches of the same card.
  await page.getByRole('link', { name: 'Headroom' }).click();
  await page.locator('.card').evaluate((el) => el.setAttribute('data-marked', 'yes'));
  sim.set(simKey, { current: 18 });
  await harness.core.api.refreshNow(account.id);
  await expect(page.locator('.card .card-numbers')).toHaveText('18 / 20');
  await expect(page.locator('.card .level')).toHaveText('high');
  await expect(page.locator('.card')).toHaveAttribute('data-tone', 'warn');
  await expect(page.locator('.card')).toHaveAttribute('data-marked', 'yes');

  // A notification that can't be shown: said in settings and as a notice banner.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Send test notification' }).click();
  await expect(page.locator('.test-result')).toContainText('Could not be shown');
  await expect(page.locator('.notices .banner')).toContainText("Notifications can't be shown");

  await page.goto(harness.url + `#/account/${account.id}`);
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel(/API key/)).toHaveValue('');
  await page.getByLabel('Label').fill('Production EU');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('h1')).toHaveText('Production EU');

  await page.getByRole('button', { name: 'More' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export CSV (24h)' }).click();
  const csv = await (await download).createReadStream();
  const text = await new Promise<string>((resolve) => {
    let s = '';
    csv.on('data', (d) => (s += d));
    csv.on('end', () => resolve(s));
  });
  expect(text.split('\n')[0]).toBe('time,current,limit,utilization,resolution');
  expect(text).toContain(',15,20,0.75,raw');

  const pageText = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join(' '));
  expect(pageText).not.toContain(SECRET);

  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Remove…' }).click();
  await page.getByRole('button', { name: 'Remove and delete history' }).click();
  await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
  expect(await keychain!.getPassword('Headroom', account.id)).toBeNull();
});
