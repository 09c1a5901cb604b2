/**
 * Versioned migrations of config.json. Each step takes the file of version N-1 to version N; the
 * file records its version under `configVersion`. A file without one is version 0 (the prototype's
 * flat layout: `pollInterval` at the top level, accounts under `accountList`).
 */
export const CONFIG_VERSION = 1;

type Raw = Record<string, unknown>;

export const MIGRATIONS: Record<number, (raw: Raw) => Raw> = {
  1: (raw) => {
    const { pollInterval, accountList, ...rest } = raw;
    const settings = typeof rest.settings === 'object' && rest.settings !== null ? { ...(rest.settings as Raw) } : {};
    if (pollInterval !== undefined && settings.pollIntervalSec === undefined) settings.pollIntervalSec = pollInterval;
    return { ...rest, settings, accounts: rest.accounts ?? accountList ?? [] };
  },
};

/** Runs every step above the file's version; returns the migrated file and the steps run. */
export function migrate(raw: Raw): { raw: Raw; from: number } {
  const from = typeof raw.configVersion === 'number' && Number.isInteger(raw.configVersion) ? raw.configVersion : 0;
  let out = raw;
  for (let v = from + 1; v <= CONFIG_VERSION; v++) out = { ...MIGRATIONS[v](out), configVersion: v };
  return { raw: out, from };
}
