/**
 * What the tray shows, as pure data from the state: the icon input, the macOS title, the tooltip
 * and the menu. The shell turns it into Electron calls; tests check it without Electron.
 */
import type { ErrorKind } from '../../model/errors.ts';
import type { IconInput, IconKind } from '../icon/draw.ts';
import { levelFor } from '../../model/levels.ts';
import type { Settings } from '../../model/settings.ts';
import type { AccountState, AppState, PauseState } from '../../model/state.ts';
import { usageText, wholePercent } from '../../model/usage.ts';

/** What a menu item does when clicked. */
export type MenuCommand =
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
  action?: MenuCommand;
  /** The full text where the label was shortened (macOS shows it on hover). */
  toolTip?: string;
}

export interface TrayModel {
  icon: IconInput;
  /** macOS only: the number beside the icon, e.g. "73%". */
  title: string | null;
  tooltip: string;
  menu: MenuItemModel[];
}

/** Menu labels longer than this are cut with an ellipsis; the full text goes in the item's toolTip. */
export const MENU_LABEL_MAX = 64;
/** Windows cuts tray tooltips at 127 characters; whole lines are kept and the rest counted. */
export const WIN_TOOLTIP_MAX = 127;

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

/** Whole percent, rounded down so 99.6 % still reads 99 and only a full cap reads 100. */
function percent(utilization: number): number {
  return wholePercent(utilization, true);
}

/** What the icon says: '0'..'99', '99+' at or above 100 %, '-' for no data. */
export function badgeText(utilization: number | null): string {
  if (utilization === null) return '-';
  const p = percent(utilization);
  return p >= 100 ? '99+' : String(Math.max(0, p));
}

const ERROR_TEXT: Record<ErrorKind, string> = {
  auth: 'credentials rejected',
  'rate-limited': 'rate limited',
  server: 'provider error',
  network: 'unreachable',
  'bad-response': 'unexpected response',
};

const NO_DATA_TEXT: Partial<Record<AccountState['status'], string>> = {
  pending: 'waiting for the first poll',
  offline: 'offline',
  paused: 'paused',
  disabled: 'disabled',
  'needs-credentials': 'needs credentials',
};

function numbers(a: AccountState): string | null {
  const s = a.snapshot;
  if (!s) return null;
  const burst = s.extras.provider === 'retell' && s.extras.inBurst ? ', in burst' : '';
  return `${usageText(s, { floor: true })}${burst}`;
}

/**
 * One account in a few words: "12/20 (60%)", "40 calls, no cap", "22/20 (110%), in burst",
 * "12/20 (60%), stale", or its error. Pause and offline apply to every account and are said once
 * elsewhere, so they are not repeated per account.
 */
export function accountSummary(a: AccountState): string {
  if (a.status === 'error') return a.errorKind ? ERROR_TEXT[a.errorKind] : (a.message ?? 'error');
  if (a.status === 'needs-credentials' || a.status === 'disabled') return NO_DATA_TEXT[a.status]!;
  const n = numbers(a);
  if (n === null) return NO_DATA_TEXT[a.status] ?? a.status;
  return a.status === 'stale' ? `${n}, stale` : n;
}

function accountLine(a: AccountState): string {
  return `${a.label}: ${accountSummary(a)}`;
}

function iconKind(state: AppState, settings: Settings, badge: ReturnType<typeof badgeFor>): IconKind {
  if (state.pause) return 'paused';
  if (state.offline) return 'offline';
  const account = badge.accountId ? state.accounts.find((a) => a.id === badge.accountId) : undefined;
  if (account?.status === 'error' || account?.status === 'needs-credentials') return 'error';
  if (badge.utilization === null) return state.accounts.some((a) => a.status === 'error' || a.status === 'needs-credentials') ? 'error' : 'none';
  if (account ? account.status === 'stale' : contributors(state).every((a) => a.status === 'stale')) return 'stale';
  const level = account ? account.level : levelFor(badge.utilization, settings.alerts);
  return level === 'none' ? levelFor(badge.utilization, settings.alerts) : level;
}

/** Accounts that count towards the total: capped, with numbers, not disabled. */
function contributors(state: AppState): AccountState[] {
  return state.accounts.filter((a) => a.status !== 'disabled' && a.snapshot && a.snapshot.limit !== null);
}

function clock(epochMs: number): string {
  return new Date(epochMs).toTimeString().slice(0, 5);
}

function pauseText(pause: PauseState): string {
  return pause.until === null ? 'Paused until resumed' : `Paused until ${clock(pause.until)}`;
}

function macTitle(kind: IconKind, utilization: number | null): string {
  if (kind === 'paused') return 'paused';
  if (kind === 'error' && utilization === null) return '!';
  return utilization === null ? '' : `${percent(utilization)}%`;
}

function shorten(label: string): { label: string; toolTip?: string } {
  if (label.length <= MENU_LABEL_MAX) return { label };
  return { label: `${label.slice(0, MENU_LABEL_MAX - 1).trimEnd()}…`, toolTip: label };
}

function accountRows(state: AppState): MenuItemModel[] {
  if (state.accounts.length === 0) return [{ id: 'no-accounts', label: 'No accounts yet', enabled: false }];
  return state.accounts.map((a) => {
    const { label, toolTip } = shorten(accountLine(a));
    const full = a.status === 'error' && a.message ? a.message : toolTip;
    return { id: `account:${a.id}`, label, action: { kind: 'open', accountId: a.id, view: 'account' }, ...(full ? { toolTip: full } : {}) };
  });
}

function pauseRows(pause: PauseState | null): MenuItemModel[] {
  if (pause) return [{ id: 'resume', label: `Resume (${pauseText(pause).toLowerCase()})`, action: { kind: 'resume' } }];
  return [
    { id: 'pause-15', label: 'Pause 15 min', action: { kind: 'pause', minutes: 15 } },
    { id: 'pause-60', label: 'Pause 1 h', action: { kind: 'pause', minutes: 60 } },
    { id: 'pause-forever', label: 'Pause until resumed', action: { kind: 'pause', minutes: null } },
  ];
}

export function trayMenu(state: AppState): MenuItemModel[] {
  return [
    ...(state.offline ? [{ id: 'offline', label: 'Offline: showing the last numbers', enabled: false }] : []),
    ...accountRows(state),
    { id: 'sep-accounts', label: '', type: 'separator' },
    { id: 'refresh', label: 'Refresh now', action: { kind: 'refresh' } },
    ...pauseRows(state.pause),
    { id: 'sep-actions', label: '', type: 'separator' },
    { id: 'open', label: 'Open Headroom', action: { kind: 'open', view: 'overview' } },
    { id: 'settings', label: 'Settings…', action: { kind: 'open', view: 'settings' } },
    { id: 'sep-quit', label: '', type: 'separator' },
    { id: 'quit', label: 'Quit', action: { kind: 'quit' } },
  ];
}

/** Whole lines that fit in max characters, then "+N more". */
function fitLines(lines: string[], max: number): string {
  for (let n = lines.length; n > 0; n--) {
    const text = [...lines.slice(0, n), ...(n < lines.length ? [`+${lines.length - n} more`] : [])].join('\n');
    if (text.length <= max) return text;
  }
  return `${lines[0].slice(0, max - 1)}…`;
}

/** One line per account, after a line for pause or offline; on Windows cut to whole lines that fit. */
export function trayTooltip(state: AppState, platform: NodeJS.Platform): string {
  const head = [...(state.pause ? [pauseText(state.pause)] : []), ...(state.offline ? ['Offline'] : [])];
  const lines = [...head, ...(state.accounts.length ? state.accounts.map(accountLine) : ['Headroom: no accounts yet'])];
  return platform === 'win32' ? fitLines(lines, WIN_TOOLTIP_MAX) : lines.join('\n');
}

export function trayModel(state: AppState, settings: Settings, platform: NodeJS.Platform): TrayModel {
  const badge = badgeFor(state, settings);
  const kind = iconKind(state, settings, badge);
  return {
    icon: {
      kind,
      text: kind === 'error' ? '!' : kind === 'paused' ? '' : badgeText(badge.utilization),
      fraction: badge.utilization === null || kind === 'error' || kind === 'paused' || kind === 'offline' ? null : Math.min(1, Math.max(0, badge.utilization)),
    },
    title: platform === 'darwin' ? macTitle(kind, badge.utilization) : null,
    tooltip: trayTooltip(state, platform),
    menu: trayMenu(state),
  };
}
