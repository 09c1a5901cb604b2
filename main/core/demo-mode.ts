/**
 * Demo mode: the simulator's accounts saved into the demo data dir under stable ids, with secrets
 * in an in-memory keychain, and three weeks of history so charts and forecasts have something to
 * show at once (Ultravox accounts backfill theirs from the simulator's history API).
 */
import type { Account } from '../model/account.ts';
import type { ConfigStore } from './config/store.ts';
import type { HistoryStore } from './history/store.ts';
import type { SecretStore } from './secrets/secret-store.ts';
import { getProvider } from './providers/registry.ts';
import { DEMO_HISTORY_DAYS, demoAccounts, demoPoints, type DemoAccount } from './simulator/demo.ts';
import type { ProviderSimulator } from './simulator/server.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FIVE_MIN = 300_000;
/** The last week in 5-minute buckets (as the store keeps them), the two weeks before in hours (cheap to seed). */
const FIVE_MIN_SPAN_MS = 7 * DAY;
const RAW_STEP_MS = 30_000;
const RAW_SPAN_MS = 3_600_000;

function toAccount(demo: DemoAccount, existing: Account | undefined, nowIso: string): Account {
  const secretNames = new Set(getProvider(demo.input.provider).fields.filter((f) => f.secret).map((f) => f.name));
  const fields = Object.fromEntries(Object.entries(demo.input.fields).filter(([name]) => !secretNames.has(name)));
  return {
    id: demo.id,
    provider: demo.input.provider,
    label: demo.input.label,
    fields,
    baseUrl: demo.input.baseUrl,
    enabled: existing?.enabled ?? true,
    pollIntervalSec: 10,
    alerts: existing?.alerts,
    demo: true,
    createdAt: existing?.createdAt ?? nowIso,
    updatedAt: nowIso,
  };
}

function seedHistory(history: HistoryStore, demo: DemoAccount, now: number): void {
  if (history.lastSampleAt(demo.id) !== null || demo.input.provider === 'ultravox') return; // Ultravox backfills from its API
  const fiveMinFrom = Math.floor((now - FIVE_MIN_SPAN_MS) / HOUR) * HOUR;
  history.appendProvider(demo.id, demoPoints(demo.load, now - DEMO_HISTORY_DAYS * DAY, fiveMinFrom, HOUR), HOUR, demo.limit);
  history.appendProvider(demo.id, demoPoints(demo.load, fiveMinFrom, now - RAW_SPAN_MS, FIVE_MIN), FIVE_MIN, demo.limit);
  for (let t = now - RAW_SPAN_MS; t < now; t += RAW_STEP_MS) {
    history.append({ accountId: demo.id, sampledAt: t, current: demo.load(t), limit: demo.limit });
  }
}

/** Registers the demo accounts (ids stable across runs) and returns their ids. */
export async function installDemo(deps: { sim: ProviderSimulator; config: ConfigStore; secrets: SecretStore; history: HistoryStore; now: number }): Promise<string[]> {
  const nowIso = new Date(deps.now).toISOString();
  const existing = new Map(deps.config.accounts().map((a) => [a.id, a]));
  // A rising demo load keeps rising into the day the demo was first set up, not into each restart.
  const demos = demoAccounts(deps.sim, (id) => {
    const created = Date.parse(existing.get(id)?.createdAt ?? '');
    return Number.isFinite(created) ? created : deps.now;
  });
  for (const demo of demos) {
    const account = toAccount(demo, existing.get(demo.id), nowIso);
    const secrets = Object.fromEntries(Object.entries(demo.input.fields).filter(([name]) => !(name in account.fields)));
    await deps.secrets.set(demo.id, secrets);
    deps.config.saveAccount(account);
    seedHistory(deps.history, demo, deps.now);
  }
  return demos.map((d) => d.id);
}
