/**
 * The overview with 200 accounts (test/harness/fleet.ts, on the provider simulator, some failing,
 * stale, without credentials or disabled): every account an article named by its label, the dense
 * list by default, a filter by label or provider, grouping by provider, and each choice remembered
 * across a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDER_NAMES } from '../../main/model/provider.ts';
import { startHarness, type Harness } from '../harness/server.ts';

const COUNT = 200;
let harness: Harness;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'headroom-browser-many-'));
  harness = await startHarness({ dataDir, demo: false, fleet: { count: COUNT, states: true } });
});

test.afterAll(async () => {
  await harness?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function open(page: Page): Promise<void> {
  await page.goto(harness.url);
  await expect(page.getByRole('article')).toHaveCount(COUNT);
}

/** Each article's accessible name (the text of the element that labels it) and its text. */
const articles = (page: Page) =>
  page.getByRole('article').evaluateAll((items) => items.map((el) => ({ name: document.getElementById(el.getAttribute('aria-labelledby')!)?.textContent ?? '', text: el.textContent ?? '', dense: el.classList.contains('dense-row') })));

test('200 accounts: one article each, named by its label, stating level and freshness; the dense list by default', async ({ page }) => {
  await open(page);
  const shown = await articles(page);
  expect(shown.map((a) => a.name).sort()).toEqual(harness.fleet!.accounts.map((a) => a.label).sort());
  expect(shown.every((a) => a.dense)).toBe(true);
  for (const a of shown) {
    expect(a.text, a.name).toMatch(/normal|high|critical|at limit|in burst|no cap|no data yet/);
    expect(a.text, a.name).toMatch(/live|stale since|failing: |paused|disabled|needs credentials|offline|waiting for the first poll/);
  }
  // Spot checks through the accessibility tree itself.
  for (const i of [0, 100, COUNT - 1]) await expect(page.getByRole('article', { name: harness.fleet!.accounts[i].label, exact: true })).toHaveCount(1);
  // The list opens on what needs attention: the failing account first, disabled last.
  await expect(page.getByRole('article').first()).toContainText('failing: provider error');
  await expect(page.getByRole('article').last()).toContainText('disabled');
  await expect(page.locator('.toolbar .count')).toHaveText(String(COUNT));
});

test('filter by label or provider: every word must match; remembered across a reload; Escape clears it', async ({ page }) => {
  await open(page);
  const filter = page.getByLabel('Filter accounts');
  const expected = harness.fleet!.accounts.filter((a) => a.spec.provider === 'vobiz' && a.label.toLowerCase().includes('sales')).map((a) => a.label);
  expect(expected.length).toBeGreaterThan(1);
  await filter.fill('Vobiz sales');
  await expect(page.getByRole('article')).toHaveCount(expected.length);
  expect((await articles(page)).map((a) => a.name).sort()).toEqual([...expected].sort());
  await expect(page.getByRole('status').filter({ hasText: 'accounts match' })).toHaveText(`${expected.length} of ${COUNT} accounts match`);

  await page.reload();
  await expect(filter).toHaveValue('Vobiz sales');
  await expect(page.getByRole('article')).toHaveCount(expected.length);

  await filter.fill('puretalk');
  await expect(page.getByRole('article')).toHaveCount(harness.fleet!.accounts.filter((a) => a.spec.provider === 'puretalk').length);
  await filter.fill('no such account');
  await expect(page.getByRole('article')).toHaveCount(0);
  await expect(page.getByText('No account matches “no such account”.')).toBeVisible();
  await filter.press('Escape');
  await expect(filter).toHaveValue('');
  await expect(page.getByRole('article')).toHaveCount(COUNT);
});

test('group by provider: one headed section per provider with its accounts and counts; remembered across a reload', async ({ page }) => {
  await open(page);
  const group = page.getByRole('button', { name: 'Group by provider' });
  await expect(group).toHaveAttribute('aria-pressed', 'false');
  await group.click();
  await expect(group).toHaveAttribute('aria-pressed', 'true');
  const headings = page.locator('.group-heading .group-name');
  await expect(headings).toHaveText(['Retell AI', 'Vobiz', 'Puretalk AI', 'Ultravox']);
  for (const provider of ['retell', 'vobiz', 'puretalk', 'ultravox'] as const) {
    const section = page.getByRole('region', { name: new RegExp(`^${PROVIDER_NAMES[provider]} `) });
    const mine = harness.fleet!.accounts.filter((a) => a.spec.provider === provider);
    await expect(section.getByRole('article')).toHaveCount(mine.length);
    await expect(section.locator('.group-count')).toContainText(`${mine.length} · `);
  }
  // Filtering within groups keeps the headings of the groups with matches, with "n of m".
  await page.getByLabel('Filter accounts').fill('clinic');
  const clinics = harness.fleet!.accounts.filter((a) => a.label.includes('clinic'));
  await expect(page.getByRole('article')).toHaveCount(clinics.length);
  const retellClinics = clinics.filter((a) => a.spec.provider === 'retell').length;
  await expect(page.getByRole('region', { name: /^Retell AI / }).locator('.group-count')).toContainText(`${retellClinics} of 50`);
  await page.getByLabel('Filter accounts').fill('');

  await page.reload();
  await expect(page.getByRole('button', { name: 'Group by provider' })).toHaveAttribute('aria-pressed', 'true');
  await expect(headings).toHaveCount(4);
  await page.getByRole('button', { name: 'Group by provider' }).click();
  await expect(headings).toHaveCount(0);
});

test('dense list and cards: the toggle switches all 200, keeps the order, and is remembered across a reload', async ({ page }) => {
  await open(page);
  const dense = page.getByRole('button', { name: 'Dense list' });
  await expect(dense).toHaveAttribute('aria-pressed', 'true');
  const order = (await articles(page)).map((a) => a.name);
  await dense.click();
  await expect(dense).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('article.card')).toHaveCount(COUNT);
  const cards = await articles(page);
  expect(cards.every((a) => !a.dense)).toBe(true);
  expect(cards.map((a) => a.name).slice(0, 20)).toEqual(order.slice(0, 20)); // polls may reorder the calm middle meanwhile
  await page.reload();
  await expect(page.locator('article.card')).toHaveCount(COUNT);
  await expect(page.getByRole('button', { name: 'Dense list' })).toHaveAttribute('aria-pressed', 'false');
  await page.getByRole('button', { name: 'Dense list' }).click();
  await expect(page.locator('article.dense-row')).toHaveCount(COUNT);
});

test('keyboard among 200: End reaches the last account, "/" the filter, ArrowDown the first match', async ({ page }) => {
  await open(page);
  await page.getByRole('link', { name: 'Acme support', exact: true }).focus();
  await page.keyboard.press('End');
  const last = await page.getByRole('article').last().evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby')!)!.textContent);
  await expect(page.getByRole('link', { name: last!, exact: true })).toBeFocused();
  expect(await page.getByRole('article').last().evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await page.keyboard.press('/');
  await page.keyboard.type('kestrel');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('link', { name: 'Kestrel support', exact: true })).toBeFocused();
  await expect(page.getByRole('article', { name: 'Kestrel support' })).toContainText('needs credentials');
});
