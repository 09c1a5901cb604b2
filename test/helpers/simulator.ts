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
