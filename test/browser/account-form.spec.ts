/**
 * The add and edit forms' errors as a person meets them, in Chromium against the real core and the
 * provider simulator: each problem at its field, in words, once; gone when that field (or the
 * provider) changes; what main refuses comes back at the same fields; a failed "Test connection"
 * once, beside its button, gone at any change.
 */
import { expect, test, type Page, type Route } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProviderSimulator, type ProviderSimulator } from '../../main/core/simulator/server.ts';
import { startHarness, type Harness } from '../harness/server.ts';

const KEY = 'key_form_spec_0001';
let sim: ProviderSimulator;
let harness: Harness;
let dataDir: string;

test.beforeAll(async () => {
  sim = await startProviderSimulator();
  sim.addAccount('retell', { apiKey: KEY }, { current: 3, limit: 10 });
  sim.addAccount('vobiz', { authId: 'MA_FORM0001', authToken: 'tok_form' }, { current: 2, limit: 8 });
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-form-'));
  harness = await startHarness({ dataDir, demo: false });
});

test.afterAll(async () => {
  await harness?.close();
  await sim?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Calls the page makes to main, by method. */
function recordCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/(\w+)$/.exec(new URL(r.url()).pathname);
    if (m) calls.push(m[1]);
  });
  return calls;
}

/** How often a text appears on the page as a person reads it. */
async function timesShown(page: Page, text: string): Promise<number> {
  const body = await page.locator('body').innerText();
  return body.split(text).length - 1;
}

/** Every error shown at a field, by the field's error element id. */
async function fieldErrors(page: Page): Promise<Record<string, string>> {
  return page.locator('.field-error').evaluateAll((els) => Object.fromEntries(els.filter((e) => e.textContent).map((e) => [e.id, e.textContent!])));
}

async function openAdd(page: Page): Promise<void> {
  await page.goto(`${harness.url}#/add`);
  await expect(page.getByRole('heading', { name: 'Add account' })).toBeVisible();
}

/** Sends the next call of `method` with its first argument changed, to meet main's own checks. */
async function rewriteNext(page: Page, method: string, change: (arg: Record<string, unknown>) => void): Promise<void> {
  await page.route(
    `**/api/${method}`,
    async (route: Route) => {
      const args = JSON.parse(route.request().postData() ?? '[]') as Array<Record<string, unknown>>;
      change(args[0]);
      await route.continue({ postData: JSON.stringify(args) });
    },
    { times: 1 },
  );
}

test('before sending: every problem at its field in words, the Advanced section opened, focus on the first; nothing sent', async ({ page }) => {
  const calls = recordCalls(page);
  await openAdd(page);
  await page.getByLabel('Provider').selectOption('vobiz');
  await page.getByLabel('Auth ID').fill('XX_1');
  await page.locator('summary').click();
  await page.getByLabel(/Base URL/).fill('example.com/api');
  await page.getByLabel(/Poll interval/).fill('5');
  await page.getByLabel('Warn %').fill('97');
  await page.getByLabel('At limit %').fill('0');
  await page.locator('summary').click(); // closed again: a problem inside opens it
  await page.getByRole('button', { name: 'Add account' }).click();
  expect(await fieldErrors(page)).toEqual({
    'f-label-error': 'Label is required',
    'f-authId-error': 'Starts with MA_ (main account) or SA_ (sub-account)',
    'f-authToken-error': 'Auth Token is required',
    'f-base-url-error': 'Base URL must be an absolute URL such as https://api.example.com',
    'f-interval-error': 'Poll interval must be between 10 and 86400',
    'f-warnPct-error': 'Warn (97%) must be below critical (95%)',
    'f-limitPct-error': 'At-limit level must be between 1 and 1000',
  });
  await expect(page.locator('details.advanced')).toHaveAttribute('open', '');
  await expect(page.getByLabel('Label')).toBeFocused();
  await expect(page.getByLabel('Label')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel(/Base URL/)).toHaveAttribute('aria-describedby', 'f-base-url-error');
  await expect(page.locator('.form-error')).toBeHidden();
  for (const text of Object.values(await fieldErrors(page))) expect(await timesShown(page, text), text).toBe(1);

  // A whole number, please; and a change clears that field's error alone.
  await page.getByLabel(/Poll interval/).fill('12.5');
  await expect(page.locator('#f-interval-error')).toBeEmpty();
  await expect(page.locator('#f-base-url-error')).not.toBeEmpty();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('#f-interval-error')).toHaveText('Poll interval must be a whole number between 10 and 86400');
  await page.getByLabel(/Base URL/).fill('https://proxy.example.com');
  await expect(page.locator('#f-base-url-error')).toBeEmpty();
  await expect(page.getByLabel(/Base URL/)).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Critical %').fill('96');
  await expect(page.locator('#f-warnPct-error'), 'the thresholds are checked together: a change to one clears them').toBeEmpty();
  await expect(page.locator('#f-label-error')).toHaveText('Label is required');

  // Another provider: every error goes with the fields it was about.
  await page.getByLabel('Provider').selectOption('retell');
  expect(await fieldErrors(page)).toEqual({});
  expect(calls.filter((c) => c === 'addAccount' || c === 'testConnection')).toEqual([]);
});

test('what main refuses comes back at the field, in words: a base URL, thresholds, a label taken meanwhile', async ({ page }) => {
  await openAdd(page);
  await page.getByLabel('Label').fill('Main refuses');
  await page.getByLabel(/API key/).fill(KEY);
  await page.locator('summary').click();
  await page.getByLabel(/Base URL/).fill(sim.baseUrls.retell);

  // The window's check passed; main's own (the same schema) still names the field.
  await rewriteNext(page, 'addAccount', (input) => void (input.baseUrl = 'example.com/api'));
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.locator('#f-base-url-error')).toHaveText('Base URL must be an absolute URL such as https://api.example.com');
  await expect(page.getByLabel(/Base URL/)).toBeFocused();
  await expect(page.locator('.form-error')).toBeHidden();
  expect(await page.locator('body').innerText()).not.toContain('argument 1');

  // "Test connection" sends { input }: its paths start with "input.", shown at the same fields.
  await rewriteNext(page, 'testConnection', (target) => void ((target.input as Record<string, unknown>).alerts = { warnPct: 99, criticalPct: 50 }));
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.locator('#f-warnPct-error')).toHaveText('Warn level must be below the critical level');
  await expect(page.locator('.test-result')).toBeHidden();

  // A label another window (or the CLI) took after this form was opened.
  await harness.core.api.addAccount({ provider: 'retell', label: 'Main refuses', fields: { apiKey: KEY }, baseUrl: sim.baseUrls.retell });
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.locator('#f-label-error')).toHaveText('Another account already has this label');
  expect(await timesShown(page, 'already has this label')).toBe(1);
  await page.getByLabel('Label').fill('Main refuses 2');
  await expect(page.locator('#f-label-error')).toBeEmpty();
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Main refuses 2');
});

test('a failed test connection: once, beside the button, in words; gone at any change and with another provider', async ({ page }) => {
  await openAdd(page);
  await page.getByLabel('Label').fill('Wrong key');
  await page.getByLabel(/API key/).fill('key_wrong_0000');
  await page.locator('summary').click();
  await page.getByLabel(/Base URL/).fill(sim.baseUrls.retell);
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.locator('.test-result');
  await expect(result).toHaveText(/^Could not connect: Retell AI: credentials rejected \(HTTP 401\)(: [^.]+)?\. Check the credentials\.$/);
  await expect(result).toHaveAttribute('role', 'status');
  expect(await timesShown(page, 'credentials rejected')).toBe(1);
  await expect(page.locator('.form-error')).toBeHidden();
  // Beside the buttons: right under their row.
  const [buttons, message] = await Promise.all([page.locator('.form-buttons').boundingBox(), result.boundingBox()]);
  expect(message!.y - (buttons!.y + buttons!.height)).toBeLessThan(24);

  // Any change: the answer no longer holds.
  await page.getByLabel('Label').fill('Wrong key 2');
  await expect(result).toBeHidden();

  // The same failure from "Add account" (main tests before saving): once, in the same place.
  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(result).toHaveText(/^Could not connect: Retell AI.*credentials rejected \(HTTP 401\)/);
  expect(await timesShown(page, 'credentials rejected')).toBe(1);
  await expect(page.locator('.form-error')).toBeHidden();
  expect((await harness.core.api.listAccounts()).some((a) => a.label === 'Wrong key 2')).toBe(false);

  // Another provider: a Retell answer has nothing to say about a Vobiz form.
  await page.getByLabel('Provider').selectOption('vobiz');
  await expect(result).toBeHidden();
  expect(await timesShown(page, 'credentials rejected')).toBe(0);

  // And a good one: connected, then saved.
  await page.getByLabel('Auth ID').fill('MA_FORM0001');
  await page.getByLabel(/Auth Token/).fill('tok_form');
  await page.getByLabel(/Base URL/).fill(sim.baseUrls.vobiz);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveText('Connected: 2 / 8 concurrent calls (25%)');
  await page.getByLabel(/Auth Token/).fill('tok_form ');
  await expect(result).toBeHidden();
});

test('edit: errors at their fields too; the secret is never filled back and an empty one keeps the saved one', async ({ page }) => {
  const account = await harness.core.api.addAccount({ provider: 'retell', label: 'Editable', fields: { apiKey: KEY }, baseUrl: sim.baseUrls.retell, pollIntervalSec: 60 });
  await page.goto(`${harness.url}#/edit/${account.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit Editable');
  await expect(page.getByLabel(/API key/)).toHaveValue('');
  await expect(page.getByLabel(/API key/)).toHaveAttribute('placeholder', 'Unchanged (leave empty to keep)');
  await page.getByLabel('Label').fill('  ');
  await page.getByLabel(/Poll interval/).fill('100000');
  await page.getByLabel('Critical %').fill('101');
  await page.getByRole('button', { name: 'Save' }).click();
  expect(await fieldErrors(page)).toEqual({
    'f-label-error': 'Label is required',
    'f-interval-error': 'Poll interval must be between 10 and 86400',
    'f-criticalPct-error': 'Critical (101%) must not exceed at limit (100%)',
  });
  await page.getByLabel('Label').fill('Edited');
  await page.getByLabel(/Poll interval/).fill('45');
  await page.getByLabel('Critical %').fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edited');
  const saved = (await harness.core.api.listAccounts()).find((a) => a.id === account.id)!;
  expect([saved.label, saved.pollIntervalSec, saved.needsCredentials]).toEqual(['Edited', 45, false]);
});
