/**
 * The tray, kept in step with the core: redrawn on state events and on every settings change.
 * Under HEADROOM_E2E the Tray class records its instances and each update is counted, for the
 * end-to-end tests.
 */
import type { Core } from '../core/core-types.ts';
import type { E2EHooks } from './e2e-hooks.ts';
import { recordInstances } from './e2e-hooks.ts';
import { settled } from './settled.ts';
import { createTray } from './tray.ts';
import type { TrayActions, TrayHandle } from './tray-contract.ts';

export type TrayElectron = Pick<Parameters<typeof createTray>[0], 'Tray' | 'Menu' | 'nativeImage'>;

export interface TrayWiringDeps {
  electron: TrayElectron;
  core: Pick<Core, 'on' | 'state' | 'settings' | 'onSettingsChange'>;
  platform: NodeJS.Platform;
  actions: TrayActions;
  hooks: E2EHooks | null;
}

export function wireTray(deps: TrayWiringDeps): { tray: TrayHandle; dispose: () => void } {
  const { core, hooks } = deps;
  type TrayClass = TrayElectron['Tray'];
  const Tray: TrayClass = hooks ? (recordInstances(deps.electron.Tray as unknown as new (...a: unknown[]) => { isDestroyed(): boolean }, hooks.trays) as unknown as TrayClass) : deps.electron.Tray;
  const tray = createTray({ Tray, Menu: deps.electron.Menu, nativeImage: deps.electron.nativeImage, platform: deps.platform, actions: deps.actions });
  const update = () => {
    tray.update(core.state(), core.settings());
    if (hooks) {
      hooks.trayUpdates++;
      hooks.lastTrayState = core.state();
      hooks.lastTraySettings = core.settings();
    }
  };
  // A burst of polls redraws the tray a few times, not once per account (settled.ts).
  const onState = settled(update);
  const offs = [core.on('state', () => onState.push()), core.onSettingsChange(update)];
  update();
  return {
    tray,
    dispose: () => {
      offs.forEach((off) => off());
      onState.dispose();
    },
  };
}
