/**
 * The one typed API between the window and main. The preload exposes exactly these methods and
 * events through contextBridge; main validates every argument (see validate.ts) and the sender.
 * Only normalized numbers and labels cross it; secrets go in, never out.
 */
import type { AccountInput, AccountPatch, AccountView, TestResult } from '../model/account.ts';
import type { AppState } from '../model/state.ts';
import type { AlertEvent, Notice } from '../model/alerts.ts';
import type { Forecast } from '../model/forecast.ts';
import type { HistorySeries, RangeKey, RangeStats } from '../model/history.ts';
import type { ProviderInfo } from '../model/provider.ts';
import type { Settings, SettingsPatch } from '../model/settings.ts';

/** Every call the renderer may make. All return promises. */
export interface HeadroomApi {
  getState(): Promise<AppState>;
  listProviders(): Promise<ProviderInfo[]>;
  listAccounts(): Promise<AccountView[]>;
  addAccount(input: AccountInput): Promise<AccountView>;
  updateAccount(id: string, patch: AccountPatch): Promise<AccountView>;
  removeAccount(id: string, options: { deleteHistory: boolean }): Promise<void>;
  /** Unsaved input (add form), or a saved account by id with optional new field values (edit form). */
  testConnection(target: { input: AccountInput } | { id: string; fields?: Record<string, string> }): Promise<TestResult>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  /** Refresh one account, or all when id is omitted; joins polls in flight. */
  refreshNow(id?: string): Promise<void>;
  /** Retry an account stopped on an auth error. */
  retryAccount(id: string): Promise<void>;
  /** minutes, or null for "until resumed" */
  pauseAll(minutes: number | null): Promise<void>;
  resume(): Promise<void>;
  getHistory(id: string, range: RangeKey): Promise<HistorySeries>;
  getStats(id: string, range: RangeKey): Promise<RangeStats>;
  /** When the account's daily peak reaches its limit, or why there is no forecast. */
  getForecast(id: string): Promise<Forecast>;
  /** CSV text with header time,current,limit,utilization,resolution */
  exportCsv(id: string, range: RangeKey): Promise<{ filename: string; csv: string }>;
  getAlertLog(id?: string): Promise<AlertEvent[]>;
  /** until: epoch ms, or null to clear */
  snooze(id: string, until: number | null): Promise<void>;
  sendTestNotification(): Promise<AlertEvent>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  getNotices(): Promise<Notice[]>;
  /** The window showed this notice to a person: a pending one (a repaired file) is no longer kept for later. */
  noticeSeen(id: string): Promise<void>;
  /** Restart into demo mode (first-run "Try with demo data"). */
  startDemo(): Promise<void>;
}

export type ApiMethod = keyof HeadroomApi;

export const API_METHODS = [
  'getState',
  'listProviders',
  'listAccounts',
  'addAccount',
  'updateAccount',
  'removeAccount',
  'testConnection',
  'setEnabled',
  'refreshNow',
  'retryAccount',
  'pauseAll',
  'resume',
  'getHistory',
  'getStats',
  'getForecast',
  'exportCsv',
  'getAlertLog',
  'snooze',
  'sendTestNotification',
  'getSettings',
  'updateSettings',
  'getNotices',
  'noticeSeen',
  'startDemo',
] as const satisfies readonly ApiMethod[];

/** Events main pushes to the window. */
export interface HeadroomEvents {
  state: AppState;
  /** Open the window on an account (tray row, notification click). */
  navigate: { accountId: string | null; view: 'overview' | 'account' | 'settings' | 'add' };
  alert: AlertEvent;
  notices: Notice[];
}

export type EventName = keyof HeadroomEvents;
export const EVENT_NAMES = ['state', 'navigate', 'alert', 'notices'] as const satisfies readonly EventName[];

/** What the preload puts on window.headroom. */
export interface HeadroomBridge extends HeadroomApi {
  on<E extends EventName>(event: E, listener: (payload: HeadroomEvents[E]) => void): () => void;
}

export const IPC_INVOKE_PREFIX = 'headroom:call:';
export const IPC_EVENT_PREFIX = 'headroom:event:';

