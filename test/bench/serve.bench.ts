/**
 * serve_scrape_ms_200: milliseconds for one GET /metrics (text format, over loopback HTTP) with 200
 * accounts, all polled once, served from a real core against the simulator in its own process;
 * the median of 30 scrapes after a warm-up. serve_scrape_openmetrics_ms_200: the same in OpenMetrics.
 * serve_scrape_kb_200: the size of that exposition.
 */
import { rmSync } from 'node:fs';
import { createCore } from '../../main/core/app-core.ts';
import { startMetricsServer } from '../../main/core/metrics/server.ts';
import { PROVIDER_IDS } from '../../main/core/providers/registry.ts';
import { MemoryKeychain } from '../../main/core/secrets/keychain.ts';
import { createSecretStore } from '../../main/core/secrets/secret-store.ts';
import type { Account } from '../../main/model/account.ts';
import type { Credentials, ProviderId } from '../../main/model/provider.ts';
import { tempDir } from '../helpers/core.ts';
import { startSimulatorProcess } from '../helpers/simulator-process.ts';

const ACCOUNTS = 200;
const SCRAPES = 30;

function credentialsFor(provider: ProviderId, i: number): Credentials {
  return provider === 'vobiz' ? { authId: `MA_S${i}`, authToken: `serve_bench_${i}` } : { apiKey: `serve_bench_${provider}_${i}` };
}

async function medianMs(url: string, accept: string): Promise<{ ms: number; bytes: number }> {
  const once = async () => {
    const started = performance.now();
    const body = await (await fetch(`${url}/metrics`, { headers: { Accept: accept } })).text();
    return { ms: performance.now() - started, bytes: Buffer.byteLength(body) };
  };
  for (let i = 0; i < 5; i++) await once(); // warm-up
  const runs: Array<{ ms: number; bytes: number }> = [];
  for (let i = 0; i < SCRAPES; i++) runs.push(await once());
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)];
}

export async function run(): Promise<Record<string, number>> {
  const sim = await startSimulatorProcess(0);
  const dir = tempDir('headroom-serve-bench-');
  const keychain = new MemoryKeychain();
  const secrets = createSecretStore(keychain);
  const accounts: Account[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const provider = PROVIDER_IDS[i % PROVIDER_IDS.length];
    const credentials = credentialsFor(provider, i);
    await sim.addAccount(provider, credentials, { current: i % 40, limit: provider === 'ultravox' && i % 8 === 3 ? null : 50 });
    const id = `serve-bench-${i}`;
    const { authId, ...secret } = credentials;
    await secrets.set(id, secret);
    accounts.push({ id, provider, label: `Account ${i}`, fields: authId ? { authId } : {}, baseUrl: sim.baseUrls[provider], enabled: true, createdAt: 't', updatedAt: 't' });
  }
  const core = await createCore({ dataDir: dir, keychain, fixedAccounts: { accounts, source: 'bench' } });
  const server = await startMetricsServer({ source: core, host: '127.0.0.1', port: 0, token: null });
  try {
    const allPolled = new Promise<void>((resolve) => {
      const check = () => core.state().accounts.filter((a) => a.status === 'ok').length === ACCOUNTS && resolve();
      core.on('state', check);
    });
    await core.start();
    await allPolled;
    const text = await medianMs(server.url, 'text/plain');
    const om = await medianMs(server.url, 'application/openmetrics-text; version=1.0.0');
    return {
      serve_scrape_ms_200: Math.round(text.ms * 100) / 100,
      serve_scrape_openmetrics_ms_200: Math.round(om.ms * 100) / 100,
      serve_scrape_kb_200: Math.round(text.bytes / 1024),
    };
  } finally {
    await server.close();
    await core.stop();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
