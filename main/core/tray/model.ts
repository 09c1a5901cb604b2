/**
 * What the tray shows, as pure data from the state: the icon input, the macOS title, the tooltip
 * and the menu. The shell turns it into Electron calls; tests check it without Electron.
 */
import type { IconInput, IconKind } from '../icon/draw.ts';
import { levelFor } from '../levels.ts';
import type { Settings } from '../settings/types.ts';
import type { AccountState, AppState } from '../state/types.ts';

export type TrayAction =
  | { kind: 'open'; accountId?: string; view?: 'overview' | 'account' | 'settings' }
  | { kind: 'refresh' }
  | { kind: 'pause'; minutes: number | null }
  | { kind: 'resume' }
  | { kind: 'quit' };

export interface MenuItemModel {
  id: string;
  label: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  action?: TrayAction;
}

export interface TrayModel {
  icon: IconInput;
  /** macOS only: the number beside the icon, e.g. "73%". */
  title: string | null;
  tooltip: string;
  menu: MenuItemModel[];
}

/** The utilization the badge shows: the worst account, the total, or one pinned account. */
export function badgeFor(state: AppState, settings: Settings): { utilization: number | null; accountId: string | null } {
  const { aggregate } = state;
  if (settings.badgeMode === 'total') return { utilization: aggregate.totalUtilization, accountId: null };
  if (settings.badgeMode === 'pinned' && settings.pinnedAccountId) {
    const pinned = state.accounts.find((a) => a.id === settings.pinnedAccountId);
    if (pinned) return { utilization: pinned.snapshot?.utilization ?? null, accountId: pinned.id };
  }
  return { utilization: aggregate.worstUtilization, accountId: aggregate.worstAccountId };
}

export function badgeText(utilization: number | null): string {
  if (utilization === null) return '-';
  const pct = Math.floor(utilization * 100);
  return pct >= 100 ? '99+' : String(pct);
}

function pct(u: number): string {
  return `${Math.round(u * 100)}%`;
}

const STATUS_TEXT: Partial<Record<AccountState['status'], string>> = {
  pending: 'waiting for the first poll',
  offline: 'offline',
  paused: 'paused',
  disabled: 'disabled',
  'needs-credentials': 'needs credentials',
};

/** "12/20 (60%)", "12 calls, no cap", "22/20 (110%), in burst", or the error / status. */
export function accountSummary(a: AccountState): string {
  if (a.status === 'error') return a.message ?? 'error';
  const s = a.snapshot;
  if (!s) return STATUS_TEXT[a.status] ?? a.status;
  const numbers = s.limit === null ? `${s.current} calls, no cap` : `${s.current}/${s.limit} (${pct(s.utilization ?? 0)})`;
  const burst = s.extras.provider === 'retell' && s.extras.inBurst ? ', in burst' : '';
  const status = a.status === 'ok' ? '' : `, ${a.status === 'stale' ? 'stale' : (STATUS_TEXT[a.status] ?? a.status)}`;
  return numbers + burst + status;
}

function iconKind(state: AppState, settings: Settings, badge: ReturnType<typeof badgeFor>): IconKind {
  if (state.pause) return 'paused';
  if (state.offline) return 'offline';
  const account = badge.accountId ? state.accounts.find((a) => a.id === badge.accountId) : undefined;
  if (account?.status === 'error') return 'error';
  if (badge.utilization === null) return state.accounts.some((a) => a.status === 'error') ? 'error' : 'none';
  if (account?.status === 'stale') return 'stale';
  const level = account ? account.level : levelFor(badge.utilization, settings.alerts);
  return level === 'none' ? 'ok' : level;
}

function macTitle(kind: IconKind, utilization: number | null): string {
  if (kind === 'paused') return 'paused';
  if (utilization === null) return kind === 'error' ? '!' : '';
  return pct(utilization);
}

function menu(state: AppState): MenuItemModel[] {
  const rows: MenuItemModel[] = state.accounts.map((a) => ({ id: `account:${a.id}`, label: `${a.label}: ${accountSummary(a)}`, action: { kind: 'open', accountId: a.id, view: 'account' } }));
  if (rows.length === 0) rows.push({ id: 'no-accounts', label: 'No accounts yet', enabled: false });
  const pauseRows: MenuItemModel[] = state.pause
    ? [{ id: 'resume', label: state.pause.until === null ? 'Resume (paused)' : `Resume (paused until ${new Date(state.pause.until).toTimeString().slice(0, 5)})`, action: { kind: 'resume' } }]
    : [
        { id: 'pause-15', label: 'Pause 15 min', action: { kind: 'pause', minutes: 15 } },
        { id: 'pause-60', label: 'Pause 1 h', action: { kind: 'pause', minutes: 60 } },
        { id: 'pause-forever', label: 'Pause until resumed', action: { kind: 'pause', minutes: null } },
      ];
  return [
    ...rows,
    { id: 'sep-1', label: '', type: 'separator' },
    { id: 'refresh', label: 'Refresh now', action: { kind: 'refresh' }, enabled: !state.pause },
    ...pauseRows,
    { id: 'sep-2', label: '', type: 'separator' },
    { id: 'open', label: 'Open Headroom', action: { kind: 'open', view: 'overview' } },
    { id: 'settings', label: 'Settings…', action: { kind: 'open', view: 'settings' } },
    { id: 'sep-3', label: '', type: 'separator' },
    { id: 'quit', label: 'Quit Headroom', action: { kind: 'quit' } },
  ];
}

export function trayModel(state: AppState, settings: Settings, platform: NodeJS.Platform): TrayModel {
  const badge = badgeFor(state, settings);
  const kind = iconKind(state, settings, badge);
  const lines = state.accounts.map((a) => `${a.label}: ${accountSummary(a)}`);
  const head = state.pause ? 'Headroom (paused)' : state.offline ? 'Headroom (offline)' : 'Headroom';
  return {
    icon: { kind, text: kind === 'error' ? '!' : badgeText(badge.utilization), fraction: badge.utilization === null ? null : Math.min(1, badge.utilization) },
    title: platform === 'darwin' ? macTitle(kind, badge.utilization) : null,
    tooltip: [head, ...(lines.length ? lines : ['No accounts yet'])].join('\n'),
    menu: menu(state),
  };
}
