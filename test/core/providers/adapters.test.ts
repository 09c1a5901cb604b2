import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProviderError } from '../../../main/model/errors.ts';
import { getProvider, providerInfos, validateFields } from '../../../main/core/providers/registry.ts';
import { parseServerTime } from '../../../main/core/providers/puretalk.ts';
import type { ProviderId } from '../../../main/model/provider.ts';
import { useSimulator } from '../../helpers/simulator.ts';

const box = useSimulator();
const NOW = 1_750_000_000_000;
const now = () => NOW;

async function fetchShape(provider: ProviderId, creds: Record<string, string>, body: unknown) {
  const key = box.sim.addAccount(provider, creds, { current: 0, limit: 1 });
  box.sim.fail(key, { kind: 'shape', body });
  return getProvider(provider).fetch(creds, { baseUrl: box.sim.baseUrls[provider], accountLabel: 'prod', now });
}

async function rejects(p: Promise<unknown>, kind: string, re?: RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ProviderError, `expected ProviderError, got ${e}`);
    assert.equal(e.kind, kind, e.message);
    if (re) assert.match(e.message, re);
    return true;
  });
}

describe('Retell', () => {
  test('the seed example response', async () => {
    const s = await fetchShape('retell', { apiKey: 'key_seed' }, { current_concurrency: 10, concurrency_limit: 100, base_concurrency: 20, purchased_concurrency: 80, concurrency_purchase_limit: 100, remaining_purchase_limit: 20, concurrency_burst_enabled: true, concurrency_burst_limit: 60 });
    assert.deepEqual(s, { current: 10, limit: 100, utilization: 0.1, sampledAt: NOW, extras: { provider: 'retell', base: 20, purchased: 80, purchaseLimit: 100, remainingPurchase: 20, burstEnabled: true, burstLimit: 60, inBurst: false } });
  });
  test('missing optional fields, unknown extras, reserved inbound, in burst above 100%', async () => {
    const s = await fetchShape('retell', { apiKey: 'key_burst' }, { current_concurrency: 130, concurrency_limit: 100, reserved_inbound_concurrency: 5, brand_new_field: { x: 1 } });
    assert.equal(s.utilization, 1.3);
    assert.deepEqual(s.extras, { provider: 'retell', reservedInbound: 5, inBurst: true });
    assert.ok(getProvider('retell').describe(s).some((r) => r.label === 'In burst'));
  });
  test('wrong key is auth with the API message and no secret', async () => {
    await rejects(getProvider('retell').fetch({ apiKey: 'key_wrong_secret_value' }, { baseUrl: box.sim.baseUrls.retell, accountLabel: 'prod' }), 'auth', /^Retell AI 'prod': credentials rejected \(HTTP 401\): API key is missing or invalid\.$/);
  });
});

describe('Vobiz', () => {
  const creds = { authId: 'MA_TEST1', authToken: 'tok_vobiz' };
  test('current shape via the simulator with CPS limit from auth/me', async () => {
    box.sim.addAccount('vobiz', creds, { current: 23, limit: 46, cps_limit: 12 });
    const s = await getProvider('vobiz').fetch(creds, { baseUrl: box.sim.baseUrls.vobiz, now });
    assert.equal(s.current, 23);
    assert.equal(s.limit, 46);
    assert.equal(s.utilization, 0.5);
    assert.deepEqual(s.extras, { provider: 'vobiz', accountId: 'MA_TEST1', serverUtilizationPct: 50, cpsLimit: 12 });
  });
  test('legacy shape (auth_id, float pct, timestamp) and sub-account 403 on auth/me', async () => {
    const sub = { authId: 'SA_SUB9', authToken: 'tok_sub' };
    const key = box.sim.addAccount('vobiz', sub, { current: 1, limit: 20 });
    box.sim.setVobizShape(key, 'legacy');
    const s = await getProvider('vobiz').fetch(sub, { baseUrl: box.sim.baseUrls.vobiz });
    assert.deepEqual(s.extras, { provider: 'vobiz', accountId: 'SA_SUB9', serverUtilizationPct: 5 });
  });
  test('the seed example response', async () => {
    const s = await fetchShape('vobiz', { authId: 'MA_XXXXXXXX', authToken: 't_seed' }, { account_id: 'MA_XXXXXXXX', concurrent_calls: 0, max_concurrent: 46, utilization_pct: 0, request_id: 'aabbccdd1234567890abcdef12345678' });
    assert.equal(s.utilization, 0);
    assert.equal(s.limit, 46);
  });
  test('both error body shapes give auth', async () => {
    await rejects(getProvider('vobiz').fetch({ authId: 'MA_NOPE', authToken: 'x' }, { baseUrl: box.sim.baseUrls.vobiz }), 'auth', /invalid credentials/);
  });
});

describe('Puretalk', () => {
  test('the seed example keeps the server time without guessing a zone', async () => {
    const s = await fetchShape('puretalk', { apiKey: 'pt_seed' }, { msg: 'Success', err: false, results: { concurrency_limit: 20, concurrency_count: 11, timestamp: '2025-05-02T02:36:10.686259' } });
    assert.equal(s.utilization, 0.55);
    assert.deepEqual(s.extras, { provider: 'puretalk', serverTime: '2025-05-02 02:36:10 (no time zone given)' });
  });
  test('err: true with HTTP 200 is an error', async () => {
    await rejects(fetchShape('puretalk', { apiKey: 'pt_err' }, { msg: 'Something failed', err: true }), 'bad-response', /reported an error: Something failed/);
    await rejects(fetchShape('puretalk', { apiKey: 'pt_err2' }, { msg: 'Invalid API key', err: true }), 'auth');
  });
  test('server time parsing', () => {
    assert.equal(parseServerTime('2025-13-02T02:36:10'), undefined);
    assert.equal(parseServerTime(42), undefined);
    assert.equal(parseServerTime('2025-05-02T02:36:10Z'), '2025-05-02 02:36:10 Z');
  });
});

describe('Ultravox', () => {
  test('live numbers and null cap', async () => {
    const s = await fetchShape('ultravox', { apiKey: 'uv_nocap' }, { activeCalls: 7, allowedConcurrentCalls: null, name: 'x' });
    assert.deepEqual(s, { current: 7, limit: null, utilization: null, sampledAt: NOW, extras: { provider: 'ultravox', noCap: true } });
    assert.deepEqual(getProvider('ultravox').describe(s), [], 'the cap is the limit, shown as such: no detail row repeats it');
  });
  test('history for backfill', async () => {
    const creds = { apiKey: 'uv_hist' };
    const key = box.sim.addAccount('ultravox', creds, { current: 1, limit: 10 });
    const t0 = Date.UTC(2026, 0, 1);
    box.sim.setHistory(key, [{ at: t0, max: 4, avg: 2 }, { at: t0 + 60_000, max: 6, avg: 3 }, { at: t0 + 400_000, max: 1, avg: 1 }]);
    const points = await getProvider('ultravox').history!(creds, { baseUrl: box.sim.baseUrls.ultravox, bucket: '5min', start: t0, end: t0 + 3_600_000 });
    assert.deepEqual(points, [{ at: t0, max: 6, avg: 2.5 }, { at: t0 + 300_000, max: 1, avg: 1 }]);
  });
  test('wrong key', async () => {
    await rejects(getProvider('ultravox').fetch({ apiKey: 'nope' }, { baseUrl: box.sim.baseUrls.ultravox }), 'auth', /Invalid API key/);
  });
});

describe('failures every provider turns into one of the five kinds', () => {
  const cases: Array<[string, Parameters<typeof box.sim.fail>[1], string]> = [
    ['401', { kind: 'status', status: 401 }, 'auth'],
    ['403', { kind: 'status', status: 403 }, 'auth'],
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '7' }, 'rate-limited'],
    ['500', { kind: 'status', status: 500 }, 'server'],
    ['503', { kind: 'status', status: 503 }, 'server'],
    ['404', { kind: 'status', status: 404 }, 'bad-response'],
    ['non-JSON', { kind: 'non-json' }, 'bad-response'],
    ['HTML error page with 502', { kind: 'html' }, 'server'],
    ['HTML page with 404', { kind: 'html', status: 404 }, 'bad-response'],
    ['reset', { kind: 'reset' }, 'network'],
    ['negative count', { kind: 'shape', body: { current_concurrency: -1, concurrency_limit: 5, concurrent_calls: -1, max_concurrent: 5, activeCalls: -1, allowedConcurrentCalls: 5, err: false, results: { concurrency_count: -1, concurrency_limit: 5 } } }, 'bad-response'],
    ['fractional count', { kind: 'shape', body: { current_concurrency: 1.5, concurrency_limit: 5, concurrent_calls: 1.5, max_concurrent: 5, account_id: 'MA_X', activeCalls: 1.5, allowedConcurrentCalls: 5, err: false, results: { concurrency_count: 1.5, concurrency_limit: 5 } } }, 'bad-response'],
    ['string count', { kind: 'shape', body: { current_concurrency: '3', concurrency_limit: 5, concurrent_calls: '3', max_concurrent: 5, account_id: 'MA_X', activeCalls: '3', allowedConcurrentCalls: 5, err: false, results: { concurrency_count: '3', concurrency_limit: 5 } } }, 'bad-response'],
    ['missing count', { kind: 'shape', body: { account_id: 'MA_X', err: false, results: {} } }, 'bad-response'],
    ['array body', { kind: 'shape', body: [1, 2] }, 'bad-response'],
  ];
  const creds: Record<ProviderId, Record<string, string>> = { retell: { apiKey: 'k_f' }, vobiz: { authId: 'MA_FAIL', authToken: 't_f' }, puretalk: { apiKey: 'p_f' }, ultravox: { apiKey: 'u_f' } };
  for (const provider of ['retell', 'vobiz', 'puretalk', 'ultravox'] as ProviderId[]) {
    test(provider, async () => {
      const key = box.sim.addAccount(provider, creds[provider], { current: 1, limit: 5 });
      for (const [name, failure, kind] of cases) {
        box.sim.fail(key, failure);
        await rejects(getProvider(provider).fetch(creds[provider], { baseUrl: box.sim.baseUrls[provider], accountLabel: name }), kind);
      }
      box.sim.fail(key, { kind: 'status', status: 429, retryAfter: '7' });
      const err = await getProvider(provider).fetch(creds[provider], { baseUrl: box.sim.baseUrls[provider] }).catch((e) => e);
      assert.equal(err.details.retryAfterMs, 7000);
      box.sim.fail(key, { kind: 'hang' });
      await rejects(getProvider(provider).fetch(creds[provider], { baseUrl: box.sim.baseUrls[provider], timeoutMs: 150 }), 'network', /no answer within/);
    });
  }
});

describe('registry', () => {
  test('provider infos and field validation', () => {
    assert.deepEqual(providerInfos().map((p) => p.id), ['retell', 'vobiz', 'puretalk', 'ultravox']);
    assert.equal(providerInfos().find((p) => p.id === 'ultravox')?.hasHistory, true);
    assert.deepEqual(validateFields('vobiz', { authId: 'MA_abc', authToken: 't' }, { requireSecrets: true }), {});
    assert.deepEqual(Object.keys(validateFields('vobiz', { authId: 'XX_1' }, { requireSecrets: true })).sort(), ['authId', 'authToken']);
    assert.deepEqual(validateFields('vobiz', { authId: 'SA_1' }, { requireSecrets: false }), {});
    assert.match(validateFields('retell', { apiKey: 'k', bogus: 'x' }, { requireSecrets: true }).bogus, /unknown field/);
  });
});

describe('edge cases seen in the audit', () => {
  const creds: Record<ProviderId, Record<string, string>> = { retell: { apiKey: 'edge_r_key' }, vobiz: { authId: 'MA_EDGE', authToken: 'edge_v_tok' }, puretalk: { apiKey: 'edge_p_key' }, ultravox: { apiKey: 'edge_u_key' } };
  const keys = {} as Record<ProviderId, string>;
  const fetchEdge = (provider: ProviderId, base = box.sim.baseUrls[provider]) => getProvider(provider).fetch(creds[provider], { baseUrl: base, accountLabel: 'edge', now });

  test('a limit of 0: utilization null (never Infinity, NaN or current), for every provider', async () => {
    for (const provider of ['retell', 'vobiz', 'puretalk', 'ultravox'] as ProviderId[]) {
      keys[provider] = box.sim.addAccount(provider, creds[provider], { current: 3, limit: 0 });
      const s = await fetchEdge(provider);
      assert.deepEqual([s.current, s.limit, s.utilization], [3, 0, null], provider);
      if (s.extras.provider === 'retell') assert.equal(s.extras.inBurst, false, 'no calls possible is not burst');
    }
  });

  test('an HTML error page with a 5xx is a server error for every provider (retried, exit 4), with no page text', async () => {
    for (const provider of ['retell', 'vobiz', 'puretalk', 'ultravox'] as ProviderId[]) {
      for (const status of [500, 502, 503, 504]) {
        box.sim.fail(keys[provider], { kind: 'html', status });
        await rejects(fetchEdge(provider), 'server', new RegExp(`'edge': provider error \\(HTTP ${status}\\): got an HTML error page$`));
      }
      box.sim.fail(keys[provider], null);
    }
  });

  test('a malformed Location is a bad response naming the account, for every provider', async () => {
    for (const provider of ['retell', 'vobiz', 'puretalk', 'ultravox'] as ProviderId[]) {
      box.sim.fail(keys[provider], { kind: 'status', status: 307, body: '', headers: { Location: 'http://[::1' } });
      await rejects(fetchEdge(provider), 'bad-response', new RegExp(`^${getProvider(provider).displayName} 'edge': redirect \\(HTTP 307\\) to a malformed address$`));
      box.sim.fail(keys[provider], null);
    }
  });

  test('Vobiz: any failure of the optional auth/me call only drops the CPS limit', async () => {
    const c = { authId: 'MA_CPSFAIL', authToken: 'edge_cps_tok' };
    const key = box.sim.addAccount('vobiz', c, { current: 2, limit: 10, cps_limit: 7 });
    const failures: Array<Parameters<typeof box.sim.fail>[1]> = [
      { kind: 'status', status: 302, body: '', headers: { Location: 'https://exa mple.com/' } },
      { kind: 'status', status: 302, body: '', headers: { Location: 'https://elsewhere.example/' } },
      { kind: 'html', status: 502 },
      { kind: 'non-json' },
      { kind: 'reset' },
      { kind: 'status', status: 401 },
    ];
    for (const [i, f] of failures.entries()) {
      box.sim.failAuthMe(key, f);
      // A clock past the CPS cache each time, so every call really asks auth/me.
      const s = await getProvider('vobiz').fetch(c, { baseUrl: box.sim.baseUrls.vobiz, now: () => NOW + (i + 1) * 3_600_000 });
      assert.deepEqual([s.current, s.limit, s.extras.provider === 'vobiz' && s.extras.cpsLimit], [2, 10, undefined], JSON.stringify(f));
    }
    box.sim.failAuthMe(key, null);
    const s = await getProvider('vobiz').fetch(c, { baseUrl: box.sim.baseUrls.vobiz, now: () => NOW + 100 * 3_600_000 });
    assert.equal(s.extras.provider === 'vobiz' && s.extras.cpsLimit, 7, 'and comes back when auth/me answers');
  });

  test('Puretalk: 404 on the concurrency path says the base URL probably lacks /api; with /api it does not guess', async () => {
    const root = box.sim.baseUrls.puretalk.replace(/\/api$/, '');
    await rejects(fetchEdge('puretalk', root), 'bad-response', new RegExp(`^Puretalk AI 'edge': not found \\(HTTP 404\\): the base URL probably lacks /api \\(try ${root.replace(/[.]/g, '\\.')}/api\\)$`));
    await rejects(fetchEdge('puretalk', `${root}/`), 'bad-response', /probably lacks \/api/);
    box.sim.fail(keys.puretalk, { kind: 'status', status: 404 });
    await rejects(fetchEdge('puretalk'), 'bad-response', /^Puretalk AI 'edge': unexpected HTTP 404: HTTP 404$/);
    box.sim.fail(keys.puretalk, null);
  });

  test('provider text in errors and ids is cleaned: no control, escape or bidi characters, secrets scrubbed', async () => {
    const nasty = (secret: string) => `\u001b[31mNope\u001b[0m \u202ekey ${secret.toUpperCase()}\u202c \u0007${Buffer.from(secret).toString('base64')}\r\nbye`;
    const bodies: Record<ProviderId, (s: string) => unknown> = {
      retell: (s) => ({ status: 'error', message: nasty(s) }),
      vobiz: (s) => ({ status: 'error', error: { code: 'x', message: nasty(s), details: {} } }),
      puretalk: (s) => ({ err: true, msg: nasty(s) }),
      ultravox: (s) => ({ detail: nasty(s) }),
    };
    for (const provider of ['retell', 'vobiz', 'puretalk', 'ultravox'] as ProviderId[]) {
      const secret = Object.values(creds[provider]).at(-1)!;
      box.sim.fail(keys[provider], { kind: 'status', status: 500, body: JSON.stringify(bodies[provider](secret)) });
      await rejects(fetchEdge(provider), 'server', /: provider error \(HTTP 500\): \[31mNope\[0m key … bye$/);
      box.sim.fail(keys[provider], null);
    }
    const c = { authId: 'MA_IDCLEAN', authToken: 'edge_id_tok' };
    const key = box.sim.addAccount('vobiz', c, { current: 1, limit: 2 });
    box.sim.fail(key, { kind: 'shape', body: { account_id: '\u202eMA_\u001b[1mIDCLEAN edge_id_tok\u2066', concurrent_calls: 1, max_concurrent: 2 } });
    const s = await getProvider('vobiz').fetch(c, { baseUrl: box.sim.baseUrls.vobiz });
    assert.equal(s.extras.provider === 'vobiz' && s.extras.accountId, 'MA_[1mIDCLEAN …');
    box.sim.fail(key, { kind: 'shape', body: { account_id: '\u202e\u0000', concurrent_calls: 1, max_concurrent: 2 } });
    await rejects(getProvider('vobiz').fetch(c, { baseUrl: box.sim.baseUrls.vobiz }), 'bad-response', /missing account_id/);
  });
});
