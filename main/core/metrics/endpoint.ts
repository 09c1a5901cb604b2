/**
 * The app's "Serve metrics on 127.0.0.1:PORT" setting: the same server as `headroom serve`, on
 * loopback only and without a token, started, moved or stopped as the setting changes. A port that
 * is taken is a problem the window shows, not a crash.
 */
import type { MetricsSettings } from '../../model/settings.ts';
import type { MetricsServer, MetricsSource } from './server.ts';

export interface MetricsEndpoint {
  /** Follows the setting; resolves once the server is where the setting says (or failed to be). */
  apply(settings: MetricsSettings): Promise<void>;
  /** Why the server is not serving although enabled, or null. */
  problem(): string | null;
  /** The address while serving. */
  url(): string | null;
  close(): Promise<void>;
}

export const LOOPBACK = '127.0.0.1';

export function createMetricsEndpoint(source: MetricsSource, onChange: () => void = () => {}): MetricsEndpoint {
  let server: MetricsServer | null = null;
  let problem: string | null = null;
  let queue: Promise<void> = Promise.resolve();

  async function follow(wanted: MetricsSettings): Promise<void> {
    const want = wanted.enabled ? wanted.port : null;
    if (server && server.port === want && problem === null) return;
    await server?.close();
    server = null;
    problem = null;
    if (want !== null) {
      try {
        // Loaded when first enabled: prom-client and the server were 2 MB of memory in every app
        // process, and most people never turn metrics on.
        const { startMetricsServer } = await import('./server.ts');
        server = await startMetricsServer({ source, host: LOOPBACK, port: want, token: null });
      } catch (err) {
        const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
        problem = inUse ? `port ${want} is already in use: choose another in Settings` : err instanceof Error ? err.message : String(err);
      }
    }
    onChange();
  }

  return {
    apply(settings) {
      // One change at a time, so a quick on/off/on never leaves two servers.
      queue = queue.then(() => follow(settings));
      return queue;
    },
    problem: () => problem,
    url: () => server?.url ?? null,
    async close() {
      await queue;
      await server?.close();
      server = null;
    },
  };
}
