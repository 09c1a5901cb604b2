/**
 * First run without a usable keychain: the empty state, a real "Test connection" that needs no
 * keychain, the 'keychain-unavailable' error on save, and "Try demo data" switching to demo mode.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Keychain, KeychainUnavailableError } from '../../main/core/secrets/keychain.ts';
import { startProviderSimulator, type ProviderSimulator } from '../../main/core/simulator/server.ts';
import { startHarness, type Harness } from '../harness/server.ts';

const KEY = 'key_first_run_0001';
let sim: ProviderSimulator;
let harness: Harness;
let dataDir: string;

/** A keychain that is not there, as keytar reports it on a desktop without a Secret Service. */
const noKeychain: Keychain = {
  getPassword: () => Promise.reject(new KeychainUnavailableError('No Secret Service (keyring) is running', 'Install and start GNOME Keyring or KDE Wallet')),
  setPassword: () => Promise.reject(new KeychainUnavailableError('No Secret Service (keyring) is running', 'Install and start GNOME Keyring or KDE Wallet')),
  deletePassword: () => Promise.reject(new KeychainUnavailableError('No Secret Service (keyring) is running', 'Install and start GNOME Keyring or KDE Wallet')),
};

test.beforeAll(async () => {
  sim = await startProviderSimulator();
  sim.addAccount('retell', { apiKey: KEY }, { current: 3, limit: 10, base_concurrency: 10 });
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-first-'));
  harness = await startHarness({ dataDir, demo: false, core: { keychain: noKeychain } });
});

test.afterAll(async () => {
  await harness?.close();
  await sim?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('no keychain: test connection works, saving says the keychain is unavailable; then demo data', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Sort:/ })).toBeHidden();

  await page.getByRole('link', { name: 'Add account' }).first().click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.locator('#f-label-error')).toHaveText('Label is required');
  await expect(page.locator('#f-apiKey-error')).toHaveText('API key is required');
  await expect(page.getByLabel('Label')).toBeFocused();
  await page.getByLabel('Label').fill('Prod');
  await page.getByLabel(/API key/).fill(KEY);
  await page.locator('summary').click();
  await page.getByLabel(/Base URL/).fill(sim.baseUrls.retell);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('.test-result')).toHaveText('Connected: 3 / 10 concurrent calls (30%)');
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.locator('.form-error')).toContainText('Keychain unavailable: No Secret Service (keyring) is running');
  await expect(page.getByRole('button', { name: 'Add account' })).toBeEnabled();
  expect(await harness.core.api.listAccounts()).toEqual([]);

  await page.getByRole('link', { name: 'Headroom' }).click();
  await page.getByRole('button', { name: 'Try demo data' }).click();
  await expect(page.locator('.card')).toHaveCount(7);
  await expect(page.locator('.card-provider').first()).toContainText('demo');
  expect(problems).toEqual([]);
});
