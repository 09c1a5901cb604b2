/**
 * The edit form, when the base URL moves to another host: the secret field says, beside itself, that
 * the key must be entered again, saving is refused until it is, and the saved key is never sent to
 * the new host. Real core, real keychain (gnome-keyring in the D-Bus session `npm test` starts), two
 * provider simulators on different ports (two origins).
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Keychain } from '../../main/core/secrets/keychain.ts';
import { loadKeytar } from '../../main/core/secrets/keychain.ts';
import { startProviderSimulator, type ProviderSimulator } from '../../main/core/simulator/server.ts';
import { startHarness, type Harness } from '../harness/server.ts';

const SAVED = `key_browser_home_${process.pid}`;
const NEW = `key_browser_other_${process.pid}`;
let keychain: Keychain | null = null;
let home: ProviderSimulator;
let other: ProviderSimulator;
let harness: Harness;
let dataDir: string;

test.beforeAll(async () => {
  try {
    keychain = await loadKeytar();
    await keychain.getPassword('Headroom-test', 'probe');
  } catch {
    keychain = null;
    return;
  }
  [home, other] = await Promise.all([startProviderSimulator(), startProviderSimulator()]);
  home.addAccount('retell', { apiKey: SAVED }, { current: 4, limit: 20 });
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-host-'));
  harness = await startHarness({ dataDir, demo: false, core: { keychain, notifier: { notify: async () => undefined } } });
});

test.afterAll(async () => {
  for (const a of (await harness?.core.api.listAccounts()) ?? []) await harness.core.api.removeAccount(a.id, { deleteHistory: true });
  await harness?.close();
  await Promise.all([home?.close(), other?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a base URL on another host asks for the API key again, beside the field, and never sends the saved one', async ({ page }) => {
  test.skip(!keychain, 'no Secret Service on this session bus (npm test runs the browser tests inside dbus-run-session with gnome-keyring)');
  const account = await harness.core.api.addAccount({ provider: 'retell', label: 'Moving', fields: { apiKey: SAVED }, baseUrl: home.baseUrls.retell });
  const otherHost = new URL(other.baseUrls.retell).host;
  await page.goto(harness.url + `#/edit/${account.id}`);
  const key = page.getByLabel(/API key/);
  const keyError = page.locator('#f-apiKey-error');
  await expect(key).toHaveAttribute('placeholder', 'Unchanged (leave empty to keep)');

  // Another host: the field says so as soon as the base URL is left, before any save.
  await page.getByLabel(/Base URL/).fill(other.baseUrls.retell);
  await page.getByLabel(/Base URL/).blur();
  const expected = `Enter the API key again: the base URL now points to another host (${otherHost}), and a saved secret is never sent to a new host`;
  await expect(keyError).toHaveText(expected);
  await expect(key).toHaveAttribute('aria-invalid', 'true');
  await expect(key).toHaveAttribute('aria-describedby', 'f-apiKey-error');
  await expect(key).toHaveAttribute('placeholder', 'Enter it again for the new host');

  // Neither Save nor Test connection sends anything while the key is missing.
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(key).toBeFocused();
  await expect(keyError).toHaveText(expected);
  await expect(page.locator('h1')).toHaveText('Edit Moving');
  expect(other.rejected('retell')).toBe(0);

  // The same host again: the saved key may stay, the message goes.
  await page.getByLabel(/Base URL/).fill(`${home.baseUrls.retell}/`);
  await page.getByLabel(/Base URL/).blur();
  await expect(keyError).toHaveText('');
  await expect(key).toHaveAttribute('placeholder', 'Unchanged (leave empty to keep)');

  // Should the window's check be bypassed, the account service refuses the same way (the CLI's rule too).
  await expect(harness.core.api.updateAccount(account.id, { baseUrl: other.baseUrls.retell })).rejects.toThrow(/apiKey: enter the API key again/);
  expect(other.rejected('retell')).toBe(0);

  // Entered again: tested against the new host with the new key only, then saved.
  const otherKey = other.addAccount('retell', { apiKey: NEW }, { current: 9, limit: 20 });
  await page.getByLabel(/Base URL/).fill(other.baseUrls.retell);
  await key.fill(NEW);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toHaveText('Connected: 9 / 20 concurrent calls (45%)');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('h1')).toHaveText('Moving');
  expect(other.rejected('retell')).toBe(0);
  expect(other.stats(otherKey).requests).toBeGreaterThanOrEqual(2);
  expect(JSON.parse((await keychain!.getPassword('Headroom', account.id))!)).toEqual({ apiKey: NEW });
  expect((await harness.core.api.listAccounts())[0].baseUrl).toBe(other.baseUrls.retell);
  const pageText = await page.evaluate(() => document.documentElement.outerHTML);
  expect(pageText).not.toContain(SAVED);
  expect(pageText).not.toContain(NEW);
});
