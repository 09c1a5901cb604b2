import { expect, test } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

test('the built renderer loads under its CSP', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'renderer', 'index.html')).href);
  await expect(page).toHaveTitle('Headroom');
  expect(errors).toEqual([]);
});
