/** Settings as stored and edited: defaults, alert thresholds, quiet hours, badge and theme. */
export interface QuietHours {
  enabled: boolean;
  /** "HH:MM" local time */
  start: string;
  end: string;
  /** Critical and at-limit alerts still come through during quiet hours. */
  allowCritical: boolean;
}

export interface AlertSettings {
  warnPct: number;
  criticalPct: number;
  limitPct: number;
  /** Consecutive polls at or above a level before it fires. */
  sustainPolls: number;
  /** Points below a level before it clears. */
  hysteresisPct: number;
  /** Minutes between repeats while critical persists; 0 = never. */
  renotifyMin: number;
  notifyRecovery: boolean;
  burstAlert: boolean;
  /** Alert once when an account's forecast says its daily peak reaches the limit in fewer days; null = off. */
  forecastDays: number | null;
  quietHours: QuietHours;
}

/** Per-account overrides of the utilization rules. */
export type AlertOverrides = Partial<
  Pick<AlertSettings, 'warnPct' | 'criticalPct' | 'limitPct' | 'sustainPolls' | 'hysteresisPct' | 'renotifyMin'>
>;

export type BadgeMode = 'worst' | 'total' | 'pinned';
export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  /** Default poll interval in seconds (minimum 10). */
  pollIntervalSec: number;
  /** Requests in flight at once across all accounts. */
  parallelism: number;
  alerts: AlertSettings;
  badgeMode: BadgeMode;
  pinnedAccountId: string | null;
  launchAtLogin: boolean;
  theme: Theme;
}

export const MIN_POLL_INTERVAL_SEC = 10;

export const DEFAULT_SETTINGS: Settings = {
  pollIntervalSec: 30,
  parallelism: 8,
  alerts: {
    warnPct: 80,
    criticalPct: 95,
    limitPct: 100,
    sustainPolls: 2,
    hysteresisPct: 5,
    renotifyMin: 15,
    notifyRecovery: false,
    burstAlert: true,
    forecastDays: null,
    quietHours: { enabled: false, start: '22:00', end: '07:00', allowCritical: true },
  },
  badgeMode: 'worst',
  pinnedAccountId: null,
  launchAtLogin: false,
  theme: 'system',
};
