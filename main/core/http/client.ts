/**
 * The one HTTP layer every provider uses: node:http(s) GETs on kept-alive connections, with a
 * timeout, a response size cap enforced while reading, no redirect to another host, HTTPS except on
 * loopback, and our User-Agent. Failures become ProviderError, with messages that never include
 * headers (secrets live there).
 *
 * Not fetch: it closes a connection left idle for 4 s, so an account polled every 30 s paid a new
 * TCP and TLS handshake on every poll, and its WHATWG streams cost about half again as much CPU
 * per request as node:http (see test/bench/core.bench.ts, which measures both floors).
 */
import { Agent as HttpAgent, get as getHttp, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, get as getHttps } from 'node:https';
import { ProviderError } from '../../model/errors.ts';
import { VERSION } from '../version.ts';
import { cappedRetryAfter, waitText } from './retry-after.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** "Retell 'prod'": prefixes every error message. */
  who: string;
  maxBytes?: number;
}

/** Response headers by case-insensitive name; several values of one header are joined by ", ". */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

/**
 * A connection idle this long is closed: longer than the usual poll interval so that it is reused,
 * shorter than most servers' own idle timeouts. Idle connections never keep the process alive
 * (node:http unrefs them), and a server's Keep-Alive hint, when shorter, is followed.
 */
const IDLE_CONNECTION_MS = 60_000;
const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
};

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Joins a base URL and a path, tolerating trailing and leading slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function checkUrl(raw: string, who: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderError('network', `${who}: invalid base URL`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new ProviderError('network', `${who}: refusing ${url.protocol}//${url.host}: HTTPS is required except on loopback`);
}

function networkError(err: unknown, who: string, timedOut: boolean, timeoutMs: number): ProviderError {
  if (timedOut) return new ProviderError('network', `${who}: no answer within ${Math.round(timeoutMs / 1000)} s`);
  const cause = (err as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? (err as { code?: string })?.code;
  const reasons: Record<string, string> = {
    ENOTFOUND: 'host not found (DNS)',
    EAI_AGAIN: 'DNS lookup failed',
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
  };
  return new ProviderError('network', `${who}: ${(code && reasons[code]) ?? 'network error'}`);
}

function headersOf(res: IncomingMessage): ResponseHeaders {
  return {
    get(name) {
      const value = res.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The body, up to maxBytes. Read with events rather than `for await`, whose async iterator and
 * promise per chunk were a large share of what each poll allocated.
 */
function readCapped(res: IncomingMessage, maxBytes: number, who: string): Promise<string> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(new ProviderError('bad-response', `${who}: response too large (${declared} bytes)`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    res.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        reject(new ProviderError('bad-response', `${who}: response larger than ${maxBytes} bytes`));
        res.destroy();
      } else chunks.push(chunk);
    });
    res.once('end', () => resolve(Buffer.concat(chunks, total).toString('utf8')));
    res.once('error', reject);
    // Closed before the end without an error event (the connection went away mid-body).
    res.once('close', () => reject(Object.assign(new Error('the connection closed before the whole answer came'), { code: 'ECONNRESET' })));
  });
}

/** One GET on a pooled connection; resolves with the response head, its body still to be read. */
function send(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? getHttps : getHttp;
    get(url, { agent: agents[url.protocol as keyof typeof agents], headers, signal }, resolve).once('error', reject);
  });
}

/**
 * One AbortSignal for the caller's signal and our timeout. A plain timer that is cleared when the
 * request ends, rather than AbortSignal.timeout(), which keeps every signal alive until it fires.
 */
function deadline(timeoutMs: number, outer?: AbortSignal): { signal: AbortSignal; timedOut: () => boolean; done: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const relay = () => controller.abort();
  if (outer?.aborted) controller.abort();
  outer?.addEventListener('abort', relay, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', relay);
    },
  };
}

/** Errors of a connection that closed under a request before any answer came. */
const CLOSED_UNDER_US = new Set(['ECONNRESET', 'EPIPE']);

/** Tries after the first when connections keep closing under us; each try discards one dead pooled connection. */
const RETRIES_WHEN_DROPPED = 3;

/**
 * A GET, tried again when the connection closed before any answer: a kept-alive connection that
 * the server (or a load balancer, or a NAT) dropped just as it was reused. The pool may hold
 * several such connections, so a few tries; a server that really resets every request still
 * fails after them. Safe: only GETs.
 */
async function sendOnFreshConnectionIfDropped(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(url, headers, signal);
    } catch (err) {
      const code = (err as { code?: string })?.code;
      if (attempt >= RETRIES_WHEN_DROPPED || signal.aborted || !code || !CLOSED_UNDER_US.has(code)) throw err;
    }
  }
}

/** Where a redirect points; a Location that is no URL is the provider's odd answer, not our crash. */
function redirectTarget(location: string, from: URL, who: string, status: number): URL {
  try {
    return new URL(location, from);
  } catch {
    throw new ProviderError('bad-response', `${who}: redirect (HTTP ${status}) to a malformed address`, { status });
  }
}

/** GET with redirects followed only within the same origin. */
export async function httpGet(req: HttpRequest): Promise<HttpResponse> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let url = checkUrl(req.url, req.who);
  const origin = url.origin;
  const limit = deadline(timeoutMs, req.signal);
  try {
    for (let hop = 0; ; hop++) {
      let res: IncomingMessage;
      try {
        res = await sendOnFreshConnectionIfDropped(url, { 'User-Agent': `Headroom/${VERSION}`, Accept: 'application/json', ...req.headers }, limit.signal);
      } catch (err) {
        if (req.signal?.aborted) throw new ProviderError('network', `${req.who}: request cancelled`);
        throw networkError(err, req.who, limit.timedOut(), timeoutMs);
      }
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume(); // the body is not wanted; reading it to the end frees the connection for reuse
        const next = redirectTarget(location, url, req.who, status);
        if (next.origin !== origin) throw new ProviderError('bad-response', `${req.who}: refused redirect to another host (${next.host})`);
        if (hop >= MAX_REDIRECTS) throw new ProviderError('bad-response', `${req.who}: too many redirects`);
        url = next;
        continue;
      }
      try {
        return { status, headers: headersOf(res), text: await readCapped(res, req.maxBytes ?? MAX_RESPONSE_BYTES, req.who) };
      } catch (err) {
        if (err instanceof ProviderError) throw err;
        throw networkError(err, req.who, limit.timedOut(), timeoutMs);
      }
    }
  } finally {
    limit.done();
  }
}

/** Turns a non-2xx status into the matching ProviderError. `detail` is the provider's own message. */
export function statusError(res: HttpResponse, who: string, detail?: string, now: number = Date.now()): ProviderError {
  const s = res.status;
  const suffix = detail ? `: ${detail}` : '';
  if (s === 401 || s === 403) return new ProviderError('auth', `${who}: credentials rejected (HTTP ${s})${suffix}`, { status: s });
  if (s === 429) {
    const retryAfterMs = cappedRetryAfter(res.headers.get('retry-after'), now);
    const when = retryAfterMs === undefined ? '' : `, retry in ${waitText(retryAfterMs)}`;
    return new ProviderError('rate-limited', `${who}: rate limited (HTTP 429${when})`, { status: s, retryAfterMs });
  }
  if (s >= 500) return new ProviderError('server', `${who}: provider error (HTTP ${s})${suffix}`, { status: s });
  return new ProviderError('bad-response', `${who}: unexpected HTTP ${s}${suffix}`, { status: s });
}
