/**
 * The browser harness: serves the built window (dist/renderer) on 127.0.0.1 against the REAL core
 * (demo data by default), with a bridge that speaks the same typed API over fetch and server-sent
 * events instead of Electron IPC. Used by `npm run preview`, the screenshots and the browser tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { API_METHODS, EVENT_NAMES } from '../../main/api/contract.ts';
import { toApiErrorShape } from '../../main/api/ipc-channels.ts';
import { ApiError, type ApiErrorShape } from '../../main/model/errors.ts';
import { isApiMethod, validateArgs } from '../../main/api/validate.ts';
import { createCore } from '../../main/core/app-core.ts';
import type { Core, CoreOptions } from '../../main/core/core-types.ts';
import { type Keychain, MemoryKeychain } from '../../main/core/secrets/keychain.ts';
import { CONTENT_SECURITY_POLICY } from '../../main/shell/security.ts';
import { createHarnessClock, pageClockScript, type HarnessClock } from './clock.ts';
import { startFleet, type Fleet, type FleetOptions } from './fleet.ts';

const ROOT = join(import.meta.dirname, '..', '..', 'dist', 'renderer');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.map': 'application/json' };
const MAX_BODY = 256 * 1024;

/** The preview's stand-in for the preload: window.headroom over fetch + EventSource; Date on the harness clock. */
function bridgeScript(clockOffsetMs: number): string {
  return `(() => {
  const methods = ${JSON.stringify(API_METHODS)};
  const events = ${JSON.stringify(EVENT_NAMES)};
  const source = new EventSource('/events');
${pageClockScript(clockOffsetMs)}  const bridge = {};
  for (const m of methods) {
    bridge[m] = async (...args) => {
      while (args.length && args[args.length - 1] === undefined) args.pop();
      let res;
      try {
        res = await fetch('/api/' + m, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
      } catch (err) {
        throw { code: 'internal', message: m + ' failed: ' + err.message };
      }
      const env = await res.json();
      if (env.ok) return env.value;
      throw env.error;
    };
  }
  bridge.on = (event, listener) => {
    if (!events.includes(event)) throw new TypeError('unknown event ' + event);
    const relay = (e) => listener(JSON.parse(e.data));
    source.addEventListener(event, relay);
    return () => source.removeEventListener(event, relay);
  };
  window.headroom = Object.freeze(bridge);
})();
`;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function serveFile(res: ServerResponse, urlPath: string): void {
  const rel = normalize(decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath)).replace(/^([/\\])+/, '');
  const path = join(ROOT, rel);
  if (!path.startsWith(ROOT + sep) || !existsSync(path)) return send(res, 404, 'not found', 'text/plain');
  let body: string | Buffer = readFileSync(path);
  if (rel === 'index.html') body = body.toString('utf8').replace('<script src="app.js"></script>', '<script src="preview-bridge.js"></script>\n  <script src="app.js"></script>');
  send(res, 200, body, TYPES[extname(path)] ?? 'application/octet-stream');
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError('invalid-argument', 'request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function call(core: Core, method: string, req: IncomingMessage): Promise<unknown> {
  if (!isApiMethod(method)) throw new ApiError('invalid-argument', `unknown method '${method.slice(0, 80)}'`);
  let args: unknown;
  try {
    args = JSON.parse((await readBody(req)) || '[]');
  } catch {
    throw new ApiError('invalid-argument', `${method}: the arguments are not JSON`);
  }
  const valid = validateArgs(method, args as unknown[]);
  return (core.api[method] as (...a: unknown[]) => Promise<unknown>)(...valid);
}

export interface Harness {
  url: string;
  /** The core serving the window now ("Try demo data" replaces it with a demo core). */
  readonly core: Core;
  /** The clock the core and the page share (see clock.ts). */
  clock: HarnessClock;
  /** The many accounts asked for with `fleet`, on their own simulator. */
  fleet: Fleet | null;
  close(): Promise<void>;
}

export interface HarnessOptions {
  dataDir: string;
  demo?: boolean;
  port?: number;
  core?: Partial<CoreOptions>;
  /** Many accounts (e.g. 200) added against a simulator of their own; best with demo: false. */
  fleet?: FleetOptions;
}

/** A provider that stops answering keeps its poll waiting this long in a fleet harness (stale, not failing). */
const FLEET_PROVIDER_TIMEOUT_MS = 60 * 60_000;

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  if (!existsSync(join(ROOT, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first');
  const streams = new Set<ServerResponse>();
  const broadcast = (name: string, payload: unknown) => streams.forEach((s) => s.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`));
  let unsubscribe: Array<() => void> = [];
  const clock = createHarnessClock();
  clock.onChange((offset) => broadcast('harness-clock', offset));
  const keychain: Keychain = opts.core?.keychain ?? new MemoryKeychain();

  async function boot(demo: boolean): Promise<Core> {
    const started = await createCore({
      dataDir: opts.dataDir,
      demo,
      notifier: { notify: async () => {} },
      metricsFromSettings: true,
      now: clock.now,
      providerTimeoutMs: opts.fleet ? FLEET_PROVIDER_TIMEOUT_MS : undefined,
      ...opts.core,
      keychain,
      onStartDemo: startDemo,
    });
    await started.start();
    unsubscribe.forEach((off) => off());
    unsubscribe = EVENT_NAMES.map((name) => started.on(name, (payload) => broadcast(name, payload)));
    return started;
  }

  /** Like the app's relaunch with --demo: a demo core (on its own demo data dir) takes over; the old one stops. */
  async function startDemo(): Promise<void> {
    const old = core;
    core = await boot(true);
    setImmediate(() => void old.stop()); // after the old core has answered this very call
    broadcast('state', core.state());
    broadcast('notices', core.notices());
  }

  let core = await boot(opts.demo ?? true);
  let fleet: Fleet | null = null;
  try {
    if (opts.fleet) fleet = await startFleet(core, keychain, clock, opts.fleet);
  } catch (err) {
    await core.stop();
    throw err;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/preview-bridge.js') return send(res, 200, bridgeScript(clock.offsetMs()), TYPES['.js']);
    if (url.pathname === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/') && req.method === 'POST') {
      call(core, url.pathname.slice(5), req)
        .then((value) => send(res, 200, JSON.stringify({ ok: true, value: value ?? null }), 'application/json'))
        .catch((err: unknown) => {
          // As over IPC (toApiErrorShape: code, message, problems by field), but internal errors keep their text here.
          const error: ApiErrorShape = err instanceof ApiError ? toApiErrorShape(err) : { code: 'internal', message: err instanceof Error ? err.message : String(err) };
          send(res, 200, JSON.stringify({ ok: false, error }), 'application/json');
        });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', 'text/plain');
    serveFile(res, url.pathname);
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get core() {
      return core;
    },
    clock,
    fleet,
    async close() {
      // Ended streams leave the set at once: the core runs on until stopped below, and a state
      // event meanwhile must not write to them (seen under load: "write after end").
      for (const s of streams) s.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.stop();
      await fleet?.close();
    },
  };
}
