/**
 * provider_overhead_us.<provider>: client CPU microseconds one fetch costs Headroom against the
 * local mock (running in another process), and retell_sdk_overhead_us: the same for the official
 * retell-sdk client's concurrency.retrieve().
 */
import Retell from 'retell-sdk';
import { PROVIDER_IDS, getProvider } from '../../main/core/providers/registry.ts';
import type { ProviderId } from '../../main/model/provider.ts';
import { startSimulatorProcess } from '../helpers/simulator-process.ts';

const WARMUP = 500;
const ROUNDS = 9;
const RUNS_PER_ROUND = 300;

const CREDS: Record<ProviderId, Record<string, string>> = {
  retell: { apiKey: 'bench_retell' },
  vobiz: { authId: 'MA_BENCH', authToken: 'bench_vobiz' },
  puretalk: { apiKey: 'bench_puretalk' },
  ultravox: { apiKey: 'bench_ultravox' },
};

async function cpuUsPerCall(call: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < RUNS_PER_ROUND; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / RUNS_PER_ROUND;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)] * 10) / 10;
}

export async function run(): Promise<Record<string, number>> {
  const sim = await startSimulatorProcess();
  try {
    for (const p of PROVIDER_IDS) await sim.addAccount(p, CREDS[p], { current: 7, limit: 20 });
    const sdk = new Retell({ apiKey: CREDS.retell.apiKey, baseURL: sim.baseUrls.retell, maxRetries: 0 });
    const calls: Record<string, () => Promise<unknown>> = Object.fromEntries(
      PROVIDER_IDS.map((p) => [`provider_overhead_us.${p}`, () => getProvider(p).fetch(CREDS[p], { baseUrl: sim.baseUrls[p] })]),
    );
    calls.retell_sdk_overhead_us = () => sdk.concurrency.retrieve();
    // Warm every path first (JIT, connection pools), so the order of measuring doesn't matter.
    for (const call of Object.values(calls)) for (let i = 0; i < WARMUP; i++) await call();
    // Interleaved rounds and the median per call, so drift over the run hits every client alike.
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, call] of Object.entries(calls)) samples[name].push(await cpuUsPerCall(call));
    }
    return Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, median(xs)]));
  } finally {
    await sim.close();
  }
}
