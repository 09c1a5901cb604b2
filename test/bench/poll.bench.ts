/**
 * Poller figures against the simulator (in its own process) at 150 ms latency:
 * poll_cycle_200_ms (200 accounts, parallelism 8), poll_cycle_ideal_ms (ceil(200/8) x 150),
 * poll_cycle_serial_ms (parallelism 1), poll_cpu_us_per_poll, poll_heap_growth_mb (10,000 polls
 * after warm-up, measured after a forced GC).
 */
import type { Account } from '../../main/model/account.ts';
import { createPoller } from '../../main/core/poller/poller.ts';
import { PROVIDER_IDS, getProvider } from '../../main/core/providers/registry.ts';
import type { Credentials, ProviderId } from '../../main/model/provider.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../main/model/settings.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.ts';
import { gc } from './fixtures/gc.ts';

const ACCOUNTS = 200;
const LATENCY_MS = 150;
const PARALLELISM = 8;

function credentialsFor(provider: ProviderId, i: number): Credentials {
  return provider === 'vobiz' ? { authId: `MA_B${i}`, authToken: `bench_${i}` } : { apiKey: `bench_${provider}_${i}` };
}

async function accountsOn(sim: SimulatorProcess, count: number) {
  const accounts: Account[] = [];
  const creds = new Map<string, Credentials>();
  for (let i = 0; i < count; i++) {
    const provider = PROVIDER_IDS[i % PROVIDER_IDS.length];
    const c = credentialsFor(provider, i);
    await sim.addAccount(provider, c, { current: i % 40, limit: 50 });
    const id = `bench-${i}`;
    accounts.push({ id, provider, label: id, fields: {}, baseUrl: sim.baseUrls[provider], enabled: true, createdAt: 't', updatedAt: 't' });
    creds.set(id, c);
  }
  return { accounts, creds };
}

function pollerFor(accounts: Account[], creds: Map<string, Credentials>, parallelism: number) {
  const settings: Settings = { ...DEFAULT_SETTINGS, parallelism, pollIntervalSec: 3600 };
  return createPoller({
    accounts: () => accounts,
    credentials: async (id) => creds.get(id)!,
    settings: () => settings,
    fetch: (a, c, signal) => getProvider(a.provider).fetch(c, { baseUrl: a.baseUrl, signal }),
    describe: (a, s) => getProvider(a.provider).describe(s),
    isOnline: () => true,
  });
}

/** Time from start until every account has one result. */
async function cycleMs(accounts: Account[], creds: Map<string, Credentials>, parallelism: number): Promise<number> {
  const poller = pollerFor(accounts, creds, parallelism);
  const seen = new Set<string>();
  const started = performance.now();
  const done = new Promise<void>((resolve) =>
    poller.onPoll((e) => {
      seen.add(e.accountId);
      if (seen.size === accounts.length) resolve();
    }),
  );
  poller.start();
  await done;
  const ms = performance.now() - started;
  await poller.stop();
  return Math.round(ms);
}

/** Heap in use after finalizers and closed sockets had their turn. */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/** CPU per poll and heap growth over many refreshes of a few accounts (no latency). */
async function steadyState(sim: SimulatorProcess): Promise<{ cpu: number; heapMb: number }> {
  const { accounts, creds } = await accountsOn(sim, 20);
  const poller = pollerFor(accounts, creds, PARALLELISM);
  let worst = 0;
  poller.subscribe((state) => void (worst = state.aggregate.worstUtilization ?? 0)); // as the tray does
  poller.start();
  for (let i = 0; i < 100; i++) await poller.refresh(); // warm-up: 2,000 polls
  const heapBefore = await settledHeap();
  const cpuBefore = process.cpuUsage();
  const rounds = 10_000 / accounts.length;
  for (let i = 0; i < rounds; i++) await poller.refresh();
  const cpu = process.cpuUsage(cpuBefore);
  const heapMb = ((await settledHeap()) - heapBefore) / 1024 / 1024;
  await poller.stop();
  if (worst <= 0) throw new Error('poll benchmark: no state was emitted');
  return { cpu: Math.round((cpu.user + cpu.system) / 10_000), heapMb: Math.round(heapMb * 100) / 100 };
}

export async function run(): Promise<Record<string, number>> {
  const slow = await startSimulatorProcess(LATENCY_MS);
  const fast = await startSimulatorProcess(0);
  try {
    const { accounts, creds } = await accountsOn(slow, ACCOUNTS);
    const cycle = await cycleMs(accounts, creds, PARALLELISM);
    const serial = await cycleMs(accounts, creds, 1);
    const steady = await steadyState(fast);
    return {
      poll_cycle_200_ms: cycle,
      poll_cycle_ideal_ms: Math.ceil(ACCOUNTS / PARALLELISM) * LATENCY_MS,
      poll_cycle_serial_ms: serial,
      poll_cpu_us_per_poll: steady.cpu,
      poll_heap_growth_mb: steady.heapMb,
    };
  } finally {
    await slow.close();
    await fast.close();
  }
}
