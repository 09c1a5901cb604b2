/**
 * Accounts in the states the window must show, on the real core and the provider simulator (not
 * demo mode), for the browser tests and the screenshots:
 *
 * - live (normal), in burst (Retell above its limit), no cap (Ultravox), limit 0;
 * - stale: polled 6 minutes ago, and its next poll has not come back (its keychain read waits, as
 *   when a keyring asks to be unlocked): "stale since …, last data 6 min ago";
 * - failing with old numbers: the provider answers 503 since 6 minutes;
 * - disabled (its last numbers 6 minutes old), needs credentials (the keychain entry vanished);
 * - waiting: the first poll has not come back (no history at all); new: one sample so far.
 *
 * "6 minutes ago" is real: the core's clock runs 6 minutes behind while the accounts are first
 * polled, then catches up (as after a sleep), so the window's own clock sees the old readings as old.
 * The Ultravox accounts (stale, failing, no cap) get three weeks of history by the backfill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountInput } from '../../main/model/account.ts';
import type { AppState } from '../../main/model/state.ts';
import { MemoryKeychain, type Keychain } from '../../main/core/secrets/keychain.ts';
import { demoLoad, demoPoints } from '../../main/core/simulator/demo.ts';
import { startProviderSimulator, type Numbers, type ProviderSimulator } from '../../main/core/simulator/server.ts';
import { startHarness, type Harness } from './server.ts';

export const STATES = ['live', 'burst', 'nocap', 'limit0', 'stale', 'failing', 'disabled', 'credentials', 'waiting', 'fresh'] as const;
export type StateName = (typeof STATES)[number];

/** How old the last readings of the stale, failing and disabled accounts are. */
export const OLD_MS = 6 * 60_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * A keychain where the next read of a held account waits until released: the poll that makes it
 * does not come back. Only that one read waits (listing the accounts reads the keychain too).
 */
class HoldingKeychain implements Keychain {
  private readonly inner = new MemoryKeychain();
  private readonly held = new Map<string, () => void>();
  private waiting: Array<() => void> = [];

  /** Resolves once the held read has begun. */
  hold(account: string): Promise<void> {
    return new Promise((resolve) => this.held.set(account, resolve));
  }

  releaseAll(): void {
    this.held.clear();
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((go) => go());
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    const began = this.held.get(account);
    if (began) {
      this.held.delete(account);
      began();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    return this.inner.getPassword(service, account);
  }

  setPassword(service: string, account: string, password: string): Promise<void> {
    return this.inner.setPassword(service, account, password);
  }

  deletePassword(service: string, account: string): Promise<boolean> {
    return this.inner.deletePassword(service, account);
  }
}

interface Spec {
  state: StateName;
  input: Omit<AccountInput, 'baseUrl'>;
  numbers: Numbers;
  /** Ultravox: three weeks of history around this share of the limit (or of 60 calls without one). */
  history?: number;
}

const SPECS: Spec[] = [
  { state: 'live', input: { provider: 'vobiz', label: 'Live', fields: { authId: 'MA_STATES01', authToken: 'tok_live' } }, numbers: { current: 12, limit: 20 } },
  { state: 'burst', input: { provider: 'retell', label: 'In burst', fields: { apiKey: 'key_burst' } }, numbers: { current: 24, limit: 20, base_concurrency: 20, concurrency_burst_enabled: true } },
  { state: 'nocap', input: { provider: 'ultravox', label: 'No cap', fields: { apiKey: 'uv_nocap' } }, numbers: { current: 41, limit: null }, history: 0.6 },
  { state: 'limit0', input: { provider: 'puretalk', label: 'Limit zero', fields: { apiKey: 'pt_zero' } }, numbers: { current: 0, limit: 0 } },
  { state: 'stale', input: { provider: 'ultravox', label: 'Stale', fields: { apiKey: 'uv_stale' } }, numbers: { current: 17, limit: 20 }, history: 0.6 },
  { state: 'failing', input: { provider: 'ultravox', label: 'Failing', fields: { apiKey: 'uv_failing' } }, numbers: { current: 19, limit: 20 }, history: 0.7 },
  { state: 'disabled', input: { provider: 'puretalk', label: 'Disabled', fields: { apiKey: 'pt_disabled' } }, numbers: { current: 5, limit: 20 } },
  { state: 'credentials', input: { provider: 'retell', label: 'Needs credentials', fields: { apiKey: 'key_creds' } }, numbers: { current: 4, limit: 20 } },
];

export interface StatesHarness {
  harness: Harness;
  sim: ProviderSimulator;
  /** Account id by state. */
  ids: Record<StateName, string>;
  /** Simulator key by state (waiting and fresh included). */
  keys: Record<StateName, string>;
  close(): Promise<void>;
}

/** Resolves once the state satisfies the predicate (a last-resort deadline guards a broken setup). */
function stateWhere(harness: Harness, predicate: (s: AppState) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate(harness.core.state())) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`account states: ${what} not reached: ${JSON.stringify(harness.core.state().accounts.map((a) => [a.label, a.status]))}`));
    }, 120_000);
    const off = harness.core.on('state', (s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

export async function startStatesHarness(): Promise<StatesHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'headroom-states-'));
  const sim = await startProviderSimulator();
  const keychain = new HoldingKeychain();
  let lag = OLD_MS;
  const harness = await startHarness({ dataDir, demo: false, core: { keychain, now: () => Date.now() - lag, notifier: { notify: async () => undefined } } });
  const ids = {} as Record<StateName, string>;
  const keys = {} as Record<StateName, string>;
  const add = async (state: StateName, input: Omit<AccountInput, 'baseUrl'>, numbers: Numbers, extra: Partial<AccountInput> = {}) => {
    keys[state] = sim.addAccount(input.provider, input.fields, numbers);
    ids[state] = (await harness.core.api.addAccount({ ...input, ...extra, baseUrl: sim.baseUrls[input.provider] })).id;
  };

  // Everyone polled (and backfilled) while the core's clock is 6 minutes behind.
  const now = Date.now();
  for (const spec of SPECS) {
    await add(spec.state, spec.input, spec.numbers);
    if (spec.history !== undefined) {
      const cap = spec.numbers.limit ?? 60;
      // A working day's rise and fall (a daily sine), never above the cap.
      const load = (t: number) => Math.min(cap, demoLoad({ limit: cap, mean: spec.history!, swing: 0.3, periodMin: 24 * 60 }, t));
      sim.setHistory(keys[spec.state], demoPoints(load, now - 21 * DAY, now - HOUR, HOUR));
    }
  }
  await stateWhere(harness, (s) => SPECS.every((spec) => s.accounts.find((a) => a.id === ids[spec.state])?.status === 'ok'), 'every account polled');
  for (const spec of SPECS.filter((x) => x.history !== undefined)) {
    for (let i = 0; i < 600 && (await harness.core.api.getHistory(ids[spec.state], '7d')).points.length < 48; i++) await new Promise((r) => setTimeout(r, 50));
  }

  // Then the states, and the clock catches up: the old readings are 6 minutes old.
  const staleHeld = keychain.hold(ids.stale);
  sim.fail(keys.failing, { kind: 'status', status: 503 });
  await harness.core.api.setEnabled(ids.disabled, false);
  await keychain.deletePassword('Headroom', ids.credentials);
  lag = 0;
  harness.core.onSystemWake(); // as after a sleep: every account is polled again soon (the stale one's poll waits)
  for (const state of ['live', 'burst', 'nocap', 'limit0', 'failing', 'credentials'] as const) await harness.core.api.refreshNow(ids[state]);

  // Added now: one whose first poll has not come back, and one with a single sample (polled hourly).
  await add('waiting', { provider: 'retell', label: 'Waiting', fields: { apiKey: 'key_waiting' } }, { current: 3, limit: 20 });
  const waitingHeld = keychain.hold(ids.waiting);
  await add('fresh', { provider: 'puretalk', label: 'Brand new', fields: { apiKey: 'pt_fresh' } }, { current: 2, limit: 10 }, { pollIntervalSec: 3600 });

  const expected: Partial<Record<StateName, string>> = { live: 'ok', burst: 'ok', nocap: 'ok', limit0: 'ok', stale: 'stale', failing: 'error', disabled: 'disabled', credentials: 'needs-credentials', waiting: 'pending', fresh: 'ok' };
  await Promise.all([staleHeld, waitingHeld]); // their polls are under way and will not come back
  await stateWhere(harness, (s) => Object.entries(expected).every(([state, status]) => s.accounts.find((a) => a.id === ids[state as StateName])?.status === status), 'every state');

  return {
    harness,
    sim,
    ids,
    keys,
    async close() {
      keychain.releaseAll(); // a poll waiting on the keychain would keep the core from stopping
      await harness.close();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
