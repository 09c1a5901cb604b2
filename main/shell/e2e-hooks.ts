/**
 * Test hooks for the Electron end-to-end tests, installed only when HEADROOM_E2E=1: the tests read
 * globalThis.__headroomE2E through electronApp.evaluate() to find the tray and drive its actions.
 */
import type { AppState } from '../model/state.ts';
import type { Settings } from '../model/settings.ts';
import type { TrayActions } from './tray-contract.ts';

export interface E2EHooks {
  demo: boolean;
  dataDir: string;
  /** Every Tray created, to check one exists and is alive. */
  trays: Array<{ isDestroyed(): boolean }>;
  trayActions: TrayActions | null;
  trayUpdates: number;
  lastTrayState: AppState | null;
  lastTraySettings: Settings | null;
  windowVisible: () => boolean;
}

export const E2E_GLOBAL = '__headroomE2E';

export function e2eEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.HEADROOM_E2E === '1';
}

export function installE2EHooks(hooks: E2EHooks, target: object = globalThis): E2EHooks {
  Object.defineProperty(target, E2E_GLOBAL, { value: hooks, configurable: true, enumerable: false, writable: false });
  return hooks;
}

/** A subclass that records its instances, so the tests can see the tray. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function recordInstances<C extends new (...args: any[]) => object>(Base: C, into: object[]): C {
  return class extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      into.push(this);
    }
  };
}
