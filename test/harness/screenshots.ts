// npm run screenshots: PNGs of the main views at 360x480 and 800x600, light and dark, in test/browser/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startHarness } from './server.ts';

const out = join(import.meta.dirname, '..', 'browser', 'screenshots');
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'headroom-shots-'));
const harness = await startHarness({ dataDir });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const first = (await harness.core.api.listAccounts()).find((a) => a.label.endsWith('Production'))!;
  const views: Array<[string, string]> = [
    ['overview', '#/'],
    ['account', `#/account/${first.id}`],
    ['add', '#/add'],
    ['edit', `#/edit/${first.id}`],
    ['settings', '#/settings'],
  ];
  for (const scheme of ['light', 'dark'] as const) {
    for (const [width, height] of [[360, 480], [800, 600]]) {
      const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
      for (const [name, hash] of views) {
        await page.goto(harness.url + hash);
        await page.waitForSelector(name === 'overview' ? '.card .gauge-numbers:not(:empty)' : name === 'account' ? '.chart canvas' : 'form');
        await page.waitForTimeout(300);
        const file = join(out, `${name}-${width}x${height}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: name !== 'overview' || width > 400 });
        console.log(file);
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  await harness.close();
  rmSync(dataDir, { recursive: true, force: true });
}
