/**
 * The whole core as the app hosts it (config on disk, keychain stand-in, poller, history, alerts,
 * state events), each figure in a child process of its own, against the provider simulator in
 * another process so its cost is not counted. The children run with the V8 flags `headroom watch`
 * and `serve` run with (main/cli/runtime-tuning.ts); each `_full_jit` figure is the same child with
 * every V8 compiler tier, as Electron's main process runs the core. The paced children run side by
 * side (they mostly wait), so the whole takes about 10 minutes.
 *   core_cpu_pct_50         CPU share of one core, 50 accounts at the default 30 s interval, over
 *                           BENCH_CORE_SECONDS (default 180) of steady polling (goal: at most 0.2),
 *                           after BENCH_CORE_WARMUP_SECONDS (default 60). With every tier, V8 keeps
 *                           compiling the rarely run poll path for many minutes, so a later window
 *                           (600) comes closer to what such a process left running all day costs
 *   core_cpu_us_per_poll_50 the same CPU per poll
 *   floor_cpu_pct_50        the same 50 accounts' provider calls at the same rate, made the same way
 *   floor_cpu_us_per_poll_50  (together each interval), with no core (and its CPU per call): what
 *                           the I/O alone costs on this machine, beside which the core's figures are read
 *   core_rss_mb_200         RSS after 10 minutes of polls of 200 accounts at the default 30 s
 *                           interval, in real time (goal: at most 80). Compressing time misleads
 *                           here: V8 sizes its young generation by the allocation rate, so the same
 *                           polls at 800 a second leave a far larger heap than at 7 a second.
 *   core_rss_anon_mb_200    of that, what the process allocated; the rest is the Node binary and
 *                           libraries mapped from disk (shared, clean pages)
 *   core_heap_used_mb_200   the live heap at that moment, after a full GC
 *   core_rss_mb_200_compressed  the same 4,000 polls with the interval shortened to 250 ms (800
 *                           polls a second): the heap V8 keeps for a far heavier load
 *   baseline_rss_mb         the same process with the core's code loaded but no core (and its
 *   baseline_rss_anon_mb      anonymous part)
 *   core_start_ms_200       createCore to the first state with 200 accounts, each with a year of
 *                           history on disk (goal: at most 500)
 * BENCH_CORE_ONLY=cpu,floor,rss,start runs only those: cpu and floor take 4 minutes, rss 10.
 */
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LONG_LIVED_NODE_FLAGS } from '../../main/cli/runtime-tuning.ts';
import { openHistory } from '../../main/core/history/store.ts';
import { PROVIDER_IDS } from '../../main/core/providers/registry.ts';
import type { ProviderId } from '../../main/model/provider.ts';
import { assertAsciiBundle, nodeBundleOptions } from '../../scripts/node-bundle.mjs';
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

/**
 * The child bundled the way the app and the CLI are (esbuild, plain node): run through tsx, its
 * loader alone (an esbuild service pinged every second) cost more CPU than an idle core.
 */
async function bundleChild(dir: string): Promise<string> {
  const outfile = join(dir, 'core-child.cjs');
  await build({ ...nodeBundleOptions, entryPoints: [CHILD], outfile, logLevel: 'warning' });
  assertAsciiBundle(outfile);
  return outfile;
}

let childScript = '';
/** Every V8 compiler tier, as Electron's main process (and any host without the flags) runs the core. */
const FULL_JIT: readonly string[] = [];

/** By default the child runs with the V8 flags `headroom watch` and `serve` run with. */
function runChild(job: Record<string, unknown>, nodeFlags = LONG_LIVED_NODE_FLAGS): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, childScript, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
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
    childScript = await bundleChild(dir('bundle'));
    const fifty = await accountsOn(sim, 50, 'cpu');
    const twoHundred = await accountsOn(sim, 200, 'big');
    const seconds = Number(process.env.BENCH_CORE_SECONDS ?? 180);
    const warmupSeconds = Number(process.env.BENCH_CORE_WARMUP_SECONDS ?? 60);
    const only = process.env.BENCH_CORE_ONLY?.split(',');
    const wanted = (name: string) => !only || only.includes(name);
    const figures: Record<string, number> = {};
    // The paced figures run side by side: each child mostly waits, and they take minutes each.
    const cpuJob = (name: string) => ({ mode: 'cpu', dataDir: dir(name), accounts: fifty, seconds, warmupSeconds });
    const paced = (name: string) => ({ mode: 'rss', dataDir: dir(name), accounts: twoHundred, pollsPerAccount: 20 });
    const cpuFigures = Promise.all([
      wanted('cpu') && runChild(cpuJob('cpu')),
      wanted('cpu') && runChild(cpuJob('cpu-full-jit'), FULL_JIT),
      wanted('floor') && runChild({ ...cpuJob('floor'), mode: 'floor' }),
    ]);
    const rssFigures = Promise.all([wanted('rss') && runChild(paced('rss')), wanted('rss') && runChild(paced('rss-full-jit'), FULL_JIT)]);
    const [cpu, cpuFullJit, floor] = await cpuFigures;
    if (cpu && cpuFullJit) {
      Object.assign(figures, { core_cpu_pct_50: cpu.pct, core_cpu_us_per_poll_50: cpu.cpuUsPerPoll });
      Object.assign(figures, { core_cpu_pct_50_full_jit: cpuFullJit.pct, core_cpu_us_per_poll_50_full_jit: cpuFullJit.cpuUsPerPoll });
    }
    if (floor) Object.assign(figures, { floor_cpu_pct_50: floor.pct, floor_cpu_us_per_poll_50: floor.cpuUsPerPoll });
    // 800 polls a second would skew the CPU windows above, not the RSS of the paced children.
    const compressed = wanted('rss') && (await runChild({ ...paced('rss-compressed'), pollIntervalMs: 250 }));
    const bare = wanted('rss') && (await runChild({ mode: 'baseline', dataDir: dir('baseline'), accounts: [] }));
    const [rss, rssFullJit] = await rssFigures;
    if (rss && rssFullJit && compressed && bare) {
      Object.assign(figures, {
        core_rss_mb_200: rss.rssMb,
        core_rss_anon_mb_200: rss.anonMb,
        core_heap_used_mb_200: rss.heapUsedMb,
        core_rss_mb_200_full_jit: rssFullJit.rssMb,
        core_rss_anon_mb_200_full_jit: rssFullJit.anonMb,
        core_rss_mb_200_compressed: compressed.rssMb,
        baseline_rss_mb: bare.rssMb,
        baseline_rss_anon_mb: bare.anonMb,
      });
    }
    if (wanted('start')) {
      const startDir = dir('start');
      await runChild({ mode: 'start', dataDir: startDir, accounts: twoHundred }); // writes the config, takes the lock once
      await yearOfHistory(startDir, twoHundred.map((a) => a.id));
      const job = { mode: 'start', dataDir: startDir, accounts: twoHundred, configured: true };
      figures.core_start_ms_200 = (await runChild(job)).ms;
      figures.core_start_ms_200_full_jit = (await runChild(job, FULL_JIT)).ms;
    }
    return figures;
  } finally {
    await sim.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
