import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { ProviderId } from '../../main/model/provider.ts';
import type { Failure, Numbers } from '../../main/core/simulator/server.ts';

export interface SimulatorProcess {
  baseUrls: Record<ProviderId, string>;
  /** Returns the account's key for set/fail. */
  addAccount(provider: ProviderId, credentials: Record<string, string>, numbers: Numbers): Promise<string>;
  set(key: string, patch: Partial<Numbers>): Promise<void>;
  fail(key: string, failure: Failure | null): Promise<void>;
  stats(key: string): Promise<{ requests: number; inFlight: number; maxInFlight: number }>;
  close(): Promise<void>;
}

/** The provider simulator in a child process of its own (commands go over its stdin, one at a time). */
export async function startSimulatorProcess(latencyMs = 0): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'simulator-child.ts')], {
    env: { ...process.env, SIM_LATENCY_MS: String(latencyMs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(((await lines.next()).value as string) ?? 'null');
  let queue: Promise<unknown> = Promise.resolve();
  /** One command at a time, so answers pair with their commands. */
  const send = <T>(command: unknown): Promise<T> => {
    const answer = queue.then(() => {
      child.stdin!.write(JSON.stringify(command) + '\n');
      return next();
    });
    queue = answer.catch(() => undefined);
    return answer as Promise<T>;
  };
  const { baseUrls } = await next();
  return {
    baseUrls,
    addAccount: async (provider, credentials, numbers) => (await send<{ key: string }>({ addAccount: [provider, credentials, numbers] })).key,
    set: async (key, patch) => void (await send({ set: [key, patch] })),
    fail: async (key, failure) => void (await send({ fail: [key, failure] })),
    stats: async (key) => (await send<{ stats: { requests: number; inFlight: number; maxInFlight: number } }>({ stats: [key] })).stats,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}
