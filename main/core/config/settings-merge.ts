/**
 * Settings are stored and patched as nested objects: a patch (or a file written by an older
 * Headroom) may name only some alert fields or some quiet-hours fields; the rest come from the
 * current settings or the defaults.
 */
import { problemLine } from '../../model/check.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings, type SettingsPatch } from '../../model/settings.ts';

type Raw = Record<string, unknown>;

export function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The defined entries only: `{ theme: undefined }` leaves the theme alone. */
function defined(o: Raw | undefined): Raw {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
}

/** base with the patch laid over it, alerts and quiet hours merged field by field. Not validated. */
export function mergeSettings(base: Settings, patch: SettingsPatch | Raw): Settings {
  const { alerts, ...rest } = patch as Raw;
  const a = isObject(alerts) ? alerts : {};
  const quiet = isObject(a.quietHours) ? a.quietHours : {};
  return structuredClone({
    ...base,
    ...defined(rest),
    alerts: { ...base.alerts, ...defined(a), quietHours: { ...base.alerts.quietHours, ...defined(quiet) } },
  }) as Settings;
}

/** What is wrong with a complete settings object, or null. */
export function settingsProblem(settings: Settings): string | null {
  return problemLine(settingsSchema, settings, 'settings');
}

/** Stored settings with every missing field filled from the defaults. */
export function withDefaults(stored: unknown): Settings {
  return mergeSettings(DEFAULT_SETTINGS, isObject(stored) ? stored : {});
}
