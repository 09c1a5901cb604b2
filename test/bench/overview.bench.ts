/**
 * overview_render_ms_200: milliseconds from asking for the overview (a hash change from the
 * settings view) to the frame after it is painted, with 200 accounts shown as cards, in Debian's
 * Chromium against the preview harness (the real core; the accounts on the provider simulator).
 * Median of several runs, each a fresh overview. Target: under 50.
 * overview_dense_render_ms_200: the same for the dense list.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startHarness } from '../harness/server.ts';

const ACCOUNTS = 200;
const WARM_UP = 3;
const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One render: from the hash change to the frame after the overview's first paint. */
async function renderOnce(page: Page): Promise<number> {
  await page.evaluate(() => (location.hash = '#/settings'));
  await page.waitForSelector('form');
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        // The window's own hashchange listener (added at start) builds the view before this one runs.
        window.addEventListener('hashchange', () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started))), { once: true });
        location.hash = '#/';
      }),
  );
  const shown = await page.locator('article').count();
  if (shown !== ACCOUNTS) throw new Error(`the overview showed ${shown} accounts, not ${ACCOUNTS}`);
  return ms;
}

async function renderMs(page: Page, dense: boolean): Promise<number> {
  await page.evaluate((d) => localStorage.setItem('headroom.overview.dense', d ? '1' : '0'), dense);
  for (let i = 0; i < WARM_UP; i++) await renderOnce(page);
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await renderOnce(page));
  return Math.round(median(runs) * 10) / 10;
}

export async function run(): Promise<Record<string, number>> {
  // The window as the code is now (the build takes a second).
  execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'build.mjs')], { stdio: 'ignore' });
  const dataDir = mkdtempSync(join(tmpdir(), 'headroom-bench-overview-'));
  const harness = await startHarness({ dataDir, demo: false, fleet: { count: ACCOUNTS } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await page.goto(harness.url + '#/settings');
    await page.waitForSelector('form');
    return {
      overview_render_ms_200: await renderMs(page, false),
      overview_dense_render_ms_200: await renderMs(page, true),
    };
  } finally {
    await browser.close();
    await harness.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
