import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startMetricsServer, type MetricsServer } from '../../../main/core/metrics/server.ts';
import { ProviderError } from '../../../main/model/errors.ts';
import type { AppState, PollEvent } from '../../../main/model/state.ts';
import { accountState, appState, forecasts } from '../../helpers/state.ts';

const TOKEN = 'test-token-0123456789abcdef';

/** A core stand-in: a state and poll events, nothing else (a scrape has nothing else to call). */
function fakeSource(state: AppState) {
  const listeners = new Set<(e: PollEvent) => void>();
  return {
    state: () => state,
    onPoll: (l: (e: PollEvent) => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    emit: (e: PollEvent) => listeners.forEach((l) => l(e)),
    listeners,
    forecast: forecasts({ a1: { reason: 'rising', daysToLimit: 12, limit: 10, peakDaily: 9, trendPerWeek: 1 } }),
  };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so the Host header can be anything. */
function get(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (t: string) => (body += t));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const state = appState([
  accountState('a1', { label: 'prod', current: 9, limit: 10, lastSuccessAt: 5000 }),
  accountState('a2', { label: 'broken', status: 'error', errorKind: 'auth', message: "Ultravox 'broken': credentials rejected (HTTP 403): PROVIDER-TEXT" }),
]);

describe('metrics server, no token (loopback)', () => {
  const source = fakeSource(state);
  let server: MetricsServer;
  before(async () => {
    server = await startMetricsServer({ source, host: '127.0.0.1', port: 0, token: null, version: '9.9.9' });
  });
  after(() => server.close());

  test('/metrics in both formats from the source state; poll errors counted from its events', async () => {
    source.emit({ accountId: 'a2', at: 1, error: new ProviderError('auth', 'x') });
    const text = await get(server.url, '/metrics');
    assert.equal(text.status, 200);
    assert.equal(text.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    assert.match(text.body, /^headroom_utilization_ratio\{provider="ultravox",account="prod",account_id="a1"\} 0.9$/m);
    assert.match(text.body, /^headroom_account_up\{provider="ultravox",account="broken",account_id="a2"\} 0$/m);
    assert.match(text.body, /^headroom_poll_errors_total\{provider="ultravox",account="broken",account_id="a2",kind="auth"\} 1$/m);
    assert.match(text.body, /^headroom_build_info\{version="9.9.9"\} 1$/m);
    assert.match(text.body, /^headroom_days_to_limit\{provider="ultravox",account="prod",account_id="a1"\} 12$/m);
    assert.doesNotMatch(text.body, /^headroom_days_to_limit\{[^}]*account_id="a2"/m, 'no forecast, no series');
    const om = await get(server.url, '/metrics', { Accept: 'application/openmetrics-text; version=1.0.0' });
    assert.equal(om.headers['content-type'], 'application/openmetrics-text; version=1.0.0; charset=utf-8');
    assert.ok(om.body.endsWith('# EOF\n'));
  });

  test('/api/v1/state is the status report: Headroom words only, never provider text', async () => {
    const r = await get(server.url, '/api/v1/state');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const report = JSON.parse(r.body) as Array<Record<string, unknown>>;
    assert.deepEqual(
      report.map(({ forecast: _, ...rest }) => rest),
      [
        { account: 'prod', provider: 'ultravox', status: 'ok', current: 9, limit: 10, utilization: 0.9, level: 'high', freshness: 'live', message: null },
        { account: 'broken', provider: 'ultravox', status: 'error', current: null, limit: null, utilization: null, level: 'no-data', freshness: 'failing: credentials rejected', message: 'credentials rejected by the provider' },
      ],
    );
    assert.deepEqual(
      report.map((a) => (a.forecast as { daysToLimit: number | null }).daysToLimit),
      [12, null],
      'each account with its forecast, as status --json',
    );
    assert.doesNotMatch(r.body, /PROVIDER-TEXT/);
  });

  test('/healthz, HEAD, 404 and 405', async () => {
    assert.deepEqual([(await get(server.url, '/healthz')).status, (await get(server.url, '/healthz')).body], [200, 'ok\n']);
    const head = await get(server.url, '/metrics', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal((await get(server.url, '/nope')).status, 404);
    assert.equal((await get(server.url, '/api/v2/other')).status, 404);
    const post = await get(server.url, '/metrics', {}, 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  test('a request naming another host (DNS rebinding) is refused without a token', async () => {
    assert.equal((await get(server.url, '/metrics', { Host: 'evil.example' })).status, 403);
    assert.equal((await get(server.url, '/api/v1/state', { Host: 'evil.example:80' })).status, 403);
    assert.equal((await get(server.url, '/healthz', { Host: 'evil.example' })).status, 200);
  });
});

describe('metrics server with a token', () => {
  const source = fakeSource(state);
  let server: MetricsServer;
  before(async () => {
    server = await startMetricsServer({ source, host: '127.0.0.1', port: 0, token: TOKEN });
  });
  after(() => server.close());

  test('/metrics and /api/* need the bearer token; /healthz stays open', async () => {
    for (const path of ['/metrics', '/api/v1/state', '/api/anything']) {
      const none = await get(server.url, path);
      assert.equal(none.status, 401, path);
      assert.equal(none.headers['www-authenticate'], 'Bearer realm="headroom"');
      assert.equal((await get(server.url, path, { Authorization: `Bearer ${TOKEN}x` })).status, 401, path);
      assert.equal((await get(server.url, path, { Authorization: `Basic ${TOKEN}` })).status, 401, path);
    }
    assert.equal((await get(server.url, '/metrics', { Authorization: `Bearer ${TOKEN}` })).status, 200);
    assert.equal((await get(server.url, '/api/v1/state', { Authorization: `Bearer ${TOKEN}`, Host: 'metrics.example' })).status, 200, 'any Host with the token');
    assert.equal((await get(server.url, '/healthz')).status, 200);
  });
});

describe('metrics server start', () => {
  test('refuses a non-loopback address without a token, before listening', async () => {
    const source = fakeSource(state);
    await assert.rejects(startMetricsServer({ source, host: '0.0.0.0', port: 0, token: null }), /refusing to listen on 0\.0\.0\.0:0 without a token/);
    assert.equal(source.listeners.size, 0);
  });

  test('a port in use is a clear error; close stops counting poll events', async () => {
    const source = fakeSource(state);
    const first = await startMetricsServer({ source, host: '127.0.0.1', port: 0, token: null });
    await assert.rejects(startMetricsServer({ source, host: '127.0.0.1', port: first.port, token: null }), new RegExp(`127\\.0\\.0\\.1:${first.port} is already in use`));
    assert.equal(source.listeners.size, 1);
    await first.close();
    assert.equal(source.listeners.size, 0);
  });
});
