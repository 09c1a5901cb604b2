import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { ProviderId } from '../../main/model/provider.ts';
import type { Failure, Numbers } from '../../main/core/simulator/server.ts';

/** The provider simulator in its own process, driven over its stdin (one call at a time). */
export interface SimulatorProcess {
  baseUrls: Record<ProviderId, string>;
  addAccount(provider: ProviderId, credentials: Record<string, string>, numbers: Numbers): Promise<string>;
  set(key: string, patch: Partial<Numbers>): Promise<void>;
  fail(key: string, failure: Failure | null): Promise<void>;
  stats(key: string): Promise<{ requests: number; inFlight: number; maxInFlight: number }>;
  close(): Promise<void>;
}

export async function startSimulatorProcess(latencyMs = 0): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'simulator-child.ts')], {
    env: { ...process.env, SIM_LATENCY_MS: String(latencyMs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(((await lines.next()).value as string | undefined) ?? 'null');
  const { baseUrls } = await next();
  let queue: Promise<unknown> = Promise.resolve();
  /** Calls take turns, so each answer line belongs to its own call. */
  function call<T>(method: string, ...args: unknown[]): Promise<T> {
    const turn = queue.then(async () => {
      child.stdin!.write(JSON.stringify({ call: [method, ...args] }) + '\n');
      const answer = await next();
      if (answer === null) throw new Error('simulator process ended');
      if (answer.error) throw new Error(`simulator: ${answer.error}`);
      return answer.result as T;
    });
    queue = turn.catch(() => {});
    return turn;
  }
  return {
    baseUrls,
    addAccount: (provider, credentials, numbers) => call('addAccount', provider, credentials, numbers),
    set: (key, patch) => call('set', key, patch),
    fail: (key, failure) => call('fail', key, failure),
    stats: (key) => call('stats', key),
    close: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}
