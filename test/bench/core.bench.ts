/**
 * The whole core as the app hosts it (config on disk, keychain stand-in, poller, history, alerts,
 * state events), each figure in a child process of its own, against the provider simulator in
 * another process so its cost is not counted:
 *   core_cpu_pct_50         CPU share of one core, 50 accounts at the default 30 s interval, over
 *                           BENCH_CORE_SECONDS (default 180) of steady polling (goal: at most 0.2)
 *   core_cpu_us_per_poll_50 the same CPU per poll
 *   core_rss_mb_200         RSS after 10 minutes' worth of polls of 200 accounts (20 each, the
 *                           interval shortened by the test override; goal: at most 80)
 *   core_start_ms_200       createCore to the first state with 200 accounts, each with a year of
 *                           history on disk (goal: at most 500)
 */
import { spawn } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openHistory } from '../../main/core/history/store.ts';
import { PROVIDER_IDS } from '../../main/core/providers/registry.ts';
import type { ProviderId } from '../../main/model/provider.ts';
import { tempDir } from '../helpers/core.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.ts';

const CHILD = join(import.meta.dirname, 'fixtures', 'core-child.ts');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type JobAccount = { id: string; provider: ProviderId; baseUrl: string; credentials: Record<string, string> };

function credentialsFor(provider: ProviderId, i: number): Record<string, string> {
  return provider === 'vobiz' ? { authId: `MA_C${i}`, authToken: `core_bench_${i}` } : { apiKey: `core_bench_${provider}_${i}` };
}

async function accountsOn(sim: SimulatorProcess, count: number, prefix: string): Promise<JobAccount[]> {
  const out: JobAccount[] = [];
  for (let i = 0; i < count; i++) {
    const provider = PROVIDER_IDS[i % PROVIDER_IDS.length];
    const credentials = credentialsFor(provider, i);
    await sim.addAccount(provider, credentials, { current: i % 40, limit: provider === 'ultravox' && i % 8 === 3 ? null : 50 });
    out.push({ id: `${prefix}-${i}`, provider, baseUrl: sim.baseUrls[provider], credentials });
  }
  return out;
}

function runChild(job: Record<string, unknown>): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`core bench child (${String(job.mode)}) exited ${code}: ${out}`))));
  });
}

/** One account's year at 30 s polling, rolled up and pruned as the store does it, then copied for every account. */
async function yearOfHistory(dataDir: string, ids: string[]): Promise<void> {
  const seed = tempDir('headroom-core-bench-seed-');
  const end = Date.now() - (Date.now() % HOUR);
  const clock = { t: end - 365 * DAY };
  const store = await openHistory({ dataDir: seed, now: () => clock.t });
  for (let t = clock.t; t < end; t += 30_000) {
    clock.t = t;
    store.append({ accountId: 'seed', sampledAt: t, current: Math.round(25 + 20 * Math.sin(t / 7_200_000)), limit: 50 });
    if (t % HOUR === 0) store.maintain();
  }
  store.maintain();
  await store.close();
  // Account ids like "big-12" are their own folder names (see accountDirName in history/store.ts).
  const target = await openHistory({ dataDir });
  await target.close();
  for (const id of ids) cpSync(join(seed, 'history', 'seed'), join(dataDir, 'history', id), { recursive: true });
  rmSync(seed, { recursive: true, force: true });
}

export async function run(): Promise<Record<string, number>> {
  const sim = await startSimulatorProcess(0);
  const dirs: string[] = [];
  const dir = (name: string) => {
    const d = tempDir(`headroom-core-bench-${name}-`);
    dirs.push(d);
    return d;
  };
  try {
    const fifty = await accountsOn(sim, 50, 'cpu');
    const twoHundred = await accountsOn(sim, 200, 'big');
    const cpu = await runChild({ mode: 'cpu', dataDir: dir('cpu'), accounts: fifty, seconds: Number(process.env.BENCH_CORE_SECONDS ?? 180) });
    const rss = await runChild({ mode: 'rss', dataDir: dir('rss'), accounts: twoHundred, pollsPerAccount: 20, pollIntervalMs: 250 });
    const startDir = dir('start');
    await runChild({ mode: 'start', dataDir: startDir, accounts: twoHundred }); // writes the config, takes the lock once
    await yearOfHistory(startDir, twoHundred.map((a) => a.id));
    const start = await runChild({ mode: 'start', dataDir: startDir, accounts: twoHundred, configured: true });
    return {
      core_cpu_pct_50: cpu.pct,
      core_cpu_us_per_poll_50: cpu.cpuUsPerPoll,
      core_rss_mb_200: rss.rssMb,
      core_start_ms_200: start.ms,
    };
  } finally {
    await sim.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
