/**
 * The provider simulator (main/core/simulator/server.ts) in a process of its own, for tests that run
 * bin/headroom.cjs as users do and for benchmarks whose CPU figures must be the client's alone.
 * Calls go over its stdin as JSON lines and are answered by id, so they may overlap.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Failure, Numbers } from '../../main/core/simulator/server.ts';
import type { ProviderId } from '../../main/model/provider.ts';

export interface SimulatorProcess {
  port: number;
  baseUrls: Record<ProviderId, string>;
  addAccount(provider: ProviderId, credentials: Record<string, string>, numbers: Numbers, options?: { authMeForbidden?: boolean }): Promise<string>;
  set(key: string, patch: Partial<Numbers>): Promise<void>;
  fail(key: string, failure: Failure | null): Promise<void>;
  failAuthMe(key: string, failure: Failure | null): Promise<void>;
  stats(key: string): Promise<{ requests: number; inFlight: number; maxInFlight: number }>;
  rejected(provider: ProviderId): Promise<number>;
  close(): Promise<void>;
}

/** The provider simulator (main/core/simulator/server.ts) in its own process, driven over stdin. */
export async function startSimulatorProcess(latencyMs = 0): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'simulator-child.ts')], {
    env: { ...process.env, SIM_LATENCY_MS: String(latencyMs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ready!: (v: { baseUrls: Record<ProviderId, string>; port: number }) => void;
  const first = new Promise<{ baseUrls: Record<ProviderId, string>; port: number }>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const msg = JSON.parse(line) as { id?: number; result?: unknown; error?: string; baseUrls?: Record<ProviderId, string>; port?: number };
    if (msg.id === undefined) return ready(msg as { baseUrls: Record<ProviderId, string>; port: number });
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.error !== undefined) w?.reject(new Error(msg.error));
    else w?.resolve(msg.result);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => waiting.forEach((w) => w.reject(new Error('simulator process exited'))));
  let seq = 0;
  const call = <T>(method: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.stdin!.write(JSON.stringify({ id, method, args }) + '\n');
    });
  const { baseUrls, port } = await Promise.race([first, exited.then(() => Promise.reject(new Error('simulator process did not start')))]);
  return {
    port,
    baseUrls,
    addAccount: (...a) => call('addAccount', ...a),
    set: (...a) => call('set', ...a),
    fail: (...a) => call('fail', ...a),
    failAuthMe: (...a) => call('failAuthMe', ...a),
    stats: (...a) => call('stats', ...a),
    rejected: (...a) => call('rejected', ...a),
    close: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}
