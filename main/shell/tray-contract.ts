// What the shell needs from main/shell/tray.ts (createTray), as seen from the wiring side.
import type { AppState } from '../model/state.ts';
import type { Settings } from '../model/settings.ts';

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
