/**
 * The app's "Serve metrics" setting: a real core with metricsFromSettings serves /metrics on
 * loopback once the setting is on, moves with the port, stops when off, and says so when the port
 * is taken.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { testCore } from '../../helpers/core.ts';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function scrape(port: number): Promise<number | string> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/metrics`);
    return r.status;
  } catch (err) {
    return (err as { cause?: { code?: string } }).cause?.code ?? 'failed';
  }
}

const hosts: Array<() => Promise<void>> = [];
after(async () => {
  for (const dispose of hosts) await dispose();
});

test('off by default; on serves loopback metrics; a new port moves it; off stops it', async () => {
  const { core, dispose } = await testCore({ demo: true, metricsFromSettings: true });
  hosts.push(dispose);
  await core.start();
  const [first, second] = [await freePort(), await freePort()];
  assert.equal(core.settings().metrics.enabled, false);
  assert.equal(await scrape(9479 === first ? second : first), 'ECONNREFUSED');
  await core.api.updateSettings({ metrics: { enabled: true, port: first } });
  await waitFor(async () => (await scrape(first)) === 200);
  const body = await (await fetch(`http://127.0.0.1:${first}/metrics`)).text();
  assert.match(body, /^headroom_build_info\{version="[^"]+"\} 1$/m);
  await core.api.updateSettings({ metrics: { enabled: true, port: second } });
  await waitFor(async () => (await scrape(second)) === 200 && (await scrape(first)) === 'ECONNREFUSED');
  await core.api.updateSettings({ metrics: { enabled: false, port: second } });
  await waitFor(async () => (await scrape(second)) === 'ECONNREFUSED');
  assert.deepEqual(core.notices().filter((n) => n.id === 'metrics'), []);
});

test('a port in use is a notice naming it, and choosing another one clears it', async () => {
  const blocker: Server = createServer();
  const taken = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as AddressInfo).port)));
  const { core, dispose } = await testCore({ demo: true, metricsFromSettings: true });
  hosts.push(dispose, () => new Promise((resolve) => blocker.close(() => resolve())));
  await core.start();
  await core.api.updateSettings({ metrics: { enabled: true, port: taken } });
  await waitFor(async () => core.notices().some((n) => n.id === 'metrics'));
  assert.match(core.notices().find((n) => n.id === 'metrics')!.message, new RegExp(`Metrics are not served: port ${taken} is already in use`));
  const free = await freePort();
  await core.api.updateSettings({ metrics: { enabled: true, port: free } });
  await waitFor(async () => (await scrape(free)) === 200 && !core.notices().some((n) => n.id === 'metrics'));
});

test('the setting is checked like every other: ports below 1024 or above 65535 are refused', async () => {
  const { core, dispose } = await testCore({ metricsFromSettings: true });
  hosts.push(dispose);
  await assert.rejects(core.api.updateSettings({ metrics: { enabled: true, port: 80 } }), /metrics\.port must be between 1024 and 65535/);
  await assert.rejects(core.api.updateSettings({ metrics: { enabled: true, port: 70_000 } }), /metrics\.port must be between 1024 and 65535/);
});

/** Polls until the check holds; the deadline only guards against a hang. */
async function waitFor(check: () => Promise<boolean>, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}
