// What the tray menu, notification clicks and later launches can ask of the app.
import type { Core } from '../core/core-types.ts';
import type { OpenTarget, TrayActions } from './tray-contract.ts';
import type { WindowController } from './windows.ts';

/** The overview just shows the window; an account or another view goes through core.navigate. */
export function windowOpener(core: Pick<Core, 'navigate'>, windows: Pick<WindowController, 'show'>): (to?: OpenTarget) => void {
  return (to) => {
    if (to?.accountId || (to?.view && to.view !== 'overview')) core.navigate({ accountId: to.accountId ?? null, view: to.view ?? 'account' });
    else windows.show();
  };
}

export function trayActions(core: Pick<Core, 'api'>, openWindow: (to?: OpenTarget) => void, quit: () => void, log: (message: string) => void): TrayActions {
  const report = (what: string) => (err: unknown) => log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  return {
    openWindow,
    refreshNow: () => void core.api.refreshNow().catch(report('refresh')),
    pause: (minutes) => void core.api.pauseAll(minutes).catch(report('pause')),
    resume: () => void core.api.resume().catch(report('resume')),
    quit,
  };
}
