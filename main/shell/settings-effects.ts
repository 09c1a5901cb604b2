// What a settings change means outside the core: launch at login follows the setting.
import type { Core } from '../core/core-types.ts';
import { applyLoginItem, type LoginItemDeps } from './login-item.ts';

export function wireLoginItem(core: Pick<Core, 'settings' | 'onSettingsChange'>, deps: LoginItemDeps, log: (message: string) => void): () => void {
  let applied: boolean | null = null;
  const apply = (enabled: boolean) => {
    if (enabled === applied) return;
    try {
      applyLoginItem(deps, enabled);
      applied = enabled;
    } catch (err) {
      log(`could not update launch at login: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  // At start only an enabled setting is (re)applied: the app may have moved since it was written.
  if (core.settings().launchAtLogin) apply(true);
  return core.onSettingsChange((settings) => apply(settings.launchAtLogin));
}
