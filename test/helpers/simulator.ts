import { after, before } from 'node:test';
import { startProviderSimulator, type ProviderSimulator } from '../../main/core/simulator/server.ts';

/** One simulator for a test file, started before its tests and closed after. */
export function useSimulator(options: { latencyMs?: number } = {}): { readonly sim: ProviderSimulator } {
  const box = {} as { sim: ProviderSimulator };
  before(async () => {
    box.sim = await startProviderSimulator(options);
  });
  after(async () => {
    await box.sim.close();
  });
  return box;
}

/** A loopback port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
