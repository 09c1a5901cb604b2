import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { ProviderId } from '../../main/model/provider.ts';
import type { Numbers } from '../../main/core/simulator/server.ts';

export interface SimulatorProcess {
  baseUrls: Record<ProviderId, string>;
  addAccount(provider: ProviderId, credentials: Record<string, string>, numbers: Numbers): Promise<string>;
  close(): Promise<void>;
}

/** The provider simulator in a child process (its CPU is not counted against the client). */
export async function startSimulatorProcess(latencyMs = 0): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'simulator-child.ts')], {
    env: { ...process.env, SIM_LATENCY_MS: String(latencyMs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(((await lines.next()).value as string) ?? 'null');
  const { baseUrls } = await next();
  return {
    baseUrls,
    async addAccount(provider, credentials, numbers) {
      child.stdin!.write(JSON.stringify({ addAccount: [provider, credentials, numbers] }) + '\n');
      return (await next()).key;
    },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}
