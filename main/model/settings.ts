/**
 * Settings as stored and edited: defaults, alert thresholds, quiet hours, badge and theme. The
 * schemas here are the one definition: the types are inferred from them, and the window's calls,
 * the config file's JSON schema, config repair and the forms all check against them.
 */
import * as v from 'valibot';
import { LIMITS } from './limits.ts';
import { exactObject, flag, idText, numberIn, oneOf, timeOfDay, wholeNumber } from './rules.ts';

export const BADGE_MODES = ['worst', 'total', 'pinned'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;

const pct = numberIn(1, LIMITS.maxPct);
export const pollIntervalSchema = wholeNumber(LIMITS.minPollIntervalSec, LIMITS.maxPollIntervalSec);

/** The utilization rules, which an account may also override one by one. */
const thresholdEntries = {
  warnPct: pct,
  criticalPct: pct,
  limitPct: pct,
  /** Consecutive polls at or above a level before it fires. */
  sustainPolls: wholeNumber(1, LIMITS.maxSustainPolls),
  /** Points below a level before it clears. */
  hysteresisPct: numberIn(0, LIMITS.maxHysteresisPct),
  /** Minutes between repeats while critical persists; 0 = never. */
  renotifyMin: wholeNumber(0, LIMITS.maxRenotifyMin),
};

type Thresholds = { warnPct?: number; criticalPct?: number; limitPct?: number };

/** warn < critical <= limit wherever both ends are given; the problem is put at the lower field. */
function ordered<T extends Thresholds>(schema: v.GenericSchema<unknown, T>) {
  return v.pipe(
    schema,
    v.rawCheck<T>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const { warnPct, criticalPct, limitPct } = dataset.value;
      const issue = (key: string, message: string) =>
        addIssue({ message, path: [{ type: 'object', origin: 'value', input: dataset.value as Record<string, unknown>, key, value: dataset.value[key as keyof Thresholds] }] });
      if (warnPct !== undefined && criticalPct !== undefined && warnPct >= criticalPct) issue('warnPct', 'must be below criticalPct');
      if (criticalPct !== undefined && limitPct !== undefined && criticalPct > limitPct) issue('criticalPct', 'must not exceed limitPct');
    }),
  );
}

export const quietHoursSchema = exactObject({
  enabled: flag,
  /** "HH:MM" local time */
  start: timeOfDay,
  end: timeOfDay,
  /** Critical and at-limit alerts still come through during quiet hours. */
  allowCritical: flag,
});

const alertEntries = {
  ...thresholdEntries,
  notifyRecovery: flag,
  burstAlert: flag,
  /** Alert once when an account's forecast says its daily peak reaches the limit in fewer days; null = off. */
  forecastDays: v.nullable(wholeNumber(1, LIMITS.maxForecastDays)),
  quietHours: quietHoursSchema,
};

export const alertSettingsSchema = ordered(exactObject(alertEntries));

/** Per-account overrides of the utilization rules. */
export const alertOverridesSchema = ordered(exactObject(v.partial(v.object(thresholdEntries)).entries));

/** The app's own metrics endpoint (team mode from the tray): loopback only, off by default. */
export const metricsSettingsSchema = exactObject({
  enabled: flag,
  port: wholeNumber(LIMITS.minMetricsPort, LIMITS.maxPort),
});

export const settingsSchema = exactObject({
  /** Default poll interval in seconds. */
  pollIntervalSec: pollIntervalSchema,
  /** Requests in flight at once across all accounts. */
  parallelism: wholeNumber(1, LIMITS.maxParallelism),
  alerts: alertSettingsSchema,
  badgeMode: oneOf(BADGE_MODES),
  pinnedAccountId: v.nullable(idText(LIMITS.idLength)),
  launchAtLogin: flag,
  theme: oneOf(THEMES),
  metrics: metricsSettingsSchema,
});

/** A change to the settings: any field, alerts and quiet hours field by field too. */
export const settingsPatchSchema = exactObject({
  ...v.partial(v.object(settingsSchema.entries)).entries,
  alerts: v.optional(
    ordered(
      exactObject({
        ...v.partial(v.object(alertEntries)).entries,
        quietHours: v.optional(exactObject(v.partial(v.object(quietHoursSchema.entries)).entries)),
      }),
    ),
  ),
});

export type QuietHours = v.InferOutput<typeof quietHoursSchema>;
export type AlertSettings = v.InferOutput<typeof alertSettingsSchema>;
export type AlertOverrides = v.InferOutput<typeof alertOverridesSchema>;
export type BadgeMode = (typeof BADGE_MODES)[number];
export type Theme = (typeof THEMES)[number];
export type Settings = v.InferOutput<typeof settingsSchema>;
export type MetricsSettings = v.InferOutput<typeof metricsSettingsSchema>;
export type SettingsPatch = v.InferOutput<typeof settingsPatchSchema>;

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
  metrics: { enabled: false, port: 9479 },
};

/** The global alert rules with an account's own overrides on top: the one place they are merged. */
export function effectiveRules<T extends Partial<AlertSettings>>(account: { alerts?: AlertOverrides }, settings: T): T {
  const rules = { ...settings };
  for (const [key, value] of Object.entries(account.alerts ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) (rules as Record<string, unknown>)[key] = value;
  }
  return rules;
}
