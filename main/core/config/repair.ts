/**
 * Reads config.json before conf opens it (conf throws on invalid JSON or schema), migrates it,
 * keeps every readable account and setting, and when anything had to change backs the original up
 * beside itself and says so. Never a crash at start, never a silent drop of a readable account.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Notice } from '../../api/contract.ts';
import { settingsPatchProblem, storedAccountProblem } from '../../api/validate.ts';
import type { Account } from '../accounts/types.ts';
import { DEFAULT_SETTINGS, type Settings } from '../settings/types.ts';
import { CONFIG_VERSION, migrate } from './migrations.ts';
import { salvageAccounts } from './salvage.ts';

export interface ConfigFile {
  configVersion: number;
  settings: Settings;
  accounts: Account[];
}

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every setting that is valid on its own is kept; the rest fall back to defaults. */
function repairSettings(raw: unknown, problems: string[]): Settings {
  const settings: Settings = structuredClone(DEFAULT_SETTINGS);
  if (raw === undefined) return settings;
  if (!isObject(raw)) {
    problems.push('settings were not readable and were reset to defaults');
    return settings;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in DEFAULT_SETTINGS)) continue; // an old or unknown setting: dropped, harmlessly
    const problem = settingsPatchProblem({ [key]: value });
    if (problem) problems.push(`${problem}: reset to the default`);
    else (settings as unknown as Raw)[key] = value;
  }
  return settings;
}

function repairAccounts(raw: unknown, problems: string[]): Account[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push('the account list was not readable');
    return [];
  }
  const accounts: Account[] = [];
  const labels = new Set<string>();
  const ids = new Set<string>();
  raw.forEach((item, i) => {
    const name = isObject(item) && typeof item.label === 'string' ? `'${item.label.slice(0, 64)}'` : `#${i + 1}`;
    const problem = storedAccountProblem(item);
    if (problem) return problems.push(`account ${name} could not be read (${problem}) and was left out`);
    const account = item as unknown as Account;
    if (ids.has(account.id) || labels.has(account.label.toLowerCase())) return problems.push(`account ${name} was a duplicate and was left out`);
    ids.add(account.id);
    labels.add(account.label.toLowerCase());
    accounts.push(account);
  });
  return accounts;
}

function backup(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = join(dirname(path), `${basename(path, '.json')}.corrupt-${stamp}.json`);
  copyFileSync(path, target);
  return target;
}

function writeAtomic(path: string, data: ConfigFile): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, '\t'), { mode: 0o600 });
  renameSync(tmp, path);
}

/** Makes config.json readable for conf; returns notices for the user about anything repaired. */
export function repairConfigFile(path: string, now: number = Date.now()): Notice[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const problems: string[] = [];
  if (!isObject(parsed)) problems.push(parsed === undefined ? 'the file is not valid JSON' : 'the file does not hold an object');
  // Not JSON any more: still keep every complete account object that can be read out of it.
  const { raw, from } = migrate(isObject(parsed) ? parsed : parsed === undefined ? { configVersion: CONFIG_VERSION, accounts: salvageAccounts(text) } : {});
  if (from > CONFIG_VERSION) problems.push(`the file is from a newer Headroom (config version ${from})`);
  const repaired: ConfigFile = { configVersion: CONFIG_VERSION, settings: repairSettings(raw.settings, problems), accounts: repairAccounts(raw.accounts, problems) };
  if (problems.length === 0) {
    if (from !== CONFIG_VERSION) writeAtomic(path, repaired);
    return [];
  }
  const saved = backup(path, now);
  writeAtomic(path, repaired);
  const kept = repaired.accounts.length;
  return [
    {
      id: 'config-repaired',
      level: 'warn',
      message: `Your settings file had problems (${problems.join('; ')}). The original was backed up to ${saved}; Headroom kept ${kept} account${kept === 1 ? '' : 's'} and uses defaults for the rest.`,
    },
  ];
}
