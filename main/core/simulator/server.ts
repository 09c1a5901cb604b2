/**
 * A local stand-in for the four provider APIs on 127.0.0.1: the endpoints, auth headers and bodies of
 * the provider docs, wrong credentials answered as each real API does, per-account numbers that tests
 * (and demo mode) set, and scriptable failures. Used by tests, benchmarks and demo mode.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProviderHistoryPoint } from '../providers/types.ts';
import type { Credentials, ProviderId } from '../../model/provider.ts';

export type Failure =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'non-json' }
  /** A gateway's HTML error page; 502 unless another status is given. */
  | { kind: 'html'; status?: number }
  | { kind: 'reset' }
  | { kind: 'shape'; body: unknown };

export interface Numbers {
  current: number;
  limit: number | null;
  [extra: string]: unknown;
}

interface SimAccount {
  key: string;
  provider: ProviderId;
  credentials: Credentials;
  numbers: Numbers;
  failure: Failure | null;
  vobizShape: 'current' | 'legacy';
  /** Vobiz sub-accounts get 403 on /auth/me. */
  authMeForbidden: boolean;
  /** A failure of Vobiz /auth/me alone (the concurrency call still answers). */
  authMeFailure: Failure | null;
  history: ProviderHistoryPoint[];
  /** Demo accounts compute their numbers per request. */
  live?: (now: number) => Partial<Numbers>;
  stats: { requests: number; inFlight: number; maxInFlight: number };
}

export interface ProviderSimulator {
  port: number;
  baseUrls: Record<ProviderId, string>;
  addAccount(provider: ProviderId, credentials: Credentials, numbers: Numbers, options?: { live?: (now: number) => Partial<Numbers>; authMeForbidden?: boolean }): string;
  set(key: string, patch: Partial<Numbers>): void;
  fail(key: string, failure: Failure | null): void;
  /** Vobiz only: fail the optional /auth/me call while concurrency keeps working. */
  failAuthMe(key: string, failure: Failure | null): void;
  setLatency(ms: number): void;
  setVobizShape(key: string, shape: 'current' | 'legacy'): void;
  setHistory(key: string, points: ProviderHistoryPoint[]): void;
  stats(key: string): { requests: number; inFlight: number; maxInFlight: number };
  /** Requests that matched no account (wrong credentials), by provider. */
  rejected(provider: ProviderId): number;
  close(): Promise<void>;
}

const PREFIX: Record<ProviderId, string> = { retell: '/retell', vobiz: '/vobiz', puretalk: '/puretalk/api', ultravox: '/ultravox' };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

/** Unauthorized, as each real API answers it. */
function unauthorized(provider: ProviderId, res: ServerResponse): void {
  if (provider === 'retell') return send(res, 401, { status: 'error', message: 'API key is missing or invalid.' });
  if (provider === 'vobiz') return send(res, 401, { error: 'unauthorized', message: 'invalid credentials' });
  if (provider === 'puretalk') return send(res, 401, { err: true, msg: 'Invalid API key' });
  return send(res, 403, { detail: 'Invalid API key.' });
}

function concurrencyBody(a: SimAccount, now: number): unknown {
  const { current, limit, ...extra } = a.numbers;
  if (a.provider === 'retell') {
    const base = (extra.base_concurrency as number | undefined) ?? Math.min(20, limit ?? 0);
    const burstEnabled = (extra.concurrency_burst_enabled as boolean | undefined) ?? false;
    return {
      current_concurrency: current,
      concurrency_limit: limit,
      base_concurrency: base,
      purchased_concurrency: (limit ?? 0) - base,
      concurrency_purchase_limit: 100,
      remaining_purchase_limit: Math.max(0, 100 - ((limit ?? 0) - base)),
      concurrency_burst_enabled: burstEnabled,
      concurrency_burst_limit: burstEnabled ? Math.min(3 * (limit ?? 0), (limit ?? 0) + 300) : 0,
      ...extra,
    };
  }
  if (a.provider === 'vobiz') {
    const pct = limit ? (current / limit) * 100 : 0;
    return a.vobizShape === 'legacy'
      ? { auth_id: a.credentials.authId, concurrent_calls: current, max_concurrent: limit, utilization_pct: Math.round(pct * 10) / 10, timestamp: new Date(now).toISOString() }
      : { account_id: a.credentials.authId, concurrent_calls: current, max_concurrent: limit, utilization_pct: Math.round(pct), request_id: Math.random().toString(16).slice(2).padEnd(32, '0') };
  }
  if (a.provider === 'puretalk') {
    const ts = new Date(now).toISOString().replace('Z', '').replace(/\.(\d{3})$/, '.$1123');
    return { msg: 'Success', err: false, results: { concurrency_limit: limit, concurrency_count: current, timestamp: ts } };
  }
  return { accountId: a.key, name: 'Simulated account', activeCalls: current, allowedConcurrentCalls: limit, ...extra };
}

export async function startProviderSimulator(options: { port?: number; latencyMs?: number } = {}): Promise<ProviderSimulator> {
  const accounts = new Map<string, SimAccount>();
  const rejected: Record<ProviderId, number> = { retell: 0, vobiz: 0, puretalk: 0, ultravox: 0 };
  const sockets = new Set<Socket>();
  const pending = new Set<NodeJS.Timeout>();
  let latencyMs = options.latencyMs ?? 0;
  let seq = 0;

  const later = (fn: () => void) => {
    if (latencyMs <= 0) return fn();
    const t = setTimeout(() => {
      pending.delete(t);
      fn();
    }, latencyMs);
    pending.add(t);
  };

  function findAccount(provider: ProviderId, req: IncomingMessage): SimAccount | undefined {
    const h = req.headers;
    for (const a of accounts.values()) {
      if (a.provider !== provider) continue;
      const c = a.credentials;
      if (provider === 'retell' && h.authorization === `Bearer ${c.apiKey}`) return a;
      if (provider === 'vobiz' && h['x-auth-id'] === c.authId && h['x-auth-token'] === c.authToken) return a;
      if (provider === 'puretalk' && h['x-api-key'] === c.apiKey) return a;
      if (provider === 'ultravox' && h['x-api-key'] === c.apiKey) return a;
    }
    return undefined;
  }

  function applyFailure(a: SimAccount, res: ServerResponse, f: Failure | null = a.failure): boolean {
    if (!f) return false;
    if (f.kind === 'hang') return true; // never answered; the client's timeout ends it
    if (f.kind === 'reset') {
      res.socket?.destroy();
      return true;
    }
    if (f.kind === 'non-json') send(res, 200, 'OK but not JSON');
    else if (f.kind === 'html') {
      res.writeHead(f.status ?? 502, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>');
    } else if (f.kind === 'shape') send(res, 200, f.body);
    else send(res, f.status, f.body ?? defaultErrorBody(a.provider, f.status), { ...(f.retryAfter ? { 'Retry-After': f.retryAfter } : {}), ...f.headers });
    return true;
  }

  function route(provider: ProviderId, path: string, url: URL, req: IncomingMessage, res: ServerResponse, now: number): void {
    const a = findAccount(provider, req);
    if (!a) {
      rejected[provider]++;
      return unauthorized(provider, res);
    }
    if (applyFailure(a, res)) return;
    if (a.live) Object.assign(a.numbers, a.live(now));
    if (provider === 'retell' && path === '/get-concurrency') return send(res, 200, concurrencyBody(a, now));
    if (provider === 'vobiz') {
      const m = /^\/api\/v1\/[Aa]ccount\/([^/]+)\/concurrency$/.exec(path);
      if (m) {
        if (decodeURIComponent(m[1]) !== a.credentials.authId) return send(res, 403, { status: 'error', error: { code: 'forbidden', message: 'Auth ID does not match the account', details: {} }, timestamp: new Date(now).toISOString(), requestId: `req_${seq}` });
        return send(res, 200, concurrencyBody(a, now));
      }
      if (path === '/api/v1/auth/me') {
        if (applyFailure(a, res, a.authMeFailure)) return;
        if (a.authMeForbidden) return send(res, 403, { error: 'forbidden', message: 'sub-accounts cannot read this resource' });
        const limit = a.numbers.limit ?? 0;
        return send(res, 200, { auth_id: a.credentials.authId, cps_limit: (a.numbers.cps_limit as number | undefined) ?? 10, concurrent_calls_limit: limit, base_cps_limit: 5, base_concurrent_calls_limit: Math.min(10, limit), purchased_cps: 5, purchased_concurrent_calls: Math.max(0, limit - 10) });
      }
    }
    if (provider === 'puretalk' && path === '/users/concurrency-usage') return send(res, 200, concurrencyBody(a, now));
    if (provider === 'ultravox' && path === '/api/accounts/me') return send(res, 200, concurrencyBody(a, now));
    if (provider === 'ultravox' && path === '/api/accounts/me/usage/concurrency') return send(res, 200, historyBody(a, url, now));
    if (provider === 'puretalk') return send(res, 404, { err: true, msg: 'Not found' });
    return send(res, 404, { detail: 'Not found.' });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const provider = (Object.keys(PREFIX) as ProviderId[]).find((p) => url.pathname.startsWith(`${PREFIX[p]}/`));
    // Puretalk's API is under /api: a base URL without it reaches Puretalk's own 404.
    if (!provider && url.pathname.startsWith('/puretalk/')) return send(res, 404, { err: true, msg: 'Not found' });
    if (!provider || req.method !== 'GET') return send(res, 404, { detail: 'Not found.' });
    const a = findAccount(provider, req);
    if (a) {
      a.stats.requests++;
      a.stats.inFlight++;
      a.stats.maxInFlight = Math.max(a.stats.maxInFlight, a.stats.inFlight);
      res.on('close', () => a.stats.inFlight--);
    }
    seq++;
    later(() => {
      try {
        route(provider, url.pathname.slice(PREFIX[provider].length), url, req, res, Date.now());
      } catch (err) {
        // A bad test setup must fail loudly, not leave the client waiting for its timeout.
        if (!res.headersSent) send(res, 500, { detail: `simulator: ${err instanceof Error ? err.message : String(err)}` });
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const root = `http://127.0.0.1:${port}`;

  const account = (key: string): SimAccount => {
    const a = accounts.get(key);
    if (!a) throw new Error(`simulator: no account ${key}`);
    return a;
  };

  return {
    port,
    baseUrls: { retell: root + PREFIX.retell, vobiz: root + PREFIX.vobiz, puretalk: root + PREFIX.puretalk, ultravox: root + PREFIX.ultravox },
    addAccount(provider, credentials, numbers, opts = {}) {
      const key = `${provider}-${accounts.size + 1}`;
      accounts.set(key, { key, provider, credentials: { ...credentials }, numbers: { ...numbers }, failure: null, authMeFailure: null, vobizShape: 'current', authMeForbidden: opts.authMeForbidden ?? credentials.authId?.startsWith('SA_') ?? false, history: [], live: opts.live, stats: { requests: 0, inFlight: 0, maxInFlight: 0 } });
      return key;
    },
    set: (key, patch) => Object.assign(account(key).numbers, patch),
    fail: (key, failure) => void (account(key).failure = failure),
    failAuthMe: (key, failure) => void (account(key).authMeFailure = failure),
    setLatency: (ms) => void (latencyMs = ms),
    setVobizShape: (key, shape) => void (account(key).vobizShape = shape),
    setHistory: (key, points) => void (account(key).history = points),
    stats: (key) => ({ ...account(key).stats }),
    rejected: (provider) => rejected[provider],
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of pending) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function defaultErrorBody(provider: ProviderId, status: number): unknown {
  const message = status >= 500 ? 'An unexpected server error occurred.' : status === 429 ? 'Too many requests.' : `HTTP ${status}`;
  if (provider === 'retell') return { status: 'error', message };
  if (provider === 'vobiz') return { status: 'error', error: { code: String(status), message, details: {} }, timestamp: new Date().toISOString(), requestId: 'req_sim' };
  if (provider === 'puretalk') return { err: true, msg: message };
  return { detail: message };
}

const BUCKET_MS: Record<string, number> = { minute: 60_000, '5min': 300_000, hour: 3_600_000, day: 86_400_000 };

function historyBody(a: SimAccount, url: URL, now: number): unknown {
  const end = url.searchParams.get('end') ? Date.parse(url.searchParams.get('end')!) : now;
  const start = url.searchParams.get('start') ? Date.parse(url.searchParams.get('start')!) : end - 86_400_000;
  const size = BUCKET_MS[url.searchParams.get('bucket') ?? 'minute'] ?? 60_000;
  const buckets = new Map<number, ProviderHistoryPoint[]>();
  for (const p of a.history) {
    if (p.at < start || p.at >= end) continue;
    const b = Math.floor(p.at / size) * size;
    buckets.set(b, [...(buckets.get(b) ?? []), p]);
  }
  const timeSeries = [...buckets.entries()]
    .sort(([x], [y]) => x - y)
    .map(([at, ps]) => {
      const max = Math.max(...ps.map((p) => p.max));
      const avg = ps.reduce((s, p) => s + p.avg, 0) / ps.length;
      return { timestamp: new Date(at).toISOString().replace('.000Z', 'Z'), maxTotalCalls: max, maxJoinedCalls: max, avgTotalCalls: avg, avgJoinedCalls: avg };
    });
  return { timeSeries };
}
