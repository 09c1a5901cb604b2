// What the shell needs from main/shell/tray.ts (createTray), as seen from the wiring side.
import type { AppState } from '../core/state/types.ts';
import type { Settings } from '../core/settings/types.ts';

export interface OpenTarget {
  accountId?: string;
  view?: 'overview' | 'account' | 'settings';
}

export interface TrayActions {
  openWindow(target?: OpenTarget): void;
  refreshNow(): void;
  pause(minutes: number | null): void;
  resume(): void;
  quit(): void;
}

export interface TrayHandle {
  update(state: AppState, settings: Settings): void;
  destroy(): void;
}
