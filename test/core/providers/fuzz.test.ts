import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_KINDS, ProviderError } from '../../../main/model/errors.ts';
import { PROVIDER_IDS, getProvider } from '../../../main/core/providers/registry.ts';
import type { ProviderId, Snapshot } from '../../../main/model/provider.ts';
import { useSimulator } from '../../helpers/simulator.ts';

/** mulberry32: a small seeded PRNG, so a failure replays exactly. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS: Record<ProviderId, string[]> = {
  retell: ['current_concurrency', 'concurrency_limit', 'base_concurrency', 'concurrency_burst_enabled', 'concurrency_burst_limit', 'reserved_inbound_concurrency'],
  vobiz: ['account_id', 'auth_id', 'concurrent_calls', 'max_concurrent', 'utilization_pct'],
  puretalk: ['err', 'msg', 'results', 'concurrency_count', 'concurrency_limit', 'timestamp'],
  ultravox: ['activeCalls', 'allowedConcurrentCalls'],
};

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 14);
  switch (pick) {
    case 0: return Math.floor(r() * 200);
    case 1: return -Math.floor(r() * 50) - 1;
    case 2: return r() * 100;
    case 3: return null;
    case 4: return 'MA_' + Math.floor(r() * 1e6);
    case 5: return String(Math.floor(r() * 100));
    case 6: return r() < 0.5;
    case 7: return 1e300;
    case 8: return depth < 2 ? randomBody(r, depth + 1) : {};
    case 9: return [Math.floor(r() * 10)];
    case 10: return '2025-05-02T02:36:10.686259';
    case 11: return Number.MAX_SAFE_INTEGER;
    default: return Math.floor(r() * 30);
  }
}

function randomBody(r: () => number, depth = 0): Record<string, unknown> {
  const all = Object.values(FIELDS).flat();
  const body: Record<string, unknown> = {};
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) body[all[Math.floor(r() * all.length)]] = randomValue(r, depth);
  if (r() < 0.3) body.results = { concurrency_count: randomValue(r, 2), concurrency_limit: randomValue(r, 2), timestamp: randomValue(r, 2) };
  return body;
}

function assertValidSnapshot(s: Snapshot) {
  assert.ok(Number.isInteger(s.current) && s.current >= 0, `current ${s.current}`);
  assert.ok(s.limit === null || (Number.isInteger(s.limit) && s.limit >= 0), `limit ${s.limit}`);
  // No cap, or a limit of 0 (no calls possible): no fraction at all, never Infinity, NaN or current itself.
  if (s.limit === null || s.limit === 0) assert.equal(s.utilization, null);
  else assert.ok(Number.isFinite(s.utilization) && (s.utilization as number) >= 0, `utilization ${s.utilization}`);
  assert.ok(Number.isFinite(s.sampledAt));
}

function validBody(provider: ProviderId, r: () => number): Record<string, unknown> {
  const current = Math.floor(r() * 150);
  const limit = Math.floor(r() * 120);
  if (provider === 'retell') return { current_concurrency: current, concurrency_limit: limit, concurrency_burst_enabled: r() < 0.5, extra_field: 'x' };
  if (provider === 'vobiz') return { account_id: 'MA_1', concurrent_calls: current, max_concurrent: limit, utilization_pct: r() * 100, request_id: 'r' };
  if (provider === 'puretalk') return { msg: 'Success', err: false, results: { concurrency_count: current, concurrency_limit: limit, timestamp: '2025-05-02T02:36:10.686259' } };
  return { activeCalls: current, allowedConcurrentCalls: r() < 0.3 ? null : limit };
}

/** A valid body with one field replaced by a random value (or left intact). */
function mutated(provider: ProviderId, r: () => number): Record<string, unknown> {
  const body = validBody(provider, r);
  const target = provider === 'puretalk' && r() < 0.7 ? (body.results as Record<string, unknown>) : body;
  const keys = Object.keys(target);
  if (r() < 0.6) target[keys[Math.floor(r() * keys.length)]] = randomValue(r);
  return body;
}

const box = useSimulator();

test('thousands of random bodies and statuses end as a valid snapshot or one of the five errors', async () => {
  const r = prng(20261122);
  const creds: Record<ProviderId, Record<string, string>> = { retell: { apiKey: 'fz_r' }, vobiz: { authId: 'MA_FZ', authToken: 'fz_v' }, puretalk: { apiKey: 'fz_p' }, ultravox: { apiKey: 'fz_u' } };
  const keys = Object.fromEntries(PROVIDER_IDS.map((p) => [p, box.sim.addAccount(p, creds[p], { current: 0, limit: 1 })])) as Record<ProviderId, string>;
  const tally = { snapshot: 0, error: 0 };
  for (let i = 0; i < 2400; i++) {
    const provider = PROVIDER_IDS[i % 4];
    const roll = r();
    const statuses = [200, 201, 204, 301, 400, 401, 403, 404, 418, 429, 500, 502, 503];
    const status = statuses[Math.floor(r() * statuses.length)];
    const body = roll < 0.1 ? '{"truncated": ' : roll < 0.15 ? '<html>oops</html>' : JSON.stringify(roll < 0.2 ? [randomBody(r)] : roll < 0.6 ? mutated(provider, r) : randomBody(r));
    box.sim.fail(keys[provider], { kind: 'status', status: r() < 0.5 ? 200 : status, body });
    try {
      assertValidSnapshot(await getProvider(provider).fetch(creds[provider], { baseUrl: box.sim.baseUrls[provider] }));
      tally.snapshot++;
    } catch (e) {
      assert.ok(e instanceof ProviderError, `case ${i} (${provider}, ${status}, ${body}) threw ${e}`);
      assert.ok(ERROR_KINDS.includes(e.kind));
      assert.ok(!e.message.includes('fz_'), `secret in message: ${e.message}`);
      tally.error++;
    }
  }
  assert.ok(tally.snapshot > 200 && tally.error > 1000, JSON.stringify(tally));
});
