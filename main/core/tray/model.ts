/**
 * What the tray shows, as pure data from the state: the icon input, the macOS title, the tooltip
 * and the menu. The shell turns it into Electron calls; tests check it without Electron.
 */
import type { IconInput, IconKind } from '../icon/draw.ts';
import type { Settings } from '../../model/settings.ts';
import type { AccountState, AppState, PauseState } from '../../model/state.ts';
import { byAttention, clockText, glanceLine, levelOf, toneOf } from '../../model/glance.ts';
import { PROVIDER_IDS, PROVIDER_NAMES } from '../../model/provider.ts';
import { percentText, wholePercent } from '../../model/usage.ts';

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
  submenu?: MenuItemModel[];
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

/** What the icon says: '0'..'99', '99+' at or above 100 %, '-' for no data (one percent rule: rounded down). */
export function badgeText(utilization: number | null): string {
  if (utilization === null) return '-';
  const p = wholePercent(utilization);
  return p >= 100 ? '99+' : String(Math.max(0, p));
}

/** Up to this many accounts the menu lists them all; beyond, the worst few and a submenu per provider. */
export const MENU_ALL_UP_TO = 8;
/** The accounts shown at the top of a long menu. */
export const MENU_WORST = 5;
/** Tooltip lines for accounts before "+N more" (Windows cuts shorter still). */
export const TOOLTIP_ACCOUNTS = 10;

/**
 * One account in a few words, both facts: "19/20 (95%) · critical · live", "failing: unreachable ·
 * last 12/20 (60%) · normal", "needs credentials". Pause and offline apply to every account and are
 * said once above, so they are not repeated per account.
 */
export function accountSummary(a: AccountState, now: number = Date.now()): string {
  return glanceLine(a, now, { sharedStatus: true });
}

function accountLine(a: AccountState, now: number): string {
  return `${a.label}: ${accountSummary(a, now)}`;
}

function iconKind(state: AppState, settings: Settings, badge: ReturnType<typeof badgeFor>): IconKind {
  if (state.pause) return 'paused';
  if (state.offline) return 'offline';
  const account = badge.accountId ? state.accounts.find((a) => a.id === badge.accountId) : undefined;
  if (account?.status === 'error' || account?.status === 'needs-credentials') return 'error';
  if (badge.utilization === null) return state.accounts.some((a) => a.status === 'error' || a.status === 'needs-credentials') ? 'error' : 'none';
  if (account ? account.status === 'stale' : contributors(state).every((a) => a.status === 'stale')) return 'stale';
  const level = account ? account.level : levelOf({ current: badge.utilization, limit: 1, utilization: badge.utilization, extras: { provider: 'puretalk' } }, settings.alerts);
  const tone = toneOf(level);
  return tone === 'none' ? 'ok' : tone;
}

/** Accounts that count towards the total: capped, with numbers, not disabled. */
function contributors(state: AppState): AccountState[] {
  return state.accounts.filter((a) => a.status !== 'disabled' && a.snapshot && a.snapshot.limit !== null);
}

function pauseText(pause: PauseState, now: number): string {
  return pause.until === null ? 'Paused until resumed' : `Paused until ${clockText(pause.until, now)}`;
}

function macTitle(kind: IconKind, utilization: number | null): string {
  if (kind === 'paused') return 'paused';
  if (kind === 'error' && utilization === null) return '!';
  return percentText(utilization);
}

function shorten(label: string): { label: string; toolTip?: string } {
  if (label.length <= MENU_LABEL_MAX) return { label };
  return { label: `${label.slice(0, MENU_LABEL_MAX - 1).trimEnd()}…`, toolTip: label };
}

function accountRow(a: AccountState, now: number): MenuItemModel {
  const { label, toolTip } = shorten(accountLine(a, now));
  const full = a.status === 'error' && a.message ? a.message : toolTip;
  return { id: `account:${a.id}`, label, action: { kind: 'open', accountId: a.id, view: 'account' }, ...(full ? { toolTip: full } : {}) };
}

/** Every account by provider, each provider's worst first: the submenus of a long menu. */
function providerSubmenus(accounts: AccountState[], now: number): MenuItemModel[] {
  return PROVIDER_IDS.flatMap((provider) => {
    const mine = accounts.filter((a) => a.provider === provider);
    if (mine.length === 0) return [];
    return [{ id: `provider:${provider}`, label: `${PROVIDER_NAMES[provider]} (${mine.length})`, submenu: mine.map((a) => accountRow(a, now)) }];
  });
}

/** All accounts, worst first, when they are few; else the worst few and every account under its provider. */
function accountRows(state: AppState, now: number): MenuItemModel[] {
  if (state.accounts.length === 0) return [{ id: 'no-accounts', label: 'No accounts yet', enabled: false }];
  const sorted = [...state.accounts].sort(byAttention);
  if (sorted.length <= MENU_ALL_UP_TO) return sorted.map((a) => accountRow(a, now));
  return [
    { id: 'worst-heading', label: `Needing attention first (${MENU_WORST} of ${sorted.length})`, enabled: false },
    ...sorted.slice(0, MENU_WORST).map((a) => accountRow(a, now)),
    { id: 'all-heading', label: 'All accounts', enabled: false },
    ...providerSubmenus(sorted, now),
  ];
}

function pauseRows(pause: PauseState | null, now: number): MenuItemModel[] {
  if (pause) return [{ id: 'resume', label: `Resume (paused until ${pause.until === null ? 'resumed' : clockText(pause.until, now)})`, action: { kind: 'resume' } }];
  return [
    { id: 'pause-15', label: 'Pause 15 min', action: { kind: 'pause', minutes: 15 } },
    { id: 'pause-60', label: 'Pause 1 h', action: { kind: 'pause', minutes: 60 } },
    { id: 'pause-forever', label: 'Pause until resumed', action: { kind: 'pause', minutes: null } },
  ];
}

export function trayMenu(state: AppState, now: number = Date.now()): MenuItemModel[] {
  return [
    ...(state.offline ? [{ id: 'offline', label: 'Offline: showing the last numbers', enabled: false }] : []),
    ...accountRows(state, now),
    { id: 'sep-accounts', label: '', type: 'separator' },
    { id: 'refresh', label: 'Refresh now', action: { kind: 'refresh' } },
    ...pauseRows(state.pause, now),
    { id: 'sep-actions', label: '', type: 'separator' },
    { id: 'open', label: 'Open Headroom', action: { kind: 'open', view: 'overview' } },
    { id: 'settings', label: 'Settings…', action: { kind: 'open', view: 'settings' } },
    { id: 'sep-quit', label: '', type: 'separator' },
    { id: 'quit', label: 'Quit', action: { kind: 'quit' } },
  ];
}

/** The head lines, then as many account lines as fit in max characters (and in maxAccounts), then "+N more". */
function fitLines(head: string[], accounts: string[], maxAccounts: number, max: number): string {
  for (let n = Math.min(accounts.length, maxAccounts); n >= 1; n--) {
    const text = [...head, ...accounts.slice(0, n), ...(n < accounts.length ? [`+${accounts.length - n} more`] : [])].join('\n');
    if (text.length <= max) return text;
  }
  const first = [...head, ...accounts][0] ?? '';
  return `${first.slice(0, max - 1)}…`;
}

/**
 * A line for pause or offline, then the accounts most in need of attention, at most
 * TOOLTIP_ACCOUNTS of them and "+N more"; on Windows cut further to whole lines that fit.
 */
export function trayTooltip(state: AppState, platform: NodeJS.Platform, now: number = Date.now()): string {
  const head = [...(state.pause ? [pauseText(state.pause, now)] : []), ...(state.offline ? ['Offline'] : [])];
  const accounts = state.accounts.length ? [...state.accounts].sort(byAttention).map((a) => accountLine(a, now)) : ['Headroom: no accounts yet'];
  return fitLines(head, accounts, TOOLTIP_ACCOUNTS, platform === 'win32' ? WIN_TOOLTIP_MAX : Infinity);
}

export function trayModel(state: AppState, settings: Settings, platform: NodeJS.Platform, now: number = Date.now()): TrayModel {
  const badge = badgeFor(state, settings);
  const kind = iconKind(state, settings, badge);
  return {
    icon: {
      kind,
      text: kind === 'error' ? '!' : kind === 'paused' ? '' : badgeText(badge.utilization),
      fraction: badge.utilization === null || kind === 'error' || kind === 'paused' || kind === 'offline' ? null : Math.min(1, Math.max(0, badge.utilization)),
    },
    title: platform === 'darwin' ? macTitle(kind, badge.utilization) : null,
    tooltip: trayTooltip(state, platform, now),
    menu: trayMenu(state, now),
  };
}
