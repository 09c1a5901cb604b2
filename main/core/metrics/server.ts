/**
 * The metrics server: plain Node http over a core (or anything with its state and poll events).
 * `headroom serve` hosts it beside the core; the app can host the same server on loopback.
 *
 *   GET /metrics        Prometheus text 0.0.4, or OpenMetrics 1.0 when Accept asks for it
 *   GET /api/v1/state   the status report (the JSON of `headroom status --json`)
 *   GET /healthz        200 while serving
 *
 * Every answer comes from what the core already knows: a request never calls a provider. With a
 * token, /metrics and /api/* need "Authorization: Bearer <token>"; /healthz stays open.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Forecast } from '../../model/forecast.ts';
import type { AppState, PollEvent } from '../../model/state.ts';
import { statusReport } from '../state/status-report.ts';
import { VERSION } from '../version.ts';
import { assertSafeAccess, bearerMatches, loopbackHostHeader, type ListenAddress } from './access.ts';
import { CONTENT_TYPES, createExposition, negotiate } from './exposition.ts';
import { createPollErrorCounter } from './poll-errors.ts';
import { collectSamples } from './samples.ts';

/** What the server reads: a Core has both. */
export interface MetricsSource {
  state(): AppState;
  onPoll(listener: (e: PollEvent) => void): () => void;
  /** The account's forecast (kept for an hour by the core, so a scrape reads history rarely). */
  forecast(accountId: string): Forecast;
}

export interface MetricsServerOptions extends ListenAddress {
  source: MetricsSource;
  /** null: no token (loopback only). */
  token: string | null;
  version?: string;
}

export interface MetricsServer {
  host: string;
  /** The bound port (the one asked for, or the one the OS chose for port 0). */
  port: number;
  /** "http://127.0.0.1:9479" */
  url: string;
  close(): Promise<void>;
}

const COMMON_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const sendText = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) => send(res, status, 'text/plain; charset=utf-8', `${text}\n`, headers);

function listen(server: ReturnType<typeof createServer>, address: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    // Said for people, with the code kept so each host can add its own advice.
    const fail = (err: NodeJS.ErrnoException, message: string) => reject(Object.assign(new Error(message), { code: err.code }));
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') fail(err, `${address.host}:${address.port} is already in use`);
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') fail(err, `cannot listen on ${address.host}: no such address on this machine`);
      else if (err.code === 'EACCES') fail(err, `not allowed to listen on port ${address.port} (ports below 1024 need privileges)`);
      else reject(err);
    };
    server.once('error', onError);
    server.listen(address.port, address.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  assertSafeAccess(opts, opts.token);
  const version = opts.version ?? VERSION;
  const errors = createPollErrorCounter();
  const stopCounting = opts.source.onPoll((e) => errors.observe(e));
  const exposition = createExposition();

  function allowed(req: IncomingMessage, res: ServerResponse): boolean {
    if (opts.token !== null) {
      if (bearerMatches(req.headers.authorization, opts.token)) return true;
      sendText(res, 401, 'unauthorized: send "Authorization: Bearer <token>"', { 'WWW-Authenticate': 'Bearer realm="headroom"' });
      return false;
    }
    if (loopbackHostHeader(req.headers.host)) return true;
    sendText(res, 403, 'forbidden: without a token only requests to a loopback host name are answered');
    return false;
  }

  async function metrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const format = negotiate(req.headers.accept);
    const body = await exposition.render(collectSamples(opts.source.state(), errors, version, opts.source.forecast), format);
    send(res, 200, CONTENT_TYPES[format], body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    if (path === '/healthz') return sendText(res, 200, 'ok');
    if (path !== '/metrics' && !path.startsWith('/api/')) return sendText(res, 404, 'not found: try /metrics, /api/v1/state or /healthz');
    if (!allowed(req, res)) return;
    if (path === '/metrics') return metrics(req, res);
    if (path === '/api/v1/state') return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(statusReport(opts.source.state(), opts.source.forecast)));
    return sendText(res, 404, 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error(`headroom: metrics request failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  try {
    await listen(server, opts);
  } catch (err) {
    stopCounting();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    host: opts.host,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        stopCounting();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
